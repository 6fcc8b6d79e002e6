package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wfm/batch"
	"wfm/civil"
	"wfm/forecast"
	"wfm/holidays"
)

// defaultAHT stands in for handle time when the history has no aht_seconds.
const defaultAHT = forecast.DefaultAHTSeconds * time.Second

// maxOffered is more contacts than any queue takes in one interval: a
// number above it is a data error, not a busy day.
const maxOffered = 1_000_000_000

// runForecast is `wfm forecast` (CONTRACTS.md section 2). Beyond the
// contract: --calendar FILE (special days, see readCalendar), --holidays
// (the public holidays the forecast knows without a calendar: by default
// those of the country of --tz, or for a zone of no country with rules
// those the history is seen closed on) and --default-aht (used when the history
// has no handle time).
//
// The history covers whole local days: from midnight of a queue's first
// row to midnight after the last row of any queue (missing rows are closed
// intervals). The default --start is that last midnight. A --start inside
// the history forecasts from the history before it.
func forecastCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "forecast",
		Short: "forecast volume and handle time from an interval history (CONTRACTS.md 2)",
		Args:  usageArgs(cobra.NoArgs),
	}
	fs := c.Flags()
	history := fs.String("history", "", "interval history CSV (CONTRACTS.md 1)")
	horizonFlag := fs.String("horizon", "14d", "how far ahead to forecast")
	intervalFlag := fs.String("interval", "", "interval length (default: the smallest spacing in the history)")
	tz := fs.String("tz", "", "IANA time zone of times without an offset (default UTC)")
	method := fs.String("method", forecast.Auto, "auto, or a method from --list-methods")
	startFlag := fs.String("start", "", "first interval to forecast (default: the end of the history)")
	out := fs.String("out", "", "output CSV (default stdout)")
	list := fs.Bool("list-methods", false, "list the methods and exit")
	calendarFile := fs.String("calendar", "", "special days CSV: date,kind[,queue,name,multiplier]")
	holidayFlag := fs.String("holidays", holidaysAuto, holidaysUsage)
	ahtFlag := fs.String("default-aht", defaultAHT.String(), "AHT to write when the history has no aht_seconds")
	c.RunE = func(c *cobra.Command, _ []string) error {
		if *list {
			listForecastMethods(e.stdout)
			return nil
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
		}
		if *method != forecast.Auto {
			if _, err := forecast.MethodByName(*method); err != nil {
				return fmt.Errorf("%w: --%v", errUsage, err)
			}
		}
		horizon, err := batch.ParseDuration(*horizonFlag)
		if err != nil || horizon <= 0 {
			return fmt.Errorf("%w: --horizon %q: want a positive duration such as 14d", errUsage, *horizonFlag)
		}
		aht, err := batch.ParseDuration(*ahtFlag)
		if err != nil || aht <= 0 || aht > 24*time.Hour {
			return fmt.Errorf("%w: --default-aht %q: want a positive duration such as 300s", errUsage, *ahtFlag)
		}
		in, err := loadHistory(e, *history, *tz, *intervalFlag, *calendarFile)
		if err != nil {
			return err
		}
		start, stop, err := in.window(*startFlag, horizon)
		if err != nil {
			return err
		}
		series, skips, counts, err := in.cut(start, stop)
		if err != nil {
			return err
		}
		if err := in.addPublicHolidays(e, *holidayFlag, *tz, series, stop); err != nil {
			return err
		}
		results, err := forecast.RunAll(series, counts, forecast.Options{Method: *method, Calendar: in.calendar}, runtime.NumCPU())
		if err != nil {
			return err
		}
		if err := batch.WriteFile(*out, e.stdout, func(w io.Writer) error {
			return writeForecast(w, in.loc, results, skips, aht)
		}); err != nil {
			return err
		}
		// What auto chose and why goes to stderr: the CSV is the contract's.
		for _, r := range results {
			fmt.Fprintf(e.stderr, "%s: %s%s\n", r.Queue, r.Method, backtestSummary(r))
		}
		return nil
	}
	return c
}

// listForecastMethods writes the methods --method takes, with what each does.
func listForecastMethods(w io.Writer) {
	for _, m := range forecast.Methods() {
		fmt.Fprintf(w, "%-10s %s\n", m.Name(), m.Description())
	}
	fmt.Fprintf(w, "%-10s %s\n", forecast.Auto, "per queue, the method or inverse-WAPE combination of the best 2-3 with the lowest rolling-origin backtest WAPE")
}

