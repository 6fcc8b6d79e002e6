package jobs

import (
	"log/slog"

	"wfm/store"
)

func kpiJobs(st *store.Store, log *slog.Logger) []Job {
	return nil
}
