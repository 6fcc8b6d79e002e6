package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/rostering"
	"wfm/store"
)

// rosterBuildTime is how long the nightly job lets the solver work on each
// site's week.
const rosterBuildTime = 60 * time.Second

func rosterJobs(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "roster-next-week", Schedule: "30 3 * * *", Timeout: 30 * time.Minute,
			About: "after the nightly forecast, build next week's draft roster of each site that has no draft or published roster for it",
			Run: func(ctx context.Context) error {
				done, err := rostering.DraftNextWeek(ctx, st, time.Now(), rostering.BuildOptions{TimeLimit: rosterBuildTime})
				for _, r := range done {
					switch {
					case r.Schedule != nil:
						log.Info("draft roster built", "site", r.SiteID, "start", r.StartDate, "schedule", r.Schedule.ID,
							"objective", r.Schedule.Objective, "feasible", r.Schedule.Feasible)
					case r.Skipped != "":
						log.Info("draft roster not built", "site", r.SiteID, "start", r.StartDate, "why", r.Skipped)
					default:
						log.Warn("draft roster failed", "site", r.SiteID, "start", r.StartDate, "err", r.Err)
					}
				}
				return err
			},
		},
		{
			Name: "roster-request-reminders", Schedule: "0 1 * * *", Timeout: time.Minute,
			About: "leave each supervisor a notification of the time off and swap requests waiting for her decision",
			Run: func(ctx context.Context) error {
				n, err := rostering.RemindPendingRequests(ctx, st, store.System)
				if n > 0 {
					log.Info("supervisors reminded of pending requests", "supervisors", n)
				}
				return err
			},
		},
	}
}