// window is the stretch [start, stop) to forecast: from --start (startFlag,
// on the history's grid) or the end of the history, for horizon.
func (in historyInput) window(startFlag string, horizon time.Duration) (start, stop time.Time, err error) {
	start = in.end
	if startFlag != "" {
		start, err = batch.ParseTime(startFlag, in.loc)
		if err != nil {
			return start, stop, fmt.Errorf("%w: --start: %v", errUsage, err)
		}
		if !batch.OnGrid(start, in.loc, in.interval) {
			return start, stop, fmt.Errorf("%w: --start %s is not on the %v grid", errUsage, startFlag, in.interval)
		}
	}
	stop = start.Add(horizon)
	if horizon%(24*time.Hour) == 0 {
		// Whole days are local days: 14d across a DST change is still 14 days.
		stop = start.In(in.loc).AddDate(0, 0, int(horizon/(24*time.Hour)))
	}
	return start, stop, nil
}

// backtestSummary is the chosen forecast's backtest WAPE beside the plain
// baselines', or a note that there was too little history for a backtest.
func backtestSummary(r forecast.Result) string {
	if r.Backtest == nil {
		return " (history too short for a backtest)"
	}
	var parts []string
	for _, me := range r.Backtest {
		if me.Method == r.Method || me.Method == "snaive" || me.Method == "mean4" {
			parts = append(parts, fmt.Sprintf("%s %.4f", me.Method, me.WAPE))
		}
	}
	return " (backtest WAPE: " + strings.Join(parts, ", ") + ")"
}

// historyInput is a history read for forecasting: one series per queue.
type historyInput struct {
	file     string
	loc      *time.Location
	interval time.Duration
	rows     map[string][]batch.HistoryRow // by queue
	queues   []string                      // sorted
	end      time.Time                     // midnight after the last row
	calendar forecast.Calendar
}

func loadHistory(e env, path, tz, intervalFlag, calendarPath string) (historyInput, error) {
	if path == "" {
		return historyInput{}, fmt.Errorf("%w: --history is required", errUsage)
	}
	loc, err := batch.LoadLocation(tz)
	if err != nil {
		return historyInput{}, fmt.Errorf("%w: --tz: %v", errUsage, err)
	}
	var interval time.Duration
	if intervalFlag != "" {
		interval, err = batch.ParseDuration(intervalFlag)
		if err != nil {
			return historyInput{}, fmt.Errorf("%w: --interval: %v", errUsage, err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return historyInput{}, err
	}
	defer f.Close()
	h, err := batch.ReadHistory(f, path, loc, interval)
	if err != nil {
		return historyInput{}, err
	}
	if len(h.Rows) == 0 {
		return historyInput{}, fmt.Errorf("%s: the history has no rows", path)
	}
	in := historyInput{file: path, loc: loc, interval: h.Interval, rows: map[string][]batch.HistoryRow{}}
	var absurd batch.Problems
	for _, r := range h.Rows {
		if r.Offered > maxOffered {
			absurd = append(absurd, batch.Problem{File: path, Line: r.Line, Column: "offered",
				Message: fmt.Sprintf("%d contacts in one interval is absurd (more than %d)", r.Offered, maxOffered)})
		}
		if _, ok := in.rows[r.Queue]; !ok {
			in.queues = append(in.queues, r.Queue)
		}
		in.rows[r.Queue] = append(in.rows[r.Queue], r)
		if e := midnightAfter(r.Start, loc); e.After(in.end) {
			in.end = e
		}
	}
	if len(absurd) > 0 {
		return historyInput{}, absurd
	}
	sort.Strings(in.queues)
	if calendarPath != "" {
		if in.calendar, err = readCalendar(calendarPath); err != nil {
			return historyInput{}, err
		}
	}
	return in, nil
}

const (
	holidaysAuto  = "auto"
	holidaysNone  = "none"
	holidaysUsage = "public holidays: auto (those of the country of --tz; for a zone of no country, those the history is seen closed on), none, or a country code (CN, IL, US)"
)

// addPublicHolidays gives the calendar the public holidays of each
// series' queue up to stop: of the country chosen, or for auto of the
// country of time zone tz, or, when tz names none with rules (UTC), of the country
// whose closing holidays the queue's history shows kept
// (forecast.KeepsHolidays). Each queue's choice is reported on stderr. A
// date the calendar file lists keeps what the file says.
func (in *historyInput) addPublicHolidays(e env, choice, tz string, series []forecast.Series, stop time.Time) error {
	country, detect := strings.ToUpper(choice), false
	switch choice {
	case holidaysNone:
		return nil
	case holidaysAuto:
		country = holidays.CountryOfZone(tz)
		detect = country == ""
	}
	for _, s := range series {
		events, used, err := forecast.PublicHolidaysFor(s, country, detect, stop)
		if err != nil {
			return fmt.Errorf("%w: --holidays: %v", errUsage, err)
		}
		if detect && used != "" {
			fmt.Fprintf(e.stderr, "%s: the history is closed on the public holidays of %s: keeping them (--holidays none to forget them)\n", s.Queue, used)
		}
		in.calendar.Public = append(in.calendar.Public, events...)
	}
	return nil
}

func midnightAfter(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

func midnightOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// cut builds each queue's series up to min(start, end of history) and the
// number of intervals to forecast from there to stop, of which the first
// skip lie before start (a start after the history leaves a gap).
func (in historyInput) cut(start, stop time.Time) (series []forecast.Series, skip, n []int, err error) {
	to := start
	if in.end.Before(to) {
		to = in.end
	}
	for _, q := range in.queues {
		rows := in.rows[q]
		from := midnightOf(rows[0].Start, in.loc)
		for _, r := range rows {
			if m := midnightOf(r.Start, in.loc); m.Before(from) {
				from = m
			}
		}
		if !to.After(from) {
			return nil, nil, nil, fmt.Errorf("%w: --start %s is before the history of queue %s begins", errUsage, batch.FormatTime(start, in.loc), q)
		}
		var obs []forecast.Observation
		for _, r := range rows {
			if !r.Start.Before(to) {
				continue
			}
			obs = append(obs, forecast.NewObservation(r.Start, r.Offered, r.Answered, r.AHTSeconds))
		}
		s, err := forecast.NewSeries(q, in.loc, in.interval, from, to, obs)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("queue %s: %w", q, err)
		}
		series = append(series, s)
		skip = append(skip, int(start.Sub(to)/in.interval))
		n = append(n, int(stop.Sub(to)/in.interval))
	}
	return series, skip, n, nil
}

func writeForecast(w io.Writer, loc *time.Location, results []forecast.Result, skips []int, aht time.Duration) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"queue", "interval_start", "volume", "volume_low", "volume_high", "aht_seconds", "method"})
	for k, r := range results {
		for i := skips[k]; i < len(r.Volume); i++ {
			a := aht.Seconds()
			if r.AHT != nil && r.AHT[i] > 0 {
				a = r.AHT[i]
			}
			cw.Write([]string{
				r.Queue,
				batch.FormatTime(r.Start.Add(time.Duration(i)*r.Interval), loc),
				number(r.Volume[i]), number(r.Low[i]), number(r.High[i]), number(a),
				r.Method,
			})
		}
	}
	cw.Flush()
	return cw.Error()
}

