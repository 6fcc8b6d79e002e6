package jobs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"time"

	"wfm/fault"
	"wfm/forecast"
	"wfm/staffing"
	"wfm/store"
)

// The planning service: the store's history and calendar in, forecast and
// staffing in the middle, runs, requirements and accuracy out. The API
// handlers, the cron jobs and the demo all call these functions.

// historyWeeks is how much history a forecast is fitted on: enough for
// the methods' 8-week profiles and a backtest of four 14-day origins.
const historyWeeks = 26

// NightlyDays is how far ahead the nightly job forecasts: 8 weeks.
const NightlyDays = 56

// manualHold is how long a person's publication stands before the nightly
// job publishes over it again.
const manualHold = 7 * 24 * time.Hour

// ForecastRequest asks for a forecast of some queues.
type ForecastRequest struct {
	QueueIDs []int64 `json:"queue_ids"` // none: every queue
	// From is the first interval forecast: the history before it is used.
	// Zero: local midnight after each queue's last history interval.
	From time.Time `json:"from"`
	// Days is the horizon in local days (a DST day is still one day);
	// 0 means 14.
	Days   int    `json:"days"`
	Method string `json:"method"` // "" or "auto", or a method of forecast.Methods
}

func (r ForecastRequest) validate() error {
	f := fault.FieldErrors{}
	if r.Days < 0 || r.Days > 366 {
		f.Add("days", "%d must be 1 to 366 (0 = 14)", r.Days)
	}
	if r.Method != "" && r.Method != forecast.Auto {
		if _, err := forecast.MethodByName(r.Method); err != nil {
			f.Add("method", "%v", err)
		}
	}
	for i, id := range r.QueueIDs {
		if id <= 0 {
			f.Add(fmt.Sprintf("queue_ids[%d]", i), "not a queue id")
		}
	}
	return f.Err("forecast request")
}

// queuePlan is a queue with what planning needs to know about it.
type queuePlan struct {
	queue *store.Queue
	loc   *time.Location
	// holidays is the country whose public holidays the site keeps ("":
	// none); detect says to find them from the history when the site's
	// setting is auto and its zone names no country.
	holidays string
	detect   bool
}

func loadQueue(ctx context.Context, st *store.Store, id int64) (queuePlan, error) {
	q, err := st.GetQueue(ctx, id)
	if err != nil {
		return queuePlan{}, err
	}
	site, err := st.GetSite(ctx, q.SiteID)
	if err != nil {
		return queuePlan{}, fmt.Errorf("site of queue %s: %w", q.Code, err)
	}
	country := site.HolidayCountry()
	detect := country == "" && site.PublicHolidays != store.HolidaysNone
	return queuePlan{queue: q, loc: site.Location(), holidays: country, detect: detect}, nil
}

func midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// forecastInput is one queue's history laid out for forecast.Run.
type forecastInput struct {
	plan       queuePlan
	series     forecast.Series
	n          int // intervals to forecast
	calendar   forecast.Calendar
	defaultAHT float64 // the history's mean handle time, or forecast.DefaultAHTSeconds
}

// lastHistoryStart is the start of the queue's last history interval.
func lastHistoryStart(ctx context.Context, st *store.Store, queueID int64, before time.Time) (time.Time, error) {
	var last time.Time
	q := st.DB().NewSelect().TableExpr("interval_history").ColumnExpr("MAX(interval_start)").Where("queue_id = ?", queueID)
	if !before.IsZero() {
		q = q.Where("interval_start < ?", before.UTC())
	}
	var got *time.Time
	if err := q.Scan(ctx, &got); err != nil {
		return last, fmt.Errorf("read the end of the history of queue %d: %w", queueID, err)
	}
	if got == nil {
		field := "queue_ids" // the queue is at fault, or the start before all of its history
		if !before.IsZero() {
			field = "from"
		}
		return last, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request",
			Fields: map[string]string{field: fmt.Sprintf("queue %d has no history to forecast from", queueID)}}
	}
	return got.UTC(), nil
}

