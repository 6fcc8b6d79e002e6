package schedule

import (
	"math"
	"math/rand/v2"
	"testing"

	"wfm/civil"
)

// breaksProblem: flexible starts, three breaks in windows (one unpaid),
// two skills and an any-skill demand on a 15-minute grid.
func breaksProblem(rng *rand.Rand) Problem {
	br := []Break{
		{DurationMinutes: 15, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 120},
		{DurationMinutes: 45, EarliestOffsetMinutes: 180, LatestOffsetMinutes: 270, Paid: boolp(false)},
		{DurationMinutes: 15, EarliestOffsetMinutes: 300, LatestOffsetMinutes: 390},
	}
	p := Problem{StartDate: civil.MustParse("2027-01-04"), Days: 7, IntervalMinutes: 15, Shifts: []Shift{
		{ID: "E", Start: "06:00", LatestStart: "08:00", DurationMinutes: 480, Breaks: br},
		{ID: "L", Start: "13:00", LatestStart: "16:00", DurationMinutes: 480, Breaks: br},
		{ID: "N", Start: "22:00", LatestStart: "23:00", DurationMinutes: 480, Breaks: br[:1]},
	}}
	for i := range 8 {
		ag := Agent{ID: string(rune('A' + i)), Skills: []string{"x"}, MinRestMinutes: intp(660), MaxConsecutiveShifts: intp(5)}
		if i%2 == 0 {
			ag.Skills = append(ag.Skills, "y")
		}
		p.Agents = append(p.Agents, ag)
	}
	for d := range p.Days {
		for _, sk := range []string{"", "x", "y"} {
			req := make([]float64, 96)
			for j := range req {
				req[j] = float64(rng.IntN(4))
			}
			p.Demand.Intervals = append(p.Demand.Intervals, IntervalDemand{Skill: sk, Day: d, Required: req, UnderWeight: 10, OverWeight: 1})
		}
	}
	return p
}

// optionCostFast prices every option as optionCost does, on a roster
// with cover, and chooses breaks of the same cost.
func TestOptionCostFastAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	m, err := compile(breaksProblem(rng))
	if err != nil {
		t.Fatal(err)
	}
	s := newSearch(m, Options{}, 1, 0)
	if !s.fast {
		t.Fatal("an aligned grid, but no fast pricing")
	}
	for a := range m.p.Agents {
		s.reoptimize(a, 0, m.days, 0)
	}
	all := []int{0, 1, 2}
	checked := 0
	for a := range m.p.Agents {
		for d := range m.days {
			prices := s.pricesFor(a, d, all)
			for tp := range m.p.Shifts {
				for _, st := range s.starts[tp] {
					for j, k := range s.skills[a] {
						slow, _ := s.optionCost(a, d, tp, st, k)
						fast, _ := s.optionCostFast(a, d, tp, st, j, prices)
						if math.Abs(slow-fast) > 1e-9 {
							t.Fatalf("agent %d day %d template %d start %d skill %d: optionCost %v, fast %v", a, d, tp, st, k, slow, fast)
						}
						checked++
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d options checked", checked)
	}
}

// The moves keep cover, counts and agent costs in step with a full
// re-pricing, whether kept or undone.
func TestRetimeAndRuinRecreatePriceTheirChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 3))
	m, err := compile(breaksProblem(rng))
	if err != nil {
		t.Fatal(err)
	}
	s := newSearch(m, Options{}, 2, 0)
	for a := range m.p.Agents {
		s.reoptimize(a, 0, m.days, 0)
	}
	cur := s.total()
	for i := range 400 {
		var mv move
		if i%2 == 0 {
			s.retimeMove(&mv)
		} else {
			s.ruinRecreateMove(&mv)
		}
		next := cur + mv.delta(s)
		if got := s.total(); math.Abs(got-next) > 1e-6*math.Max(1, math.Abs(got)) {
			t.Fatalf("move %d: priced %v, roster costs %v", i, next, got)
		}
		if rng.IntN(2) == 0 {
			s.apply(&mv, false)
		} else {
			cur = next
		}
		if got := s.total(); math.Abs(got-cur) > 1e-6*math.Max(1, math.Abs(got)) {
			t.Fatalf("move %d: kept %v, roster costs %v", i, cur, got)
		}
	}
	sol := m.solution(s.snapshot())
	r, err := Check(m.p, sol)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Objective-sol.Objective) > 1e-9 {
		t.Fatalf("checker %v, solution %v", r.Objective, sol.Objective)
	}
}
