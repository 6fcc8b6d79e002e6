package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"wfm/forecast"
	"wfm/staffing"
)

// A benchmark of `wfm bench`: a workload the issues set a speed bar for,
// built from seeded synthetic data so that every run measures the same
// work. The same workloads run as `go test -bench` in their packages.
type benchmark struct {
	name, about string
	bar         time.Duration // 0: no bar, measured for reference
	// run does the work at scale (1 = the size) and says what it
	// did.
	run func(ctx context.Context, scale float64) (string, error)
}

// benchmarks are the workloads; those on the database run on dsn (a
// temporary SQLite file when empty).
func benchmarks(dsn string) []benchmark {
	return []benchmark{
		{"forecast", "auto forecasts of 15-minute queues with 16 weeks of history, 14 days ahead", 30 * time.Second, benchForecast},
		{"requirements", "Erlang C agents per interval at 80/20, occupancy <= 85%, 1,000 queues x 28 days x 96 intervals", 5 * time.Second, benchRequirements},
		{"erlang", "Erlang C service level, ASA and occupancy at N = 5,000 agents (traffic 4,900-4,999 Erlangs)", 0, benchErlang},
		{"reads", "published shifts through the API at 5,000 agents x 52 weekly rosters: an agent's month, a team's week, a site's day; alone (p50, p95) and requests/s at 16 and 64 connections, as a ratio to GET /api/v1/me", 0, benchReads(dsn)},
		{"feed", "the live agent state feed through the API: 5,000 agents changing state every 2 minutes (30 s), then 10x at shift change (15 s); events taken per second, batch latency, delay until the board shows a change", 0, benchFeed(dsn)},
		{"nightly", "the nightly work of 200 sites through the job engine: forecasts and requirements of every queue, then next week's 60 s draft roster of every site, on one replica and on two sharing one PostgreSQL (fresh databases of the same center; --scale 0.05: 10 sites, 3 s drafts)", 0, benchNightly(dsn)},
	}
}

// benchCmd is `wfm bench`: runs the benchmarks (all, or those --only
// names) and prints a table of their times against the bars.
func benchCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "bench [--only NAMES] [--scale 1]",
		Short: "run the product's benchmarks and print a table",
		Long: "Runs the product's benchmarks (all, or those --only names) and prints a\n" +
			"table of their times against the issues' bars. `wfm bench rosters` compares\n" +
			"roster searches on generated call-center instances.",
		Args: usageArgs(cobra.NoArgs),
	}
	c.AddCommand(benchRostersCmd(e))
	fs := c.Flags()
	only := fs.String("only", "", "comma-separated benchmarks to run (default: all; see --list)")
	list := fs.Bool("list", false, "list the benchmarks and exit")
	scale := fs.Float64("scale", 1, "workload size relative to the issue's (0.01 = a hundredth); bars hold at 1")
	dsn := fs.String("database", "", "database of the workloads that need one (reads, feed): a postgres:// URL to measure PostgreSQL; default a temporary SQLite file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (read it with go tool pprof)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		if *scale <= 0 || *scale > 10 || math.IsNaN(*scale) {
			return fmt.Errorf("%w: --scale %v: want a number above 0, at most 10", errUsage, *scale)
		}
		if *cpuProfile != "" {
			f, err := os.Create(*cpuProfile)
			if err != nil {
				return fmt.Errorf("--cpuprofile: %w", err)
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return fmt.Errorf("--cpuprofile: %w", err)
			}
			defer pprof.StopCPUProfile()
		}
		all := benchmarks(*dsn)
		if *list {
			for _, b := range all {
				fmt.Fprintf(e.stdout, "%-13s %s\n", b.name, b.about)
			}
			return nil
		}
		chosen, err := chooseBenchmarks(all, *only)
		if err != nil {
			return err
		}
		return runBenchmarks(c.Context(), e, chosen, *scale)
	}
	return c
}

// chooseBenchmarks is the benchmarks only names (comma-separated, in its
// order), or all when only is empty.
func chooseBenchmarks(all []benchmark, only string) ([]benchmark, error) {
	if only == "" {
		return all, nil
	}
	var chosen []benchmark
	for _, name := range strings.Split(only, ",") {
		found := false
		for _, b := range all {
			if b.name == strings.TrimSpace(name) {
				chosen, found = append(chosen, b), true
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: --only: no benchmark %q (see --list)", errUsage, name)
		}
	}
	return chosen, nil
}

// runBenchmarks runs chosen at scale and prints the table.
func runBenchmarks(ctx context.Context, e env, chosen []benchmark, scale float64) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "benchmark\tworkload\tseconds\tbar\tverdict\n")
	// The table comes at the end (tabwriter aligns it); meanwhile
	// the meter says which benchmark runs.
	progress := newMeter(e, "bench", "benchmarks", int64(len(chosen)))
	for _, b := range chosen {
		if err := ctx.Err(); err != nil {
			return err
		}
		progress.Note(b.name)
		began := time.Now()
		what, err := b.run(ctx, scale)
		took := time.Since(began)
		progress.Add(1)
		if err != nil {
			return fmt.Errorf("bench %s: %w", b.name, err)
		}
		bar, verdict := b.verdict(took, scale)
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%s\t%s\n", b.name, what, took.Seconds(), bar, verdict)
	}
	progress.Finish()
	return tw.Flush()
}

