package schedule

import (
	"slices"
)

// A group re-plan is a ruin and recreate of a few agents at once: their
// days over the horizon are emptied, then each in turn is re-planned exactly
// by the dynamic program against the cover everyone else leaves, the
// first with the whole gap before her. It moves work between agents in
// ways no exchange of cells reaches while every rule holds. On Curtois 6
// every agent works as much as her minutes allow and the last missing
// shifts are filled only when one agent takes a shift on a short day and
// another takes over, somewhere else, what the first gave up, with runs
// and days off kept for both: the groups are drawn around a short shift
// or a denied request, where such changes are.

// annealGroup is the chance that a re-plan (not a repair) is a group
// re-plan, and annealGroupSize the most agents in one. Side by side on
// Curtois 5, 6, 8 and 9 at 20 s, seeds 1 and 2: 0.9 with targeted groups
// took 6 from 2,142 / 2,054 to 1,956 / 1,952 (best known 1,950).
//
// annealGroupDays: groups re-plan the whole horizon, and only horizons of
// at most this many days. Over one to four weeks of a longer horizon the
// runs cut at the window's ends left the groups little room: at 60 s they
// took Curtois 14 from 1,369 to 1,470, 15 from 4,315 to 4,624 and 19 from
// 3,534 to 3,958. annealGroupAgents: and only rosters of at most this
// many agents. On Curtois 13 (120 agents, 28 days) groups cost 7% at 60 s
// (seeds 1-3: 1,918, 2,018, 1,948 without, 2,076, 2,101, 2,149 with),
// where the last missing shifts were placed by single agents' re-plans,
// whose budget the groups took.
var (
	annealGroup       = 0.9
	annealGroupSize   = 3
	annealGroupDays   = 28
	annealGroupAgents = 60
)

// groupsPay reports whether group re-plans are made on this roster.
func (an *annealer) groupsPay() bool {
	return an.days <= annealGroupDays && len(an.rows) <= annealGroupAgents
}

// groupReplanStep re-plans a group of two to annealGroupSize agents over
// the horizon, kept by the Metropolis rule at temperature temp over the
// whole group's change; it reports whether the best roster improved.
func (an *annealer) groupReplanStep(st *annealState, temp float64) (improved bool) {
	s := an.s
	group := an.groupOf(s.rng.IntN(len(an.rows)))
	if len(group) < 2 {
		return false
	}
	from, to := 0, an.days
	an.undo = an.undo[:0]
	coverDelta := 0.0
	for _, a := range group {
		for d := from; d < to; d++ {
			coverDelta += an.setCell(a, d, -1)
		}
	}
	noise := an.beforeReplan()
	for _, a := range group {
		coverDelta += an.replanAgent(a, from, to, noise)
	}
	return an.acceptReplan(st, temp, coverDelta, group)
}

// groupOf is a group of two to annealGroupSize agents, from agent a: a
// third of the time a pair around a denied request (requestPair), a third
// around a short template (coverPair), then others drawn at random among
// those who may work one of the templates the first works: only they can
// take her shifts or give her theirs. The order is the order of re-plans.
func (an *annealer) groupOf(a int) []int {
	rng := an.s.rng
	n := len(an.rows)
	size := 2 + rng.IntN(annealGroupSize-1)
	group := []int{a}
	switch rng.IntN(3) {
	case 0:
		group = an.requestPair(a)
	case 1:
		group = an.coverPair(a)
	}
	for try := 0; try < 8*size && len(group) < size; try++ {
		b := rng.IntN(n)
		if an.shareTemplate(group[0], b) && !slices.Contains(group, b) {
			group = append(group, b)
		}
	}
	rng.Shuffle(len(group), func(i, j int) { group[i], group[j] = group[j], group[i] })
	return group
}

// requestPair is, searching from agent a, an agent denied a request on
// some day and another agent who could exchange that day with her; just
// a when none is found in a few draws.
func (an *annealer) requestPair(a int) []int {
	rng := an.s.rng
	n := len(an.rows)
	for try := 0; try < 8; try++ {
		d := rng.IntN(an.days)
		if e := an.deniedDay(a, d); e >= 0 {
			d = e
		}
		for i, b0 := 0, rng.IntN(n); i < n; i++ {
			if b := (b0 + i) % n; b != a && an.mayExchange(a, b, d) {
				return []int{a, b}
			}
		}
		a = rng.IntN(n)
	}
	return []int{a}
}

// coverPair is, on a day drawn at random where a template is short, an
// agent who may work it there and does not (searched from a), and another
// who may work it and works a different template that day: together they
// may shift work to fill it. Just a when nothing is short that day.
func (an *annealer) coverPair(a int) []int {
	n := len(an.rows)
	d, short := an.shortTemplate()
	if short < 0 {
		return []int{a}
	}
	group := make([]int, 0, 2)
	for i := 0; i < n && len(group) < 2; i++ {
		b := (a + i) % n
		x := &an.agents[b]
		if v := an.rows[b][d]; x.may[short] && !x.dayOff[d] && v != short {
			if len(group) == 0 || v >= 0 {
				group = append(group, b)
			}
		}
	}
	if len(group) == 0 {
		return []int{a}
	}
	return group
}

// shareTemplate reports whether agent b may work a template that agent a
// may work.
func (an *annealer) shareTemplate(a, b int) bool {
	for _, t := range an.agents[a].allowed {
		if an.agents[b].may[t] {
			return true
		}
	}
	return false
}

// beforeReplan readies the search for re-plans: its cover counts made the
// annealer's; and draws their noise (1 in one re-plan in four, else 0).
func (an *annealer) beforeReplan() (noise float64) {
	s := an.s
	for d := range an.days {
		copy(s.count[d], an.count[d*an.T:(d+1)*an.T])
	}
	if s.rng.IntN(4) == 0 {
		return 1
	}
	return 0
}

// slot is agent a working template v (-1: off) as the search's slot, with
// no breaks placed.
func (an *annealer) slot(a int, v int16) slot {
	if v < 0 {
		return slot{}
	}
	return slot{on: true, shift: int(v), start: an.s.m.startMinute[v], skill: an.s.skills[a][0]}
}

// replanAgent re-plans agent a over days [from, to) by the dynamic program
// against the cover in s.count, which must equal the annealer's, and
// writes her new days into the roster; it returns the cover delta.
func (an *annealer) replanAgent(a, from, to int, noise float64) float64 {
	s := an.s
	for d, v := range an.rows[a] {
		s.roster[a][d] = an.slot(a, v)
	}
	s.reoptimize(a, from, to, noise)
	delta := 0.0
	for d := from; d < to; d++ {
		v := int16(-1)
		if sl := s.roster[a][d]; sl.on {
			v = int16(sl.shift)
		}
		delta += an.setCell(a, d, v)
	}
	return delta
}
