package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"wfm/batch"
	"wfm/civil"
	"wfm/schedule"
)

// scheduleCmd is `wfm schedule solve|check` (CONTRACTS.md section 4).
func scheduleCmd(e env) *cobra.Command {
	c := parentCmd(&cobra.Command{
		Use:   "schedule",
		Short: "solve or check a schedule problem (CONTRACTS.md 4)",
		Long: "check exits 0 when the roster keeps every hard rule and 1 when it does not.\n" +
			"solve exits 0 whenever it wrote a roster: the least bad one found is written\n" +
			"even when no roster keeps every rule, marked \"feasible\": false, with the\n" +
			"broken rules on stderr; exit 1 is kept for bad input, as in every contract\n" +
			"command, so that a harness can tell the two apart.",
	})
	c.AddCommand(scheduleSolveCmd(e), scheduleCheckCmd(e))
	return c
}

// solveFlags are `wfm schedule solve`'s flags.
type solveFlags struct {
	problem, limit, out string
	seed                int64
	iterations          int
	fairness            float64
}

func scheduleSolveCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:     "solve --problem FILE [--time-limit 60s] [--out FILE]",
		Short:   "build a roster for a problem file; the solution JSON on stdout",
		Example: "  wfm schedule solve --problem week.json --time-limit 30s --out roster.json",
		Args:    usageArgs(cobra.NoArgs),
	}
	var f solveFlags
	fs := c.Flags()
	fs.StringVar(&f.problem, "problem", "", "problem JSON file (CONTRACTS.md 4)")
	fs.StringVar(&f.limit, "time-limit", "60s", "stop the search after this long")
	fs.Int64Var(&f.seed, "seed", 1, "random seed: the same seed and iteration count give the same roster")
	fs.IntVar(&f.iterations, "iterations", 0, "stop after this many improvement iterations per worker (0: time limit only)")
	fs.Float64Var(&f.fairness, "fairness", 0, "weight of fairness between agents (weekends, hours), off by default")
	fs.StringVar(&f.out, "out", "", "solution JSON file (default stdout)")
	c.RunE = func(c *cobra.Command, _ []string) error { return runScheduleSolve(c.Context(), e, f) }
	return c
}

func runScheduleSolve(ctx context.Context, e env, f solveFlags) error {
	if f.problem == "" {
		return fmt.Errorf("%w: --problem is required", errUsage)
	}
	d, err := batch.ParseDuration(f.limit)
	if err != nil || d <= 0 {
		return fmt.Errorf("%w: --time-limit %q: want a positive duration such as 60s", errUsage, f.limit)
	}
	p, err := readProblem(f.problem)
	if err != nil {
		return err
	}
	// The lower bound runs beside the search within the same limit and
	// stops with it; it goes to stderr so that stdout stays the
	// contract's solution.
	boundCtx, stopBound := context.WithTimeout(ctx, d)
	defer stopBound()
	var bestSoFar atomic.Uint64 // the search's best objective, for the bound's steps
	bound := make(chan schedule.Bound, 1)
	go func() {
		b, err := schedule.LowerBoundContext(boundCtx, p, schedule.BoundOptions{UpperBoundNow: func() float64 {
			return math.Float64frombits(bestSoFar.Load())
		}})
		if err != nil {
			b.Value = math.Inf(-1)
		}
		bound <- b
	}()
	solving := newTimedMeter(e, "solve", d)
	defer solving.Finish()
	sol, err := schedule.Solve(ctx, p, schedule.Options{
		Seed: f.seed, TimeLimit: d, MaxIterations: f.iterations, FairnessWeight: f.fairness, Now: time.Now,
		Progress: func(elapsed time.Duration, objective float64) {
			bestSoFar.Store(math.Float64bits(objective))
			solving.Note("objective " + batch.FormatFloat(objective, true))
		},
	})
	solving.Finish()
	stopBound()
	lb := <-bound
	if err != nil {
		return err
	}
	if sol.Feasible {
		fmt.Fprintln(e.stderr, boundLine(sol.Objective, lb.Value))
	}
	if !sol.Feasible {
		fmt.Fprintf(e.stderr, "infeasible: %d hard rules broken in the best roster found\n", len(sol.Violations))
		for i, v := range sol.Violations {
			if i == 20 {
				fmt.Fprintf(e.stderr, "... and %d more\n", len(sol.Violations)-20)
				break
			}
			fmt.Fprintf(e.stderr, "  %s %s: %s\n", v.Rule, v.Agent, v.Message)
		}
	}
	return batch.WriteFile(f.out, e.stdout, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(sol)
	})
}