// verdict is the bar in seconds ("-" without one) and how took compares
// to it. The bars hold for the issues' sizes: a scaled run is not judged.
func (b benchmark) verdict(took time.Duration, scale float64) (bar, verdict string) {
	if b.bar <= 0 {
		return "-", "reference"
	}
	bar = fmt.Sprintf("%.0f", b.bar.Seconds())
	switch {
	case scale != 1:
		return bar, "not judged (scaled)"
	case took <= b.bar:
		return bar, "within"
	default:
		return bar, "OVER"
	}
}

// scaled is n times scale, at least 1.
func scaled(n int, scale float64) int { return max(1, int(math.Round(float64(n)*scale))) }

// benchForecast forecasts 500 queues (at scale 1): a midday peak, busier
// Mondays, quiet weekends, each queue its own size, Poisson-like noise.
func benchForecast(ctx context.Context, scale float64) (string, error) {
	queues := scaled(500, scale)
	const interval = 15 * time.Minute
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	n := 16 * 7 * 96
	series := make([]forecast.Series, queues)
	horizons := make([]int, queues)
	for q := range series {
		rng := rand.New(rand.NewPCG(uint64(q)+1, 2026))
		size := 0.2 + float64(q%50)/10
		s := forecast.Series{Queue: fmt.Sprintf("q%03d", q), Location: time.UTC, Start: start, Interval: interval, Volume: make([]float64, n)}
		for i := range s.Volume {
			t := start.Add(time.Duration(i) * interval)
			mean := size * benchShape(t)
			if mean > 0 {
				s.Volume[i] = math.Max(0, math.Round(mean+math.Sqrt(mean)*rng.NormFloat64()))
			}
		}
		series[q], horizons[q] = s, 14*96
	}
	if _, err := forecast.RunAll(series, horizons, forecast.Options{Method: forecast.Auto}, runtime.NumCPU()); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d queues x 16 weeks, 14 days ahead, auto", queues), nil
}

// benchShape is the mean contacts per 15 minutes at t: open 08:00-20:00,
// peaking at 11:00, Mondays 30% busier, weekends at a third.
func benchShape(t time.Time) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60
	if h < 8 || h >= 20 {
		return 0
	}
	v := 20 + 30*math.Exp(-(h-11)*(h-11)/8)
	switch t.Weekday() {
	case time.Monday:
		v *= 1.3
	case time.Saturday, time.Sunday:
		v /= 3
	}
	return v
}

// benchRequirements is staffing's BenchmarkRequirements: volumes 0-400 and
// AHT 180-600 s per interval, drawn from a fixed seed.
func benchRequirements(ctx context.Context, scale float64) (string, error) {
	queues := scaled(1000, scale)
	const days, intervals = 28, 96
	rng := rand.New(rand.NewPCG(2026, 3))
	goal := staffing.Goal{ServiceLevel: 0.8, ThresholdSeconds: 20, MaxOccupancy: 0.85}
	agents := 0
	for i := 0; i < queues*days*intervals; i++ {
		l := staffing.Load{Volume: float64(rng.IntN(401)), AHTSeconds: 180 + 420*rng.Float64(), IntervalSeconds: 900}
		n, err := staffing.Required(l, goal)
		if err != nil {
			return "", err
		}
		agents += n
	}
	return fmt.Sprintf("%d queues x %d days x %d intervals: %d agent-intervals", queues, days, intervals, agents), nil
}

// benchErlang evaluates Erlang C at the top of the range the issue names.
func benchErlang(ctx context.Context, scale float64) (string, error) {
	calls := scaled(10000, scale)
	began := time.Now()
	var sum float64
	for i := 0; i < calls; i++ {
		sl := staffing.ErlangCPerformance(5000, 4900+float64(i%100), 180, 20).ServiceLevel
		if math.IsNaN(sl) || sl <= 0 || sl > 1 {
			return "", fmt.Errorf("service level %v at N = 5000", sl)
		}
		sum += sl
	}
	per := time.Since(began) / time.Duration(calls)
	return fmt.Sprintf("%d evaluations, %v each (mean SL %.4f)", calls, per, sum/float64(calls)), nil
}
