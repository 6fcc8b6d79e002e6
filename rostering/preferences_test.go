package rostering_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestPreferencesBecomeWeightedRequestsAndAreGranted: an agent's standing
// and dated preferences become the problem's requests, weighted to the
// per-agent budget; the solver grants the one that costs nothing, and the
// tally says so. Only the agent herself (or a manager) may write them.
func TestPreferencesBecomeWeightedRequestsAndAreGranted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, team, a1 := center(t, st)
		for _, tmpl := range []store.ShiftTemplate{
			{SiteID: site.ID, Code: "E", Name: "Early", Start: "08:00", DurationMinutes: 480},
			{SiteID: site.ID, Code: "L", Name: "Late", Start: "12:00", DurationMinutes: 480},
		} {
			must(t, st.CreateShiftTemplate(ctx, store.System, &tmpl))
		}
		other := store.Agent{Code: "A2", Name: "Wang Fang", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &other))
		self := store.Scope{AgentID: a1.ID}
		monday := 1
		standing := store.ShiftPreference{AgentID: a1.ID, Weekday: &monday, ShiftCode: "L", Work: true, Strength: 3}
		must(t, rostering.CreatePreference(ctx, st, store.Actor{UserID: 0}, self, &standing))
		dated := store.ShiftPreference{AgentID: a1.ID, Date: civil.MustParse("2026-12-09"), Work: false, Strength: 1}
		must(t, rostering.CreatePreference(ctx, st, store.System, self, &dated))

		// Scope: A1 cannot write A2's; a supervisor of the team reads but
		// does not write; A2 does not see A1's.
		theirs := store.ShiftPreference{AgentID: other.ID, Date: civil.MustParse("2026-12-08"), Work: false}
		if err := rostering.CreatePreference(ctx, st, store.System, self, &theirs); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("A1 writing A2's preference: %v, want forbidden", err)
		}
		sup := store.Scope{TeamIDs: []int64{team.ID}}
		if err := rostering.CreatePreference(ctx, st, store.System, sup, &theirs); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("supervisor writing A2's preference: %v, want forbidden", err)
		}
		if got, err := st.ListPreferences(ctx, sup, store.PreferenceFilter{}); err != nil || len(got) != 2 {
			t.Errorf("supervisor reads %d preferences (%v), want 2", len(got), err)
		}
		if got, err := st.ListPreferences(ctx, store.Scope{AgentID: other.ID}, store.PreferenceFilter{}); err != nil || len(got) != 0 {
			t.Errorf("A2 reads %d preferences (%v), want none", len(got), err)
		}
		if err := rostering.DeletePreference(ctx, st, store.System, store.Scope{AgentID: other.ID}, dated.ID, dated.Version); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("A2 deleting A1's: %v, want forbidden", err)
		}
		// Versioned: a stale update is a conflict.
		stale := standing
		standing.Strength = 2
		must(t, rostering.UpdatePreference(ctx, st, store.System, self, &standing))
		stale.Note = "late"
		if err := rostering.UpdatePreference(ctx, st, store.System, self, &stale); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("stale update: %v, want conflict", err)
		}
		bad := store.ShiftPreference{AgentID: a1.ID, Date: civil.MustParse("9999-12-31") /* outside the planning window */, Strength: 9}
		err := rostering.CreatePreference(ctx, st, store.System, self, &bad)
		if fe, ok := err.(*fault.Error); !ok || fe.Fields["date"] == "" || fe.Fields["strength"] == "" {
			t.Errorf("bad preference: %v, want date and strength named", err)
		}
		if log, err := st.ListAudit(ctx, store.AuditFilter{Entity: "shift_preference"}); err != nil || len(log) != 3 {
			t.Errorf("audit has %d preference entries (%v), want 3", len(log), err)
		}

		// 2026-12-07 is a Monday: two weeks hold two Mondays (L, strength
		// 2) and the dated day off on Wednesday 9th (strength 1): total
		// strength 5 shares the budget.
		p, _, _, err := rostering.BuildProblem(ctx, st, site.ID, "2026-12-07", 14)
		must(t, err)
		var reqs []schedule.Request
		for _, a := range p.Agents {
			if a.ID == "A1" {
				reqs = a.Requests
			} else if len(a.Requests) != 0 {
				t.Errorf("agent %s has requests %+v, want none", a.ID, a.Requests)
			}
		}
		b := float64(rostering.PreferenceBudget)
		want := []schedule.Request{
			{Day: 0, Shift: "L", On: true, Weight: 2 * b / 5},
			{Day: 2, On: false, Weight: b / 5},
			{Day: 7, Shift: "L", On: true, Weight: 2 * b / 5},
		}
		if len(reqs) != len(want) {
			t.Fatalf("requests %+v, want %+v", reqs, want)
		}
		sum := 0.0
		for i := range want {
			if reqs[i].Day != want[i].Day || reqs[i].Shift != want[i].Shift || reqs[i].On != want[i].On || math.Abs(reqs[i].Weight-want[i].Weight) > 1e-9 {
				t.Errorf("request %d = %+v, want %+v", i, reqs[i], want[i])
			}
			sum += reqs[i].Weight
		}
		if math.Abs(sum-b) > 1e-9 {
			t.Errorf("weights sum to %v, want the budget %v", sum, b)
		}

		// No demand: granting every wish costs nothing, so the solver does.
		v, err := rostering.BuildDraft(ctx, st, store.System, site.ID, civil.MustParse("2026-12-07"), 14, rostering.BuildOptions{TimeLimit: 2 * time.Second, Seed: 1})
		must(t, err)
		tally, err := rostering.SchedulePreferences(ctx, st, store.Scope{All: true}, v.ID)
		must(t, err)
		if len(tally) != 1 || tally[0].Agent != "A1" || tally[0].Requests != 3 || tally[0].Granted != 3 || math.Abs(tally[0].GrantedWeight-b) > 1e-9 {
			t.Errorf("tally %+v, want A1 granted 3 of 3", tally)
		}
		if _, err := rostering.SchedulePreferences(ctx, st, store.Scope{AgentID: a1.ID}, v.ID); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("agent reading the tally: %v, want forbidden", err)
		}
	})
}

