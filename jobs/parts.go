package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"wfm/fault"
	"wfm/planning"
	"wfm/rostering"
	"wfm/store"
)

// How a job came to be queued.
const (
	TriggerSchedule = "schedule" // its period came (River's periodic jobs)
	TriggerManual   = "manual"   // an admin's "run now"
	TriggerPart     = "part"     // a part of a catalog job's work
	TriggerBoard    = "board"    // a roster build started from the board or the API
)

// CatalogArgs is a run of a catalog job.
type CatalogArgs struct {
	Job     string `json:"job"`
	Trigger string `json:"trigger"`
}

// Kind is River's name of the job's kind.
func (CatalogArgs) Kind() string { return "catalog" }

// The parts of the catalog's heavy work, each a job any replica may run.
// At is when the catalog job that cut them was queued: the "now" of the
// work, the same on every retry.

// ForecastQueueArgs is the nightly forecast of one queue.
type ForecastQueueArgs struct {
	QueueID int64     `json:"queue_id"`
	At      time.Time `json:"at"`
}

// Kind is River's name of the job's kind.
func (ForecastQueueArgs) Kind() string { return "forecast-queue" }

// ReforecastQueueArgs is the intraday reforecast of one queue.
type ReforecastQueueArgs struct {
	QueueID int64     `json:"queue_id"`
	At      time.Time `json:"at"`
}

// Kind is River's name of the job's kind.
func (ReforecastQueueArgs) Kind() string { return "reforecast-queue" }

// AccuracyQueueArgs is the accuracy check of one queue's forecasts.
type AccuracyQueueArgs struct {
	QueueID int64     `json:"queue_id"`
	At      time.Time `json:"at"`
}

// Kind is River's name of the job's kind.
func (AccuracyQueueArgs) Kind() string { return "accuracy-queue" }

// RollupSiteArgs is the KPI rollup of one site's local day, DaysBack
// before the one holding At.
type RollupSiteArgs struct {
	SiteID   int64     `json:"site_id"`
	At       time.Time `json:"at"`
	DaysBack int       `json:"days_back"`
}

// Kind is River's name of the job's kind.
func (RollupSiteArgs) Kind() string { return "kpi-rollup-site" }

// StrainSiteArgs is the strain of one site's agents for the local day
// before the one holding At.
type StrainSiteArgs struct {
	SiteID int64     `json:"site_id"`
	At     time.Time `json:"at"`
}

// Kind is River's name of the job's kind.
func (StrainSiteArgs) Kind() string { return "strain-site" }

// DraftSiteArgs is next week's draft roster of one site.
type DraftSiteArgs struct {
	SiteID int64     `json:"site_id"`
	At     time.Time `json:"at"`
}

// Kind is River's name of the job's kind.
func (DraftSiteArgs) Kind() string { return "roster-draft-site" }

// RosterBuildArgs is a roster build started from the board or the API.
// The actor is kept by id alone: the session it came through is no
// business of the queue's.
type RosterBuildArgs struct {
	BuildID        int64   `json:"build_id"`
	UserID         int64   `json:"user_id"`
	TimeLimitMS    int64   `json:"time_limit_ms"`
	Seed           int64   `json:"seed"`
	FairnessWeight float64 `json:"fairness_weight"`
}

// Kind is River's name of the job's kind.
func (RosterBuildArgs) Kind() string { return "roster-build" }

func (a RosterBuildArgs) options() rostering.BuildOptions {
	return rostering.BuildOptions{TimeLimit: time.Duration(a.TimeLimitMS) * time.Millisecond, Seed: a.Seed, FairnessWeight: a.FairnessWeight}
}

// Timeouts of the parts; maxPartTimeout is the longest (a build of the
// longest search the doors allow).
const (
	queuePartTimeout = 10 * time.Minute
	maxPartTimeout   = 15 * time.Minute
)

