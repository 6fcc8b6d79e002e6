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
	first, w := s.minutesWorked(st, st+sh.DurationMinutes)
	for i := range w {
		cost += s.coverDelta(first+i, k, 0, w[i])
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
			if overlapsBreaks(sh.Breaks, breaks, off, b.DurationMinutes) {
				continue
			}
			if dl := s.breakDelta(st+off, b.DurationMinutes, first, k, w); dl < bestDelta {
				bestOff, bestDelta = off, dl
			}
		}
		if bestOff < 0 { // every offset overlaps an earlier break: the checker will say so
			bestOff = offs[0]
			bestDelta = 0
		}
		s.takeBreak(st+bestOff, b.DurationMinutes, first, w)
		cost += bestDelta
		breaks = append(breaks, bestOff)
	}
	return cost, breaks
}

// minutesWorked fills search.work with the minutes a shift from st to end
// (real minutes) works in each interval from first on, up to the
// horizon's end.
func (s *search) minutesWorked(st, end int) (first int, w []int) {
	m := s.m
	limit := m.nIntervals * m.interval
	first = max(st, 0) / m.interval
	w = s.work[:0]
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
	return first, w
}

// coverDelta is what changing one agent's minutes in real interval kk from
// from to to adds to the cover cost of the whole (skill 0) and of skill k.
func (s *search) coverDelta(kk, k, from, to int) float64 {
	m := s.m
	if kk < 0 || kk >= m.nIntervals {
		return 0
	}
	c := m.intervalCost(0, kk, s.cover[0][kk]+to) - m.intervalCost(0, kk, s.cover[0][kk]+from)
	if k != 0 {
		c += m.intervalCost(k, kk, s.cover[k][kk]+to) - m.intervalCost(k, kk, s.cover[k][kk]+from)
	}
	return c
}

// overlapsBreaks reports whether a break of dur minutes at offset off
// overlaps one of the shift's breaks (all) placed before it (at offsets
// breaks).
func overlapsBreaks(all []Break, breaks []int, off, dur int) bool {
	overlap := false
	for q, prev := range breaks {
		if off < prev+all[q].DurationMinutes && prev < off+dur {
			overlap = true
		}
	}
	return overlap
}

// breakDelta is what a break of dur minutes from real minute at saves or
// costs on the cover, given the minutes w the shift works from interval
// first on.
func (s *search) breakDelta(at, dur, first, k int, w []int) float64 {
	m := s.m
	dl := 0.0
	for t0 := at; t0 < at+dur; {
		next := min(at+dur, (floorDiv(t0, m.interval)+1)*m.interval)
		i := floorDiv(t0, m.interval) - first
		if i >= 0 && i < len(w) {
			dl += s.coverDelta(first+i, k, w[i], w[i]-(next-t0))
		}
		t0 = next
	}
	return dl
}

