package staffing

import (
	"fmt"
	"math/rand/v2"
)

// maxSimulationRuns bounds the replications of one simulation.
const maxSimulationRuns = 1000

// SimulateRuns runs the simulation runs times, each with its own random
// stream derived from seed (run r uses PCG(seed, r)), and adds up what
// happened per interval over the runs: the ratios (service level, ASA,
// abandonment) are then pooled over runs, and a count divided by runs is
// its mean per run. One day of a small queue is noisy; several runs tell
// the staffing's effect from the luck of one day's arrivals. The same
// seed gives the same result.
func SimulateRuns(s Simulation, runs int, seed uint64) ([]SimulatedInterval, error) {
	if runs < 1 || runs > maxSimulationRuns {
		return nil, fmt.Errorf("runs: %d, want 1 to %d", runs, maxSimulationRuns)
	}
	total := make([]SimulatedInterval, len(s.Intervals))
	for r := range runs {
		res, err := Simulate(s, rand.New(rand.NewPCG(seed, uint64(r))))
		if err != nil {
			return nil, err
		}
		for i, x := range res {
			total[i] = total[i].Plus(x)
		}
	}
	return total, nil
}

// Plus is the two outcomes together (of two intervals, or two runs).
func (s SimulatedInterval) Plus(o SimulatedInterval) SimulatedInterval {
	return SimulatedInterval{
		Offered: s.Offered + o.Offered, Answered: s.Answered + o.Answered, Abandoned: s.Abandoned + o.Abandoned,
		Unanswered: s.Unanswered + o.Unanswered, AnsweredInThreshold: s.AnsweredInThreshold + o.AnsweredInThreshold,
		WaitSeconds: s.WaitSeconds + o.WaitSeconds,
	}
}

// AbandonRate is abandoned over offered; ok is false with no contacts.
func (s SimulatedInterval) AbandonRate() (value float64, ok bool) {
	if s.Offered == 0 {
		return 0, false
	}
	return float64(s.Abandoned) / float64(s.Offered), true
}
