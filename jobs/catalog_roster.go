package jobs

import (
	"log/slog"

	"wfm/store"
)

func rosterJobs(st *store.Store, log *slog.Logger) []Job {
	return nil
}
