// Package jobs runs the product's cron jobs: each under a timeout, with
// recover, skipped while its previous run is still going, recorded in the
// database, and on PostgreSQL under an advisory lock so that several
// replicas of `wfm serve` run each job once.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"wfm/fault"
	"wfm/store"
)

// Job is one piece of recurring work.
type Job struct {
	Name     string
	Schedule string // cron spec, with seconds optional (robfig/cron with descriptors: "@every 15m", "0 2 * * *")
	Timeout  time.Duration
	About    string
	Run      func(ctx context.Context) error
}

// Info describes a registered job.
type Info struct {
	Name     string `json:"name"`
	Schedule string `json:"schedule"`
	Timeout  string `json:"timeout"`
	About    string `json:"about"`
}

// Runner holds the registered jobs and the cron scheduler.
type Runner struct {
	store   *store.Store
	log     *slog.Logger
	observe func(job, outcome string, d time.Duration)
	cron    *cron.Cron
	jobs    map[string]*entry
	base    context.Context
}

type entry struct {
	job     Job
	running sync.Mutex // held while a run is going: a second run is skipped
}

// NewRunner makes a runner; observe (may be nil) is told of every run for
// the metrics. base is the context runs derive from; cancelling it asks
// running jobs to stop.
func NewRunner(base context.Context, st *store.Store, log *slog.Logger, observe func(job, outcome string, d time.Duration)) *Runner {
	if observe == nil {
		observe = func(string, string, time.Duration) {}
	}
	return &Runner{store: st, log: log, observe: observe, jobs: map[string]*entry{}, base: base,
		cron: cron.New(cron.WithLocation(time.UTC))}
}

// Add registers a job with the scheduler.
func (r *Runner) Add(j Job) error {
	if j.Name == "" || j.Run == nil {
		return fmt.Errorf("job needs a name and a function")
	}
	if _, dup := r.jobs[j.Name]; dup {
		return fmt.Errorf("job %s registered twice", j.Name)
	}
	if j.Timeout <= 0 {
		j.Timeout = 10 * time.Minute
	}
	e := &entry{job: j}
	if _, err := r.cron.AddFunc(j.Schedule, func() { r.run(r.base, e, "schedule") }); err != nil {
		return fmt.Errorf("job %s schedule %q: %w", j.Name, j.Schedule, err)
	}
	r.jobs[j.Name] = e
	return nil
}

// Start starts the scheduler.
func (r *Runner) Start() { r.cron.Start() }

// Stop stops scheduling and waits for running jobs to finish (or ctx).
func (r *Runner) Stop(ctx context.Context) error {
	done := r.cron.Stop().Done()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs still running at shutdown: %w", ctx.Err())
	}
}

// List describes the registered jobs.
func (r *Runner) List() []Info {
	out := make([]Info, 0, len(r.jobs))
	for _, e := range r.jobs {
		out = append(out, Info{Name: e.job.Name, Schedule: e.job.Schedule, Timeout: e.job.Timeout.String(), About: e.job.About})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RunNow runs a job at once (an admin's trigger) and returns its run.
func (r *Runner) RunNow(ctx context.Context, name string) (store.JobRun, error) {
	e, ok := r.jobs[name]
	if !ok {
		return store.JobRun{}, fault.Errorf(fault.NotFound, "no job named %q", name)
	}
	// Detach from the request: a run is not cut short by a closed browser.
	run := r.run(context.WithoutCancel(ctx), e, "manual")
	return run, nil
}

// run runs one job once, recording it, and returns its record.
func (r *Runner) run(ctx context.Context, e *entry, trigger string) store.JobRun {
	name := e.job.Name
	log := r.log.With("job", name, "trigger", trigger)
	if !e.running.TryLock() {
		log.Warn("job skipped: previous run still going")
		r.skip(ctx, name, trigger, "previous run still going")
		return store.JobRun{Job: name, Outcome: "skipped", Error: "previous run still going"}
	}
	defer e.running.Unlock()
	ok, release, err := r.store.TryJobLock(ctx, name)
	if err != nil {
		log.Error("job lock failed", "err", err)
		return store.JobRun{Job: name, Outcome: "failed", Error: err.Error()}
	}
	if !ok {
		log.Info("job skipped: another replica runs it")
		r.skip(ctx, name, trigger, "another replica holds the job")
		return store.JobRun{Job: name, Outcome: "skipped", Error: "another replica holds the job"}
	}
	defer release()
	rec, err := r.store.StartJobRun(ctx, name, trigger)
	if err != nil {
		log.Error("job not recorded", "err", err)
	}
	start := time.Now()
	runErr := r.safely(ctx, e.job)
	outcome := "ok"
	if runErr != nil {
		outcome = "failed"
		log.Error("job failed", "err", runErr, "took", time.Since(start))
	} else {
		log.Info("job done", "took", time.Since(start))
	}
	r.observe(name, outcome, time.Since(start))
	if rec.ID != 0 {
		if err := r.store.FinishJobRun(context.WithoutCancel(ctx), &rec, outcome, runErr); err != nil {
			log.Error("job end not recorded", "err", err)
		}
	}
	return rec
}

// safely runs the job under its timeout, turning a panic into an error.
func (r *Runner) safely(ctx context.Context, j Job) (err error) {
	ctx, cancel := context.WithTimeout(ctx, j.Timeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	err = j.Run(ctx)
	if err == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("timed out after %s", j.Timeout)
	}
	return err
}

func (r *Runner) skip(ctx context.Context, name, trigger, why string) {
	r.observe(name, "skipped", 0)
	if err := r.store.RecordSkippedRun(ctx, name, trigger, why); err != nil {
		r.log.Error("skipped run not recorded", "job", name, "err", err)
	}
}
