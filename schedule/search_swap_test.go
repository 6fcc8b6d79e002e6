package schedule

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"wfm/civil"
)

// swapTestAnnealer is two agents over three weeks, both may work E, D and
// N (the second not N), with successions, runs of two to four shifts, two
// days off in a row, minutes within a shift of their rows', on odd seeds
// no more weekends than their rows work, and on and off
// requests drawn at random; their rows are random runs that keep every
// rule about days, each beginning with a day off.
func swapTestAnnealer(t *testing.T, seed uint64) *annealer {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	p := Problem{StartDate: civil.MustParse("2024-01-01"), Days: 21, IntervalMinutes: 60,
		Shifts: []Shift{
			{ID: "E", Start: "06:00", DurationMinutes: 480},
			{ID: "D", Start: "09:00", DurationMinutes: 480, CannotBeFollowedBy: []string{"E"}},
			{ID: "N", Start: "22:00", DurationMinutes: 480, CannotBeFollowedBy: []string{"E", "D"}},
		}}
	for i, id := range []string{"A", "B"} {
		ag := Agent{ID: id, MinConsecutiveShifts: intp(2), MaxConsecutiveShifts: intp(4), MinConsecutiveDaysOff: intp(2)}
		if i == 1 {
			ag.Shifts = []string{"E", "D"}
		}
		for d := range p.Days {
			if rng.IntN(3) == 0 {
				ag.Requests = append(ag.Requests, Request{Day: d, Shift: p.Shifts[rng.IntN(2+1-i)].ID, On: rng.IntN(2) == 0, Weight: float64(1 + rng.IntN(3))})
			}
		}
		p.Agents = append(p.Agents, ag)
	}
	for d := range p.Days {
		for _, sh := range p.Shifts {
			p.Demand.Shifts = append(p.Demand.Shifts, ShiftDemand{Day: d, Shift: sh.ID, Required: 1, UnderWeight: 100, OverWeight: 1})
		}
	}
	m, err := compile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := newSearch(m, Options{Seed: int64(seed)}, seed, 0)
	for a := range m.p.Agents {
		templates := 3 - a
		for d := 1 + rng.IntN(2); d < m.days; {
			n := 2 + rng.IntN(3)
			v := rng.IntN(templates)
			for i := 0; i < n && d < m.days; i++ {
				if i > 0 && rng.IntN(3) == 0 && v < templates-1 {
					v++ // E to D, D to N: never a forbidden succession
				}
				s.set(a, d, slot{on: true, shift: v, start: m.startMinute[v], skill: s.skills[a][0]})
				d++
			}
			d += 2 + rng.IntN(2)
		}
	}
	an := newAnnealer(s)
	// Minutes within a shift of where each stands, so that the exchanges
	// moving work from one to the other are bounded; on odd seeds the
	// weekends at most as many as each works.
	for a := range an.rows {
		an.agents[a].minMin, an.agents[a].maxMin = an.minutes[a]-480, an.minutes[a]+480
		if seed%2 == 1 {
			an.agents[a].maxWeekends = an.weekends[a]
		}
		an.recount(a)
	}
	return an
}

// TestPairExchangeIsTheBestExchange holds the pair exchange's dynamic
// program to an enumeration of every set of days the two agents may
// exchange in a window: the program's request cost must equal the least
// among the sets that keep both agents' rules about days and their
// minutes, and it must change nothing when no set beats none.
func TestPairExchangeIsTheBestExchange(t *testing.T) {
	improved := 0
	for seed := uint64(1); seed <= 60; seed++ {
		an := swapTestAnnealer(t, seed)
		for a := range an.rows {
			if an.units[a] != 0 {
				t.Fatalf("seed %d: agent %d's random runs break %v units: %v", seed, a, an.units[a], an.rows[a])
			}
		}
		rng := rand.New(rand.NewPCG(seed, 9))
		for range 5 {
			from := 1 + rng.IntN(8)
			to := min(an.days, from+4+rng.IntN(11))
			if pairExchangeAgrees(t, an, from, to) {
				improved++
			}
		}
	}
	t.Logf("%d of 300 windows had a better exchange", improved)
	if improved < 30 {
		t.Fatalf("only %d of 300 windows had a better exchange", improved)
	}
}

// pairExchangeAgrees checks the pair exchange of agents 0 and 1 over
// [from, to) against bruteExchange and undoes it; it reports whether the
// exchange found a cheaper set of days.
func pairExchangeAgrees(t *testing.T, an *annealer, from, to int) bool {
	t.Helper()
	counts := slices.Clone(an.count)
	now := an.reqLive[0] + an.reqLive[1]
	want := bruteExchange(an, from, to)
	an.undo = an.undo[:0]
	coverDelta, ok := an.pairExchange(0, 1, from, to)
	defer an.revert()
	got := an.reqLive[0] + an.reqLive[1]
	if coverDelta != 0 || !slices.Equal(counts, an.count) {
		t.Fatalf("window [%d,%d): the exchange changed the cover (delta %v)", from, to, coverDelta)
	}
	if !ok {
		if len(an.undo) != 0 || want < now-1e-9 {
			t.Fatalf("window [%d,%d): nothing found, %d cells changed, enumeration finds %v below %v", from, to, len(an.undo), want, now)
		}
		return false
	}
	if math.Abs(got-want) > 1e-9 {
		_, ua := an.evaluate(0)
		_, ub := an.evaluate(1)
		t.Logf("after: %v %v units %v %v minutes %v %v limits %+v", an.rows[0], an.rows[1], ua, ub, an.minutes[0], an.minutes[1], an.agents[0])
		t.Fatalf("window [%d,%d): program %v, enumeration %v (before %v)", from, to, got, want, now)
	}
	for a := range an.rows {
		if _, units := an.evaluate(a); units != 0 {
			t.Fatalf("window [%d,%d): agent %d breaks %v units after the exchange: %v", from, to, a, units, an.rows[a])
		}
	}
	return true
}

// bruteExchange is the least request cost of agents 0 and 1 over every set
// of days in [from, to) they may exchange whose result keeps their rules
// (evaluate finds no broken unit); the rows are left as they were.
func bruteExchange(an *annealer, from, to int) float64 {
	var days []int
	for d := from; d < to; d++ {
		if an.mayExchange(0, 1, d) {
			days = append(days, d)
		}
	}
	best := math.Inf(1)
	for mask := 0; mask < 1<<len(days); mask++ {
		an.undo = an.undo[:0]
		for i, d := range days {
			if mask&(1<<i) != 0 {
				va, vb := an.rows[0][d], an.rows[1][d]
				an.setCell(0, d, vb)
				an.setCell(1, d, va)
			}
		}
		reqA, unitsA := an.evaluate(0)
		reqB, unitsB := an.evaluate(1)
		if unitsA == 0 && unitsB == 0 {
			best = min(best, reqA+reqB)
		}
		an.revert()
	}
	return best
}
