package schedule

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"wfm/civil"
)

func boolp(v bool) *bool { return &v }

// tinyProblem is small enough to enumerate: 2 agents, 4 days, 2 shifts.
func tinyProblem() Problem {
	return Problem{StartDate: civil.MustParse("2026-03-05"), Days: 4, IntervalMinutes: 60, // Thursday: days 2, 3 are a weekend
		Shifts: []Shift{{ID: "D", Start: "08:00", DurationMinutes: 480}, {ID: "N", Start: "20:00", DurationMinutes: 480, CannotBeFollowedBy: []string{"D"}}},
		Agents: []Agent{
			{ID: "A", MinMinutes: intp(960), MaxMinutes: intp(1440), MaxConsecutiveShifts: intp(2), MaxWeekends: intp(1),
				Requests: []Request{{Day: 0, Shift: "N", On: true, Weight: 4}}},
			{ID: "B", Shifts: []string{"D"}, MinConsecutiveDaysOff: intp(2), DaysOff: []int{1},
				Requests: []Request{{Day: 3, On: false, Weight: 2}}},
		},
		Demand: Demand{Shifts: []ShiftDemand{
			{Day: 0, Shift: "D", Required: 1, UnderWeight: 10, OverWeight: 1},
			{Day: 1, Shift: "D", Required: 2, UnderWeight: 10, OverWeight: 1},
			{Day: 1, Shift: "N", Required: 1, UnderWeight: 7, OverWeight: 1},
			{Day: 2, Shift: "N", Required: 1, UnderWeight: 10, OverWeight: 1},
			{Day: 3, Shift: "D", Required: 2, UnderWeight: 10, OverWeight: 3},
		}}}
}

// bruteForce enumerates every roster of p (shift templates only, no
// flexible starts or breaks) and returns the best feasible objective.
func bruteForce(t *testing.T, p Problem) float64 {
	choices := len(p.Shifts) + 1
	cells := len(p.Agents) * p.Days
	best := math.Inf(1)
	code := make([]int, cells)
	for {
		var sol Solution
		for i, c := range code {
			if c > 0 {
				sol.Assignments = append(sol.Assignments, Assignment{Agent: p.Agents[i/p.Days].ID, Day: i % p.Days, Shift: p.Shifts[c-1].ID})
			}
		}
		r, err := Check(p, sol)
		if err != nil {
			t.Fatal(err)
		}
		if r.Feasible && r.Objective < best {
			best = r.Objective
		}
		i := 0
		for i < cells && code[i] == choices-1 {
			code[i] = 0
			i++
		}
		if i == cells {
			return best
		}
		code[i]++
	}
}

func TestSolveFindsOptimumOfTinyProblem(t *testing.T) {
	p := tinyProblem()
	want := bruteForce(t, p)
	sol, err := Solve(context.Background(), p, Options{Seed: 3, MaxIterations: 300})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := Check(p, sol)
	if !sol.Feasible || !r.Feasible {
		t.Fatalf("infeasible: %+v", sol.Violations)
	}
	if r.Objective != sol.Objective {
		t.Fatalf("solution says objective %v, checker %v", sol.Objective, r.Objective)
	}
	if sol.Objective != want {
		t.Fatalf("objective %v, enumeration finds %v", sol.Objective, want)
	}
}

func TestSolveDeterministicForSeed(t *testing.T) {
	p := objectiveProblem()
	var outs []string
	for range 2 {
		sol, err := Solve(context.Background(), p, Options{Seed: 7, MaxIterations: 200})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(sol)
		outs = append(outs, string(b))
	}
	if outs[0] != outs[1] {
		t.Fatalf("same seed, different rosters:\n%s\n%s", outs[0], outs[1])
	}
}

