package schedule

import "math"

// The moves of the interval-demand search (rosters with flexible starts,
// breaks and skills) besides replanMove (issue 21).

// ruinRecreateMove removes one agent's whole horizon and re-plans it
// exactly against the cover the others leave: the dynamic program over
// her days chooses, among every contract-feasible sequence of days, the
// best template, start, skill and break placement per day (breaks where
// the requirement has gaps). It is the per-agent ruin and recreate of the
// issue, run as a move of the late-acceptance search.
func (s *search) ruinRecreateMove(mv *move) {
	m := s.m
	a := s.rng.IntN(len(m.p.Agents))
	before := s.coverTotal()
	mv.agents = []int{a}
	mv.oldCost = []float64{s.agent[a]}
	saved := append([]slot(nil), s.roster[a]...)
	s.reoptimize(a, 0, m.days, 0)
	for d := range m.days {
		if !sameSlot(saved[d], s.roster[a][d]) {
			mv.cells = append(mv.cells, cellChange{a, d, saved[d], s.roster[a][d]})
		}
	}
	mv.newCost = []float64{s.agent[a]}
	mv.coverDelta = s.coverTotal() - before
}

func sameSlot(x, y slot) bool {
	if x.on != y.on || !x.on {
		return x.on == y.on
	}
	if x.shift != y.shift || x.start != y.start || x.skill != y.skill || len(x.breaks) != len(y.breaks) {
		return false
	}
	for i := range x.breaks {
		if x.breaks[i] != y.breaks[i] {
			return false
		}
	}
	return true
}

// retimeMove re-places one worked day of one agent: the best template of
// the same paid length, start, skill and breaks against the cover of
// everyone else, keeping her rest and successions with the days around.
// Her totals (minutes, days, weekends) stay, so only the cover, the shift
// demand of the day and her requests and max_shifts can change: a move
// about a twentieth of the price of re-planning her horizon.
func (s *search) retimeMove(mv *move) {
	a, d, ok := s.workedDay()
	if !ok {
		return
	}
	old := s.roster[a][d]
	prevT, nextT, lo, hi := s.neighbours(a, d)
	templates, spanLo, spanHi := s.retimeTemplates(a, d, old, prevT, nextT)
	before := s.coverSpan(spanLo, spanHi) + s.shiftCover(d)
	s.set(a, d, slot{})
	best := s.bestRetime(a, d, old, templates, lo, hi)
	s.set(a, d, best)
	mv.cells = []cellChange{{a, d, old, best}}
	mv.agents = []int{a}
	mv.oldCost = []float64{s.agent[a]}
	s.agent[a] = s.agentCost(a)
	mv.newCost = []float64{s.agent[a]}
	mv.coverDelta = s.coverSpan(spanLo, spanHi) + s.shiftCover(d) - before
}

// workedDay draws an agent and up to five of her days for one she works
// (false: none drawn).
func (s *search) workedDay() (a, d int, ok bool) {
	m := s.m
	a = s.rng.IntN(len(m.p.Agents))
	d = s.rng.IntN(m.days)
	for try := 0; try < 4 && !s.roster[a][d].on; try++ {
		d = s.rng.IntN(m.days)
	}
	return a, d, s.roster[a][d].on
}

// neighbours reads agent a's days around d: the templates she works the
// day before and after (-1: off or outside the horizon) and the bounds
// [lo, hi] of real minutes her rest leaves a shift on day d.
func (s *search) neighbours(a, d int) (prevT, nextT, lo, hi int) {
	rest := 0
	if r := s.m.p.Agents[a].MinRestMinutes; r != nil {
		rest = *r
	}
	prevT, nextT = -1, -1
	lo, hi = math.MinInt, math.MaxInt
	if d > 0 && s.roster[a][d-1].on {
		prev := s.roster[a][d-1]
		prevT = prev.shift
		lo = s.placement(a, d-1, prev).end + rest
	}
	if d+1 < s.m.days && s.roster[a][d+1].on {
		next := s.roster[a][d+1]
		nextT = next.shift
		hi = s.placement(a, d+1, next).start - rest
	}
	return prevT, nextT, lo, hi
}

// retimeTemplates lists the templates agent a may work on day d in place
// of old: the same paid length, allowed to her, and neither following
// prevT nor followed by nextT where a succession forbids it. [spanLo,
// spanHi) is the span of real minutes old and any of them may touch,
// which the move prices before and after.
func (s *search) retimeTemplates(a, d int, old slot, prevT, nextT int) (templates []int, spanLo, spanHi int) {
	m := s.m
	spanLo, spanHi = s.placement(a, d, old).start, s.placement(a, d, old).end
	for t := range m.p.Shifts {
		if m.paid[t] != m.paid[old.shift] || !m.shiftAllowed(a, t) {
			continue
		}
		if (prevT >= 0 && m.follows[prevT][t]) || (nextT >= 0 && m.follows[t][nextT]) {
			continue
		}
		templates = append(templates, t)
		spanLo = min(spanLo, m.at(d, m.startMinute[t]))
		spanHi = max(spanHi, m.at(d, m.latestStart[t])+m.p.Shifts[t].DurationMinutes)
	}
	return templates, spanLo, spanHi
}

