package schedule

import (
	"math"
	"sort"
)

// candidate is the best way to work template t on a day. The dynamic
// program considers only the cheapest few templates a day (search.candidates),
// which keeps its state space small on instances with dozens of templates.
type candidate struct {
	t      int
	cost   float64
	sl     slot
	start  int // real minutes
	end    int
	paid   int
	minute int // paid / unit
}

type dpScratch struct {
	val, next          []float64
	parent             []int32
	active, nextActive []int32 // the reachable states of the day
	// work counts the transitions the dynamic program has tried, a
	// measure of its cost that does not depend on the machine (the
	// annealer budgets its re-plans by it).
	work int
}

// shiftDayCost is what agent a working template t on day d adds before
// the intervals are priced: one more of the shift's count against its
// demand, and the weight of each of her requests for that day it breaks.
func (s *search) shiftDayCost(a, d, t int) float64 {
	m := s.m
	id := m.p.Shifts[t].ID
	cost := m.shiftDemand[d][t].cost(s.count[d][t]+1) - m.shiftDemand[d][t].cost(s.count[d][t])
	for _, r := range m.p.Agents[a].Requests {
		if r.Day != d {
			continue
		}
		works := r.Shift == "" || r.Shift == id
		if works != r.On {
			cost += r.Weight
		}
	}
	return cost
}

