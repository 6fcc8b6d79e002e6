package planning

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"time"

	"wfm/fault"
	"wfm/forecast"
	"wfm/store"
)

// historyWeeks is how much history a forecast is fitted on: enough for
// the methods' 8-week profiles and a backtest of four 14-day origins.
const historyWeeks = 26

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

// forecastInput is one queue's history laid out for forecast.Run.
type forecastInput struct {
	plan       queuePlan
	series     forecast.Series
	n          int // intervals to forecast
	calendar   forecast.Calendar
	defaultAHT float64 // the history's mean handle time, or forecast.DefaultAHTSeconds
}

// lastHistoryStart is the start of the queue's last history interval
// before before (zero: of all its history). A queue without history there
// makes the request invalid: the queue is at fault, or a start before all
// of its history.
func lastHistoryStart(ctx context.Context, st *store.Store, queueID int64, before time.Time) (time.Time, error) {
	last, err := st.LastHistoryStart(ctx, queueID, before)
	if fault.CodeOf(err) == fault.NotFound {
		field := "queue_ids"
		if !before.IsZero() {
			field = "from"
		}
		return time.Time{}, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request",
			Fields: map[string]string{field: fmt.Sprintf("queue %d has no history to forecast from", queueID)}}
	}
	return last, err
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
	interval, start, err := historyGrid(rows, q.Code, from, loc)
	if err != nil {
		return forecastInput{}, err
	}
	obs, defaultAHT, err := historyObservations(rows, q.Code)
	if err != nil {
		return forecastInput{}, err
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
	in := forecastInput{plan: qp, series: series, n: int(to.Sub(from) / interval), calendar: cal, defaultAHT: defaultAHT}
	if in.n <= 0 {
		return forecastInput{}, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request",
			Fields: map[string]string{"days": fmt.Sprintf("queue %s: the horizon ends before it starts", q.Code)}}
	}
	return in, nil
}

// historyGrid is the interval of a queue's history rows and the local
// midnight they start from; the forecast must start on that grid, and
// there must be a history to forecast from.
func historyGrid(rows []store.HistoryInterval, queue string, from time.Time, loc *time.Location) (time.Duration, time.Time, error) {
	if len(rows) == 0 {
		return 0, time.Time{}, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request",
			Fields: map[string]string{"from": fmt.Sprintf("queue %s has no history before %s", queue, from.In(loc).Format(time.RFC3339))}}
	}
	interval := time.Duration(rows[0].IntervalSeconds) * time.Second
	start := midnight(rows[0].IntervalStart, loc)
	if from.Sub(start)%interval != 0 {
		return 0, time.Time{}, &fault.Error{Code: fault.Invalid, Message: "invalid forecast request", Fields: map[string]string{
			"from": fmt.Sprintf("%s is not on the %v grid of queue %s's history", from.In(loc).Format(time.RFC3339), interval, queue)}}
	}
	return interval, start, nil
}

// historyObservations are the history rows as the forecast reads them, and
// their mean handle time weighted by the contacts answered (offered when
// the row does not say), forecast.DefaultAHTSeconds without one. The rows
// must all have the first one's interval.
func historyObservations(rows []store.HistoryInterval, queue string) ([]forecast.Observation, float64, error) {
	obs := make([]forecast.Observation, 0, len(rows))
	var ahtSum, ahtWeight float64
	for _, r := range rows {
		if r.IntervalSeconds != rows[0].IntervalSeconds {
			return nil, 0, fault.Errorf(fault.Invalid, "queue %s's history mixes %ds and %ds intervals", queue, rows[0].IntervalSeconds, r.IntervalSeconds)
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
	defaultAHT := float64(forecast.DefaultAHTSeconds)
	if ahtWeight > 0 {
		defaultAHT = ahtSum / ahtWeight
	}
	return obs, defaultAHT, nil
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
		if err := cal.Add(e.Date.String(), q.Code, e.Kind, e.Name, mult); err != nil {
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

// Forecast forecasts the queues asked for and saves each as a draft
// run, fitted on the history before the horizon with the calendar's
// special days and anomalies.
func Forecast(ctx context.Context, st *store.Store, a store.Actor, req ForecastRequest) ([]store.ForecastRun, error) {
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
	run, err := PublishRun(ctx, st, a, runID, version, false)
	if err != nil {
		return nil, err
	}
	if _, err := staffForecast(ctx, st, a, run.QueueID, run.HorizonStart, run.HorizonEnd, 0); err != nil {
		return run, fmt.Errorf("forecast run %d published, but its requirements were not computed: %w", runID, err)
	}
	return run, nil
}
