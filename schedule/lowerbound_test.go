package schedule

import (
	"math"
	"testing"

	"wfm/civil"
)

// dayOptions lists every assignment agent a could take on day d (nil: off),
// by brute force over templates, starts, break offsets and skills.
func dayOptions(p Problem, a Agent, d int) []*Assignment {
	opts := []*Assignment{nil}
	skills := []string{""}
	if len(a.Skills) > 0 {
		skills = append([]string(nil), a.Skills...)
		if len(a.Skills) > 1 {
			skills = append(skills, "")
		}
	} else {
		seen := map[string]bool{}
		for _, ag := range p.Agents {
			for _, s := range ag.Skills {
				if !seen[s] {
					seen[s] = true
					skills = append(skills, s)
				}
			}
		}
	}
	for _, sh := range p.Shifts {
		st, _ := ParseClock(sh.Start)
		ls := st
		if sh.LatestStart != "" {
			ls, _ = ParseClock(sh.LatestStart)
		}
		for c := st; c <= ls; c += p.IntervalMinutes {
			var walk func(j int, bs []BreakPlacement, offs []int)
			walk = func(j int, bs []BreakPlacement, offs []int) {
				if j == len(sh.Breaks) {
					for _, sk := range skills {
						opts = append(opts, &Assignment{Agent: a.ID, Day: d, Shift: sh.ID, Start: FormatClock(c), Skill: sk,
							Breaks: append([]BreakPlacement(nil), bs...)})
					}
					return
				}
				b := sh.Breaks[j]
				for off := b.EarliestOffsetMinutes; off <= b.LatestOffsetMinutes; off += p.IntervalMinutes {
					ok := true
					for k, o := range offs {
						if off < o+sh.Breaks[k].DurationMinutes && o < off+b.DurationMinutes {
							ok = false
						}
					}
					if ok {
						walk(j+1, append(bs, BreakPlacement{Start: FormatClock((c + off) % 1440), DurationMinutes: b.DurationMinutes}), append(offs, off))
					}
				}
			}
			walk(0, nil, nil)
		}
	}
	return opts
}

// bruteOptimum checks every roster of p and returns the best feasible objective.
func bruteOptimum(t *testing.T, p Problem) float64 {
	t.Helper()
	var cells [][]*Assignment
	for _, a := range p.Agents {
		for d := range p.Days {
			cells = append(cells, dayOptions(p, a, d))
		}
	}
	best := math.Inf(1)
	pick := make([]int, len(cells))
	for {
		var as []Assignment
		for i, c := range cells {
			if o := c[pick[i]]; o != nil {
				as = append(as, *o)
			}
		}
		r, err := Check(p, Solution{Assignments: as})
		if err != nil {
			t.Fatal(err)
		}
		if r.Feasible && r.Objective < best {
			best = r.Objective
		}
		i := 0
		for ; i < len(cells); i++ {
			pick[i]++
			if pick[i] < len(cells[i]) {
				break
			}
			pick[i] = 0
		}
		if i == len(cells) {
			return best
		}
	}
}

// boundProblem: one or two agents, a 3-hour shift with a 1-hour break on a
// 60-minute grid, billing demand on each day.
func boundProblem(agents, days int, required []float64) Problem {
	p := Problem{StartDate: civil.MustParse("2026-03-06"), Days: days, IntervalMinutes: 60, Timezone: "UTC",
		Shifts: []Shift{
			{ID: "E", Start: "08:00", LatestStart: "10:00", DurationMinutes: 180,
				Breaks: []Break{{DurationMinutes: 60, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 120}}},
			{ID: "L", Start: "12:00", DurationMinutes: 120},
		}}
	for i := range agents {
		p.Agents = append(p.Agents, Agent{ID: string(rune('A' + i)), Skills: []string{"billing"}})
	}
	for d := range days {
		req := make([]float64, 24)
		copy(req[8:], required)
		p.Demand.Intervals = append(p.Demand.Intervals, IntervalDemand{Skill: "billing", Day: d, Required: req, UnderWeight: 10, OverWeight: 1})
	}
	return p
}

