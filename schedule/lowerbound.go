package schedule

import (
	"context"
	"math"
	"slices"
)

// BoundOptions tunes LowerBound.
type BoundOptions struct {
	// Iterations of subgradient ascent (0: until the ascent stalls, at
	// most maxBoundIterations, or ctx is done).
	Iterations int
	// UpperBound, when positive, is the objective of a known roster (for
	// example the solver's); it sets the Polyak step target and lets the
	// ascent stop once the gap closes.
	UpperBound float64
	// UpperBoundNow, when set, is read every iteration for the objective
	// of the best roster known so far (a search running beside the bound):
	// the better of it and UpperBound is the step's target.
	UpperBoundNow func() float64
}

// Bound is a proven lower bound on the objective of every feasible roster.
type Bound struct {
	Value      float64 `json:"value"`
	Iterations int     `json:"iterations"`
}

// LowerBound is a Lagrangian lower bound on the contract objective of p.
//
// For each priced interval t the cost f_t(s) = max(under*(r-s), over*(s-r))
// is at least lambda_t*(r-s) for every lambda_t in [-over, under], and each
// shift demand likewise with its own price mu. Summing, every roster costs at
// least sum_t lambda_t*r_t + sum_d mu_d*r_d + the sum over agents of her
// request costs minus the prices of what she covers. The agents then
// separate, and each agent's part is minimised over a relaxation of her
// rosters: every day either off or any template she may work, at any
// start, with any non-overlapping break placement and any skill she may
// take (days_off excluded), keeping her min_minutes and max_minutes,
// max_consecutive_shifts, min_consecutive_days_off, max_weekends and the
// next-day pairs that cannot_be_followed_by or min_rest_minutes rule out
// for every placement (a dynamic programme over days, paid minutes and the
// current run, see agentDP). Rest across a day off,
// min_consecutive_shifts and max_shifts are dropped, so the set is a
// superset of her feasible rosters and the minimum can only be lower: the
// bound stays valid for every lambda. Where minutes and weekends together
// make too many states, she keeps each in turn and her part is the dearer
// of the two minima, still at most her cheapest roster. The prices are
// maximised by projected subgradient ascent, and a few fixed prices of
// the shift demands are tried beside it (pricePoints); the best value
// seen is returned.
func LowerBound(p Problem, opt BoundOptions) (Bound, error) {
	return LowerBoundContext(context.Background(), p, opt)
}

// LowerBoundContext is LowerBound stopped early when ctx is done: the
// best value of the iterations run so far (at least one) is still a valid
// bound, only a weaker one. A build computes it beside the search, within
// the same time limit.
func LowerBoundContext(ctx context.Context, p Problem, opt BoundOptions) (Bound, error) {
	m, err := compile(p)
	if err != nil {
		return Bound{}, err
	}
	iters, untilStalled := opt.Iterations, opt.Iterations <= 0
	if untilStalled {
		iters = maxBoundIterations
	}
	lb := newLagrangian(m)
	lb.ctx = ctx
	as := ascent{best: math.Inf(-1), step: 1, windowStart: math.Inf(-1)}
	points := math.Inf(-1) // the best value at pricePoints
	if untilStalled || iters > len(pricePoints)+1 {
		var complete bool
		points, as.done, complete = lb.pricePointsValue()
		if !complete {
			iters = 0 // ctx was done in the middle of a point
		}
	}
	for it := 0; it < iters; it++ {
		if as.done > 0 && ctx.Err() != nil {
			break
		}
		if untilStalled && it > 0 && it%stallWindow == 0 && as.stalled() {
			break
		}
		as.done++
		val, complete := lb.evaluate()
		if !complete {
			break // ctx is done in the middle of the agents
		}
		ub := opt.upperBound()
		as.record(val)
		if !as.advance(lb, val, ub) {
			break
		}
	}
	as.best = math.Max(as.best, points)
	if math.IsInf(as.best, -1) {
		// Cut before one evaluation ended (a very large problem): every
		// cost of the objective is >= 0, so 0 is the bound that holds.
		as.best, as.done = 0, 0
	}
	// A point can be worth less than 0 (weekends with room to spare:
	// Curtois 23, 24), and 0 always holds.
	as.best = math.Max(as.best, 0)
	return Bound{Value: as.best, Iterations: as.done}, nil
}

// pricePoints are fixed prices of the shift demands at which the
// Lagrangian is evaluated beside the ascent: each demand on a weekend day
// (first) or on a weekday priced at its full understaffing weight (+1),
// at minus its overstaffing weight (-1) or at 0. Every point's value is a
// bound, and the bound returned is the best of them and of the ascent.
// From prices of 0 the ascent gains slowly on long horizons of shifts
// (30 s: Curtois 12 81, 19 73, 20 82, rosters of 4,040, 3,149 and 4,769
// being known); the point pricing the weekends at their understaffing
// weight proves at once what the agents' max_weekends leave uncovered
// there (each agent's part covers as many weekend days as her relaxed
// roster may): 2,576, 1,991 and 769, and 8,232 on Curtois 22 (30,241),
// where the ascent had 29. Going on with the ascent from the best point
// was tried: on Curtois 8 and 15 it stalled lower than from 0 (521
// against 781, 453 against 497), so the ascent starts from 0 after the
// points as before. At the points an agent too big for minutes and
// weekends together keeps only her weekends (weekendsOnly): on a year the
// minutes took most of an evaluation (Curtois 23: more than 30 s), and
// the weekend points are about the weekends.
var pricePoints = [][2]float64{ // {weekend, weekday}
	{1, 0},
	{1, -1},
	{0, -1},
	{1, 1},
}

