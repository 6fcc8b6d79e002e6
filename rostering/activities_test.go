package rostering_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestScheduleActivity: a team meeting asked of a published roster is
// planned in the quiet afternoon, refused outside the supervisor's teams
// and with the fields named; applied and published, it is on the agents'
// published shifts with its kind and title, and audited; an agent with no
// shift in the window is reported.
func TestScheduleActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		st.SetClock(func() time.Time { return time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC) })
		site, queue, team, a1 := center(t, st)
		a2 := store.Agent{Code: "A2", Name: "Wang Fang", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &a2))
		a3 := store.Agent{Code: "A3", Name: "Zhou Min", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &a3))
		other := store.Team{Name: "Team B", SiteID: site.ID}
		must(t, st.CreateTeam(ctx, store.System, &other))
		b1 := store.Agent{Code: "B1", Name: "Sun Li", TeamID: other.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &b1))

		// Busy mornings (2 wanted 08:00-12:00), a quiet afternoon (1 wanted).
		req := make([]float64, 96)
		for k := 32; k < 48; k++ {
			req[k] = 2
		}
		for k := 48; k < 64; k++ {
			req[k] = 1
		}
		p := schedule.Problem{StartDate: civil.MustParse("2026-12-07"), Days: 2, IntervalMinutes: 15, Timezone: site.Timezone,
			Shifts: []schedule.Shift{{ID: "E", Start: "08:00", DurationMinutes: 480,
				Breaks: []schedule.Break{{DurationMinutes: 60, EarliestOffsetMinutes: 180, LatestOffsetMinutes: 300}}}},
			Agents: []schedule.Agent{{ID: "A1"}, {ID: "A2"}, {ID: "A3"}, {ID: "B1"}},
			Demand: schedule.Demand{Intervals: []schedule.IntervalDemand{{Day: 0, Required: req, UnderWeight: 10, OverWeight: 1}}}}
		lunch := []schedule.BreakPlacement{{Start: "12:00", DurationMinutes: 60}}
		v := &store.ScheduleVersion{SiteID: site.ID, Problem: p, Solution: schedule.Solution{Assignments: []schedule.Assignment{
			{Agent: "A1", Day: 0, Shift: "E", Breaks: lunch}, {Agent: "A2", Day: 0, Shift: "E", Breaks: lunch}, {Agent: "B1", Day: 0, Shift: "E", Breaks: lunch}}}}
		all, sup := store.Scope{All: true}, store.Scope{TeamIDs: []int64{team.ID}}
		must(t, rostering.CreateSchedule(ctx, st, store.System, all, v))
		published, err := rostering.Publish(ctx, st, store.System, all, v.ID, v.Version)
		must(t, err)

		ask := rostering.ActivityRequest{Version: published.Version, Kind: schedule.ActivityMeeting, Title: "Weekly huddle", TeamID: team.ID,
			DurationMinutes: 60, From: civil.MustParse("2026-12-07"), To: civil.MustParse("2026-12-08"), Together: true}
		plan, err := rostering.ScheduleActivity(ctx, st, store.System, sup, published.ID, ask)
		must(t, err)
		if plan.Applied || len(plan.Placed) != 2 || plan.Placed[0].Start != "13:00" || plan.Placed[0].Date != civil.MustParse("2026-12-07") {
			t.Fatalf("plan %+v, want A1 and A2 at 13:00 on the 7th, not applied", plan.Placed)
		}
		if len(plan.Unplaced) != 1 || plan.Unplaced[0].AgentID != a3.ID || plan.Unplaced[0].Reason != "no_shift" {
			t.Fatalf("unplaced %+v, want A3 without a shift", plan.Unplaced)
		}
		// The afternoon has three on for one wanted: the meeting takes
		// only slack (no shortfall), and the roster's cost goes down.
		if plan.UnderstaffedAfter != 0 || len(plan.Intervals) != 4 || plan.Intervals[0].Before != 3 || plan.Intervals[0].After != 1 || plan.Cost >= 0 {
			t.Errorf("effect %v -> %v, cost %v, intervals %+v", plan.UnderstaffedBefore, plan.UnderstaffedAfter, plan.Cost, plan.Intervals)
		}

		// Without a forecast requirement there is no service to simulate.
		if len(plan.Service) != 0 || plan.ServiceNote != "" {
			t.Errorf("service %+v (%s) without requirements", plan.Service, plan.ServiceNote)
		}
		// With one, the simulated service level of the day before and
		// after: taking two of three agents off costs some.
		day0 := time.Date(2026, 12, 7, 0, 0, 0, 0, site.Location())
		var reqs []store.Requirement
		for k := 32; k < 64; k++ {
			reqs = append(reqs, store.Requirement{IntervalStart: day0.Add(time.Duration(k) * 15 * time.Minute), IntervalSeconds: 900,
				Volume: 4, AHTSeconds: 300, Agents: 2, Scheduled: 2, Source: "test"})
		}
		must(t, st.ReplaceRequirements(ctx, store.System, queue.ID, day0, day0.AddDate(0, 0, 2), reqs))
		withSL, err := rostering.ScheduleActivity(ctx, st, store.System, sup, published.ID, ask)
		must(t, err)
		if len(withSL.Service) != 1 || withSL.Service[0].Queue != "sales" || withSL.Service[0].Before == nil || withSL.Service[0].After == nil ||
			*withSL.Service[0].After > *withSL.Service[0].Before {
			t.Errorf("service %+v (%s), want sales on the 7th, after at most before", withSL.Service, withSL.ServiceNote)
		} else {
			t.Logf("simulated SL of the day: %.3f before, %.3f after", *withSL.Service[0].Before, *withSL.Service[0].After)
		}

		// Out of scope, bad fields.
		bad := ask
		bad.TeamID, bad.AgentIDs = 0, []int64{b1.ID}
		if _, err := rostering.ScheduleActivity(ctx, st, store.System, sup, published.ID, bad); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another team's agent: %v, want forbidden", err)
		}
		bad = rostering.ActivityRequest{Kind: "party", DurationMinutes: 0, From: civil.Date{} /* no day: a bad one is refused by the JSON or the form */, To: civil.MustParse("2026-12-08"), FromTime: "25:00"}
		_, err = rostering.ScheduleActivity(ctx, st, store.System, sup, published.ID, bad)
		var fe *fault.Error
		if !asFault(err, &fe) {
			t.Fatalf("bad request: %v", err)
		}
		for _, f := range []string{"kind", "title", "agent_ids", "duration_minutes", "from", "from_time"} {
			if fe.Fields[f] == "" {
				t.Errorf("bad request: fields %v do not name %s", fe.Fields, f)
			}
		}
		outside := ask
		outside.To = civil.MustParse("2026-12-20")
		if _, err := rostering.ScheduleActivity(ctx, st, store.System, sup, published.ID, outside); !asFault(err, &fe) || fe.Fields["to"] == "" {
			t.Errorf("a date outside the roster: %v", err)
		}
		stale := ask
		stale.Apply, stale.Version = true, published.Version+5
		if _, err := rostering.ScheduleActivity(ctx, st, store.System, sup, published.ID, stale); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("a stale version: %v, want conflict", err)
		}

		// Applied and published.
		ask.Apply, ask.Publish = true, true
		done, err := rostering.ScheduleActivity(ctx, st, store.System, sup, published.ID, ask)
		must(t, err)
		if !done.Applied || done.Schedule == nil || done.Schedule.Status != store.SchedulePublished || done.Schedule.BasedOn == nil || *done.Schedule.BasedOn != published.ID {
			t.Fatalf("applied %+v", done.Schedule)
		}
		if old, _ := st.GetScheduleVersion(ctx, published.ID); old.Status != store.ScheduleSuperseded {
			t.Errorf("the roster before is %s, want superseded", old.Status)
		}
		shifts, err := st.PublishedShifts(ctx, all, store.ShiftFilter{AgentID: a1.ID, From: civil.MustParse("2026-12-07"), To: civil.MustParse("2026-12-07")})
		must(t, err)
		if len(shifts) != 1 || len(shifts[0].Activities) != 1 {
			t.Fatalf("A1's shifts %+v, want one with the meeting", shifts)
		}
		act := shifts[0].Activities[0]
		loc := site.Location()
		if act.Kind != "meeting" || act.Title != "Weekly huddle" || !act.Start.Equal(time.Date(2026, 12, 7, 13, 0, 0, 0, loc)) || !act.End.Equal(time.Date(2026, 12, 7, 14, 0, 0, 0, loc)) {
			t.Errorf("activity %+v", act)
		}
		if len(shifts[0].Breaks) != 1 {
			t.Errorf("breaks %+v, want the lunch still", shifts[0].Breaks)
		}
		after, err := st.GetScheduleVersion(ctx, done.Schedule.ID)
		must(t, err)
		if !after.Feasible || after.Objective != published.Objective+plan.Cost {
			t.Errorf("roster after: feasible %v objective %v (before %v)", after.Feasible, after.Objective, published.Objective)
		}
		// B1, of the other team, is untouched.
		for _, as := range after.Solution.Assignments {
			if as.Agent == "B1" && len(as.Activities) != 0 {
				t.Errorf("B1 got %+v", as.Activities)
			}
		}
		n, err := st.DB().NewSelect().Table("audit_log").Where("action = ?", "activity").Where("entity_id = ?", fmt.Sprint(done.Schedule.ID)).Count(ctx)
		must(t, err)
		if n != 1 {
			t.Errorf("%d audit entries of the activity, want 1", n)
		}

		// Each on her own, in a draft: coaching of 30 minutes each.
		coach := rostering.ActivityRequest{Version: after.Version, Kind: schedule.ActivityCoaching, Title: "1:1", AgentIDs: []int64{a1.ID, a2.ID},
			DurationMinutes: 30, From: civil.MustParse("2026-12-07"), To: civil.MustParse("2026-12-07"), FromTime: "08:00", ToTime: "12:00", Apply: true}
		draft, err := rostering.ScheduleActivity(ctx, st, store.System, sup, after.ID, coach)
		must(t, err)
		if draft.Schedule.Status != store.ScheduleDraft || len(draft.Placed) != 2 || draft.Placed[0].Start == draft.Placed[1].Start {
			t.Fatalf("coaching %+v in %s, want two different morning slots in a draft", draft.Placed, draft.Schedule.Status)
		}
	})
}

func asFault(err error, fe **fault.Error) bool {
	e, ok := err.(*fault.Error)
	if ok {
		*fe = e
	}
	return ok
}