// prepareForecast loads a queue's history before from (zero: to the end of
// the history) and its calendar, and says how many intervals reach to.
// to zero means days local days after the start.
func prepareForecast(ctx context.Context, st *store.Store, qp queuePlan, from time.Time, days int, to time.Time) (forecastInput, error) {
	q, loc := qp.queue, qp.loc
	last, err := lastHistoryStart(ctx, st, q.ID, from)
	if err != nil {
		return forecastInput{}, err
	}
	if from.IsZero() {
		from = midnight(last, loc).AddDate(0, 0, 1)
	}
	earliest := midnight(from, loc).AddDate(0, 0, -7*historyWeeks)
	rows, err := st.History(ctx, store.HistoryFilter{QueueID: q.ID, From: earliest, To: from})
	if err != nil {
		return forecastInput{}, err
	}
	if len(rows) == 0 {
		return forecastInput{}, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request",
			Fields: map[string]string{"from": fmt.Sprintf("queue %s has no history before %s", q.Code, from.In(loc).Format(time.RFC3339))}}
	}
	interval := time.Duration(rows[0].IntervalSeconds) * time.Second
	start := midnight(rows[0].IntervalStart, loc)
	if from.Sub(start)%interval != 0 {
		return forecastInput{}, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request", Fields: map[string]string{
			"from": fmt.Sprintf("%s is not on the %v grid of queue %s's history", from.In(loc).Format(time.RFC3339), interval, q.Code)}}
	}
	obs := make([]forecast.Observation, 0, len(rows))
	var ahtSum, ahtWeight float64
	for _, r := range rows {
		if r.IntervalSeconds != rows[0].IntervalSeconds {
			return forecastInput{}, fault.Errorf(fault.Invalid, "queue %s's history mixes %ds and %ds intervals", q.Code, rows[0].IntervalSeconds, r.IntervalSeconds)
		}
		o := forecast.NewObservation(r.IntervalStart, r.Offered, r.Answered, r.AHTSeconds)
		if o.HasAHT {
			w := o.Offered
			if o.HasAnswered {
				w = o.Answered
			}
			ahtSum += w * o.AHT
			ahtWeight += w
		}
		obs = append(obs, o)
	}
	series, err := forecast.NewSeries(q.Code, loc, interval, start, from, obs)
	if err != nil {
		return forecastInput{}, fmt.Errorf("history of queue %s: %w", q.Code, err)
	}
	if to.IsZero() {
		if days == 0 {
			days = 14
		}
		to = midnight(from, loc).AddDate(0, 0, days)
	}
	cal, err := queueCalendar(ctx, st, qp, series, to)
	if err != nil {
		return forecastInput{}, err
	}
	in := forecastInput{plan: qp, series: series, n: int(to.Sub(from) / interval), calendar: cal, defaultAHT: forecast.DefaultAHTSeconds}
	if ahtWeight > 0 {
		in.defaultAHT = ahtSum / ahtWeight
	}
	if in.n <= 0 {
		return forecastInput{}, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request",
			Fields: map[string]string{"days": fmt.Sprintf("queue %s: the horizon ends before it starts", q.Code)}}
	}
	return in, nil
}

// queueCalendar is the queue's special days as forecast knows them over
// its history and up to to: the site's events for every queue and the
// queue's own, and the public holidays the site keeps (or, set to auto in
// a zone of no country, those the history is seen closed on), all named
// for this queue, so that the calendars of several queues can be joined
// into one.
func queueCalendar(ctx context.Context, st *store.Store, qp queuePlan, history forecast.Series, to time.Time) (forecast.Calendar, error) {
	q := qp.queue
	events, err := st.ListCalendarEvents(ctx, store.CalendarFilter{QueueID: q.ID})
	if err != nil {
		return forecast.Calendar{}, err
	}
	var cal forecast.Calendar
	for _, e := range events {
		var mult float64
		if e.Multiplier != nil {
			mult = *e.Multiplier
		}
		if err := cal.Add(e.Date, q.Code, e.Kind, e.Name, mult); err != nil {
			return forecast.Calendar{}, fmt.Errorf("calendar event %d: %w", e.ID, err)
		}
	}
	public, _, err := forecast.PublicHolidaysFor(history, qp.holidays, qp.detect, to)
	if err != nil {
		return forecast.Calendar{}, fmt.Errorf("public holidays of queue %s: %w", q.Code, err)
	}
	cal.Public = public
	return cal, cal.Validate()
}

// RunForecasts forecasts the queues asked for and saves each as a draft
// run, fitted on the history before the horizon with the calendar's
// special days and anomalies.
func RunForecasts(ctx context.Context, st *store.Store, a store.Actor, req ForecastRequest) ([]store.ForecastRun, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	ids := req.QueueIDs
	if len(ids) == 0 {
		qs, err := st.ListQueues(ctx)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			ids = append(ids, q.ID)
		}
	}
	inputs := make([]forecastInput, 0, len(ids))
	for _, id := range ids {
		qp, err := loadQueue(ctx, st, id)
		if err != nil {
			return nil, err
		}
		in, err := prepareForecast(ctx, st, qp, req.From, req.Days, time.Time{})
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return forecastAndSave(ctx, st, a, inputs, req.Method)
}

