package schedule

import (
	"fmt"
	"math"
	"sort"
)

// ActivityRequest asks for an activity (a meeting, a training session,
// coaching) to be placed in the shifts of some agents within a window of
// days and, optionally, of hours.
type ActivityRequest struct {
	Kind            string
	Title           string
	Agents          []string // agent ids of the problem
	DurationMinutes int
	FirstDay        int // day indexes of the problem, inclusive
	LastDay         int
	// The wall-clock hours the activity must fall in, minutes after
	// midnight: it starts at or after From and ends by To (0 and 1440 =
	// the whole day).
	From, To int
	// Together: one common slot for everyone who can attend (a meeting);
	// else each agent gets her own slot (coaching, individual training).
	Together bool
}

// ActivityPlan is where the activity went and what it costs.
type ActivityPlan struct {
	Placed   []ActivitySlot `json:"placed"`
	Unplaced []Unplaced     `json:"unplaced"`
	// Objective of the roster before and after; Cost = After - Before,
	// the price of the cover the activity takes off the queues (negative
	// when it only trims overstaffing).
	Before float64 `json:"objective_before"`
	After  float64 `json:"objective_after"`
	Cost   float64 `json:"cost"`
	// UnderstaffedBefore and UnderstaffedAfter are the agent-minutes below
	// the requirement over the intervals the activity touches (all skills
	// and the demand any agent covers), before and after: what the
	// activity takes from the service.
	UnderstaffedBefore float64 `json:"understaffed_minutes_before"`
	UnderstaffedAfter  float64 `json:"understaffed_minutes_after"`
	// Intervals are the intervals the activity touches (demand any agent
	// covers, or the agents' skill when the problem has no such demand).
	Intervals []IntervalEffect `json:"intervals"`
	// Solution is the roster with the activity placed.
	Solution Solution `json:"-"`
}

// ActivitySlot is one agent's placed activity.
type ActivitySlot struct {
	Agent string  `json:"agent"`
	Day   int     `json:"day"`
	Start string  `json:"start"` // wall clock HH:MM
	End   string  `json:"end"`
	Cost  float64 `json:"cost"` // the objective's increase her absence adds
}

