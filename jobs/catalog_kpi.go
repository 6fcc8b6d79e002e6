package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"wfm/store"
)

func kpiJobs(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "kpi-rollup-today", Schedule: "@every 15m", Timeout: 10 * time.Minute,
			About: "recompute today's KPI counts (queue intervals and agent days, each site's day) and flag high-risk contacts; one part per site",
			Split: perSiteDay(st, 0),
		},
		{
			Name: "kpi-rollup-yesterday", Schedule: "30 1 * * *", Timeout: 30 * time.Minute,
			About: "recompute yesterday's KPI counts once its late records are in; one part per site",
			Split: perSiteDay(st, 1),
		},
		{
			Name: "strain-alerts", Schedule: "0 2 * * *", Timeout: 10 * time.Minute,
			About: "compute yesterday's strain index per agent and alert supervisors above the threshold; one part per site",
			Split: func(ctx context.Context, at time.Time) ([]river.JobArgs, error) {
				return perSite(ctx, st, func(id int64) river.JobArgs { return StrainSiteArgs{SiteID: id, At: at} })
			},
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

// perSiteDay splits a rollup of the local day daysBack before the run's
// into one part per site.
func perSiteDay(st *store.Store, daysBack int) func(ctx context.Context, at time.Time) ([]river.JobArgs, error) {
	return func(ctx context.Context, at time.Time) ([]river.JobArgs, error) {
		return perSite(ctx, st, func(id int64) river.JobArgs { return RollupSiteArgs{SiteID: id, At: at, DaysBack: daysBack} })
	}
}

// perSite is one part per site.
func perSite(ctx context.Context, st *store.Store, part func(siteID int64) river.JobArgs) ([]river.JobArgs, error) {
	sites, err := st.ListSites(ctx)
	if err != nil {
		return nil, err
	}
	parts := make([]river.JobArgs, len(sites))
	for i, s := range sites {
		parts[i] = part(s.ID)
	}
	return parts, nil
}
