package schedule

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// Options tune Solve.
type Options struct {
	Seed int64
	// TimeLimit stops the search (0: only ctx and MaxIterations stop it).
	TimeLimit time.Duration
	// MaxIterations bounds the improvement iterations of each worker
	// (0: unbounded). The result is deterministic for a seed and a fixed
	// MaxIterations; when the time limit or ctx cuts the search first, it
	// depends on how far each worker got.
	MaxIterations int
	// Workers is the number of independent searches run in parallel, each
	// with its own seed derived from Seed (default 2). The best wins; ties
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

// Solve builds a roster: a construction by per-agent dynamic programming
// in a greedy order, then large neighbourhood search that removes a few
// agents' shifts over a window of days and re-inserts them one at a time,
// each by an exact dynamic program over her days (state: last shift, run
// of working days or days off, paid minutes, weekends worked) against the
// others' cover. When no roster keeps every hard rule, the least bad one
// found is returned with Feasible false and its violations.
func Solve(ctx context.Context, p Problem, opt Options) (Solution, error) {
	m, err := compile(p)
	if err != nil {
		return Solution{}, err
	}
	if opt.Workers < 1 {
		opt.Workers = 2
	}
	if opt.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.TimeLimit)
		defer cancel()
	}
	var started time.Time
	if opt.Now != nil {
		started = opt.Now()
	}
	var mu sync.Mutex
	bestReported := math.Inf(1)
	report := func(obj float64) {
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
	results := make([][][]slot, opt.Workers)
	scores := make([]float64, opt.Workers)
	var wg sync.WaitGroup
	for w := range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSearch(m, opt, uint64(opt.Seed), uint64(w))
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
	sol := m.solution(results[best])
	if sol.Feasible {
		report(sol.Objective)
	}
	return sol, nil
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
	m      *model
	opt    Options
	rng    *rand.Rand
	roster [][]slot
	count  [][]int // day x template
	cover  [][]int // skill x real interval, minutes
	agent  []float64
	starts [][]int // per template: allowed wall-clock starts
	skills [][]int // per agent: candidate skill indexes
	hasInt bool
	dp     dpScratch
}

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
	for t := range m.p.Shifts {
		var st []int
		for c := m.startMinute[t]; c <= m.latestStart[t]; c += m.interval {
			st = append(st, c)
		}
		s.starts = append(s.starts, st)
	}
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
		s.skills = append(s.skills, ks)
	}
	s.agent = make([]float64, len(m.p.Agents))
	for a := range s.agent {
		s.agent[a] = s.agentCost(a)
	}
	return s
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
	var ps []placed
	for d, sl := range s.roster[a] {
		if sl.on {
			ps = append(ps, s.placement(a, d, sl))
		}
	}
	cost += penalty * float64(len(m.checkAgent(a, ps)))
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
	for _, c := range s.agent {
		t += c
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

const windowDays = 28

func (s *search) run(ctx context.Context, report func(float64)) ([][]slot, float64) {
	m := s.m
	order := s.rng.Perm(len(m.p.Agents))
	// Construction: windows in order, agents in random order, each placed
	// by the dynamic program against the cover of those placed before.
	for pass := 0; pass < 2; pass++ {
		for from := 0; from < m.days; {
			to := s.align(min(m.days, from+windowDays))
			if to <= from {
				to = m.days
			}
			for _, a := range order {
				if ctx.Err() != nil && pass > 0 {
					break
				}
				s.reoptimize(a, from, to, 0)
			}
			from = to
		}
	}
	cur := s.total()
	best := cur
	bestRoster := s.snapshot()
	report(s.reportable(best))
	for it := 0; s.opt.MaxIterations == 0 || it < s.opt.MaxIterations; it++ {
		if ctx.Err() != nil {
			break
		}
		from, to := s.window(windowDays)
		k := 1 + s.rng.IntN(min(3, len(m.p.Agents)))
		agents := s.rng.Perm(len(m.p.Agents))[:k]
		saved := make([][]slot, k)
		savedCost := make([]float64, k)
		for i, a := range agents {
			saved[i] = append([]slot(nil), s.roster[a][from:to]...)
			savedCost[i] = s.agent[a]
		}
		noise := 0.0
		if s.rng.IntN(4) == 0 {
			noise = 1
		}
		if k > 1 || s.rng.IntN(2) == 0 {
			for _, a := range agents {
				for d := from; d < to; d++ {
					s.set(a, d, slot{})
				}
				s.agent[a] = s.agentCost(a)
			}
		}
		for _, a := range agents {
			s.reoptimize(a, from, to, noise)
		}
		next := s.total()
		if next <= cur {
			cur = next
			if cur < best {
				best = cur
				bestRoster = s.snapshot()
				report(s.reportable(best))
			}
			continue
		}
		for i, a := range agents {
			for d := from; d < to; d++ {
				s.set(a, d, saved[i][d-from])
			}
			s.agent[a] = savedCost[i]
		}
	}
	return bestRoster, best
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