// pricePointsValue evaluates the Lagrangian at each of pricePoints (on
// rosters with shift demand; -Inf on others) and returns the best value
// and how many points were evaluated, leaving the prices as they were;
// complete is false when ctx was done in the middle of a point.
func (l *lagrangian) pricePointsValue() (best float64, done int, complete bool) {
	m := l.m
	best = math.Inf(-1)
	hasShift := false
	for d := range m.days {
		for t := range m.p.Shifts {
			hasShift = hasShift || m.shiftDemand[d][t].has
		}
	}
	if !hasShift {
		return best, 0, true
	}
	l.weekendsOnly = true
	defer func() { l.weekendsOnly = false }()
	saved := make([][]float64, len(l.mu))
	for d := range l.mu {
		saved[d] = slices.Clone(l.mu[d])
	}
	defer func() {
		for d := range l.mu {
			copy(l.mu[d], saved[d])
		}
	}()
	for _, pt := range pricePoints {
		if l.ctx != nil && l.ctx.Err() != nil {
			break
		}
		for d := range m.days {
			w := pt[1]
			if m.weekendDay[d] != weekendNone {
				w = pt[0]
			}
			for t := range m.p.Shifts {
				c := m.shiftDemand[d][t]
				switch {
				case !c.has || w == 0:
					l.mu[d][t] = 0
				case w > 0:
					l.mu[d][t] = w * c.under
				default:
					l.mu[d][t] = w * c.over
				}
			}
		}
		val, complete := l.evaluate()
		if !complete {
			return best, done, false
		}
		done++
		best = math.Max(best, val)
	}
	return best, done, true
}

// upperBound is the objective of the best roster known now (0: none), the
// target of the Polyak step.
func (o BoundOptions) upperBound() float64 {
	ub := o.UpperBound
	if o.UpperBoundNow != nil {
		if now := o.UpperBoundNow(); now > 0 && (ub <= 0 || now < ub) {
			ub = now
		}
	}
	return ub
}

// ascent is the state of the projected subgradient ascent: the best value
// so far, the Polyak step's theta (halved when 15 iterations bring no
// gain), and the best value stallWindow iterations ago.
type ascent struct {
	best        float64
	step        float64 // theta of the Polyak step
	sinceBest   int
	done        int     // iterations run
	windowStart float64 // the best value stallWindow iterations ago
}

// stalled reports whether the best value gained less than stallGain
// (relative) over the last window, and starts the next window.
func (as *ascent) stalled() bool {
	if as.best-as.windowStart < stallGain*math.Abs(as.best) {
		return true
	}
	as.windowStart = as.best
	return false
}

// record keeps val when it is the best so far, and halves the step after
// 15 iterations without a better one.
func (as *ascent) record(val float64) {
	if val > as.best+1e-9 {
		as.best = val
		as.sinceBest = 0
	} else if as.sinceBest++; as.sinceBest >= 15 {
		// (Going back to the best prices here was tried: from
		// lambda = 0 every step along the subgradient lowers the
		// value, so the ascent never left it.)
		as.step /= 2
		as.sinceBest = 0
	}
}

// advance moves the prices of lb one Polyak step from the value val
// towards the target ub (or a little above val when ub is unknown or
// reached), and reports whether the ascent should go on: false once the
// best value meets ub, the subgradient vanishes (the prices are optimal)
// or the step has shrunk to nothing.
func (as *ascent) advance(lb *lagrangian, val, ub float64) bool {
	if ub > 0 && as.best >= ub-1e-6 {
		return false
	}
	if lb.gradientNorm() < 1e-12 {
		return false
	}
	norm := lb.deflect()
	target := ub
	if target <= 0 || target <= val {
		target = val + 0.1*math.Abs(val) + 1
	}
	lb.move(as.step * (target - val) / norm)
	return as.step >= 1e-6
}

// The ascent asked for no number of iterations runs until the best value
// gained less than stallGain (relative) over the last stallWindow
// iterations. Measured on the generated 46-agent, 14-day instance (seed
// 101): 300 iterations gave 79,080, 1,000 gave 86,824 and 2,421 (when the
// step vanished) 87,036, a roster of 95,639 being known; a fixed 300 left
// the bound 10 points short of what the prices can prove.
const (
	maxBoundIterations = 20000
	stallWindow        = 200
	stallGain          = 0.001
)

