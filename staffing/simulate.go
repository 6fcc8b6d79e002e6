package staffing

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
)

// maxSimulatedContacts bounds the expected arrivals of one simulation, so
// that a typo in a volume cannot exhaust memory.
const maxSimulatedContacts = 50_000_000

// Simulation is one queue over a run of intervals (a day, or a long
// constant-load run for checking the formulas), simulated contact by
// contact.
type Simulation struct {
	IntervalSeconds  float64
	Intervals        []SimulationInterval
	ThresholdSeconds float64 // service-level threshold
	// PatienceSeconds is the callers' mean (exponential) patience; 0 means
	// they wait as long as it takes.
	PatienceSeconds float64
}

// SimulationInterval is one interval's offered work and staffing.
type SimulationInterval struct {
	Volume     float64 // expected arrivals: Poisson with this mean
	AHTSeconds float64 // mean of the exponential handle times of contacts arriving in it
	Agents     int     // agents on duty during the interval
}

// SimulatedInterval is what happened to the contacts that arrived in one
// interval (wherever their wait or handling ended).
type SimulatedInterval struct {
	Offered, Answered, Abandoned int
	// Unanswered still waited when the simulation ended: possible only
	// without patience, when the last intervals have no agents.
	Unanswered int
	// AnsweredInThreshold waited at most the threshold.
	AnsweredInThreshold int
	// WaitSeconds is the total wait of the answered contacts.
	WaitSeconds float64
}

// ServiceLevel is answered within the threshold over offered (abandoned
// contacts count as not answered in time, as in ErlangA); ok is false with
// no contacts.
func (s SimulatedInterval) ServiceLevel() (value float64, ok bool) {
	if s.Offered == 0 {
		return 0, false
	}
	return float64(s.AnsweredInThreshold) / float64(s.Offered), true
}

// ASASeconds is the mean wait of answered contacts; ok is false when none
// was answered.
func (s SimulatedInterval) ASASeconds() (value float64, ok bool) {
	if s.Answered == 0 {
		return 0, false
	}
	return s.WaitSeconds / float64(s.Answered), true
}

// Validate reports the first field out of range.
func (s Simulation) Validate() error {
	if !finiteIn(s.IntervalSeconds, 0, math.MaxFloat64) || s.IntervalSeconds == 0 {
		return fmt.Errorf("interval: %v must be a number of seconds > 0", s.IntervalSeconds)
	}
	if !finiteIn(s.ThresholdSeconds, 0, math.MaxFloat64) {
		return fmt.Errorf("threshold: %v must be a number of seconds >= 0", s.ThresholdSeconds)
	}
	if !finiteIn(s.PatienceSeconds, 0, math.MaxFloat64) {
		return fmt.Errorf("patience: %v must be a number of seconds > 0 (or 0 for callers who never hang up)", s.PatienceSeconds)
	}
	var expected float64
	for i, in := range s.Intervals {
		switch {
		case !finiteIn(in.Volume, 0, maxSimulatedContacts):
			return fmt.Errorf("intervals[%d].volume: %v must be between 0 and %d", i, in.Volume, maxSimulatedContacts)
		case !finiteIn(in.AHTSeconds, 0, math.MaxFloat64) || (in.Volume > 0 && in.AHTSeconds == 0):
			return fmt.Errorf("intervals[%d].aht: %v must be a number of seconds > 0", i, in.AHTSeconds)
		case in.Agents < 0:
			return fmt.Errorf("intervals[%d].agents: %d is negative", i, in.Agents)
		}
		expected += in.Volume
	}
	if expected > maxSimulatedContacts {
		return fmt.Errorf("intervals: %v contacts in all, more than %d", expected, maxSimulatedContacts)
	}
	return nil
}

// waitingContact is a caller in the queue.
type waitingContact struct {
	arrived  float64
	givesUp  float64 // arrival + patience; +Inf when callers never hang up
	interval int
}

// completions is a min-heap of the times busy agents finish.
type completions []float64

func (c completions) Len() int           { return len(c) }
func (c completions) Less(i, j int) bool { return c[i] < c[j] }
func (c completions) Swap(i, j int)      { c[i], c[j] = c[j], c[i] }
func (c *completions) Push(x any)        { *c = append(*c, x.(float64)) }
func (c *completions) Pop() any {
	old := *c
	x := old[len(old)-1]
	*c = old[:len(old)-1]
	return x
}

