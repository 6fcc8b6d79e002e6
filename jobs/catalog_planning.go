package jobs

import (
	"log/slog"

	"wfm/store"
)

func planningJobs(st *store.Store, log *slog.Logger) []Job {
	return nil
}
