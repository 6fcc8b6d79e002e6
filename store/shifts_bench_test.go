package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"wfm/auth"
	"wfm/civil"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// BenchmarkPublishedShifts reads published shifts the way the shifts API,
// the agent's schedule page and the board do, on a center of
// WFM_SHIFTS_BENCH_AGENTS agents (default 5,000: sites of 100 agents in
// teams of 20) with WFM_SHIFTS_BENCH_WEEKS weekly rosters published at
// every site (default 52). The center is built once, before the timed
// reads (a few minutes at the defaults).
//
//	go test ./store -run '^$' -bench PublishedShifts -benchtime 200x -timeout 60m
//	WFM_TEST_DATABASE_URL=postgres://... go test ./store -run '^$' -bench PublishedShifts -benchtime 200x -timeout 60m
func BenchmarkPublishedShifts(b *testing.B) {
	agents, weeks := benchSize(b, "WFM_SHIFTS_BENCH_AGENTS", 5000), benchSize(b, "WFM_SHIFTS_BENCH_WEEKS", 52)
	ctx := context.Background()
	st := storetest.Open(b)
	c := buildShiftsCenter(b, st, agents, weeks)
	// The month read is the last four published weeks.
	from := civil.Of(c.firstDay.AddDate(0, 0, 7*(weeks-4)), time.UTC)
	to := civil.Of(c.firstDay.AddDate(0, 0, 7*weeks-1), time.UTC)
	lastWeek := civil.Of(c.firstDay.AddDate(0, 0, 7*(weeks-1)), time.UTC)

	// What every request of an agent reads before its own work (as GET
	// /api/v1/me does and nothing more): her token, her user, her scope.
	// The reads below compare with it.
	u := store.User{Username: "bench-agent", DisplayName: "Bench", Role: store.RoleAgent, Active: true}
	must(b, u.SetPassword("correct horse battery"))
	must(b, st.CreateUserLinked(ctx, store.System, &u, c.agentIDs[0]))
	_, secret, err := st.CreateToken(ctx, store.System, u.ID, "bench", 30)
	must(b, err)
	b.Run("principal", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			who, _, err := st.TokenUser(ctx, secret)
			must(b, err)
			if sc, err := auth.ScopeOf(ctx, st, who); err != nil || sc.AgentID != c.agentIDs[0] {
				b.Fatalf("scope %+v, %v", sc, err)
			}
		}
	})
	b.Run("agent-month", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			n := (i * 7919) % len(c.agentIDs)
			id := c.agentIDs[n]
			// Her scope as a request's principal has it (store.ScopeOf).
			self := store.Scope{AgentID: id, AgentSiteID: c.agentSites[n]}
			shifts, err := st.PublishedShifts(ctx, self, store.ShiftFilter{From: from, To: to})
			if err != nil || len(shifts) == 0 {
				b.Fatalf("agent %d: %d shifts, %v", id, len(shifts), err)
			}
		}
	})
	b.Run("team-week", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			team := c.teamIDs[(i*31)%len(c.teamIDs)]
			shifts, err := st.PublishedShifts(ctx, store.Scope{TeamIDs: []int64{team}}, store.ShiftFilter{TeamID: team, From: lastWeek, To: to})
			if err != nil || len(shifts) == 0 {
				b.Fatalf("team %d: %d shifts, %v", team, len(shifts), err)
			}
		}
	})
	b.Run("site-day", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			teams := c.siteTeams[i%len(c.siteTeams)]
			shifts, err := st.PublishedShifts(ctx, store.Scope{TeamIDs: teams}, store.ShiftFilter{From: to, To: to})
			if err != nil || len(shifts) == 0 {
				b.Fatalf("site of teams %v: %d shifts, %v", teams, len(shifts), err)
			}
		}
	})
}

func benchSize(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q", name, v)
	}
	return n
}

type shiftsCenter struct {
	firstDay   time.Time
	agentIDs   []int64
	agentSites []int64 // the site of each agent
	teamIDs    []int64
	siteTeams  [][]int64
}

