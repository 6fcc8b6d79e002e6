package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"wfm/schedule"
	"wfm/schedule/curtois"
	"wfm/schedule/gen"
)

// runBenchRosters is `wfm bench rosters` (issue 21): solves the generated
// call-center instances (schedule/gen) of the held-out seeds, or the
// tuning ones, and the Curtois & Qu instances when their folder is given,
// each with the same time limit; checks every roster with the independent
// checker (schedule.Check, as `wfm schedule check` does); computes the
// lower bound; and prints per instance the objective, the bound, the gap
// between them and, for Curtois, the best known objective.
func benchRostersCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "rosters [--time-limit 60s] [--seeds held-out] [--curtois DIR]",
		Short: "solve generated call-center rosters (and Curtois & Qu instances) and print objective, bound and gap",
		Example: "  wfm bench rosters --time-limit 10s --seeds held-out --workers 1\n" +
			"  wfm bench rosters --seeds none --curtois ../shared/data/curtois --curtois-instances 1-10 --time-limit 20s",
		Args: usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	limit := fs.String("time-limit", "60s", "solver time limit per instance")
	seeds := fs.String("seeds", "held-out", "generated instances: held-out, tuning, none, or comma-separated seeds")
	sizes := fs.String("sizes", "all", "generated shapes: all (the suite of schedule/gen) or issue (46 agents x 14 days, two skills)")
	curtoisDir := fs.String("curtois", "", "folder of the Curtois & Qu instances (Instance<n>.txt, best_known.csv); empty: none")
	curtoisRange := fs.String("curtois-instances", "1-24", "which Curtois instances, e.g. 1-10 or 13,22")
	workers := fs.Int("workers", runtime.NumCPU(), "solver workers")
	seed := fs.Int64("seed", 1, "solver seed")
	boundLimit := fs.String("bound-limit", "", "time limit of the lower bound per instance (default: the solver's); none: no bound")
	outDir := fs.String("out", "", "folder to write each problem and roster as JSON (for `wfm schedule check`)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		d, err := time.ParseDuration(*limit)
		if err != nil || d <= 0 {
			return fmt.Errorf("%w: --time-limit %q: want a positive duration such as 60s", errUsage, *limit)
		}
		bd := d
		noBound := *boundLimit == "none"
		if *boundLimit != "" && !noBound {
			if bd, err = time.ParseDuration(*boundLimit); err != nil || bd <= 0 {
				return fmt.Errorf("%w: --bound-limit %q: want a positive duration such as 10s, or none", errUsage, *boundLimit)
			}
		}
		if *workers < 1 {
			return fmt.Errorf("%w: --workers %d: want at least 1", errUsage, *workers)
		}
		type instance struct {
			name, set string
			problem   func() (schedule.Problem, error)
			best      float64 // 0: unknown
		}
		var list []instance
		var seedList []uint64
		set := *seeds
		switch *seeds {
		case "held-out":
			seedList = gen.HeldOutSeeds
		case "tuning":
			seedList = gen.TuningSeeds
		case "none", "":
		default:
			set = "chosen"
			for _, f := range strings.Split(*seeds, ",") {
				v, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
				if err != nil {
					return fmt.Errorf("%w: --seeds %q: want held-out, tuning, none or numbers", errUsage, *seeds)
				}
				seedList = append(seedList, v)
			}
		}
		if *sizes != "all" && *sizes != "issue" {
			return fmt.Errorf("%w: --sizes %q: want all or issue", errUsage, *sizes)
		}
		for _, s := range seedList {
			shapes := gen.Suite(s)
			if *sizes == "issue" {
				shapes = shapes[:1]
			}
			for _, p := range shapes {
				list = append(list, instance{name: p.Name(), set: set, problem: func() (schedule.Problem, error) { return gen.Generate(p) }})
			}
		}
		if *curtoisDir != "" {
			numbers, err := parseInstances(*curtoisRange)
			if err != nil {
				return fmt.Errorf("%w: --curtois-instances: %v", errUsage, err)
			}
			best, err := readBestKnown(filepath.Join(*curtoisDir, "best_known.csv"))
			if err != nil {
				return err
			}
			for _, n := range numbers {
				path := filepath.Join(*curtoisDir, fmt.Sprintf("Instance%d.txt", n))
				list = append(list, instance{name: fmt.Sprintf("curtois %d", n), set: "curtois", best: best[n], problem: func() (schedule.Problem, error) {
					f, err := os.Open(path)
					if err != nil {
						return schedule.Problem{}, err
					}
					defer f.Close()
					in, err := curtois.Parse(f)
					if err != nil {
						return schedule.Problem{}, fmt.Errorf("%s: %w", path, err)
					}
					return in.Problem()
				}})
			}
		}
		if len(list) == 0 {
			return fmt.Errorf("%w: no instances: give --seeds or --curtois", errUsage)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "instance\tset\tagents\tdays\tobjective\tbound\tgap to bound\tbest known\tgap to best\tchecker\t\n")
		for _, in := range list {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := in.problem()
			if err != nil {
				return fmt.Errorf("%s: %w", in.name, err)
			}
			sol, err := schedule.Solve(ctx, p, schedule.Options{Seed: *seed, TimeLimit: d, Workers: *workers})
			if err != nil {
				return fmt.Errorf("%s: %w", in.name, err)
			}
			// The independent checker re-prices the roster from its JSON.
			r, err := schedule.Check(p, sol)
			if err != nil {
				return fmt.Errorf("%s: %w", in.name, err)
			}
			verdict := "feasible"
			if !r.Feasible {
				verdict = fmt.Sprintf("%d broken", len(r.Violations))
			} else if math.Abs(r.Objective-sol.Objective) > 1e-6*math.Max(1, math.Abs(r.Objective)) {
				verdict = fmt.Sprintf("priced %v", r.Objective)
			}
			opt := schedule.BoundOptions{}
			if r.Feasible {
				opt.UpperBound = r.Objective
			}
			// The bound's first evaluation is not cut by its limit: on
			// the largest instances (Curtois 24) it takes minutes, and
			// --bound-limit none skips it.
			lb := schedule.Bound{Value: math.Inf(-1)}
			if !noBound {
				bctx, cancel := context.WithTimeout(ctx, bd)
				lb, err = schedule.LowerBoundContext(bctx, p, opt)
				cancel()
				if err != nil {
					return fmt.Errorf("%s: bound: %w", in.name, err)
				}
			}
			best, bestGap := "-", "-"
			if in.best > 0 {
				best = strconv.FormatFloat(in.best, 'f', 0, 64)
				bestGap = fmt.Sprintf("%+.1f%%", 100*(r.Objective-in.best)/in.best)
			}
			bound := "-"
			if !math.IsInf(lb.Value, -1) {
				bound = strconv.FormatFloat(lb.Value, 'f', 1, 64)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f\t%s\t%s\t%s\t%s\t%s\t\n", in.name, in.set, len(p.Agents), p.Days,
				r.Objective, bound, gapText(r.Objective, lb.Value), best, bestGap, verdict)
			fmt.Fprintf(e.stderr, "%s: objective %.1f, bound %s, %s\n", in.name, r.Objective, bound, verdict)
			if *outDir != "" {
				if err := writeBenchJSON(*outDir, in.name, p, sol); err != nil {
					return err
				}
			}
		}
		return tw.Flush()
	}
	return c
}

