// Package rostering holds the roster workflows: building a roster for a
// site from the stored center, previewing and publishing a draft, editing
// shifts, deciding time off and swaps. The front doors and the jobs call
// these use cases; the store keeps the data, the schedule package solves.
package rostering

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"wfm/civil"
	"wfm/store"
)

// BuildQueue hands a started build to the job engine, which runs it
// (ResumeBuild) on whichever replica takes it, and again on another if the
// process running it dies.
type BuildQueue interface {
	EnqueueBuild(ctx context.Context, b *store.ScheduleBuild, a store.Actor, opt BuildOptions) error
}

// Builds starts roster builds: a build is saved as it starts, then runs in
// the job engine (NewQueuedBuilds), or, without one (tests, a process that
// has no engine), in the background of this process, which shutdown waits
// for (Wait). Either way it keeps its progress as it runs.
type Builds struct {
	store   *store.Store
	log     *slog.Logger
	queue   BuildQueue // nil: builds run in this process
	running sync.WaitGroup
	// ctx is the context in-process builds run under; stop cancels it when
	// shutdown can wait no longer, and they save what they have.
	ctx  context.Context
	stop context.CancelFunc
}

// NewBuilds makes a build runner that runs builds in this process.
func NewBuilds(st *store.Store, log *slog.Logger) *Builds {
	if log == nil {
		log = slog.Default()
	}
	b := &Builds{store: st, log: log}
	b.ctx, b.stop = context.WithCancel(context.Background())
	return b
}

// NewQueuedBuilds makes a build runner that hands builds to the job engine.
func NewQueuedBuilds(st *store.Store, log *slog.Logger, q BuildQueue) *Builds {
	b := NewBuilds(st, log)
	b.queue = q
	return b
}

// Start starts a build of the site's roster from start for days, searching
// for limit (seed 0: the solver's default), on behalf of actor, who must
// see the site. It answers at once with the build, which runs on.
func (b *Builds) Start(ctx context.Context, actor store.Actor, scope store.Scope, siteID int64, start civil.Date, days int, limit time.Duration, seed int64) (*store.ScheduleBuild, error) {
	if _, err := b.store.GetSite(ctx, siteID); err != nil {
		return nil, err
	}
	if err := b.store.SiteInScope(ctx, scope, siteID); err != nil {
		return nil, err
	}
	build, err := startBuild(ctx, b.store, actor, siteID, start, days, staleAfter(limit))
	if err != nil {
		return nil, err
	}
	opt := BuildOptions{TimeLimit: limit, Seed: seed}
	if b.queue != nil {
		if err := b.queue.EnqueueBuild(ctx, build, actor, opt); err != nil {
			// Not queued, it would stay "running" until taken for stale.
			if ferr := b.store.FailBuild(context.WithoutCancel(ctx), build, "not queued: "+err.Error()); ferr != nil {
				b.log.Error("roster build not queued, nor failed", "build", build.ID, "err", ferr)
			}
			return nil, fmt.Errorf("queue roster build %d: %w", build.ID, err)
		}
		return build, nil
	}
	b.running.Add(1)
	go func() {
		defer b.running.Done()
		ctx, cancel := context.WithTimeout(b.ctx, BuildTimeout(limit))
		defer cancel()
		if _, err := RunBuild(ctx, b.store, actor, build, opt); err != nil {
			b.log.Warn("roster build failed", "build", build.ID, "site", build.SiteID, "err", err)
		}
	}()
	return build, nil
}

// BuildTimeout is how long a build searching for limit may take in all:
// reading the center and saving the draft besides the search.
func BuildTimeout(limit time.Duration) time.Duration { return limit + 5*time.Minute }

// ResumeBuild runs a started build to its end (the job engine's work, on
// any replica): a build another process began and left running when it
// died starts over, its progress and notes cleared; a build that has
// already ended is left as it is.
func ResumeBuild(ctx context.Context, st *store.Store, actor store.Actor, buildID int64, opt BuildOptions) (*store.ScheduleBuild, error) {
	build, err := st.GetBuild(ctx, buildID)
	if err != nil {
		return nil, err
	}
	if build.Status != store.BuildRunning {
		return build, nil
	}
	build.Progress, build.Notes, build.NoteDetails = []store.BuildPoint{}, []string{}, []store.BuildNote{}
	if _, err := RunBuild(ctx, st, actor, build, opt); err != nil {
		return build, err
	}
	return build, nil
}

// Wait waits for the in-process builds to finish, or for ctx; then it asks
// those still running to stop and save what they have.
func (b *Builds) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { b.running.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		b.stop()
		<-done
		return fmt.Errorf("roster builds cut short at shutdown: %w", ctx.Err())
	}
}