// lagrangian holds the prices and the latest subproblem answers.
type lagrangian struct {
	ctx   context.Context // evaluate stops between agents once it is done
	m     *model
	limit int // real minutes of the horizon
	// lambda[s][k]: price of skill s's interval k (only where demand is).
	lambda [][]float64
	// prefix[s][t]: sum over real minutes < t of lambda[s][t/interval]/interval.
	prefix [][]float64
	// mu[d][t]: price of shift demand of template t on day d.
	mu [][]float64
	// per (day, template, skill): the cheapest placement and its value.
	bestPl  [][][]placed
	bestVal [][][]float64
	// skill choices per agent.
	choices [][]int
	// unit: the gcd of the templates' paid minutes, the step of the
	// minutes dimension of agentDays.
	unit int
	// gradient: r - staffed per interval, r - count per shift demand.
	gInterval [][]float64
	gShift    [][]float64
	// dInterval, dShift: the deflected step direction (see deflect).
	dInterval [][]float64
	dShift    [][]float64
	// blocked[a]: restBlocked(a), the same at every price.
	blocked [][][][]bool
	// weekendsOnly: an agent too big for minutes and weekends together
	// keeps only the weekends (set at the price points, where the minutes
	// of a year took most of an evaluation's time).
	weekendsOnly bool
	// agentDP's buffers.
	dpCost, dpNext []float64
	dpPrev         [][]int32
	dpPick         [][]int16
}

func newLagrangian(m *model) *lagrangian {
	l := &lagrangian{m: m, limit: m.nIntervals * m.interval}
	ns := len(m.skills)
	l.lambda = make([][]float64, ns)
	l.prefix = make([][]float64, ns)
	l.gInterval = make([][]float64, ns)
	for s := range ns {
		l.lambda[s] = make([]float64, m.nIntervals)
		l.prefix[s] = make([]float64, l.limit+1)
		l.gInterval[s] = make([]float64, m.nIntervals)
	}
	l.mu = make([][]float64, m.days)
	l.gShift = make([][]float64, m.days)
	l.bestPl = make([][][]placed, m.days)
	l.bestVal = make([][][]float64, m.days)
	for d := range m.days {
		l.mu[d] = make([]float64, len(m.p.Shifts))
		l.gShift[d] = make([]float64, len(m.p.Shifts))
		l.bestPl[d] = make([][]placed, len(m.p.Shifts))
		l.bestVal[d] = make([][]float64, len(m.p.Shifts))
		for t := range m.p.Shifts {
			l.bestPl[d][t] = make([]placed, ns)
			l.bestVal[d][t] = make([]float64, ns)
		}
	}
	for a, ag := range m.p.Agents {
		var cs []int
		switch {
		case len(ag.Skills) == 0:
			for s := range ns {
				cs = append(cs, s)
			}
		case len(ag.Skills) == 1:
			// An empty skill on the assignment means her only skill.
			cs = []int{m.skillIndex[ag.Skills[0]]}
		default:
			cs = []int{0}
			for s := 1; s < ns; s++ {
				if m.skillAllowed(a, m.skills[s]) {
					cs = append(cs, s)
				}
			}
		}
		l.choices = append(l.choices, cs)
		l.blocked = append(l.blocked, l.restBlocked(a))
	}
	for _, p := range m.paid {
		l.unit = greatestCommonDivisor(l.unit, p)
	}
	if l.unit == 0 {
		l.unit = 1
	}
	return l
}

// span is the price of working real minutes [a, b) on skill s.
func (l *lagrangian) span(s, a, b int) float64 {
	a = min(max(a, 0), l.limit)
	b = min(max(b, 0), l.limit)
	if b <= a {
		return 0
	}
	return l.prefix[s][b] - l.prefix[s][a]
}

// evaluate solves every agent's relaxed subproblem at the current prices,
// records the subgradient and returns the Lagrangian value; complete is
// false when ctx was done before every agent's part was found (the value
// is then no bound).
func (l *lagrangian) evaluate() (val float64, complete bool) {
	val = l.demandValue()
	// The cheapest start and breaks of each (day, template, skill) are the
	// same for every agent: find them once.
	m := l.m
	for d := range m.days {
		for t := range m.p.Shifts {
			for s := range m.skills {
				l.bestPl[d][t][s], l.bestVal[d][t][s] = l.cheapestPlacement(d, t, s)
			}
		}
	}
	cover := make([][]int, len(m.skills))
	for s := range cover {
		cover[s] = make([]int, m.nIntervals)
	}
	if val, complete = l.agentsValue(val, cover); !complete {
		return 0, false
	}
	for s := range m.skills {
		for k := range m.nIntervals {
			if m.hasDemand[s][k] {
				l.gInterval[s][k] -= float64(cover[s][k]) / float64(m.interval)
			}
		}
	}
	return val, true
}

