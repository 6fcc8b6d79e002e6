package planning

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"wfm/fault"
	"wfm/forecast"
	"wfm/store"
)

// NightlyDays is how far ahead the nightly job forecasts: 8 weeks.
const NightlyDays = 56

// manualHold is how long a person's publication stands before the nightly
// job publishes over it again.
const manualHold = 7 * 24 * time.Hour

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
// log hears what was done for each queue.
func Nightly(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time) ([]NightlyQueue, error) {
	done, err := nightly(ctx, st, now)
	for _, q := range done {
		q.report(log)
	}
	return done, err
}

func (q NightlyQueue) report(log *slog.Logger) {
	if q.Run == nil {
		log.Info("queue not forecast", "queue", q.Code, "why", q.Err)
		return
	}
	log.Info("queue forecast", "queue", q.Code, "run", q.Run.ID, "method", q.Run.Method,
		"published", q.Published, "requirements", q.Requirements, "err", q.Err)
}

// NightlyOne is Nightly for one queue: the job engine's unit of the
// nightly work, so that the replicas share a night's queues. A queue
// without history to forecast from is not an error (as in Nightly).
func NightlyOne(ctx context.Context, st *store.Store, log *slog.Logger, queueID int64, now time.Time) (NightlyQueue, error) {
	q, err := st.GetQueue(ctx, queueID)
	if err != nil {
		return NightlyQueue{QueueID: queueID}, err
	}
	nq := NightlyQueue{QueueID: q.ID, Code: q.Code}
	defer func() { nq.report(log) }()
	in, err := nightlyInput(ctx, st, q.ID, now)
	if err != nil {
		nq.Err = err
		if fault.CodeOf(err) == fault.Invalid {
			return nq, nil
		}
		return nq, fmt.Errorf("queue %s: %w", q.Code, err)
	}
	runs, err := forecastAndSave(ctx, st, store.System, []forecastInput{in}, forecast.Auto)
	if err != nil {
		nq.Err = err
		return nq, fmt.Errorf("queue %s: %w", q.Code, err)
	}
	nq.Run = &runs[0]
	if nq.Err = publishNightly(ctx, st, &nq, now); nq.Err != nil {
		return nq, fmt.Errorf("queue %s: %w", q.Code, nq.Err)
	}
	return nq, nil
}

func nightly(ctx context.Context, st *store.Store, now time.Time) ([]NightlyQueue, error) {
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
		run, err := PublishRun(ctx, st, store.System, nq.Run.ID, 0, true)
		if err != nil {
			return err
		}
		nq.Run, nq.Published = run, true
	}
	n, err := staffForecast(ctx, st, store.System, nq.QueueID, nq.Run.HorizonStart, nq.Run.HorizonEnd, 0)
	if fault.CodeOf(err) == fault.NotFound {
		return nil // held, and nothing published over this horizon yet
	}
	nq.Requirements = n
	return err
}
