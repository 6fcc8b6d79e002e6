package schedule

import (
	"context"
	"math"
	"time"
)

// The annealer is the search for rosters priced only by shift demand and
// requests (no interval demand, no fairness), such as the Curtois & Qu
// benchmark. There one agent-day is a template index or off, so a roster
// is a small integer matrix: a move changes a few cells, the cover cost
// changes by the demand of the days touched (O(1) a day), each agent's
// totals (uses per template, minutes, weekends) are kept as cells change,
// and an agent touched is re-priced only over the runs around the days
// that changed. A move costs well under a microsecond, the same on a year
// as on four weeks, and simulated annealing runs millions of them a second.

// annealBatch is the number of moves of one search iteration
// (Options.MaxIterations counts batches).
const annealBatch = 1000

// Annealing parameters: the temperatures a cycle cools from and to, the
// moves of a cycle per agent-day, and the price of one broken-rule unit.
var (
	annealT0, annealT1 = 10.0, 0.2
	annealCycleMoves   = 2000.0
	annealHardWeight   = 1000.0
	annealReplan       = 0.5 // chance per batch of one re-plan by the dynamic program
	// annealReplanWork caps the dynamic program's work per batch on
	// average, in transitions tried (dpScratch.work): a re-plan costs 700
	// on Curtois 1, 78,000 on 10 and 600,000 on 13 (18 templates), where
	// at one re-plan in two batches the re-plans took most of the time
	// (side by side at 60 s: 5536 at a chance of 0.5, 4519 at 0.1, 3737
	// at 0.02). A batch of moves costs about as much as 100,000.
	annealReplanWork = 30000.0
	// annealMaxCycle caps a cycle's batches: on a year of 150 agents a
	// cycle of annealCycleMoves per cell would outlast a minute's search,
	// which then never cools; and on a year of 50 (Curtois 22) shorter
	// cycles raise the price of broken rules sooner: rules all kept after
	// 219 s with 4000, one still broken after 300 s with 10000.
	annealMaxCycle = 4000.0
	// annealMaxHardWeight caps the price of a broken-rule unit, which
	// doubles after each cycle that ends with no roster keeping every rule.
	annealMaxHardWeight = 64 * annealHardWeight
	// annealWideRepair: one repair re-plan in this many spans a quarter of
	// a year rather than one to four weeks.
	annealWideRepair = 8
	// annealRequestShare is the share of moves that are request exchanges
	// (requestExchange), made from annealRequestFrom of the search on (a
	// fraction of its iterations or of its time). Curtois 9 misses four
	// shifts in any roster (an exact MIP finds 439 = 400 + 39 of
	// requests); the search found those four at once but left 92-104 of
	// requests, and with these exchanges 463-481 at 20 s (seeds 1-7).
	// Made from the start they cost the cover elsewhere: Curtois 8 ended a
	// shift or two short in 3 of 3 runs at a fixed iteration count (0 of
	// 3 without) and 5 in 2 of 3; made in the second half only, 5 ended
	// in its better place in 6 of 7 runs (5 of 7 without) and 8 in 7 of
	// 13 (9 of 13 without; mean +10.6% and +9.6%, within its spread).
	annealRequestShare = 0.18
	annealRequestFrom  = 0.5
	annealMix          = [6]int{25, 40, 55, 85, 95, 100} // one cell, block, two days of one agent, exchange, cover, slide (cumulative %)
)

// annealAgent is what the annealer needs of one agent's rules.
type annealAgent struct {
	allowed []int16   // templates she may work
	may     []bool    // per template: she may work it
	req     []float64 // request cost per day and value (off, then each template)
	dayOff  []bool
	limit   []int // max_shifts per template, -1 none
	minMin, maxMin,
	maxRun, minRun, minOff, maxWeekends int // -1 none
	bad []bool // bad[t*T+u]: u may not follow t the next day (succession or rest)
}

type annealer struct {
	s      *search
	T      int
	days   int
	agents []annealAgent
	paid   []int
	wk     []int // weekend key of each day, weekendNone on weekdays
	rows   [][]int16
	count  []int // day*T + template
	req    []float64
	units  []float64 // hard rule units per agent
	cover  float64
	// hardWeight prices one unit of a broken rule inside the annealer.
	hardWeight float64
	// minuteScale: a total of minutes off by this much is one more unit.
	minuteScale float64
	undo        []annealCell

	// Each agent's totals, kept as cells change so that a move is priced
	// by the days it touches rather than by a pass over the horizon: her
	// uses of each template (agent*T + template), paid minutes, days
	// worked in each weekend (agent*weekends + weekend), weekends worked,
	// and request cost. local is her accepted units of the rules about
	// particular days (runs, successions, days off, templates).
	used        []int
	minutes     []int
	weekendOf   []int // day -> dense weekend index, -1 on weekdays
	nWeekends   int
	weekendDays []int16
	weekends    []int
	// longWeekends: some weekend is longer than two days.
	longWeekends bool
	reqLive      []float64
	local        []float64
	finals       []int16 // scratch for pricing the old row
	// requestShare is the share of moves that are request exchanges
	// (annealRequestShare once the search is far enough, else 0).
	requestShare float64
	// broken caches brokenSpans per agent; nil when her row changed.
	broken [][]daySpan
	swap   swapScratch
}

type annealCell struct {
	a, d int
	old  int16
}

