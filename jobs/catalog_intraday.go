package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/intraday"
	"wfm/store"
)

func intradayJobs(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "intraday-gaps", Schedule: "@every 15m", Timeout: 2 * time.Minute,
			About: "alert the site's supervisors when the rest of today's roster falls short of the requirement, with who could stay on or come in earlier",
			Run: counted(log, "intraday gap alerts left", "notifications", func(ctx context.Context) (int, error) {
				return intraday.GapAlerts(ctx, st, store.System, st.Now())
			}),
		},
	}
}
