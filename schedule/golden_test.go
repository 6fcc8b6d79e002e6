package schedule_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wfm/schedule"
	"wfm/schedule/curtois"
	"wfm/schedule/gen"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from this run")

// curtoisDir holds the Curtois & Qu instances (absent: those cases skip).
const curtoisDir = "../../shared/data/curtois"

// TestSolveGolden pins what the solver computes, bit for bit, on Curtois
// instances 1-6 and three generated instances (and what the generator
// makes of its suite for three seeds): the objective and a hash
// of the roster of a deterministic solve (a seed and an iteration count,
// no time limit), a lower bound after a fixed number of iterations, and
// the dynamic program on its own (DPTrace). A change that is meant to
// leave the search as it is (a refactoring) must leave
// testdata/solve.golden as it is; a change meant to alter the search
// rewrites it with -update, and the diff shows what moved.
func TestSolveGolden(t *testing.T) {
	// The iteration counts reach past the first annealing cycle (200
	// batches at least) and the late-acceptance workers' first meetings
	// (lateShareEvery, 500), so that the sharing is pinned too.
	type instance struct {
		name       string
		p          schedule.Problem
		iterations int
	}
	var ins []instance
	for n := 1; n <= 6; n++ {
		f, err := os.Open(filepath.Join(curtoisDir, fmt.Sprintf("Instance%d.txt", n)))
		if os.IsNotExist(err) {
			t.Skipf("%s absent: the golden file needs the Curtois instances", curtoisDir)
		}
		if err != nil {
			t.Fatal(err)
		}
		in, err := curtois.Parse(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		p, err := in.Problem()
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, instance{fmt.Sprintf("curtois%d", n), p, 450})
	}
	for seed := uint64(1); seed <= 3; seed++ {
		params := gen.Params{Agents: 20, Days: 14, Skills: 2, PartTimeShare: 0.3, MultiSkillShare: 0.5, Seed: seed}
		p, err := gen.Generate(params)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, instance{params.Name(), p, 1100})
	}
	var b strings.Builder
	for _, in := range ins {
		t.Run(in.name, func(t *testing.T) {
			sol, err := schedule.Solve(context.Background(), in.p, schedule.Options{Seed: 1, MaxIterations: in.iterations})
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(sol)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s solve objective %v feasible %v solution %x\n", in.name, sol.Objective, sol.Feasible, sha256.Sum256(js))
			lb, err := schedule.LowerBound(in.p, schedule.BoundOptions{Iterations: 50})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s bound %v iterations %d\n", in.name, lb.Value, lb.Iterations)
			for _, fairness := range []float64{0, 1} {
				lines, err := schedule.DPTrace(in.p, 5, fairness)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range lines {
					fmt.Fprintf(&b, "%s dp fairness=%v %s\n", in.name, fairness, l)
				}
			}
		})
	}
	// The generator itself, on every shape it is measured on.
	for seed := uint64(1); seed <= 3; seed++ {
		for _, params := range gen.Suite(seed) {
			p, err := gen.Generate(params)
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s generated problem %x\n", params.Name(), sha256.Sum256(js))
		}
	}
	golden := filepath.Join("testdata", "solve.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s line %d:\n got  %s\n want %s", golden, i+1, g, w)
			}
		}
	}
}