// demandValue refreshes the interval prices' prefix sums and returns the
// demand's part of the Lagrangian value (each price times what it
// requires), setting the subgradient to the demand, from which the
// agents' cover is then taken.
func (l *lagrangian) demandValue() (val float64) {
	m := l.m
	for s := range m.skills {
		pre := l.prefix[s]
		for t := 0; t < l.limit; t++ {
			pre[t+1] = pre[t] + l.lambda[s][t/m.interval]/float64(m.interval)
		}
		for k := range m.nIntervals {
			if m.hasDemand[s][k] {
				val += l.lambda[s][k] * m.required[s][k]
				l.gInterval[s][k] = m.required[s][k]
			} else {
				l.gInterval[s][k] = 0
			}
		}
	}
	for d := range m.days {
		for t := range m.p.Shifts {
			c := m.shiftDemand[d][t]
			l.gShift[d][t] = 0
			if c.has {
				val += l.mu[d][t] * c.required
				l.gShift[d][t] = c.required
			}
		}
	}
	return val
}

// agentsValue adds to val each agent's cheapest relaxed roster at the
// current prices, adding what she covers to cover and taking her shifts
// off the shift demand's subgradient; complete is false when ctx was done
// before the last agent.
func (l *lagrangian) agentsValue(val float64, cover [][]int) (float64, bool) {
	m := l.m
	for a := range m.p.Agents {
		if l.ctx != nil && l.ctx.Err() != nil {
			return 0, false
		}
		for _, c := range l.agentDays(a) {
			val += c.cost
			if c.t < 0 {
				continue
			}
			pl := l.bestPl[c.day][c.t][c.s]
			pl.agent = a
			m.addCover(cover, pl, 1)
			if m.shiftDemand[c.day][c.t].has {
				l.gShift[c.day][c.t]--
			}
		}
	}
	return val, true
}

// dayChoice is what an agent does on a day: template t (-1: off) on skill s.
type dayChoice struct {
	day, t, s int
	cost      float64
}

// agentDays is agent a's cheapest relaxed roster at the current prices:
// each day off or the cheapest template, start, breaks and skill of that
// day, under the rules that only need to know what she did on the days
// before (see agentDP). When her rules leave no roster at all (the problem
// then has no feasible roster) they are dropped, which keeps the bound
// valid.
func (l *lagrangian) agentDays(a int) []dayChoice {
	m := l.m
	ag := m.p.Agents[a]
	opts, maxUnits := l.dayOptions(a)
	r := dpRules{lo: 0, hi: maxUnits * m.days}
	if ag.MinMinutes != nil {
		r.lo = (*ag.MinMinutes + l.unit - 1) / l.unit
	}
	if ag.MaxMinutes != nil {
		r.hi = min(r.hi, *ag.MaxMinutes/l.unit)
	}
	r.maxRun = ag.MaxConsecutiveShifts
	r.minOff = ag.MinConsecutiveDaysOff
	r.maxWeekends = ag.MaxWeekends
	r.restBlocked = l.blocked[a]
	if l.dpCells(r) > maxDPCells {
		// A year of weekends times its minutes: too many states. Each
		// rule kept alone is still a relaxation of her rosters, so the
		// dearer of the two minima is at most her cheapest roster.
		noWeekends, noMinutes := r, r
		noWeekends.maxWeekends = nil
		noMinutes.lo, noMinutes.hi, noMinutes.ignoreMinutes = 0, 0, true
		relaxations := []dpRules{noMinutes}
		if !l.weekendsOnly {
			relaxations = append(relaxations, noWeekends)
		}
		var out []dayChoice
		for _, rel := range relaxations {
			if l.dpCells(rel) > maxDPCells {
				continue
			}
			if days := l.agentDP(opts, rel); days != nil && (out == nil || choicesCost(days) > choicesCost(out)) {
				out = days
			}
		}
		if out == nil {
			return cheapestDays(opts)
		}
		return out
	}
	if out := l.agentDP(opts, r); out != nil {
		return out
	}
	if all := (dpRules{lo: 0, hi: maxUnits * m.days}); l.dpCells(all) <= maxDPCells {
		return l.agentDP(opts, all)
	}
	return cheapestDays(opts)
}

// choicesCost is what a relaxed roster costs at the current prices.
func choicesCost(days []dayChoice) float64 {
	sum := 0.0
	for _, c := range days {
		sum += c.cost
	}
	return sum
}

// dayOptions lists agent a's options of each day at the current prices:
// off first, then each template she may work on its cheapest skill (none
// on her days off); maxUnits is the most paid units of one option.
func (l *lagrangian) dayOptions(a int) (opts [][]dayChoice, maxUnits int) {
	m := l.m
	off := map[int]bool{}
	for _, d := range m.p.Agents[a].DaysOff {
		off[d] = true
	}
	opts = make([][]dayChoice, m.days)
	for d := range m.days {
		opts[d] = []dayChoice{{day: d, t: -1, s: -1, cost: l.requestCost(a, d, -1)}}
		if off[d] {
			continue
		}
		for t := range m.p.Shifts {
			if !m.shiftAllowed(a, t) {
				continue
			}
			c := dayChoice{day: d, t: t, s: -1, cost: math.Inf(1)}
			base := l.requestCost(a, d, t) - l.mu[d][t]
			for _, s := range l.choices[a] {
				if v := base + l.bestVal[d][t][s]; v < c.cost {
					c.cost, c.s = v, s
				}
			}
			if c.s >= 0 && !math.IsInf(c.cost, 1) {
				opts[d] = append(opts[d], c)
				maxUnits = max(maxUnits, m.paid[t]/l.unit)
			}
		}
	}
	return opts, maxUnits
}

