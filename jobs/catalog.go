package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/store"
)

// Catalog is every job the product runs, with its schedule.
func Catalog(st *store.Store, log *slog.Logger) []Job {
	return []Job{
		{
			Name: "session-cleanup", Schedule: "@every 1h", Timeout: time.Minute,
			About: "delete expired login sessions",
			Run: func(ctx context.Context) error {
				n, err := st.DeleteExpiredSessions(ctx)
				if err == nil && n > 0 {
					log.Info("expired sessions deleted", "count", n)
				}
				return err
			},
		},
	}
}
