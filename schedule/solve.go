package schedule

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"time"
)

// Options tune Solve.
type Options struct {
	Seed int64
	// TimeLimit stops the search (0: only ctx and MaxIterations stop it;
	// with neither, defaultIterations does). The first window of the
	// construction always completes, so that there is a roster to return;
	// when the limit strikes later in the first pass, the days not yet
	// built repeat the weeks that are.
	TimeLimit time.Duration
	// MaxIterations bounds the improvement iterations of each worker
	// (0: unbounded). The result is deterministic for a seed and a fixed
	// MaxIterations; when the time limit or ctx cuts the search first, it
	// depends on how far each worker got.
	MaxIterations int
	// Workers is the number of searches run in parallel, each with its
	// own seed derived from Seed (default 2). Annealing workers start each
	// cycle from the best roster any of them has found; late-acceptance
	// workers go on from it every lateShareEvery iterations. The best wins; ties
	// go to the lowest worker, so the choice does not depend on timing.
	Workers int
	// Progress, when set, is called with the best objective so far each
	// time it improves. It is called from one goroutine at a time.
	Progress func(elapsed time.Duration, objective float64)
	// Now is the clock for Progress's elapsed time (nil: elapsed is 0).
	Now func() time.Time
	// FairnessWeight > 0 adds, per agent, weight x (weekends worked squared
	// + distance of her paid hours from the middle of her contract range)
	// to what the search minimises, spreading weekends and hours evenly.
	// The contract's objective, reported in the solution, never includes it.
	FairnessWeight float64
}

// penalty prices one broken hard rule inside the search: far above any
// demand or request cost, so the search first removes violations.
const penalty = 1e7

// localPenalty prices a broken rule about particular days (a run too long
// or too short, rest, successions, days off): twice a broken horizon total
// (minutes, weekends, shifts per template). The search then trades local
// breaks for total ones, which it can shrink step by step across windows.
const localPenalty = 2 * penalty

// minuteUnits: a shortfall or excess of paid minutes costs one broken rule
// plus its size in these minutes, so that the search first minimises the
// number of broken rules and only then their size.
const minuteUnits = 100000

// defaultIterations bounds a search given no time limit, iteration count
// or cancellable context.
const defaultIterations = 20000

// lateAcceptance is the length of the late-acceptance history;
// lateAcceptanceIntervals on rosters with interval demand.
const (
	lateAcceptance          = 1000
	lateAcceptanceIntervals = 100
)

// lateShareEvery is how often (iterations) the late-acceptance workers
// meet to share their best rosters: each goes on from the best one that
// keeps every rule when it is better than its own.
const lateShareEvery = 500

// Solve builds a roster: a construction by per-agent dynamic programming
// in a greedy order (window by window on long horizons), then one of two
// searches.
//
// The construction spends each agent's horizon totals (minutes,
// max_shifts) at the pace of the demand, window by window: a year whose
// demand doubles towards December keeps hours for December.
//
// Rosters priced by shift demand and requests only (no interval demand, no
// fairness, days of fixed length) are searched by simulated annealing over
// the agent-day matrix (search_anneal.go): a move changes one agent-day,
// sets a block of days of one agent to one template or off, exchanges two
// days of one agent (her totals stay), exchanges a block of days between
// two agents (the cover stays), or puts an agent on a template short that
// day, from one over-covered or from a day off given back elsewhere that
// week (the cover move), or slides a run of work by a day into the days
// off beside it (her totals and successions stay). The cover cost of a move is priced per day
// touched and each agent touched is re-priced by one allocation-free pass
// over her days, so a worker runs about a million moves a second. Now and
// then one agent is re-planned over a window by the dynamic program below
// against the others' cover, accepted by the same rule. Broken rules cost
// a graded penalty (their count and size); the annealing cools in cycles,
// each starting again from the best roster, and the best roster that keeps
// every rule (or, while none does, the one breaking the fewest) is kept.
//
// Other rosters (interval demand with flexible starts, breaks and skills,
// or fairness) are searched under late acceptance mixing cheap moves (one
// agent-day changed, an agent switched to a short template with another
// taking hers, days or a head or tail of the horizon swapped between two
// agents) with large neighbourhood moves that remove some agents' shifts
// over a window of days and re-insert them one at a time, each by a
// dynamic program over her days (state: last shift, run of working days or
// days off, paid minutes, weekends worked, uses of her scarcest template)
// against the others' cover. Start times and breaks are chosen per day
// where they cost least on the interval demand curve. Two moves serve
// interval demand (search_rr.go): the ruin and recreate of one agent's
// whole horizon by that dynamic program, and the re-timing of one worked
// day (template of the same length, start, skill, breaks). Hard rules are priced
// far above any demand, so the search first removes violations; when no
// roster keeps every hard rule, the least bad one found is returned with
// Feasible false and its violations.
//
// Both workers (Options.Workers) run the same search with different seeds;
// each is deterministic for its seed and iteration count (for the
// annealing, an iteration is a batch of annealBatch moves). Annealing
// workers share their best rosters at the end of each cycle, late
// acceptance workers every lateShareEvery iterations (exchange.go).
func Solve(ctx context.Context, p Problem, opt Options) (Solution, error) {
	m, err := compile(p)
	if err != nil {
		return Solution{}, err
	}
	if opt.Workers < 1 {
		opt.Workers = 2
	}
	if len(p.Agents) == 0 {
		return m.solution(nil), nil
	}
	if opt.TimeLimit <= 0 && opt.MaxIterations <= 0 && ctx.Done() == nil {
		opt.MaxIterations = defaultIterations // nothing else would stop it
	}
	if opt.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.TimeLimit)
		defer cancel()
	}
	report := progressReporter(opt)
	sol := m.solution(runWorkers(ctx, m, opt, report))
	if sol.Feasible {
		report(sol.Objective)
	}
	return sol, nil
}