// annealable reports whether the annealer can search this problem: shift
// demand only, fixed-length days (no daylight-saving change), and rest
// rules that only consecutive days can break.
func (s *search) annealable() bool {
	m := s.m
	if s.hasInt || s.opt.FairnessWeight > 0 || len(m.p.Shifts) > 32000 {
		return false
	}
	for d := 0; d <= m.days; d++ {
		if m.at(d, 0) != d*1440 {
			return false
		}
	}
	minStart, maxEnd := 1440, 0
	for t, sh := range m.p.Shifts {
		minStart = min(minStart, m.startMinute[t])
		maxEnd = max(maxEnd, m.startMinute[t]+sh.DurationMinutes)
	}
	for _, ag := range m.p.Agents {
		if ag.MinRestMinutes != nil && *ag.MinRestMinutes > 2880+minStart-maxEnd {
			return false
		}
	}
	return true
}

func intOr(v *int) int {
	if v == nil {
		return -1
	}
	return *v
}

// newAnnealer sets up the annealing of s's roster (the construction's):
// each agent's rules in the annealer's flat form, the roster as rows of
// template numbers, the weekends numbered densely, and every total the
// moves keep up to date.
func newAnnealer(s *search) *annealer {
	m := s.m
	T := len(m.p.Shifts)
	s.building = false
	an := &annealer{s: s, T: T, days: m.days, paid: m.paid, hardWeight: annealHardWeight}
	an.wk = m.weekendDay
	sum := 0
	for _, p := range m.paid {
		sum += p
	}
	an.minuteScale = math.Max(1, float64(sum)/float64(T))
	for a, ag := range m.p.Agents {
		an.agents = append(an.agents, newAnnealAgent(m, a, ag))
	}
	an.loadRoster(s.roster)
	an.numberWeekends()
	an.countTotals()
	return an
}

// newAnnealAgent is agent a's rules as the annealer reads them: the
// templates she may work and their limits, which may not follow which
// (a succession or too little rest), her days off, and her requests as a
// cost per day and value.
func newAnnealAgent(m *model, a int, ag Agent) annealAgent {
	T := len(m.p.Shifts)
	x := annealAgent{req: make([]float64, m.days*(T+1)), dayOff: make([]bool, m.days), limit: make([]int, T), bad: make([]bool, T*T),
		minMin: intOr(ag.MinMinutes), maxMin: intOr(ag.MaxMinutes), maxRun: intOr(ag.MaxConsecutiveShifts),
		minRun: intOr(ag.MinConsecutiveShifts), minOff: intOr(ag.MinConsecutiveDaysOff), maxWeekends: intOr(ag.MaxWeekends)}
	for t := range T {
		x.may = append(x.may, m.shiftAllowed(a, t))
		if x.may[t] {
			x.allowed = append(x.allowed, int16(t))
		}
		x.limit[t] = -1
		if n, ok := ag.MaxShifts[m.p.Shifts[t].ID]; ok {
			x.limit[t] = n
		}
		for u := range T {
			gap := 1440 + m.startMinute[u] - (m.startMinute[t] + m.p.Shifts[t].DurationMinutes)
			x.bad[t*T+u] = m.follows[t][u] || gap < 0 || (ag.MinRestMinutes != nil && gap < *ag.MinRestMinutes)
		}
	}
	for _, d := range ag.DaysOff {
		x.dayOff[d] = true
	}
	for _, r := range ag.Requests {
		for v := -1; v < T; v++ {
			works := v >= 0 && (r.Shift == "" || m.p.Shifts[v].ID == r.Shift)
			if works != r.On {
				x.req[r.Day*(T+1)+v+1] += r.Weight
			}
		}
	}
	return x
}

// loadRoster writes roster as rows of template numbers (-1: off) and
// counts each day's uses of each template.
func (an *annealer) loadRoster(roster [][]slot) {
	T := an.T
	an.rows = make([][]int16, len(roster))
	an.count = make([]int, an.days*T)
	for a := range an.rows {
		an.rows[a] = make([]int16, an.days)
		for d := range an.days {
			v := int16(-1)
			if sl := roster[a][d]; sl.on {
				v = int16(sl.shift)
				an.count[d*T+sl.shift]++
			}
			an.rows[a][d] = v
		}
	}
}

// numberWeekends numbers the horizon's weekends 0, 1, ... in order, so
// that an agent's days worked per weekend fit in one short array.
func (an *annealer) numberWeekends() {
	an.weekendOf = make([]int, an.days)
	dense := map[int]int{}
	for d := range an.days {
		an.weekendOf[d] = -1
		if k := an.wk[d]; k != weekendNone {
			if _, ok := dense[k]; !ok {
				dense[k] = len(dense)
			}
			an.weekendOf[d] = dense[k]
		}
	}
	an.nWeekends = len(dense)
	days := make([]int, an.nWeekends)
	for _, w := range an.weekendOf {
		if w >= 0 {
			days[w]++
			an.longWeekends = an.longWeekends || days[w] > 2
		}
	}
}

// countTotals sizes and fills the totals the moves keep: each agent's
// (recount) and the cover cost of the whole roster.
func (an *annealer) countTotals() {
	m, T := an.s.m, an.T
	n := len(an.rows)
	an.used = make([]int, n*T)
	an.minutes = make([]int, n)
	an.weekendDays = make([]int16, n*an.nWeekends)
	an.weekends = make([]int, n)
	an.reqLive = make([]float64, n)
	an.local = make([]float64, n)
	an.req = make([]float64, n)
	an.units = make([]float64, n)
	an.broken = make([][]daySpan, n)
	for a := range an.rows {
		an.recount(a)
	}
	for d := range an.days {
		for t := range T {
			an.cover += m.shiftDemand[d][t].cost(an.count[d*T+t])
		}
	}
}