// takeBreak takes a break of dur minutes from real minute at out of the
// minutes w worked from interval first on.
func (s *search) takeBreak(at, dur, first int, w []int) {
	m := s.m
	for t0 := at; t0 < at+dur; {
		next := min(at+dur, (floorDiv(t0, m.interval)+1)*m.interval)
		i := floorDiv(t0, m.interval) - first
		if i >= 0 && i < len(w) {
			w[i] -= next - t0
		}
		t0 = next
	}
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
// [0, to) so that early windows leave room for later ones: minutes by the
// share of the horizon's demanded work those days hold (a year whose
// demand doubles towards its end needs the hours there, not spent evenly
// on over-covered early weeks), weekends by the share of days.
func (s *search) limits(ag Agent, to int) (minMinutes, maxMinutes, maxWeekends *int) {
	minMinutes, maxMinutes, maxWeekends = ag.MinMinutes, ag.MaxMinutes, ag.MaxWeekends
	if !s.building || to >= s.m.days {
		return
	}
	share := s.workShare(to)
	if minMinutes != nil {
		// Aim between min and max so that the last window is not left to
		// catch up more than it can.
		target := *minMinutes
		if maxMinutes != nil {
			target = (*minMinutes + *maxMinutes) / 2
		}
		v := int(float64(target) * share)
		minMinutes = &v
	}
	if maxMinutes != nil {
		v := int(math.Ceil(float64(*maxMinutes) * share))
		maxMinutes = &v
	}
	if maxWeekends != nil {
		// Rounded down: a weekend taken too early cannot be given back.
		v := *maxWeekends * to / s.m.days
		maxWeekends = &v
	}
	return
}

// workShare is the share of the horizon's totals the days [0, to) may
// spend while the roster is built window by window.
func (s *search) workShare(to int) float64 {
	days := float64(to) / float64(s.m.days)
	// Within a quarter of the days' share: a window asked to work far
	// less than its days' share leaves the last ones more to catch up than
	// runs and rest allow.
	return min(max(s.m.workShare[to], days*(1-paceSlack)), days*(1+paceSlack))
}

// paceSlack bounds how far the demand's pace may stray from the days'.
const paceSlack = 0.25

// reoptimize replaces agent a's days [from, to) by the cheapest sequence
// the dynamic program finds given everyone else. noise > 0 perturbs the
// day costs to diversify the search.
//
// It clears the window, lists each day's options (windowOptions), picks the
// template the state counts and the unit it counts minutes in, runs the
// dynamic program until her max_shifts hold (dynamicWithinLimits) and
// writes the chosen days back.
func (s *search) reoptimize(a, from, to int, noise float64) {
	for d := from; d < to; d++ {
		s.set(a, d, slot{})
	}
	var allowed []int // the templates she may work
	for t := range s.m.p.Shifts {
		if s.m.shiftAllowed(a, t) {
			allowed = append(allowed, t)
		}
	}
	// offCost is per day the cost of a day off (her requests to work,
	// noise). Made here and handed down apart from the other options, it
	// stays on the stack on short windows.
	offCost := make([]float64, to-from)
	o := s.windowOptions(a, from, to, noise, allowed, offCost)
	// One template with a small max_shifts is counted in the state (the
	// rest are priced by dynamicWithinLimits): Curtois-style limits such
	// as four night shifts a month are exact this way. Its minutes come
	// from its count, so the minutes of the others can use a coarser unit.
	o.track, o.left = s.trackedTemplate(a, from, to, o.cands)
	o.setMinuteUnit(s.m, allowed)
	chosen := s.dynamicWithinLimits(a, from, to, &o, offCost)
	for i, c := range chosen {
		if c > 0 {
			s.set(a, from+i, o.cands[i][c-1].sl)
		}
	}
	s.agent[a] = s.agentCost(a)
}

// dpOptions are what the dynamic program chooses among on each day of a
// window, and how its state counts them.
type dpOptions struct {
	cands [][]candidate // per day: the cheapest few templates, cheapest first
	// unit is the minutes one step of the state's minute count stands
	// for; maxPaid the most paid minutes of a day's template.
	unit, maxPaid int
	// track is the template whose uses the state counts (-1: none), left
	// how many more the window may have.
	track, left int
}

// usesOutside counts in used (one per template, zero) agent a's shifts
// outside [from, to). The caller makes used, so that it can stay on the
// stack.
func (s *search) usesOutside(a, from, to int, used []int) []int {
	for d, sl := range s.roster[a] {
		if sl.on && (d < from || d >= to) {
			used[sl.shift]++
		}
	}
	return used
}

// maxShifts is agent ag's max_shifts for template t (ok false: none).
// While the roster is built window by window it is scaled to the days
// [0, to) by their share of the work, rounded up, as limits scales her
// minutes.
func (s *search) maxShifts(ag *Agent, t, to int) (limit int, ok bool) {
	limit, ok = ag.MaxShifts[s.m.p.Shifts[t].ID]
	if ok && s.building && to < s.m.days {
		limit = int(math.Ceil(float64(limit) * s.workShare(to)))
	}
	return limit, ok
}

// windowOptions prices agent a's options on each day of [from, to): a day
// off (into offCost), or the best placement of each template she may
// work. Templates
// whose max_shifts the days outside the window already use up are no
// candidates: they would crowd out the ones she may work.
func (s *search) windowOptions(a, from, to int, noise float64, allowed []int, offCost []float64) dpOptions {
	m := s.m
	ag := &m.p.Agents[a]
	dayOff := make([]bool, m.days)
	for _, d := range ag.DaysOff {
		dayOff[d] = true
	}
	outside := s.usesOutside(a, from, to, make([]int, len(m.p.Shifts)))
	exhausted := make([]bool, len(m.p.Shifts))
	for t := range m.p.Shifts {
		if limit, ok := s.maxShifts(ag, t, to); ok {
			exhausted[t] = outside[t] >= limit
		}
	}
	n := to - from
	o := dpOptions{cands: make([][]candidate, n)}
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
		if !dayOff[d] {
			o.cands[i] = s.dayCandidates(a, d, allowed, exhausted, noise)
		}
	}
	return o
}

