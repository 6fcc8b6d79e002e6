package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/notify"
	"wfm/store"
)

// Catalog is every job the product runs, with its schedule, one list per
// area of the product (email off).
func Catalog(st *store.Store, log *slog.Logger) []Job { return CatalogWith(st, log, notify.SMTP{}) }

// CatalogWith is the catalog sending email through mail.
func CatalogWith(st *store.Store, log *slog.Logger, mail notify.SMTP) []Job {
	var all []Job
	for _, area := range [][]Job{
		coreJobs(st, log),
		planningJobs(st, log),     // forecasts, requirements, accuracy (catalog_planning.go)
		rosterJobs(st, log),       // schedule drafts, request reminders (catalog_roster.go)
		kpiJobs(st, log),          // KPI rollups, reviews, strain, complaints (catalog_kpi.go)
		intradayJobs(st, log),     // gap alerts (catalog_intraday.go)
		notifyJobs(st, log, mail), // notifications, emails, webhooks (catalog_notify.go)
	} {
		all = append(all, area...)
	}
	return all
}

func coreJobs(st *store.Store, log *slog.Logger) []Job {
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