// progressReporter is the report the workers call with each objective
// they reach: it passes to opt.Progress (when set) only those better than
// any reported before, one call at a time, whichever worker found them.
func progressReporter(opt Options) func(float64) {
	var started time.Time
	if opt.Now != nil {
		started = opt.Now()
	}
	var mu sync.Mutex
	bestReported := math.Inf(1)
	return func(obj float64) {
		if opt.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if obj < bestReported {
			bestReported = obj
			var el time.Duration
			if opt.Now != nil {
				el = opt.Now().Sub(started)
			}
			opt.Progress(el, obj)
		}
	}
}

// runWorkers runs opt.Workers searches in parallel, each with its own
// seed, sharing their best rosters through exchanges when there are
// several, and returns the best roster. Ties go to the lowest worker, so
// that the choice does not depend on which finished first.
func runWorkers(ctx context.Context, m *model, opt Options, report func(float64)) [][]slot {
	results := make([][][]slot, opt.Workers)
	scores := make([]float64, opt.Workers)
	var share *exchange[int16]
	var shareSlots *exchange[slot]
	if opt.Workers > 1 {
		share = newExchange[int16](opt.Workers)
		shareSlots = newExchange[slot](opt.Workers)
	}
	var wg sync.WaitGroup
	for w := range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSearch(m, opt, uint64(opt.Seed), uint64(w))
			s.worker, s.share, s.shareSlots = w, share, shareSlots
			results[w], scores[w] = s.run(ctx, report)
		}()
	}
	wg.Wait()
	best := 0
	for w := range scores {
		if scores[w] < scores[best] {
			best = w
		}
	}
	return results[best]
}

// slot is what an agent does on a day.
type slot struct {
	on     bool
	shift  int
	start  int // wall-clock minute
	skill  int
	breaks []int
}

// solution writes a roster as the contract's solution and checks it.
func (m *model) solution(roster [][]slot) Solution {
	var as []Assignment
	for a, days := range roster {
		for d, sl := range days {
			if !sl.on {
				continue
			}
			as = append(as, m.assignment(a, d, sl))
		}
	}
	placements, vs := m.resolve(as)
	vs = append(vs, m.agentViolations(placements)...)
	if as == nil {
		as = []Assignment{}
	}
	return Solution{Objective: m.objective(placements), Feasible: len(vs) == 0, Violations: vs, Assignments: as}
}

func (m *model) assignment(a, d int, sl slot) Assignment {
	as := Assignment{Agent: m.p.Agents[a].ID, Day: d, Shift: m.p.Shifts[sl.shift].ID, Start: FormatClock(sl.start)}
	if sl.skill != 0 {
		as.Skill = m.skills[sl.skill]
	}
	start := m.at(d, sl.start)
	for j, off := range sl.breaks {
		as.Breaks = append(as.Breaks, BreakPlacement{Start: m.clockString(start + off), DurationMinutes: m.p.Shifts[sl.shift].Breaks[j].DurationMinutes})
	}
	return as
}

// search is one worker's state.
type search struct {
	worker int
	share  *exchange[int16] // the workers' best rosters, shared between cycles (nil: one worker)
	// shareSlots: the same for the late-acceptance search, every
	// lateShareEvery iterations.
	shareSlots *exchange[slot]
	m          *model
	opt        Options
	rng        *rand.Rand
	roster     [][]slot
	count      [][]int // day x template
	cover      [][]int // skill x real interval, minutes
	agent      []float64
	starts     [][]int // per template: allowed wall-clock starts
	skills     [][]int // per agent: candidate skill indexes
	hasInt     bool
	// flexibility counts the templates each agent may work.
	flexibility []int
	dp          dpScratch
	// breakOrder[t][j]: the grid offsets of template t's break j, from
	// the middle of its window outwards (optionCost's order of trial).
	breakOrder [][][]int
	work       []int // optionCost's minutes per interval
	// fast: interval demand on an aligned grid, where options are priced
	// by optionCostFast from prices (one day's, reused).
	fast   bool
	prices dayPrices
	// building is true during the first construction pass, when the days
	// after the current window are still empty.
	building bool
	// windowDays is the span one dynamic program re-plans; candidates
	// the templates it considers a day.
	windowDays, candidates int
	// trackScarce counts the template with the fewest uses left in the
	// dynamic program's state. Off where the annealer searches: there it
	// multiplies the construction's cost by up to 17 (on Curtois 22 the
	// construction took 30 of a minute's 60 s, on Curtois 13 with 18
	// templates 12 s of CPU), and the annealer keeps max_shifts itself.
	trackScarce bool
}