// gapText is how far objective is at most above the best possible roster
// (schedule.BoundGap).
func gapText(objective, bound float64) string {
	g, ok := schedule.BoundGap(objective, bound)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*g)
}

func writeBenchJSON(dir, name string, p schedule.Problem, sol schedule.Solution) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := strings.NewReplacer(" ", "_", "#", "").Replace(name)
	for suffix, v := range map[string]any{"problem": p, "solution": sol} {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, base+"."+suffix+".json"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// parseInstances reads a comma-separated list of instance numbers and
// ranges n-m, such as "1-10" or "11,13,20-24".
func parseInstances(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		lo, hi, err := parseRange(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		for n := lo; n <= hi; n++ {
			out = append(out, n)
		}
	}
	return out, nil
}

func parseRange(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "-")
	lo, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, fmt.Errorf("%q: want n or n-m", s)
	}
	hi := lo
	if ok {
		if hi, err = strconv.Atoi(b); err != nil || hi < lo {
			return 0, 0, fmt.Errorf("%q: want n or n-m with n <= m", s)
		}
	}
	return lo, hi, nil
}

// readBestKnown reads best_known.csv: the instance number first, the best
// known objective last.
func readBestKnown(path string) (map[int]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[int]float64{}
	for i, r := range rows {
		if i == 0 || len(r) < 2 {
			continue
		}
		n, err1 := strconv.Atoi(r[0])
		v, err2 := strconv.ParseFloat(r[len(r)-1], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s line %d: want an instance number first and the best known objective last", path, i+1)
		}
		out[n] = v
	}
	return out, nil
}