// boundLine says how far a roster is at most above the best possible
// one, by the lower bound.
func boundLine(objective, bound float64) string {
	if g, ok := schedule.BoundGap(objective, bound); ok {
		return fmt.Sprintf("lower bound %.1f: this roster is at most %.1f%% above the best possible roster", bound, 100*g)
	}
	return fmt.Sprintf("lower bound %.1f: too weak to say how close this roster is to the best possible", bound)
}

func scheduleCheckCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:     "check --problem FILE --solution FILE [--bound]",
		Short:   "check a roster against its problem: feasibility, objective, broken rules (exit 1 when infeasible)",
		Example: "  wfm schedule check --problem week.json --solution roster.json",
		Args:    usageArgs(cobra.NoArgs),
	}
	var problem, solution string
	var bound bool
	c.Flags().StringVar(&problem, "problem", "", "problem JSON file (CONTRACTS.md 4)")
	c.Flags().StringVar(&solution, "solution", "", "solution JSON file")
	c.Flags().BoolVar(&bound, "bound", false, "also print a Lagrangian lower bound on the objective as \"lower_bound\"")
	c.RunE = func(*cobra.Command, []string) error { return runScheduleCheck(e, problem, solution, bound) }
	return c
}

func runScheduleCheck(e env, problem, solution string, bound bool) error {
	if problem == "" || solution == "" {
		return fmt.Errorf("%w: --problem and --solution are required", errUsage)
	}
	p, err := readProblem(problem)
	if err != nil {
		return err
	}
	var sol schedule.Solution
	if err := readJSON(solution, &sol); err != nil {
		return err
	}
	r, err := schedule.Check(p, sol)
	if err != nil {
		return err
	}
	var out any = r
	if bound {
		// An extension of the contract's output, only on request: the
		// default stays exactly {"feasible","objective","violations"}.
		opt := schedule.BoundOptions{}
		if r.Feasible {
			opt.UpperBound = r.Objective
		}
		lb, err := schedule.LowerBound(p, opt)
		if err != nil {
			return err
		}
		out = struct {
			schedule.Report
			LowerBound float64 `json:"lower_bound"`
		}{r, lb.Value}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\n", b)
	if !r.Feasible {
		return exitError{code: 1}
	}
	return nil
}

// readProblem reads and validates a problem; every fault names its field.
func readProblem(path string) (schedule.Problem, error) {
	var p schedule.Problem
	if err := readJSON(path, &p); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		var fe schedule.FieldErrors
		if errors.As(err, &fe) {
			ps := make(batch.Problems, len(fe))
			for i, f := range fe {
				ps[i] = batch.Problem{File: path, Column: f.Field, Message: f.Message}
			}
			return p, ps
		}
		return p, err
	}
	return p, nil
}

// readJSON decodes a JSON file strictly: an unknown field is an error, and
// a syntax error says on which line it is.
func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		line := 0
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line = 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		case errors.As(err, &typ):
			line = 1 + bytes.Count(data[:min(int(typ.Offset), len(data))], []byte("\n"))
			want := typ.Type.String()
			if typ.Type == reflect.TypeFor[civil.Date]() {
				want = "a date YYYY-MM-DD"
			}
			return batch.Problems{{File: path, Line: line, Column: typ.Field, Message: fmt.Sprintf("%s, want %s", typ.Value, want)}}
		}
		return batch.Problems{{File: path, Line: line, Message: err.Error()}}
	}
	return nil
}