// setCell changes agent a's day d to v (-1 off) and returns the change of
// the cover cost; it records the old value for undo.
func (an *annealer) setCell(a, d int, v int16) float64 {
	old := an.rows[a][d]
	if old == v {
		return 0
	}
	an.undo = append(an.undo, annealCell{a, d, old})
	sd := an.s.m.shiftDemand[d]
	delta := 0.0
	if old >= 0 {
		i := d*an.T + int(old)
		delta += sd[old].cost(an.count[i]-1) - sd[old].cost(an.count[i])
	}
	if v >= 0 {
		i := d*an.T + int(v)
		delta += sd[v].cost(an.count[i]+1) - sd[v].cost(an.count[i])
	}
	an.place(a, d, old, v)
	return delta
}

// place moves agent a's day d from old to v in the roster, the cover
// counts and her totals.
func (an *annealer) place(a, d int, old, v int16) {
	an.reqLive[a] += an.reqCost(a, d, v) - an.reqCost(a, d, old)
	if old >= 0 {
		an.count[d*an.T+int(old)]--
		an.tally(a, d, old, -1)
	}
	if v >= 0 {
		an.count[d*an.T+int(v)]++
		an.tally(a, d, v, 1)
	}
	an.rows[a][d] = v
}

// tally adds (sign 1) or removes (sign -1) agent a working template v on
// day d to or from her totals: uses of v, paid minutes, weekends worked.
func (an *annealer) tally(a, d int, v int16, sign int) {
	an.used[a*an.T+int(v)] += sign
	an.minutes[a] += sign * an.paid[v]
	if w := an.weekendOf[d]; w >= 0 {
		i := a*an.nWeekends + w
		before := an.weekendDays[i]
		an.weekendDays[i] += int16(sign)
		if before == 0 {
			an.weekends[a]++
		} else if an.weekendDays[i] == 0 {
			an.weekends[a]--
		}
	}
}

// revert undoes the cells recorded since the undo list was emptied.
func (an *annealer) revert() {
	for i := len(an.undo) - 1; i >= 0; i-- {
		c := an.undo[i]
		an.place(c.a, c.d, an.rows[c.a][c.d], c.old)
	}
	an.undo = an.undo[:0]
}

// recount sets agent a's totals, request cost and units from her row
// (the cover counts are the caller's).
func (an *annealer) recount(a int) {
	T := an.T
	for t := range T {
		an.used[a*T+t] = 0
	}
	for w := range an.nWeekends {
		an.weekendDays[a*an.nWeekends+w] = 0
	}
	an.minutes[a], an.weekends[a], an.reqLive[a] = 0, 0, 0
	for d, v := range an.rows[a] {
		an.reqLive[a] += an.reqCost(a, d, v)
		if v >= 0 {
			an.tally(a, d, v, 1)
		}
	}
	an.local[a] = an.localUnits(a, 0, an.days-1)
	an.broken[a] = nil
	an.req[a] = an.reqLive[a]
	an.units[a] = an.local[a] + an.totalUnits(a)
}

// totalUnits prices agent a's horizon totals as they stand: max_shifts,
// min and max minutes, max weekends (as evaluate does).
func (an *annealer) totalUnits(a int) float64 {
	x := &an.agents[a]
	units := 0.0
	for t, l := range x.limit {
		if n := an.used[a*an.T+t]; l >= 0 && n > l {
			units += 1 + float64(n-l)
		}
	}
	minutes := an.minutes[a]
	if x.minMin >= 0 && minutes < x.minMin {
		units += 1 + float64(x.minMin-minutes)/an.minuteScale
	}
	if x.maxMin >= 0 && minutes > x.maxMin {
		units += 1 + float64(minutes-x.maxMin)/an.minuteScale
	}
	if x.maxWeekends >= 0 && an.weekends[a] > x.maxWeekends {
		units += float64(an.weekends[a] - x.maxWeekends)
	}
	return units
}

// localUnits prices agent a's rules about particular days over days
// [from, to], which must begin and end with whole runs (of work or of
// days off): the days she may not work, successions into each day, and
// each run's length.
func (an *annealer) localUnits(a, from, to int) float64 {
	x := &an.agents[a]
	row := an.rows[a]
	units := 0.0
	runStart := from
	for d := from; d <= to; d++ {
		v := row[d]
		if v >= 0 {
			if x.dayOff[d] || !x.may[v] {
				units += 2
			}
			if d > 0 && row[d-1] >= 0 && x.bad[int(row[d-1])*an.T+int(v)] {
				units += 2
			}
		}
		if d < to && (row[d+1] >= 0) == (v >= 0) {
			continue
		}
		length := d - runStart + 1
		inside := runStart > 0 && d < an.days-1
		if v >= 0 {
			if x.maxRun >= 0 && length > x.maxRun {
				units += float64(length - x.maxRun)
			}
			if inside && x.minRun >= 0 && length < x.minRun {
				units += float64(x.minRun - length)
			}
		} else if inside && x.minOff >= 0 && length < x.minOff {
			units += float64(x.minOff - length)
		}
		runStart = d + 1
	}
	return units
}

// keep records agent a's prices after a move that is kept.
func (an *annealer) keep(a int, req, units, local float64) {
	an.req[a], an.units[a], an.local[a] = req, units, local
	an.broken[a] = nil
}