// maxDPCells bounds agentDP's table (days x states, 6 bytes a cell): on
// Curtois 24 (a year, minutes counted to the week's unit, 52 weekends) it
// would take more than 5 GB. Past it the agent keeps her minutes and her
// weekends in turn (agentDays), then no rule, which keeps the bound valid,
// only weaker.
var maxDPCells = 40_000_000 // a variable for the tests

// dpCells is the size of agentDP's table under rules r.
func (l *lagrangian) dpCells(r dpRules) int {
	runs, offs, nW := 1, 1, 1
	if r.maxRun != nil && *r.maxRun > 0 {
		runs = *r.maxRun
	}
	if r.minOff != nil && *r.minOff > 1 {
		offs = *r.minOff
	}
	if r.maxWeekends != nil {
		nW = max(0, *r.maxWeekends) + 1
	}
	nS := len(l.m.p.Shifts)*runs + 2*offs
	return l.m.days * nS * nW * (max(r.hi, 0) + 1)
}

// cheapestDays is the cheapest option of every day with no rule kept: a
// relaxation of any agent's rosters.
func cheapestDays(opts [][]dayChoice) []dayChoice {
	out := make([]dayChoice, 0, len(opts))
	for _, day := range opts {
		best := day[0]
		for _, c := range day[1:] {
			if c.cost < best.cost {
				best = c
			}
		}
		out = append(out, best)
	}
	return out
}

// dpRules are the rules agentDP keeps: paid minutes (in units) within
// lo..hi, and the optional run, weekend and next-day rules.
type dpRules struct {
	lo, hi int
	// ignoreMinutes: paid minutes are not counted (lo and hi are 0).
	ignoreMinutes bool
	maxRun        *int // max_consecutive_shifts
	minOff        *int // min_consecutive_days_off (runs not touching the horizon's ends)
	maxWeekends   *int
	// restBlocked[d][t1][t2]: template t2 on day d+1 can never follow t1
	// on day d (cannot_be_followed_by, or no placement pair leaves
	// min_rest_minutes); nil when nothing is blocked.
	restBlocked [][][]bool
}

// agentDP is the exact minimum over rosters that pick one option per day
// and keep r: a dynamic programme over days whose state is the paid units
// so far, what she did the day before (off, or which template), the length
// of the current run of working days or days off (capped where the rules
// stop caring), whether that run of days off began on day 0, and the
// weekends worked. Rest across a day off, min_consecutive_shifts and
// max_shifts are not kept, and each (day, template) option is its cheapest
// placement whatever its neighbours, so the set is still a superset of her
// feasible rosters. nil when no roster keeps r.
func (l *lagrangian) agentDP(opts [][]dayChoice, r dpRules) []dayChoice {
	b, ok := newBoundDP(l, opts, r)
	if !ok {
		return nil
	}
	cost, next := b.tables()
	// Before day 0 she is "off since the start", which lets any day 0 choice.
	cost[(b.offStatus(1, b.offs)*b.nW+0)*b.nU+0] = 0
	for d := range l.m.days {
		for i := range next {
			next[i] = math.Inf(1)
		}
		b.relaxDay(d, cost, next)
		cost, next = next, cost
	}
	best := b.cheapestFinal(cost)
	if best < 0 {
		return nil
	}
	return b.backtrack(best)
}

// boundDP is the layout of agentDP's states. A state is (status, weekends
// worked, paid units) numbered (status*nW + w)*nU + u; a status is working
// template t with a run of k days (t*runs + k-1), or off with a run of k
// days, begun on day 0 or not (nT*runs + fromStart*offs + k-1).
type boundDP struct {
	l    *lagrangian
	opts [][]dayChoice
	r    dpRules
	// workAllowed is false when max_consecutive_shifts is 0.
	workAllowed bool
	// nT templates; work runs tracked 1..runs, off runs 1..offs (capped);
	// nW weekend counts, nU unit counts, nS statuses.
	nT, runs, offs, nW, nU, nS int
}

// newBoundDP sizes the states for rules r; false when no roster can keep
// them (an empty range of paid units).
func newBoundDP(l *lagrangian, opts [][]dayChoice, r dpRules) (boundDP, bool) {
	b := boundDP{l: l, opts: opts, r: r, nT: len(l.m.p.Shifts), workAllowed: true, runs: 1, offs: 1, nW: 1}
	if r.maxRun != nil {
		if *r.maxRun <= 0 {
			b.workAllowed = false
		} else {
			b.runs = *r.maxRun
		}
	}
	if r.minOff != nil && *r.minOff > 1 {
		b.offs = *r.minOff
	}
	if r.maxWeekends != nil {
		b.nW = max(0, *r.maxWeekends) + 1
	}
	b.nU = r.hi + 1
	if r.hi < 0 || r.lo > r.hi {
		return b, false
	}
	b.nS = b.nT*b.runs + 2*b.offs
	return b, true
}