// forecastAndSave runs the forecasts on every core and saves each result
// as a draft run.
func forecastAndSave(ctx context.Context, st *store.Store, a store.Actor, inputs []forecastInput, method string) ([]store.ForecastRun, error) {
	series := make([]forecast.Series, len(inputs))
	ns := make([]int, len(inputs))
	var cal forecast.Calendar
	for i, in := range inputs {
		series[i], ns[i] = in.series, in.n
		cal.Events = append(cal.Events, in.calendar.Events...)
		cal.Anomalies = append(cal.Anomalies, in.calendar.Anomalies...)
		cal.Public = append(cal.Public, in.calendar.Public...)
	}
	results, err := forecast.RunAll(series, ns, forecast.Options{Method: method, Calendar: cal}, runtime.NumCPU())
	if err != nil {
		return nil, fault.Errorf(fault.Invalid, "forecast: %v", err)
	}
	runs := make([]store.ForecastRun, 0, len(results))
	for i, r := range results {
		if err := ctx.Err(); err != nil {
			return runs, err
		}
		run, intervals := runOf(inputs[i], r)
		if err := st.CreateForecastRun(ctx, a, &run, intervals); err != nil {
			return runs, fmt.Errorf("save forecast of queue %s: %w", inputs[i].plan.queue.Code, err)
		}
		runs = append(runs, run)
	}
	return runs, nil
}

// runOf turns a forecast result into a run and its intervals. Handle time
// falls back to the history's mean where the forecast has none.
func runOf(in forecastInput, r forecast.Result) (store.ForecastRun, []store.ForecastInterval) {
	run := store.ForecastRun{QueueID: in.plan.queue.ID, HorizonStart: r.Start,
		HorizonEnd: r.Start.Add(time.Duration(len(r.Volume)) * r.Interval), IntervalSeconds: int(r.Interval / time.Second),
		Method: r.Method, HistoryDays: int(math.Round(in.series.End().Sub(in.series.Start).Hours() / 24))}
	for _, b := range r.Backtest {
		run.Backtest = append(run.Backtest, store.BacktestError{Method: b.Method, WAPE: b.WAPE, Origins: b.Origins})
	}
	intervals := make([]store.ForecastInterval, len(r.Volume))
	for i := range r.Volume {
		aht := in.defaultAHT
		if r.AHT != nil && r.AHT[i] > 0 {
			aht = r.AHT[i]
		}
		intervals[i] = store.ForecastInterval{IntervalStart: r.Start.Add(time.Duration(i) * r.Interval),
			Volume: r.Volume[i], VolumeLow: r.Low[i], VolumeHigh: r.High[i], AHTSeconds: aht}
	}
	return run, intervals
}

// Publish publishes a draft run by hand and computes its queue's
// requirements over the run's horizon from the published forecast.
func Publish(ctx context.Context, st *store.Store, a store.Actor, runID, version int64) (*store.ForecastRun, error) {
	run, err := st.PublishForecastRun(ctx, a, runID, version, false)
	if err != nil {
		return nil, err
	}
	if _, err := ComputeRequirements(ctx, st, a, run.QueueID, run.HorizonStart, run.HorizonEnd, 0); err != nil {
		return run, fmt.Errorf("forecast run %d published, but its requirements were not computed: %w", runID, err)
	}
	return run, nil
}

// goalOf is the queue's service goal as staffing knows it.
func goalOf(q *store.Queue) staffing.Goal {
	g := staffing.Goal{ServiceLevel: q.SLTarget, ThresholdSeconds: float64(q.SLThresholdSeconds)}
	if q.ASATargetSeconds != nil {
		g.ASASeconds = float64(*q.ASATargetSeconds)
	}
	if q.MaxOccupancy != nil {
		g.MaxOccupancy = *q.MaxOccupancy
	}
	if q.PatienceSeconds != nil {
		g.PatienceSeconds = float64(*q.PatienceSeconds)
	}
	return g
}

// plannedInterval is one interval's volume and handle time to staff.
type plannedInterval struct {
	start  time.Time
	volume float64
	aht    float64
}