// number rounds to 3 decimals: a thousandth of a contact is below any
// planner's interest and keeps the file short and stable.
func number(v float64) string {
	return batch.FormatFloat(math.Round(v*1000)/1000+0, true)
}

// readCalendar reads special days: date (YYYY-MM-DD), kind (holiday,
// campaign, billing, outage, or anomaly for a past day to keep out of
// training), and optionally queue (empty = all), name (occurrences of a
// name share a learned effect) and multiplier (a hand-set effect).
func readCalendar(path string) (forecast.Calendar, error) {
	f, err := os.Open(path)
	if err != nil {
		return forecast.Calendar{}, err
	}
	defer f.Close()
	rd, err := batch.NewReader(f, path, []batch.Column{
		{Name: "date", Required: true}, {Name: "kind", Required: true},
		{Name: "queue"}, {Name: "name"}, {Name: "multiplier"},
	})
	if err != nil {
		return forecast.Calendar{}, err
	}
	var cal forecast.Calendar
	for rd.Next() {
		date, kind, queue := rd.String("date"), rd.String("kind"), rd.String("queue")
		if _, err := civil.Parse(date); date != "" && err != nil {
			rd.Problemf("date", "%q is not YYYY-MM-DD", date)
		}
		mult := rd.Float("multiplier", 0)
		if mult < 0 || mult > 100 {
			rd.Problemf("multiplier", "%v is outside 0..100", mult)
		}
		if kind == "" {
			continue // the required column's empty cell is already a problem
		}
		if err := cal.Add(date, queue, kind, rd.String("name"), mult); err != nil {
			rd.Problemf("kind", "%v", err)
		}
	}
	if err := rd.Err(); err != nil {
		return forecast.Calendar{}, err
	}
	if err := cal.Validate(); err != nil {
		return forecast.Calendar{}, fmt.Errorf("%s: %w", path, err)
	}
	return cal, nil
}