// evalMove prices agent a after the cells in the undo list changed: her
// request cost, units, and local units. Only the runs around the days
// that changed are priced again, on the old row and on the new.
func (an *annealer) evalMove(a int) (req, units, local float64) {
	lo, hi := an.days, -1
	for _, c := range an.undo {
		if c.a == a {
			lo, hi = min(lo, c.d), max(hi, c.d)
		}
	}
	if hi < 0 {
		return an.req[a], an.units[a], an.local[a]
	}
	row := an.rows[a]
	// The runs touching lo-1 and hi+1 keep their outer ends, since the
	// days beyond them did not change.
	from := max(lo-1, 0)
	for from > 0 && (row[from-1] >= 0) == (row[from] >= 0) {
		from--
	}
	to := min(hi+1, an.days-1)
	for to < an.days-1 && (row[to+1] >= 0) == (row[to] >= 0) {
		to++
	}
	after := an.localUnits(a, from, to)
	an.finals = an.finals[:0]
	for _, c := range an.undo {
		if c.a == a {
			an.finals = append(an.finals, row[c.d])
		}
	}
	for i := len(an.undo) - 1; i >= 0; i-- {
		if c := an.undo[i]; c.a == a {
			row[c.d] = c.old
		}
	}
	before := an.localUnits(a, from, to)
	j := 0
	for _, c := range an.undo {
		if c.a == a {
			row[c.d] = an.finals[j]
			j++
		}
	}
	local = an.local[a] + after - before
	return an.reqLive[a], local + an.totalUnits(a), local
}

// randomValue is a template agent a may work, or off (-1).
func (an *annealer) randomValue(a int) int16 {
	al := an.agents[a].allowed
	r := an.s.rng.IntN(len(al) + 1)
	if r == len(al) {
		return -1
	}
	return al[r]
}

// propose makes a random move in place and returns the agents it touched
// (at most two; b = -1 when one) and its cover delta.
//
// While rules are broken (focus), half the moves start from an agent who
// breaks one: on a year of 150 agents a uniform pick would spend nearly
// every move on agents who keep theirs.
func (an *annealer) propose(focus bool) (a, b int, coverDelta float64) {
	rng := an.s.rng
	a, b = rng.IntN(len(an.rows)), -1
	at := -1 // the broken day moves start near; -1: any day
	if focus && rng.IntN(2) == 0 {
		a, at = an.focusAgent(a)
	}
	if !focus && an.requestShare > 0 && rng.Float64() < an.requestShare {
		return an.requestExchange(a)
	}
	switch r := rng.IntN(100); {
	case r < annealMix[0]: // one cell
		d := an.pickDay(at)
		coverDelta = an.setCell(a, d, an.randomValue(a))
	case r < annealMix[1]: // a block of days to one value
		coverDelta = an.blockMove(a, at)
	case r < annealMix[2]: // one agent's two days exchanged: her totals stay
		coverDelta = an.exchangeDays(a, at)
	case r < annealMix[3]: // two agents exchange a block of days: the cover stays
		b, coverDelta = an.exchangeAgents(a, at)
	case r < annealMix[4]: // a short template filled from where it is over-covered
		a, coverDelta = an.coverMove(a)
	default: // one run of work slid by a day: her totals and successions stay
		coverDelta = an.slideRun(a, at)
	}
	return a, b, coverDelta
}

// focusAgent draws up to 32 agents, from a, for one who breaks a rule,
// and returns her with her first broken day (-1: none found).
func (an *annealer) focusAgent(a int) (int, int) {
	rng := an.s.rng
	for try := 0; try < 32 && an.units[a] < 1e-9; try++ {
		a = rng.IntN(len(an.rows))
	}
	if at, ok := an.brokenDay(a); ok {
		return a, at
	}
	return a, -1
}

// pickDay is the first day of a move: any day, or (at >= 0) one at most
// a few days before the broken day at, so that blocks of up to seven
// days still reach it.
func (an *annealer) pickDay(at int) int {
	if at < 0 {
		return an.s.rng.IntN(an.days)
	}
	return max(0, min(an.days-1, at-an.s.rng.IntN(4)))
}

// blockMove sets two to five days of agent a, from a picked day, to one
// random value (a template or off).
func (an *annealer) blockMove(a, at int) (coverDelta float64) {
	length := 2 + an.s.rng.IntN(4)
	d0 := an.pickDay(at)
	v := an.randomValue(a)
	for d := d0; d < min(an.days, d0+length); d++ {
		coverDelta += an.setCell(a, d, v)
	}
	return coverDelta
}

// exchangeDays exchanges two days of agent a, most often within a week of
// each other: her totals stay, her runs and the days' cover change.
func (an *annealer) exchangeDays(a, at int) float64 {
	rng := an.s.rng
	d1 := an.pickDay(at)
	d2 := d1 + 1 + rng.IntN(7)
	if rng.IntN(4) == 0 {
		d2 = rng.IntN(an.days)
	}
	if d2 >= an.days || d2 == d1 {
		return 0
	}
	v1, v2 := an.rows[a][d1], an.rows[a][d2]
	if v1 == v2 {
		return 0
	}
	return an.setCell(a, d1, v2) + an.setCell(a, d2, v1)
}

// exchangeAgents exchanges a block of days (up to a week, now and then up
// to the horizon) between agent a and another, b, skipping the days where
// either may not work the other's template: the cover stays. With one
// agent it changes one cell instead (b = -1).
func (an *annealer) exchangeAgents(a, at int) (b int, coverDelta float64) {
	rng := an.s.rng
	n := len(an.rows)
	if n < 2 {
		return -1, an.setCell(a, rng.IntN(an.days), an.randomValue(a))
	}
	b = rng.IntN(n - 1)
	if b >= a {
		b++
	}
	length := 1 + rng.IntN(7)
	if rng.IntN(8) == 0 {
		length = 1 + rng.IntN(an.days)
	}
	d0 := an.pickDay(at)
	return b, an.exchangeBlock(a, b, d0, min(an.days, d0+length))
}

