package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"wfm/rostering"
	"wfm/store"
)

// rosterBuildTime is how long the nightly job lets the solver work on each
// site's week.
const rosterBuildTime = 60 * time.Second

func rosterJobs(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "roster-next-week", Schedule: "30 3 * * *", Timeout: 5 * time.Minute,
			About: "after the nightly forecast, build next week's draft roster of each site that has no draft or published roster for it",
			Split: func(ctx context.Context, at time.Time) ([]river.JobArgs, error) {
				sites, err := st.ListSites(ctx)
				if err != nil {
					return nil, err
				}
				parts := make([]river.JobArgs, len(sites))
				for i, s := range sites {
					parts[i] = DraftSiteArgs{SiteID: s.ID, At: at}
				}
				return parts, nil
			},
		},
		{
			Name: "roster-request-reminders", Schedule: "0 1 * * *", Timeout: time.Minute,
			About: "leave each supervisor a notification of the time off and swap requests waiting for her decision",
			Run: counted(log, "supervisors reminded of pending requests", "supervisors", func(ctx context.Context) (int, error) {
				return rostering.RemindPendingRequests(ctx, st, store.System)
			}),
		},
	}
}