// TestPreferenceRequestsSkipDaysOffAndForeignShifts: a wish on a day off or
// for a shift she may not work is left out, a dated wish replaces the
// standing one of its day, and a start time names the shift whose start
// window holds it.
func TestPreferenceRequestsSkipDaysOffAndForeignShifts(t *testing.T) {
	tue, wed, thu, fri := 2, 3, 4, 5
	prefs := []store.ShiftPreference{
		{Weekday: &tue, Work: false, Strength: 1},
		{Weekday: &wed, ShiftCode: "N", Work: true, Strength: 1},
		{Date: civil.MustParse("2026-12-15"), ShiftCode: "E", Work: true, Strength: 1}, // a Tuesday
		{Weekday: &thu, StartTime: "10:30", Work: true, Strength: 1},                   // D's window, not E's
		{Weekday: &fri, StartTime: "20:00", Work: true, Strength: 1},                   // no shift of hers starts then
	}
	shifts := []schedule.Shift{{ID: "E", Start: "07:00", LatestStart: "09:00"}, {ID: "D", Start: "09:00", LatestStart: "11:00"}}
	got := rostering.PreferenceRequests(prefs, "2026-12-07", 7, []int{1}, shifts)
	b := float64(rostering.PreferenceBudget)
	want := []schedule.Request{{Day: 3, Shift: "D", On: true, Weight: b}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("week 1: requests %+v, want %+v (day 1 is off, N is not hers, 20:00 starts nothing)", got, want)
	}
	got = rostering.PreferenceRequests(prefs, "2026-12-14", 7, nil, shifts)
	want = []schedule.Request{{Day: 1, Shift: "E", On: true, Weight: b / 2}, {Day: 3, Shift: "D", On: true, Weight: b / 2}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("week 2: requests %+v, want %+v (the 15th replaces Tuesday)", got, want)
	}
	bad := store.ShiftPreference{AgentID: 1, Weekday: &tue, StartTime: "25:00", Work: true}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "start_time") {
		t.Errorf("start time 25:00: %v, want start_time named", err)
	}
}

// The sites a scope touches: an agent's own, a supervisor's teams', every
// team's for all; each once, the agent's first.
func TestScopeSites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, team, a1 := center(t, st)
		other := store.Site{Name: "Chengdu", Timezone: "Asia/Shanghai"}
		must(t, st.CreateSite(ctx, store.System, &other))
		far := store.Team{Name: "Team B", SiteID: other.ID}
		must(t, st.CreateTeam(ctx, store.System, &far))
		for _, tc := range []struct {
			name string
			sc   store.Scope
			want []int64
		}{
			{"an agent", store.Scope{AgentID: a1.ID}, []int64{site.ID}},
			{"a supervisor of the far team", store.Scope{TeamIDs: []int64{far.ID}}, []int64{other.ID}},
			{"a supervisor who is an agent", store.Scope{AgentID: a1.ID, TeamIDs: []int64{team.ID, far.ID}}, []int64{site.ID, other.ID}},
			{"all", store.Scope{All: true}, []int64{site.ID, other.ID}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := rostering.ScopeSites(ctx, st, tc.sc)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}
	})
}
