package schedule

import "math"

// A pair exchange settles, for two agents over a window of days, which of
// their days they exchange so that their requests cost least while the
// cover stays as it is: on each day where each may work the other's
// template, either keeps her own or takes the other's. A dynamic program
// over the days chooses the exchanges, keeping both agents' runs, days off
// and successions and, where they have limits, their minutes and weekends
// (their max_shifts per template are left to the pricing of the move).
//
// Once the cover is settled, what is left on Curtois 8 and 9 is requests
// (9: four shifts missing in any roster, 400, and 39 of requests in an
// optimal one against 70-80 in the search's), and granting one means
// handing the day to another agent whose runs then change: the block
// exchanges of requestExchange keep both agents' runs only where the block
// begins and ends where both begin or end one, which rarely holds; the
// program finds the set of days, anywhere in the window, that does.

// annealPairSwaps is the number of pair exchanges per batch, once request
// exchanges are made, on rosters where they pay (pairExchangesPay).
var annealPairSwaps = 5

// pairExchangesPay reports whether pair exchanges are made on this roster:
// the rosters where group re-plans are made (at most four weeks, at most
// annealGroupAgents agents), where a pair's window is its whole horizon.
// At 60 s they cost on larger ones: Curtois 13 (120 agents) 1,658 and
// 1,633 without, 1,723 and 1,710 with (seeds 1 and 2); 15 (six weeks)
// 4,489 and 4,472 without, 4,477 and 4,569 with; 17 (eight weeks) 6,091
// and 6,201 without, 6,290 and 6,199 with.
func (an *annealer) pairExchangesPay() bool {
	return an.groupsPay()
}

// swapAgent is one agent's part of a pair exchange: her row, and the
// states of the program (her value the day before and how many days her
// block of work or of days off has lasted, capped at cap).
type swapAgent struct {
	a   int
	row []int16
	cap int
}

func (an *annealer) newSwapAgent(a int) swapAgent {
	x := &an.agents[a]
	return swapAgent{a: a, row: an.rows[a], cap: max(1, x.maxRun, x.minRun, x.minOff)}
}

func (sa swapAgent) states(T int) int { return (T + 1) * sa.cap }

func (sa swapAgent) encode(v int16, n int) int { return (int(v)+1)*sa.cap + n - 1 }

func (sa swapAgent) decode(s int) (v int16, n int) {
	return int16(s/sa.cap) - 1, s%sa.cap + 1
}

// start is the state before day from: her value on from-1 and how long
// its block has lasted; before day 0, a long block of days off. So a run
// from the first day is held to min_consecutive_shifts, which the rule
// does not ask of it (agentCheck.runs): stricter, never wrong.
func (sa swapAgent) start(from int) int {
	if from == 0 {
		return sa.encode(-1, sa.cap)
	}
	v := sa.row[from-1]
	n := 0
	for d := from - 1; d >= 0 && (sa.row[d] >= 0) == (v >= 0); d-- {
		n++
	}
	if d := from - n; d == 0 && v < 0 {
		n = sa.cap // days off from the first day count as enough
	}
	return sa.encode(v, min(n, sa.cap))
}

// step is the state after she takes value nv on day d from state s, and
// false when that breaks one of her rules about days.
func (an *annealer) step(sa swapAgent, s, d int, nv int16) (int, bool) {
	x := &an.agents[sa.a]
	v, n := sa.decode(s)
	switch {
	case nv >= 0 && (x.dayOff[d] || !x.may[nv]):
		return 0, false
	case nv >= 0 && v >= 0:
		if x.bad[int(v)*an.T+int(nv)] || (x.maxRun >= 0 && n+1 > x.maxRun) {
			return 0, false
		}
		return sa.encode(nv, min(n+1, sa.cap)), true
	case nv >= 0:
		if x.minOff >= 0 && n < x.minOff {
			return 0, false
		}
		return sa.encode(nv, 1), true
	case v >= 0:
		if x.minRun >= 0 && n < x.minRun {
			return 0, false
		}
		return sa.encode(-1, 1), true
	}
	return sa.encode(-1, min(n+1, sa.cap)), true
}

// endOK reports whether state s on day to-1 joins the unchanged days from
// to on without breaking her rules about days.
func (an *annealer) endOK(sa swapAgent, s, to int) bool {
	if to >= an.days {
		return true
	}
	x := &an.agents[sa.a]
	v, n := sa.decode(s)
	next := sa.row[to]
	tail := 0
	for d := to; d < an.days && (sa.row[d] >= 0) == (next >= 0); d++ {
		tail++
	}
	inside := to+tail < an.days
	switch {
	case next >= 0 && v >= 0:
		return !x.bad[int(v)*an.T+int(next)] && (x.maxRun < 0 || n+tail <= x.maxRun) &&
			(!inside || x.minRun < 0 || n+tail >= x.minRun)
	case next >= 0: // her days off end at to; the run from to is now all of its run
		return (x.minOff < 0 || n >= x.minOff) && (!inside || x.minRun < 0 || tail >= x.minRun)
	case v >= 0: // her run ends at to; the days off from to are now all of theirs
		return (x.minRun < 0 || n >= x.minRun) && (!inside || x.minOff < 0 || tail >= x.minOff)
	}
	return !inside || x.minOff < 0 || n+tail >= x.minOff
}

