package planning

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/forecast"
	"wfm/store"
)

// MeasureAccuracy judges the queue's published forecast for one local day
// against the history and saves it: per interval, the
// forecast of the newest publication made from history that ended by the
// day's start (what planners had that morning). NotFound when no forecast
// was published for the day by then.
func MeasureAccuracy(ctx context.Context, st *store.Store, queueID int64, day civil.Date) (*store.AccuracyDay, error) {
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return nil, err
	}
	if day.IsZero() {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid day", Fields: map[string]string{"day": "required"}}
	}
	start, end := day.Start(qp.loc), day.AddDays(1).Start(qp.loc)
	fivs, err := PublishedIntervals(ctx, st, queueID, start, end, start)
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
	e := acc.Days[code][day.String()]
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

// DailyAccuracy measures every queue's published forecast on the last
// `days` local days that have ended by now. Days without a forecast
// published before them are skipped. It returns the queue-days measured;
// log hears how many.
func DailyAccuracy(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time, days int) (int, error) {
	qs, err := st.ListQueues(ctx)
	if err != nil {
		return 0, err
	}
	measured := 0
	var errs []error
	for _, q := range qs {
		n, err := QueueAccuracy(ctx, st, q.ID, now, days)
		measured += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	log.Info("forecast accuracy measured", "queue_days", measured)
	return measured, errors.Join(errs...)
}

// QueueAccuracy is DailyAccuracy for one queue (the job engine's unit of
// that work): it returns the days measured.
func QueueAccuracy(ctx context.Context, st *store.Store, queueID int64, now time.Time, days int) (int, error) {
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return 0, err
	}
	measured := 0
	var errs []error
	today := civil.Of(now, qp.loc)
	for k := 1; k <= days; k++ {
		day := today.AddDays(-k)
		_, err := MeasureAccuracy(ctx, st, queueID, day)
		switch {
		case err == nil:
			measured++
		case fault.CodeOf(err) != fault.NotFound:
			errs = append(errs, fmt.Errorf("queue %s %s: %w", qp.queue.Code, day, err))
		}
	}
	return measured, errors.Join(errs...)
}

// RemeasureDays is how many ended days the nightly accuracy check
// (re)measures: the last two, so that a history imported a day late is
// still judged.
const RemeasureDays = 2
