package schedule

import (
	"crypto/sha256"
	"fmt"
)

// DPTrace runs the per-agent dynamic program (reoptimize) alone over p,
// the way the search does, and describes what it built after each phase:
// the penalised objective, the transitions tried and a hash of the
// roster (templates, starts, skills, breaks). It pins the dynamic program
// bit for bit, so that a refactoring of dp.go can be checked against
// testdata/solve.golden. Phases: the construction window by window
// (building), every agent re-planned over the whole horizon, then
// re-plans of random windows with noise; each once with the scarce
// template counted in the state and once without, and on interval demand
// once more with options priced by optionCost instead of optionCostFast.
func DPTrace(p Problem, seed uint64, fairness float64) ([]string, error) {
	m, err := compile(p)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, variant := range []string{"untracked", "tracked", "slow"} {
		s := newSearch(m, Options{FairnessWeight: fairness}, seed, 0)
		s.trackScarce = variant != "untracked"
		if variant == "slow" {
			if !s.fast {
				continue
			}
			s.fast = false
		}
		track := variant
		mark := func(phase string) {
			h := sha256.New()
			for a := range s.roster {
				for d, sl := range s.roster[a] {
					if sl.on {
						fmt.Fprintf(h, "%d %d %d %d %d %v\n", a, d, sl.shift, sl.start, sl.skill, sl.breaks)
					}
				}
			}
			out = append(out, fmt.Sprintf("%-9s %-5s total %v work %d roster %x", track, phase, s.total(), s.dp.work, h.Sum(nil)[:8]))
		}
		order := s.rng.Perm(len(m.p.Agents))
		s.building = true
		for from := 0; from < m.days; {
			to := s.align(min(m.days, from+s.windowDays/2))
			if to <= from {
				to = m.days
			}
			for _, a := range order {
				s.reoptimize(a, from, to, 0)
			}
			from = max(from, to)
		}
		s.building = false
		mark("build")
		for _, a := range order {
			s.reoptimize(a, 0, m.days, 0)
		}
		mark("whole")
		for range 2 * len(order) {
			a := s.rng.IntN(len(order))
			from := s.rng.IntN(m.days)
			to := min(m.days, from+1+s.rng.IntN(14))
			s.reoptimize(a, from, to, 1)
		}
		mark("noise")
	}
	return out, nil
}

// DPReplanner returns a function that re-plans every agent of p over the
// whole horizon by the dynamic program, once, from the roster the
// construction leaves: the dynamic program's benchmark. track counts the
// scarce template in the state; slow prices interval demand by optionCost
// rather than optionCostFast.
func DPReplanner(p Problem, track, slow bool) (func(), error) {
	m, err := compile(p)
	if err != nil {
		return nil, err
	}
	s := newSearch(m, Options{}, 1, 0)
	s.trackScarce = track
	if slow {
		s.fast = false
	}
	s.building = true
	for a := range m.p.Agents {
		s.reoptimize(a, 0, m.days, 0)
	}
	s.building = false
	return func() {
		for a := range m.p.Agents {
			s.reoptimize(a, 0, m.days, 0)
		}
	}, nil
}