// swapMinutes is how the program tracks the minutes the exchanges move
// from agent b to agent a: in units of unit minutes, from lo to hi while
// days are chosen, and within [endLo, endHi] at the end. ok is false when
// neither has limits on minutes, or the range is too wide to track.
type swapMinutes struct {
	unit, lo, hi, endLo, endHi int
	ok                         bool
}

func (an *annealer) minutesRange(a, b int) swapMinutes {
	unit := 0
	for _, p := range an.paid {
		unit = gcd(unit, p)
	}
	if unit == 0 {
		return swapMinutes{}
	}
	const inf = math.MaxInt32
	lo, hi := -inf, inf
	xa, xb := &an.agents[a], &an.agents[b]
	if xa.minMin >= 0 {
		lo = max(lo, xa.minMin-an.minutes[a])
	}
	if xb.maxMin >= 0 {
		lo = max(lo, an.minutes[b]-xb.maxMin)
	}
	if xa.maxMin >= 0 {
		hi = min(hi, xa.maxMin-an.minutes[a])
	}
	if xb.minMin >= 0 {
		hi = min(hi, an.minutes[b]-xb.minMin)
	}
	if lo == -inf || hi == inf {
		return swapMinutes{}
	}
	// Units rounded inward, and never excluding where they stand (0):
	// a total already broken is no reason to find nothing.
	// On the way the tally may stray two units further. Wider ranges (no
	// tight limits) are left to the pricing of the move: each value
	// multiplies the program's states.
	r := swapMinutes{unit: unit, endLo: min(0, -floorDiv(-lo, unit)), endHi: max(0, floorDiv(hi, unit))}
	r.lo, r.hi = r.endLo-2, r.endHi+2
	r.ok = r.hi-r.lo+1 <= 24
	return r
}

// swapWeekends is how the program tracks the weekends one agent works
// after the exchanges less before, from -swapWeekendSpan to
// swapWeekendSpan (index n/2 is none), when she has a limit on them and
// no weekend is longer than two days (then whether she works one is known
// on its last day from her value on it and the day before). At the end
// they may grow by slack at most: to her limit, or not at all when she is
// past it. n is 1 when they are not tracked.
type swapWeekends struct{ n, slack int }

const swapWeekendSpan = 2

func (an *annealer) weekendRange(a int) swapWeekends {
	x := &an.agents[a]
	if x.maxWeekends < 0 || an.longWeekends {
		return swapWeekends{n: 1}
	}
	return swapWeekends{n: 2*swapWeekendSpan + 1, slack: max(0, x.maxWeekends-an.weekends[a])}
}

// next is the tracked index after agent a takes value v on day d, her
// value the day before being prev; false when it grows past the span.
// Below the span it stays at its least, which only ever overstates.
func (sw swapWeekends) next(an *annealer, a, k, d int, prev, v int16) (int, bool) {
	if sw.n == 1 {
		return 0, true
	}
	w := an.weekendOf[d]
	if w < 0 || (d+1 < an.days && an.weekendOf[d+1] == w) {
		return k, true
	}
	after := v >= 0 || (d > 0 && an.weekendOf[d-1] == w && prev >= 0)
	before := an.weekendDays[a*an.nWeekends+w] > 0
	switch {
	case after && !before:
		k++
	case before && !after:
		k = max(0, k-1)
	}
	return k, k < sw.n
}

// within reports whether index k ends within her limit.
func (sw swapWeekends) within(k int) bool {
	return sw.n == 1 || k-sw.n/2 <= sw.slack
}

// swapScratch is the program's memory, kept between pair exchanges.
type swapScratch struct {
	cost, next     []float64 // per state: least request cost to reach it (+Inf: not reached)
	live, nextLive []int32   // the states reached
	back           []int32   // per day and state: previous state * 2 + exchanged
}

