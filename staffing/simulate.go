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
	out := make([]SimulatedInterval, len(s.Intervals))
	var (
		queue   []waitingContact // FIFO; callers past givesUp are dropped when reached
		busy    completions
		onDuty  int // agents present, busy or idle
		target  int // agents the current interval wants on duty
		current = -1
		now     float64
	)
	patience := func() float64 {
		if s.PatienceSeconds == 0 {
			return math.Inf(1)
		}
		return rng.ExpFloat64() * s.PatienceSeconds
	}
	// serve hands waiting callers to idle agents at time now.
	serve := func() {
		for len(queue) > 0 && onDuty > busy.Len() {
			c := queue[0]
			queue = queue[1:]
			if c.givesUp < now {
				out[c.interval].Abandoned++
				continue
			}
			answer(&out[c.interval], now-c.arrived, s.ThresholdSeconds)
			heap.Push(&busy, now+rng.ExpFloat64()*s.Intervals[c.interval].AHTSeconds)
		}
	}
	// startInterval changes the staffing at the start of interval i.
	startInterval := func(i int) {
		current = i
		target = s.Intervals[i].Agents
		if onDuty > target {
			idle := onDuty - busy.Len()
			onDuty -= min(idle, onDuty-target) // the rest leave when they finish
		} else {
			onDuty = target
		}
		serve()
	}

	nextArrival := math.Inf(1)
	drawArrival := func() {
		nextArrival = math.Inf(1)
		if current >= len(s.Intervals) {
			return
		}
		rate := s.Intervals[current].Volume / s.IntervalSeconds
		if rate > 0 {
			// Poisson arrivals are memoryless: a draw past the interval's end
			// is dropped and drawn again at the next rate from the boundary.
			if t := now + rng.ExpFloat64()/rate; t < float64(current+1)*s.IntervalSeconds {
				nextArrival = t
			}
		}
	}
	if len(s.Intervals) == 0 {
		return out, nil
	}
	startInterval(0)
	drawArrival()
	for {
		boundary := math.Inf(1)
		if current+1 < len(s.Intervals) {
			boundary = float64(current+1) * s.IntervalSeconds
		}
		finish := math.Inf(1)
		if busy.Len() > 0 {
			finish = busy[0]
		}
		switch {
		case nextArrival <= finish && nextArrival <= boundary && !math.IsInf(nextArrival, 1):
			now = nextArrival
			out[current].Offered++
			queue = append(queue, waitingContact{arrived: now, givesUp: now + patience(), interval: current})
			serve()
			drawArrival()
		case finish <= boundary && !math.IsInf(finish, 1):
			now = heap.Pop(&busy).(float64)
			if onDuty > target {
				onDuty-- // she was due to leave: she goes now
			}
			serve()
		case !math.IsInf(boundary, 1):
			now = boundary
			startInterval(current + 1)
			drawArrival()
		default:
			// The day is over and no agent is busy: whoever still waits
			// either hangs up or is never answered.
			for _, c := range queue {
				if math.IsInf(c.givesUp, 1) {
					out[c.interval].Unanswered++
				} else {
					out[c.interval].Abandoned++
				}
			}
			return out, nil
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
