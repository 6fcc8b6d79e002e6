package staffing

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// batchMeans splits a long constant-load run into batches of consecutive
// intervals and returns the mean over batches and its standard error. A
// batch spans many relaxation times of the queue (hours against minutes),
// so batch means are close to independent and sd/sqrt(batches) is an
// honest standard error of the overall mean.
func batchMeans(res []SimulatedInterval, warmup, perBatch int, value func(s SimulatedInterval) (num, den float64)) (mean, stderr float64) {
	var means []float64
	for start := warmup; start+perBatch <= len(res); start += perBatch {
		var num, den float64
		for _, r := range res[start : start+perBatch] {
			n, d := value(r)
			num += n
			den += d
		}
		means = append(means, num/den)
	}
	for _, m := range means {
		mean += m
	}
	mean /= float64(len(means))
	var ss float64
	for _, m := range means {
		ss += (m - mean) * (m - mean)
	}
	return mean, math.Sqrt(ss / float64(len(means)-1) / float64(len(means)))
}

func constantDay(intervals int, volume, aht float64, agents int) []SimulationInterval {
	day := make([]SimulationInterval, intervals)
	for i := range day {
		day[i] = SimulationInterval{Volume: volume, AHTSeconds: aht, Agents: agents}
	}
	return day
}

// TestSimulationAgreesWithFormulas: 4,000 half-hour intervals (about
// 400,000 calls, in day-long batches) at a constant 10 erlangs. The simulated service level, ASA
// (and abandonment) must be within 4 standard errors of the exact formula:
// a false alarm has odds of about 1 in 16,000 for a random seed, and the
// standard error itself must be small (below 0.006 in SL) so that the check
// has teeth.
func TestSimulationAgreesWithFormulas(t *testing.T) {
	const (
		aht, volume, interval, threshold = 180.0, 100.0, 1800.0, 20.0
		intervals, warmup, perBatch      = 4000, 4, 48
	)
	traffic := volume * aht / interval
	for _, c := range []struct {
		name     string
		agents   int
		patience float64
		seed     uint64
	}{
		{"Erlang C, 12 agents", 12, 0, 1},
		{"Erlang C, 14 agents", 14, 0, 2},
		{"Erlang A, 11 agents, 2 min patience", 11, 120, 3},
		{"Erlang A, 9 agents (overloaded), 1 min patience", 9, 60, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			sim := Simulation{IntervalSeconds: interval, ThresholdSeconds: threshold, PatienceSeconds: c.patience,
				Intervals: constantDay(intervals, volume, aht, c.agents)}
			res, err := Simulate(sim, rand.New(rand.NewPCG(c.seed, 99)))
			if err != nil {
				t.Fatal(err)
			}
			var want Performance
			if c.patience == 0 {
				want = ErlangCPerformance(c.agents, traffic, aht, threshold)
			} else if want, err = ErlangA(c.agents, traffic, aht, c.patience, threshold); err != nil {
				t.Fatal(err)
			}
			sl, slErr := batchMeans(res, warmup, perBatch, func(s SimulatedInterval) (float64, float64) {
				return float64(s.AnsweredInThreshold), float64(s.Offered)
			})
			asa, asaErr := batchMeans(res, warmup, perBatch, func(s SimulatedInterval) (float64, float64) {
				return s.WaitSeconds, float64(s.Answered)
			})
			ab, abErr := batchMeans(res, warmup, perBatch, func(s SimulatedInterval) (float64, float64) {
				return float64(s.Abandoned), float64(s.Offered)
			})
			t.Logf("SL %.4f ± %.4f (exact %.4f), ASA %.2f ± %.2f s (exact %.2f), abandon %.4f ± %.4f (exact %.4f)",
				sl, slErr, want.ServiceLevel, asa, asaErr, want.ASASeconds, ab, abErr, want.AbandonRate)
			if slErr > 0.006 {
				t.Errorf("standard error of SL %.4f: the run is too short to check anything", slErr)
			}
			if math.Abs(sl-want.ServiceLevel) > 4*slErr {
				t.Errorf("SL %.4f, exact %.4f: more than 4 standard errors (%.4f) apart", sl, want.ServiceLevel, slErr)
			}
			if math.Abs(asa-want.ASASeconds) > 4*asaErr {
				t.Errorf("ASA %.3f, exact %.3f: more than 4 standard errors (%.3f) apart", asa, want.ASASeconds, asaErr)
			}
			if c.patience > 0 && math.Abs(ab-want.AbandonRate) > 4*abErr+1e-12 {
				t.Errorf("abandon rate %.4f, exact %.4f: more than 4 standard errors (%.4f) apart", ab, want.AbandonRate, abErr)
			}
			if c.patience == 0 && ab != 0 {
				t.Errorf("abandons without patience: %v", ab)
			}
			for i, r := range res {
				if r.Answered+r.Abandoned+r.Unanswered != r.Offered {
					t.Fatalf("interval %d: %+v does not add up", i, r)
				}
			}
		})
	}
}

