package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"wfm/batch"
	"wfm/capacity"
	"wfm/civil"
	"wfm/staffing"
)

// hireFlags collects --hire START:COUNT, one class each.
type hireFlags []capacity.Hire

func (h *hireFlags) String() string { return fmt.Sprint(*h) }

// Type names the value in the usage (pflag.Value).
func (h *hireFlags) Type() string { return "START:COUNT" }

func (h *hireFlags) Set(v string) error {
	day, count, ok := strings.Cut(v, ":")
	d, err := civil.Parse(day)
	n, cerr := strconv.Atoi(count)
	if !ok || err != nil || cerr != nil {
		return fmt.Errorf("%q: want START:COUNT, e.g. 2027-03-01:10", v)
	}
	*h = append(*h, capacity.Hire{Start: d, Count: n})
	return nil
}

// planCmd is `wfm plan`: a long-range capacity plan from an interval
// history file (every queue in it is one skill's demand), printed as CSV,
// with the advice on stderr.
func planCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "plan",
		Short: "long-range capacity plan from an interval history: weekly FTE need against supply, when to hire",
		Args:  usageArgs(cobra.NoArgs),
	}
	var f planFlags
	f.define(c.Flags())
	c.RunE = func(c *cobra.Command, _ []string) error {
		if f.historyPath == "" || !flagsSet(c.Flags())["fte"] {
			return fmt.Errorf("%w: --history and --fte are required", errUsage)
		}
		thr, err := batch.ParseDuration(f.threshold)
		if err != nil {
			return fmt.Errorf("%w: --threshold: %v", errUsage, err)
		}
		a, err := f.assumptions()
		if err != nil {
			return err
		}
		if f.weeks < 26 || f.weeks > 78 {
			return fmt.Errorf("%w: --weeks %d: want 26 to 78", errUsage, f.weeks)
		}
		var defaultAHT float64
		if f.aht != "" {
			d, err := batch.ParseDuration(f.aht)
			if err != nil || d <= 0 {
				return fmt.Errorf("%w: --aht %q: want a positive duration, e.g. 300s", errUsage, f.aht)
			}
			defaultAHT = d.Seconds()
		}
		loc, err := batch.LoadLocation(f.tz)
		if err != nil {
			return fmt.Errorf("%w: --tz: %v", errUsage, err)
		}
		ivs, last, err := readPlanHistory(f.historyPath, loc, defaultAHT)
		if err != nil {
			return err
		}
		start := last.AddDays(1)
		if f.start != "" {
			if start, err = civil.Parse(f.start); err != nil {
				return fmt.Errorf("%w: --start: %v", errUsage, err)
			}
		}
		start = capacity.Mondays(start, 1)[0]
		demand, err := capacity.DemandFromHistory(ivs, loc, start, f.weeks)
		if err != nil {
			return fmt.Errorf("%s: %w", f.historyPath, err)
		}
		plan, err := capacity.Compute(demand, staffing.Goal{ServiceLevel: f.sl, ThresholdSeconds: thr.Seconds()}, a)
		if err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		return reportPlan(e, f.out, plan)
	}
	return c
}

// planFlags are `wfm plan`'s flags.
type planFlags struct {
	historyPath, tz, start, threshold, aht, out string
	weeks, classWeeks, rampWeeks                int
	sl, growth, shrinkage, hours, fte           float64
	attrition, ramp                             float64
	hires                                       hireFlags
}

func (f *planFlags) define(fs *pflag.FlagSet) {
	def := capacity.DefaultAssumptions()
	fs.StringVar(&f.historyPath, "history", "", "interval history CSV (CONTRACTS.md 1): the skill's queues")
	fs.StringVar(&f.tz, "tz", "", "IANA time zone of times without an offset and of the weeks (default UTC)")
	fs.StringVar(&f.start, "start", "", "the plan's first Monday (default the Monday after the history)")
	fs.IntVar(&f.weeks, "weeks", 52, "weeks to plan, 26 to 78")
	fs.Float64Var(&f.sl, "service-level", 0.8, "service level goal")
	fs.StringVar(&f.threshold, "threshold", "20s", "service level threshold")
	fs.Float64Var(&f.growth, "growth", 0, "volume growth a year (0.05: 5%)")
	fs.Float64Var(&f.shrinkage, "shrinkage", def.Shrinkage, "share of paid time off the phones")
	fs.Float64Var(&f.hours, "hours-per-fte", def.HoursPerFTE, "paid hours of a full-time agent a week")
	fs.Float64Var(&f.fte, "fte", 0, "FTE today (required)")
	fs.Float64Var(&f.attrition, "attrition", def.AttritionPerMonth, "share of agents leaving each month")
	fs.IntVar(&f.classWeeks, "class-weeks", def.ClassWeeks, "weeks a new hire spends in class")
	fs.IntVar(&f.rampWeeks, "ramp-weeks", def.RampWeeks, "weeks at reduced productivity after class")
	fs.Float64Var(&f.ramp, "ramp-productivity", def.RampProductivity, "share of a trained agent's work while ramping")
	fs.StringVar(&f.aht, "aht", "", "handle time for intervals the history gives none (e.g. 300s)")
	fs.StringVar(&f.out, "out", "", "write the CSV here (default stdout)")
	fs.Var(&f.hires, "hire", "a planned class, START:COUNT (repeat for each class)")
}

