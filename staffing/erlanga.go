package staffing

import (
	"errors"
	"fmt"
	"math"
)

// maxErlangATerms bounds the walk over queue lengths in ErlangA. The walk
// needs about (A - N) x patience / AHT terms to pass the most likely queue
// length, then as many again to let the tail fall below 1e-18; beyond ten
// million the model is far outside any contact center (hours of patience
// with hundreds of agents missing) and Erlang C is the right question.
const maxErlangATerms = 10_000_000

// tailTolerance is where ErlangA stops summing queue lengths: when what is
// left of every sum is below this share of the probability mass seen.
const tailTolerance = 1e-18

// ErrTooManyTerms reports an Erlang A queue so long that summing its
// distribution would take more than maxErlangATerms terms.
var ErrTooManyTerms = errors.New("the Erlang A queue is too long to sum (patience very long and agents far below the traffic): use Erlang C")

// ErlangA is what the Erlang A model (M/M/N+M, Palm's model) predicts for one
// interval: Poisson arrivals offering traffic erlangs, exponential handle
// times with mean ahtSeconds, and callers who hang up after an exponential
// patience with mean patienceSeconds if not answered by then. It is stable
// for any number of agents, even 0.
//
// Conventions (those of the shared reference vectors):
//   - ServiceLevel is P(answered within thresholdSeconds) over all arrivals:
//     an abandoned contact counts as not answered in time.
//   - ASASeconds is the mean wait of answered contacts only;
//     MeanWaitSeconds is the mean wait over all arrivals, answered or
//     abandoned (Lq / lambda).
//   - Occupancy is the answered rate over N agents' capacity:
//     A (1 - AbandonRate) / N.
//
// Method: the number in system is a birth-death chain (birth lambda, death
// min(k, N) mu + max(k - N, 0) theta). States 0..N weigh as in Erlang B;
// queue lengths j = 1, 2, ... are walked with scaled weights until the rest
// of every sum is below 1e-18 of the mass. An arrival finding j contacts
// waiting ahead is answered with probability N mu / (N mu + (j+1) theta)
// and waits a sum of exponentials with rates N mu + i theta, i = 1..j+1,
// which is -ln(U)/theta for U ~ Beta(N mu/theta + 1, j + 1); its CDF has a
// finite sum of positive terms, accumulated alongside j. Everything is
// exact up to float64 rounding and the 1e-18 truncation.
func ErlangA(agents int, traffic, ahtSeconds, patienceSeconds, thresholdSeconds float64) (Performance, error) {
	p := Performance{Agents: agents, Traffic: traffic, Stable: true}
	if err := checkErlangA(agents, traffic, ahtSeconds, patienceSeconds, thresholdSeconds); err != nil {
		return p, err
	}
	if traffic == 0 {
		p.ServiceLevel = 1
		return p, nil
	}

	// Time in units of the mean handle time: service rate 1 per agent,
	// arrival rate A, abandonment rate g per waiting caller.
	n := float64(agents)
	g := ahtSeconds / patienceSeconds
	threshold := thresholdSeconds / ahtSeconds
	if peak := (traffic - n) / g; peak > maxErlangATerms {
		return p, ErrTooManyTerms
	}
	s, err := walkErlangA(agents, traffic, g, threshold)
	if err != nil {
		return p, err
	}

	total := s.low + s.tail
	p.WaitProbability = s.tail / total
	meanQueue := s.queue / total
	p.AbandonRate = math.Min(1, g*meanQueue/traffic)
	p.ServiceLevel = math.Min(1, (s.low+s.within)/total)
	p.MeanWaitSeconds = meanQueue / traffic * ahtSeconds
	if answered := (s.low + s.answeredWait) / total; answered > 0 {
		p.ASASeconds = s.waitSum / total / answered * ahtSeconds
	}
	if agents > 0 {
		p.Occupancy = math.Min(1, traffic*(1-p.AbandonRate)/n)
	}
	return p, nil
}

// checkErlangA names the first argument of ErlangA that is out of range.
func checkErlangA(agents int, traffic, ahtSeconds, patienceSeconds, thresholdSeconds float64) error {
	switch {
	case agents < 0:
		return fmt.Errorf("agents: %d is negative", agents)
	case !(traffic >= 0) || math.IsInf(traffic, 0):
		return fmt.Errorf("traffic: %v is not a finite number >= 0", traffic)
	case !(ahtSeconds > 0) || math.IsInf(ahtSeconds, 0):
		return fmt.Errorf("aht: %v is not a finite number of seconds > 0", ahtSeconds)
	case !(patienceSeconds > 0) || math.IsInf(patienceSeconds, 0):
		return fmt.Errorf("patience: %v is not a finite number of seconds > 0", patienceSeconds)
	case !(thresholdSeconds >= 0) || math.IsInf(thresholdSeconds, 0):
		return fmt.Errorf("threshold: %v is not a finite number of seconds >= 0", thresholdSeconds)
	}
	return nil
}