// offStatus is the status of a run of k days off, begun on day 0 when
// fromStart is 1.
func (b *boundDP) offStatus(fromStart, k int) int { return b.nT*b.runs + fromStart*b.offs + k - 1 }

// tables returns the costs of one day's states and the next's, and sizes
// prev[d][state] (the state before day d) and pick[d][state] (the option
// taken on day d), all in buffers reused across agents and iterations.
// The costs of the first day are all unreachable.
func (b *boundDP) tables() (cost, next []float64) {
	l, days := b.l, b.l.m.days
	nStates := b.nS * b.nW * b.nU
	cost = grow(&l.dpCost, nStates)
	next = grow(&l.dpNext, nStates)
	for i := range cost {
		cost[i] = math.Inf(1)
	}
	if len(l.dpPrev) < days {
		l.dpPrev = make([][]int32, days)
		l.dpPick = make([][]int16, days)
	}
	for d := range days {
		if cap(l.dpPrev[d]) < nStates {
			l.dpPrev[d] = make([]int32, nStates)
			l.dpPick[d] = make([]int16, nStates)
		}
		l.dpPrev[d], l.dpPick[d] = l.dpPrev[d][:nStates], l.dpPick[d][:nStates]
	}
	return cost, next
}

// boundStatus is what a status says of the day before: worked template
// tPrev, or off (fromStart: the days off began on day 0), with a run of k.
type boundStatus struct {
	worked              bool
	tPrev, k, fromStart int
}

func (b *boundDP) status(st int) boundStatus {
	if st < b.nT*b.runs {
		return boundStatus{worked: true, tPrev: st / b.runs, k: st%b.runs + 1}
	}
	x := st - b.nT*b.runs
	return boundStatus{tPrev: -1, fromStart: x / b.offs, k: x%b.offs + 1}
}

// relaxDay moves every reachable state of the day before to day d by each
// of day d's options, keeping in next the cheapest way to each state.
func (b *boundDP) relaxDay(d int, cost, next []float64) {
	m := b.l.m
	weekend := m.weekendDay[d] != weekendNone
	sameWeekendAsYesterday := d > 0 && weekend && m.weekendDay[d-1] == m.weekendDay[d]
	for st := range b.nS {
		s := b.status(st)
		// A weekend day worked starts a weekend worked unless she worked
		// the day before it in the same weekend.
		newWeekend := b.r.maxWeekends != nil && weekend && !(s.worked && sameWeekendAsYesterday)
		b.relaxStatus(d, st, s, newWeekend, cost, next)
	}
}

// after is what day d may be after status s of the day before: offTo, the
// status a day off leads to; nk, the run a day worked makes; mayWork,
// whether a day worked may follow at all (a run at max_consecutive_shifts
// or days off short of min_consecutive_days_off forbid it), but for rest
// and weekends; blocked (nil: none), the templates rest forbids after the
// day before's.
func (b *boundDP) after(d int, s boundStatus) (offTo, nk int, mayWork bool, blocked []bool) {
	maxRun, minOff, restBlocked := b.r.maxRun, b.r.minOff, b.r.restBlocked
	worked, k := s.worked, s.k
	offTo = b.offStatus(0, 1) // after a day worked
	if !worked {
		offTo = b.offStatus(s.fromStart, min(k+1, b.offs))
	}
	mayWork = b.workAllowed
	switch {
	case worked && maxRun != nil && k+1 > *maxRun:
		mayWork = false
	case !worked && minOff != nil && s.fromStart == 0 && k < *minOff:
		mayWork = false
	}
	nk = 1
	if worked {
		nk = min(k+1, b.runs)
	}
	if worked && restBlocked != nil && d > 0 {
		blocked = restBlocked[d-1][s.tPrev]
	}
	return offTo, nk, mayWork, blocked
}

// relaxStatus tries day d's options after each reachable state of status
// st (s) of the day before; newWeekend: working day d starts a weekend
// worked. The rules and sizes are read into locals once: this is the
// bound's innermost loop.
func (b *boundDP) relaxStatus(d, st int, s boundStatus, newWeekend bool, cost, next []float64) {
	nW, nU, runs := b.nW, b.nU, b.runs
	paid, unit, ignoreMinutes := b.l.m.paid, b.l.unit, b.r.ignoreMinutes
	opts, prev, pick := b.opts[d], b.l.dpPrev[d], b.l.dpPick[d]
	offTo, nk, mayWork, blocked := b.after(d, s)
	for w := range nW {
		base := (st*nW + w) * nU
		for u := range nU {
			c := cost[base+u]
			if math.IsInf(c, 1) {
				continue
			}
			for i, o := range opts {
				var to int
				if o.t < 0 {
					to = (offTo*nW+w)*nU + u
				} else {
					if !mayWork || (blocked != nil && blocked[o.t]) {
						continue
					}
					nw := w
					if newWeekend {
						nw++
						if nw >= nW {
							continue
						}
					}
					nu := u
					if !ignoreMinutes {
						nu += paid[o.t] / unit
					}
					if nu >= nU {
						continue
					}
					to = ((o.t*runs+nk-1)*nW+nw)*nU + nu
				}
				if x := c + o.cost; x < next[to] {
					next[to], prev[to], pick[to] = x, int32(base+u), int16(i)
				}
			}
		}
	}
}