// optionCost prices agent a working template t at wall-clock start on day
// d for skill k against the current cover, placing the breaks greedily
// where they cost least (the interval demand curve).
func (s *search) optionCost(a, d, t, start, k int) (float64, []int) {
	m := s.m
	sh := m.p.Shifts[t]
	cost := s.shiftDayCost(a, d, t)
	if !s.hasInt {
		var breaks []int
		for _, b := range sh.Breaks {
			offs := breakOffsets(b, m.interval)
			breaks = append(breaks, offs[len(offs)/2])
		}
		return cost, breaks
	}
	st := m.at(d, start)
	end := st + sh.DurationMinutes
	limit := m.nIntervals * m.interval
	// w[i] = minutes worked in interval first+i.
	first := max(st, 0) / m.interval
	w := s.work[:0]
	for t0 := max(st, 0); t0 < end && t0 < limit; {
		next := min(end, (t0/m.interval+1)*m.interval)
		i := t0/m.interval - first
		for len(w) <= i {
			w = append(w, 0)
		}
		w[i] += next - t0
		t0 = next
	}
	s.work = w
	delta := func(i, from, to int) float64 {
		kk := first + i
		if kk < 0 || kk >= m.nIntervals {
			return 0
		}
		c := m.intervalCost(0, kk, s.cover[0][kk]+to) - m.intervalCost(0, kk, s.cover[0][kk]+from)
		if k != 0 {
			c += m.intervalCost(k, kk, s.cover[k][kk]+to) - m.intervalCost(k, kk, s.cover[k][kk]+from)
		}
		return c
	}
	for i := range w {
		cost += delta(i, 0, w[i])
	}
	var breaks []int
	if len(sh.Breaks) > 0 {
		breaks = make([]int, 0, len(sh.Breaks))
	}
	for j, b := range sh.Breaks {
		// Offsets from the middle of the window outwards, so that ties
		// keep breaks central.
		offs := s.breakOrder[t][j]
		bestOff, bestDelta := -1, math.Inf(1)
		for _, off := range offs {
			overlap := false
			for q, prev := range breaks {
				if off < prev+sh.Breaks[q].DurationMinutes && prev < off+b.DurationMinutes {
					overlap = true
				}
			}
			if overlap {
				continue
			}
			dl := 0.0
			for t0 := st + off; t0 < st+off+b.DurationMinutes; {
				next := min(st+off+b.DurationMinutes, (floorDiv(t0, m.interval)+1)*m.interval)
				i := floorDiv(t0, m.interval) - first
				if i >= 0 && i < len(w) {
					dl += delta(i, w[i], w[i]-(next-t0))
				}
				t0 = next
			}
			if dl < bestDelta {
				bestOff, bestDelta = off, dl
			}
		}
		if bestOff < 0 { // every offset overlaps an earlier break: the checker will say so
			bestOff = offs[0]
			bestDelta = 0
		}
		for t0 := st + bestOff; t0 < st+bestOff+b.DurationMinutes; {
			next := min(st+bestOff+b.DurationMinutes, (floorDiv(t0, m.interval)+1)*m.interval)
			i := floorDiv(t0, m.interval) - first
			if i >= 0 && i < len(w) {
				w[i] -= next - t0
			}
			t0 = next
		}
		cost += bestDelta
		breaks = append(breaks, bestOff)
	}
	return cost, breaks
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// limits are the agent's horizon limits on minutes and weekends; while the
// roster is being built window by window, they are scaled to the days
// [0, to) so that early windows leave room for later ones.
func (s *search) limits(ag Agent, to int) (minMinutes, maxMinutes, maxWeekends *int) {
	minMinutes, maxMinutes, maxWeekends = ag.MinMinutes, ag.MaxMinutes, ag.MaxWeekends
	if !s.building || to >= s.m.days {
		return
	}
	days := s.m.days
	if minMinutes != nil {
		// Aim between min and max so that the last window is not left to
		// catch up more than it can.
		target := *minMinutes
		if maxMinutes != nil {
			target = (*minMinutes + *maxMinutes) / 2
		}
		v := target * to / days
		minMinutes = &v
	}
	if maxMinutes != nil {
		v := (*maxMinutes*to + days - 1) / days
		maxMinutes = &v
	}
	if maxWeekends != nil {
		// Rounded down: a weekend taken too early cannot be given back.
		v := *maxWeekends * to / days
		maxWeekends = &v
	}
	return
}

// reoptimize replaces agent a's days [from, to) by the cheapest sequence
// the dynamic program finds given everyone else. noise > 0 perturbs the
// day costs to diversify the search.
func (s *search) reoptimize(a, from, to int, noise float64) {
	m := s.m
	ag := m.p.Agents[a]
	for d := from; d < to; d++ {
		s.set(a, d, slot{})
	}
	dayOff := make([]bool, m.days)
	for _, d := range ag.DaysOff {
		dayOff[d] = true
	}
	var allowed []int
	for t := range m.p.Shifts {
		if m.shiftAllowed(a, t) {
			allowed = append(allowed, t)
		}
	}
	n := to - from
	// Templates whose max_shifts the days outside the window already use
	// up are no candidates: they would crowd out the ones she may work.
	exhausted := make([]bool, len(m.p.Shifts))
	{
		outside := make([]int, len(m.p.Shifts))
		for d, sl := range s.roster[a] {
			if sl.on && (d < from || d >= to) {
				outside[sl.shift]++
			}
		}
		for t, sh := range m.p.Shifts {
			if limit, ok := ag.MaxShifts[sh.ID]; ok {
				if s.building && to < m.days {
					limit = (limit*to + m.days - 1) / m.days
				}
				exhausted[t] = outside[t] >= limit
			}
		}
	}
	// Day options.
	offCost := make([]float64, n)
	cands := make([][]candidate, n)
	for i := range n {
		d := from + i
		for _, r := range ag.Requests {
			if r.Day == d && r.On {
				offCost[i] += r.Weight
			}
		}
		if noise > 0 {
			offCost[i] += noise * 5 * s.rng.Float64()
		}
		if dayOff[d] {
			continue
		}
		var prices *dayPrices
		if s.fast {
			prices = s.pricesFor(a, d, allowed)
		}
		for _, t := range allowed {
			if exhausted[t] {
				continue
			}
			best := candidate{t: t, cost: math.Inf(1)}
			for _, st := range s.starts[t] {
				for j, k := range s.skills[a] {
					var c float64
					var br []int
					if prices != nil {
						c, br = s.optionCostFast(a, d, t, st, j, prices)
					} else {
						c, br = s.optionCost(a, d, t, st, k)
					}
					if c < best.cost {
						best.cost = c
						best.sl = slot{on: true, shift: t, start: st, skill: k, breaks: br}
					}
				}
			}
			best.start = m.at(d, best.sl.start)
			best.end = best.start + m.p.Shifts[t].DurationMinutes
			best.paid = m.paid[t]
			if noise > 0 {
				// A small pull towards working: on rosters where every
				// agent must work her most, it fills capacity that the
				// swaps and ejections then move to where it is short.
				best.cost += noise * (5*s.rng.Float64() - 3)
			}
			cands[i] = append(cands[i], best)
		}
		sort.SliceStable(cands[i], func(x, y int) bool { return cands[i][x].cost < cands[i][y].cost })
		if len(cands[i]) > s.candidates {
			cands[i] = cands[i][:s.candidates]
		}
	}

	// One template with a small max_shifts is counted in the state (the
	// rest are priced below): Curtois-style limits such as four night
	// shifts a month are exact this way. Its minutes come from its count,
	// so the minutes of the others can use a coarser unit.
	track, left := s.trackedTemplate(a, from, to, cands)
	unit, maxPaid := 0, 0
	for _, t := range allowed {
		if t != track && m.paid[t] > 0 {
			unit = gcd(unit, m.paid[t])
			maxPaid = max(maxPaid, m.paid[t])
		}
	}
	if unit == 0 {
		unit = 1
	}
	for i := range cands {
		for j := range cands[i] {
			if c := &cands[i][j]; c.t != track {
				c.minute = m.paid[c.t] / unit
			}
		}
	}

	// max_shifts beyond the one template the state counts: price each
	// template over its limit, doubling the price until the limits hold,
	// then try once halfway back so as not to overshoot.
	extra := make([]float64, len(m.p.Shifts))
	lower := make([]float64, len(m.p.Shifts))
	over := func(chosen []int) bool {
		used := make([]int, len(m.p.Shifts))
		for d, sl := range s.roster[a] {
			if sl.on && (d < from || d >= to) {
				used[sl.shift]++
			}
		}
		for i, c := range chosen {
			if c > 0 {
				used[cands[i][c-1].t]++
			}
		}
		any := false
		for t, sh := range m.p.Shifts {
			limit, ok := ag.MaxShifts[sh.ID]
			if !ok {
				continue
			}
			if s.building && to < m.days {
				limit = (limit*to + m.days - 1) / m.days
			}
			if used[t] > limit {
				any = true
				lower[t] = extra[t]
				extra[t] = max(2*extra[t], 8)
			}
		}
		return any
	}
	chosen := s.dynamic(a, from, to, cands, offCost, extra, unit, maxPaid, track, left)
	for round := 0; round < 6 && over(chosen); round++ {
		chosen = s.dynamic(a, from, to, cands, offCost, extra, unit, maxPaid, track, left)
		if round == 5 || !over(chosen) {
			break
		}
	}
	priced := false
	for t := range extra {
		if extra[t] > 0 {
			priced = true
			extra[t] = (extra[t] + lower[t]) / 2
		}
	}
	if priced {
		if c := s.dynamic(a, from, to, cands, offCost, extra, unit, maxPaid, track, left); !over(c) {
			chosen = c
		}
	}
	for i, c := range chosen {
		if c > 0 {
			s.set(a, from+i, cands[i][c-1].sl)
		}
	}
	s.agent[a] = s.agentCost(a)
}

// trackedTemplate picks the template with the fewest uses left (under 16)
// among the candidates, to be counted in the dynamic program's state
// (none when search.trackScarce is off).
func (s *search) trackedTemplate(a, from, to int, cands [][]candidate) (track, left int) {
	m := s.m
	ag := m.p.Agents[a]
	outside := make([]int, len(m.p.Shifts))
	for d, sl := range s.roster[a] {
		if sl.on && (d < from || d >= to) {
			outside[sl.shift]++
		}
	}
	used := make([]bool, len(m.p.Shifts))
	for i := range cands {
		for _, c := range cands[i] {
			used[c.t] = true
		}
	}
	track, left = -1, min(to-from, 16)
	if !s.trackScarce {
		return track, left
	}
	for t, sh := range m.p.Shifts {
		limit, ok := ag.MaxShifts[sh.ID]
		if !ok || !used[t] {
			continue
		}
		if s.building && to < m.days {
			limit = (limit*to + m.days - 1) / m.days
		}
		if l := max(limit-outside[t], 0); l < left {
			track, left = t, l
		}
	}
	return track, left
}

// dynamic runs the dynamic program over days [from, to) of agent a and
// returns, per day, 0 for off or 1 + the index of the chosen candidate.
// Counting rules are priced by penalty rather than forbidden, so a path
// always exists and an infeasible agent gets the least bad one.
func (s *search) dynamic(a, from, to int, cands [][]candidate, offCost, extra []float64, unit, maxPaid, track, left int) []int {
	m := s.m
	ag := m.p.Agents[a]
	n := to - from
	capW, capO := 1, 1
	if ag.MaxConsecutiveShifts != nil {
		capW = max(*ag.MaxConsecutiveShifts, 1)
	} else if ag.MinConsecutiveShifts != nil {
		capW = max(*ag.MinConsecutiveShifts, 1)
	}
	if ag.MinConsecutiveDaysOff != nil {
		capO = max(*ag.MinConsecutiveDaysOff, 1)
	}
	R := max(capW, capO) + 1
	K := 0
	for i := range cands {
		K = max(K, len(cands[i]))
	}
	minMinutes, maxMinutes, maxWeekends := s.limits(ag, to)
	// While building, the horizon totals are only scaled targets: missing
	// them must not cost as much as a broken rule, which is real.
	// Each minute off target must still outweigh any cover it buys.
	totalsPenalty, perMinutes := penalty, float64(minuteUnits)
	if s.building && to < m.days {
		totalsPenalty, perMinutes = penalty/1000, 60
	}
	trackMinutes := minMinutes != nil || maxMinutes != nil || s.opt.FairnessWeight > 0
	windowWeekends := map[int]bool{}
	outWeekends := map[int]bool{}
	outMinutes := 0
	for d := range m.days {
		if m.weekendDay[d] == weekendNone {
			continue
		}
		if d >= from && d < to {
			windowWeekends[m.weekendDay[d]] = true
		} else if s.roster[a][d].on {
			outWeekends[m.weekendDay[d]] = true
		}
	}
	for d, sl := range s.roster[a] {
		if sl.on && (d < from || d >= to) {
			outMinutes += m.paid[sl.shift]
		}
	}
	U := 1
	if trackMinutes {
		// Minutes beyond what the rules care about share one state.
		U = n*maxPaid/unit + 1
		if maxMinutes != nil {
			U = min(U, max(*maxMinutes-outMinutes, 0)/unit+2)
		} else if minMinutes != nil && s.opt.FairnessWeight == 0 {
			U = min(U, max(*minMinutes-outMinutes, 0)/unit+2)
		}
	}
	trackWeekends := maxWeekends != nil || s.opt.FairnessWeight > 0
	W := 1
	if trackWeekends {
		W = len(windowWeekends) + 1
	}
	// One template with a small max_shifts is counted in the state (the
	// rest are priced by reoptimize): Curtois-style limits such as four
	// night shifts a month are exact this way.
	Q := 1
	if track >= 0 {
		Q = left + 1
	}
	S := (K + 1) * R * U * W * Q
	enc := func(st, run, u, w, q int) int { return (((st*R+run)*U+u)*W+w)*Q + q }

	if cap(s.dp.val) < S {
		s.dp.val = make([]float64, S)
		s.dp.next = make([]float64, S)
	}
	val, next := s.dp.val[:S], s.dp.next[:S]
	if cap(s.dp.parent) < n*S {
		s.dp.parent = make([]int32, n*S)
	}
	parent := s.dp.parent[:n*S]

	// trans moves from the previous day (prevT = -1 when off) to working
	// t (-1 = off) on day d; it reports the new run and any penalty.
	trans := func(prevT, prevEnd, run, d, t, start int) (int, float64, bool) {
		if t < 0 {
			if prevT < 0 {
				return min(run+1, capO), 0, true
			}
			pen := 0.0
			if ag.MinConsecutiveShifts != nil && run < *ag.MinConsecutiveShifts && d-run != 0 {
				pen = localPenalty
			}
			return 1, pen, true
		}
		if prevT >= 0 {
			if m.follows[prevT][t] {
				return 0, 0, false
			}
			gap := start - prevEnd
			if gap < 0 || (ag.MinRestMinutes != nil && gap < *ag.MinRestMinutes) {
				return 0, 0, false
			}
			nr := run + 1
			pen := 0.0
			if ag.MaxConsecutiveShifts != nil && nr > *ag.MaxConsecutiveShifts {
				pen = localPenalty
			}
			return min(nr, capW), pen, true
		}
		pen := 0.0
		if run > 0 && ag.MinConsecutiveDaysOff != nil && run < *ag.MinConsecutiveDaysOff && d-run != 0 {
			pen = localPenalty
		}
		if ag.MaxConsecutiveShifts != nil && *ag.MaxConsecutiveShifts < 1 {
			pen += localPenalty
		}
		return 1, pen, true
	}
	weekendInc := func(d int, prevWorking, working bool) int {
		if !trackWeekends || !working || m.weekendDay[d] == weekendNone {
			return 0
		}
		if m.weekendDay[d] == d || !prevWorking {
			return 1
		}
		return 0
	}

	// The state before the window, from the fixed days before it.
	prevT, prevEnd, run0 := -1, 0, 0
	if from > 0 {
		if sl := s.roster[a][from-1]; sl.on {
			prevT = sl.shift
			prevEnd = s.placement(a, from-1, sl).end
		}
		for d := from - 1; d >= 0 && s.roster[a][d].on == (prevT >= 0); d-- {
			run0++
			if run0 >= R-1 {
				break
			}
		}
		if prevT >= 0 {
			run0 = min(run0, capW)
		} else {
			run0 = min(run0, capO)
		}
	}
	for x := range val {
		val[x] = math.Inf(1)
	}
	choiceCost := func(i, c int) (float64, int, int, int) { // cost, template, start, minutes
		if c == 0 {
			return offCost[i], -1, 0, 0
		}
		cd := cands[i][c-1]
		return cd.cost + extra[cd.t], cd.t, cd.start, cd.minute
	}
	d := from
	for c := 0; c <= len(cands[0]); c++ {
		cost, t, start, mins := choiceCost(0, c)
		nr, pen, ok := trans(prevT, prevEnd, run0, d, t, start)
		if !ok {
			continue
		}
		u := 0
		if trackMinutes {
			u = min(mins, U-1)
		}
		q := 0
		if t >= 0 && t == track {
			if Q == 1 {
				continue
			}
			q = 1
		}
		x := enc(c, nr, u, min(weekendInc(d, prevT >= 0, t >= 0), W-1), q)
		if v := cost + pen; v < val[x] {
			val[x] = v
			parent[x] = -1
		}
	}
	active := s.dp.active[:0]
	for x, v := range val {
		if !math.IsInf(v, 1) {
			active = append(active, int32(x))
		}
	}
	for x := range next {
		next[x] = math.Inf(1)
	}
	nextActive := s.dp.nextActive[:0]
	for i := 1; i < n; i++ {
		d := from + i
		base := i * S
		s.dp.work += len(active) * (len(cands[i]) + 1)
		for _, x32 := range active {
			x := int(x32)
			v := val[x]
			q := x % Q
			y := x / Q
			w := y % W
			u := (y / W) % U
			run := (y / (W * U)) % R
			st := y / (W * U * R)
			pT, pEnd := -1, 0
			if st > 0 {
				pT, pEnd = cands[i-1][st-1].t, cands[i-1][st-1].end
			}
			for c := 0; c <= len(cands[i]); c++ {
				cost, t, start, mins := choiceCost(i, c)
				nr, pen, ok := trans(pT, pEnd, run, d, t, start)
				if !ok {
					continue
				}
				nu := u
				if trackMinutes {
					nu = min(u+mins, U-1)
				}
				nw := min(w+weekendInc(d, st > 0, t >= 0), W-1)
				nq := q
				if t >= 0 && t == track {
					if q+1 >= Q {
						continue
					}
					nq = q + 1
				}
				z := enc(c, nr, nu, nw, nq)
				if nv := v + cost + pen; nv < next[z] {
					if math.IsInf(next[z], 1) {
						nextActive = append(nextActive, int32(z))
					}
					next[z] = nv
					parent[base+z] = int32(x)
				}
			}
		}
		for _, x := range active {
			val[x] = math.Inf(1)
		}
		val, next = next, val
		active, nextActive = nextActive, active[:0]
	}
	s.dp.active, s.dp.nextActive = active, nextActive

	// The days after the window: the first run there.
	sufOn, sufRun, sufToEnd := false, 0, true
	sufT, sufStart := -1, 0
	if to < m.days {
		first := s.roster[a][to]
		sufOn = first.on
		if first.on {
			sufT = first.shift
			sufStart = s.placement(a, to, first).start
		}
		e := to
		for e < m.days && s.roster[a][e].on == sufOn {
			e++
		}
		sufRun = e - to
		sufToEnd = e == m.days
	}
	bestX, bestV := -1, math.Inf(1)
	for _, x32 := range active {
		x := int(x32)
		v := val[x]
		y := x / Q
		w := y % W
		u := (y / W) % U
		run := (y / (W * U)) % R
		st := y / (W * U * R)
		touchesStart := run < R-1 && to-run == 0
		if to < m.days {
			working := st > 0
			switch {
			case working && sufOn:
				last := cands[n-1][st-1]
				gap := sufStart - last.end
				if m.follows[last.t][sufT] || gap < 0 || (ag.MinRestMinutes != nil && gap < *ag.MinRestMinutes) {
					v += localPenalty
				}
				joined := run + sufRun
				if ag.MaxConsecutiveShifts != nil && joined > *ag.MaxConsecutiveShifts {
					v += localPenalty
				}
				if ag.MinConsecutiveShifts != nil && !sufToEnd && !touchesStart && joined < *ag.MinConsecutiveShifts {
					v += localPenalty
				}
			case working && !sufOn:
				if ag.MinConsecutiveShifts != nil && !touchesStart && run < *ag.MinConsecutiveShifts {
					v += localPenalty
				}
				if ag.MinConsecutiveDaysOff != nil && !sufToEnd && sufRun < *ag.MinConsecutiveDaysOff {
					v += localPenalty
				}
			case !working && sufOn:
				if ag.MinConsecutiveDaysOff != nil && !touchesStart && run > 0 && run < *ag.MinConsecutiveDaysOff {
					v += localPenalty
				}
				if ag.MinConsecutiveShifts != nil && !sufToEnd && sufRun < *ag.MinConsecutiveShifts {
					v += localPenalty
				}
			default:
				if ag.MinConsecutiveDaysOff != nil && !sufToEnd && !touchesStart && run+sufRun < *ag.MinConsecutiveDaysOff {
					v += localPenalty
				}
			}
		}
		if trackMinutes {
			total := outMinutes + u*unit
			if track >= 0 {
				total += (x % Q) * m.paid[track]
			}
			if minMinutes != nil && total < *minMinutes {
				v += totalsPenalty * (1 + float64(*minMinutes-total)/perMinutes)
			}
			if maxMinutes != nil && total > *maxMinutes {
				v += totalsPenalty * (1 + float64(total-*maxMinutes)/perMinutes)
			}
			if s.opt.FairnessWeight > 0 {
				v += s.opt.FairnessWeight * s.fairness(a, len(outWeekends)+w, total)
			}
		}
		if trackWeekends {
			if maxWeekends != nil && len(outWeekends)+w > *maxWeekends {
				v += totalsPenalty * float64(len(outWeekends)+w-*maxWeekends)
			}
		}
		if v < bestV {
			bestX, bestV = x, v
		}
	}
	chosen := make([]int, n)
	x := bestX
	for i := n - 1; i >= 0 && x >= 0; i-- {
		chosen[i] = x / (Q * W * U * R)
		if i > 0 {
			x = int(parent[i*S+x])
		}
	}
	return chosen
}
