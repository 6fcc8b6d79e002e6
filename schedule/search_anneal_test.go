package schedule

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"wfm/civil"
)

// annealTestProblem has every rule the annealer prices: max_shifts,
// minutes, runs, days off in a row, weekends, days off, successions,
// templates an agent may not work, and requests.
func annealTestProblem() Problem {
	p := Problem{StartDate: civil.MustParse("2024-01-01"), Days: 42, IntervalMinutes: 60,
		Shifts: []Shift{
			{ID: "E", Start: "06:00", DurationMinutes: 480},
			{ID: "D", Start: "09:00", DurationMinutes: 480, CannotBeFollowedBy: []string{"E"}},
			{ID: "N", Start: "22:00", DurationMinutes: 480, CannotBeFollowedBy: []string{"E", "D"}},
		}}
	for i, id := range []string{"A", "B", "C", "D", "E"} {
		ag := Agent{ID: id, MaxShifts: map[string]int{"N": 4 + i}, MinMinutes: intp(480 * 20), MaxMinutes: intp(480 * 26),
			MinConsecutiveShifts: intp(2), MaxConsecutiveShifts: intp(5), MinConsecutiveDaysOff: intp(2), MaxWeekends: intp(3),
			DaysOff:  []int{3 + i, 17 + i},
			Requests: []Request{{Day: 2 * i, Shift: "D", On: true, Weight: 3}, {Day: 30 + i, On: false, Weight: 2}}}
		if i == 1 {
			ag.Shifts = []string{"E", "D"}
		}
		p.Agents = append(p.Agents, ag)
	}
	for d := range p.Days {
		for _, sh := range p.Shifts {
			p.Demand.Shifts = append(p.Demand.Shifts, ShiftDemand{Day: d, Shift: sh.ID, Required: float64(1 + d%2), UnderWeight: 100, OverWeight: 1})
		}
	}
	return p
}

// TestAnnealIncrementalPricing checks that the totals kept as cells change
// and the pricing of a move by the runs around it agree with a full pass
// over each agent's row, through random moves kept or undone.
func TestAnnealIncrementalPricing(t *testing.T) {
	an := patternedAnnealer(t, 3)
	an.requestShare = 0.2
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(step int) {
		t.Helper()
		for a := range an.rows {
			req, units := an.evaluate(a)
			if math.Abs(req-an.req[a]) > 1e-9 || math.Abs(units-an.units[a]) > 1e-9 {
				t.Fatalf("step %d agent %d: kept req %.3f units %.3f, full pass req %.3f units %.3f", step, a, an.req[a], an.units[a], req, units)
			}
		}
	}
	check(0)
	accepted := 0
	for step := 1; step <= 20000; step++ {
		an.undo = an.undo[:0]
		a, b, _ := an.propose(rng.IntN(2) == 0)
		if len(an.undo) == 0 {
			continue
		}
		reqA, unitsA, localA := an.evalMove(a)
		if full, fullUnits := an.evaluate(a); math.Abs(full-reqA) > 1e-9 || math.Abs(fullUnits-unitsA) > 1e-9 {
			t.Fatalf("step %d agent %d: move priced req %.3f units %.3f, full pass %.3f %.3f", step, a, reqA, unitsA, full, fullUnits)
		}
		var reqB, unitsB, localB float64
		if b >= 0 {
			reqB, unitsB, localB = an.evalMove(b)
		}
		if rng.IntN(2) == 0 {
			an.revert()
		} else {
			accepted++
			an.keep(a, reqA, unitsA, localA)
			if b >= 0 {
				an.keep(b, reqB, unitsB, localB)
			}
		}
		if step%97 == 0 {
			check(step)
		}
	}
	check(-1)
	if accepted < 1000 {
		t.Fatalf("only %d moves kept", accepted)
	}
}

// patternedAnnealer anneals annealTestProblem from a roster where agent a
// works template (a+d)%3 on day d, except when that is 0.
func patternedAnnealer(t *testing.T, seed int64) *annealer {
	t.Helper()
	m, err := compile(annealTestProblem())
	if err != nil {
		t.Fatal(err)
	}
	s := newSearch(m, Options{Seed: seed}, uint64(seed), 0)
	for a := range m.p.Agents {
		for d := range m.days {
			if (a+d)%3 != 0 {
				s.set(a, d, slot{on: true, shift: (a + d) % 3, start: m.startMinute[(a+d)%3], skill: s.skills[a][0]})
			}
		}
	}
	if !s.annealable() {
		t.Fatal("test problem not annealable")
	}
	return newAnnealer(s)
}