// newSearch is one worker's search over m, an empty roster, with its own
// random stream (seed, worker).
func newSearch(m *model, opt Options, seed, worker uint64) *search {
	s := &search{m: m, opt: opt, rng: rand.New(rand.NewPCG(seed, worker+1))}
	s.roster = make([][]slot, len(m.p.Agents))
	for a := range s.roster {
		s.roster[a] = make([]slot, m.days)
	}
	s.count = make([][]int, m.days)
	for d := range s.count {
		s.count[d] = make([]int, len(m.p.Shifts))
	}
	s.cover = make([][]int, len(m.skills))
	for k := range s.cover {
		s.cover[k] = make([]int, m.nIntervals)
	}
	s.hasInt = len(m.p.Demand.Intervals) > 0
	s.fast = s.hasInt && m.aligned()
	s.trackScarce = !s.annealable()
	s.sizeDynamicProgram()
	s.placements()
	s.skills = agentSkills(m)
	for a := range m.p.Agents {
		n := 0
		for t := range m.p.Shifts {
			if m.shiftAllowed(a, t) {
				n++
			}
		}
		s.flexibility = append(s.flexibility, n)
	}
	s.agent = make([]float64, len(m.p.Agents))
	for a := range s.agent {
		s.agent[a] = s.agentCost(a)
	}
	return s
}

// sizeDynamicProgram sets the span one dynamic program re-plans and the
// templates it considers a day, by the roster's size.
func (s *search) sizeDynamicProgram() {
	m := s.m
	// Four weeks re-planned at once on small instances; two on large
	// ones, where each dynamic program must stay fast.
	s.windowDays, s.candidates = 28, 8
	switch size := len(m.p.Agents) * m.days; {
	case size > 20000:
		s.windowDays, s.candidates = 14, 5
	case size > 6000:
		s.candidates = 6
	}
	if s.annealable() && len(m.p.Agents)*m.days > 3000 {
		// The annealer tries every template itself; on large rosters its
		// dynamic program (construction and re-plans) only needs the
		// cheapest few a day, and its work grows with their square: on
		// Curtois 13 three candidates build in 33 million transitions,
		// eight in 293 million (0.6 s of CPU against 4 s; side by side,
		// two workers, 60 s: 4957 -> 3645). On 1-10 (at most 1120
		// agent-days) three were within noise of eight.
		s.candidates = 3
	}
}

// placements lists, per template, the wall-clock starts it may take and
// the grid offsets of its breaks from the middle of their windows
// outwards (optionCost's order of trial).
func (s *search) placements() {
	m := s.m
	for t := range m.p.Shifts {
		var st []int
		for c := m.startMinute[t]; c <= m.latestStart[t]; c += m.interval {
			st = append(st, c)
		}
		s.starts = append(s.starts, st)
	}
	for _, sh := range m.p.Shifts {
		var per [][]int
		for _, b := range sh.Breaks {
			offs := breakOffsets(b, m.interval)
			mid := len(offs) / 2
			sort.SliceStable(offs, func(x, y int) bool { return abs(x-mid) < abs(y-mid) })
			per = append(per, offs)
		}
		s.breakOrder = append(s.breakOrder, per)
	}
}

// agentSkills are, per agent, the skills she may be placed on: those of
// hers with interval demand (her first when none has), or for an agent
// with no skills listed, the whole (0) and every skill with demand.
func agentSkills(m *model) [][]int {
	var skills [][]int
	demanded := map[int]bool{}
	for _, d := range m.p.Demand.Intervals {
		demanded[m.skillIndex[d.Skill]] = true
	}
	for _, ag := range m.p.Agents {
		var ks []int
		if len(ag.Skills) > 0 {
			for _, k := range ag.Skills {
				if demanded[m.skillIndex[k]] {
					ks = append(ks, m.skillIndex[k])
				}
			}
			if len(ks) == 0 {
				ks = []int{m.skillIndex[ag.Skills[0]]}
			}
		} else {
			for k := range m.skills {
				if k == 0 || demanded[k] {
					ks = append(ks, k)
				}
			}
		}
		skills = append(skills, ks)
	}
	return skills
}

func (s *search) placement(a, d int, sl slot) placed {
	pl := placed{agent: a, day: d, shift: sl.shift, start: s.m.at(d, sl.start), skill: sl.skill, breaks: sl.breaks}
	pl.end = pl.start + s.m.p.Shifts[sl.shift].DurationMinutes
	return pl
}

// set changes agent a's day d, keeping cover and counts in step.
func (s *search) set(a, d int, sl slot) {
	old := s.roster[a][d]
	if old.on {
		s.count[d][old.shift]--
		if s.hasInt {
			s.m.addCover(s.cover, s.placement(a, d, old), -1)
		}
	}
	if sl.on {
		s.count[d][sl.shift]++
		if s.hasInt {
			s.m.addCover(s.cover, s.placement(a, d, sl), 1)
		}
	}
	s.roster[a][d] = sl
}