// assumptions are the plan's assumptions from the flags, checked: a wrong
// one is named by its flag, not by the field of capacity.Assumptions.
func (f *planFlags) assumptions() (capacity.Assumptions, error) {
	a := capacity.Assumptions{GrowthPerYear: f.growth, Shrinkage: f.shrinkage, HoursPerFTE: f.hours, AttritionPerMonth: f.attrition,
		FTE: f.fte, ClassWeeks: f.classWeeks, RampWeeks: f.rampWeeks, RampProductivity: f.ramp, Hires: f.hires}
	var fe *capacity.FieldError
	if err := a.Validate(); err != nil {
		if errors.As(err, &fe) {
			return a, fmt.Errorf("%w: %s: %s", errUsage, planFlagOf(fe.Field), fe.Message)
		}
		return a, fmt.Errorf("%w: %v", errUsage, err)
	}
	return a, nil
}

// readPlanHistory reads the interval history at path as the plan's
// intervals (defaultAHT where a row gives no handle time) and answers the
// last local day it covers, after which the plan starts by default.
func readPlanHistory(path string, loc *time.Location, defaultAHT float64) ([]capacity.Interval, civil.Date, error) {
	var last civil.Date
	f, err := os.Open(path)
	if err != nil {
		return nil, last, err
	}
	h, err := batch.ReadHistory(f, path, loc, 0)
	f.Close()
	if err != nil {
		return nil, last, err
	}
	var ivs []capacity.Interval
	for _, r := range h.Rows {
		iv := capacity.Interval{Start: r.Start, Seconds: int(h.Interval.Seconds()), Offered: float64(r.Offered), AHTSeconds: defaultAHT}
		if r.AHTSeconds != nil && *r.AHTSeconds > 0 {
			iv.AHTSeconds = *r.AHTSeconds
		}
		ivs = append(ivs, iv)
		if d := civil.Of(r.Start, loc); d.After(last) {
			last = d
		}
	}
	return ivs, last, nil
}

// reportPlan writes the plan as CSV to out (stdout when empty) and the
// hiring advice to stderr, apart from the data.
func reportPlan(e env, out string, plan capacity.Plan) error {
	w := e.stdout
	if out != "" {
		file, err := os.Create(out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	if err := writePlan(w, plan); err != nil {
		return err
	}
	if plan.FirstShort == nil {
		fmt.Fprintf(e.stderr, "plan: the FTE cover the need through %s: no hiring needed\n", plan.Weeks[len(plan.Weeks)-1].Week)
	} else {
		fmt.Fprintf(e.stderr, "plan: short from the week of %s: start a class of %d by %s\n", plan.FirstShort, plan.HireCount, plan.HireBy)
	}
	return nil
}

func writePlan(w io.Writer, p capacity.Plan) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"week", "volume", "aht_seconds", "open_hours", "need_fte", "base_fte", "supply_fte", "gap_fte", "service_level_no_hire", "service_level_planned"})
	num := func(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) }
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v, 4)
	}
	for _, wk := range p.Weeks {
		cw.Write([]string{wk.Week.String(), num(wk.Volume, 1), num(wk.AHTSeconds, 1), num(wk.OpenHours, 2), num(wk.NeedFTE, 2),
			num(wk.BaseFTE, 2), num(wk.SupplyFTE, 2), num(wk.Gap, 2), opt(wk.ServiceLevelNoHire), opt(wk.ServiceLevelPlanned)})
	}
	cw.Flush()
	return cw.Error()
}

// planFlagOf is the flag of an assumption's field.
func planFlagOf(field string) string {
	switch {
	case field == "growth_per_year":
		return "--growth"
	case field == "attrition_per_month":
		return "--attrition"
	case strings.HasPrefix(field, "hires"):
		return "--hire"
	}
	return "--" + strings.ReplaceAll(field, "_", "-")
}