// exchangeBlock exchanges agents a's and b's days in [from, to), skipping
// the days where either may not work the other's template: the cover
// stays. It returns the cover delta (0 but for rounding).
func (an *annealer) exchangeBlock(a, b, from, to int) (coverDelta float64) {
	for d := from; d < to; d++ {
		if an.mayExchange(a, b, d) {
			va, vb := an.rows[a][d], an.rows[b][d]
			coverDelta += an.setCell(a, d, vb)
			coverDelta += an.setCell(b, d, va)
		}
	}
	return coverDelta
}

// mayExchange reports whether agents a and b do different things on day d
// and each may work the other's template there.
func (an *annealer) mayExchange(a, b, d int) bool {
	va, vb := an.rows[a][d], an.rows[b][d]
	return va != vb && (vb < 0 || an.agents[a].may[vb]) && (va < 0 || an.agents[b].may[va])
}

// requestExchange exchanges, between an agent denied a request (searched
// from a) and another, a block of days around a day where she is denied
// it and the other works what she asks for there: the cover stays, and
// her request is granted if the block keeps both agents' rules. It
// returns the two agents (b = -1: none found, nothing changed).
func (an *annealer) requestExchange(a int) (int, int, float64) {
	a, b, d := an.requestPartner(a)
	if b < 0 {
		return a, -1, 0
	}
	rng := an.s.rng
	from := max(0, d-rng.IntN(4))
	return a, b, an.exchangeBlock(a, b, from, min(an.days, d+1+rng.IntN(4)))
}

// requestPartner is an agent denied a request (searched from a), a day d
// where she is denied it, and an agent b who works there what she asks
// for and may exchange that day with her; b = -1 when none is found.
func (an *annealer) requestPartner(a int) (int, int, int) {
	rng := an.s.rng
	n := len(an.rows)
	for try := 0; try < 8 && an.req[a] == 0; try++ {
		a = rng.IntN(n)
	}
	if an.req[a] == 0 {
		return a, -1, -1
	}
	d := an.deniedDay(a, rng.IntN(an.days))
	if d < 0 {
		return a, -1, -1
	}
	va := an.rows[a][d]
	for i, b0 := 0, rng.IntN(n); i < n; i++ {
		b := (b0 + i) % n
		if b != a && an.mayExchange(a, b, d) && an.reqCost(a, d, an.rows[b][d]) < an.reqCost(a, d, va) {
			return a, b, d
		}
	}
	return a, -1, -1
}

// reqCost is what agent a's requests on day d cost when she has value v
// there (-1 off, else a template).
func (an *annealer) reqCost(a, d int, v int16) float64 {
	return an.agents[a].req[d*(an.T+1)+int(v)+1]
}

// deniedDay is the first day from day from on (round the horizon) where
// agent a is denied a request, -1 when she is denied none.
func (an *annealer) deniedDay(a, from int) int {
	for i := range an.days {
		d := (from + i) % an.days
		if an.reqCost(a, d, an.rows[a][d]) > 0 {
			return d
		}
	}
	return -1
}

// coverMove fills one missing shift: on a day drawn at random where a
// template is short, an agent (searched from a) who works an over-covered
// template that day, or is off, takes the short one. An agent who was off
// gives up, where she can, a shift of the same paid length on an
// over-covered day of the same week, so that her totals stay. Random one-cell
// moves find such a change about once in (templates x agents) tries on a
// year of 150 agents and 32 templates; this move finds it every time there
// is one. It returns the agent moved (a when none could be).
func (an *annealer) coverMove(a int) (int, float64) {
	d, short := an.shortTemplate()
	if short < 0 {
		return a, 0
	}
	n := len(an.rows)
	for i := 0; i < n; i++ {
		b := (a + i) % n
		x := &an.agents[b]
		if !x.may[short] || x.dayOff[d] {
			continue
		}
		v := an.rows[b][d]
		if v >= 0 && (v == short || !an.overCovered(d, v)) {
			continue
		}
		delta := an.setCell(b, d, short)
		if v < 0 {
			delta += an.giveBack(b, d, an.paid[short])
		}
		return b, delta
	}
	return a, 0
}

// shortTemplate is a day drawn at random and a template short that day
// (fewer agents than its demand asks), drawn at random among them; -1
// when none is.
func (an *annealer) shortTemplate() (d int, short int16) {
	rng := an.s.rng
	sd := an.s.m.shiftDemand
	d = rng.IntN(an.days)
	for i, t0 := 0, rng.IntN(an.T); i < an.T; i++ {
		t := (t0 + i) % an.T
		if sd[d][t].has && float64(an.count[d*an.T+t]) < sd[d][t].required {
			return d, int16(t)
		}
	}
	return d, -1
}