// Unplaced is an agent the activity could not be given, and why: Reason
// is no_shift (no shift in the window), no_slot (no free span of the
// length inside her shifts and the hours, clear of breaks and other
// activities), not_at_slot (together: the common slot is not free in her
// shift) or rules (placing it would break a rule; Message says which).
type Unplaced struct {
	Agent   string `json:"agent"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// IntervalEffect is one interval the activity touches: the agents the
// requirement wants, and those on the queues before and after.
type IntervalEffect struct {
	Day      int     `json:"day"`
	Start    string  `json:"start"`
	Skill    string  `json:"skill,omitempty"`
	Required float64 `json:"required"`
	Before   float64 `json:"before"`
	After    float64 `json:"after"`
}

// Validate reports what is wrong with the request, by field.
func (r ActivityRequest) Validate(p Problem) error {
	var errs FieldErrors
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !IsActivityKind(r.Kind) {
		add("kind", "%q, want one of %v", r.Kind, ActivityKinds)
	}
	if len(r.Agents) == 0 {
		add("agents", "nobody to place the activity for")
	}
	if r.DurationMinutes < p.IntervalMinutes || r.DurationMinutes > 720 || (p.IntervalMinutes > 0 && r.DurationMinutes%p.IntervalMinutes != 0) {
		add("duration_minutes", "%d, want a multiple of %d minutes up to 720", r.DurationMinutes, p.IntervalMinutes)
	}
	if r.FirstDay < 0 || r.FirstDay >= p.Days {
		add("from", "day %d is outside the roster's days 0 to %d", r.FirstDay, p.Days-1)
	}
	if r.LastDay < r.FirstDay || r.LastDay >= p.Days {
		add("to", "day %d is before the first day or outside the roster's days 0 to %d", r.LastDay, p.Days-1)
	}
	if r.From < 0 || r.To > 1440 || r.From >= r.To {
		add("to_time", "the hours %s to %s are not a span of the day", FormatClock(r.From), FormatClock(r.To))
	} else if r.To-r.From < r.DurationMinutes {
		add("to_time", "the hours %s to %s are shorter than %d minutes", FormatClock(r.From), FormatClock(r.To), r.DurationMinutes)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// PlanActivity places an activity in a roster where it costs the service
// least, keeping every rule the roster keeps.
//
// The price of taking an agent off the queues for a span is the increase
// of the roster's objective over the intervals it touches: per interval
// and skill, the requirement (the agents Erlang C or A says the forecast
// needs for the queue's service goal) against the agents left on the
// queues, weighed by the demand's under- and overstaffing weights. This is
// the roster's own measure, the one the solver minimised, so the activity
// goes where the roster has slack: an interval already short pays for
// every minute removed, an overstaffed one pays nothing (or gains). It
// needs nothing beyond the roster (the forecast behind the requirement may
// have changed since), and it is exact for several people at once, which
// a service level per interval is not without re-running the queue.
//
// Candidates are the grid times of each day of the window within the
// hours; a slotCandidate is free for an agent when the span lies inside her
// shift of that day and off her breaks and activities. Together: the slot
// that seats the most agents, then costs least (then the earliest) is
// chosen, and those who cannot attend it are reported. Each on her own:
// the agents with the fewest free slots are placed first, each at her
// cheapest slot given those already placed. Every choice is checked with
// Check; a slot that would add a violation is passed over.
func PlanActivity(p Problem, s Solution, r ActivityRequest) (ActivityPlan, error) {
	if err := r.Validate(p); err != nil {
		return ActivityPlan{}, err
	}
	m, err := compile(p)
	if err != nil {
		return ActivityPlan{}, err
	}
	base, err := Check(p, s)
	if err != nil {
		return ActivityPlan{}, err
	}
	pl := newPlanner(m, r, base, s)
	plan := ActivityPlan{Before: base.Objective, Placed: []ActivitySlot{}, Unplaced: []Unplaced{}}
	agents := uniq(r.Agents)
	if r.Together {
		pl.together(agents, &plan)
	} else {
		pl.eachOwn(agents, &plan)
	}
	after, err := Check(p, pl.sol)
	if err != nil {
		return ActivityPlan{}, err
	}
	plan.After = after.Objective
	plan.Cost = plan.After - plan.Before
	plan.Solution = pl.sol
	plan.Solution.Objective, plan.Solution.Feasible, plan.Solution.Violations = after.Objective, after.Feasible, after.Violations
	pl.effects(&plan)
	return plan, nil
}

// newPlanner sets up the planning of request r on a copy of roster s
// (checked as base): the cover of every skill and interval, kept as it was
// (initial) to measure the plan's effects, and each agent's assignment of
// each day of the window, by its index in the solution, and its
// placement.
func newPlanner(m *model, r ActivityRequest, base Report, s Solution) planner {
	pl := planner{m: m, req: r, before: base}
	pl.sol = Solution{Assignments: append([]Assignment(nil), s.Assignments...)}
	placements, _ := m.resolve(pl.sol.Assignments)
	pl.cover = make([][]int, len(m.skills))
	for i := range pl.cover {
		pl.cover[i] = make([]int, m.nIntervals)
	}
	for _, x := range placements {
		m.addCover(pl.cover, x, 1)
	}
	pl.initial = make([][]int, len(pl.cover))
	for i := range pl.cover {
		pl.initial[i] = append([]int(nil), pl.cover[i]...)
	}
	pl.byAgentDay = map[agentDay]int{}
	pl.placed = map[int]placed{}
	for i, as := range pl.sol.Assignments {
		if as.Day < r.FirstDay || as.Day > r.LastDay {
			continue
		}
		if ps, _ := m.resolve([]Assignment{as}); len(ps) == 1 {
			pl.byAgentDay[agentDay{as.Agent, as.Day}] = i
			pl.placed[i] = ps[0]
		}
	}
	return pl
}

type planner struct {
	m          *model
	req        ActivityRequest
	before     Report
	sol        Solution
	cover      [][]int // agent-minutes on the queues per skill and interval, as placed so far
	initial    [][]int // the same before the activity
	byAgentDay map[agentDay]int
	placed     map[int]placed // by assignment index
	touched    map[int]bool   // intervals the activity covers
}

type agentDay struct {
	agent string
	day   int
}

// slotCandidate is a slot: day and wall-clock start.
type slotCandidate struct {
	day, clock int
}

// candidates are the grid starts of the window, in time order.
func (pl *planner) slotCandidates() []slotCandidate {
	var out []slotCandidate
	step := pl.m.interval
	for d := pl.req.FirstDay; d <= pl.req.LastDay; d++ {
		for c := (pl.req.From + step - 1) / step * step; c+pl.req.DurationMinutes <= pl.req.To; c += step {
			out = append(out, slotCandidate{d, c})
		}
	}
	return out
}

// free tells whether agent's shift of c.day has the span free, and which
// assignment it is. why says what stops it: no_shift or no_slot.
func (pl *planner) free(agent string, c slotCandidate) (i int, span [2]int, why string) {
	i, ok := pl.byAgentDay[agentDay{agent, c.day}]
	if !ok {
		return -1, span, "no_shift"
	}
	x, ok := pl.placed[i]
	if !ok {
		return -1, span, "no_shift"
	}
	t := pl.m.at(c.day, c.clock)
	span = [2]int{t, t + pl.req.DurationMinutes}
	if span[0] < x.start || span[1] > x.end {
		return i, span, "no_slot"
	}
	for _, b := range pl.m.breakSpans(x) {
		if span[0] < b[1] && b[0] < span[1] {
			return i, span, "no_slot"
		}
	}
	return i, span, ""
}

// cost is the objective's increase of taking placement x off the queues
// for span, against the cover as placed so far.
func (pl *planner) cost(x placed, span [2]int) float64 {
	total := 0.0
	m := pl.m
	for k := max(span[0], 0) / m.interval; k*m.interval < span[1] && k < m.nIntervals; k++ {
		lo, hi := max(span[0], k*m.interval), min(span[1], (k+1)*m.interval)
		mins := hi - lo
		for _, s := range skillsOf(x) {
			total += m.intervalCost(s, k, pl.cover[s][k]-mins) - m.intervalCost(s, k, pl.cover[s][k])
		}
	}
	return total
}

func skillsOf(x placed) []int {
	if x.skill == 0 {
		return []int{0}
	}
	return []int{0, x.skill}
}

// take removes span from the cover and writes the activity into the
// roster; undo puts both back.
func (pl *planner) take(i int, span [2]int, c slotCandidate) (undo func()) {
	x := pl.placed[i]
	m := pl.m
	for k := max(span[0], 0) / m.interval; k*m.interval < span[1] && k < m.nIntervals; k++ {
		mins := min(span[1], (k+1)*m.interval) - max(span[0], k*m.interval)
		for _, s := range skillsOf(x) {
			pl.cover[s][k] -= mins
		}
	}
	old := pl.sol.Assignments[i]
	next := old
	next.Activities = append(append([]ActivityPlacement(nil), old.Activities...),
		ActivityPlacement{Kind: pl.req.Kind, Title: pl.req.Title, Start: FormatClock(c.clock), DurationMinutes: pl.req.DurationMinutes})
	pl.sol.Assignments[i] = next
	nx := x
	nx.activities = append(append([][2]int(nil), x.activities...), span)
	pl.placed[i] = nx
	return func() {
		for k := max(span[0], 0) / m.interval; k*m.interval < span[1] && k < m.nIntervals; k++ {
			mins := min(span[1], (k+1)*m.interval) - max(span[0], k*m.interval)
			for _, s := range skillsOf(x) {
				pl.cover[s][k] += mins
			}
		}
		pl.sol.Assignments[i] = old
		pl.placed[i] = x
	}
}

// breaksNothing checks the roster as it stands against the one before the
// activity: no violation it did not have.
func (pl *planner) breaksNothing() (bool, string) {
	after, err := Check(pl.m.p, pl.sol)
	if err != nil {
		return false, err.Error()
	}
	seen := map[string]int{}
	key := func(v Violation) string {
		return v.Rule + "|" + v.Agent + "|" + fmt.Sprint(dayKey(v.Day)) + "|" + v.Message
	}
	for _, v := range pl.before.Violations {
		seen[key(v)]++
	}
	for _, v := range after.Violations {
		if k := key(v); seen[k] > 0 {
			seen[k]--
		} else {
			return false, v.Message
		}
	}
	return true, ""
}

func (pl *planner) touch(span [2]int) {
	if pl.touched == nil {
		pl.touched = map[int]bool{}
	}
	for k := max(span[0], 0) / pl.m.interval; k*pl.m.interval < span[1] && k < pl.m.nIntervals; k++ {
		pl.touched[k] = true
	}
}

func (pl *planner) slot(agent string, c slotCandidate, cost float64) ActivitySlot {
	return ActivitySlot{Agent: agent, Day: c.day, Start: FormatClock(c.clock), End: FormatClock(c.clock + pl.req.DurationMinutes), Cost: cost}
}

// together finds the one slot that seats the most agents at the least
// cost, and places the activity there for them.
func (pl *planner) together(agents []string, plan *ActivityPlan) {
	for _, ch := range pl.rankSlots(agents) {
		slots, ok := pl.seat(agents, ch.c)
		if !ok {
			continue
		}
		plan.Placed = slots
		seated := map[string]bool{}
		for _, s := range slots {
			seated[s.Agent] = true
			_, span, _ := pl.free(s.Agent, ch.c)
			pl.touch(span)
		}
		for _, a := range agents {
			if !seated[a] {
				plan.Unplaced = append(plan.Unplaced, pl.whyNot(a, ch.c))
			}
		}
		return
	}
	for _, a := range agents {
		plan.Unplaced = append(plan.Unplaced, pl.whyNot(a, slotCandidate{day: -1}))
	}
}

// seatedSlot is a common slot with the agents it seats and what seating
// them costs.
type seatedSlot struct {
	c     slotCandidate
	seats int
	cost  float64
}

// rankSlots lists the slots that seat at least one of the agents, the
// most seats first, then the cheapest. Each slot is priced with all who
// can attend it taken off together, so that two agents in one short
// interval cost what they cost; the roster is left as it was.
func (pl *planner) rankSlots(agents []string) []seatedSlot {
	var ranked []seatedSlot
	for _, c := range pl.slotCandidates() {
		ch := seatedSlot{c: c}
		var undos []func()
		for _, a := range agents {
			if i, span, why := pl.free(a, c); why == "" {
				ch.cost += pl.cost(pl.placed[i], span)
				undos = append(undos, pl.take(i, span, c))
				ch.seats++
			}
		}
		undoAll(undos)
		if ch.seats > 0 {
			ranked = append(ranked, ch)
		}
	}
	sort.SliceStable(ranked, func(i, j int) bool {
		if ranked[i].seats != ranked[j].seats {
			return ranked[i].seats > ranked[j].seats
		}
		return ranked[i].cost < ranked[j].cost-1e-9
	})
	return ranked
}

// seat takes the activity at slot c for every agent free then, and keeps
// it only when that breaks no rule of the roster (false: all undone).
func (pl *planner) seat(agents []string, c slotCandidate) ([]ActivitySlot, bool) {
	var undos []func()
	var slots []ActivitySlot
	for _, a := range agents {
		if i, span, why := pl.free(a, c); why == "" {
			cost := pl.cost(pl.placed[i], span)
			undos = append(undos, pl.take(i, span, c))
			slots = append(slots, pl.slot(a, c, cost))
		}
	}
	if ok, _ := pl.breaksNothing(); !ok {
		undoAll(undos)
		return nil, false
	}
	return slots, true
}

// undoAll runs undos last first, putting back what they took.
func undoAll(undos []func()) {
	for j := len(undos) - 1; j >= 0; j-- {
		undos[j]()
	}
}

// whyNot says why an agent did not get the slot c (day -1: no slot).
func (pl *planner) whyNot(a string, c slotCandidate) Unplaced {
	if _, ok := pl.m.agentIndex[a]; !ok {
		return Unplaced{Agent: a, Reason: "no_shift", Message: fmt.Sprintf("%s is not on this roster", a)}
	}
	hasShift := false
	for d := pl.req.FirstDay; d <= pl.req.LastDay; d++ {
		if _, ok := pl.byAgentDay[agentDay{a, d}]; ok {
			hasShift = true
		}
	}
	if !hasShift {
		return Unplaced{Agent: a, Reason: "no_shift", Message: fmt.Sprintf("%s has no shift from %s to %s", a, pl.m.dateOf(pl.req.FirstDay), pl.m.dateOf(pl.req.LastDay))}
	}
	if c.day < 0 {
		return Unplaced{Agent: a, Reason: "no_slot", Message: fmt.Sprintf("%s has no free %d minutes between %s and %s in her shifts, clear of breaks and activities", a, pl.req.DurationMinutes, FormatClock(pl.req.From), FormatClock(pl.req.To))}
	}
	_, _, why := pl.free(a, c)
	when := fmt.Sprintf("%s %s", pl.m.dateOf(c.day), FormatClock(c.clock))
	if why == "no_shift" {
		return Unplaced{Agent: a, Reason: "not_at_slot", Message: fmt.Sprintf("%s has no shift on %s, the day of the common slot", a, pl.m.dateOf(c.day))}
	}
	return Unplaced{Agent: a, Reason: "not_at_slot", Message: fmt.Sprintf("the common slot %s is outside %s's shift or over her break or another activity", when, a)}
}

// eachOwn gives each agent her cheapest free slot, the most constrained
// first (the fewest free slots), each priced against the cover the
// earlier ones left. The plan lists the slots in time order.
func (pl *planner) eachOwn(agents []string, plan *ActivityPlan) {
	cands := pl.slotCandidates()
	options := map[string]int{}
	for _, a := range agents {
		for _, c := range cands {
			if _, _, why := pl.free(a, c); why == "" {
				options[a]++
			}
		}
	}
	order := append([]string(nil), agents...)
	sort.SliceStable(order, func(i, j int) bool { return options[order[i]] < options[order[j]] })
	for _, a := range order {
		if options[a] == 0 {
			plan.Unplaced = append(plan.Unplaced, pl.whyNot(a, slotCandidate{day: -1}))
			continue
		}
		pl.placeOwn(a, cands, plan)
	}
	sort.SliceStable(plan.Placed, func(i, j int) bool {
		if plan.Placed[i].Day != plan.Placed[j].Day {
			return plan.Placed[i].Day < plan.Placed[j].Day
		}
		if plan.Placed[i].Start != plan.Placed[j].Start {
			return plan.Placed[i].Start < plan.Placed[j].Start
		}
		return plan.Placed[i].Agent < plan.Placed[j].Agent
	})
}

// placeOwn places agent a's activity at the cheapest of her free slots
// among cands that breaks no rule, or says why none could take it.
func (pl *planner) placeOwn(a string, cands []slotCandidate, plan *ActivityPlan) {
	type choice struct {
		c    slotCandidate
		cost float64
	}
	var list []choice
	for _, c := range cands {
		if i, span, why := pl.free(a, c); why == "" {
			list = append(list, choice{c, pl.cost(pl.placed[i], span)})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].cost < list[j].cost-1e-9 })
	lastWhy := ""
	for _, ch := range list {
		i, span, _ := pl.free(a, ch.c)
		undo := pl.take(i, span, ch.c)
		ok, why := pl.breaksNothing()
		if !ok {
			undo()
			lastWhy = why
			continue
		}
		pl.touch(span)
		plan.Placed = append(plan.Placed, pl.slot(a, ch.c, ch.cost))
		return
	}
	plan.Unplaced = append(plan.Unplaced, Unplaced{Agent: a, Reason: "rules", Message: fmt.Sprintf("every free slot of %s would break a rule: %s", a, lastWhy)})
}

// effects fills in the intervals touched: required against on the
// queues, before and after, and the understaffed minutes.
func (pl *planner) effects(plan *ActivityPlan) {
	plan.Intervals = []IntervalEffect{}
	ks := make([]int, 0, len(pl.touched))
	for k := range pl.touched {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	m := pl.m
	for _, k := range ks {
		for s := range m.skills {
			if !m.hasDemand[s][k] {
				continue
			}
			req := m.required[s][k]
			b := float64(pl.initial[s][k]) / float64(m.interval)
			a := float64(pl.cover[s][k]) / float64(m.interval)
			plan.UnderstaffedBefore += math.Max(0, req-b) * float64(m.interval)
			plan.UnderstaffedAfter += math.Max(0, req-a) * float64(m.interval)
			plan.Intervals = append(plan.Intervals, IntervalEffect{Day: m.intervalDay[k], Start: m.clockString(k * m.interval), Skill: m.skills[s],
				Required: req, Before: b, After: a})
		}
	}
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
