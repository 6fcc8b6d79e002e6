// Package staffing turns offered work into the agents a queue needs: Erlang B
// and C, Erlang A (callers who hang up), the smallest staffing meeting a
// service goal, shrinkage, chat concurrency, deferred work, what-if plans and
// a simulator to check the formulas against.
//
// Times are float64 seconds throughout: handle times and waits are averages,
// not clock durations, and the formulas need their full precision.
package staffing

import "math"

// Performance is what a queue model predicts for one interval at a given
// number of agents.
type Performance struct {
	// Agents is the number of servers: agents, or chat slots when an agent
	// works several contacts at once.
	Agents int
	// Traffic is the offered load in erlangs: volume x AHT / interval.
	Traffic float64
	// Stable is false when the queue grows without bound: Erlang C with
	// Agents <= Traffic. Then WaitProbability is 1, ServiceLevel 0,
	// Occupancy 1 (0 with no agents at all), and ASASeconds 0 stands for
	// "unbounded": callers must check Stable before showing ASA, and never
	// write an infinity. Erlang A is always stable.
	Stable bool
	// WaitProbability is the share of arrivals that find every agent busy.
	WaitProbability float64
	// ServiceLevel is the share of all arrivals answered within the
	// threshold (abandoned contacts count as not answered in time).
	ServiceLevel float64
	// ASASeconds is the mean wait of answered contacts (0 when none is
	// answered, or when the queue is not Stable).
	ASASeconds float64
	// MeanWaitSeconds is the mean time in queue over all arrivals, answered
	// or abandoned (equal to ASASeconds under Erlang C).
	MeanWaitSeconds float64
	// Occupancy is the share of agent time spent handling contacts.
	Occupancy float64
	// AbandonRate is the share of arrivals that hang up before an answer
	// (0 under Erlang C).
	AbandonRate float64
}

// ErlangB is the blocking probability of a loss system with the given
// number of agents offered traffic erlangs (M/M/N/N). Traffic must be a
// finite number >= 0; agents <= 0 block everything.
//
// It runs the recursion 1/B(n) = 1 + (n/A) / B(n-1), which is exact to a few
// ulps per step, never overflows into NaN (1/B may grow to +Inf, which is
// B = 0, the correctly rounded value once B underflows) and needs no
// factorials.
func ErlangB(agents int, traffic float64) float64 {
	var r erlangBRecursion
	r.start(traffic, agents)
	return r.blocking()
}

// ErlangC is the probability that an arrival waits in a queue with the
// given number of agents offered traffic erlangs (M/M/N). It is 1 when
// agents <= traffic: the queue is not stable and everyone waits.
func ErlangC(agents int, traffic float64) float64 {
	if !(traffic > 0) {
		return 0
	}
	if float64(agents) <= traffic {
		return 1
	}
	return erlangCFromB(agents, traffic, ErlangB(agents, traffic))
}

// erlangCFromB is C(N, A) = N B / (N - A (1 - B)) for N > A. The
// denominator is (N - A) + A B, a sum of two positive terms, so there is no
// cancellation even when N is barely above A.
func erlangCFromB(agents int, traffic, blocking float64) float64 {
	n := float64(agents)
	return n * blocking / ((n - traffic) + traffic*blocking)
}

// ServiceLevel is the Erlang C share of contacts answered within
// thresholdSeconds: 1 - C(N, A) e^{-(N-A) t / AHT}; 0 when agents <= traffic.
func ServiceLevel(agents int, traffic, ahtSeconds, thresholdSeconds float64) float64 {
	return serviceLevelC(agents, traffic, ahtSeconds, thresholdSeconds, ErlangC(agents, traffic))
}

func serviceLevelC(agents int, traffic, ahtSeconds, thresholdSeconds, wait float64) float64 {
	if !(traffic > 0) {
		return 1
	}
	if float64(agents) <= traffic {
		return 0
	}
	decay := (float64(agents) - traffic) * thresholdSeconds / ahtSeconds
	if math.IsNaN(decay) {
		decay = 0 // 0/0: a zero threshold with a zero handle time
	}
	return 1 - wait*math.Exp(-decay)
}

// ASA is the Erlang C average speed of answer in seconds,
// C(N, A) AHT / (N - A). ok is false when agents <= traffic: the wait is
// unbounded and the number returned is 0, never +Inf.
func ASA(agents int, traffic, ahtSeconds float64) (seconds float64, ok bool) {
	return asaC(agents, traffic, ahtSeconds, ErlangC(agents, traffic))
}

func asaC(agents int, traffic, ahtSeconds, wait float64) (float64, bool) {
	if !(traffic > 0) {
		return 0, true
	}
	if float64(agents) <= traffic {
		return 0, false
	}
	return wait * ahtSeconds / (float64(agents) - traffic), true
}

// Occupancy is traffic / agents, capped at 1 (when agents <= traffic every
// agent is always busy); 0 when there are no agents.
func Occupancy(agents int, traffic float64) float64 {
	if agents <= 0 || !(traffic > 0) {
		return 0
	}
	return math.Min(1, traffic/float64(agents))
}

// ErlangCPerformance is everything Erlang C predicts for one interval.
func ErlangCPerformance(agents int, traffic, ahtSeconds, thresholdSeconds float64) Performance {
	return erlangCPerformanceFromB(agents, traffic, ahtSeconds, thresholdSeconds, ErlangB(agents, traffic))
}

