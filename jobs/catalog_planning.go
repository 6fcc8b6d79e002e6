package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/planning"
	"wfm/store"
)

// accuracyDays is how many ended days the accuracy job (re)measures: the
// last two, so that a history imported a day late is still judged.
const accuracyDays = 2

func planningJobs(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "forecast-nightly", Schedule: "0 2 * * *", Timeout: 30 * time.Minute,
			About: "forecast every queue 8 weeks ahead (auto method), publish it unless a person published the queue's forecast in the last 7 days, and compute requirements from the published forecast",
			Run: func(ctx context.Context) error {
				done, err := planning.Nightly(ctx, st, time.Now())
				for _, q := range done {
					switch {
					case q.Run == nil:
						log.Info("queue not forecast", "queue", q.Code, "why", q.Err)
					default:
						log.Info("queue forecast", "queue", q.Code, "run", q.Run.ID, "method", q.Run.Method,
							"published", q.Published, "requirements", q.Requirements, "err", q.Err)
					}
				}
				return err
			},
		},
		{
			Name: "reforecast-intraday", Schedule: "@every 15m", Timeout: 5 * time.Minute,
			About: "re-estimate the rest of today from the actuals so far and rewrite the requirements of the intervals to come",
			Run: func(ctx context.Context) error {
				n, err := planning.Intraday(ctx, st, time.Now())
				if n > 0 {
					log.Info("requirements reforecast", "intervals", n)
				}
				return err
			},
		},
		{
			Name: "forecast-accuracy", Schedule: "30 3 * * *", Timeout: 10 * time.Minute,
			About: "judge the published forecasts of the last two days against the history: WAPE, MAPE and bias per queue, day and interval",
			Run: func(ctx context.Context) error {
				n, err := planning.DailyAccuracy(ctx, st, time.Now(), accuracyDays)
				log.Info("forecast accuracy measured", "queue_days", n)
				return err
			},
		},
	}
}