// slideRun slides one of agent a's runs of work (the one at or beside a
// picked day) by one day into the days off after or before it: the day at
// its other end goes off and each template moves one day along. Her
// totals and the successions inside the run stay; the days off it slides
// into must be more than min_consecutive_days_off, so that they stay
// enough, and the day off it leaves joins the days off on that side. A
// lone day off between two runs is mended this way when a run beside it
// slides away, which one- and two-cell moves reach only by breaking runs
// or totals on the way (Curtois 22, where agents sit at their minimum of
// shifts and a night may be followed only by a night or a day off).
func (an *annealer) slideRun(a, at int) (coverDelta float64) {
	row := an.rows[a]
	x := &an.agents[a]
	d := an.pickDay(at)
	if row[d] < 0 {
		switch {
		case d+1 < an.days && row[d+1] >= 0:
			d++
		case d > 0 && row[d-1] >= 0:
			d--
		default:
			return 0
		}
	}
	s, e := d, d
	for s > 0 && row[s-1] >= 0 {
		s--
	}
	for e < an.days-1 && row[e+1] >= 0 {
		e++
	}
	need := max(x.minOff, 1) + 1 // days off the slide goes into
	if an.s.rng.IntN(2) == 0 {   // later by a day
		if !an.offFor(a, e+1, need, 1) {
			return 0
		}
		for i := e + 1; i > s; i-- {
			coverDelta += an.setCell(a, i, row[i-1])
		}
		return coverDelta + an.setCell(a, s, -1)
	}
	if !an.offFor(a, s-1, need, -1) {
		return 0
	}
	for i := s - 1; i < e; i++ {
		coverDelta += an.setCell(a, i, row[i+1])
	}
	return coverDelta + an.setCell(a, e, -1)
}

// offFor reports whether agent a is off, and free to work, on day from,
// and off for at least n days from it in direction step (or up to the
// horizon's edge).
func (an *annealer) offFor(a, from, n, step int) bool {
	if from < 0 || from >= an.days || an.agents[a].dayOff[from] {
		return false
	}
	for i, d := 0, from; i < n && d >= 0 && d < an.days; i, d = i+1, d+step {
		if an.rows[a][d] >= 0 {
			return false
		}
	}
	return true
}

// overCovered reports whether template t has more agents on day d than
// its demand asks (or has no demand).
func (an *annealer) overCovered(d int, t int16) bool {
	c := an.s.m.shiftDemand[d][t]
	return !c.has || float64(an.count[d*an.T+int(t)]) > c.required
}

// giveBack turns off one of agent a's shifts of paid minutes paid on an
// over-covered day within three days of d (not d), if she has one, and
// returns the cover delta.
func (an *annealer) giveBack(a, d, paid int) float64 {
	rng := an.s.rng
	off := rng.IntN(7)
	for i := 0; i < 7; i++ {
		e := d - 3 + (off+i)%7
		if e == d || e < 0 || e >= an.days {
			continue
		}
		if v := an.rows[a][e]; v >= 0 && an.paid[v] == paid && an.overCovered(e, v) {
			return an.setCell(a, e, -1)
		}
	}
	return 0
}

// brokenDay is a day, chosen at random, on which agent a breaks a rule
// about particular days (a run too long or too short, a succession, a day
// off or template she may not work), or a weekend day she works when she
// works too many weekends; false when she breaks only horizon totals.
// The places are found by a pass over her row, kept until her row changes
// (a focused search asks for the same agent's many times in a row).
func (an *annealer) brokenDay(a int) (int, bool) {
	if an.broken[a] == nil {
		an.broken[a] = an.brokenSpans(a)
	}
	spans := an.broken[a]
	if len(spans) == 0 {
		return 0, false
	}
	sp := spans[an.s.rng.IntN(len(spans))]
	return sp.from + an.s.rng.IntN(sp.length), true
}

// daySpan is a run of days [from, from+length).
type daySpan struct{ from, length int }

// brokenSpans lists where agent a breaks a rule about particular days:
// each broken day, run, or (when over max_weekends) about one in eight of
// the weekend days she works. It never returns nil.
func (an *annealer) brokenSpans(a int) []daySpan {
	spans := make([]daySpan, 0, 8)
	x := &an.agents[a]
	row := an.rows[a]
	rng := an.s.rng
	prev := int16(-1)
	runStart := 0
	for d, v := range row {
		if v >= 0 && (x.dayOff[d] || !x.may[v] || (prev >= 0 && x.bad[int(prev)*an.T+int(v)])) {
			spans = append(spans, daySpan{d, 1})
		}
		if d == 0 || (v >= 0) != (prev >= 0) {
			runStart = d
		}
		// A run ends at d when the next day differs or the horizon ends.
		if d == an.days-1 || (row[d+1] >= 0) != (v >= 0) {
			length := d - runStart + 1
			inside := runStart > 0 && d < an.days-1
			if v >= 0 {
				if (x.maxRun >= 0 && length > x.maxRun) || (inside && x.minRun >= 0 && length < x.minRun) {
					spans = append(spans, daySpan{runStart, length})
				}
			} else if inside && x.minOff >= 0 && length < x.minOff {
				spans = append(spans, daySpan{runStart, 1})
			}
		}
		prev = v
	}
	if x.maxWeekends >= 0 && an.weekends[a] > x.maxWeekends {
		for d, v := range row {
			if v >= 0 && an.wk[d] != weekendNone && rng.IntN(8) == 0 {
				spans = append(spans, daySpan{d, 1})
			}
		}
	}
	return spans
}

