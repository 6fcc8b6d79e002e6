// Package jobs is the product's job engine: River (github.com/riverqueue/river)
// over the product's database, PostgreSQL through pgx or the embedded
// SQLite. The catalog's jobs are River periodic jobs, enqueued once per
// period by the replica River elects leader (a unique key per period holds
// across replicas besides); the heavy ones cut their work into parts, one
// job per queue or per site, which any replica runs; a roster build
// started from the board is a job too. A job that fails is retried with
// backoff, runs under a timeout, and a job whose process died is picked up
// again by River's rescuer. The workers call the use cases, nothing else.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
	"github.com/robfig/cron/v3"

	"wfm/connector"
	"wfm/fault"
	"wfm/notify"
	"wfm/store"
)

// Job is one piece of recurring work of the catalog. It either does its
// work (Run) or cuts it into parts (Split), jobs of their own that any
// replica may run; exactly one of the two is set.
type Job struct {
	Name     string
	Schedule string // cron spec (robfig/cron with descriptors: "@every 15m", "0 2 * * *"), in UTC
	Timeout  time.Duration
	About    string
	Run      func(ctx context.Context) error
	// Split returns the parts of the work due at at (the time the job was
	// enqueued, the same on every retry, so that a retry enqueues the parts
	// it already did not twice).
	Split func(ctx context.Context, at time.Time) ([]river.JobArgs, error)
}

// Info describes a job of the catalog.
type Info struct {
	Name     string `json:"name"`
	Schedule string `json:"schedule"`
	Timeout  string `json:"timeout"`
	About    string `json:"about"`
}

// Config is what an engine needs.
type Config struct {
	// Store is the product's database; on PostgreSQL River works through a
	// pgx pool of its own on the same URL (LISTEN/NOTIFY, leader election).
	Store *store.Store
	Log   *slog.Logger
	// Observe (may be nil) is told of every job that ends, for the metrics.
	Observe func(job, outcome string, d time.Duration)
	// Workers is how many jobs this process runs at once.
	Workers int
	// Catalog is the recurring work; nil: the product's (CatalogWith Mail).
	Catalog []Job
	// Mail is the SMTP server the notifications' emails go through (no
	// host: email off).
	Mail notify.SMTP
	// RescueAfter is how long a job may run before River takes its process
	// for dead and runs it again; 0: the longest timeout of any job plus 5
	// minutes. Every job's timeout is cut to it less a grace (half of it,
	// at most 5 minutes) so that a living job has ended, and its end is
	// recorded, before River would run it again elsewhere.
	RescueAfter time.Duration
	// Sealer opens the connectors' credentials (WFM_CREDENTIALS_KEY); nil:
	// none is set, and the connector job fails on each enabled connector.
	Sealer *connector.Sealer
	// DraftTime is how long the nightly roster job lets the solver work
	// on each site's week; 0: 60 s. `wfm bench --only nightly` shortens
	// it at a smaller scale.
	DraftTime time.Duration
	// PollEvery is how often an idle replica looks for jobs (River's fetch
	// poll; on PostgreSQL notifications wake it sooner); 0: River's 1 s.
	PollEvery time.Duration
}

// client is what the engine uses of River's client; *river.Client[pgx.Tx]
// and *river.Client[*sql.Tx] (the two engines' drivers) both have it.
type client interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	InsertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	JobGet(ctx context.Context, id int64) (*rivertype.JobRow, error)
	ID() string
}

// Engine is a process's job engine.
type Engine struct {
	store   *store.Store
	log     *slog.Logger
	observe func(job, outcome string, d time.Duration)
	catalog map[string]Job
	client  client
	pool    *pgxpool.Pool // PostgreSQL: River's own pool, closed with the engine
	works   bool          // this process runs jobs (Start)
	draft   time.Duration // the solver's time on each site's nightly draft
	// longest is how long any job may run (timeout): River's rescue delay
	// less a grace.
	longest time.Duration
}

