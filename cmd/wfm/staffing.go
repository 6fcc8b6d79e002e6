package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"wfm/batch"
	"wfm/staffing"
)

// staffingColumns is the output of `wfm staffing` (CONTRACTS.md section 3).
var staffingColumns = []string{"queue", "interval_start", "volume", "aht_seconds", "agents", "scheduled",
	"service_level", "asa_seconds", "occupancy", "abandon_rate"}

// staffingRow is one queue and interval of the answer.
type staffingRow struct {
	forecast    batch.ForecastRow
	requirement staffing.Requirement
}

// runStaffing is `wfm staffing`: the agents each queue and interval of a
// forecast needs for the goals given, by Erlang C (or A, with --patience).
func staffingCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "staffing",
		Short: "agents needed per interval for a forecast (CONTRACTS.md 3)",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	forecastPath := fs.String("forecast", "", "forecast CSV, as written by wfm forecast (required)")
	shrinkage := fs.Float64("shrinkage", 0, "share of scheduled time not on contacts (breaks, training, absence), e.g. 0.3")
	concurrency := fs.Int("concurrency", 1, "contacts an agent works at once (chat)")
	tz := fs.String("tz", "", "IANA time zone of local timestamps in the forecast and of the output (default UTC)")
	out := fs.String("out", "", "output CSV (default stdout)")
	var gf goalFlags
	gf.register(fs)
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		set := flagsSet(fs)
		if *forecastPath == "" || !set["service-level"] {
			return fmt.Errorf("%w: --forecast and --service-level are required", errUsage)
		}
		if *concurrency < 1 {
			return fmt.Errorf("%w: --concurrency must be >= 1", errUsage)
		}
		goal, err := gf.goal(set)
		if err != nil {
			return err
		}
		plan := staffing.Plan{Goal: goal, Shrinkage: *shrinkage, Concurrency: *concurrency}
		if err := plan.Validate(); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		loc, err := batch.LoadLocation(*tz)
		if err != nil {
			return fmt.Errorf("%w: --tz: %v", errUsage, err)
		}

		f, err := os.Open(*forecastPath)
		if err != nil {
			return err
		}
		defer f.Close()
		fc, err := batch.ReadForecast(f, *forecastPath, loc)
		if err != nil {
			return err
		}
		rows, err := staffForecast(ctx, *forecastPath, fc, plan)
		if err != nil {
			return err
		}
		return batch.WriteFile(*out, e.stdout, func(w io.Writer) error {
			return writeStaffing(w, rows, loc)
		})

	}
	return c
}

// staffForecast answers the plan for every forecast row. A row the model
// cannot staff (an impossible goal at that volume) is a problem at its line.
func staffForecast(ctx context.Context, file string, fc batch.ForecastFile, plan staffing.Plan) ([]staffingRow, error) {
	interval := fc.Interval.Seconds()
	rows := make([]staffingRow, 0, len(fc.Rows))
	var problems batch.Problems
	for i, r := range fc.Rows {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		req, err := plan.Requirement(staffing.Load{Volume: r.Volume, AHTSeconds: r.AHTSeconds, IntervalSeconds: interval})
		if err != nil {
			problems = append(problems, batch.Problem{File: file, Line: r.Line, Column: "volume", Message: err.Error()})
			continue
		}
		rows = append(rows, staffingRow{forecast: r, requirement: req})
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return rows, nil
}

func writeStaffing(w io.Writer, rows []staffingRow, loc *time.Location) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(staffingColumns); err != nil {
		return err
	}
	for _, r := range rows {
		p := r.requirement.Performance
		// With no contacts the ratios have no denominator: written empty.
		busy := r.forecast.Volume > 0
		record := []string{
			r.forecast.Queue,
			batch.FormatTime(r.forecast.Start, loc),
			batch.FormatFloat(r.forecast.Volume, true),
			batch.FormatFloat(r.forecast.AHTSeconds, true),
			strconv.Itoa(r.requirement.Agents),
			strconv.FormatFloat(r.requirement.Scheduled, 'f', 2, 64),
			batch.FormatFloat(p.ServiceLevel, busy),
			batch.FormatFloat(p.ASASeconds, busy && p.Stable),
			batch.FormatFloat(p.Occupancy, busy),
			batch.FormatFloat(p.AbandonRate, busy),
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