// run anneals in cycles: each cools from a high to a low temperature and
// the next starts again from the best roster found. It stops at ctx or
// after MaxIterations batches, and leaves the best roster in s.roster.
func (an *annealer) run(ctx context.Context, report func(float64)) {
	s := an.s
	n := len(an.rows)
	st := annealState{}
	total := an.cover
	for a := range an.rows {
		st.sumUnits += an.units[a]
		total += an.req[a] + an.hardWeight*an.units[a]
	}
	st.cur = total
	st.bestFeasible = st.sumUnits < 1e-9
	st.best, st.bestUnits = st.cur, st.sumUnits
	st.bestRows = an.copyRows(nil)
	if st.bestFeasible {
		report(st.best)
	}
	progress := searchProgress(ctx, s.opt.MaxIterations)
	cells := float64(n * an.days)
	cycle := int(math.Max(200, math.Min(annealMaxCycle, annealCycleMoves*cells/annealBatch))) // batches
	t0, t1 := annealT0, annealT1
	credit := 0.0
	it := 0
	for s.opt.MaxIterations == 0 || it < s.opt.MaxIterations {
		if ctx.Err() != nil {
			break
		}
		frac := float64(it%cycle) / float64(cycle)
		temp := t0 * math.Pow(t1/t0, frac)
		if it > 0 && it%cycle == 0 {
			an.newCycle(ctx, it/cycle, &st, report)
		}
		an.requestShare = 0
		if progress(it) >= annealRequestFrom {
			an.requestShare = annealRequestShare
		}
		improved := an.batch(&st, temp)
		// Work the re-plans may still do: earned batch by batch, saved
		// for at most a few batches. While rules are broken the re-plans
		// are the repairs, and the budget does not hold them back.
		credit = math.Min(credit+annealReplanWork, 4*annealReplanWork)
		if repairing := st.sumUnits > 1e-9; s.rng.Float64() < annealReplan && (credit > 0 || repairing) {
			w0 := s.dp.work
			var better bool
			if !repairing && an.groupsPay() && s.rng.Float64() < annealGroup {
				better = an.groupReplanStep(&st, temp)
			} else {
				better = an.replanStep(&st, temp, repairing)
			}
			improved = improved || better
			if !repairing {
				credit -= float64(s.dp.work - w0)
			}
		}
		if an.requestShare > 0 && an.pairExchangesPay() {
			for range annealPairSwaps {
				improved = an.pairExchangeStep(&st, temp) || improved
			}
		}
		if improved && st.bestFeasible {
			report(st.best)
		}
		it++
	}
	an.restore(st.bestRows)
	an.writeBack()
}

// searchProgress is how far a search is once it has made it batches,
// from 0 to 1: the share of maxIterations done when they bound it (so that
// a solve with a fixed iteration count stays deterministic), else the
// share of the time to ctx's deadline gone; 1 when neither bounds it.
func searchProgress(ctx context.Context, maxIterations int) func(it int) float64 {
	began := time.Now()
	deadline, timed := ctx.Deadline()
	return func(it int) float64 {
		switch {
		case maxIterations > 0:
			return float64(it) / float64(maxIterations)
		case timed:
			return float64(time.Since(began)) / float64(deadline.Sub(began))
		}
		return 1
	}
}

// annealState is where the annealing stands: the current roster's
// penalised cost and broken-rule units, and the best roster: the
// cheapest that keeps every rule, or while none does, the one with the
// fewest broken units.
type annealState struct {
	cur, sumUnits   float64
	best, bestUnits float64
	bestFeasible    bool
	bestRows        [][]int16
}

// newCycle starts annealing cycle c from the best roster, after sharing
// it with the other workers (the best of theirs wins). While no roster
// keeps every rule, cover is priced too dear beside them: the next cycle
// prices them higher.
func (an *annealer) newCycle(ctx context.Context, c int, st *annealState, report func(float64)) {
	s := an.s
	if !st.bestFeasible && an.hardWeight < annealMaxHardWeight {
		an.hardWeight *= 2
	}
	if s.share != nil {
		rows, score, ok := s.share.meet(ctx, c, s.worker, st.bestRows, st.best, st.bestFeasible)
		if ok && (!st.bestFeasible || score < st.best-1e-9) {
			for a := range rows {
				copy(st.bestRows[a], rows[a])
			}
			st.best, st.bestUnits, st.bestFeasible = score, 0, true
			report(st.best)
		}
	}
	an.restore(st.bestRows)
	st.cur = an.total()
	st.sumUnits = an.sumUnits()
	if !st.bestFeasible {
		st.best = st.cur
	}
}

// batch makes annealBatch moves at temperature temp, each kept by the
// Metropolis rule, and reports whether the best roster improved.
func (an *annealer) batch(st *annealState, temp float64) (improved bool) {
	s := an.s
	cur, sumUnits := st.cur, st.sumUnits
	var reqA, unitsA, localA, reqB, unitsB, localB float64
	for range annealBatch {
		an.undo = an.undo[:0]
		a, b, coverDelta := an.propose(sumUnits > 1e-9)
		if len(an.undo) == 0 {
			continue
		}
		reqA, unitsA, localA = an.evalMove(a)
		delta := coverDelta + reqA - an.req[a] + an.hardWeight*(unitsA-an.units[a])
		du := unitsA - an.units[a]
		if b >= 0 {
			reqB, unitsB, localB = an.evalMove(b)
			delta += reqB - an.req[b] + an.hardWeight*(unitsB-an.units[b])
			du += unitsB - an.units[b]
		}
		if delta > 0 && s.rng.Float64() >= math.Exp(-delta/temp) {
			an.revert()
			continue
		}
		an.cover += coverDelta
		an.keep(a, reqA, unitsA, localA)
		if b >= 0 {
			an.keep(b, reqB, unitsB, localB)
		}
		cur += delta
		sumUnits += du
		if st.betterAfterMove(cur, sumUnits) {
			if sumUnits < 1e-9 && !st.bestFeasible {
				cur = an.total() // drop drift before the first feasible best
			}
			st.best, st.bestUnits, st.bestFeasible = cur, sumUnits, sumUnits < 1e-9
			st.bestRows = an.copyRows(st.bestRows)
			improved = true
		}
	}
	st.cur, st.sumUnits = cur, sumUnits
	return improved
}