// agentCost is agent a's requests, broken rules (priced by penalty) and
// fairness.
func (s *search) agentCost(a int) float64 {
	m := s.m
	ag := m.p.Agents[a]
	cost := 0.0
	for _, r := range ag.Requests {
		sl := s.roster[a][r.Day]
		works := sl.on && (r.Shift == "" || m.p.Shifts[sl.shift].ID == r.Shift)
		if works != r.On {
			cost += r.Weight
		}
	}
	cost += penalty * s.brokenUnits(a)
	if s.opt.FairnessWeight > 0 {
		weekends := map[int]bool{}
		minutes := 0
		for d, sl := range s.roster[a] {
			if sl.on {
				minutes += m.paid[sl.shift]
				if m.weekendDay[d] != weekendNone {
					weekends[m.weekendDay[d]] = true
				}
			}
		}
		cost += s.opt.FairnessWeight * s.fairness(a, len(weekends), minutes)
	}
	return cost
}

func (s *search) fairness(a, weekends, minutes int) float64 {
	ag := s.m.p.Agents[a]
	f := float64(weekends * weekends)
	if ag.MinMinutes != nil && ag.MaxMinutes != nil {
		f += math.Abs(float64(minutes)-float64(*ag.MinMinutes+*ag.MaxMinutes)/2) / 60
	}
	return f
}

// total is the penalised objective the search minimises.
func (s *search) total() float64 {
	t := s.coverTotal()
	for _, c := range s.agent {
		t += c
	}
	return t
}

// coverTotal is the demand part of the objective: shifts and intervals.
func (s *search) coverTotal() float64 {
	m := s.m
	t := 0.0
	for d := range s.count {
		for k, n := range s.count[d] {
			t += m.shiftDemand[d][k].cost(n)
		}
	}
	if s.hasInt {
		for k := range s.cover {
			for i, c := range s.cover[k] {
				t += m.intervalCost(k, i, c)
			}
		}
	}
	return t
}

// window is a span of days [from, to) whose edges never split a weekend.
func (s *search) window(length int) (int, int) {
	days := s.m.days
	if days <= length+length/2 {
		return 0, days
	}
	from := s.rng.IntN(days - length + 1)
	return s.align(from), s.align(from + length)
}

// windowAround is a window of about length days that contains day.
func (s *search) windowAround(day, length int) (int, int) {
	days := s.m.days
	if days <= length+length/2 {
		return 0, days
	}
	from := max(0, min(day-s.rng.IntN(length), days-length))
	from, to := s.align(from), s.align(from+length)
	if day < from {
		from = s.align(max(0, day-1))
	}
	if day >= to {
		to = s.align(min(days, day+2))
	}
	return from, to
}

// brokenDay picks a day on which one of agent a's rules is broken, when
// the broken rule has a day.
func (s *search) brokenDay(a int) (int, bool) {
	var ps []placed
	for d, sl := range s.roster[a] {
		if sl.on {
			ps = append(ps, s.placement(a, d, sl))
		}
	}
	var days []int
	for _, v := range s.m.checkAgent(a, ps) {
		if v.Day != nil {
			days = append(days, *v.Day)
		}
	}
	if len(days) == 0 {
		return 0, false
	}
	return days[s.rng.IntN(len(days))], true
}

// repeatBuilt fills agent a's days from built on with a copy of her
// whole weeks before built, repeated, so that the weekdays match.
func (s *search) repeatBuilt(a, built int) {
	period := built / 7 * 7
	if period == 0 {
		return
	}
	for d := built; d < s.m.days; d++ {
		s.set(a, d, s.roster[a][d-period])
	}
	s.agent[a] = s.agentCost(a)
}

// align moves a window edge off a Sunday so that no weekend is split.
func (s *search) align(d int) int {
	if d <= 0 || d >= s.m.days {
		return max(0, min(d, s.m.days))
	}
	if s.m.weekendDay[d] == d-1 { // a Sunday
		return d + 1
	}
	return d
}

// run is one worker's search: the construction, then the annealer or
// late acceptance (see Solve). It returns the best roster and its
// penalised objective.
func (s *search) run(ctx context.Context, report func(float64)) ([][]slot, float64) {
	order := s.rng.Perm(len(s.m.p.Agents))
	s.construct(ctx, order)
	if s.annealable() {
		an := newAnnealer(s)
		an.run(ctx, report)
		return s.snapshot(), s.total()
	}
	return s.lateAcceptanceSearch(ctx, report)
}

// construct builds the first roster: windows in order, agents in the
// given order, each placed by the dynamic program against the cover of
// those placed before.
func (s *search) construct(ctx context.Context, order []int) {
	m := s.m
	passes := 2
	if s.windowDays < 28 || s.annealable() {
		// Large, or searched by the annealer: the search repairs what
		// the one pass leaves. (On Curtois 13, two passes took 17 s of
		// CPU of a worker, one 5 s, and a minute's search side by side
		// ended at 10148 after two passes, 4271 after one.)
		passes = 1
	}
	for pass := 0; pass < passes; pass++ {
		s.building = pass == 0
		for from := 0; from < m.days; {
			to := s.align(min(m.days, from+s.windowDays))
			if to <= from {
				to = m.days
			}
			if s.placeWindow(ctx, pass, order, from, to) {
				from = m.days
			}
			from = max(from, to)
		}
	}
}