// dayCandidates are the cheapest few (search.candidates) templates agent
// a may work on day d, each at its best start, skill and breaks, cheapest
// first. Keeping few keeps the dynamic program's state space small on
// instances with dozens of templates.
func (s *search) dayCandidates(a, d int, allowed []int, exhausted []bool, noise float64) []candidate {
	var prices *dayPrices
	if s.fast {
		prices = s.pricesFor(a, d, allowed)
	}
	var cands []candidate
	for _, t := range allowed {
		if exhausted[t] {
			continue
		}
		best := s.bestPlacement(a, d, t, prices)
		if noise > 0 {
			// A small pull towards working: on rosters where every
			// agent must work her most, it fills capacity that the
			// swaps and ejections then move to where it is short.
			best.cost += noise * (5*s.rng.Float64() - 3)
		}
		cands = append(cands, best)
	}
	sorted := cands // never assigned again: the closure copies it, not a heap cell
	sort.SliceStable(sorted, func(x, y int) bool { return sorted[x].cost < sorted[y].cost })
	return sorted[:min(len(sorted), s.candidates)]
}

// bestPlacement is the cheapest way for agent a to work template t on day
// d: over its starts and her skills, breaks placed where they cost least
// (priced from prices when given, the fast path on an aligned grid).
func (s *search) bestPlacement(a, d, t int, prices *dayPrices) candidate {
	m := s.m
	best := candidate{t: t, cost: math.Inf(1)}
	for _, st := range s.starts[t] {
		for j, k := range s.skills[a] {
			if c, br := s.priceOption(a, d, t, st, j, k, prices); c < best.cost {
				best.cost = c
				best.sl = slot{on: true, shift: t, start: st, skill: k, breaks: br}
			}
		}
	}
	best.start = m.at(d, best.sl.start)
	best.end = best.start + m.p.Shifts[t].DurationMinutes
	best.paid = m.paid[t]
	return best
}

// priceOption prices agent a working template t at wall-clock start on
// day d for her j-th skill k: by optionCostFast from prices when given (an
// aligned grid), else by optionCost. It returns the cost and the breaks.
func (s *search) priceOption(a, d, t, start, j, k int, prices *dayPrices) (float64, []int) {
	if prices != nil {
		return s.optionCostFast(a, d, t, start, j, prices)
	}
	return s.optionCost(a, d, t, start, k)
}

// setMinuteUnit sets the unit the state counts paid minutes in: the
// greatest common divisor of the paid minutes of the templates she may
// work, less the tracked one (its minutes come from its count), so that
// no minute is lost and the count stays short.
func (o *dpOptions) setMinuteUnit(m *model, allowed []int) {
	o.unit, o.maxPaid = 0, 0
	for _, t := range allowed {
		if t != o.track && m.paid[t] > 0 {
			o.unit = gcd(o.unit, m.paid[t])
			o.maxPaid = max(o.maxPaid, m.paid[t])
		}
	}
	if o.unit == 0 {
		o.unit = 1
	}
	for i := range o.cands {
		for j := range o.cands[i] {
			if c := &o.cands[i][j]; c.t != o.track {
				c.minute = m.paid[c.t] / o.unit
			}
		}
	}
}