// evaluate prices agent a's row by one pass over it: her requests, and
// her broken rules in units (one per broken local rule, graded by its size
// for the counts and runs), following checkAgent rule for rule. The search
// keeps these prices as cells change (recount, evalMove); this pass is the
// reference the test holds them to.
func (an *annealer) evaluate(a int) (req, units float64) {
	x := &an.agents[a]
	row := an.rows[a]
	T := an.T
	counts := make([]int, T)
	minutes, weekends, lastWeekend := 0, 0, weekendNone
	run := 0 // > 0 working days in a row, < 0 days off in a row
	runStart := 0
	closeRun := func(end int) { // the run ends at day end-1
		inside := runStart > 0 && end < an.days
		if run > 0 {
			if x.maxRun >= 0 && run > x.maxRun {
				units += float64(run - x.maxRun)
			}
			if inside && x.minRun >= 0 && run < x.minRun {
				units += float64(x.minRun - run)
			}
		} else if inside && x.minOff >= 0 && -run < x.minOff {
			units += float64(x.minOff + run)
		}
	}
	prev := int16(-1)
	for d, v := range row {
		req += x.req[d*(T+1)+int(v)+1]
		if v >= 0 {
			counts[v]++
			minutes += an.paid[v]
			if x.dayOff[d] || !x.may[v] {
				units += 2
			}
			if prev >= 0 && x.bad[int(prev)*T+int(v)] {
				units += 2
			}
			if w := an.wk[d]; w != weekendNone && w != lastWeekend {
				weekends++
				lastWeekend = w
			}
			if run > 0 {
				run++
			} else {
				if d > 0 {
					closeRun(d)
				}
				run, runStart = 1, d
			}
		} else {
			if run < 0 {
				run--
			} else {
				if d > 0 {
					closeRun(d)
				}
				run, runStart = -1, d
			}
		}
		prev = v
	}
	closeRun(an.days)
	for t, n := range counts {
		if l := x.limit[t]; l >= 0 && n > l {
			units += 1 + float64(n-l)
		}
	}
	if x.minMin >= 0 && minutes < x.minMin {
		units += 1 + float64(x.minMin-minutes)/an.minuteScale
	}
	if x.maxMin >= 0 && minutes > x.maxMin {
		units += 1 + float64(minutes-x.maxMin)/an.minuteScale
	}
	if x.maxWeekends >= 0 && weekends > x.maxWeekends {
		units += float64(weekends - x.maxWeekends)
	}
	return req, units
}

// While rules are broken, most re-plans by the dynamic program take an
// agent who breaks one, over a window around the place, and mend it: here
// agent 3 has a lone day off between two runs (two in a row required).
func TestFocusedReplanMendsALoneDayOff(t *testing.T) {
	p := Problem{StartDate: civil.MustParse("2024-01-01"), Days: 56, IntervalMinutes: 60, Shifts: []Shift{{ID: "D", Start: "09:00", DurationMinutes: 480}}}
	for i := range 8 {
		p.Agents = append(p.Agents, Agent{ID: string(rune('A' + i)), MinConsecutiveShifts: intp(2), MaxConsecutiveShifts: intp(5), MinConsecutiveDaysOff: intp(2)})
	}
	for d := range p.Days {
		p.Demand.Shifts = append(p.Demand.Shifts, ShiftDemand{Day: d, Shift: "D", Required: 5, UnderWeight: 100, OverWeight: 1})
	}
	m, err := compile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := newSearch(m, Options{Seed: 5}, 3, 0)
	const broken = 3
	for a := range m.p.Agents {
		for d := range m.days {
			work := (d+a)%7 < 5 // five on, two off
			if a == broken && d == 24 {
				work = !work // (24+3)%7 = 6: the second day off becomes a sixth day of work
			}
			if work {
				s.set(a, d, slot{on: true, shift: 0, start: m.startMinute[0], skill: s.skills[a][0]})
			}
		}
	}
	an := newAnnealer(s)
	for a := range an.rows {
		if _, units := an.evaluate(a); (units > 0) != (a == broken) {
			t.Fatalf("agent %d starts with %.0f broken units", a, units)
		}
	}
	hits := 0
	for range 400 {
		if a, from, to := an.replanTarget(true); a == broken && from <= 24 && 23 < to {
			hits++
		}
	}
	if hits < 240 { // 3 in 4 expected
		t.Errorf("focused re-plans around agent %d's broken days: %d of 400", broken, hits)
	}
	for try := 0; try < 16 && an.units[broken] > 0; try++ {
		an.undo = an.undo[:0]
		a, _ := an.replan(true)
		req, units, local := an.evalMove(a)
		if a == broken && units < an.units[a] {
			an.keep(a, req, units, local)
		} else {
			an.revert()
		}
	}
	if an.units[broken] > 0 {
		t.Errorf("agent %d still breaks %.0f units after 16 focused re-plans: %v", broken, an.units[broken], an.rows[broken])
	}
}