// cheapestFinal is the cheapest state after the last day whose paid units
// are within r.lo..r.hi; -1 when none is reachable.
func (b *boundDP) cheapestFinal(cost []float64) int {
	best := -1
	for st := range b.nS {
		for w := range b.nW {
			for u := b.r.lo; u <= b.r.hi; u++ {
				i := (st*b.nW+w)*b.nU + u
				if !math.IsInf(cost[i], 1) && (best < 0 || cost[i] < cost[best]) {
					best = i
				}
			}
		}
	}
	return best
}

// backtrack rebuilds the options taken, from the last day's state best.
func (b *boundDP) backtrack(best int) []dayChoice {
	days := b.l.m.days
	out := make([]dayChoice, days)
	for d := days - 1; d >= 0; d-- {
		out[d] = b.opts[d][b.l.dpPick[d][best]]
		best = int(b.l.dpPrev[d][best])
	}
	return out
}

// grow returns (*buf)[:n], reallocating when it is too short.
func grow(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	return (*buf)[:n]
}

// restBlocked is, per day d and template pair, whether agent a can never
// work t2 on day d+1 after t1 on day d: the pair is cannot_be_followed_by,
// or even t1's earliest end and t2's latest start leave less than her
// min_rest_minutes (or overlap). nil when no pair is blocked.
func (l *lagrangian) restBlocked(a int) [][][]bool {
	m := l.m
	ag := m.p.Agents[a]
	minRest := 0
	if ag.MinRestMinutes != nil {
		minRest = *ag.MinRestMinutes
	}
	nT := len(m.p.Shifts)
	var out [][][]bool
	anything := false
	for d := 0; d+1 < m.days; d++ {
		day := make([][]bool, nT)
		for t1 := range nT {
			day[t1] = make([]bool, nT)
			end := m.at(d, m.startMinute[t1]) + m.p.Shifts[t1].DurationMinutes
			for t2 := range nT {
				gap := m.at(d+1, m.latestStart[t2]) - end
				if m.follows[t1][t2] || gap < minRest {
					day[t1][t2] = true
					anything = true
				}
			}
		}
		out = append(out, day)
	}
	if !anything {
		return nil
	}
	return out
}