// dynamicWithinLimits runs the dynamic program over agent a's days
// [from, to) and keeps her max_shifts beyond the one template the state
// counts by pricing them: each template over its limit gets a price per
// shift, doubled until the limits hold (six rounds at most), then tried
// once halfway back so as not to overshoot. It returns the dynamic
// program's choices (see dynamic).
func (s *search) dynamicWithinLimits(a, from, to int, o *dpOptions, offCost []float64) []int {
	// extra is, per template, the price of one more shift of it; lower
	// the last price that was not enough.
	extra := make([]float64, len(s.m.p.Shifts))
	lower := make([]float64, len(s.m.p.Shifts))
	over := func(chosen []int) bool { return s.overMaxShifts(a, from, to, o, chosen, extra, lower) }
	chosen := s.dynamic(a, from, to, o, offCost, extra)
	for round := 0; round < 6 && over(chosen); round++ {
		chosen = s.dynamic(a, from, to, o, offCost, extra)
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
		if c := s.dynamic(a, from, to, o, offCost, extra); !over(c) {
			chosen = c
		}
	}
	return chosen
}

// overMaxShifts reports whether the days chosen in [from, to) break one
// of agent a's max_shifts, and raises the price (extra) of each template
// whose limit they break, keeping the price that was not enough in lower.
func (s *search) overMaxShifts(a, from, to int, o *dpOptions, chosen []int, extra, lower []float64) bool {
	ag := &s.m.p.Agents[a]
	used := s.usesOutside(a, from, to, make([]int, len(s.m.p.Shifts)))
	for i, c := range chosen {
		if c > 0 {
			used[o.cands[i][c-1].t]++
		}
	}
	broken := false
	for t := range s.m.p.Shifts {
		limit, ok := s.maxShifts(ag, t, to)
		if !ok {
			continue
		}
		if used[t] > limit {
			broken = true
			lower[t] = extra[t]
			extra[t] = max(2*extra[t], 8)
		}
	}
	return broken
}

// trackedTemplate picks the template with the fewest uses left (under 16)
// among the candidates, to be counted in the dynamic program's state
// (none when search.trackScarce is off).
func (s *search) trackedTemplate(a, from, to int, cands [][]candidate) (track, left int) {
	m := s.m
	ag := &m.p.Agents[a]
	outside := s.usesOutside(a, from, to, make([]int, len(m.p.Shifts)))
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
	for t := range m.p.Shifts {
		limit, ok := s.maxShifts(ag, t, to)
		if !ok || !used[t] {
			continue
		}
		if l := max(limit-outside[t], 0); l < left {
			track, left = t, l
		}
	}
	return track, left
}

// dpRun is one run of the dynamic program over agent a's days [from, to).
//
// A state is what the days ahead need to know of the days behind: the
// choice of the last day (st: 0 off, 1 + candidate index; its template
// and end decide what may follow), the length of the current run of
// working days or days off (run, counted up to the longest a rule looks
// at), the paid minutes so far (u, in units, counted up to the most a
// limit looks at), the weekends worked so far (w) and the uses of the
// tracked template (q). States are numbered by enc, S a day; only the
// reachable ones (the active lists) are visited. Counting rules are
// priced by penalty rather than forbidden, so a path always exists and an
// infeasible agent gets the least bad one.
type dpRun struct {
	s           *search
	m           *model
	ag          *Agent
	o           *dpOptions
	offCost     []float64 // per day: the cost of a day off
	extra       []float64 // per template: the price of one more shift of it
	a, from, to int
	n           int // days in the window

	// capW and capO are the longest runs of working days and of days off
	// the state tells apart.
	capW, capO int
	// R, U, W and Q are the sizes of the run, minutes, weekends and
	// tracked-uses dimensions; S = (candidates+1) * R * U * W * Q.
	R, U, W, Q, S               int
	trackMinutes, trackWeekends bool

	// The horizon totals, priced on the window's last day.
	minMinutes, maxMinutes, maxWeekends *int
	totalsPenalty, perMinutes           float64
	outMinutes                          int // paid minutes outside the window
	outWeekends                         int // weekends worked outside the window
}

