package curtois

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/schedule"
)

// TestCurtoisBenchmark solves the Curtois & Qu instances and reports the
// objective and the gap to the best known value. It is a measurement, not
// a unit test: it runs only with WFM_CURTOIS=1.
//
//	WFM_CURTOIS=1 WFM_CURTOIS_INSTANCES=1-10 WFM_CURTOIS_SECONDS=20 \
//	    go test ./schedule/curtois -run TestCurtoisBenchmark -v -timeout 2h
func TestCurtoisBenchmark(t *testing.T) {
	if os.Getenv("WFM_CURTOIS") != "1" {
		t.Skip("set WFM_CURTOIS=1 to run the Curtois benchmark (minutes of CPU)")
	}
	lo, hi := 1, 24
	if r := os.Getenv("WFM_CURTOIS_INSTANCES"); r != "" {
		a, b, _ := strings.Cut(r, "-")
		lo, _ = strconv.Atoi(a)
		hi = lo
		if b != "" {
			hi, _ = strconv.Atoi(b)
		}
	}
	seconds := 20.0
	if v := os.Getenv("WFM_CURTOIS_SECONDS"); v != "" {
		seconds, _ = strconv.ParseFloat(v, 64)
	}
	// WFM_CURTOIS_ITERATIONS fixes each worker's iteration count instead
	// (no time limit): the figures then do not depend on the machine's
	// load, which is how variants of the search are compared.
	iterations, _ := strconv.Atoi(os.Getenv("WFM_CURTOIS_ITERATIONS"))
	limit := time.Duration(seconds * float64(time.Second))
	if iterations > 0 {
		limit = 0
	}
	best := bestKnown(t)
	var gaps []float64
	infeasible := 0
	for n := lo; n <= hi; n++ {
		in := load(t, n)
		p, err := in.Problem()
		if err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		sol, err := schedule.Solve(context.Background(), p, schedule.Options{Seed: 1, TimeLimit: limit, MaxIterations: iterations,
			Now: time.Now, Progress: func(el time.Duration, obj float64) {
				if os.Getenv("WFM_CURTOIS_VERBOSE") != "" {
					t.Logf("  instance %d: %5.1f s objective %.0f", n, el.Seconds(), obj)
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(began)
		r, err := schedule.Check(p, sol)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Feasible {
			infeasible++
			byRule := map[string]int{}
			for _, v := range r.Violations {
				byRule[v.Rule]++
			}
			t.Errorf("instance %d: violations by rule %v", n, byRule)
			t.Errorf("instance %d: infeasible after %.0f s: %d violations, first %+v", n, took.Seconds(), len(r.Violations), r.Violations[0])
			continue
		}
		if b, ok := best[n]; ok && n <= 12 {
			gap := (r.Objective - b) / b
			gaps = append(gaps, gap)
			t.Logf("instance %2d: objective %8.0f  best known %6.0f  gap %6.1f%%  (%.1f s)", n, r.Objective, b, 100*gap, took.Seconds())
		} else {
			t.Logf("instance %2d: objective %8.0f  feasible  (%.0f s)", n, r.Objective, took.Seconds())
		}
	}
	if len(gaps) > 0 {
		sum := 0.0
		for _, g := range gaps {
			sum += g
		}
		t.Logf("mean gap over %d instances: %.1f%% (%.0f s each); infeasible: %d", len(gaps), 100*sum/float64(len(gaps)), seconds, infeasible)
	}
}

func bestKnown(t *testing.T) map[int]float64 {
	f, err := os.Open(filepath.Join(dataDir, "best_known.csv"))
	if err != nil {
		t.Skipf("best_known.csv absent: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]float64{}
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[0])
		v, err := strconv.ParseFloat(r[len(r)-1], 64)
		if err != nil {
			t.Fatal(fmt.Errorf("best_known.csv: %v", err))
		}
		out[n] = v
	}
	return out
}