func TestSimulationWithoutAgents(t *testing.T) {
	day := constantDay(8, 50, 180, 0)
	for _, c := range []struct {
		patience    float64
		abandonAll  bool
		unanswerAll bool
	}{{60, true, false}, {0, false, true}} {
		t.Run(fmt.Sprintf("patience %v", c.patience), func(t *testing.T) {
			res, err := Simulate(Simulation{IntervalSeconds: 900, ThresholdSeconds: 20, PatienceSeconds: c.patience, Intervals: day},
				rand.New(rand.NewPCG(7, 7)))
			if err != nil {
				t.Fatal(err)
			}
			offered := 0
			for i, r := range res {
				offered += r.Offered
				if r.Answered != 0 || (c.abandonAll && r.Abandoned != r.Offered) || (c.unanswerAll && r.Unanswered != r.Offered) {
					t.Errorf("patience %v interval %d: %+v", c.patience, i, r)
				}
				if sl, ok := r.ServiceLevel(); r.Offered > 0 && (!ok || sl != 0) {
					t.Errorf("interval %d: SL %v %v", i, sl, ok)
				}
				if _, ok := r.ASASeconds(); ok {
					t.Errorf("interval %d: an ASA with nobody answered", i)
				}
			}
			// 400 calls expected: a Poisson count within 5 sd (100) of it.
			if offered < 300 || offered > 500 {
				t.Errorf("offered %d, want about 400", offered)
			}
		})
	}
}

// TestSimulationAgentsLeave: staffed only in the first interval, callers
// arriving then are answered, those arriving later are not; the contact
// in progress at the boundary is finished (it was answered).
func TestSimulationAgentsLeave(t *testing.T) {
	day := []SimulationInterval{{Volume: 20, AHTSeconds: 60, Agents: 5}, {Volume: 20, AHTSeconds: 60, Agents: 0}}
	res, err := Simulate(Simulation{IntervalSeconds: 900, ThresholdSeconds: 20, Intervals: day}, rand.New(rand.NewPCG(3, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Answered != res[0].Offered || res[0].Offered == 0 {
		t.Errorf("first interval: %+v", res[0])
	}
	if res[1].Answered != 0 || res[1].Unanswered != res[1].Offered {
		t.Errorf("second interval: %+v", res[1])
	}
}

func TestSimulationDeterministic(t *testing.T) {
	sim := Simulation{IntervalSeconds: 900, ThresholdSeconds: 20, PatienceSeconds: 90, Intervals: constantDay(20, 80, 200, 15)}
	a, _ := Simulate(sim, rand.New(rand.NewPCG(5, 5)))
	b, _ := Simulate(sim, rand.New(rand.NewPCG(5, 5)))
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("interval %d differs with the same seed: %+v vs %+v", i, a[i], b[i])
		}
	}
}

func TestSimulationBadInput(t *testing.T) {
	good := constantDay(2, 10, 180, 2)
	for _, c := range []struct {
		name  string
		sim   Simulation
		field string
	}{
		{"no interval", Simulation{IntervalSeconds: 0, Intervals: good}, "interval"},
		{"negative threshold", Simulation{IntervalSeconds: 900, ThresholdSeconds: -1, Intervals: good}, "threshold"},
		{"patience NaN", Simulation{IntervalSeconds: 900, PatienceSeconds: math.NaN(), Intervals: good}, "patience"},
		{"negative volume", Simulation{IntervalSeconds: 900, Intervals: []SimulationInterval{{Volume: -1, AHTSeconds: 1}}}, "intervals[0].volume"},
		{"absurd volume", Simulation{IntervalSeconds: 900, Intervals: []SimulationInterval{{Volume: 1e12, AHTSeconds: 1}}}, "intervals[0].volume"},
		{"no handle time", Simulation{IntervalSeconds: 900, Intervals: []SimulationInterval{{Volume: 1, AHTSeconds: 1}, {Volume: 1, AHTSeconds: 0}}}, "intervals[1].aht"},
		{"negative agents", Simulation{IntervalSeconds: 900, Intervals: []SimulationInterval{{Volume: 1, AHTSeconds: 1, Agents: -1}}}, "intervals[0].agents"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Simulate(c.sim, rand.New(rand.NewPCG(1, 1))); err == nil || !strings.HasPrefix(err.Error(), c.field) {
				t.Errorf("%+v: %v, want an error naming %s", c.sim, err, c.field)
			}
		})
	}
}