// dynamic runs the dynamic program over days [from, to) of agent a and
// returns, per day, 0 for off or 1 + the index of the chosen candidate.
// offCost is the cost of each day off; extra prices each shift of a
// template on top of its day's cost.
func (s *search) dynamic(a, from, to int, o *dpOptions, offCost, extra []float64) []int {
	r := dpRun{s: s, m: s.m, ag: &s.m.p.Agents[a], o: o, offCost: offCost, extra: extra, a: a, from: from, to: to, n: to - from}
	// Set here, not in layout: stored through a pointer, the limits would
	// send what r points to (the options' buffers) to the heap.
	r.minMinutes, r.maxMinutes, r.maxWeekends = s.limits(s.m.p.Agents[a], to)
	r.layout()
	val, next, parent := r.tables()
	prevT, prevEnd, run0 := r.entry()
	r.firstDay(val, parent, prevT, prevEnd, run0)
	val, active := r.forward(&s.dp, val, next, parent)
	return r.backtrack(parent, r.best(val, active))
}

// layout sizes the state: each dimension only as long as a rule of hers
// looks at it, since the table grows with their product.
func (r *dpRun) layout() {
	s, m, ag := r.s, r.m, r.ag
	r.capW, r.capO = 1, 1
	if ag.MaxConsecutiveShifts != nil {
		r.capW = max(*ag.MaxConsecutiveShifts, 1)
	} else if ag.MinConsecutiveShifts != nil {
		r.capW = max(*ag.MinConsecutiveShifts, 1)
	}
	if ag.MinConsecutiveDaysOff != nil {
		r.capO = max(*ag.MinConsecutiveDaysOff, 1)
	}
	r.R = max(r.capW, r.capO) + 1
	K := 0
	for i := range r.o.cands {
		K = max(K, len(r.o.cands[i]))
	}
	// While building, the horizon totals are only scaled targets: missing
	// them must not cost as much as a broken rule, which is real.
	// Each minute off target must still outweigh any cover it buys.
	r.totalsPenalty, r.perMinutes = penalty, float64(minuteUnits)
	if s.building && r.to < m.days {
		r.totalsPenalty, r.perMinutes = penalty/1000, 60
	}
	r.trackMinutes = r.minMinutes != nil || r.maxMinutes != nil || s.opt.FairnessWeight > 0
	r.trackWeekends = r.maxWeekends != nil || s.opt.FairnessWeight > 0
	windowWeekends := r.outside()
	r.U = 1
	if r.trackMinutes {
		// Minutes beyond what the rules care about share one state.
		r.U = r.n*r.o.maxPaid/r.o.unit + 1
		if r.maxMinutes != nil {
			r.U = min(r.U, max(*r.maxMinutes-r.outMinutes, 0)/r.o.unit+2)
		} else if r.minMinutes != nil && s.opt.FairnessWeight == 0 {
			r.U = min(r.U, max(*r.minMinutes-r.outMinutes, 0)/r.o.unit+2)
		}
	}
	r.W = 1
	if r.trackWeekends {
		r.W = windowWeekends + 1
	}
	r.Q = 1
	if r.o.track >= 0 {
		r.Q = r.o.left + 1
	}
	r.S = (K + 1) * r.R * r.U * r.W * r.Q
}

// outside sets the paid minutes and the weekends she works outside the
// window, and returns how many weekends the window touches.
func (r *dpRun) outside() (windowWeekends int) {
	m, roster := r.m, r.s.roster[r.a]
	inWindow := map[int]bool{}
	worked := map[int]bool{}
	for d := range m.days {
		if m.weekendDay[d] == weekendNone {
			continue
		}
		if d >= r.from && d < r.to {
			inWindow[m.weekendDay[d]] = true
		} else if roster[d].on {
			worked[m.weekendDay[d]] = true
		}
	}
	r.outMinutes = 0
	for d, sl := range roster {
		if sl.on && (d < r.from || d >= r.to) {
			r.outMinutes += m.paid[sl.shift]
		}
	}
	r.outWeekends = len(worked)
	return len(inWindow)
}

// enc numbers a state; dec is its inverse.
func (r *dpRun) enc(st, run, u, w, q int) int {
	return (((st*r.R+run)*r.U+u)*r.W+w)*r.Q + q
}