// pairExchange chooses, by the dynamic program, the days in [from, to) that
// agents a and b exchange so that their requests cost least, and makes
// the exchanges in place; it returns the cover delta (0 but for rounding)
// and false when no exchange is better than none.
func (an *annealer) pairExchange(a, b, from, to int) (float64, bool) {
	A, B := an.newSwapAgent(a), an.newSwapAgent(b)
	SA, SB := A.states(an.T), B.states(an.T)
	// A state is both agents' states and the tallies: the minutes moved
	// to a (ND values), and a's and b's weekends (WA, WB values).
	mr := an.minutesRange(a, b)
	ND := 1
	if mr.ok {
		ND = mr.hi - mr.lo + 1
	}
	wa, wb := an.weekendRange(a), an.weekendRange(b)
	NE := ND * wa.n * wb.n
	NS := SA * SB * NE
	W := to - from
	sc := &an.swap
	sc.cost = unreached(sc.cost, NS)
	sc.next = unreached(sc.next, NS)
	if cap(sc.back) < W*NS {
		sc.back = make([]int32, W*NS)
	}
	sc.back = sc.back[:W*NS]
	inf := math.Inf(1)
	zero := 0
	if mr.ok {
		zero = -mr.lo
	}
	first := (A.start(from)*SB+B.start(from))*NE + (zero*wa.n+wa.n/2)*wb.n + wb.n/2
	sc.cost[first] = 0
	sc.live = append(sc.live[:0], int32(first))
	work := 0
	for d := from; d < to; d++ {
		back := sc.back[(d-from)*NS : (d-from+1)*NS]
		ra, rb := A.row[d], B.row[d]
		canSwap := an.mayExchange(a, b, d)
		moved := 0 // units of minutes a gains by taking b's day
		if canSwap && mr.ok {
			moved = (an.paidOf(rb) - an.paidOf(ra)) / mr.unit
		}
		sc.nextLive = sc.nextLive[:0]
		for _, s32 := range sc.live {
			s := int(s32)
			c := sc.cost[s]
			sc.cost[s] = inf // ready for the day after next
			sab, e := s/NE, s%NE
			sa, sb := sab/SB, sab%SB
			km, ka, kb := e/(wa.n*wb.n), e/wb.n%wa.n, e%wb.n
			pa, _ := A.decode(sa)
			pb, _ := B.decode(sb)
			for x := 0; x < 2; x++ {
				va, vb, dk := ra, rb, 0
				if x == 1 {
					if !canSwap {
						break
					}
					va, vb, dk = rb, ra, moved
				}
				work++
				nkm := km + dk
				if nkm < 0 || nkm >= ND {
					continue
				}
				nka, ok := wa.next(an, a, ka, d, pa, va)
				if !ok {
					continue
				}
				nkb, ok := wb.next(an, b, kb, d, pb, vb)
				if !ok {
					continue
				}
				na, ok := an.step(A, sa, d, va)
				if !ok {
					continue
				}
				nb, ok := an.step(B, sb, d, vb)
				if !ok {
					continue
				}
				ns := (na*SB+nb)*NE + (nkm*wa.n+nka)*wb.n + nkb
				nc := c + an.reqCost(a, d, va) + an.reqCost(b, d, vb)
				if sc.next[ns] == inf {
					sc.nextLive = append(sc.nextLive, int32(ns))
				} else if nc >= sc.next[ns]-1e-9 {
					continue
				}
				sc.next[ns] = nc
				back[ns] = int32(s*2 + x)
			}
		}
		sc.cost, sc.next = sc.next, sc.cost
		sc.live, sc.nextLive = sc.nextLive, sc.live
	}
	an.s.dp.work += work
	best, bestS := inf, -1
	for _, s32 := range sc.live {
		s := int(s32)
		c := sc.cost[s]
		sc.cost[s] = inf
		if c >= best-1e-9 {
			continue
		}
		sab, e := s/NE, s%NE
		km, ka, kb := e/(wa.n*wb.n), e/wb.n%wa.n, e%wb.n
		if mr.ok && (km+mr.lo < mr.endLo || km+mr.lo > mr.endHi) || !wa.within(ka) || !wb.within(kb) {
			continue
		}
		if an.endOK(A, sab/SB, to) && an.endOK(B, sab%SB, to) {
			best, bestS = c, s
		}
	}
	now := 0.0
	for d := from; d < to; d++ {
		now += an.reqCost(a, d, A.row[d]) + an.reqCost(b, d, B.row[d])
	}
	if bestS < 0 || best >= now-1e-9 {
		return 0, false
	}
	coverDelta := 0.0
	for d, s := to-1, bestS; d >= from; d-- {
		p := sc.back[(d-from)*NS+s]
		if p&1 == 1 {
			va, vb := an.rows[a][d], an.rows[b][d]
			coverDelta += an.setCell(a, d, vb)
			coverDelta += an.setCell(b, d, va)
		}
		s = int(p >> 1)
	}
	return coverDelta, true
}

// unreached is xs with n states, each +Inf. The program leaves every
// state it reached at +Inf again, so only new memory needs filling.
func unreached(xs []float64, n int) []float64 {
	if cap(xs) >= n {
		return xs[:n]
	}
	xs = make([]float64, n)
	for i := range xs {
		xs[i] = math.Inf(1)
	}
	return xs
}

// paidOf is the paid minutes of value v (0 off).
func (an *annealer) paidOf(v int16) int {
	if v < 0 {
		return 0
	}
	return an.paid[v]
}

// pairExchangeStep makes one pair exchange, kept by the Metropolis rule at
// temperature temp; it reports whether the best roster improved. The pair
// is requestPartner's, from a random agent; the window is the horizon.
func (an *annealer) pairExchangeStep(st *annealState, temp float64) (improved bool) {
	a, b, _ := an.requestPartner(an.s.rng.IntN(len(an.rows)))
	if b < 0 {
		return false
	}
	an.undo = an.undo[:0]
	coverDelta, ok := an.pairExchange(a, b, 0, an.days)
	if !ok || len(an.undo) == 0 {
		an.undo = an.undo[:0]
		return false
	}
	return an.acceptReplan(st, temp, coverDelta, []int{a, b})
}