func addPartWorkers(ws *river.Workers, e *Engine) {
	st, log := e.store, e.log
	river.AddWorker(ws, &partWorker[ForecastQueueArgs]{e: e, parent: "forecast-nightly", timeout: fixed[ForecastQueueArgs](queuePartTimeout),
		do: func(ctx context.Context, a ForecastQueueArgs) error {
			_, err := planning.NightlyOne(ctx, st, log, a.QueueID, a.At)
			return err
		}})
	river.AddWorker(ws, &partWorker[ReforecastQueueArgs]{e: e, parent: "reforecast-intraday", timeout: fixed[ReforecastQueueArgs](5 * time.Minute),
		do: func(ctx context.Context, a ReforecastQueueArgs) error {
			n, err := planning.Reforecast(ctx, st, a.QueueID, a.At)
			if n > 0 {
				log.Info("requirements reforecast", "queue", a.QueueID, "intervals", n)
			}
			return err
		}})
	river.AddWorker(ws, &partWorker[AccuracyQueueArgs]{e: e, parent: "forecast-accuracy", timeout: fixed[AccuracyQueueArgs](queuePartTimeout),
		do: func(ctx context.Context, a AccuracyQueueArgs) error {
			n, err := planning.QueueAccuracy(ctx, st, a.QueueID, a.At, planning.RemeasureDays)
			log.Info("forecast accuracy measured", "queue", a.QueueID, "days", n)
			return err
		}})
	river.AddWorker(ws, &partWorker[RollupSiteArgs]{e: e, parent: "kpi-rollup", timeout: fixed[RollupSiteArgs](queuePartTimeout),
		do: func(ctx context.Context, a RollupSiteArgs) error {
			return RollupSiteDay(ctx, st, log, a.SiteID, a.At, a.DaysBack)
		}})
	river.AddWorker(ws, &partWorker[StrainSiteArgs]{e: e, parent: "strain-alerts", timeout: fixed[StrainSiteArgs](queuePartTimeout),
		do: func(ctx context.Context, a StrainSiteArgs) error {
			return SiteStrainAlerts(ctx, st, log, a.SiteID, a.At)
		}})
	river.AddWorker(ws, &partWorker[DraftSiteArgs]{e: e, parent: "roster-next-week", timeout: fixed[DraftSiteArgs](rostering.BuildTimeout(e.draft)),
		do: func(ctx context.Context, a DraftSiteArgs) error {
			r, err := rostering.DraftSiteNextWeek(ctx, st, a.SiteID, a.At, rostering.BuildOptions{TimeLimit: e.draft})
			switch {
			case r.Schedule != nil:
				log.Info("draft roster built", "site", r.SiteID, "start", r.StartDate, "schedule", r.Schedule.ID,
					"objective", r.Schedule.Objective, "feasible", r.Schedule.Feasible)
			case r.Skipped != "":
				log.Info("draft roster not built", "site", r.SiteID, "start", r.StartDate, "why", r.Skipped)
			}
			return err
		}})
	river.AddWorker(ws, &partWorker[RosterBuildArgs]{e: e, parent: "roster-build",
		timeout: func(a RosterBuildArgs) time.Duration { return rostering.BuildTimeout(a.options().TimeLimit) },
		do: func(ctx context.Context, a RosterBuildArgs) error {
			b, err := rostering.ResumeBuild(ctx, st, store.Actor{UserID: a.UserID}, a.BuildID, a.options())
			if err != nil && b != nil && b.Status == store.BuildFailed {
				// The build ended failed and says why: trying again would
				// find it ended.
				return river.JobCancel(err)
			}
			return err
		}})
}

func fixed[T any](d time.Duration) func(T) time.Duration { return func(T) time.Duration { return d } }

// partWorker runs one kind of part through a use case.
type partWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	e       *Engine
	parent  string // the catalog job it is a part of, for logs and metrics
	timeout func(T) time.Duration
	do      func(ctx context.Context, args T) error
}

func (w *partWorker[T]) Timeout(job *river.Job[T]) time.Duration {
	return w.e.timeout(w.timeout(job.Args))
}

func (w *partWorker[T]) Work(ctx context.Context, job *river.Job[T]) error {
	return w.e.work(ctx, w.parent, job.JobRow, w.e.timeout(w.timeout(job.Args)), func(ctx context.Context) error { return w.do(ctx, job.Args) })
}

// catalogWorker runs a catalog job: its work, or the enqueuing of its parts.
type catalogWorker struct {
	river.WorkerDefaults[CatalogArgs]
	e *Engine
}

func (w *catalogWorker) Timeout(job *river.Job[CatalogArgs]) time.Duration {
	if j, ok := w.e.catalog[job.Args.Job]; ok {
		return w.e.timeout(j.Timeout)
	}
	return w.e.timeout(time.Minute)
}

func (w *catalogWorker) Work(ctx context.Context, job *river.Job[CatalogArgs]) error {
	j, ok := w.e.catalog[job.Args.Job]
	if !ok {
		// Queued by another version of the product that had this job.
		return river.JobCancel(fmt.Errorf("no job named %q in this version", job.Args.Job))
	}
	return w.e.work(ctx, j.Name, job.JobRow, w.e.timeout(j.Timeout), func(ctx context.Context) error {
		if j.Run != nil {
			return j.Run(ctx)
		}
		parts, err := j.Split(ctx, job.CreatedAt)
		if err != nil {
			return err
		}
		return w.e.enqueueParts(ctx, j.Name, parts)
	})
}

// enqueueParts queues a catalog job's parts. Each is unique by its
// arguments (which hold the parent's time), so the parent's retry does not
// queue twice what it queued before failing.
func (e *Engine) enqueueParts(ctx context.Context, parent string, parts []river.JobArgs) error {
	if len(parts) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(parts))
	for i, p := range parts {
		params[i] = river.InsertManyParams{Args: p, InsertOpts: &river.InsertOpts{Tags: []string{parent}, UniqueOpts: river.UniqueOpts{ByArgs: true}}}
	}
	if _, err := e.client.InsertMany(ctx, params); err != nil {
		return fmt.Errorf("enqueue the parts of %s: %w", parent, err)
	}
	e.log.Info("job cut into parts", "job", parent, "parts", len(parts))
	return nil
}

