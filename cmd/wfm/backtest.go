package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"wfm/forecast"
)

// runBacktest is `wfm backtest`: per queue, each method's WAPE on rolling
// origins, each forecasting 14 days, and what auto picks. The origins
// default to the ones auto itself scores methods on (forecast.DefaultBacktest),
// so what this prints is what `wfm forecast --method auto` decided from.
func backtestCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "backtest",
		Short: "compare forecast methods on rolling origins of a history",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	history := fs.String("history", "", "interval history CSV (CONTRACTS.md 1)")
	tz := fs.String("tz", "", "IANA time zone of times without an offset (default UTC)")
	intervalFlag := fs.String("interval", "", "interval length (default: the smallest spacing in the history)")
	origins := fs.Int("origins", forecast.DefaultBacktest.Origins, "rolling origins")
	stepDays := fs.Int("step-days", forecast.DefaultBacktest.StepDays, "days between origins")
	horizonDays := fs.Int("horizon-days", forecast.DefaultBacktest.HorizonDays, "days forecast from each origin")
	calendarFile := fs.String("calendar", "", "special days CSV (see wfm forecast)")
	holidayFlag := fs.String("holidays", holidaysAuto, holidaysUsage)
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		opt := forecast.BacktestOptions{Origins: *origins, StepDays: *stepDays, HorizonDays: *horizonDays}
		if err := opt.Validate(); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		in, err := loadHistory(e, *history, *tz, *intervalFlag, *calendarFile)
		if err != nil {
			return err
		}
		series, _, _, err := in.cut(in.end, in.end)
		if err != nil {
			return err
		}
		if err := in.addPublicHolidays(e, *holidayFlag, *tz, series, in.end); err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "queue\tmethod\twape\tper origin (oldest first)")
		queues := newMeter(e, "backtest", "queues", int64(len(series)))
		defer queues.Finish()
		for _, s := range series {
			if err := ctx.Err(); err != nil {
				return err
			}
			queues.Note(s.Queue)
			r, err := forecast.Run(s, 0, forecast.Options{Method: forecast.Auto, Backtest: opt, Calendar: in.calendar})
			queues.Add(1)
			if err != nil {
				return fmt.Errorf("queue %s: %w", s.Queue, err)
			}
			if r.Backtest == nil {
				fmt.Fprintf(tw, "%s\t-\t-\thistory too short for a backtest; auto falls back to %s\n", s.Queue, r.Method)
				continue
			}
			for _, me := range r.Backtest {
				per := make([]string, len(me.Origins))
				for i, w := range me.Origins {
					per[i] = fmt.Sprintf("%.4f", w)
				}
				fmt.Fprintf(tw, "%s\t%s\t%.4f\t%s\n", s.Queue, me.Method, me.WAPE, strings.Join(per, " "))
			}
			fmt.Fprintf(tw, "%s\tauto\t\tpicks %s\n", s.Queue, r.Method)
		}
		return tw.Flush()

	}
	return c
}
