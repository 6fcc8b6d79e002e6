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
	var f rosterBenchFlags
	fs.StringVar(&f.limit, "time-limit", "60s", "solver time limit per instance")
	fs.StringVar(&f.seeds, "seeds", "held-out", "generated instances: held-out, tuning, none, or comma-separated seeds")
	fs.StringVar(&f.sizes, "sizes", "all", "generated shapes: all (the suite of schedule/gen) or issue (46 agents x 14 days, two skills)")
	fs.StringVar(&f.curtoisDir, "curtois", "", "folder of the Curtois & Qu instances (Instance<n>.txt, best_known.csv); empty: none")
	fs.StringVar(&f.curtoisRange, "curtois-instances", "1-24", "which Curtois instances, e.g. 1-10 or 13,22")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "solver workers")
	fs.Int64Var(&f.seed, "seed", 1, "solver seed")
	fs.StringVar(&f.boundLimit, "bound-limit", "", "time limit of the lower bound per instance (default: the solver's); none: no bound")
	fs.StringVar(&f.outDir, "out", "", "folder to write each problem and roster as JSON (for `wfm schedule check`)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		run, err := f.settings()
		if err != nil {
			return err
		}
		list, err := f.instances()
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "instance\tset\tagents\tdays\tobjective\tbound\tgap to bound\tbest known\tgap to best\tchecker\t\n")
		for _, in := range list {
			row, err := run.solve(c.Context(), in)
			if err != nil {
				return fmt.Errorf("%s: %w", in.name, err)
			}
			fmt.Fprintln(tw, strings.Join(row.cells(), "\t")+"\t")
			fmt.Fprintf(e.stderr, "%s: objective %.1f, bound %s, %s\n", in.name, row.objective, row.bound(), row.verdict)
		}
		return tw.Flush()
	}
	return c
}

// rosterBenchFlags are the flags of `wfm bench rosters` as typed.
type rosterBenchFlags struct {
	limit, seeds, sizes, curtoisDir, curtoisRange, boundLimit, outDir string
	workers                                                           int
	seed                                                              int64
}

// rosterBench is how each instance is solved, bounded and kept.
type rosterBench struct {
	limit, boundLimit time.Duration // boundLimit 0: no bound
	workers           int
	seed              int64
	outDir            string
}

// benchInstance is one roster problem of the benchmark, read when its
// turn comes.
type benchInstance struct {
	name, set string
	problem   func() (schedule.Problem, error)
	best      float64 // the best known objective; 0: unknown
}

func (f rosterBenchFlags) settings() (rosterBench, error) {
	r := rosterBench{workers: f.workers, seed: f.seed, outDir: f.outDir}
	d, err := time.ParseDuration(f.limit)
	if err != nil || d <= 0 {
		return r, fmt.Errorf("%w: --time-limit %q: want a positive duration such as 60s", errUsage, f.limit)
	}
	r.limit, r.boundLimit = d, d
	switch f.boundLimit {
	case "":
	case "none":
		r.boundLimit = 0
	default:
		if r.boundLimit, err = time.ParseDuration(f.boundLimit); err != nil || r.boundLimit <= 0 {
			return r, fmt.Errorf("%w: --bound-limit %q: want a positive duration such as 10s, or none", errUsage, f.boundLimit)
		}
	}
	if f.workers < 1 {
		return r, fmt.Errorf("%w: --workers %d: want at least 1", errUsage, f.workers)
	}
	return r, nil
}

// instances are the generated problems of the chosen seeds and sizes,
// then the chosen Curtois & Qu instances.
func (f rosterBenchFlags) instances() ([]benchInstance, error) {
	list, err := f.generated()
	if err != nil {
		return nil, err
	}
	if f.curtoisDir != "" {
		numbers, err := parseInstances(f.curtoisRange)
		if err != nil {
			return nil, fmt.Errorf("%w: --curtois-instances: %v", errUsage, err)
		}
		best, err := readBestKnown(filepath.Join(f.curtoisDir, "best_known.csv"))
		if err != nil {
			return nil, err
		}
		for _, n := range numbers {
			path := filepath.Join(f.curtoisDir, fmt.Sprintf("Instance%d.txt", n))
			list = append(list, benchInstance{name: fmt.Sprintf("curtois %d", n), set: "curtois", best: best[n],
				problem: func() (schedule.Problem, error) { return readCurtois(path) }})
		}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%w: no instances: give --seeds or --curtois", errUsage)
	}
	return list, nil
}

