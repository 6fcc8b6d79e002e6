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

	"wfm/store"
)

// Builds runs roster builds in the background of the process that
// accepted them: a build is saved as it starts, keeps its progress as it
// runs, and shutdown waits for the builds in progress (Wait).
type Builds struct {
	store   *store.Store
	log     *slog.Logger
	running sync.WaitGroup
	// ctx is the context builds run under; stop cancels it when shutdown
	// can wait no longer, and they save what they have.
	ctx  context.Context
	stop context.CancelFunc
}

// NewBuilds makes the build runner of a process.
func NewBuilds(st *store.Store, log *slog.Logger) *Builds {
	if log == nil {
		log = slog.Default()
	}
	b := &Builds{store: st, log: log}
	b.ctx, b.stop = context.WithCancel(context.Background())
	return b
}

// Start starts a build of the site's roster from start for days, searching
// for limit (seed 0: the solver's default), on behalf of actor, who must
// see the site. It answers at once with the build, which runs on.
func (b *Builds) Start(ctx context.Context, actor store.Actor, scope store.Scope, siteID int64, start string, days int, limit time.Duration, seed int64) (*store.ScheduleBuild, error) {
	if _, err := b.store.GetSite(ctx, siteID); err != nil {
		return nil, err
	}
	if err := b.store.SiteInScope(ctx, scope, siteID); err != nil {
		return nil, err
	}
	build, err := b.store.StartBuild(ctx, actor, siteID, start, days, staleAfter(limit))
	if err != nil {
		return nil, err
	}
	opt := BuildOptions{TimeLimit: limit, Seed: seed}
	b.running.Add(1)
	go func() {
		defer b.running.Done()
		ctx, cancel := context.WithTimeout(b.ctx, limit+5*time.Minute)
		defer cancel()
		if _, err := RunBuild(ctx, b.store, actor, build, opt); err != nil {
			b.log.Warn("roster build failed", "build", build.ID, "site", build.SiteID, "err", err)
		}
	}()
	return build, nil
}

// Wait waits for the builds in progress to finish, or for ctx; then it asks
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
