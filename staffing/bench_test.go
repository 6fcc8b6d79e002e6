package staffing

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkRequirements is the speed target: requirements for
// 1,000 queues x 28 days x 96 fifteen-minute intervals (2,688,000 calls of
// Required) at 80/20 with occupancy capped at 85%, in under 5 s. Volumes
// are drawn uniformly from 0-400 per interval and AHT from 180-600 s: a
// heavier load than real queues, whose nights are quiet. One op is the
// whole workload.
//
//	go test -run '^$' -bench Requirements -benchtime 3x ./staffing
func BenchmarkRequirements(b *testing.B) {
	const queues, days, intervals = 1000, 28, 96
	rng := rand.New(rand.NewPCG(2026, 3))
	loads := make([]Load, queues*days*intervals)
	for i := range loads {
		loads[i] = Load{Volume: float64(rng.IntN(401)), AHTSeconds: 180 + 420*rng.Float64(), IntervalSeconds: 900}
	}
	goal := Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 0.85}
	b.ResetTimer()
	for b.Loop() {
		var agents int
		for _, l := range loads {
			n, err := Required(l, goal)
			if err != nil {
				b.Fatal(err)
			}
			agents += n
		}
		if agents == 0 {
			b.Fatal("no agents required")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(loads)), "ns/interval")
}

// BenchmarkRequirementsErlangA is the same workload under Erlang A (90 s
// mean patience), for reference: no target is set for it.
func BenchmarkRequirementsErlangA(b *testing.B) {
	const queues, days, intervals = 10, 28, 96
	rng := rand.New(rand.NewPCG(2026, 4))
	loads := make([]Load, queues*days*intervals)
	for i := range loads {
		loads[i] = Load{Volume: float64(rng.IntN(401)), AHTSeconds: 180 + 420*rng.Float64(), IntervalSeconds: 900}
	}
	goal := Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 0.85, PatienceSeconds: 90}
	b.ResetTimer()
	for b.Loop() {
		for _, l := range loads {
			if _, err := Required(l, goal); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(loads)), "ns/interval")
}