// EnqueueBuild queues a started roster build (rostering.BuildQueue).
func (e *Engine) EnqueueBuild(ctx context.Context, b *store.ScheduleBuild, a store.Actor, opt rostering.BuildOptions) error {
	_, err := e.client.Insert(ctx, RosterBuildArgs{BuildID: b.ID, UserID: a.UserID, TimeLimitMS: opt.TimeLimit.Milliseconds(),
		Seed: opt.Seed, FairnessWeight: opt.FairnessWeight}, &river.InsertOpts{Tags: []string{"roster-build"}})
	return err
}

// work runs a job's function once under its timeout, logs and measures
// it, and tells River whether to try again: a refusal the data makes
// (invalid, not found, forbidden) is final; anything else is retried.
func (e *Engine) work(ctx context.Context, name string, row *rivertype.JobRow, timeout time.Duration, fn func(ctx context.Context) error) error {
	log := e.log.With("job", name, "kind", row.Kind, "id", row.ID, "attempt", row.Attempt)
	start := time.Now()
	err := safely(ctx, fn)
	took := time.Since(start)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("timed out after %s: %w", timeout, err)
	}
	outcome := "ok"
	if err != nil {
		outcome = "failed"
		log.Error("job failed", "err", err, "took", took)
	} else {
		log.Info("job done", "took", took)
	}
	e.observe(name, outcome, took)
	switch fault.CodeOf(err) {
	case fault.Invalid, fault.NotFound, fault.Forbidden:
		return river.JobCancel(err)
	}
	return err
}

// safely runs fn, turning a panic into an error (River would recover it
// too, but the log and the metrics would not hear of it).
func safely(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return fn(ctx)
}

// Run is a job of the engine as the admin page and the API show it.
type Run struct {
	ID   int64  `json:"id"`
	Job  string `json:"job"`  // the catalog job it is (or is a part of); roster-build
	Kind string `json:"kind"` // River's kind: catalog, forecast-queue, roster-build...
	Part string `json:"part"` // which part: "queue 3", "site 2", "build 7"; "" for a catalog job
	// Trigger: schedule, manual, part or board.
	Trigger string `json:"trigger"`
	// State is River's: available (queued), scheduled, pending, running,
	// retryable (failed, to be tried again), completed, cancelled (given
	// up for a reason that retrying cannot change), discarded (failed every
	// attempt).
	State       string     `json:"state"`
	Attempt     int        `json:"attempt"`
	MaxAttempts int        `json:"max_attempts"`
	CreatedAt   time.Time  `json:"created_at"`
	AttemptedAt *time.Time `json:"attempted_at"`
	FinalizedAt *time.Time `json:"finalized_at"`
	Error       string     `json:"error"`   // the last attempt's error
	Replica     string     `json:"replica"` // the process (River client) of the last attempt
}

// Failed tells whether the job ended without doing its work, or its last
// attempt failed.
func (r Run) Failed() bool {
	switch rivertype.JobState(r.State) {
	case rivertype.JobStateDiscarded, rivertype.JobStateRetryable:
		return true
	case rivertype.JobStateCancelled:
		return r.Error != ""
	}
	return false
}

func runOf(row *rivertype.JobRow) Run {
	r := Run{ID: row.ID, Job: row.Kind, Kind: row.Kind, Trigger: TriggerPart, State: string(row.State), Attempt: row.Attempt,
		MaxAttempts: row.MaxAttempts, CreatedAt: row.CreatedAt, AttemptedAt: row.AttemptedAt, FinalizedAt: row.FinalizedAt}
	if len(row.Tags) > 0 {
		r.Job = row.Tags[0]
	}
	if n := len(row.Errors); n > 0 {
		// River's prefix of a job given up for good says nothing to a reader.
		r.Error = strings.TrimPrefix(row.Errors[n-1].Error, "JobCancelError: ")
	}
	if n := len(row.AttemptedBy); n > 0 {
		r.Replica = row.AttemptedBy[n-1]
	}
	var args struct {
		Job     string `json:"job"`
		Trigger string `json:"trigger"`
		QueueID int64  `json:"queue_id"`
		SiteID  int64  `json:"site_id"`
		BuildID int64  `json:"build_id"`
	}
	json.Unmarshal(row.EncodedArgs, &args) //nolint:errcheck // a job of another shape shows its kind alone
	switch {
	case row.Kind == CatalogArgs{}.Kind():
		r.Job, r.Trigger = args.Job, args.Trigger
	case args.QueueID != 0:
		r.Part = "queue " + strconv.FormatInt(args.QueueID, 10)
	case args.SiteID != 0:
		r.Part = "site " + strconv.FormatInt(args.SiteID, 10)
	case args.BuildID != 0:
		r.Part, r.Trigger = "build "+strconv.FormatInt(args.BuildID, 10), TriggerBoard
	}
	return r
}