// betterAfterMove reports whether a roster of cost cur with sumUnits
// broken units is a new best: it keeps every rule and is cheaper than the
// best (or the best does not keep them), or neither keeps them and it
// breaks fewer units, or as many and is cheaper.
func (st *annealState) betterAfterMove(cur, sumUnits float64) bool {
	feasible := sumUnits < 1e-9
	return (feasible && (!st.bestFeasible || cur < st.best-1e-9)) ||
		(!st.bestFeasible && !feasible && (sumUnits < st.bestUnits-1e-9 || (sumUnits <= st.bestUnits+1e-9 && cur < st.best-1e-9)))
}

// replanStep re-plans one agent over a window by the dynamic program
// (focused on a broken rule when repairing), kept by the Metropolis rule
// at temperature temp; it reports whether the best roster improved. Only
// a roster that keeps every rule replaces the best here.
func (an *annealer) replanStep(st *annealState, temp float64, repairing bool) (improved bool) {
	an.undo = an.undo[:0]
	a, coverDelta := an.replan(repairing)
	if len(an.undo) == 0 {
		return false
	}
	return an.acceptReplan(st, temp, coverDelta, []int{a})
}

// acceptReplan keeps, by the Metropolis rule at temperature temp, or
// undoes the re-plan of agents whose cells are in the undo list (cover
// delta coverDelta); it reports whether the best roster improved. Only a
// roster that keeps every rule replaces the best here.
func (an *annealer) acceptReplan(st *annealState, temp, coverDelta float64, agents []int) (improved bool) {
	type priced struct{ req, units, local float64 }
	prices := make([]priced, len(agents))
	delta := coverDelta
	for i, a := range agents {
		p := &prices[i]
		p.req, p.units, p.local = an.evalMove(a)
		delta += p.req - an.req[a] + an.hardWeight*(p.units-an.units[a])
	}
	if delta > 0 && an.s.rng.Float64() >= math.Exp(-delta/temp) {
		an.revert()
		return false
	}
	an.cover += coverDelta
	for i, a := range agents {
		p := prices[i]
		st.sumUnits += p.units - an.units[a]
		an.keep(a, p.req, p.units, p.local)
	}
	st.cur += delta
	if feasible := st.sumUnits < 1e-9; feasible && (!st.bestFeasible || st.cur < st.best-1e-9) {
		st.best, st.bestUnits, st.bestFeasible = st.cur, st.sumUnits, feasible
		st.bestRows = an.copyRows(st.bestRows)
		return true
	}
	return false
}

// replan re-plans one agent over a window by the dynamic program against
// everyone else's cover, in place; it returns her and the cover delta.
// While rules are broken (focus), most re-plans take an agent who breaks
// one, over a window around the place: the program keeps every rule about
// runs and days off inside its window, which single-cell moves reach only
// through states that break others (a lone day off between two runs).
func (an *annealer) replan(focus bool) (int, float64) {
	a, from, to := an.replanTarget(focus)
	return a, an.replanAgent(a, from, to, an.beforeReplan())
}

// replanTarget is the agent and window [from, to) of the next re-plan.
func (an *annealer) replanTarget(focus bool) (a, from, to int) {
	s := an.s
	a = s.rng.IntN(len(an.rows))
	length := 7 * (1 + s.rng.IntN(4))
	if focus && s.rng.IntN(4) != 0 {
		for try := 0; try < 32 && an.units[a] < 1e-9; try++ {
			a = s.rng.IntN(len(an.rows))
		}
		if at, ok := an.brokenDay(a); ok {
			if s.rng.IntN(annealWideRepair) == 0 {
				// Now and then a quarter of a year around it: where she
				// works as densely as her runs and days off allow, the
				// mend moves a shift to weeks with room, further than a
				// window of four weeks reaches.
				length = 91
			}
			from, to = s.windowAround(at, length)
			return a, from, to
		}
	}
	from, to = s.window(length)
	return a, from, to
}

func (an *annealer) total() float64 {
	t := an.cover
	for a := range an.rows {
		t += an.req[a] + an.hardWeight*an.units[a]
	}
	return t
}

func (an *annealer) sumUnits() float64 {
	u := 0.0
	for _, x := range an.units {
		u += x
	}
	return u
}

func (an *annealer) copyRows(dst [][]int16) [][]int16 {
	if dst == nil {
		dst = make([][]int16, len(an.rows))
		for a := range dst {
			dst[a] = make([]int16, an.days)
		}
	}
	for a := range an.rows {
		copy(dst[a], an.rows[a])
	}
	return dst
}

// restore makes rows the current roster and re-prices everything.
func (an *annealer) restore(rows [][]int16) {
	for i := range an.count {
		an.count[i] = 0
	}
	for a := range an.rows {
		copy(an.rows[a], rows[a])
		for d, v := range an.rows[a] {
			if v >= 0 {
				an.count[d*an.T+int(v)]++
			}
		}
		an.recount(a)
	}
	an.cover = 0
	m := an.s.m
	for d := range an.days {
		for t := range an.T {
			an.cover += m.shiftDemand[d][t].cost(an.count[d*an.T+t])
		}
	}
}

// writeBack puts the annealer's roster into the search's slots and counts.
func (an *annealer) writeBack() {
	s := an.s
	m := s.m
	for d := range an.days {
		copy(s.count[d], an.count[d*an.T:(d+1)*an.T])
	}
	for a, row := range an.rows {
		for d, v := range row {
			sl := an.slot(a, v)
			if v < 0 {
				s.roster[a][d] = sl
				continue
			}
			for _, b := range m.p.Shifts[v].Breaks {
				offs := breakOffsets(b, m.interval)
				sl.breaks = append(sl.breaks, offs[len(offs)/2])
			}
			s.roster[a][d] = sl
		}
		s.agent[a] = s.agentCost(a)
	}
}