// Weights of the walk past 1e200 are scaled down by 1e-200, all together.
const erlangABig, erlangASmall = 1e200, 1e-200

// erlangASums are the unnormalised sums of ErlangA's walk over queue
// lengths; each weighs a state N+j by w_j (see walkErlangA).
type erlangASums struct {
	low          float64 // the weight of states 0..N-1: arrivals answered at once
	tail         float64 // sum of w_j: the mass of arrivals that wait
	queue        float64 // sum of j w_j: the mean queue length, unnormalised
	answeredWait float64 // sum of w_j s_j: answered after waiting
	waitSum      float64 // sum of w_j s_j H_j: their waiting time
	within       float64 // sum of w_j s_j P(wait <= t): answered in time after waiting
}

// walkErlangA sums the chain's states in units of the mean handle time
// (arrival rate traffic, abandonment rate g, threshold t) until what is
// left of every sum is below tailTolerance of the mass.
//
// Weights: states 0..N-1 together weigh 1 - B, state N weighs B (so
// states 0..N weigh 1); state N+j weighs B prod_{i=1..j} A/(N + i g).
// When weights grow past 1e200 everything is scaled down together.
func walkErlangA(agents int, traffic, g, threshold float64) (erlangASums, error) {
	n := float64(agents)
	blocking := ErlangB(agents, traffic)
	s := erlangASums{low: 1 - blocking}
	w := blocking
	cdf := newAnswerCDF(n, g, threshold)
	stageSum := 0.0 // H_j = sum_{i=0..j} 1/(N + (i+1) g): mean wait of an answered caller with j ahead
	for j := 0; ; j++ {
		if j > maxErlangATerms {
			return s, ErrTooManyTerms
		}
		rate := n + float64(j+1)*g // leaving the queue from position j: answered, or one ahead left, or hung up
		answered := n / rate
		stageSum += 1 / rate
		notInTime := cdf.next(j) // P(wait > t) for an answered caller with j ahead

		s.tail += w
		s.queue += float64(j) * w
		s.answeredWait += w * answered
		s.waitSum += w * answered * stageSum
		s.within += w * answered * (1 - notInTime)

		ratio := traffic / rate // w_{j+1} / w_j
		w *= ratio
		if w > erlangABig {
			w *= erlangASmall
			s.scale(erlangASmall)
		}
		if ratio < 1 {
			// The weights now fall at least geometrically: bound what is left
			// of the mass and of the queue-length sum.
			left := w * (float64(j+1) + 1/(1-ratio)) / (1 - ratio)
			if left <= tailTolerance*(s.low+s.tail) {
				return s, nil
			}
		}
	}
}

// scale multiplies every sum by f, to keep them in range.
func (s *erlangASums) scale(f float64) {
	s.low *= f
	s.tail *= f
	s.queue *= f
	s.answeredWait *= f
	s.waitSum *= f
	s.within *= f
}

// answerCDF is the answer-time CDF P(U >= x), U ~ Beta(a, j+1),
// x = e^{-g t}, which is 1 - x^a sum_{k=0..j} C(a+k-1, k) (1-x)^k,
// accumulated one j at a time. The terms are kept as term * e^{logScale}
// so that x^a may underflow without harm.
type answerCDF struct {
	a, oneMinusX     float64
	term, cdfSum     float64
	logScale, factor float64 // factor = e^{logScale}
}

func newAnswerCDF(n, g, threshold float64) answerCDF {
	logScale := -(n + g) * threshold // ln(x^a)
	return answerCDF{
		a:         n/g + 1,
		oneMinusX: -math.Expm1(-g * threshold),
		term:      1,
		logScale:  logScale,
		factor:    math.Exp(logScale),
	}
}

// next adds the term of queue position j (called for j = 0, 1, ... in
// order) and answers P(wait > t) for an answered caller with j ahead.
func (c *answerCDF) next(j int) float64 {
	if j > 0 {
		c.term *= (c.a + float64(j) - 1) / float64(j) * c.oneMinusX
	}
	c.cdfSum += c.term
	if c.cdfSum > erlangABig {
		c.cdfSum *= erlangASmall
		c.term *= erlangASmall
		c.logScale -= math.Log(erlangASmall)
		c.factor = math.Exp(c.logScale)
	}
	return math.Min(1, c.cdfSum*c.factor)
}