// requirementsOf staffs the intervals for the queue's goal: Erlang C (A
// with a patience), concurrency for chat, and deferred work for a queue
// with a response deadline at least one interval long (email).
func requirementsOf(q *store.Queue, ivs []plannedInterval, intervalSeconds int, source string) ([]store.Requirement, error) {
	sec := float64(intervalSeconds)
	loads := make([]staffing.Load, len(ivs))
	for i, iv := range ivs {
		loads[i] = staffing.Load{Volume: iv.volume, AHTSeconds: iv.aht, IntervalSeconds: sec}
	}
	out := make([]store.Requirement, len(ivs))
	if q.ResponseDeadlineSeconds != nil && float64(*q.ResponseDeadlineSeconds) >= sec {
		agents, err := staffing.Deferred(loads, float64(*q.ResponseDeadlineSeconds))
		if err != nil {
			return nil, fault.Errorf(fault.Invalid, "staff queue %s: %v", q.Code, err)
		}
		for i, iv := range ivs {
			x := agents[i]
			scheduled, err := staffing.Scheduled(int(math.Ceil(x-1e-9)), q.Shrinkage)
			if err != nil {
				return nil, fault.Errorf(fault.Invalid, "staff queue %s: %v", q.Code, err)
			}
			out[i] = store.Requirement{IntervalStart: iv.start, IntervalSeconds: intervalSeconds, Volume: iv.volume,
				AHTSeconds: iv.aht, Agents: int(math.Ceil(x - 1e-9)), Scheduled: round2(scheduled), Source: source}
		}
		return out, nil
	}
	plan := staffing.Plan{Goal: goalOf(q), Shrinkage: q.Shrinkage, Concurrency: q.Concurrency}
	for i, iv := range ivs {
		r, err := plan.Requirement(loads[i])
		if err != nil {
			return nil, fault.Errorf(fault.Invalid, "staff queue %s at %s: %v", q.Code, iv.start.UTC().Format(time.RFC3339), err)
		}
		out[i] = requirementRow(iv, intervalSeconds, r, source)
	}
	return out, nil
}

func requirementRow(iv plannedInterval, intervalSeconds int, r staffing.Requirement, source string) store.Requirement {
	row := store.Requirement{IntervalStart: iv.start, IntervalSeconds: intervalSeconds, Volume: iv.volume, AHTSeconds: iv.aht,
		Agents: r.Agents, Scheduled: round2(r.Scheduled), Source: source}
	if iv.volume > 0 {
		p := r.Performance
		row.ServiceLevel, row.Occupancy, row.AbandonRate = &p.ServiceLevel, &p.Occupancy, &p.AbandonRate
		if p.Stable {
			row.ASASeconds = &p.ASASeconds
		}
	}
	return row
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// ComputeRequirements staffs a queue over [from, to) from its published
// forecast (runID 0) or from one run, and writes the requirements over the
// span the forecast covers. It returns how many intervals were written.
func ComputeRequirements(ctx context.Context, st *store.Store, a store.Actor, queueID int64, from, to time.Time, runID int64) (int, error) {
	if !to.After(from) {
		return 0, &fault.Error{Code: fault.Invalid, Message: "invalid window", Fields: map[string]string{"to": "must be after from"}}
	}
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return 0, err
	}
	var fivs []store.ForecastInterval
	source := ""
	intervalSeconds := 0
	if runID != 0 {
		run, err := st.GetForecastRun(ctx, runID)
		if err != nil {
			return 0, err
		}
		if run.QueueID != queueID {
			return 0, &fault.Error{Code: fault.Invalid, Message: "invalid request", Fields: map[string]string{"run_id": fmt.Sprintf("forecast run %d is not of queue %d", runID, queueID)}}
		}
		all, err := st.ForecastIntervals(ctx, runID)
		if err != nil {
			return 0, err
		}
		for _, iv := range all {
			if !iv.IntervalStart.Before(from) && iv.IntervalStart.Before(to) {
				fivs = append(fivs, iv)
			}
		}
		source, intervalSeconds = fmt.Sprintf("forecast run %d", runID), run.IntervalSeconds
	} else {
		if fivs, err = st.PublishedIntervals(ctx, queueID, from, to, time.Time{}); err != nil {
			return 0, err
		}
		if len(fivs) > 0 {
			run, err := st.GetForecastRun(ctx, fivs[len(fivs)-1].RunID)
			if err != nil {
				return 0, err
			}
			intervalSeconds = run.IntervalSeconds
		}
	}
	if len(fivs) == 0 {
		return 0, fault.Errorf(fault.NotFound, "queue %s has no forecast between %s and %s", qp.queue.Code,
			from.In(qp.loc).Format(time.RFC3339), to.In(qp.loc).Format(time.RFC3339))
	}
	planned := make([]plannedInterval, len(fivs))
	for i, iv := range fivs {
		planned[i] = plannedInterval{start: iv.IntervalStart, volume: iv.PlannedVolume(), aht: iv.PlannedAHT()}
	}
	rows, err := requirementsOf(qp.queue, planned, intervalSeconds, source)
	if err != nil {
		return 0, err
	}
	if source == "" { // each interval names the publication it came from
		for i := range rows {
			rows[i].Source = fmt.Sprintf("published forecast %d", fivs[i].RunID)
		}
	}
	last := fivs[len(fivs)-1].IntervalStart.Add(time.Duration(intervalSeconds) * time.Second)
	if err := st.ReplaceRequirements(ctx, a, queueID, fivs[0].IntervalStart, last, rows); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// ReforecastToday re-estimates the rest of the queue's local day from its
// actuals so far (forecast.Reforecast: the ratio of actual to forecast,
// damped early in the day) and rewrites the requirements of the intervals
// still to come. Intervals count as actual once they have ended and the
// history has them. It returns the intervals rewritten (0 when there is no
// published forecast for today or no actual yet).
func ReforecastToday(ctx context.Context, st *store.Store, queueID int64, now time.Time) (int, error) {
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return 0, err
	}
	dayStart := midnight(now, qp.loc)
	dayEnd := dayStart.AddDate(0, 0, 1)
	fivs, err := st.PublishedIntervals(ctx, queueID, dayStart, dayEnd, time.Time{})
	if err != nil || len(fivs) == 0 {
		return 0, err
	}
	run, err := st.GetForecastRun(ctx, fivs[len(fivs)-1].RunID)
	if err != nil {
		return 0, err
	}
	step := time.Duration(run.IntervalSeconds) * time.Second
	rows, err := st.History(ctx, store.HistoryFilter{QueueID: queueID, From: dayStart, To: now})
	if err != nil {
		return 0, err
	}
	offered := make(map[int64]float64, len(rows))
	var lastActual time.Time
	for _, r := range rows {
		end := r.IntervalStart.Add(time.Duration(r.IntervalSeconds) * time.Second)
		if end.After(now) {
			continue
		}
		offered[r.IntervalStart.Unix()] = float64(r.Offered)
		if r.IntervalStart.After(lastActual) {
			lastActual = r.IntervalStart
		}
	}
	if lastActual.IsZero() {
		return 0, nil
	}
	fc := make([]float64, len(fivs))
	var actual []float64
	for i, iv := range fivs {
		fc[i] = iv.PlannedVolume()
		if !iv.IntervalStart.After(lastActual) {
			actual = append(actual, offered[iv.IntervalStart.Unix()]) // a missing row is a closed interval
		}
	}
	if len(actual) == len(fivs) {
		return 0, nil
	}
	rest, err := forecast.Reforecast(fc, actual)
	if err != nil {
		return 0, fmt.Errorf("reforecast queue %s: %w", qp.queue.Code, err)
	}
	planned := make([]plannedInterval, len(rest))
	for i, v := range rest {
		iv := fivs[len(actual)+i]
		planned[i] = plannedInterval{start: iv.IntervalStart, volume: v, aht: iv.PlannedAHT()}
	}
	source := fmt.Sprintf("reforecast %s", now.In(qp.loc).Format(time.RFC3339))
	reqs, err := requirementsOf(qp.queue, planned, run.IntervalSeconds, source)
	if err != nil {
		return 0, err
	}
	from := planned[0].start
	to := planned[len(planned)-1].start.Add(step)
	if err := st.ReplaceRequirements(ctx, store.System, queueID, from, to, reqs); err != nil {
		return 0, err
	}
	return len(reqs), nil
}