func (r *dpRun) dec(x int) (st, run, u, w, q int) {
	q = x % r.Q
	y := x / r.Q
	w = y % r.W
	u = (y / r.W) % r.U
	run = (y / (r.W * r.U)) % r.R
	st = y / (r.W * r.U * r.R)
	return st, run, u, w, q
}

// tables returns the values of one day's states and the next's, all
// unreachable, and the parent of each state of each day, in the search's
// buffers (grown when too small, never shrunk).
func (r *dpRun) tables() (val, next []float64, parent []int32) {
	dp, S := &r.s.dp, r.S
	if cap(dp.val) < S {
		dp.val = make([]float64, S)
		dp.next = make([]float64, S)
	}
	val, next = dp.val[:S], dp.next[:S]
	if cap(dp.parent) < r.n*S {
		dp.parent = make([]int32, r.n*S)
	}
	for x := range val {
		val[x] = math.Inf(1)
	}
	for x := range next {
		next[x] = math.Inf(1)
	}
	return val, next, dp.parent[:r.n*S]
}

// choice is day i's choice c (0: off, 1 + candidate index): its cost,
// template (-1: off), start and minutes in units.
func (r *dpRun) choice(i, c int) (cost float64, t, start, minutes int) {
	if c == 0 {
		return r.offCost[i], -1, 0, 0
	}
	cd := &r.o.cands[i][c-1]
	return cd.cost + r.extra[cd.t], cd.t, cd.start, cd.minute
}

