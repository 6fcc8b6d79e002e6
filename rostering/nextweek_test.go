package rostering_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

func TestDraftNextWeekBuildsOnceAndRemindersReachTheSupervisor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		sup := &store.User{Username: "sup", DisplayName: "Sup", Role: store.RoleSupervisor, Active: true}
		rosterMust(t, sup.SetPassword("a long enough password"))
		rosterMust(t, st.CreateUser(ctx, store.System, sup))
		site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
		rosterMust(t, st.CreateSite(ctx, store.System, &site))
		team := store.Team{Name: "A", SiteID: site.ID, SupervisorUserID: &sup.ID}
		rosterMust(t, st.CreateTeam(ctx, store.System, &team))
		rosterMust(t, st.CreateShiftTemplate(ctx, store.System, &store.ShiftTemplate{SiteID: site.ID, Code: "D", Name: "Day", Start: "09:00", DurationMinutes: 480}))
		var agents []store.Agent
		for _, code := range []string{"A1", "A2"} {
			a := store.Agent{Code: code, Name: code, TeamID: team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true,
				Contract: store.Contract{WeeklyMinutesMin: 960, WeeklyMinutesMax: 2400, MaxConsecutiveDays: 5}}
			rosterMust(t, st.CreateAgent(ctx, store.System, &a))
			agents = append(agents, a)
		}

		// Thursday 04:00 in Shanghai (Wednesday 20:00 UTC): next week
		// starts Monday 7 December.
		now := time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC)
		opt := rostering.BuildOptions{TimeLimit: 500 * time.Millisecond, Seed: 1}
		done, err := rostering.DraftNextWeek(ctx, st, now, opt)
		rosterMust(t, err)
		if len(done) != 1 || done[0].StartDate != civil.MustParse("2026-12-07") || done[0].Schedule == nil {
			t.Fatalf("first run: %+v", done)
		}
		v := done[0].Schedule
		if v.Status != store.ScheduleDraft || v.Days != 7 || !v.Feasible || len(v.Solution.Assignments) < 4 {
			t.Errorf("draft %s, %d days, feasible %v, %d shifts (each agent needs two)", v.Status, v.Days, v.Feasible, len(v.Solution.Assignments))
		}
		done, err = rostering.DraftNextWeek(ctx, st, now, opt)
		rosterMust(t, err)
		if len(done) != 1 || done[0].Schedule != nil || !strings.Contains(done[0].Skipped, "draft") {
			t.Errorf("second run: %+v, want skipped because the draft exists", done)
		}
		// On a Monday (01:00 in Shanghai), next week is the Monday after.
		monday := time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)
		done, err = rostering.DraftNextWeek(ctx, st, monday, opt)
		rosterMust(t, err)
		if done[0].StartDate != civil.MustParse("2026-12-14") || done[0].Schedule == nil {
			t.Errorf("run on a Monday: %+v", done)
		}

		rosterMust(t, rostering.RequestTimeOff(ctx, st, store.System, store.Scope{All: true},
			&store.TimeOffRequest{AgentID: agents[0].ID, StartDate: civil.MustParse("2026-12-20"), EndDate: civil.MustParse("2026-12-21")}))
		n, err := rostering.RemindPendingRequests(ctx, st, store.System)
		rosterMust(t, err)
		notes, err := st.ListNotifications(ctx, sup.ID)
		rosterMust(t, err)
		if n != 1 || len(notes) != 1 || notes[0].Message != "1 time off and 0 shift swap requests wait for your decision" {
			t.Errorf("reminders %d, notifications %+v", n, notes)
		}
	})
}

// rosterMust stops the test on an error.
func rosterMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