// MeasureAccuracy judges the queue's published forecast for one local day
// (YYYY-MM-DD) against the history and saves it: per interval, the
// forecast of the newest publication made from history that ended by the
// day's start (what planners had that morning). NotFound when no forecast
// was published for the day by then.
func MeasureAccuracy(ctx context.Context, st *store.Store, queueID int64, day string) (*store.AccuracyDay, error) {
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return nil, err
	}
	date, err := time.ParseInLocation(time.DateOnly, day, qp.loc)
	if err != nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid day", Fields: map[string]string{"day": fmt.Sprintf("%q is not YYYY-MM-DD", day)}}
	}
	start, end := date, date.AddDate(0, 0, 1)
	fivs, err := st.PublishedIntervals(ctx, queueID, start, end, start)
	if err != nil {
		return nil, err
	}
	if len(fivs) == 0 {
		return nil, fault.Errorf(fault.NotFound, "no forecast of queue %s for %s was published before the day", qp.queue.Code, day)
	}
	rows, err := st.History(ctx, store.HistoryFilter{QueueID: queueID, From: start, To: end})
	if err != nil {
		return nil, err
	}
	code := qp.queue.Code
	snapshot := make([]forecast.Point, len(fivs))
	for i, iv := range fivs {
		snapshot[i] = forecast.Point{Queue: code, Start: iv.IntervalStart, Volume: iv.PlannedVolume()}
	}
	actuals := make([]forecast.Point, len(rows))
	for i, r := range rows {
		actuals[i] = forecast.Point{Queue: code, Start: r.IntervalStart, Volume: float64(r.Offered)}
	}
	acc, err := forecast.Measure(snapshot, actuals, qp.loc)
	if err != nil {
		return nil, fmt.Errorf("accuracy of queue %s on %s: %w", code, day, err)
	}
	e := acc.Days[code][day]
	out := store.AccuracyDay{QueueID: queueID, Day: day, Intervals: e.Intervals, Actual: e.Actual, Forecast: e.Forecast, AbsError: e.AbsError}
	if e.HasWAPE {
		w, b := e.WAPE, e.Bias
		out.WAPE, out.Bias = &w, &b
	}
	if e.HasMAPE {
		m := e.MAPE
		out.MAPE = &m
	}
	runOfInterval := make(map[int64]int64, len(fivs))
	for _, iv := range fivs {
		runOfInterval[iv.IntervalStart.Unix()] = iv.RunID
	}
	intervals := make([]store.AccuracyInterval, len(acc.Intervals))
	for i, ie := range acc.Intervals {
		intervals[i] = store.AccuracyInterval{IntervalStart: ie.Start, RunID: runOfInterval[ie.Start.Unix()], Forecast: ie.Forecast, Actual: ie.Actual}
	}
	if err := st.SaveAccuracy(ctx, out, intervals); err != nil {
		return nil, err
	}
	return &out, nil
}

