package rostering_test

import (
	"context"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestSwapsAreCheckedDecidedAndApplied: a swap that keeps the rules waits
// for the supervisor (the policy does not approve it alone) and, approved,
// is published as a new version based on the old one; a swap that breaks
// a rule is refused unless forced; a decided swap is no longer withdrawn.
func TestSwapsAreCheckedDecidedAndApplied(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		st.SetClock(func() time.Time { return time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC) })
		site, _, team, a1 := center(t, st)
		a2 := store.Agent{Code: "A2", Name: "Wang Fang", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &a2))
		all, sup := store.Scope{All: true}, store.Scope{TeamIDs: []int64{team.ID}}
		p := schedule.Problem{StartDate: civil.MustParse("2026-12-07"), Days: 7, IntervalMinutes: 15,
			Shifts: []schedule.Shift{{ID: "E", Start: "08:00", DurationMinutes: 480}},
			Agents: []schedule.Agent{{ID: "A1"}, {ID: "A2", DaysOff: []int{1}}}}
		v := &store.ScheduleVersion{SiteID: site.ID, Problem: p, Solution: schedule.Solution{Assignments: []schedule.Assignment{
			{Agent: "A1", Day: 0, Shift: "E"}, {Agent: "A1", Day: 1, Shift: "E"}}}}
		must(t, rostering.CreateSchedule(ctx, st, store.System, all, v))
		published, err := rostering.Publish(ctx, st, store.System, all, v.ID, v.Version)
		must(t, err)

		self := store.Scope{AgentID: a1.ID}
		keeps := store.SwapRequest{FromAgentID: a1.ID, FromDate: civil.MustParse("2026-12-07"), ToAgentID: a2.ID}
		must(t, rostering.RequestSwap(ctx, st, store.System, self, &keeps))
		breaks := store.SwapRequest{FromAgentID: a1.ID, FromDate: civil.MustParse("2026-12-08"), ToAgentID: a2.ID}
		must(t, rostering.RequestSwap(ctx, st, store.System, self, &breaks))
		if keeps.Status != store.RequestPending || len(keeps.Violations) != 0 || breaks.Status != store.RequestPending || len(breaks.Violations) == 0 {
			t.Fatalf("swaps %s %v and %s %v, want both pending, the second breaking A2's day off", keeps.Status, keeps.Violations, breaks.Status, breaks.Violations)
		}
		theirs := store.SwapRequest{FromAgentID: a2.ID, FromDate: civil.MustParse("2026-12-07"), ToAgentID: a1.ID}
		if err := rostering.RequestSwap(ctx, st, store.System, self, &theirs); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("A1 offering A2's shift: %v, want forbidden", err)
		}

		if _, err := rostering.DecideSwap(ctx, st, store.System, sup, breaks.ID, breaks.Version, true, false); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("approving a swap that breaks a rule: %v, want invalid", err)
		}
		refused, err := rostering.DecideSwap(ctx, st, store.System, sup, breaks.ID, breaks.Version, false, false)
		must(t, err)
		approved, err := rostering.DecideSwap(ctx, st, store.System, sup, keeps.ID, keeps.Version, true, false)
		must(t, err)
		if refused.Status != store.RequestRefused || approved.Status != store.RequestApproved || approved.ScheduleID != published.ID {
			t.Errorf("decisions %s and %s (on %d), want refused and approved on %d", refused.Status, approved.Status, approved.ScheduleID, published.ID)
		}
		if old, _ := st.GetScheduleVersion(ctx, published.ID); old.Status != store.ScheduleSuperseded {
			t.Errorf("the roster swapped is %s, want superseded", old.Status)
		}
		now, err := st.ListScheduleVersions(ctx, all, store.ScheduleFilter{SiteID: site.ID, Status: store.SchedulePublished})
		must(t, err)
		if len(now) != 1 || now[0].BasedOn == nil || *now[0].BasedOn != published.ID {
			t.Fatalf("published now %+v, want one version based on %d", now, published.ID)
		}
		shifts, err := st.PublishedShifts(ctx, all, store.ShiftFilter{From: civil.MustParse("2026-12-07"), To: civil.MustParse("2026-12-07")})
		if err != nil || len(shifts) != 1 || shifts[0].AgentID != a2.ID {
			t.Errorf("shifts on the 7th %+v %v, want A2's", shifts, err)
		}
		if _, err := rostering.CancelSwap(ctx, st, store.System, self, approved.ID, approved.Version); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("withdrawing an approved swap: %v, want conflict", err)
		}
	})
}