// fullCover is the cover cost of the annealer's counts by a pass over
// every day and template.
func (an *annealer) fullCover() float64 {
	c := 0.0
	for d := range an.days {
		for t := range an.T {
			c += an.s.m.shiftDemand[d][t].cost(an.count[d*an.T+t])
		}
	}
	return c
}

// TestCoverMoveFillsAShortTemplate checks the cover move against a full
// pass: the delta it returns is the cover cost's change, and every move it
// makes lowers that cost (it puts an agent on a template short that day,
// taking her from one over-covered or from a day off, and gives back only
// over-covered shifts).
func TestCoverMoveFillsAShortTemplate(t *testing.T) {
	m, err := compile(annealTestProblem())
	if err != nil {
		t.Fatal(err)
	}
	s := newSearch(m, Options{Seed: 5}, 5, 0)
	for a := range m.p.Agents {
		for d := range m.days {
			if (a+2*d)%4 != 0 {
				s.set(a, d, slot{on: true, shift: d % 3, start: m.startMinute[d%3], skill: s.skills[a][0]})
			}
		}
	}
	an := newAnnealer(s)
	rng := rand.New(rand.NewPCG(7, 8))
	made := 0
	for step := range 5000 {
		an.undo = an.undo[:0]
		before := an.fullCover()
		a, delta := an.coverMove(rng.IntN(len(an.rows)))
		if len(an.undo) == 0 {
			continue
		}
		made++
		for _, c := range an.undo {
			if c.a != a {
				t.Fatalf("step %d: the move changed agent %d, reported %d", step, c.a, a)
			}
		}
		if got := an.fullCover() - before; math.Abs(got-delta) > 1e-9 {
			t.Fatalf("step %d: move reported cover change %.3f, full pass %.3f", step, delta, got)
		}
		if delta >= 0 {
			t.Fatalf("step %d: cover move did not lower the cover cost (%.3f)", step, delta)
		}
		if rng.IntN(3) == 0 {
			an.revert()
		} else {
			an.cover += delta
			req, units, local := an.evalMove(a)
			an.keep(a, req, units, local)
		}
	}
	if made < 50 {
		t.Fatalf("only %d cover moves made", made)
	}
}

// TestConstructionPacesTotalsByDemand: a horizon whose second half asks
// twice the first half's work lets the first half spend a third of the
// totals (within paceSlack of half), not half.
func TestConstructionPacesTotalsByDemand(t *testing.T) {
	p := annealTestProblem()
	for i := range p.Demand.Shifts {
		p.Demand.Shifts[i].Required = 1
		if p.Demand.Shifts[i].Day >= p.Days/2 {
			p.Demand.Shifts[i].Required = 2
		}
	}
	m, err := compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.workShare[p.Days/2]; math.Abs(got-1.0/3) > 1e-9 {
		t.Fatalf("work share of the first half %.4f, want 1/3", got)
	}
	if m.workShare[0] != 0 || m.workShare[p.Days] != 1 {
		t.Fatalf("work share from %.3f to %.3f, want 0 to 1", m.workShare[0], m.workShare[p.Days])
	}
	s := newSearch(m, Options{}, 1, 0)
	s.building = true
	if got, want := s.workShare(p.Days/2), 0.5*(1-paceSlack); math.Abs(got-want) > 1e-9 {
		t.Fatalf("paced share of the first half %.4f, want %.4f (half the days, less the slack)", got, want)
	}
	_, maxMinutes, _ := s.limits(p.Agents[0], p.Days/2)
	if want := int(math.Ceil(float64(*p.Agents[0].MaxMinutes) * 0.5 * (1 - paceSlack))); *maxMinutes != want {
		t.Fatalf("max minutes while building the first half %d, want %d", *maxMinutes, want)
	}
}

