package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/planning"
	"wfm/store"
)

func planningJobs(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "forecast-nightly", Schedule: "0 2 * * *", Timeout: 30 * time.Minute,
			About: "forecast every queue 8 weeks ahead (auto method), publish it unless a person published the queue's forecast in the last 7 days, and compute requirements from the published forecast",
			Run: func(ctx context.Context) error {
				_, err := planning.Nightly(ctx, st, log, time.Now())
				return err
			},
		},
		{
			Name: "reforecast-intraday", Schedule: "@every 15m", Timeout: 5 * time.Minute,
			About: "re-estimate the rest of today from the actuals so far and rewrite the requirements of the intervals to come",
			Run: func(ctx context.Context) error {
				_, err := planning.ReforecastAll(ctx, st, log, time.Now())
				return err
			},
		},
		{
			Name: "forecast-accuracy", Schedule: "30 3 * * *", Timeout: 10 * time.Minute,
			About: "judge the published forecasts of the last two days against the history: WAPE, MAPE and bias per queue, day and interval",
			Run: func(ctx context.Context) error {
				_, err := planning.DailyAccuracy(ctx, st, log, time.Now(), planning.RemeasureDays)
				return err
			},
		},
	}
}
