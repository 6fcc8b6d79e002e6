package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"wfm/auth"
	"wfm/civil"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestMigrationPlacesTheRostersPublishedBefore writes schedule versions
// the old way (no placed rows: the table does not exist yet), then
// migrates: the published version's shifts are read from the rows with
// the times placed in the site's zone across New York's spring-forward
// night, the superseded version's rows are kept out of published reads
// but serve the version's own listing, and a draft has none.
func TestMigrationPlacesTheRostersPublishedBefore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		db := st.DB()
		// Back to the schema before the rows.
		for _, q := range []string{"DROP TABLE published_activities",
			"DELETE FROM bun_migrations WHERE name IN ('20261214000100', '20261214000110', '20261224000100')"} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if pending, err := st.PendingMigrations(ctx); err != nil || len(pending) != 3 {
			t.Fatalf("pending %v, %v; want the table, its filling and the activities' titles", pending, err)
		}

		st.SetClock(func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) })
		site := store.Site{Name: "New York", Timezone: "America/New_York"}
		must(t, st.CreateSite(ctx, store.System, &site))
		team := store.Team{Name: "Nights", SiteID: site.ID}
		must(t, st.CreateTeam(ctx, store.System, &team))
		ag := store.Agent{Code: "N1", Name: "Nina", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &ag))

		unpaid := false
		p := schedule.Problem{StartDate: civil.MustParse("2026-03-07"), Days: 2, IntervalMinutes: 15, Timezone: site.Timezone,
			Shifts: []schedule.Shift{{ID: "N", Start: "22:00", DurationMinutes: 480, Breaks: []schedule.Break{
				{DurationMinutes: 15, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 180},
				{DurationMinutes: 30, EarliestOffsetMinutes: 180, LatestOffsetMinutes: 300, Paid: &unpaid}}}},
			Agents: []schedule.Agent{{ID: "N1"}, {ID: "GONE"}}}
		night := func(day int, start string) schedule.Assignment {
			return schedule.Assignment{Agent: "N1", Day: day, Shift: "N", Start: start, Skill: "sales",
				Breaks: []schedule.BreakPlacement{{Start: "00:00", DurationMinutes: 15}, {Start: "03:00", DurationMinutes: 30}}}
		}
		published := time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC)
		// The old way: the version rows alone, as the product wrote them
		// before the table existed.
		write := func(status string, based *int64, as ...schedule.Assignment) *store.ScheduleVersion {
			t.Helper()
			v := &store.ScheduleVersion{SiteID: site.ID, StartDate: p.StartDate, Days: p.Days, Status: status, Problem: p,
				Solution:   schedule.Solution{Assignments: append(as, schedule.Assignment{Agent: "GONE", Day: 0, Shift: "N"})},
				Violations: []schedule.Violation{}, Feasible: true, BasedOn: based}
			v.Version, v.CreatedAt, v.UpdatedAt = 1, published, published
			if status != store.ScheduleDraft {
				v.PublishedAt = &published
			}
			if _, err := db.NewInsert().Model(v).Returning("id").Exec(ctx); err != nil {
				t.Fatal(err)
			}
			return v
		}
		old := write(store.ScheduleSuperseded, nil, night(0, "21:00"))
		current := write(store.SchedulePublished, &old.ID, night(0, ""), night(1, ""))
		draft := write(store.ScheduleDraft, &current.ID, night(0, "23:00"))

		if _, err := st.Migrate(ctx); err != nil {
			t.Fatalf("migrate: %v", err)
		}

		shifts, err := st.PublishedShifts(ctx, store.Scope{AgentID: ag.ID}, store.ShiftFilter{AgentID: ag.ID, From: civil.MustParse("2026-03-07"), To: civil.MustParse("2026-03-08")})
		must(t, err)
		type brk struct {
			start, end string
			paid       bool
		}
		want := []struct {
			date, start, end, offset string
			breaks                   []brk
		}{
			// 22:00 EST to 07:00 EDT: eight hours, the 03:00 lunch after the change.
			{"2026-03-07", "2026-03-08T03:00:00Z", "2026-03-08T11:00:00Z", "-05:00",
				[]brk{{"2026-03-08T05:00:00Z", "2026-03-08T05:15:00Z", true}, {"2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z", false}}},
			{"2026-03-08", "2026-03-09T02:00:00Z", "2026-03-09T10:00:00Z", "-04:00",
				[]brk{{"2026-03-09T04:00:00Z", "2026-03-09T04:15:00Z", true}, {"2026-03-09T07:00:00Z", "2026-03-09T07:30:00Z", false}}},
		}
		if len(shifts) != len(want) {
			t.Fatalf("shifts %+v, want %d", shifts, len(want))
		}
		for i, w := range want {
			sh := shifts[i]
			if sh.ScheduleID != current.ID || sh.AgentCode != "N1" || sh.TeamID != team.ID || sh.SiteID != site.ID || sh.Date.String() != w.date ||
				sh.Shift != "N" || sh.Skill != "sales" || sh.Start.UTC().Format(time.RFC3339) != w.start || sh.End.UTC().Format(time.RFC3339) != w.end {
				t.Errorf("shift %d: %+v, want %s %s-%s of schedule %d", i, sh, w.date, w.start, w.end, current.ID)
			}
			// Shown as placed: in the site's zone, as the API wrote them before.
			if js, _ := json.Marshal(sh.Start); string(js[len(js)-7:len(js)-1]) != w.offset {
				t.Errorf("shift %d starts %s, want the offset %s", i, js, w.offset)
			}
			if len(sh.Breaks) != len(w.breaks) {
				t.Fatalf("shift %d breaks %+v, want %+v", i, sh.Breaks, w.breaks)
			}
			for j, b := range w.breaks {
				g := sh.Breaks[j]
				if g.Start.UTC().Format(time.RFC3339) != b.start || g.End.UTC().Format(time.RFC3339) != b.end || g.Paid != b.paid {
					t.Errorf("shift %d break %d: %+v, want %+v", i, j, g, b)
				}
			}
		}

		mine := store.Scope{TeamIDs: []int64{team.ID}}
		before, err := st.VersionShifts(ctx, mine, old.ID, store.ShiftFilter{})
		must(t, err)
		if len(before) != 1 || before[0].Start.UTC().Format(time.RFC3339) != "2026-03-08T02:00:00Z" {
			t.Errorf("the superseded version's shifts: %+v, want its one 21:00 shift", before)
		}
		preview, err := st.VersionShifts(ctx, mine, draft.ID, store.ShiftFilter{})
		must(t, err)
		if len(preview) != 1 || preview[0].Start.UTC().Format(time.RFC3339) != "2026-03-08T04:00:00Z" {
			t.Errorf("the draft's shifts: %+v, want its one 23:00 shift placed as publishing would", preview)
		}
		var n int
		if err := db.NewRaw("SELECT count(*) FROM published_activities WHERE schedule_version_id = ?", draft.ID).Scan(ctx, &n); err != nil || n != 0 {
			t.Errorf("a draft has %d rows (%v), want none", n, err)
		}
		// Two nights of a shift and two breaks; the superseded night too;
		// nothing for the agent the center does not know.
		if err := db.NewRaw("SELECT count(*) FROM published_activities").Scan(ctx, &n); err != nil || n != 9 {
			t.Errorf("%d rows (%v), want 9", n, err)
		}
	})
}

