package schedule

import (
	"math"
	"strings"
	"testing"

	"wfm/civil"
)

// activityProblem: a day of 30-minute intervals, a day shift 08:00-17:00
// with an hour's lunch; busy mornings (3 agents wanted 08:00-12:00), 2
// wanted 12:00-14:00, a quiet afternoon (1 wanted 14:00-17:00). A, B and
// C work day 0 and lunch at 12:00; D works nothing.
func activityProblem() (Problem, Solution) {
	unpaid := false
	req := make([]float64, 48)
	for k := 16; k < 24; k++ {
		req[k] = 3
	}
	for k := 24; k < 28; k++ {
		req[k] = 2
	}
	for k := 28; k < 34; k++ {
		req[k] = 1
	}
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 2, IntervalMinutes: 30, Timezone: "Asia/Shanghai",
		Shifts: []Shift{{ID: "D", Start: "08:00", DurationMinutes: 540,
			Breaks: []Break{{DurationMinutes: 60, EarliestOffsetMinutes: 180, LatestOffsetMinutes: 300, Paid: &unpaid}}}},
		Agents: []Agent{{ID: "A"}, {ID: "B"}, {ID: "C"}, {ID: "D"}},
		Demand: Demand{Intervals: []IntervalDemand{{Day: 0, Required: req, UnderWeight: 10, OverWeight: 1}, {Day: 1, Required: req, UnderWeight: 10, OverWeight: 1}}},
	}
	var s Solution
	for _, a := range []string{"A", "B", "C"} {
		s.Assignments = append(s.Assignments, Assignment{Agent: a, Day: 0, Shift: "D", Breaks: []BreakPlacement{{Start: "12:00", DurationMinutes: 60}}})
	}
	return p, s
}

func TestPlanActivityTogetherPicksTheQuietInterval(t *testing.T) {
	p, s := activityProblem()
	plan, err := PlanActivity(p, s, ActivityRequest{Kind: ActivityMeeting, Title: "Team huddle", Agents: []string{"A", "B", "C", "D"},
		DurationMinutes: 60, FirstDay: 0, LastDay: 0, From: 0, To: 1440, Together: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Placed) != 3 {
		t.Fatalf("placed %+v, want A, B and C", plan.Placed)
	}
	for _, sl := range plan.Placed {
		// 14:00-15:00 and later: three off leaves 0 of 1 wanted (2 x 10 +
		// over 2 x 2 saved); the morning would leave 0 of 3, 13:00 0 of 2.
		if sl.Day != 0 || sl.Start != "14:00" || sl.End != "15:00" {
			t.Errorf("slot %+v, want day 0 14:00-15:00", sl)
		}
	}
	if len(plan.Unplaced) != 1 || plan.Unplaced[0].Agent != "D" || plan.Unplaced[0].Reason != "no_shift" {
		t.Fatalf("unplaced %+v, want D without a shift", plan.Unplaced)
	}
	rep, err := Check(p, plan.Solution)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Feasible {
		t.Fatalf("the plan breaks rules: %+v", rep.Violations)
	}
	if math.Abs(rep.Objective-plan.After) > 1e-9 || math.Abs(plan.After-plan.Before-plan.Cost) > 1e-9 {
		t.Fatalf("objective %v, plan says before %v after %v cost %v", rep.Objective, plan.Before, plan.After, plan.Cost)
	}
	// 14:00-15:00: 3 on, 1 wanted -> 0 on: 2 intervals x 1 over saved
	// twice (2 x 2 x 1 = 4), then 2 x 1 x 10 short.
	if math.Abs(plan.Cost-(20-4)) > 1e-9 {
		t.Fatalf("cost %v, want 16", plan.Cost)
	}
	if plan.UnderstaffedBefore != 0 || plan.UnderstaffedAfter != 60 {
		t.Fatalf("understaffed minutes %v -> %v, want 0 -> 60", plan.UnderstaffedBefore, plan.UnderstaffedAfter)
	}
	if len(plan.Intervals) != 2 || plan.Intervals[0].Start != "14:00" || plan.Intervals[0].Before != 3 || plan.Intervals[0].After != 0 {
		t.Fatalf("intervals %+v", plan.Intervals)
	}
	for _, as := range plan.Solution.Assignments {
		if len(as.Activities) != 1 || as.Activities[0].Title != "Team huddle" || as.Activities[0].Kind != ActivityMeeting {
			t.Fatalf("assignment %+v, want the meeting in it", as)
		}
	}
	// The original roster is untouched.
	for _, as := range s.Assignments {
		if len(as.Activities) != 0 {
			t.Fatalf("the plan changed its input: %+v", as)
		}
	}
}

func TestPlanActivityEachOnTheirOwn(t *testing.T) {
	p, s := activityProblem()
	plan, err := PlanActivity(p, s, ActivityRequest{Kind: ActivityCoaching, Agents: []string{"A", "B", "C"},
		DurationMinutes: 30, FirstDay: 0, LastDay: 1, From: 0, To: 1440})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Placed) != 3 || len(plan.Unplaced) != 0 {
		t.Fatalf("placed %+v unplaced %+v", plan.Placed, plan.Unplaced)
	}
	for _, sl := range plan.Placed {
		// Each alone after lunch (13:00 on) trims overstaffing: a gain.
		if sl.Start < "13:00" || sl.Cost >= 0 {
			t.Errorf("slot %+v, want an overstaffed afternoon slot", sl)
		}
	}
	if plan.Cost >= 0 || plan.UnderstaffedAfter != 0 {
		t.Fatalf("cost %v, understaffed after %v: want a gain and no shortfall", plan.Cost, plan.UnderstaffedAfter)
	}
}

