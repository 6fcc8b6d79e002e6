package schedule_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"wfm/schedule"
	"wfm/schedule/curtois"
	"wfm/schedule/gen"
)

func curtoisProblem(tb testing.TB, n int) schedule.Problem {
	tb.Helper()
	f, err := os.Open(filepath.Join(curtoisDir, fmt.Sprintf("Instance%d.txt", n)))
	if os.IsNotExist(err) {
		tb.Skipf("%s absent", curtoisDir)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	in, err := curtois.Parse(f)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := in.Problem()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// measure runs op in b's loop, reporting its allocations and cpu-ns/op
// beside ns/op: the CPU time of the process (GC included) per operation,
// steadier than the wall clock on a shared machine.
func measure(b *testing.B, op func()) {
	b.ReportAllocs()
	began := cpuTime()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(cpuTime()-began)/float64(b.N), "cpu-ns/op")
}

// BenchmarkDP re-plans every agent over the whole horizon by the dynamic
// program: Curtois instances (shift demand; with and without the scarce
// template in the state) and a generated one (interval demand, starts,
// breaks and skills; priced by optionCostFast, and by optionCost).
func BenchmarkDP(b *testing.B) {
	issue, err := gen.Generate(gen.Issue(1))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		p     func() schedule.Problem
		track bool
		slow  bool
	}{
		{"curtois3", func() schedule.Problem { return curtoisProblem(b, 3) }, false, false},
		{"curtois3-track", func() schedule.Problem { return curtoisProblem(b, 3) }, true, false},
		{"curtois6-track", func() schedule.Problem { return curtoisProblem(b, 6) }, true, false},
		{"issue1", func() schedule.Problem { return issue }, true, false},
		{"issue1-slow", func() schedule.Problem { return issue }, true, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			replan, err := schedule.DPReplanner(c.p(), c.track, c.slow)
			if err != nil {
				b.Fatal(err)
			}
			measure(b, replan)
		})
	}
}

// BenchmarkLowerBound runs a fixed number of subgradient iterations, each
// an exact dynamic program per agent (agentDP).
func BenchmarkLowerBound(b *testing.B) {
	for _, n := range []int{3, 6} {
		p := curtoisProblem(b, n)
		b.Run(fmt.Sprintf("curtois%d", n), func(b *testing.B) {
			measure(b, func() {
				if _, err := schedule.LowerBound(p, schedule.BoundOptions{Iterations: 20}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkSolve is one worker's whole search for a fixed number of
// iterations: the construction, then the annealer (Curtois) or late
// acceptance (a generated instance with interval demand).
func BenchmarkSolve(b *testing.B) {
	issue, err := gen.Generate(gen.Issue(1))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		p          func() schedule.Problem
		iterations int
	}{
		{"curtois3-anneal", func() schedule.Problem { return curtoisProblem(b, 3) }, 300},
		{"issue1-late", func() schedule.Problem { return issue }, 300},
	} {
		b.Run(c.name, func(b *testing.B) {
			p := c.p()
			measure(b, func() {
				if _, err := schedule.Solve(context.Background(), p, schedule.Options{Seed: 1, Workers: 1, MaxIterations: c.iterations}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