// maxAttempts is how often a job is tried before it is given up
// (discarded): River's backoff waits about attempt^4 seconds between them.
const maxAttempts = 3

// New makes the engine of a process: with cfg.Workers > 0 it works jobs
// once started, else it only enqueues (a replica that serves HTTP alone).
func New(ctx context.Context, cfg Config) (*Engine, error) {
	e := &Engine{store: cfg.Store, log: cfg.Log, observe: cfg.Observe, catalog: map[string]Job{}, works: cfg.Workers > 0, draft: cfg.DraftTime}
	if e.draft <= 0 {
		e.draft = rosterBuildTime
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	if e.observe == nil {
		e.observe = func(string, string, time.Duration) {}
	}
	catalog := cfg.Catalog
	if catalog == nil {
		catalog = append(CatalogWith(cfg.Store, e.log, cfg.Mail), ConnectorJobs(cfg.Store, e.log, cfg.Sealer)...)
	}
	workers := river.NewWorkers()
	var periodic []*river.PeriodicJob
	longest := maxPartTimeout
	for _, j := range catalog {
		if j.Name == "" || (j.Run == nil) == (j.Split == nil) {
			return nil, fmt.Errorf("job %q needs a name and one of Run or Split", j.Name)
		}
		if _, dup := e.catalog[j.Name]; dup {
			return nil, fmt.Errorf("job %s registered twice", j.Name)
		}
		if j.Timeout <= 0 {
			j.Timeout = 10 * time.Minute
		}
		longest = max(longest, j.Timeout)
		sched, err := cron.ParseStandard(j.Schedule)
		if err != nil {
			return nil, fmt.Errorf("job %s schedule %q: %w", j.Name, j.Schedule, err)
		}
		e.catalog[j.Name] = j
		periodic = append(periodic, river.NewPeriodicJob(sched, e.scheduled(j.Name, period(sched)), &river.PeriodicJobOpts{ID: j.Name}))
	}
	river.AddWorker(workers, &catalogWorker{e: e})
	addPartWorkers(workers, e)

	rescueAfter := cfg.RescueAfter
	if rescueAfter <= 0 {
		rescueAfter = longest + 5*time.Minute
	}
	e.longest = rescueAfter - min(rescueAfter/2, 5*time.Minute)
	rcfg := &river.Config{
		Logger:       e.log.With("component", "river"),
		Workers:      workers,
		PeriodicJobs: periodic,
		MaxAttempts:  maxAttempts,
		// Each worker says its own (timeout); River wants its default no
		// longer than the rescue delay.
		JobTimeout:           min(10*time.Minute, e.longest),
		RescueStuckJobsAfter: rescueAfter,
		FetchPollInterval:    cfg.PollEvery,
	}
	if e.works {
		rcfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}
	}
	var err error
	if cfg.Store.Postgres() {
		pcfg, perr := pgxpool.ParseConfig(cfg.Store.URL())
		if perr != nil {
			return nil, fmt.Errorf("job engine database URL: %w", perr)
		}
		// Each worker may hold a connection, plus River's own (leader,
		// notifications, fetching, completing).
		pcfg.MaxConns = int32(max(cfg.Workers, 1) + 4)
		if e.pool, err = pgxpool.NewWithConfig(ctx, pcfg); err != nil {
			return nil, fmt.Errorf("job engine pool: %w", err)
		}
		e.client, err = river.NewClient(riverpgxv5.New(e.pool), rcfg)
	} else {
		// SQLite has no notifications: replicas (one, on a file) poll.
		rcfg.PollOnly = true
		e.client, err = river.NewClient(riversqlite.New(cfg.Store.DB().DB), rcfg)
	}
	if err != nil {
		e.Close()
		return nil, fmt.Errorf("job engine: %w", err)
	}
	return e, nil
}

// timeout is how long a job may run: its own timeout, cut to what the
// rescue delay leaves (a job still running after it is taken for dead).
func (e *Engine) timeout(d time.Duration) time.Duration { return min(d, e.longest) }