// placeWindow re-plans each agent's days [from, to) in order. When ctx is
// done it stops, except in the construction's first window, which always
// completes so that there is a roster to return. Stopped while building,
// the days not yet built repeat the weeks that are, so that Solve keeps
// its time limit, and it reports true: the construction is over.
func (s *search) placeWindow(ctx context.Context, pass int, order []int, from, to int) (built bool) {
	for i, a := range order {
		if ctx.Err() != nil && (pass > 0 || from > 0) {
			if pass > 0 {
				return false
			}
			for j, b := range order {
				built := from
				if j < i {
					built = to
				}
				s.repeatBuilt(b, built)
			}
			return true
		}
		s.reoptimize(a, from, to, 0)
	}
	return false
}

// lateSearch is the state of the late-acceptance search: the current
// roster's objective and the best one's.
type lateSearch struct {
	cur, best  float64
	bestRoster [][]slot
	bestSaved  bool // false: the current roster is a best one
}

// lateAcceptanceSearch improves the constructed roster by late acceptance
// (see Solve) and returns the best roster found and its objective.
func (s *search) lateAcceptanceSearch(ctx context.Context, report func(float64)) ([][]slot, float64) {
	ls := lateSearch{cur: s.total()}
	ls.best = ls.cur
	// The objectives of the last len(history) iterations (a local: it
	// stays on the stack).
	history := make([]float64, lateAcceptance)
	if s.hasInt {
		// Its moves are dearer (each re-plans days of an agent): a
		// shorter memory lets the search settle within the limit (tuned
		// on the tuning seeds of schedule/gen: 1000 ends 3-6% worse at
		// 5 s than 100, which is within noise of 20 and 50).
		history = history[:lateAcceptanceIntervals]
	}
	for i := range history {
		history[i] = ls.cur
	}
	ls.bestRoster = s.snapshot()
	report(s.reportable(ls.best))
	for it := 0; s.opt.MaxIterations == 0 || it < s.opt.MaxIterations; it++ {
		if ctx.Err() != nil {
			break
		}
		if s.shareSlots != nil && it > 0 && it%lateShareEvery == 0 {
			s.meetLate(ctx, it, &ls, report)
		}
		var mv move
		s.lateMove(&mv, ls.cur)
		s.lateAccept(it, &mv, &ls, history, report)
	}
	if !ls.bestSaved {
		ls.bestRoster = s.snapshot()
	}
	return ls.bestRoster, ls.best
}

// meetLate shares the best rosters with the other late-acceptance
// workers; the search goes on from theirs when it is better.
func (s *search) meetLate(ctx context.Context, it int, ls *lateSearch, report func(float64)) {
	mine := ls.bestRoster
	if !ls.bestSaved {
		mine = s.snapshot()
	}
	rows, score, ok := s.shareSlots.meet(ctx, it/lateShareEvery, s.worker, mine, ls.best, ls.best < penalty)
	if !ok || score >= ls.best-1e-9 {
		return
	}
	for a := range rows {
		for d, sl := range rows[a] {
			s.set(a, d, sl)
		}
		s.agent[a] = s.agentCost(a)
	}
	ls.cur = s.total()
	ls.best = ls.cur
	ls.bestSaved = false
	report(s.reportable(ls.best))
}

// lateMove draws and makes one move of the late-acceptance search from a
// roster of objective cur. Cheap moves that leave the cover alone or
// change one day do most of the work; the dynamic program re-plans a few
// agents over a window now and then. With interval demand: re-timing one
// worked day (30%), one agent's whole horizon ruined and re-planned
// (45%), and the window re-planning (25%).
func (s *search) lateMove(mv *move, cur float64) {
	r := s.rng.IntN(100)
	if cur >= penalty && r < 70 {
		r = 99 // rules broken: mostly re-plan, which repairs
	}
	switch {
	case s.hasInt && r < 30:
		s.retimeMove(mv)
	case s.hasInt && r < 75:
		s.ruinRecreateMove(mv)
	case !s.hasInt && r < 20:
		s.changeMove(mv)
	case !s.hasInt && r < 40:
		s.ejectionMove(mv)
	case !s.hasInt && r < 85:
		s.swapMove(mv)
	default:
		s.replanMove(mv, cur)
	}
}

// lateAccept keeps move mv of iteration it when it is no worse than the
// roster of len(history) iterations ago, which lets the search walk out
// of a local optimum while the best roster is kept apart; else it undoes
// it.
func (s *search) lateAccept(it int, mv *move, ls *lateSearch, history []float64, report func(float64)) {
	next := ls.cur + mv.delta(s)
	late := it % len(history)
	if next <= ls.cur || next <= history[late] {
		if next > ls.best && ls.cur == ls.best && !ls.bestSaved {
			// Leaving a best roster: save it first.
			s.apply(mv, false)
			ls.bestRoster = s.snapshot()
			ls.bestSaved = true
			s.apply(mv, true)
		}
		ls.cur = next
		if ls.cur < ls.best {
			ls.best = ls.cur
			ls.bestSaved = false
			report(s.reportable(ls.best))
		}
	} else {
		s.apply(mv, false)
	}
	history[late] = ls.cur
}

// cellChange is one agent-day of a move.
type cellChange struct {
	a, d     int
	old, new slot
}

// move is a change to the roster that can be undone and redone.
type move struct {
	cells            []cellChange
	agents           []int
	oldCost, newCost []float64
	coverDelta       float64
}