// NightlyQueue is what the nightly job did for one queue.
type NightlyQueue struct {
	QueueID      int64
	Code         string
	Run          *store.ForecastRun // nil when the queue could not be forecast
	Published    bool               // false: a person's recent publication stands; the run is left as a draft
	Requirements int
	Err          error
}

// Nightly forecasts every queue 8 weeks ahead and, for each, publishes the
// run unless a person published the queue's forecast in the last 7 days
// (their publication, possibly with overrides, stands: the run stays a
// draft to review), then computes the requirements from the published
// forecast over the run's horizon.
//
// The horizon starts at local midnight after the history (today, when the
// history is current) and ends 8 weeks after today, or 8 weeks after the
// history when the history is older than 4 weeks (a demo, a backfill).
// A queue that fails does not stop the others; the error joins them all.
func Nightly(ctx context.Context, st *store.Store, now time.Time) ([]NightlyQueue, error) {
	qs, err := st.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	var out []NightlyQueue
	var inputs []forecastInput
	var errs []error
	for _, q := range qs {
		nq := NightlyQueue{QueueID: q.ID, Code: q.Code}
		in, err := nightlyInput(ctx, st, q.ID, now)
		if err != nil {
			nq.Err = err
			out = append(out, nq)
			if fault.CodeOf(err) != fault.Invalid { // no history is not a failure of the job
				errs = append(errs, fmt.Errorf("queue %s: %w", q.Code, err))
			}
			continue
		}
		inputs = append(inputs, in)
		out = append(out, nq)
	}
	runs, err := forecastAndSave(ctx, st, store.System, inputs, forecast.Auto)
	if err != nil {
		return out, errors.Join(append(errs, err)...)
	}
	byQueue := map[int64]*store.ForecastRun{}
	for i := range runs {
		byQueue[runs[i].QueueID] = &runs[i]
	}
	for i := range out {
		nq := &out[i]
		run := byQueue[nq.QueueID]
		if run == nil {
			continue
		}
		nq.Run = run
		if nq.Err = publishNightly(ctx, st, nq, now); nq.Err != nil {
			errs = append(errs, fmt.Errorf("queue %s: %w", nq.Code, nq.Err))
		}
	}
	return out, errors.Join(errs...)
}

func nightlyInput(ctx context.Context, st *store.Store, queueID int64, now time.Time) (forecastInput, error) {
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return forecastInput{}, err
	}
	today := midnight(now, qp.loc)
	last, err := lastHistoryStart(ctx, st, queueID, today)
	if err != nil {
		return forecastInput{}, err
	}
	from := midnight(last, qp.loc).AddDate(0, 0, 1)
	to := today.AddDate(0, 0, NightlyDays)
	if from.Before(today.AddDate(0, 0, -28)) {
		to = from.AddDate(0, 0, NightlyDays)
	}
	return prepareForecast(ctx, st, qp, from, 0, to)
}

func publishNightly(ctx context.Context, st *store.Store, nq *NightlyQueue, now time.Time) error {
	latest, err := st.LatestPublication(ctx, nq.QueueID)
	hold := err == nil && !latest.PublishedAuto && latest.PublishedAt != nil && now.Sub(*latest.PublishedAt) < manualHold
	if err != nil && fault.CodeOf(err) != fault.NotFound {
		return err
	}
	if !hold {
		run, err := st.PublishForecastRun(ctx, store.System, nq.Run.ID, 0, true)
		if err != nil {
			return err
		}
		nq.Run, nq.Published = run, true
	}
	n, err := ComputeRequirements(ctx, st, store.System, nq.QueueID, nq.Run.HorizonStart, nq.Run.HorizonEnd, 0)
	if fault.CodeOf(err) == fault.NotFound {
		return nil // held, and nothing published over this horizon yet
	}
	nq.Requirements = n
	return err
}

