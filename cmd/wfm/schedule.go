package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"os"
	"time"

	"wfm/batch"
	"wfm/schedule"
)

// runSchedule is `wfm schedule solve|check` (CONTRACTS.md section 4).
// check exits 0 when the roster keeps every hard rule and 1 when it does
// not. solve exits 0 whenever it wrote a roster: the least bad one found is
// written even when no roster keeps every rule, marked "feasible": false,
// with the broken rules on stderr; exit 1 is kept for bad input, as in
// every contract command, so that a harness can tell the two apart.
func runSchedule(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: wfm schedule solve|check [flags]", errUsage)
	}
	switch args[0] {
	case "solve":
		return runScheduleSolve(ctx, e, args[1:])
	case "check":
		return runScheduleCheck(e, args[1:])
	}
	return fmt.Errorf("%w: wfm schedule: unknown sub-command %q (want solve or check)", errUsage, args[0])
}

func scheduleSolveCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "solve",
		Short: "solve a schedule problem (CONTRACTS.md 4)",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	problemPath := fs.String("problem", "", "problem JSON file (CONTRACTS.md 4)")
	limit := fs.String("time-limit", "60s", "stop the search after this long")
	seed := fs.Int64("seed", 1, "random seed: the same seed and iteration count give the same roster")
	iterations := fs.Int("iterations", 0, "stop after this many improvement iterations per worker (0: time limit only)")
	fairness := fs.Float64("fairness", 0, "weight of fairness between agents (weekends, hours), off by default")
	out := fs.String("out", "", "solution JSON file (default stdout)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		if *problemPath == "" {
			return fmt.Errorf("%w: --problem is required", errUsage)
		}
		d, err := batch.ParseDuration(*limit)
		if err != nil || d <= 0 {
			return fmt.Errorf("%w: --time-limit %q: want a positive duration such as 60s", errUsage, *limit)
		}
		p, err := readProblem(*problemPath)
		if err != nil {
			return err
		}
		sol, err := schedule.Solve(ctx, p, schedule.Options{
			Seed: *seed, TimeLimit: d, MaxIterations: *iterations, FairnessWeight: *fairness, Now: time.Now,
			Progress: func(elapsed time.Duration, objective float64) {
				fmt.Fprintf(e.stderr, "%8.1fs  objective %s\n", elapsed.Seconds(), batch.FormatFloat(objective, true))
			},
		})
		if err != nil {
			return err
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
		return batch.WriteFile(*out, e.stdout, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", " ")
			return enc.Encode(sol)
		})

	}
	return c
}

func scheduleCheckCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "check",
		Short: "check a solution against its problem: hard rules and the objective (CONTRACTS.md 4)",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	problemPath := fs.String("problem", "", "problem JSON file (CONTRACTS.md 4)")
	solutionPath := fs.String("solution", "", "solution JSON file")
	withBound := fs.Bool("bound", false, "also print a Lagrangian lower bound on the objective as \"lower_bound\"")
	c.RunE = func(c *cobra.Command, _ []string) error {
		if *problemPath == "" || *solutionPath == "" {
			return fmt.Errorf("%w: --problem and --solution are required", errUsage)
		}
		p, err := readProblem(*problemPath)
		if err != nil {
			return err
		}
		var sol schedule.Solution
		if err := readJSON(*solutionPath, &sol); err != nil {
			return err
		}
		r, err := schedule.Check(p, sol)
		if err != nil {
			return err
		}
		var out any = r
		if *withBound {
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
	return c
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
			return batch.Problems{{File: path, Line: line, Column: typ.Field, Message: fmt.Sprintf("%s, want %s", typ.Value, typ.Type)}}
		}
		return batch.Problems{{File: path, Line: line, Message: err.Error()}}
	}
	return nil
}