// bestRetime is the cheapest option for agent a on day d (her day
// cleared) among the templates, their starts that keep inside [lo, hi]
// and her skills, each with its best breaks; old when none is cheaper
// than +Inf.
func (s *search) bestRetime(a, d int, old slot, templates []int, lo, hi int) slot {
	m := s.m
	best, bestCost := old, math.Inf(1)
	var prices *dayPrices
	if s.fast {
		prices = s.pricesFor(a, d, templates)
	}
	for _, t := range templates {
		dur := m.p.Shifts[t].DurationMinutes
		for _, st := range s.starts[t] {
			at := m.at(d, st)
			if at < lo || at+dur > hi {
				continue
			}
			for j, k := range s.skills[a] {
				if c, br := s.priceOption(a, d, t, st, j, k, prices); c < bestCost {
					bestCost = c
					best = slot{on: true, shift: t, start: st, skill: k, breaks: br}
				}
			}
		}
	}
	return best
}

// coverSpan is the interval-demand cost of every skill over the intervals
// that real minutes [from, to) touch.
func (s *search) coverSpan(from, to int) float64 {
	m := s.m
	first := max(0, floorDiv(from, m.interval))
	last := min(m.nIntervals, floorDiv(to+m.interval-1, m.interval))
	c := 0.0
	for k := range s.cover {
		for i := first; i < last; i++ {
			c += m.intervalCost(k, i, s.cover[k][i])
		}
	}
	return c
}

// dayPrices are, for one day and each of an agent's skills, the prefix
// sums over real intervals of what one more agent for the whole interval
// changes in the interval-demand cost (her skill and the any-skill
// demand). On an aligned grid (every template and break a whole number of
// intervals) an option's cost is then a few differences of these sums,
// which is what makes re-planning a horizon cheap (optionCostFast).
type dayPrices struct {
	first  int         // real interval of prefix[.][0]
	prefix [][]float64 // per index into search.skills[a]
}

// aligned reports whether every template and break lasts whole intervals.
func (m *model) aligned() bool {
	for _, sh := range m.p.Shifts {
		if sh.DurationMinutes%m.interval != 0 {
			return false
		}
		for _, b := range sh.Breaks {
			if b.DurationMinutes%m.interval != 0 {
				return false
			}
		}
	}
	return true
}

// pricesFor fills s.prices for agent a on day d over every start of the
// templates ts.
func (s *search) pricesFor(a, d int, ts []int) *dayPrices {
	m := s.m
	lo, hi := math.MaxInt, math.MinInt
	for _, t := range ts {
		lo = min(lo, m.at(d, m.startMinute[t]))
		hi = max(hi, m.at(d, m.latestStart[t])+m.p.Shifts[t].DurationMinutes)
	}
	dp := &s.prices
	if lo > hi {
		dp.first = 0
		return dp
	}
	first, last := floorDiv(lo, m.interval), floorDiv(hi+m.interval-1, m.interval)
	dp.first = first
	for len(dp.prefix) < len(s.skills[a]) {
		dp.prefix = append(dp.prefix, nil)
	}
	for j, k := range s.skills[a] {
		p := append(dp.prefix[j][:0], 0)
		acc := 0.0
		for i := first; i < last; i++ {
			if i >= 0 && i < m.nIntervals {
				c := s.cover[0][i]
				acc += m.intervalCost(0, i, c+m.interval) - m.intervalCost(0, i, c)
				if k != 0 {
					c = s.cover[k][i]
					acc += m.intervalCost(k, i, c+m.interval) - m.intervalCost(k, i, c)
				}
			}
			p = append(p, acc)
		}
		dp.prefix[j] = p
	}
	return dp
}

// optionCostFast is optionCost on an aligned grid with the day's prices
// (skill j of the agent's skills): the same choice of breaks, each at the
// offset that costs least, trying them from the middle of the window out.
func (s *search) optionCostFast(a, d, t, start, j int, dp *dayPrices) (float64, []int) {
	m := s.m
	sh := m.p.Shifts[t]
	cost := s.shiftDayCost(a, d, t)
	p := dp.prefix[j]
	st := m.at(d, start)
	i0 := floorDiv(st, m.interval) - dp.first
	cost += p[i0+sh.DurationMinutes/m.interval] - p[i0]
	var breaks []int
	if len(sh.Breaks) > 0 {
		breaks = make([]int, 0, len(sh.Breaks))
	}
	for bj, b := range sh.Breaks {
		n := b.DurationMinutes / m.interval
		bestOff, bestDelta := -1, math.Inf(1)
		for _, off := range s.breakOrder[t][bj] {
			overlap := false
			for q, prev := range breaks {
				if off < prev+sh.Breaks[q].DurationMinutes && prev < off+b.DurationMinutes {
					overlap = true
				}
			}
			if overlap {
				continue
			}
			bi := i0 + off/m.interval
			if dl := p[bi] - p[bi+n]; dl < bestDelta {
				bestOff, bestDelta = off, dl
			}
		}
		if bestOff < 0 {
			bestOff, bestDelta = s.breakOrder[t][bj][0], 0
		}
		cost += bestDelta
		breaks = append(breaks, bestOff)
	}
	return cost, breaks
}