func greatestCommonDivisor(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// requestCost is agent a's request cost on day d when she works template t
// (-1: off).
func (l *lagrangian) requestCost(a, d, t int) float64 {
	c := 0.0
	for _, r := range l.m.p.Agents[a].Requests {
		if r.Day != d {
			continue
		}
		works := t >= 0 && (r.Shift == "" || l.m.p.Shifts[t].ID == r.Shift)
		if works != r.On {
			c += r.Weight
		}
	}
	return c
}

// cheapestPlacement finds the start and non-overlapping breaks of template
// t on day d, working skill s, that earn the most price: minus the price of
// the minutes worked on skill s and on demand without skill.
func (l *lagrangian) cheapestPlacement(d, t, s int) (placed, float64) {
	m := l.m
	ps := placementSearch{l: l, sh: &m.p.Shifts[t], s: s, best: placed{day: d, shift: t, skill: s}, bestVal: math.Inf(1)}
	n := len(ps.sh.Breaks)
	ps.offs, ps.cand, ps.candPrice = make([]int, n), make([][]int, n), make([][]float64, n)
	for c := m.startMinute[t]; c <= m.latestStart[t]; c += m.interval {
		ps.start = m.at(d, c)
		ps.end = ps.start + ps.sh.DurationMinutes
		whole := -ps.price(ps.start, ps.end)
		ps.breakCandidates()
		ps.walk(0, whole)
	}
	if math.IsInf(ps.bestVal, 1) {
		// No valid break placement: the template cannot be worked that day.
		return ps.best, math.Inf(1)
	}
	return ps.best, ps.bestVal
}

// placementSearch is a cheapestPlacement under way: the template and
// skill, the start being tried with each break's candidate offsets and
// their prices, the offsets placed so far, and the best placement found.
type placementSearch struct {
	l  *lagrangian
	sh *Shift
	s  int // skill
	// Per break, its grid offsets and their prices at the current start,
	// computed once per start rather than once per leaf of the walk.
	cand       [][]int
	candPrice  [][]float64
	offs       []int // the walk's offsets, break by break
	start, end int   // real minutes of the start being tried
	best       placed
	bestVal    float64
}

// price is the price of working real minutes [a, b) on the skill and on
// demand without skill.
func (ps *placementSearch) price(a, b int) float64 {
	v := ps.l.span(0, a, b)
	if ps.s != 0 {
		v += ps.l.span(ps.s, a, b)
	}
	return v
}

// breakCandidates lists each break's grid offsets in its window and inside
// the shift, with the price of the break there, at the current start.
func (ps *placementSearch) breakCandidates() {
	interval := ps.l.m.interval
	for j, b := range ps.sh.Breaks {
		ps.cand[j], ps.candPrice[j] = ps.cand[j][:0], ps.candPrice[j][:0]
		off := b.EarliestOffsetMinutes
		if r := ((ps.start+off)%interval + interval) % interval; r != 0 {
			off += interval - r
		}
		for ; off <= b.LatestOffsetMinutes && off < ps.sh.DurationMinutes; off += interval {
			ps.cand[j] = append(ps.cand[j], off)
			ps.candPrice[j] = append(ps.candPrice[j], ps.price(ps.start+off, ps.start+off+b.DurationMinutes))
		}
	}
}

// walk goes depth-first over the offsets of breaks j, j+1, ...: each on
// the grid, inside the shift, not overlapping the breaks placed before
// it; v is the value so far. A complete placement better than the best
// becomes the best.
func (ps *placementSearch) walk(j int, v float64) {
	sh := ps.sh
	if j == len(sh.Breaks) {
		if v < ps.bestVal-1e-12 {
			ps.bestVal = v
			ps.best.start, ps.best.end = ps.start, ps.end
			ps.best.breaks = append([]int(nil), ps.offs...)
		}
		return
	}
	b := sh.Breaks[j]
	for i, off := range ps.cand[j] {
		ok := true
		for k := 0; k < j; k++ {
			if off < ps.offs[k]+sh.Breaks[k].DurationMinutes && ps.offs[k] < off+b.DurationMinutes {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		ps.offs[j] = off
		ps.walk(j+1, v+ps.candPrice[j][i])
	}
}

// deflect turns the subgradient into the step direction of Camerini,
// Fratta and Maffioli: d = g + beta*d_prev with beta = 1.5*max(0, -g.d_prev)/|d_prev|^2,
// which damps the zig-zag between successive subgradients. It returns |d|^2.
func (l *lagrangian) deflect() float64 {
	if l.dInterval == nil {
		l.dInterval = make([][]float64, len(l.gInterval))
		for s := range l.gInterval {
			l.dInterval[s] = make([]float64, len(l.gInterval[s]))
		}
		l.dShift = make([][]float64, len(l.gShift))
		for d := range l.gShift {
			l.dShift[d] = make([]float64, len(l.gShift[d]))
		}
	}
	dot, prev := 0.0, 0.0
	for s, g := range l.gInterval {
		for k, x := range g {
			dot += x * l.dInterval[s][k]
			prev += l.dInterval[s][k] * l.dInterval[s][k]
		}
	}
	for d, g := range l.gShift {
		for k, x := range g {
			dot += x * l.dShift[d][k]
			prev += l.dShift[d][k] * l.dShift[d][k]
		}
	}
	beta := 0.0
	if prev > 0 && dot < 0 {
		beta = -deflection * dot / prev
	}
	n := 0.0
	for s, g := range l.gInterval {
		for k, x := range g {
			l.dInterval[s][k] = x + beta*l.dInterval[s][k]
			n += l.dInterval[s][k] * l.dInterval[s][k]
		}
	}
	for d, g := range l.gShift {
		for k, x := range g {
			l.dShift[d][k] = x + beta*l.dShift[d][k]
			n += l.dShift[d][k] * l.dShift[d][k]
		}
	}
	return n
}

// deflection is the CFM beta factor (1.5 measured best of 1.0 and 1.5).
const deflection = 1.5

func (l *lagrangian) gradientNorm() float64 {
	n := 0.0
	for _, g := range l.gInterval {
		for _, x := range g {
			n += x * x
		}
	}
	for _, g := range l.gShift {
		for _, x := range g {
			n += x * x
		}
	}
	return n
}

// move steps the prices along the subgradient and projects them back onto
// [-over, under].
func (l *lagrangian) move(step float64) {
	m := l.m
	for s := range l.lambda {
		for k := range l.lambda[s] {
			if !m.hasDemand[s][k] {
				continue
			}
			l.lambda[s][k] = clamp(l.lambda[s][k]+step*l.dInterval[s][k], -m.over[s][k], m.under[s][k])
		}
	}
	for d := range l.mu {
		for t := range l.mu[d] {
			c := m.shiftDemand[d][t]
			if c.has {
				l.mu[d][t] = clamp(l.mu[d][t]+step*l.dShift[d][t], -c.over, c.under)
			}
		}
	}
}

func clamp(x, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, x))
}

// BoundGap is how far a roster of the given objective is at most above the
// best possible roster, as a share of the bound: (objective - bound) /
// bound, since the best possible objective is at least bound. ok is false
// when the bound says nothing of the kind (not above zero while the
// objective is); a roster at its bound is 0 above.
func BoundGap(objective, bound float64) (gap float64, ok bool) {
	if objective <= bound+1e-9*math.Max(1, math.Abs(objective)) {
		return 0, true
	}
	if bound <= 0 {
		return 0, false
	}
	return (objective - bound) / bound, true
}
