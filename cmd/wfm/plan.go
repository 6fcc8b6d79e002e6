package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

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

// runPlan is `wfm plan`: a long-range capacity plan from an interval
// history file (every queue in it is one skill's demand), printed as CSV,
// with the advice on stderr.
func planCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "plan",
		Short: "long-range capacity plan from an interval history: weekly FTE need against supply, when to hire",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	def := capacity.DefaultAssumptions()
	historyPath := fs.String("history", "", "interval history CSV (CONTRACTS.md 1): the skill's queues")
	tz := fs.String("tz", "", "IANA time zone of times without an offset and of the weeks (default UTC)")
	startFlag := fs.String("start", "", "the plan's first Monday (default the Monday after the history)")
	weeks := fs.Int("weeks", 52, "weeks to plan, 26 to 78")
	sl := fs.Float64("service-level", 0.8, "service level goal")
	threshold := fs.String("threshold", "20s", "service level threshold")
	growth := fs.Float64("growth", 0, "volume growth a year (0.05: 5%)")
	shrinkage := fs.Float64("shrinkage", def.Shrinkage, "share of paid time off the phones")
	hours := fs.Float64("hours-per-fte", def.HoursPerFTE, "paid hours of a full-time agent a week")
	fte := fs.Float64("fte", 0, "FTE today (required)")
	attrition := fs.Float64("attrition", def.AttritionPerMonth, "share of agents leaving each month")
	classWeeks := fs.Int("class-weeks", def.ClassWeeks, "weeks a new hire spends in class")
	rampWeeks := fs.Int("ramp-weeks", def.RampWeeks, "weeks at reduced productivity after class")
	ramp := fs.Float64("ramp-productivity", def.RampProductivity, "share of a trained agent's work while ramping")
	aht := fs.String("aht", "", "handle time for intervals the history gives none (e.g. 300s)")
	out := fs.String("out", "", "write the CSV here (default stdout)")
	var hires hireFlags
	fs.Var(&hires, "hire", "a planned class, START:COUNT (repeat for each class)")
	c.RunE = func(c *cobra.Command, _ []string) error {
		if *historyPath == "" || !flagsSet(fs)["fte"] {
			return fmt.Errorf("%w: --history and --fte are required", errUsage)
		}
		thr, err := batch.ParseDuration(*threshold)
		if err != nil {
			return fmt.Errorf("%w: --threshold: %v", errUsage, err)
		}
		a := capacity.Assumptions{GrowthPerYear: *growth, Shrinkage: *shrinkage, HoursPerFTE: *hours, AttritionPerMonth: *attrition,
			FTE: *fte, ClassWeeks: *classWeeks, RampWeeks: *rampWeeks, RampProductivity: *ramp, Hires: hires}
		var fe *capacity.FieldError
		if err := a.Validate(); err != nil {
			if errors.As(err, &fe) {
				return fmt.Errorf("%w: %s: %s", errUsage, planFlagOf(fe.Field), fe.Message)
			}
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		if *weeks < 26 || *weeks > 78 {
			return fmt.Errorf("%w: --weeks %d: want 26 to 78", errUsage, *weeks)
		}
		var defaultAHT float64
		if *aht != "" {
			d, err := batch.ParseDuration(*aht)
			if err != nil || d <= 0 {
				return fmt.Errorf("%w: --aht %q: want a positive duration, e.g. 300s", errUsage, *aht)
			}
			defaultAHT = d.Seconds()
		}
		loc, err := batch.LoadLocation(*tz)
		if err != nil {
			return fmt.Errorf("%w: --tz: %v", errUsage, err)
		}
		f, err := os.Open(*historyPath)
		if err != nil {
			return err
		}
		h, err := batch.ReadHistory(f, *historyPath, loc, 0)
		f.Close()
		if err != nil {
			return err
		}
		var ivs []capacity.Interval
		var last civil.Date
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
		start := last.AddDays(1)
		if *startFlag != "" {
			if start, err = civil.Parse(*startFlag); err != nil {
				return fmt.Errorf("%w: --start: %v", errUsage, err)
			}
		}
		start = capacity.Mondays(start, 1)[0]
		demand, err := capacity.DemandFromHistory(ivs, loc, start, *weeks)
		if err != nil {
			return fmt.Errorf("%s: %w", *historyPath, err)
		}
		plan, err := capacity.Compute(demand, staffing.Goal{ServiceLevel: *sl, ThresholdSeconds: thr.Seconds()}, a)
		if err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		w := e.stdout
		if *out != "" {
			file, err := os.Create(*out)
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
	return c
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