// delta is the change of the penalised objective the move made.
func (mv *move) delta(s *search) float64 {
	d := mv.coverDelta
	for i := range mv.agents {
		d += mv.newCost[i] - mv.oldCost[i]
	}
	return d
}

// apply redoes (forward) or undoes the move.
func (s *search) apply(mv *move, forward bool) {
	for _, c := range mv.cells {
		if forward {
			s.set(c.a, c.d, c.new)
		} else {
			s.set(c.a, c.d, c.old)
		}
	}
	for i, a := range mv.agents {
		if forward {
			s.agent[a] = mv.newCost[i]
		} else {
			s.agent[a] = mv.oldCost[i]
		}
	}
}

// shiftCover is the shift-demand cost of day d.
func (s *search) shiftCover(d int) float64 {
	c := 0.0
	for t, n := range s.count[d] {
		c += s.m.shiftDemand[d][t].cost(n)
	}
	return c
}

// changeMove gives one agent another shift (or none) on one day.
func (s *search) changeMove(mv *move) {
	m := s.m
	a := s.rng.IntN(len(m.p.Agents))
	d := s.rng.IntN(m.days)
	old := s.roster[a][d]
	var sl slot
	if r := s.rng.IntN(len(m.p.Shifts) + 1); r < len(m.p.Shifts) && m.shiftAllowed(a, r) {
		sl = slot{on: true, shift: r, start: m.startMinute[r], skill: s.skills[a][0]}
		for _, b := range m.p.Shifts[r].Breaks {
			offs := breakOffsets(b, m.interval)
			sl.breaks = append(sl.breaks, offs[len(offs)/2])
		}
	}
	if sl.on == old.on && (!sl.on || sl.shift == old.shift) {
		return
	}
	before := s.shiftCover(d)
	s.set(a, d, sl)
	mv.cells = append(mv.cells, cellChange{a, d, old, sl})
	mv.coverDelta = s.shiftCover(d) - before
	mv.agents = []int{a}
	mv.oldCost = []float64{s.agent[a]}
	s.agent[a] = s.agentCost(a)
	mv.newCost = []float64{s.agent[a]}
}

// ejectionMove aims at a shift short of its demand on some day: an agent
// working another template that day switches to it, and an agent off that
// day, if one may, takes over the template she left.
func (s *search) ejectionMove(mv *move) {
	m := s.m
	day, short := s.shortShift()
	if short < 0 {
		return
	}
	before := s.shiftCover(day)
	a := s.pickAgent(func(a int) bool {
		sl := s.roster[a][day]
		return sl.on && sl.shift != short && m.shiftAllowed(a, short)
	})
	if a < 0 {
		// No one to switch: someone off takes it.
		a = s.pickAgent(func(a int) bool { return !s.roster[a][day].on && m.shiftAllowed(a, short) })
		if a < 0 {
			return
		}
	}
	left := s.roster[a][day]
	na := s.templateSlot(short, a)
	s.set(a, day, na)
	mv.cells = append(mv.cells, cellChange{a, day, left, na})
	mv.agents = []int{a}
	mv.oldCost = []float64{s.agent[a]}
	if left.on {
		s.backfill(mv, a, day, left.shift)
	}
	for _, x := range mv.agents {
		s.agent[x] = s.agentCost(x)
		mv.newCost = append(mv.newCost, s.agent[x])
	}
	mv.coverDelta = s.shiftCover(day) - before
}

// shortShift draws up to 8 days and returns the first (day, template)
// whose shift demand is short and priced (short < 0: none found).
func (s *search) shortShift() (day, short int) {
	day, short = -1, -1
	for try := 0; try < 8 && short < 0; try++ {
		d := s.rng.IntN(s.m.days)
		for t, c := range s.m.shiftDemand[d] {
			if c.has && float64(s.count[d][t]) < c.required && c.under > 0 {
				day, short = d, t
				break
			}
		}
	}
	return day, short
}

// pickAgent draws up to 12 agents and returns the first that ok accepts
// (-1: none): a cheap guess, not a search, as a move should be.
func (s *search) pickAgent(ok func(a int) bool) int {
	n := len(s.m.p.Agents)
	for try := 0; try < 12; try++ {
		if a := s.rng.IntN(n); ok(a) {
			return a
		}
	}
	return -1
}

// templateSlot is template t as the template writes it, worked by agent a
// on her first skill: its nominal start, each break in the middle of its
// window.
func (s *search) templateSlot(t, a int) slot {
	m := s.m
	sl := slot{on: true, shift: t, start: m.startMinute[t]}
	for _, b := range m.p.Shifts[t].Breaks {
		offs := breakOffsets(b, m.interval)
		sl.breaks = append(sl.breaks, offs[len(offs)/2])
	}
	sl.skill = s.skills[a][0]
	return sl
}

// backfill gives the template agent a left on day to someone off that
// day who may work it, if one is found, and adds her to the move.
func (s *search) backfill(mv *move, a, day, left int) {
	b := s.pickAgent(func(b int) bool { return b != a && !s.roster[b][day].on && s.m.shiftAllowed(b, left) })
	if b < 0 {
		return
	}
	nb := s.templateSlot(left, b)
	s.set(b, day, nb)
	mv.cells = append(mv.cells, cellChange{b, day, slot{}, nb})
	mv.agents = append(mv.agents, b)
	mv.oldCost = append(mv.oldCost, s.agent[b])
}