// TestAnAgentReadsHerMonthAsHerSupervisorsSeeIt: an agent reading her
// own shifts (her site taken from her scope, one statement) gets what her
// supervisor's team listing and a manager's listing show of her: after
// she moved to another site's team, only the new site's roster, with her
// team now. Nobody else's shifts come through her scope, and a
// supervisor asking for an agent of another team gets none.
func TestAnAgentReadsHerMonthAsHerSupervisorsSeeIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		st.SetClock(func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) })
		var teams []store.Team
		for _, name := range []string{"Lisbon", "Porto"} {
			site := store.Site{Name: name, Timezone: "Europe/Lisbon"}
			must(t, st.CreateSite(ctx, store.System, &site))
			team := store.Team{Name: name + " days", SiteID: site.ID}
			must(t, st.CreateTeam(ctx, store.System, &team))
			teams = append(teams, team)
		}
		var agents []store.Agent
		for _, code := range []string{"voice-vip.7", "Ana"} {
			a := store.Agent{Code: code, Name: code, TeamID: teams[0].ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
			must(t, st.CreateAgent(ctx, store.System, &a))
			agents = append(agents, a)
		}
		u := store.User{Username: "vip7", DisplayName: "VIP 7", Role: store.RoleAgent, Active: true}
		must(t, u.SetPassword("correct horse battery"))
		must(t, st.CreateUserLinked(ctx, store.System, &u, agents[0].ID))

		publish := func(team store.Team) {
			t.Helper()
			p := schedule.Problem{StartDate: civil.MustParse("2026-05-04"), Days: 7, IntervalMinutes: 15, Timezone: "Europe/Lisbon",
				Shifts: []schedule.Shift{{ID: "D", Start: "09:00", DurationMinutes: 480}},
				Agents: []schedule.Agent{{ID: "voice-vip.7"}, {ID: "Ana"}}}
			var sol schedule.Solution
			for d := 0; d < 5; d++ {
				sol.Assignments = append(sol.Assignments, schedule.Assignment{Agent: "voice-vip.7", Day: d, Shift: "D"}, schedule.Assignment{Agent: "Ana", Day: d, Shift: "D"})
			}
			published := time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC)
			v := store.ScheduleVersion{SiteID: team.SiteID, StartDate: p.StartDate, Days: 7, Status: store.SchedulePublished,
				Problem: p, Solution: sol, Feasible: true, PublishedAt: &published}
			must(t, st.InsertScheduleVersion(ctx, st.DB(), store.System, &v, nil))
		}
		publish(teams[0])
		// She moves to Porto, whose roster (published before) has her too.
		publish(teams[1])
		moved, err := st.GetAgent(ctx, agents[0].ID) // linking her user wrote her row
		must(t, err)
		moved.TeamID = teams[1].ID
		must(t, st.UpdateAgent(ctx, store.System, moved))

		self, err := auth.ScopeOf(ctx, st, &u)
		must(t, err)
		if self.AgentID != moved.ID || self.AgentSiteID != teams[1].SiteID {
			t.Fatalf("scope %+v, want agent %d at site %d", self, moved.ID, teams[1].SiteID)
		}
		month := store.ShiftFilter{From: civil.MustParse("2026-05-01"), To: civil.MustParse("2026-05-31")}
		summary := func(shifts []store.AgentShift) []string {
			var out []string
			for _, sh := range shifts {
				out = append(out, fmt.Sprintf("%s team %d site %d %s %s", sh.AgentCode, sh.TeamID, sh.SiteID, sh.Date, sh.Start.UTC().Format(time.RFC3339)))
			}
			return out
		}
		read := func(sc store.Scope, f store.ShiftFilter) []string {
			t.Helper()
			shifts, err := st.PublishedShifts(ctx, sc, f)
			must(t, err)
			return summary(shifts)
		}
		hers := read(self, month)
		if len(hers) != 5 || hers[0] != fmt.Sprintf("voice-vip.7 team %d site %d 2026-05-04 2026-05-04T08:00:00Z", teams[1].ID, teams[1].SiteID) {
			t.Fatalf("her month %q, want five days of Porto's roster with her team now", hers)
		}
		byID := month
		byID.AgentID = moved.ID
		for name, got := range map[string][]string{
			"her scope without the site":    read(store.Scope{AgentID: moved.ID}, month),
			"her scope asking for her":      read(self, byID),
			"her supervisor's team":         read(store.Scope{TeamIDs: []int64{teams[1].ID}}, store.ShiftFilter{TeamID: teams[1].ID, From: month.From, To: month.To}),
			"a manager asking for her":      read(store.Scope{All: true}, byID),
			"her supervisor asking for her": read(store.Scope{TeamIDs: []int64{teams[1].ID}}, byID),
		} {
			if fmt.Sprint(got) != fmt.Sprint(hers) {
				t.Errorf("%s: %q, want %q", name, got, hers)
			}
		}
		for name, got := range map[string][]string{
			"her scope asking for Ana":         read(self, store.ShiftFilter{AgentID: agents[1].ID, From: month.From, To: month.To}),
			"her scope at her old site":        read(self, store.ShiftFilter{SiteID: teams[0].SiteID, From: month.From, To: month.To}),
			"her old team's supervisor asking": read(store.Scope{TeamIDs: []int64{teams[0].ID}}, byID),
			"her scope, her old team":          read(self, store.ShiftFilter{TeamID: teams[0].ID, From: month.From, To: month.To}),
		} {
			if len(got) != 0 {
				t.Errorf("%s: %q, want nothing", name, got)
			}
		}
	})
}
