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
	switch {
	case agents < 0:
		return p, fmt.Errorf("agents: %d is negative", agents)
	case !(traffic >= 0) || math.IsInf(traffic, 0):
		return p, fmt.Errorf("traffic: %v is not a finite number >= 0", traffic)
	case !(ahtSeconds > 0) || math.IsInf(ahtSeconds, 0):
		return p, fmt.Errorf("aht: %v is not a finite number of seconds > 0", ahtSeconds)
	case !(patienceSeconds > 0) || math.IsInf(patienceSeconds, 0):
		return p, fmt.Errorf("patience: %v is not a finite number of seconds > 0", patienceSeconds)
	case !(thresholdSeconds >= 0) || math.IsInf(thresholdSeconds, 0):
		return p, fmt.Errorf("threshold: %v is not a finite number of seconds >= 0", thresholdSeconds)
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

	// Weights: states 0..N-1 together weigh 1 - B, state N weighs B (so
	// states 0..N weigh 1); state N+j weighs B prod_{i=1..j} A/(N + i g).
	// When weights grow past 1e200 everything is scaled down together.
	blocking := ErlangB(agents, traffic)
	low := 1 - blocking
	w := blocking
	var (
		tail         float64 // sum of w_j: the mass of arrivals that wait
		queue        float64 // sum of j w_j: the mean queue length, unnormalised
		answeredWait float64 // sum of w_j s_j: answered after waiting
		waitSum      float64 // sum of w_j s_j H_j: their waiting time
		within       float64 // sum of w_j s_j P(wait <= t): answered in time after waiting
		stageSum     float64 // H_j = sum_{i=0..j} 1/(N + (i+1) g): mean wait of an answered caller with j ahead
	)
	// The answer-time CDF P(U >= x), U ~ Beta(a, j+1), x = e^{-g t}, is
	// 1 - x^a sum_{k=0..j} C(a+k-1, k) (1-x)^k. The terms are kept as
	// term * e^{logScale} so that x^a may underflow without harm.
	a := n/g + 1
	oneMinusX := -math.Expm1(-g * threshold)
	term, cdfSum := 1.0, 0.0
	logScale := -(n + g) * threshold // ln(x^a)
	scale := math.Exp(logScale)
	const big, small = 1e200, 1e-200
	for j := 0; ; j++ {
		if j > maxErlangATerms {
			return p, ErrTooManyTerms
		}
		rate := n + float64(j+1)*g // leaving the queue from position j: answered, or one ahead left, or hung up
		answered := n / rate
		stageSum += 1 / rate
		if j > 0 {
			term *= (a + float64(j) - 1) / float64(j) * oneMinusX
		}
		cdfSum += term
		if cdfSum > big {
			cdfSum *= small
			term *= small
			logScale -= math.Log(small)
			scale = math.Exp(logScale)
		}
		notInTime := math.Min(1, cdfSum*scale) // P(wait > t) for an answered caller with j ahead

		tail += w
		queue += float64(j) * w
		answeredWait += w * answered
		waitSum += w * answered * stageSum
		within += w * answered * (1 - notInTime)

		ratio := traffic / rate // w_{j+1} / w_j
		w *= ratio
		if w > big {
			w *= small
			low *= small
			tail *= small
			queue *= small
			answeredWait *= small
			waitSum *= small
			within *= small
		}
		if ratio < 1 {
			// The weights now fall at least geometrically: bound what is left
			// of the mass and of the queue-length sum.
			left := w * (float64(j+1) + 1/(1-ratio)) / (1 - ratio)
			if left <= tailTolerance*(low+tail) {
				break
			}
		}
	}

	total := low + tail
	p.WaitProbability = tail / total
	meanQueue := queue / total
	p.AbandonRate = math.Min(1, g*meanQueue/traffic)
	p.ServiceLevel = math.Min(1, (low+within)/total)
	p.MeanWaitSeconds = meanQueue / traffic * ahtSeconds
	if answered := (low + answeredWait) / total; answered > 0 {
		p.ASASeconds = waitSum / total / answered * ahtSeconds
	}
	if agents > 0 {
		p.Occupancy = math.Min(1, traffic*(1-p.AbandonRate)/n)
	}
	return p, nil
}
