package planning

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"wfm/forecast"
	"wfm/store"
)

// Reforecast re-estimates the rest of the queue's local day from its
// actuals so far (forecast.Reforecast: the ratio of actual to forecast,
// damped early in the day) and rewrites the requirements of the intervals
// still to come. Intervals count as actual once they have ended and the
// history has them. It returns the intervals rewritten (0 when there is no
// published forecast for today or no actual yet).
func Reforecast(ctx context.Context, st *store.Store, queueID int64, now time.Time) (int, error) {
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return 0, err
	}
	dayStart := midnight(now, qp.loc)
	dayEnd := dayStart.AddDate(0, 0, 1)
	fivs, err := PublishedIntervals(ctx, st, queueID, dayStart, dayEnd, time.Time{})
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
	offered, lastActual := offeredSoFar(rows, now)
	if lastActual.IsZero() {
		return 0, nil
	}
	fc, actual := forecastAndActual(fivs, offered, lastActual)
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

// offeredSoFar is the contacts offered in each interval over by now (by
// its start, Unix seconds) and the start of the last of them (zero when
// none is).
func offeredSoFar(rows []store.HistoryInterval, now time.Time) (map[int64]float64, time.Time) {
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
	return offered, lastActual
}

// forecastAndActual are the day's planned volumes and the volumes offered
// in its intervals up to lastActual.
func forecastAndActual(fivs []store.ForecastInterval, offered map[int64]float64, lastActual time.Time) (fc, actual []float64) {
	fc = make([]float64, len(fivs))
	for i, iv := range fivs {
		fc[i] = iv.PlannedVolume()
		if !iv.IntervalStart.After(lastActual) {
			actual = append(actual, offered[iv.IntervalStart.Unix()]) // a missing row is a closed interval
		}
	}
	return fc, actual
}

// ReforecastAll reforecasts the rest of today for every queue and returns
// the intervals rewritten; log hears how many.
func ReforecastAll(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time) (int, error) {
	qs, err := st.ListQueues(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	var errs []error
	for _, q := range qs {
		n, err := Reforecast(ctx, st, q.ID, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("queue %s: %w", q.Code, err))
		}
		total += n
	}
	if total > 0 {
		log.Info("requirements reforecast", "intervals", total)
	}
	return total, errors.Join(errs...)
}