// swapMove exchanges two agents' days over a short span: the cover stays
// the same, only their rules and requests change.
func (s *search) swapMove(mv *move) {
	m := s.m
	if len(m.p.Agents) < 2 {
		return
	}
	a := s.rng.IntN(len(m.p.Agents))
	if s.agent[a] < penalty && s.rng.IntN(2) == 0 {
		// Prefer an agent whose rules are broken: a swap with someone who
		// has room can move a shift or a weekend between them.
		start := s.rng.IntN(len(m.p.Agents))
		for i := range len(m.p.Agents) {
			if c := (start + i) % len(m.p.Agents); s.agent[c] >= penalty {
				a = c
				break
			}
		}
	}
	b := s.rng.IntN(len(m.p.Agents) - 1)
	if b >= a {
		b++
	}
	from := s.rng.IntN(m.days)
	to := min(m.days, from+1+s.rng.IntN(7))
	switch s.rng.IntN(4) {
	case 0: // everything from a day on
		to = m.days
	case 1: // everything up to a day
		from, to = 0, from+1
	}
	mv.agents = []int{a, b}
	mv.oldCost = []float64{s.agent[a], s.agent[b]}
	for d := from; d < to; d++ {
		sa, sb := s.roster[a][d], s.roster[b][d]
		if sa.on == sb.on && (!sa.on || sa.shift == sb.shift) {
			continue
		}
		sa2, sb2 := sb, sa
		sa2.skill, sb2.skill = s.skills[a][0], s.skills[b][0]
		s.set(a, d, sa2)
		s.set(b, d, sb2)
		mv.cells = append(mv.cells, cellChange{a, d, sa, sa2}, cellChange{b, d, sb, sb2})
	}
	s.agent[a], s.agent[b] = s.agentCost(a), s.agentCost(b)
	mv.newCost = []float64{s.agent[a], s.agent[b]}
}

// replanMove removes a few agents' shifts over a window of days and
// re-plans them one at a time by the dynamic program.
func (s *search) replanMove(mv *move, cur float64) {
	agents, from, to := s.replanTargets(cur)
	k := len(agents)
	before := s.coverTotal()
	mv.agents = agents
	saved := make([][]slot, k)
	for i, a := range agents {
		saved[i] = append([]slot(nil), s.roster[a][from:to]...)
		mv.oldCost = append(mv.oldCost, s.agent[a])
	}
	noise := 0.0
	if s.rng.IntN(4) == 0 {
		noise = 1 // breaks ties differently
	}
	if k > 1 || s.rng.IntN(2) == 0 {
		for _, a := range agents {
			for d := from; d < to; d++ {
				s.set(a, d, slot{})
			}
			s.agent[a] = s.agentCost(a)
		}
	}
	// The least flexible agents choose first, leaving the templates only
	// the flexible ones can work to them.
	order := append([]int(nil), agents...)
	if s.rng.IntN(2) == 0 {
		sort.SliceStable(order, func(i, j int) bool { return s.flexibility[order[i]] < s.flexibility[order[j]] })
	}
	for _, a := range order {
		s.reoptimize(a, from, to, noise)
	}
	// A second round lets the first agents answer what the later ones took.
	if k > 1 && s.rng.IntN(2) == 0 {
		for _, a := range order {
			s.reoptimize(a, from, to, 0)
		}
	}
	for i, a := range agents {
		for d := from; d < to; d++ {
			mv.cells = append(mv.cells, cellChange{a, d, saved[i][d-from], s.roster[a][d]})
		}
		mv.newCost = append(mv.newCost, s.agent[a])
	}
	mv.coverDelta = s.coverTotal() - before
}

// replanTargets draws the agents and the window [from, to) replanMove
// re-plans from a roster of objective cur: a window of one, two or four
// weeks and up to 12 agents, or a few days and everyone. While rules are
// broken, half the time one of the agents who break them is among them,
// over a window around her first broken day.
func (s *search) replanTargets(cur float64) (agents []int, from, to int) {
	m := s.m
	length := s.windowDays
	if r := s.rng.IntN(4); r <= 1 && length > 7 {
		length = 7 // short windows: cheap, local moves
	} else if r == 2 && length > 14 {
		length = 14
	}
	k := 1 + s.rng.IntN(min(12, len(m.p.Agents)))
	if s.rng.IntN(3) == 0 {
		// A few days, everyone: re-deal those days among all agents.
		length = 2 + s.rng.IntN(4)
		k = len(m.p.Agents)
	}
	from, to = s.window(length)
	agents = s.rng.Perm(len(m.p.Agents))[:k]
	if cur < penalty || s.rng.IntN(2) != 0 {
		return agents, from, to
	}
	var broken []int
	for a, c := range s.agent {
		if c >= penalty {
			broken = append(broken, a)
		}
	}
	if len(broken) > 0 {
		b := broken[s.rng.IntN(len(broken))]
		if !slices.Contains(agents, b) {
			agents[0] = b
		}
		if day, ok := s.brokenDay(b); ok {
			// Sometimes a repair needs room: twice the window.
			from, to = s.windowAround(day, s.windowDays*(1+s.rng.IntN(2)))
		}
	}
	return agents, from, to
}