// buildShiftsCenter makes sites of 100 agents (teams of 20), each with
// weeks of weekly rosters published one after the other: every agent works
// five days a week, an early or a late shift with a paid break and an
// unpaid lunch.
func buildShiftsCenter(b *testing.B, st *store.Store, agents, weeks int) shiftsCenter {
	b.Helper()
	ctx := context.Background()
	began := time.Now()
	first := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	st.SetClock(func() time.Time { return first.AddDate(0, 0, 7*weeks) })
	unpaid := false
	shifts := []schedule.Shift{
		{ID: "E", Start: "08:00", DurationMinutes: 540, Breaks: []schedule.Break{
			{DurationMinutes: 15, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 150},
			{DurationMinutes: 60, EarliestOffsetMinutes: 240, LatestOffsetMinutes: 300, Paid: &unpaid}}},
		{ID: "L", Start: "13:00", DurationMinutes: 540, Breaks: []schedule.Break{
			{DurationMinutes: 15, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 150},
			{DurationMinutes: 60, EarliestOffsetMinutes: 240, LatestOffsetMinutes: 300, Paid: &unpaid}}},
	}
	c := shiftsCenter{firstDay: first}
	const perSite, perTeam = 100, 20
	for s := 0; s*perSite < agents; s++ {
		site := store.Site{Name: fmt.Sprintf("Site %d", s), Timezone: "America/New_York"}
		must(b, st.CreateSite(ctx, store.System, &site))
		var codes []string
		var teams []int64
		for i := s * perSite; i < min(agents, (s+1)*perSite); i++ {
			if i%perTeam == 0 {
				team := store.Team{Name: fmt.Sprintf("Team %d", i/perTeam), SiteID: site.ID}
				must(b, st.CreateTeam(ctx, store.System, &team))
				teams = append(teams, team.ID)
			}
			a := store.Agent{Code: fmt.Sprintf("A%05d", i), Name: "Agent", TeamID: teams[len(teams)-1], HireDate: civil.MustParse("2024-01-01"), Active: true}
			must(b, st.CreateAgent(ctx, store.System, &a))
			codes = append(codes, a.Code)
			c.agentIDs, c.agentSites = append(c.agentIDs, a.ID), append(c.agentSites, site.ID)
		}
		c.teamIDs = append(c.teamIDs, teams...)
		c.siteTeams = append(c.siteTeams, teams)
		err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			for w := 0; w < weeks; w++ {
				start := first.AddDate(0, 0, 7*w).Format(time.DateOnly)
				p := schedule.Problem{StartDate: civil.MustParse(start), Days: 7, IntervalMinutes: 15, Timezone: site.Timezone, Shifts: shifts}
				var sol schedule.Solution
				for n, code := range codes {
					p.Agents = append(p.Agents, schedule.Agent{ID: code})
					for d := 0; d < 7; d++ {
						if (d+n)%7 >= 5 {
							continue // two days off, staggered
						}
						sh := shifts[(n+w)%2]
						lunch := "12:00"
						if sh.ID == "L" {
							lunch = "17:00"
						}
						sol.Assignments = append(sol.Assignments, schedule.Assignment{Agent: code, Day: d, Shift: sh.ID, Skill: "sales",
							Breaks: []schedule.BreakPlacement{{Start: schedule.FormatClock(mustClock(b, sh.Start) + 120), DurationMinutes: 15}, {Start: lunch, DurationMinutes: 60}}})
					}
				}
				published := first.AddDate(0, 0, 7*w-7)
				v := store.ScheduleVersion{SiteID: site.ID, StartDate: civil.MustParse(start), Days: 7, Status: store.SchedulePublished,
					Problem: p, Solution: sol, Feasible: true, PublishedAt: &published}
				if err := st.InsertScheduleVersion(ctx, tx, store.System, &v, nil); err != nil {
					return err
				}
			}
			return nil
		})
		must(b, err)
	}
	// Measured as a center that has run a while: with the planner's
	// statistics (PostgreSQL's autovacuum gathers them in time).
	must(b, st.Analyze(ctx))
	b.Logf("built %d agents at %d sites with %d weekly rosters each in %s", len(c.agentIDs), len(c.siteTeams), weeks, time.Since(began).Round(time.Second))
	return c
}

func mustClock(b *testing.B, s string) int {
	m, err := schedule.ParseClock(s)
	if err != nil {
		b.Fatal(err)
	}
	return m
}