func erlangCPerformanceFromB(agents int, traffic, ahtSeconds, thresholdSeconds, blocking float64) Performance {
	p := Performance{Agents: agents, Traffic: traffic, Stable: true}
	if !(traffic > 0) {
		p.ServiceLevel = 1
		return p
	}
	if float64(agents) <= traffic {
		p.Stable = false
		p.WaitProbability = 1
		p.Occupancy = Occupancy(agents, traffic)
		return p
	}
	p.WaitProbability = erlangCFromB(agents, traffic, blocking)
	p.ServiceLevel = serviceLevelC(agents, traffic, ahtSeconds, thresholdSeconds, p.WaitProbability)
	p.ASASeconds, _ = asaC(agents, traffic, ahtSeconds, p.WaitProbability)
	p.MeanWaitSeconds = p.ASASeconds
	p.Occupancy = Occupancy(agents, traffic)
	return p
}

// erlangBRecursion walks the Erlang B recursion one agent at a time, so that
// a search over N reuses the work done for N-1. It keeps r = 1/B(n), which
// needs a multiplication and an addition per step and no division; when the
// traffic is so small that 1/A overflows (A < 2^-1024) it keeps B(n) itself.
type erlangBRecursion struct {
	traffic float64
	inverse float64 // 1 / traffic
	tiny    bool    // 1/traffic overflows: b holds B(n) and r is unused
	n       int
	r       float64
	b       float64
}

// warmStartSigmas is how far below the traffic (in standard deviations,
// sqrt(A)) the recursion may start from an approximate value instead of
// from B(0) = 1. The recursion damps a relative error in B(n-1) by the
// factor 1 - B(n) < 1 per step; below the traffic B(n) is about (A-n)/A, so
// the error left at n = A is about e^{-k^2/2} = e^{-50} for k = 10: far
// below float64 rounding. The damping needs the whole walk up to A, so the
// warm start is used only for agents >= traffic (the staffing range); it
// saves most of the work for large traffic.
const warmStartSigmas = 10

// start positions the recursion at B(agents, traffic).
func (b *erlangBRecursion) start(traffic float64, agents int) {
	*b = erlangBRecursion{traffic: traffic, r: 1, b: 1}
	if agents <= 0 {
		return
	}
	switch {
	case !(traffic > 0):
		// No traffic: nothing is ever blocked (B = 0 for n >= 1).
		b.n, b.r, b.b = agents, math.Inf(1), 0
		return
	case math.IsInf(traffic, 1):
		// Infinite traffic: everything is (B = 1).
		b.n = agents
		return
	}
	b.inverse = 1 / traffic
	b.tiny = math.IsInf(b.inverse, 1)
	if n0 := int(traffic - warmStartSigmas*math.Sqrt(traffic)); n0 > 0 && float64(agents) >= traffic {
		// Fluid approximation B(n) ~ (A - n) / A well below the traffic.
		b.n = n0
		b.r = traffic / (traffic - float64(n0))
	}
	b.advance(agents)
}

// advance walks the recursion up to B(agents). Four steps at a time,
// 1/B(n+4) = alpha + beta / B(n) with alpha = 1 + c4 (1 + c3 (1 + c2)) and
// beta = c1 c2 c3 c4 (c_i = (n+i)/A): alpha and beta do not depend on the
// previous value, so the chain of dependent operations is a quarter as
// long and the processor overlaps the rest. Every term is positive, so the
// rounding error stays a few ulps per step as in the plain recursion.
func (b *erlangBRecursion) advance(agents int) {
	if b.tiny {
		for b.n < agents {
			b.next()
		}
		return
	}
	n, r, inverse := b.n, b.r, b.inverse
	for n+4 <= agents {
		// Runs of up to 64 steps, then a look at whether B has underflowed
		// to 0 (1/B = +Inf), where it stays: no need to walk on to N.
		stop := min(agents, n+64)
		for ; n+4 <= stop; n += 4 {
			f := float64(n)
			c1, c2, c3, c4 := (f+1)*inverse, (f+2)*inverse, (f+3)*inverse, (f+4)*inverse
			alpha := 1 + c4*(1+c3*(1+c2))
			beta := (c1 * c2) * (c3 * c4)
			r = alpha + beta*r
		}
		if math.IsInf(r, 1) {
			n = agents
			break
		}
	}
	for n < agents {
		n++
		r = 1 + float64(n)*inverse*r
	}
	b.n, b.r = n, r
}

// next advances from B(n) to B(n+1).
func (b *erlangBRecursion) next() {
	b.n++
	if b.tiny {
		b.b = b.traffic * b.b / (float64(b.n) + b.traffic*b.b)
		return
	}
	b.r = 1 + float64(b.n)*b.inverse*b.r
}

// blocking is B(n) for the current n.
func (b *erlangBRecursion) blocking() float64 {
	if b.tiny || math.IsInf(b.traffic, 1) {
		return b.b
	}
	return 1 / b.r
}

// Load is the work offered to one queue in one interval.
type Load struct {
	Volume          float64 // contacts arriving in the interval
	AHTSeconds      float64 // average handle time of a contact
	IntervalSeconds float64 // length of the interval
}

// Traffic is the offered load in erlangs: volume x AHT / interval length.
func (l Load) Traffic() float64 {
	if l.Volume == 0 {
		return 0
	}
	return l.Volume * l.AHTSeconds / l.IntervalSeconds
}
