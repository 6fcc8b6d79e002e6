package staffing

import (
	"errors"
	"fmt"
	"math"
)

// MaxAgents is the largest staffing Required will consider for one queue
// and interval; a goal that needs more is reported as impossible.
const MaxAgents = 10_000_000

// Goal is the service a queue must give, and how its callers behave.
type Goal struct {
	// ServiceLevel is the share of arrivals to answer within
	// ThresholdSeconds, in [0, 1); 0 means no service-level goal.
	ServiceLevel     float64
	ThresholdSeconds float64
	// ASASeconds is the highest acceptable mean wait of answered
	// contacts; 0 means no ASA goal.
	ASASeconds float64
	// MaxOccupancy caps the share of agent time spent on contacts, in
	// (0, 1]; 0 means no cap.
	MaxOccupancy float64
	// PatienceSeconds is the callers' mean patience before hanging up. 0
	// means they never hang up: the model is Erlang C. Above 0 it is
	// Erlang A.
	PatienceSeconds float64
}

// Validate reports the first field that is out of range. At least one of
// service level, ASA and occupancy must be given.
func (g Goal) Validate() error {
	switch {
	case !finiteIn(g.ServiceLevel, 0, 1) || g.ServiceLevel == 1:
		return fmt.Errorf("service_level: %v must be >= 0 and below 1 (no staffing answers every contact in time)", g.ServiceLevel)
	case !finiteIn(g.ASASeconds, 0, math.MaxFloat64):
		return fmt.Errorf("asa: %v must be a number of seconds > 0 (or 0 for no ASA goal)", g.ASASeconds)
	case !finiteIn(g.MaxOccupancy, 0, 1):
		return fmt.Errorf("max_occupancy: %v must be above 0 and at most 1 (or 0 for no cap)", g.MaxOccupancy)
	case g.ServiceLevel == 0 && g.ASASeconds == 0 && g.MaxOccupancy == 0:
		return errors.New("service_level: no goal given: set a service level, an ASA or a maximum occupancy")
	}
	return g.validateModel()
}

// validateModel checks what Evaluate needs of a goal: the threshold the
// service level is measured at, and the patience that picks the model.
func (g Goal) validateModel() error {
	switch {
	case !finiteIn(g.ThresholdSeconds, 0, math.MaxFloat64):
		return fmt.Errorf("threshold: %v must be a number of seconds >= 0", g.ThresholdSeconds)
	case !finiteIn(g.PatienceSeconds, 0, math.MaxFloat64):
		return fmt.Errorf("patience: %v must be a number of seconds > 0 (or 0 for callers who never hang up)", g.PatienceSeconds)
	}
	return nil
}

// finiteIn reports lo <= x <= hi for a finite x (false for NaN).
func finiteIn(x, lo, hi float64) bool {
	return x >= lo && x <= hi && !math.IsInf(x, 0)
}

// Validate reports the first field of the load that is out of range.
func (l Load) Validate() error {
	switch {
	case !finiteIn(l.Volume, 0, math.MaxFloat64):
		return fmt.Errorf("volume: %v must be a finite number >= 0", l.Volume)
	case !finiteIn(l.IntervalSeconds, 0, math.MaxFloat64) || l.IntervalSeconds == 0:
		return fmt.Errorf("interval: %v must be a number of seconds > 0", l.IntervalSeconds)
	case !finiteIn(l.AHTSeconds, 0, math.MaxFloat64):
		return fmt.Errorf("aht: %v must be a number of seconds >= 0", l.AHTSeconds)
	case l.Volume > 0 && l.AHTSeconds == 0:
		return fmt.Errorf("aht: 0 with a volume of %v: handle time must be positive", l.Volume)
	case l.Traffic() > MaxAgents:
		return fmt.Errorf("volume: %v contacts of %v s in %v s is %v erlangs, beyond %d agents", l.Volume, l.AHTSeconds, l.IntervalSeconds, l.Traffic(), MaxAgents)
	}
	return nil
}

// Evaluate is what the goal's model (Erlang C, or Erlang A when the goal
// has a patience) predicts for the load served by the given number of
// agents, with the service level measured at the goal's threshold.
func Evaluate(load Load, agents int, goal Goal) (Performance, error) {
	if err := load.Validate(); err != nil {
		return Performance{}, err
	}
	if agents < 0 || agents > MaxAgents {
		return Performance{}, fmt.Errorf("agents: %d is outside 0..%d", agents, MaxAgents)
	}
	if err := goal.validateModel(); err != nil {
		return Performance{}, err
	}
	traffic := load.Traffic()
	if traffic == 0 {
		// No contacts (a closed interval may have no handle time either).
		return Performance{Agents: agents, Stable: true, ServiceLevel: 1}, nil
	}
	if goal.PatienceSeconds > 0 {
		return ErlangA(agents, traffic, load.AHTSeconds, goal.PatienceSeconds, goal.ThresholdSeconds)
	}
	return ErlangCPerformance(agents, traffic, load.AHTSeconds, goal.ThresholdSeconds), nil
}