// generated are the instances of schedule/gen for the chosen seeds.
func (f rosterBenchFlags) generated() ([]benchInstance, error) {
	var seedList []uint64
	set := f.seeds
	switch f.seeds {
	case "held-out":
		seedList = gen.HeldOutSeeds
	case "tuning":
		seedList = gen.TuningSeeds
	case "none", "":
	default:
		set = "chosen"
		for _, s := range strings.Split(f.seeds, ",") {
			v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: --seeds %q: want held-out, tuning, none or numbers", errUsage, f.seeds)
			}
			seedList = append(seedList, v)
		}
	}
	if f.sizes != "all" && f.sizes != "issue" {
		return nil, fmt.Errorf("%w: --sizes %q: want all or issue", errUsage, f.sizes)
	}
	var list []benchInstance
	for _, s := range seedList {
		shapes := gen.Suite(s)
		if f.sizes == "issue" {
			shapes = shapes[:1]
		}
		for _, p := range shapes {
			list = append(list, benchInstance{name: p.Name(), set: set, problem: func() (schedule.Problem, error) { return gen.Generate(p) }})
		}
	}
	return list, nil
}

func readCurtois(path string) (schedule.Problem, error) {
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
}

// benchRow is one instance's line of the table.
type benchRow struct {
	in         benchInstance
	agents     int
	days       int
	objective  float64 // as the independent checker prices the roster
	lowerBound float64 // -Inf: none
	verdict    string
}

// solve solves one instance, has the independent checker price the
// roster from its JSON, and bounds it.
func (r rosterBench) solve(ctx context.Context, in benchInstance) (benchRow, error) {
	row := benchRow{in: in, lowerBound: math.Inf(-1)}
	p, err := in.problem()
	if err != nil {
		return row, err
	}
	row.agents, row.days = len(p.Agents), p.Days
	sol, err := schedule.Solve(ctx, p, schedule.Options{Seed: r.seed, TimeLimit: r.limit, Workers: r.workers})
	if err != nil {
		return row, err
	}
	c, err := schedule.Check(p, sol)
	if err != nil {
		return row, err
	}
	row.objective, row.verdict = c.Objective, "feasible"
	if !c.Feasible {
		row.verdict = fmt.Sprintf("%d broken", len(c.Violations))
	} else if math.Abs(c.Objective-sol.Objective) > 1e-6*math.Max(1, math.Abs(c.Objective)) {
		row.verdict = fmt.Sprintf("priced %v", c.Objective)
	}
	// The bound's first evaluation is not cut by its limit: on the
	// largest instances (Curtois 24) it takes minutes, and --bound-limit
	// none skips it.
	if r.boundLimit > 0 {
		opt := schedule.BoundOptions{}
		if c.Feasible {
			opt.UpperBound = c.Objective
		}
		bctx, cancel := context.WithTimeout(ctx, r.boundLimit)
		lb, err := schedule.LowerBoundContext(bctx, p, opt)
		cancel()
		if err != nil {
			return row, fmt.Errorf("bound: %w", err)
		}
		row.lowerBound = lb.Value
	}
	if r.outDir != "" {
		if err := writeBenchJSON(r.outDir, in.name, p, sol); err != nil {
			return row, err
		}
	}
	return row, ctx.Err()
}

func (b benchRow) bound() string {
	if math.IsInf(b.lowerBound, -1) {
		return "-"
	}
	return strconv.FormatFloat(b.lowerBound, 'f', 1, 64)
}

// cells are the row's columns, as the header names them.
func (b benchRow) cells() []string {
	best, bestGap := "-", "-"
	if b.in.best > 0 {
		best = strconv.FormatFloat(b.in.best, 'f', 0, 64)
		bestGap = fmt.Sprintf("%+.1f%%", 100*(b.objective-b.in.best)/b.in.best)
	}
	return []string{b.in.name, b.in.set, strconv.Itoa(b.agents), strconv.Itoa(b.days), fmt.Sprintf("%.1f", b.objective),
		b.bound(), gapText(b.objective, b.lowerBound), best, bestGap, b.verdict}
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