func TestPlanActivityKeepsOffBreaks(t *testing.T) {
	p, s := activityProblem()
	// Only the lunch hour is allowed: nobody can be placed.
	plan, err := PlanActivity(p, s, ActivityRequest{Kind: ActivityTraining, Agents: []string{"A", "B"},
		DurationMinutes: 60, FirstDay: 0, LastDay: 0, From: 12 * 60, To: 13 * 60})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Placed) != 0 || len(plan.Unplaced) != 2 || plan.Unplaced[0].Reason != "no_slot" {
		t.Fatalf("placed %+v unplaced %+v, want both refused with no_slot", plan.Placed, plan.Unplaced)
	}
	if plan.Cost != 0 {
		t.Fatalf("cost %v of placing nothing", plan.Cost)
	}
	// Together over a window that straddles lunch: only 13:00-14:00 or
	// 11:00-12:00 fit; 13:00 (2 wanted) beats 11:00 (3 wanted).
	plan, err = PlanActivity(p, s, ActivityRequest{Kind: ActivityMeeting, Agents: []string{"A", "B"},
		DurationMinutes: 60, FirstDay: 0, LastDay: 0, From: 11 * 60, To: 14 * 60, Together: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Placed) != 2 || plan.Placed[0].Start != "13:00" {
		t.Fatalf("placed %+v, want 13:00", plan.Placed)
	}
}

func TestPlanActivityRefusesBadRequests(t *testing.T) {
	p, s := activityProblem()
	_, err := PlanActivity(p, s, ActivityRequest{Kind: "party", DurationMinutes: 25, FirstDay: 1, LastDay: 0, From: 600, To: 600})
	if err == nil {
		t.Fatal("a bad request was planned")
	}
	for _, f := range []string{"kind", "agents", "duration_minutes", "to", "to_time"} {
		if !strings.Contains(err.Error(), f+":") {
			t.Errorf("%v: does not name %s", err, f)
		}
	}
}

func TestCheckActivities(t *testing.T) {
	p, s := activityProblem()
	tests := []struct {
		name string
		acts []ActivityPlacement
		want string // "" = feasible
	}{
		{"inside the shift", []ActivityPlacement{{Kind: ActivityMeeting, Start: "09:00", DurationMinutes: 60}}, ""},
		{"over the lunch", []ActivityPlacement{{Kind: ActivityMeeting, Start: "11:30", DurationMinutes: 60}}, "is over breaks[0]"},
		{"past the shift's end", []ActivityPlacement{{Kind: ActivityTraining, Start: "16:30", DurationMinutes: 60}}, "ends after the shift"},
		{"before the shift", []ActivityPlacement{{Kind: ActivityTraining, Start: "07:00", DurationMinutes: 30}}, "not inside the shift"},
		{"overlapping", []ActivityPlacement{{Kind: ActivityMeeting, Start: "09:00", DurationMinutes: 60}, {Kind: ActivityCoaching, Start: "09:30", DurationMinutes: 30}}, "overlaps activities[0]"},
		{"unknown kind", []ActivityPlacement{{Kind: "party", Start: "09:00", DurationMinutes: 30}}, "unknown kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sol := Solution{Assignments: append([]Assignment(nil), s.Assignments...)}
			sol.Assignments[0].Activities = tt.acts
			r, err := Check(p, sol)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if !r.Feasible {
					t.Fatalf("violations %+v", r.Violations)
				}
				return
			}
			if r.Feasible || r.Violations[0].Rule != "activities" || !strings.Contains(r.Violations[0].Message, tt.want) {
				t.Fatalf("violations %+v, want activities: %s", r.Violations, tt.want)
			}
		})
	}
	// An activity takes its minutes off the cover: 09:00-10:00 short by
	// one more agent for two intervals, at 10 each.
	base, _ := Check(p, s)
	sol := Solution{Assignments: append([]Assignment(nil), s.Assignments...)}
	sol.Assignments[0].Activities = []ActivityPlacement{{Kind: ActivityMeeting, Start: "09:00", DurationMinutes: 60}}
	with, _ := Check(p, sol)
	if math.Abs(with.Objective-base.Objective-20) > 1e-9 {
		t.Fatalf("objective %v -> %v, want +20", base.Objective, with.Objective)
	}
}