// TestSlideRunKeepsTheRunAndHerTotals slides a run of three days of work
// (E, D, N) and checks that the same templates in the same order now start
// a day later or earlier, the day left goes off, and her minutes and uses
// of each template are unchanged.
func TestSlideRunKeepsTheRunAndHerTotals(t *testing.T) {
	m, err := compile(annealTestProblem())
	if err != nil {
		t.Fatal(err)
	}
	s := newSearch(m, Options{Seed: 9}, 9, 0)
	run := []int{0, 1, 2} // E, D, N
	const first = 24      // agent A's days off are 3 and 17
	for i, v := range run {
		s.set(0, first+i, slot{on: true, shift: v, start: m.startMinute[v], skill: s.skills[0][0]})
	}
	an := newAnnealer(s)
	minutes, used := an.minutes[0], append([]int(nil), an.used[0:an.T]...)
	seen := map[int]bool{}
	for try := 0; try < 200 && len(seen) < 2; try++ {
		an.undo = an.undo[:0]
		before := an.fullCover()
		delta := an.slideRun(0, first+1)
		if len(an.undo) == 0 {
			continue
		}
		if got := an.fullCover() - before; math.Abs(got-delta) > 1e-9 {
			t.Fatalf("slide reported cover change %.3f, full pass %.3f", delta, got)
		}
		start := -1
		for d, v := range an.rows[0] {
			if v >= 0 {
				start = d
				break
			}
		}
		if start != first-1 && start != first+1 {
			t.Fatalf("run starts on day %d after a slide from %d", start, first)
		}
		for i, v := range run {
			if got := an.rows[0][start+i]; int(got) != v {
				t.Fatalf("slid to %d: day %d works %d, want %d", start, start+i, got, v)
			}
		}
		left := first // the day the run left: its first when it slid later
		if start < first {
			left = first + len(run) - 1
		}
		if an.rows[0][left] != -1 {
			t.Fatalf("slid to %d: day %d, which the run left, still works", start, left)
		}
		if an.minutes[0] != minutes || !slices.Equal(an.used[0:an.T], used) {
			t.Fatalf("her totals changed: minutes %d -> %d, uses %v -> %v", minutes, an.minutes[0], used, an.used[0:an.T])
		}
		seen[start] = true
		an.revert()
	}
	if len(seen) != 2 {
		t.Fatalf("slides seen to %v, want one each way", seen)
	}
}

// TestRequestExchangeGrantsRequestsAndKeepsCover: an exchange around a
// denied request leaves every day's cover as it was, is priced as a full
// pass prices it, and grants requests: some exchanges lower the asking
// agent's request cost (in the test problem every agent asks for D on one
// day and for a day off on another).
func TestRequestExchangeGrantsRequestsAndKeepsCover(t *testing.T) {
	an := patternedAnnealer(t, 5)
	counts := append([]int(nil), an.count...)
	granted, moved := 0, 0
	for step := range 2000 {
		an.undo = an.undo[:0]
		a, b, coverDelta := an.requestExchange(an.s.rng.IntN(len(an.rows)))
		if len(an.undo) == 0 {
			continue
		}
		moved++
		if b < 0 || b == a || coverDelta != 0 || !slices.Equal(counts, an.count) {
			t.Fatalf("step %d: agents %d, %d, cover delta %v, counts changed %v", step, a, b, coverDelta, !slices.Equal(counts, an.count))
		}
		reqA, unitsA, _ := an.evalMove(a)
		if full, fullUnits := an.evaluate(a); math.Abs(full-reqA) > 1e-9 || math.Abs(fullUnits-unitsA) > 1e-9 {
			t.Fatalf("step %d agent %d: priced req %.3f units %.3f, full pass %.3f %.3f", step, a, reqA, unitsA, full, fullUnits)
		}
		if reqA < an.req[a] {
			granted++
		}
		an.revert()
	}
	t.Logf("%d exchanges, %d granted a request", moved, granted)
	if moved < 100 || granted < moved/4 {
		t.Fatalf("%d exchanges made, %d granted a request", moved, granted)
	}
}