// Breaks go where the demand curve dips: required 1 from 08:00 to 17:00
// except at 12:00, so the one-hour break belongs at 12:00 and the roster
// costs nothing.
func TestSolvePlacesBreaksOnTheCurve(t *testing.T) {
	req := make([]float64, 24)
	for h := 8; h < 17; h++ {
		req[h] = 1
	}
	req[12] = 0
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 1, IntervalMinutes: 60,
		Shifts: []Shift{{ID: "D", Start: "07:00", LatestStart: "09:00", DurationMinutes: 540,
			Breaks: []Break{{DurationMinutes: 60, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 300, Paid: boolp(false)}}}},
		Agents: []Agent{{ID: "A", Skills: []string{"billing"}}},
		Demand: Demand{Intervals: []IntervalDemand{{Skill: "billing", Day: 0, Required: req, UnderWeight: 10, OverWeight: 1}}}}
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(sol.Assignments) != 1 {
		t.Fatalf("assignments %+v", sol.Assignments)
	}
	a := sol.Assignments[0]
	if a.Start != "08:00" || len(a.Breaks) != 1 || a.Breaks[0].Start != "12:00" || sol.Objective != 0 {
		t.Fatalf("got %+v objective %v, want start 08:00, break 12:00, objective 0", a, sol.Objective)
	}
}

// An impossible rule still gets a roster, marked infeasible, naming the rule.
func TestSolveInfeasibleSaysWhichRule(t *testing.T) {
	p := tinyProblem()
	p.Agents[1].MinMinutes = intp(4 * 480) // B must work all 4 days but has day 1 off
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 50})
	if err != nil {
		t.Fatal(err)
	}
	if sol.Feasible || len(sol.Violations) == 0 {
		t.Fatalf("feasible = %v, violations %+v", sol.Feasible, sol.Violations)
	}
	for _, v := range sol.Violations {
		if v.Agent != "B" {
			t.Errorf("violation of an agent whose rules can be kept: %+v", v)
		}
	}
	if len(sol.Assignments) == 0 {
		t.Fatal("no roster returned")
	}
}

func TestSolveRejectsInvalidProblem(t *testing.T) {
	p := tinyProblem()
	p.IntervalMinutes = 7
	if _, err := Solve(context.Background(), p, Options{MaxIterations: 1}); err == nil {
		t.Fatal("no error for interval_minutes 7")
	}
}

// With fairness on, two interchangeable agents share the weekends instead
// of one working both; the contract objective stays 0 either way.
func TestSolveFairnessSharesWeekends(t *testing.T) {
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 14, IntervalMinutes: 60, // Monday
		Shifts: []Shift{{ID: "D", Start: "09:00", DurationMinutes: 480}},
		Agents: []Agent{{ID: "A"}, {ID: "B"}}}
	for _, d := range []int{5, 6, 12, 13} {
		p.Demand.Shifts = append(p.Demand.Shifts, ShiftDemand{Day: d, Shift: "D", Required: 1, UnderWeight: 10, OverWeight: 10})
	}
	sol, err := Solve(context.Background(), p, Options{Seed: 2, MaxIterations: 300, FairnessWeight: 1})
	if err != nil {
		t.Fatal(err)
	}
	weekends := map[string]map[int]bool{"A": {}, "B": {}}
	for _, a := range sol.Assignments {
		if a.Day%7 >= 5 { // Saturday or Sunday; other days cost nothing either way
			weekends[a.Agent][a.Day/7] = true
		}
	}
	if sol.Objective != 0 || len(weekends["A"]) != 1 || len(weekends["B"]) != 1 {
		t.Fatalf("objective %v, weekends %v: want 0 and one weekend each", sol.Objective, weekends)
	}
}