// Replica is this process's name in the job engine: the replica the job
// list names for each job's last attempt.
func (e *Engine) Replica() string { return e.client.ID() }

// period is how far apart a schedule's runs are (from a fixed instant):
// the window in which a periodic job is unique across replicas.
func period(s cron.Schedule) time.Duration {
	first := s.Next(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
	return s.Next(first).Sub(first)
}

// scheduled makes the periodic constructor of a catalog job: one job per
// period across replicas, whichever enqueues it.
func (e *Engine) scheduled(name string, every time.Duration) river.PeriodicJobConstructor {
	return func() (river.JobArgs, *river.InsertOpts) {
		return CatalogArgs{Job: name, Trigger: TriggerSchedule}, &river.InsertOpts{Tags: []string{name},
			UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: every}}
	}
}

// Start starts working jobs (and, on the leader, enqueuing the periodic
// ones); a process that only enqueues has nothing to start.
func (e *Engine) Start(ctx context.Context) error {
	if !e.works {
		return nil
	}
	if err := e.client.Start(ctx); err != nil {
		return fmt.Errorf("start job engine: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for the running ones to finish, or for
// ctx: then they are cancelled, and a job cut short is retried later (on
// another replica, or this one when it comes back).
func (e *Engine) Stop(ctx context.Context) error {
	if !e.works {
		return nil
	}
	err := e.client.Stop(ctx)
	if err == nil {
		return nil
	}
	cancelCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if cerr := e.client.StopAndCancel(cancelCtx); cerr != nil {
		return errors.Join(err, cerr)
	}
	return fmt.Errorf("jobs still running at shutdown were cancelled: %w", err)
}

// Close closes River's pool (after Stop).
func (e *Engine) Close() {
	if e.pool != nil {
		e.pool.Close()
	}
}

// List describes the catalog's jobs.
func (e *Engine) List() []Info {
	out := make([]Info, 0, len(e.catalog))
	for _, j := range e.catalog {
		out = append(out, Info{Name: j.Name, Schedule: j.Schedule, Timeout: j.Timeout.String(), About: j.About})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RunNow enqueues a catalog job at once (an admin's trigger): a replica
// that works jobs takes it.
func (e *Engine) RunNow(ctx context.Context, name string) (Run, error) {
	if _, ok := e.catalog[name]; !ok {
		return Run{}, fault.Errorf(fault.NotFound, "no job named %q", name)
	}
	res, err := e.client.Insert(ctx, CatalogArgs{Job: name, Trigger: TriggerManual}, &river.InsertOpts{Tags: []string{name}})
	if err != nil {
		return Run{}, fmt.Errorf("enqueue job %s: %w", name, err)
	}
	return runOf(res.Job), nil
}

// Get reads one job of the engine.
func (e *Engine) Get(ctx context.Context, id int64) (Run, error) {
	row, err := e.client.JobGet(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return Run{}, fault.Errorf(fault.NotFound, "no job %d", id)
	}
	if err != nil {
		return Run{}, fmt.Errorf("read job %d: %w", id, err)
	}
	return runOf(row), nil
}

// Runs lists the engine's jobs, newest first: queued, running, retried,
// failed and done; job "" means all, else the catalog job's own runs and
// its parts (or the jobs of that kind: roster-build).
func (e *Engine) Runs(ctx context.Context, job string, limit int) ([]Run, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	p := river.NewJobListParams().First(limit).OrderBy(river.JobListOrderByID, river.SortOrderDesc).
		States(rivertype.JobStateAvailable, rivertype.JobStateCancelled, rivertype.JobStateCompleted, rivertype.JobStateDiscarded,
			rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled)
	if job != "" {
		if _, ok := e.catalog[job]; ok {
			p = p.TagsAny(job)
		} else {
			p = p.Kinds(job)
		}
	}
	res, err := e.client.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	out := make([]Run, 0, len(res.Jobs))
	for _, row := range res.Jobs {
		out = append(out, runOf(row))
	}
	return out, nil
}
