package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/store"
)

func kpiJobs(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "kpi-rollup-today", Schedule: "@every 15m", Timeout: 10 * time.Minute,
			About: "recompute today's KPI counts (queue intervals and agent days, each site's day) and flag high-risk contacts",
			Run:   func(ctx context.Context) error { return RollupDay(ctx, st, log, time.Now(), 0) },
		},
		{
			Name: "kpi-rollup-yesterday", Schedule: "30 1 * * *", Timeout: 30 * time.Minute,
			About: "recompute yesterday's KPI counts once its late records are in",
			Run:   func(ctx context.Context) error { return RollupDay(ctx, st, log, time.Now(), 1) },
		},
		{
			Name: "strain-alerts", Schedule: "0 2 * * *", Timeout: 10 * time.Minute,
			About: "compute yesterday's strain index per agent and alert supervisors above the threshold",
			Run:   func(ctx context.Context) error { return StrainAlerts(ctx, st, log, time.Now()) },
		},
		{
			Name: "review-drafts", Schedule: "0 3 1 * *", Timeout: 30 * time.Minute,
			About: "draft last month's review of every active agent, carrying the open improvement plans on",
			Run:   func(ctx context.Context) error { return MonthlyReviews(ctx, st, log, time.Now()) },
		},
		{
			Name: "complaint-follow-ups", Schedule: "@every 1h", Timeout: 5 * time.Minute,
			About: "alert supervisors of complaints whose 24-hour customer follow-up is overdue",
			Run:   func(ctx context.Context) error { return ComplaintReminders(ctx, st, log, time.Now()) },
		},
	}
}