func TestLowerBoundAgainstBruteForce(t *testing.T) {
	tests := []struct {
		name  string
		p     Problem
		tight bool // the bound must reach the optimum
		// drop, when set, removes the rule the case is about: the bound
		// must then be strictly lower, so the rule does count.
		drop func(*Problem)
	}{
		// One agent, demand 0 or 1 per interval: each interval cost is
		// linear in her cover, so the Lagrangian dual has no gap.
		{"one agent 0/1 demand", boundProblem(1, 1, []float64{1, 1, 0, 1, 1, 1}), true, nil},
		{"one agent two days with requests", func() Problem {
			p := boundProblem(1, 2, []float64{0, 1, 1, 1, 0, 1})
			p.Agents[0].Requests = []Request{{Day: 1, On: false, Weight: 4}, {Day: 0, Shift: "L", On: true, Weight: 2}}
			return p
		}(), true, nil},
		{"one agent shift demand", func() Problem {
			p := boundProblem(1, 2, []float64{1, 0, 1})
			p.Demand.Shifts = []ShiftDemand{{Day: 1, Shift: "L", Required: 1, UnderWeight: 3, OverWeight: 2}}
			return p
		}(), true, nil},
		// No demand, but min_minutes makes her work: the dualised minutes
		// limit must price that overstaffing in. (With E allowed the dual
		// would mix 2/3 of an E shift and stop at 4/3: only L here.)
		{"min_minutes forces overstaffing", func() Problem {
			p := boundProblem(1, 1, nil)
			p.Agents[0].MinMinutes = intp(120)
			p.Shifts = p.Shifts[1:]
			return p
		}(), true, nil},
		// Fractional and multi-agent demand, labour rules the relaxation
		// drops: the bound must stay below the optimum.
		{"two agents fractional demand", boundProblem(2, 2, []float64{1.5, 2, 0.5, 1, 2, 0.3}), false, nil},
		{"two agents with rules", func() Problem {
			p := boundProblem(2, 2, []float64{2, 2, 1, 2, 2, 1})
			p.Agents[0].MaxMinutes = intp(180)
			p.Agents[1].DaysOff = []int{1}
			p.Agents[1].MinRestMinutes = intp(1440)
			p.Agents[1].Skills = []string{"billing", "sales"}
			return p
		}(), false, nil},
		// The rules the agent's subproblem keeps: each makes the bound
		// reach the optimum where dropping it would leave a gap.
		{"max_consecutive_shifts", func() Problem {
			p := boundProblem(1, 2, []float64{1, 1, 1, 1, 1, 1})
			p.Agents[0].MaxConsecutiveShifts = intp(1)
			return p
		}(), true, func(p *Problem) { p.Agents[0].MaxConsecutiveShifts = nil }},
		// Work, off, work is two short of a two-day break; day 1 has no
		// demand and a wish to be off.
		{"min_consecutive_days_off", func() Problem {
			p := boundProblem(1, 3, []float64{1, 1, 1, 1, 1, 1})
			p.Demand.Intervals[1].Required = make([]float64, 24)
			p.Agents[0].MinConsecutiveDaysOff = intp(2)
			p.Agents[0].Requests = []Request{{Day: 1, On: false, Weight: 3}}
			return p
		}(), true, func(p *Problem) { p.Agents[0].MinConsecutiveDaysOff = nil }},
		// 2026-03-06 is a Friday: days 1 and 2 are one weekend.
		{"max_weekends 0", func() Problem {
			p := boundProblem(1, 3, []float64{1, 1, 1, 1, 1, 1})
			p.Agents[0].MaxWeekends = intp(0)
			return p
		}(), true, func(p *Problem) { p.Agents[0].MaxWeekends = nil }},
		// Saturday and Sunday count once: a bound counting two weekends
		// would forbid what the optimum does and exceed it.
		{"max_weekends counts a weekend once", func() Problem {
			p := boundProblem(1, 4, []float64{1, 1, 1, 1, 1, 1})
			p.Agents[0].MaxWeekends = intp(1)
			return p
		}(), true, nil},
		{"cannot_be_followed_by", func() Problem {
			p := boundProblem(1, 2, nil)
			p.Shifts[1].CannotBeFollowedBy = []string{"E"}
			p.Demand.Intervals[0].Required[12], p.Demand.Intervals[0].Required[13] = 1, 1
			p.Demand.Intervals[1].Required[8], p.Demand.Intervals[1].Required[9] = 1, 1
			return p
		}(), true, func(p *Problem) { p.Shifts[1].CannotBeFollowedBy = nil }},
		// L ends at 14:00, E starts by 10:00: 20 hours of rest at most.
		{"min_rest_minutes blocks", func() Problem {
			p := boundProblem(1, 2, nil)
			p.Agents[0].MinRestMinutes = intp(1260)
			p.Demand.Intervals[0].Required[12], p.Demand.Intervals[0].Required[13] = 1, 1
			p.Demand.Intervals[1].Required[10], p.Demand.Intervals[1].Required[12] = 1, 1
			return p
		}(), true, func(p *Problem) { p.Agents[0].MinRestMinutes = nil }},
		// Exactly 20 hours is allowed: the late E start must stay open.
		{"min_rest_minutes at the limit", func() Problem {
			p := boundProblem(1, 2, nil)
			p.Agents[0].MinRestMinutes = intp(1200)
			p.Demand.Intervals[0].Required[12], p.Demand.Intervals[0].Required[13] = 1, 1
			p.Demand.Intervals[1].Required[10], p.Demand.Intervals[1].Required[12] = 1, 1
			return p
		}(), true, nil},
		{"two agents, all kept rules", func() Problem {
			p := boundProblem(2, 3, []float64{2, 1.5, 1, 2, 2, 0.5})
			p.Shifts[0].LatestStart = "09:00" // fewer rosters to brute-force
			p.Shifts[1].CannotBeFollowedBy = []string{"E"}
			for i := range p.Agents {
				p.Agents[i].MaxConsecutiveShifts = intp(2)
				p.Agents[i].MinConsecutiveDaysOff = intp(2)
				p.Agents[i].MaxWeekends = intp(1)
				p.Agents[i].MinRestMinutes = intp(1260)
			}
			p.Agents[1].DaysOff = []int{1} // with min 2 days off: off on day 0 or 2 too
			p.Agents[1].Requests = []Request{{Day: 2, On: false, Weight: 2}}
			return p
		}(), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := bruteOptimum(t, tt.p)
			b, err := LowerBound(tt.p, BoundOptions{Iterations: 2000})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("optimum %v, bound %v after %d iterations", opt, b.Value, b.Iterations)
			if b.Value > opt+1e-6 {
				t.Fatalf("bound %v above the optimum %v", b.Value, opt)
			}
			if tt.tight && b.Value < opt-0.01*math.Max(1, opt) {
				t.Fatalf("bound %v, want the optimum %v", b.Value, opt)
			}
			if tt.drop != nil {
				q := tt.p
				q.Agents = append([]Agent(nil), q.Agents...)
				q.Shifts = append([]Shift(nil), q.Shifts...)
				tt.drop(&q)
				without, err := LowerBound(q, BoundOptions{Iterations: 2000})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("without the rule: bound %v", without.Value)
				if without.Value > b.Value-0.5 {
					t.Fatalf("bound %v without the rule, %v with it: want it strictly tighter", without.Value, b.Value)
				}
			}
		})
	}
}