// Meets reports whether a predicted performance meets every goal: a stable
// queue, the service level, the ASA and the occupancy cap. Contacts with no
// agent at all never meet a goal, even when Erlang A says the (empty) set
// of answered contacts waited 0 seconds.
func (g Goal) Meets(p Performance) bool {
	return p.Stable && (p.Agents > 0 || p.Traffic == 0) &&
		p.ServiceLevel >= g.ServiceLevel &&
		(g.ASASeconds == 0 || p.ASASeconds <= g.ASASeconds) &&
		(g.MaxOccupancy == 0 || p.Occupancy <= g.MaxOccupancy)
}

// ErrImpossible wraps the error of a goal no staffing up to MaxAgents meets.
var ErrImpossible = errors.New("goal cannot be met")

// Required is the smallest whole number of agents that meets every goal
// for the load: 0 when there is no volume. Service level and occupancy get
// better and ASA shorter with every added agent, so the first N that meets
// all goals is the answer.
//
// Erlang C walks N up from the larger of floor(A)+1 (a stable queue) and
// ceil(A / max occupancy), advancing the Erlang B recursion one step per N
// instead of restarting it. Erlang A (a goal with patience) is stable at
// any N: it starts from the Erlang C answer, gallops down or up until the
// answer is bracketed, then bisects.
func Required(load Load, goal Goal) (int, error) {
	if err := load.Validate(); err != nil {
		return 0, err
	}
	if err := goal.Validate(); err != nil {
		return 0, err
	}
	if load.Volume == 0 {
		return 0, nil
	}
	if goal.PatienceSeconds > 0 {
		return requiredErlangA(load, goal)
	}
	return requiredErlangC(load, goal)
}