// brokenUnits measures how badly agent a's roster breaks her hard rules:
// one unit per broken rule, plus the size of the excess for the counting
// rules, so that the search prefers smaller violations on the way to none.
// It follows checkAgent rule for rule. The steps add to one sum in a
// fixed order (days, days off, totals, runs), so that the search, which
// compares these sums, takes the same path whatever the steps' grouping.
func (s *search) brokenUnits(a int) float64 {
	b := brokenTally{m: s.m, a: a, ag: s.m.p.Agents[a], row: s.roster[a],
		counts: make([]int, len(s.m.p.Shifts)), weekends: map[int]bool{}}
	b.days()
	b.daysOff()
	b.totals()
	b.runs()
	return b.units
}

// brokenTally is a brokenUnits under way: agent a's row, the totals
// of her worked days, and the units counted so far.
type brokenTally struct {
	m        *model
	a        int
	ag       Agent
	row      []slot
	units    float64
	counts   []int // per template
	minutes  int
	weekends map[int]bool
}

// localUnits is one broken rule about particular days: localPenalty in
// penalty units.
const localUnits = localPenalty / penalty

// days walks the worked days: templates she may not work, rest too short
// (or shifts overlapping) and forbidden successions, counting her uses of
// each template, her paid minutes and the weekends she works.
func (b *brokenTally) days() {
	m, ag, row := b.m, b.ag, b.row
	prev := -1
	prevEnd := 0
	for d, sl := range row {
		if !sl.on {
			continue
		}
		b.counts[sl.shift]++
		b.minutes += m.paid[sl.shift]
		if len(ag.Shifts) > 0 && !m.shiftAllowed(b.a, sl.shift) {
			b.units += localUnits
		}
		if m.weekendDay[d] != weekendNone {
			b.weekends[m.weekendDay[d]] = true
		}
		start := m.at(d, sl.start)
		if prev >= 0 {
			gap := start - prevEnd
			if gap < 0 || (ag.MinRestMinutes != nil && gap < *ag.MinRestMinutes) {
				b.units += localUnits
			}
			if prev == d-1 && m.follows[row[prev].shift][sl.shift] {
				b.units += localUnits
			}
		}
		prev, prevEnd = d, start+m.p.Shifts[sl.shift].DurationMinutes
	}
}

// daysOff counts each day off she works.
func (b *brokenTally) daysOff() {
	for _, d := range b.ag.DaysOff {
		if b.row[d].on {
			b.units += localUnits
		}
	}
}

// totals counts the horizon's limits broken, each with its size: uses of
// a template, paid minutes (in minuteUnits), weekends.
func (b *brokenTally) totals() {
	ag := b.ag
	for id, limit := range ag.MaxShifts {
		if n := b.counts[b.m.shiftIndex[id]]; n > limit {
			b.units += 1 + float64(n-limit)
		}
	}
	if ag.MinMinutes != nil && b.minutes < *ag.MinMinutes {
		b.units += 1 + float64(*ag.MinMinutes-b.minutes)/minuteUnits
	}
	if ag.MaxMinutes != nil && b.minutes > *ag.MaxMinutes {
		b.units += 1 + float64(b.minutes-*ag.MaxMinutes)/minuteUnits
	}
	if ag.MaxWeekends != nil && len(b.weekends) > *ag.MaxWeekends {
		b.units += float64(len(b.weekends) - *ag.MaxWeekends)
	}
}

// runs counts the runs of working days too long, and the runs of working
// days or days off too short among those inside the horizon (what lies
// beyond it is unknown).
func (b *brokenTally) runs() {
	ag, row, days := b.ag, b.row, b.m.days
	for start := 0; start < days; {
		end := start
		for end+1 < days && row[end+1].on == row[start].on {
			end++
		}
		n := end - start + 1
		inside := start > 0 && end < days-1
		if row[start].on {
			if ag.MaxConsecutiveShifts != nil && n > *ag.MaxConsecutiveShifts {
				b.units += localUnits
			}
			if inside && ag.MinConsecutiveShifts != nil && n < *ag.MinConsecutiveShifts {
				b.units += localUnits
			}
		} else if inside && ag.MinConsecutiveDaysOff != nil && n < *ag.MinConsecutiveDaysOff {
			b.units += localUnits
		}
		start = end + 1
	}
}

// reportable is the contract objective of a penalised total, or +Inf while
// hard rules are broken (progress shows only rosters that keep them).
func (s *search) reportable(total float64) float64 {
	if total >= penalty {
		return math.Inf(1)
	}
	if s.opt.FairnessWeight > 0 {
		for a := range s.agent {
			total -= s.opt.FairnessWeight * s.fairnessNow(a)
		}
	}
	return total
}

func (s *search) fairnessNow(a int) float64 {
	weekends := map[int]bool{}
	minutes := 0
	for d, sl := range s.roster[a] {
		if sl.on {
			minutes += s.m.paid[sl.shift]
			if s.m.weekendDay[d] != weekendNone {
				weekends[s.m.weekendDay[d]] = true
			}
		}
	}
	return s.fairness(a, len(weekends), minutes)
}

func (s *search) snapshot() [][]slot {
	out := make([][]slot, len(s.roster))
	for a := range s.roster {
		out[a] = append([]slot(nil), s.roster[a]...)
	}
	return out
}