func TestSolveNoAgents(t *testing.T) {
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 2, IntervalMinutes: 60,
		Shifts: []Shift{{ID: "D", Start: "09:00", DurationMinutes: 480}},
		Demand: Demand{Shifts: []ShiftDemand{{Day: 0, Shift: "D", Required: 2, UnderWeight: 5}}}}
	sol, err := Solve(context.Background(), p, Options{MaxIterations: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !sol.Feasible || sol.Objective != 10 || len(sol.Assignments) != 0 {
		t.Fatalf("got %+v, want an empty feasible roster costing 10", sol)
	}
}

// A call-center week: 15-minute intervals, two skills, flexible starts and
// three breaks. The roster keeps every rule, its objective is the
// checker's, and it beats leaving everyone at home by far.
func TestSolveCallCenterWeek(t *testing.T) {
	curve := make([]float64, 96)
	for i := 32; i < 80; i++ { // 08:00-20:00, a peak at midday
		curve[i] = 3 + 2*math.Sin(math.Pi*float64(i-32)/48)
	}
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 7, IntervalMinutes: 15, Timezone: "Asia/Shanghai",
		Shifts: []Shift{
			{ID: "E", Start: "07:00", LatestStart: "09:00", DurationMinutes: 540, Breaks: []Break{
				{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 180},
				{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 330, Paid: boolp(false)},
				{DurationMinutes: 15, EarliestOffsetMinutes: 360, LatestOffsetMinutes: 450}}},
			{ID: "L", Start: "11:00", LatestStart: "12:00", DurationMinutes: 540, Breaks: []Break{
				{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 180},
				{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 330, Paid: boolp(false)},
				{DurationMinutes: 15, EarliestOffsetMinutes: 360, LatestOffsetMinutes: 450}}, CannotBeFollowedBy: []string{"E"}},
		},
	}
	for i := range 16 {
		skills := []string{"billing"}
		if i%3 == 0 {
			skills = []string{"billing", "sales"}
		} else if i%3 == 1 {
			skills = []string{"sales"}
		}
		p.Agents = append(p.Agents, Agent{ID: string(rune('A' + i)), Skills: skills,
			MinMinutes: intp(3 * 480), MaxMinutes: intp(5 * 480), MaxConsecutiveShifts: intp(5),
			MinRestMinutes: intp(660), MaxWeekends: intp(1)})
	}
	for d := range 7 {
		for _, skill := range []string{"billing", "sales"} {
			p.Demand.Intervals = append(p.Demand.Intervals, IntervalDemand{Skill: skill, Day: d, Required: curve, UnderWeight: 10, OverWeight: 1})
		}
	}
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 40})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(p, sol)
	if err != nil {
		t.Fatal(err)
	}
	if !sol.Feasible || !r.Feasible {
		t.Fatalf("violations %+v", r.Violations)
	}
	if math.Abs(r.Objective-sol.Objective) > 1e-6 {
		t.Fatalf("solution objective %v, checker %v", sol.Objective, r.Objective)
	}
	empty, _ := Check(p, Solution{})
	if sol.Objective > empty.Objective/2 {
		t.Fatalf("objective %v, not much better than nobody working (%v)", sol.Objective, empty.Objective)
	}
	t.Logf("objective %.1f (nobody working: %.1f)", sol.Objective, empty.Objective)
}

// A context already done when Solve starts stops the construction after
// its first window; the weeks built then fill the rest of the horizon, so
// the roster still covers every week instead of leaving it empty.
func TestSolveCancelledRepeatsBuiltWeeks(t *testing.T) {
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 84, IntervalMinutes: 60,
		Shifts: []Shift{{ID: "D", Start: "08:00", DurationMinutes: 480}},
		Agents: []Agent{{ID: "A", MaxConsecutiveShifts: intp(5)}, {ID: "B", MaxConsecutiveShifts: intp(5)}}}
	for d := range p.Days {
		p.Demand.Shifts = append(p.Demand.Shifts, ShiftDemand{Day: d, Shift: "D", Required: 1, UnderWeight: 10, OverWeight: 1})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sol, err := Solve(ctx, p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	lastWeek := 0
	for _, a := range sol.Assignments {
		if a.Day >= p.Days-7 {
			lastWeek++
		}
	}
	if lastWeek == 0 {
		t.Fatalf("no shift in the last week: the unbuilt days were left empty (%d assignments)", len(sol.Assignments))
	}
}