// Intraday reforecasts the rest of today for every queue.
func Intraday(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	qs, err := st.ListQueues(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	var errs []error
	for _, q := range qs {
		n, err := ReforecastToday(ctx, st, q.ID, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("queue %s: %w", q.Code, err))
		}
		total += n
	}
	return total, errors.Join(errs...)
}

// DailyAccuracy measures every queue's published forecast on the last
// `days` local days that have ended by now. Days without a forecast
// published before them are skipped.
func DailyAccuracy(ctx context.Context, st *store.Store, now time.Time, days int) (int, error) {
	qs, err := st.ListQueues(ctx)
	if err != nil {
		return 0, err
	}
	measured := 0
	var errs []error
	for _, q := range qs {
		qp, err := loadQueue(ctx, st, q.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		today := midnight(now, qp.loc)
		for k := 1; k <= days; k++ {
			day := today.AddDate(0, 0, -k).Format(time.DateOnly)
			_, err := MeasureAccuracy(ctx, st, q.ID, day)
			switch {
			case err == nil:
				measured++
			case fault.CodeOf(err) != fault.NotFound:
				errs = append(errs, fmt.Errorf("queue %s %s: %w", q.Code, day, err))
			}
		}
	}
	return measured, errors.Join(errs...)
}

// GoalChange replaces parts of a queue's service goal in a what-if.
type GoalChange struct {
	SLTarget           *float64 `json:"sl_target"`
	SLThresholdSeconds *int     `json:"sl_threshold_seconds"`
	ASATargetSeconds   *int     `json:"asa_target_seconds"`
	MaxOccupancy       *float64 `json:"max_occupancy"`
	PatienceSeconds    *int     `json:"patience_seconds"`
}

// WhatIfRequest asks what a queue would need over [From, To) if its
// published forecast (or run RunID) and its goal were changed.
type WhatIfRequest struct {
	QueueID      int64      `json:"queue_id"`
	From         time.Time  `json:"from"`
	To           time.Time  `json:"to"`
	RunID        int64      `json:"run_id"` // 0: the published forecast
	VolumeFactor *float64   `json:"volume_factor"`
	AHTFactor    *float64   `json:"aht_factor"`
	Goal         GoalChange `json:"goal"`
	Shrinkage    *float64   `json:"shrinkage"`
	Concurrency  *int       `json:"concurrency"`
	// HoursPerFTEWeek is what one full-time agent works in a week; 0
	// means 40.
	HoursPerFTEWeek float64 `json:"hours_per_fte_week"`
}

// WhatIfAnswer is the changed plan's requirement per interval and in total,
// beside the unchanged plan's totals.
type WhatIfAnswer struct {
	QueueID            int64               `json:"queue_id"`
	Intervals          []store.Requirement `json:"intervals"`
	ScheduledHours     float64             `json:"scheduled_hours"`
	FTE                float64             `json:"fte"`
	BaseScheduledHours float64             `json:"base_scheduled_hours"`
	BaseFTE            float64             `json:"base_fte"`
}

func (r WhatIfRequest) validate() error {
	f := fault.FieldErrors{}
	if r.QueueID <= 0 {
		f.Add("queue_id", "required")
	}
	if r.From.IsZero() {
		f.Add("from", "required")
	}
	if r.To.IsZero() || !r.To.After(r.From) {
		f.Add("to", "required, after from")
	} else if r.To.Sub(r.From) > 366*24*time.Hour {
		f.Add("to", "at most a year after from")
	}
	positive := func(field string, v *float64, most float64) {
		if v != nil && (!finite(*v) || *v <= 0 || *v > most) {
			f.Add(field, "%v must be above 0 and at most %v", *v, most)
		}
	}
	positive("volume_factor", r.VolumeFactor, 100)
	positive("aht_factor", r.AHTFactor, 100)
	positive("goal.sl_target", r.Goal.SLTarget, 1)
	if r.Goal.SLTarget != nil && *r.Goal.SLTarget >= 1 {
		f.Add("goal.sl_target", "%v must be below 1 (0.8 = 80%%)", *r.Goal.SLTarget)
	}
	positive("goal.max_occupancy", r.Goal.MaxOccupancy, 1)
	for field, v := range map[string]*int{"goal.sl_threshold_seconds": r.Goal.SLThresholdSeconds,
		"goal.asa_target_seconds": r.Goal.ASATargetSeconds, "goal.patience_seconds": r.Goal.PatienceSeconds} {
		if v != nil && (*v <= 0 || *v > 86400) {
			f.Add(field, "%d must be 1 to 86400 seconds", *v)
		}
	}
	if r.Shrinkage != nil && (!finite(*r.Shrinkage) || *r.Shrinkage < 0 || *r.Shrinkage >= 1) {
		f.Add("shrinkage", "%v must be in [0, 1)", *r.Shrinkage)
	}
	if r.Concurrency != nil && (*r.Concurrency < 1 || *r.Concurrency > 20) {
		f.Add("concurrency", "%d must be 1 to 20", *r.Concurrency)
	}
	if r.HoursPerFTEWeek < 0 || r.HoursPerFTEWeek > 168 || !finite(r.HoursPerFTEWeek) {
		f.Add("hours_per_fte_week", "%v must be in (0, 168] (0 = 40)", r.HoursPerFTEWeek)
	}
	return f.Err("what-if")
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// WhatIf answers a what-if without saving anything: the same staffing as
// the stored requirements, on the changed forecast and goal.
func WhatIf(ctx context.Context, st *store.Store, req WhatIfRequest) (*WhatIfAnswer, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	qp, err := loadQueue(ctx, st, req.QueueID)
	if err != nil {
		return nil, err
	}
	var fivs []store.ForecastInterval
	if req.RunID != 0 {
		run, err := st.GetForecastRun(ctx, req.RunID)
		if err != nil {
			return nil, err
		}
		if run.QueueID != req.QueueID {
			return nil, &fault.Error{Code: fault.Invalid, Message: "invalid what-if", Fields: map[string]string{"run_id": fmt.Sprintf("forecast run %d is not of queue %d", req.RunID, req.QueueID)}}
		}
		all, err := st.ForecastIntervals(ctx, req.RunID)
		if err != nil {
			return nil, err
		}
		for _, iv := range all {
			if !iv.IntervalStart.Before(req.From) && iv.IntervalStart.Before(req.To) {
				fivs = append(fivs, iv)
			}
		}
	} else if fivs, err = st.PublishedIntervals(ctx, req.QueueID, req.From, req.To, time.Time{}); err != nil {
		return nil, err
	}
	if len(fivs) == 0 {
		return nil, fault.Errorf(fault.NotFound, "queue %s has no forecast between %s and %s", qp.queue.Code,
			req.From.In(qp.loc).Format(time.RFC3339), req.To.In(qp.loc).Format(time.RFC3339))
	}
	run, err := st.GetForecastRun(ctx, fivs[0].RunID)
	if err != nil {
		return nil, err
	}
	base := make([]plannedInterval, len(fivs))
	changed := make([]plannedInterval, len(fivs))
	for i, iv := range fivs {
		base[i] = plannedInterval{start: iv.IntervalStart, volume: iv.PlannedVolume(), aht: iv.PlannedAHT()}
		changed[i] = base[i]
		if req.VolumeFactor != nil {
			changed[i].volume *= *req.VolumeFactor
		}
		if req.AHTFactor != nil {
			changed[i].aht *= *req.AHTFactor
		}
	}
	q := *qp.queue
	g := req.Goal
	if g.SLTarget != nil {
		q.SLTarget = *g.SLTarget
	}
	if g.SLThresholdSeconds != nil {
		q.SLThresholdSeconds = *g.SLThresholdSeconds
	}
	if g.ASATargetSeconds != nil {
		q.ASATargetSeconds = g.ASATargetSeconds
	}
	if g.MaxOccupancy != nil {
		q.MaxOccupancy = g.MaxOccupancy
	}
	if g.PatienceSeconds != nil {
		q.PatienceSeconds = g.PatienceSeconds
	}
	if req.Shrinkage != nil {
		q.Shrinkage = *req.Shrinkage
	}
	if req.Concurrency != nil {
		q.Concurrency = *req.Concurrency
	}
	week := req.HoursPerFTEWeek
	if week == 0 {
		week = 40
	}
	hoursPerFTE := week * req.To.Sub(req.From).Hours() / (7 * 24)
	baseRows, err := requirementsOf(qp.queue, base, run.IntervalSeconds, "what-if")
	if err != nil {
		return nil, err
	}
	rows, err := requirementsOf(&q, changed, run.IntervalSeconds, "what-if")
	if err != nil {
		return nil, err
	}
	out := &WhatIfAnswer{QueueID: req.QueueID, Intervals: rows}
	for i := range rows {
		rows[i].QueueID = req.QueueID
		hours := float64(rows[i].IntervalSeconds) / 3600
		out.ScheduledHours += rows[i].Scheduled * hours
		out.BaseScheduledHours += baseRows[i].Scheduled * hours
	}
	out.FTE, out.BaseFTE = out.ScheduledHours/hoursPerFTE, out.BaseScheduledHours/hoursPerFTE
	return out, nil
}