// With the optimum as the Polyak target the ascent gets there and stops.
func TestLowerBoundStopsAtUpperBound(t *testing.T) {
	p := boundProblem(1, 1, []float64{1, 1, 0, 1, 1, 1})
	opt := bruteOptimum(t, p)
	b, err := LowerBound(p, BoundOptions{Iterations: 5000, UpperBound: opt})
	if err != nil {
		t.Fatal(err)
	}
	if b.Value > opt+1e-6 || b.Value < opt-0.01*math.Max(1, opt) {
		t.Fatalf("bound %v, optimum %v", b.Value, opt)
	}
}

func TestLowerBoundRejectsInvalidProblem(t *testing.T) {
	p := boundProblem(1, 1, nil)
	p.IntervalMinutes = 7
	if _, err := LowerBound(p, BoundOptions{}); err == nil {
		t.Fatal("want an error for an invalid problem")
	}
}

// When minutes and weekends together make too many states, the agent's
// part is the dearer of two relaxations, one keeping each: the weekend
// rule still counts (it used to be dropped with the minutes kept).
func TestLowerBoundKeepsWeekendsWhenMinutesDoNotFit(t *testing.T) {
	p := boundProblem(1, 3, []float64{1, 1, 1, 1, 1, 1}) // Friday to Sunday
	p.Agents[0].MaxWeekends = intp(0)
	p.Agents[0].MaxMinutes = intp(600)
	m, err := compile(p)
	if err != nil {
		t.Fatal(err)
	}
	l := newLagrangian(m)
	full := l.dpCells(dpRules{hi: 600 / l.unit, maxWeekends: p.Agents[0].MaxWeekends})
	saved := maxDPCells
	defer func() { maxDPCells = saved }()
	maxDPCells = l.dpCells(dpRules{ignoreMinutes: true, maxWeekends: p.Agents[0].MaxWeekends})
	if full <= maxDPCells {
		t.Fatalf("the full table (%d cells) fits in %d: the case does not split", full, maxDPCells)
	}
	opt := bruteOptimum(t, p)
	b, err := LowerBound(p, BoundOptions{Iterations: 2000})
	if err != nil {
		t.Fatal(err)
	}
	q := p
	q.Agents = []Agent{p.Agents[0]}
	q.Agents[0].MaxWeekends = nil
	without, err := LowerBound(q, BoundOptions{Iterations: 2000})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("optimum %v, bound %v, without max_weekends %v", opt, b.Value, without.Value)
	if b.Value > opt+1e-6 || b.Value < opt-0.01*opt {
		t.Fatalf("bound %v, want the optimum %v", b.Value, opt)
	}
	if without.Value > b.Value-0.5 {
		t.Fatalf("bound %v without max_weekends, %v with it: want it strictly tighter", without.Value, b.Value)
	}

	// With shift demand too, the price points run, keeping only the
	// weekends of this agent: still at most the optimum.
	p.Demand.Shifts = []ShiftDemand{{Day: 0, Shift: "L", Required: 1, UnderWeight: 5, OverWeight: 1},
		{Day: 1, Shift: "L", Required: 1, UnderWeight: 7, OverWeight: 1}, {Day: 2, Shift: "E", Required: 2, UnderWeight: 3, OverWeight: 2}}
	opt = bruteOptimum(t, p)
	b, err = LowerBound(p, BoundOptions{Iterations: 2000})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("with shift demand: optimum %v, bound %v after %d iterations", opt, b.Value, b.Iterations)
	if b.Value > opt+1e-6 {
		t.Fatalf("bound %v above the optimum %v", b.Value, opt)
	}
}