// Simulate runs the queue once with the given random source: Poisson
// arrivals at each interval's rate, exponential handle times with the mean
// of the contact's arrival interval, exponential patience (when given),
// first come first served. At each interval boundary the number on duty
// changes to the interval's Agents: extra agents join at once; agents who
// leave go when idle, and a busy one finishes her current contact first.
// After the last interval no one arrives; its agents stay until the queue
// is empty (or, with no agents, callers hang up, or wait for ever and are
// counted Unanswered). Results are by arrival interval.
func Simulate(s Simulation, rng *rand.Rand) ([]SimulatedInterval, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	q := &queueRun{s: s, rng: rng, out: make([]SimulatedInterval, len(s.Intervals)), current: -1, nextArrival: math.Inf(1)}
	if len(s.Intervals) == 0 {
		return q.out, nil
	}
	q.startInterval(0)
	q.drawArrival()
	for {
		// The next event is the earliest of an arrival, an agent finishing
		// and the next interval's start; +Inf is "none to come".
		boundary := math.Inf(1)
		if q.current+1 < len(s.Intervals) {
			boundary = float64(q.current+1) * s.IntervalSeconds
		}
		finish := math.Inf(1)
		if q.busy.Len() > 0 {
			finish = q.busy[0]
		}
		switch {
		case q.nextArrival <= finish && q.nextArrival <= boundary && !math.IsInf(q.nextArrival, 1):
			q.arrive()
		case finish <= boundary && !math.IsInf(finish, 1):
			q.finishOne()
		case !math.IsInf(boundary, 1):
			q.now = boundary
			q.startInterval(q.current + 1)
			q.drawArrival()
		default:
			q.closeDay()
			return q.out, nil
		}
	}
}

// queueRun is the state of one Simulate run between events. The order in
// which its steps draw from rng is part of the result: a seed replays the
// same day.
type queueRun struct {
	s           Simulation
	rng         *rand.Rand
	out         []SimulatedInterval // by arrival interval
	queue       []waitingContact    // FIFO; callers past givesUp are dropped when reached
	busy        completions
	onDuty      int // agents present, busy or idle
	target      int // agents the current interval wants on duty
	current     int // the interval under way, -1 before the first
	now         float64
	nextArrival float64 // +Inf when no one else arrives in the current interval
}

// patience is a new caller's patience: for ever when callers never hang up.
func (q *queueRun) patience() float64 {
	if q.s.PatienceSeconds == 0 {
		return math.Inf(1)
	}
	return q.rng.ExpFloat64() * q.s.PatienceSeconds
}

// serve hands waiting callers to idle agents at time now.
func (q *queueRun) serve() {
	for len(q.queue) > 0 && q.onDuty > q.busy.Len() {
		c := q.queue[0]
		q.queue = q.queue[1:]
		if c.givesUp < q.now {
			q.out[c.interval].Abandoned++
			continue
		}
		answer(&q.out[c.interval], q.now-c.arrived, q.s.ThresholdSeconds)
		heap.Push(&q.busy, q.now+q.rng.ExpFloat64()*q.s.Intervals[c.interval].AHTSeconds)
	}
}

// startInterval changes the staffing at the start of interval i.
func (q *queueRun) startInterval(i int) {
	q.current = i
	q.target = q.s.Intervals[i].Agents
	if q.onDuty > q.target {
		idle := q.onDuty - q.busy.Len()
		q.onDuty -= min(idle, q.onDuty-q.target) // the rest leave when they finish
	} else {
		q.onDuty = q.target
	}
	q.serve()
}

// drawArrival draws the next arrival in the current interval.
func (q *queueRun) drawArrival() {
	q.nextArrival = math.Inf(1)
	if q.current >= len(q.s.Intervals) {
		return
	}
	rate := q.s.Intervals[q.current].Volume / q.s.IntervalSeconds
	if rate > 0 {
		// Poisson arrivals are memoryless: a draw past the interval's end
		// is dropped and drawn again at the next rate from the boundary.
		if t := q.now + q.rng.ExpFloat64()/rate; t < float64(q.current+1)*q.s.IntervalSeconds {
			q.nextArrival = t
		}
	}
}

// arrive queues the caller arriving now and draws the next one.
func (q *queueRun) arrive() {
	q.now = q.nextArrival
	q.out[q.current].Offered++
	q.queue = append(q.queue, waitingContact{arrived: q.now, givesUp: q.now + q.patience(), interval: q.current})
	q.serve()
	q.drawArrival()
}

// finishOne ends the earliest contact in progress.
func (q *queueRun) finishOne() {
	q.now = heap.Pop(&q.busy).(float64)
	if q.onDuty > q.target {
		q.onDuty-- // she was due to leave: she goes now
	}
	q.serve()
}

// closeDay counts who still waits when the day is over and no agent is
// busy: they either hang up or are never answered.
func (q *queueRun) closeDay() {
	for _, c := range q.queue {
		if math.IsInf(c.givesUp, 1) {
			q.out[c.interval].Unanswered++
		} else {
			q.out[c.interval].Abandoned++
		}
	}
}

func answer(r *SimulatedInterval, wait, threshold float64) {
	r.Answered++
	r.WaitSeconds += wait
	if wait <= threshold {
		r.AnsweredInThreshold++
	}
}