// step moves from the previous day (prevT -1: off; prevEnd: the end of
// its shift), which closes a run of run days, to template t (-1: off)
// starting at start on day d. It returns the new run and the penalty of
// the rules on runs the move breaks, or false when t may not follow at
// all (a succession she may not work, or too short a rest). A run that
// begins on the horizon's first day (d-run == 0) may be shorter than
// its minimum: the days before the horizon are unknown.
func (r *dpRun) step(prevT, prevEnd, run, d, t, start int) (int, float64, bool) {
	ag := r.ag
	if t < 0 {
		if prevT < 0 {
			return min(run+1, r.capO), 0, true
		}
		pen := 0.0
		if ag.MinConsecutiveShifts != nil && run < *ag.MinConsecutiveShifts && d-run != 0 {
			pen = localPenalty
		}
		return 1, pen, true
	}
	if prevT >= 0 {
		if r.m.follows[prevT][t] {
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
		return min(nr, r.capW), pen, true
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

// weekendInc is 1 when working day d starts a weekend worked: its
// Saturday, or its Sunday after a Saturday off.
func (r *dpRun) weekendInc(d int, prevWorking, working bool) int {
	if !r.trackWeekends || !working || r.m.weekendDay[d] == weekendNone {
		return 0
	}
	if r.m.weekendDay[d] == d || !prevWorking {
		return 1
	}
	return 0
}

// entry is the state before the window, from the fixed days before it:
// the last day's template (-1: off) and end, and the run it closes,
// counted up to what the state tells apart.
func (r *dpRun) entry() (prevT, prevEnd, run int) {
	prevT = -1
	if r.from == 0 {
		return prevT, 0, 0
	}
	roster := r.s.roster[r.a]
	if sl := roster[r.from-1]; sl.on {
		prevT = sl.shift
		prevEnd = r.s.placement(r.a, r.from-1, sl).end
	}
	for d := r.from - 1; d >= 0 && roster[d].on == (prevT >= 0); d-- {
		run++
		if run >= r.R-1 {
			break
		}
	}
	if prevT >= 0 {
		run = min(run, r.capW)
	} else {
		run = min(run, r.capO)
	}
	return prevT, prevEnd, run
}

// firstDay sets the states reachable on the window's first day from the
// state before it.
func (r *dpRun) firstDay(val []float64, parent []int32, prevT, prevEnd, run0 int) {
	d := r.from
	for c := 0; c <= len(r.o.cands[0]); c++ {
		cost, t, start, mins := r.choice(0, c)
		nr, pen, ok := r.step(prevT, prevEnd, run0, d, t, start)
		if !ok {
			continue
		}
		u := 0
		if r.trackMinutes {
			u = min(mins, r.U-1)
		}
		q := 0
		if t >= 0 && t == r.o.track {
			if r.Q == 1 {
				continue
			}
			q = 1
		}
		x := r.enc(c, nr, u, min(r.weekendInc(d, prevT >= 0, t >= 0), r.W-1), q)
		if v := cost + pen; v < val[x] {
			val[x] = v
			parent[x] = -1
		}
	}
}

// forward moves the reachable states day by day to the window's last day,
// whose values and reachable states it returns. Each day's values are
// reset as they are read, so that the two buffers swap without a pass
// over the whole table.
func (r *dpRun) forward(dp *dpScratch, val, next []float64, parent []int32) ([]float64, []int32) {
	active := dp.active[:0]
	for x, v := range val {
		if !math.IsInf(v, 1) {
			active = append(active, int32(x))
		}
	}
	nextActive := dp.nextActive[:0]
	for i := 1; i < r.n; i++ {
		dp.work += len(active) * (len(r.o.cands[i]) + 1)
		for _, x32 := range active {
			nextActive = r.expand(i, int(x32), val[x32], next, parent[i*r.S:], nextActive)
		}
		for _, x := range active {
			val[x] = math.Inf(1)
		}
		val, next = next, val
		active, nextActive = nextActive, active[:0]
	}
	dp.active, dp.nextActive = active, nextActive
	return val, active
}

// expand tries each choice of day i after state x of day i-1 (value v),
// keeping in next the cheapest way to each state and in parent (day i's)
// where it came from. It returns nextActive with the states it reached
// first.
func (r *dpRun) expand(i, x int, v float64, next []float64, parent []int32, nextActive []int32) []int32 {
	d := r.from + i
	st, run, u, w, q := r.dec(x)
	pT, pEnd := -1, 0
	if st > 0 {
		prev := &r.o.cands[i-1][st-1]
		pT, pEnd = prev.t, prev.end
	}
	for c := 0; c <= len(r.o.cands[i]); c++ {
		cost, t, start, mins := r.choice(i, c)
		nr, pen, ok := r.step(pT, pEnd, run, d, t, start)
		if !ok {
			continue
		}
		nu := u
		if r.trackMinutes {
			nu = min(u+mins, r.U-1)
		}
		nw := min(w+r.weekendInc(d, st > 0, t >= 0), r.W-1)
		nq := q
		if t >= 0 && t == r.o.track {
			if q+1 >= r.Q {
				continue
			}
			nq = q + 1
		}
		z := r.enc(c, nr, nu, nw, nq)
		if nv := v + cost + pen; nv < next[z] {
			if math.IsInf(next[z], 1) {
				nextActive = append(nextActive, int32(z))
			}
			next[z] = nv
			parent[z] = int32(x)
		}
	}
	return nextActive
}

// dpSuffix is the first run of days after the window, which the window's
// last run joins.
type dpSuffix struct {
	on    bool // working days (else days off)
	run   int  // its length
	toEnd bool // it lasts to the horizon's end
	t     int  // the template of its first day (on)
	start int  // the start of its first day (on)
}

// suffix is the first run of days after the window (none when the window
// ends the horizon: toEnd and run 0).
func (r *dpRun) suffix() dpSuffix {
	suf := dpSuffix{toEnd: true, t: -1}
	if r.to >= r.m.days {
		return suf
	}
	roster := r.s.roster[r.a]
	first := roster[r.to]
	suf.on = first.on
	if first.on {
		suf.t = first.shift
		suf.start = r.s.placement(r.a, r.to, first).start
	}
	e := r.to
	for e < r.m.days && roster[e].on == suf.on {
		e++
	}
	suf.run = e - r.to
	suf.toEnd = e == r.m.days
	return suf
}

// best is the cheapest of the last day's reachable states once the rules
// that look past the window (joinCost) and the horizon totals
// (totalsCost) are priced; -1 when none is reachable.
func (r *dpRun) best(val []float64, active []int32) int {
	suf := r.suffix()
	bestX, bestV := -1, math.Inf(1)
	for _, x32 := range active {
		x := int(x32)
		st, run, u, w, q := r.dec(x)
		v := val[x]
		if r.to < r.m.days {
			v = r.joinCost(v, st, run, suf)
		}
		v = r.totalsCost(v, u, w, q)
		if v < bestV {
			bestX, bestV = x, v
		}
	}
	return bestX
}

// joinCost adds to v the penalties of the rules broken where the window's
// last run (choice st, length run) meets the days after it: rest and
// successions into the next shift, and the runs the two make together.
// A run that reaches back to the horizon's start (touchesStart) or on
// to its end may be short.
func (r *dpRun) joinCost(v float64, st, run int, suf dpSuffix) float64 {
	ag := r.ag
	touchesStart := run < r.R-1 && r.to-run == 0
	working := st > 0
	switch {
	case working && suf.on:
		last := &r.o.cands[r.n-1][st-1]
		gap := suf.start - last.end
		if r.m.follows[last.t][suf.t] || gap < 0 || (ag.MinRestMinutes != nil && gap < *ag.MinRestMinutes) {
			v += localPenalty
		}
		joined := run + suf.run
		if ag.MaxConsecutiveShifts != nil && joined > *ag.MaxConsecutiveShifts {
			v += localPenalty
		}
		if ag.MinConsecutiveShifts != nil && !suf.toEnd && !touchesStart && joined < *ag.MinConsecutiveShifts {
			v += localPenalty
		}
	case working && !suf.on:
		if ag.MinConsecutiveShifts != nil && !touchesStart && run < *ag.MinConsecutiveShifts {
			v += localPenalty
		}
		if ag.MinConsecutiveDaysOff != nil && !suf.toEnd && suf.run < *ag.MinConsecutiveDaysOff {
			v += localPenalty
		}
	case !working && suf.on:
		if ag.MinConsecutiveDaysOff != nil && !touchesStart && run > 0 && run < *ag.MinConsecutiveDaysOff {
			v += localPenalty
		}
		if ag.MinConsecutiveShifts != nil && !suf.toEnd && suf.run < *ag.MinConsecutiveShifts {
			v += localPenalty
		}
	default:
		if ag.MinConsecutiveDaysOff != nil && !suf.toEnd && !touchesStart && run+suf.run < *ag.MinConsecutiveDaysOff {
			v += localPenalty
		}
	}
	return v
}

// totalsCost adds to v the horizon totals of a final state (u units of
// minutes, w weekends and q uses of the tracked template in the window):
// paid minutes within her limits, weekends within hers, and fairness.
func (r *dpRun) totalsCost(v float64, u, w, q int) float64 {
	if r.trackMinutes {
		total := r.outMinutes + u*r.o.unit
		if r.o.track >= 0 {
			total += q * r.m.paid[r.o.track]
		}
		if r.minMinutes != nil && total < *r.minMinutes {
			v += r.totalsPenalty * (1 + float64(*r.minMinutes-total)/r.perMinutes)
		}
		if r.maxMinutes != nil && total > *r.maxMinutes {
			v += r.totalsPenalty * (1 + float64(total-*r.maxMinutes)/r.perMinutes)
		}
		if r.s.opt.FairnessWeight > 0 {
			v += r.s.opt.FairnessWeight * r.s.fairness(r.a, r.outWeekends+w, total)
		}
	}
	if r.trackWeekends {
		if r.maxWeekends != nil && r.outWeekends+w > *r.maxWeekends {
			v += r.totalsPenalty * float64(r.outWeekends+w-*r.maxWeekends)
		}
	}
	return v
}

// backtrack rebuilds the window's choices from final state x by the
// parents: per day, 0 for off or 1 + the index of the chosen candidate.
func (r *dpRun) backtrack(parent []int32, x int) []int {
	chosen := make([]int, r.n)
	for i := r.n - 1; i >= 0 && x >= 0; i-- {
		chosen[i] = x / (r.Q * r.W * r.U * r.R)
		if i > 0 {
			x = int(parent[i*r.S+x])
		}
	}
	return chosen
}
