package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"wfm/store"
)

func planningJobs(st *store.Store, _ *slog.Logger) []Job {
	return []Job{
		{
			Name: "forecast-nightly", Schedule: "0 2 * * *", Timeout: 5 * time.Minute,
			About: "forecast every queue 8 weeks ahead (auto method), publish it unless a person published the queue's forecast in the last 7 days, and compute requirements from the published forecast",
			Split: func(ctx context.Context, at time.Time) ([]river.JobArgs, error) {
				return perQueue(ctx, st, func(id int64) river.JobArgs { return ForecastQueueArgs{QueueID: id, At: at} })
			},
		},
		{
			Name: "reforecast-intraday", Schedule: "@every 15m", Timeout: 5 * time.Minute,
			About: "re-estimate the rest of today from the actuals so far and rewrite the requirements of the intervals to come",
			Split: func(ctx context.Context, at time.Time) ([]river.JobArgs, error) {
				return perQueue(ctx, st, func(id int64) river.JobArgs { return ReforecastQueueArgs{QueueID: id, At: at} })
			},
		},
		{
			Name: "forecast-accuracy", Schedule: "30 3 * * *", Timeout: 5 * time.Minute,
			About: "judge the published forecasts of the last two days against the history: WAPE, MAPE and bias per queue, day and interval",
			Split: func(ctx context.Context, at time.Time) ([]river.JobArgs, error) {
				return perQueue(ctx, st, func(id int64) river.JobArgs { return AccuracyQueueArgs{QueueID: id, At: at} })
			},
		},
	}
}

// perQueue is one part per queue.
func perQueue(ctx context.Context, st *store.Store, part func(queueID int64) river.JobArgs) ([]river.JobArgs, error) {
	qs, err := st.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	parts := make([]river.JobArgs, len(qs))
	for i, q := range qs {
		parts[i] = part(q.ID)
	}
	return parts, nil
}