// Two agents who may each work one weekend, two shifts wanted every day
// of two weeks: whatever else, four weekend shifts go missing (400). The
// price point of the weekends proves it at once; a few steps of the
// ascent from prices of 0 do not.
func TestLowerBoundPricePointProvesWeekends(t *testing.T) {
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 14, IntervalMinutes: 60, Timezone: "UTC",
		Shifts: []Shift{{ID: "D", Start: "08:00", DurationMinutes: 480}}}
	for _, id := range []string{"A", "B"} {
		p.Agents = append(p.Agents, Agent{ID: id, MaxWeekends: intp(1)})
	}
	var sol Solution
	for d := range p.Days {
		p.Demand.Shifts = append(p.Demand.Shifts, ShiftDemand{Day: d, Shift: "D", Required: 2, UnderWeight: 100, OverWeight: 1})
		for i, id := range []string{"A", "B"} {
			if d%7 < 5 || d/7 == i { // A works the first weekend, B the second
				sol.Assignments = append(sol.Assignments, Assignment{Agent: id, Day: d, Shift: "D"})
			}
		}
	}
	r, err := Check(p, sol)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Violations) > 0 || r.Objective != 400 {
		t.Fatalf("the roster of 400: objective %v, violations %v", r.Objective, r.Violations)
	}
	iterations := len(pricePoints) + 2
	b, err := LowerBound(p, BoundOptions{Iterations: iterations})
	if err != nil {
		t.Fatal(err)
	}
	saved := pricePoints
	defer func() { pricePoints = saved }()
	pricePoints = nil
	cold, err := LowerBound(p, BoundOptions{Iterations: iterations})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bound %v with the price points, %v without (%d iterations)", b.Value, cold.Value, iterations)
	if b.Value > 400+1e-6 || b.Value < 400-1e-6 {
		t.Fatalf("bound %v, want 400", b.Value)
	}
	if cold.Value > 400-1 {
		t.Fatalf("from prices of 0 the bound is %v already: the case does not show the price points", cold.Value)
	}
}