func requiredErlangC(load Load, goal Goal) (int, error) {
	traffic := load.Traffic()
	n := int(math.Floor(traffic)) + 1
	if goal.MaxOccupancy > 0 {
		if traffic/goal.MaxOccupancy > MaxAgents {
			return 0, fmt.Errorf("%w: %v erlangs at occupancy %v need more than %d agents", ErrImpossible, traffic, goal.MaxOccupancy, MaxAgents)
		}
		// A / N <= max: start one below the rounded quotient and step up with
		// the very comparison Meets makes, so rounding cannot disagree.
		m := int(math.Ceil(traffic/goal.MaxOccupancy)) - 1
		for m < MaxAgents && Occupancy(m, traffic) > goal.MaxOccupancy {
			m++
		}
		n = max(n, m)
	}
	var b erlangBRecursion
	b.start(traffic, n)
	for ; n <= MaxAgents; n++ {
		if n > b.n {
			b.next()
		}
		if goal.meetsErlangC(n, traffic, load.AHTSeconds, b.blocking()) {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: %v erlangs need more than %d agents", ErrImpossible, traffic, MaxAgents)
}

// meetsErlangC is Meets(ErlangCPerformance(...)) for agents > traffic,
// computing only what the goals ask for. The service level 1 - C e^{-x}
// is at least 1 - C, so when C alone leaves the target met (with a margin
// far above rounding, so that ties take the exact path) the exponential is
// skipped: the usual case once the occupancy cap has set the start.
func (g Goal) meetsErlangC(agents int, traffic, ahtSeconds, blocking float64) bool {
	wait := erlangCFromB(agents, traffic, blocking)
	if g.ServiceLevel > 0 && wait > (1-g.ServiceLevel)*(1-1e-9) &&
		serviceLevelC(agents, traffic, ahtSeconds, g.ThresholdSeconds, wait) < g.ServiceLevel {
		return false
	}
	if g.ASASeconds > 0 {
		if asa, _ := asaC(agents, traffic, ahtSeconds, wait); asa > g.ASASeconds {
			return false
		}
	}
	return g.MaxOccupancy == 0 || Occupancy(agents, traffic) <= g.MaxOccupancy
}

func requiredErlangA(load Load, goal Goal) (int, error) {
	traffic := load.Traffic()
	meets := func(n int) (bool, error) {
		p, err := ErlangA(n, traffic, load.AHTSeconds, goal.PatienceSeconds, goal.ThresholdSeconds)
		if errors.Is(err, ErrTooManyTerms) {
			// A queue too long to sum is hours deep: it misses any goal.
			return false, nil
		}
		return err == nil && goal.Meets(p), err
	}
	// The Erlang C answer is usually within a few agents of Erlang A's:
	// gallop from it, down or up, doubling the step, until the answer is
	// bracketed, then bisect. Invariant: lo misses a goal (or is -1), hi
	// meets them all.
	guess := max(1, int(traffic))
	erlangC := goal
	erlangC.PatienceSeconds = 0
	if n, err := requiredErlangC(load, erlangC); err == nil {
		guess = n
	}
	ok, err := meets(guess)
	if err != nil {
		return 0, err
	}
	lo, hi := -1, guess
	if ok {
		for step := 1; ; step *= 2 {
			n := hi - step
			if n < 0 {
				break
			}
			if ok, err = meets(n); err != nil {
				return 0, err
			}
			if !ok {
				lo = n
				break
			}
			hi = n
		}
	} else {
		lo = guess
		for step := 1; ; step *= 2 {
			if lo >= MaxAgents {
				return 0, fmt.Errorf("%w: %v erlangs need more than %d agents", ErrImpossible, traffic, MaxAgents)
			}
			n := min(lo+step, MaxAgents)
			if ok, err = meets(n); err != nil {
				return 0, err
			}
			if ok {
				hi = n
				break
			}
			lo = n
		}
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := meets(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}

// Scheduled is the agents to schedule so that, after shrinkage (breaks,
// training, meetings, absence: the share of paid time not on contacts),
// the given number are on the queue: agents / (1 - shrinkage). It is not
// rounded: a fractional agent is part of someone's shift.
func Scheduled(agents int, shrinkage float64) (float64, error) {
	if err := validateShrinkage(shrinkage); err != nil {
		return 0, err
	}
	return float64(agents) / (1 - shrinkage), nil
}

func validateShrinkage(s float64) error {
	if !finiteIn(s, 0, 1) || s == 1 {
		return fmt.Errorf("shrinkage: %v must be >= 0 and below 1", s)
	}
	return nil
}

// Plan is the staffing question for one queue over a run of intervals.
type Plan struct {
	Loads     []Load // one per interval
	Goal      Goal
	Shrinkage float64 // share of scheduled time not available for contacts, [0, 1)
	// Concurrency is how many contacts an agent works at once (chat);
	// 0 means 1. The queue is modelled with Concurrency x agents servers
	// ("slots"), each contact holding a slot for its whole handle time
	// (the AHT given is the elapsed time of one concurrent chat), and
	// agents = ceil(slots / Concurrency). A fractional reading, AHT /
	// concurrency per contact on one server, would understate the wait:
	// a slot is tied up for the full chat.
	Concurrency int
}

// Validate reports the first field of the plan that is out of range.
func (p Plan) Validate() error {
	if err := p.Goal.Validate(); err != nil {
		return fmt.Errorf("goal.%w", err)
	}
	if err := validateShrinkage(p.Shrinkage); err != nil {
		return err
	}
	if p.Concurrency < 0 {
		return fmt.Errorf("concurrency: %d must be >= 1 (or 0 for 1)", p.Concurrency)
	}
	for i, l := range p.Loads {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("loads[%d].%w", i, err)
		}
	}
	return nil
}

// Requirement is one interval's answer.
type Requirement struct {
	Agents    int     // smallest whole number of agents meeting every goal
	Scheduled float64 // Agents / (1 - shrinkage)
	// Performance is what the model predicts at Agents (with
	// Agents x Concurrency slots for chat).
	Performance Performance
}

// Requirements answers the plan interval by interval.
func (p Plan) Requirements() ([]Requirement, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := make([]Requirement, len(p.Loads))
	for i, l := range p.Loads {
		r, err := p.Requirement(l)
		if err != nil {
			return nil, fmt.Errorf("loads[%d]: %w", i, err)
		}
		out[i] = r
	}
	return out, nil
}

// Requirement answers the plan's goal, shrinkage and concurrency for one
// load (the plan's own Loads are not used).
func (p Plan) Requirement(load Load) (Requirement, error) {
	if err := p.Goal.Validate(); err != nil {
		return Requirement{}, fmt.Errorf("goal.%w", err)
	}
	if err := validateShrinkage(p.Shrinkage); err != nil {
		return Requirement{}, err
	}
	if p.Concurrency < 0 {
		return Requirement{}, fmt.Errorf("concurrency: %d must be >= 1 (or 0 for 1)", p.Concurrency)
	}
	concurrency := max(1, p.Concurrency)
	slots, err := Required(load, p.Goal)
	if err != nil {
		return Requirement{}, err
	}
	agents := (slots + concurrency - 1) / concurrency
	perf, err := Evaluate(load, agents*concurrency, p.Goal)
	if err != nil {
		return Requirement{}, err
	}
	return Requirement{
		Agents:      agents,
		Scheduled:   float64(agents) / (1 - p.Shrinkage),
		Performance: perf,
	}, nil
}

// Change is a what-if: each field given replaces or scales the plan's own.
type Change struct {
	VolumeFactor *float64 // multiplies every interval's volume
	AHTFactor    *float64 // multiplies every interval's handle time
	Goal         *Goal
	Shrinkage    *float64
	Concurrency  *int
}

// Outcome is a plan's requirement per interval and in total.
type Outcome struct {
	Intervals      []Requirement
	ScheduledHours float64 // sum of scheduled agents x interval length
	FTE            float64 // ScheduledHours / hours per FTE
}

// WhatIf applies the change to the plan and answers it: agents per
// interval and the total in full-time equivalents, where one FTE works
// hoursPerFTE hours over the plan's intervals (e.g. 40 for a one-week plan,
// or 8 for a one-day plan). The base plan is not modified.
func WhatIf(base Plan, change Change, hoursPerFTE float64) (Outcome, error) {
	if !finiteIn(hoursPerFTE, 0, math.MaxFloat64) || hoursPerFTE == 0 {
		return Outcome{}, fmt.Errorf("hours_per_fte: %v must be a number of hours > 0", hoursPerFTE)
	}
	plan := base
	plan.Loads = make([]Load, len(base.Loads))
	copy(plan.Loads, base.Loads)
	for _, f := range []struct {
		name   string
		factor *float64
	}{{"volume_factor", change.VolumeFactor}, {"aht_factor", change.AHTFactor}} {
		if f.factor != nil && !finiteIn(*f.factor, 0, math.MaxFloat64) {
			return Outcome{}, fmt.Errorf("%s: %v must be a finite number >= 0", f.name, *f.factor)
		}
	}
	for i := range plan.Loads {
		if change.VolumeFactor != nil {
			plan.Loads[i].Volume *= *change.VolumeFactor
		}
		if change.AHTFactor != nil {
			plan.Loads[i].AHTSeconds *= *change.AHTFactor
		}
	}
	if change.Goal != nil {
		plan.Goal = *change.Goal
	}
	if change.Shrinkage != nil {
		plan.Shrinkage = *change.Shrinkage
	}
	if change.Concurrency != nil {
		plan.Concurrency = *change.Concurrency
	}
	reqs, err := plan.Requirements()
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Intervals: reqs}
	for i, r := range reqs {
		out.ScheduledHours += r.Scheduled * plan.Loads[i].IntervalSeconds / 3600
	}
	out.FTE = out.ScheduledHours / hoursPerFTE
	return out, nil
}

// Deferred is the agents needed, interval by interval, to clear deferred
// work (email, tickets, call-backs) within a response deadline. Each
// interval's work (volume x AHT) is spread evenly over the d =
// floor(deadline / interval) intervals that start with it, so in a fluid,
// first-in-first-out reading every item is finished within the deadline of
// its arrival, at the lowest and smoothest staffing that guarantees it.
// Agents are averages (fractions are parts of shifts); the result has
// len(loads) + d - 1 entries, because work arriving in the last intervals
// is finished after them. All loads must share one interval length, and
// the deadline must be at least that long (shorter deadlines are a queue
// to staff with Erlang).
func Deferred(loads []Load, deadlineSeconds float64) ([]float64, error) {
	if len(loads) == 0 {
		return nil, nil
	}
	interval := loads[0].IntervalSeconds
	for i, l := range loads {
		if err := l.Validate(); err != nil {
			return nil, fmt.Errorf("loads[%d].%w", i, err)
		}
		if l.IntervalSeconds != interval {
			return nil, fmt.Errorf("loads[%d].interval: %v s differs from the first interval's %v s", i, l.IntervalSeconds, interval)
		}
	}
	if !finiteIn(deadlineSeconds, interval, math.MaxFloat64) {
		return nil, fmt.Errorf("deadline: %v s must be at least the interval (%v s)", deadlineSeconds, interval)
	}
	if deadlineSeconds/interval > maxDeferredWindow {
		return nil, fmt.Errorf("deadline: %v s is more than %d intervals", deadlineSeconds, maxDeferredWindow)
	}
	window := int(math.Floor(deadlineSeconds / interval))
	// Each interval adds its share to a run of window entries: mark the run's
	// ends and add up once.
	change := make([]float64, len(loads)+window)
	for i, l := range loads {
		perInterval := l.Volume * l.AHTSeconds / (float64(window) * interval)
		change[i] += perInterval
		change[i+window] -= perInterval
	}
	out := make([]float64, len(loads)+window-1)
	var level float64
	for k := range out {
		level += change[k]
		out[k] = math.Max(0, level) // rounding must not leave a -0.0000001
	}
	return out, nil
}

// maxDeferredWindow bounds a deferred-work deadline: a year of 5-minute
// intervals.
const maxDeferredWindow = 366 * 24 * 12
