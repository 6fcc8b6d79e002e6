package rostering

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
	"wfm/schedule"
	"wfm/store"
)

// BuildOptions tune a build.
type BuildOptions struct {
	TimeLimit      time.Duration // default 30s
	Seed           int64
	FairnessWeight float64 // default 1: the product spreads weekends and hours
}

func (o BuildOptions) withDefaults() BuildOptions {
	if o.TimeLimit <= 0 {
		o.TimeLimit = 30 * time.Second
	}
	if o.FairnessWeight == 0 {
		o.FairnessWeight = 1
	}
	return o
}

// staleAfter is how long a build of this time limit may stay "running"
// before the next one of its site takes it for dead.
func staleAfter(limit time.Duration) time.Duration { return 2*limit + 5*time.Minute }

// MaxBuildDays is the longest period one build rosters.
const MaxBuildDays = 62

// startBuild records a running build of a site's roster from start for
// days: a start in the planning window, 1 to MaxBuildDays days, a site
// that exists. A build of the site still running after staleAfter is
// taken for dead (its process stopped) and marked failed first; one
// running that is not is a Conflict.
func startBuild(ctx context.Context, st *store.Store, a store.Actor, siteID int64, start civil.Date, days int, staleAfter time.Duration) (*store.ScheduleBuild, error) {
	f := fault.FieldErrors{}
	if start.IsZero() {
		f.Add("start_date", "required")
	} else if err := limits.Planning.CheckDay(start, st.Now()); err != nil {
		f.Add("start_date", "%v", err)
	}
	if days < 1 || days > MaxBuildDays {
		f.Add("days", "%d, want 1 to %d", days, MaxBuildDays)
	}
	if err := f.Err("schedule build"); err != nil {
		return nil, err
	}
	if _, err := st.GetSite(ctx, siteID); err != nil {
		return nil, err
	}
	b := &store.ScheduleBuild{SiteID: siteID, StartDate: start, Days: days}
	if err := st.InsertBuild(ctx, a, b, st.Now().Add(-staleAfter), "abandoned: still running after "+staleAfter.String()); err != nil {
		return nil, err
	}
	return b, nil
}

// progressEvery is how often a build's progress is written while it runs.
const progressEvery = 500 * time.Millisecond

// RunBuild builds the problem of a started build, solves it (progress
// saved as it improves, at most twice a second) and saves the result as a
// draft. The build ends done or failed whatever happens.
func RunBuild(ctx context.Context, st *store.Store, a store.Actor, b *store.ScheduleBuild, opt BuildOptions) (*store.ScheduleVersion, error) {
	opt = opt.withDefaults()
	v, err := runBuild(ctx, st, a, b, opt)
	if err != nil {
		// The build's own context may be what failed: record the end anyway.
		if ferr := st.FailBuild(context.WithoutCancel(ctx), b, err.Error()); ferr != nil {
			return nil, fmt.Errorf("%w (and recording the failure: %v)", err, ferr)
		}
		return nil, err
	}
	return v, nil
}

func runBuild(ctx context.Context, st *store.Store, a store.Actor, b *store.ScheduleBuild, opt BuildOptions) (*store.ScheduleVersion, error) {
	p, _, notes, err := BuildProblem(ctx, st, b.SiteID, b.StartDate.String(), b.Days)
	for _, n := range notes {
		b.Notes, b.NoteDetails = append(b.Notes, n.String()), append(b.NoteDetails, n)
	}
	if err != nil {
		return nil, err
	}
	pr := &buildProgress{st: st, b: b}
	// The lower bound is computed beside the search, within the same
	// limit, and stops when the search does.
	boundCtx, stopBound := context.WithTimeout(ctx, opt.TimeLimit)
	defer stopBound()
	bound := pr.lowerBound(boundCtx, p)
	sol, err := schedule.Solve(ctx, p, schedule.Options{Seed: opt.Seed, TimeLimit: opt.TimeLimit, Workers: 2,
		Progress: func(elapsed time.Duration, objective float64) { pr.record(ctx, elapsed, objective) },
		Now:      st.Now, FairnessWeight: opt.FairnessWeight})
	stopBound()
	lb := <-bound
	if err != nil {
		return nil, fmt.Errorf("solve: %w", err)
	}
	if lb.err != nil {
		return nil, fmt.Errorf("lower bound: %w", lb.err)
	}
	pr.mu.Lock() // no progress is written beside the build's end
	defer pr.mu.Unlock()
	v := &store.ScheduleVersion{SiteID: b.SiteID, StartDate: b.StartDate, Days: b.Days, Status: store.ScheduleDraft,
		Problem: p, Solution: sol}
	if !math.IsInf(lb.b.Value, 0) && !math.IsNaN(lb.b.Value) {
		v.LowerBound = &lb.b.Value
	}
	if _, err := recheck(v); err != nil {
		return nil, err
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	if err := st.FinishBuild(context.WithoutCancel(ctx), a, b, v); err != nil {
		return nil, err
	}
	return v, nil
}

// buildProgress is a running build's progress: the search's objectives
// as it finds them, saved on the build now and then, and the best so far
// for the lower bound's steps.
type buildProgress struct {
	st        *store.Store
	b         *store.ScheduleBuild
	mu        sync.Mutex // guards b and lastSaved
	lastSaved time.Time
	bestSoFar atomic.Uint64 // the search's best objective, as float64 bits
}

// record is the search's progress callback.
func (pr *buildProgress) record(ctx context.Context, elapsed time.Duration, objective float64) {
	pr.bestSoFar.Store(math.Float64bits(objective))
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.b.Progress = append(pr.b.Progress, store.BuildPoint{ElapsedMS: elapsed.Milliseconds(), Objective: objective})
	if now := pr.st.Now(); now.Sub(pr.lastSaved) >= progressEvery {
		pr.lastSaved = now
		// Progress is for watching; a failed write only delays the next.
		pr.st.SaveBuildProgress(ctx, pr.b) //nolint:errcheck
	}
}

type boundResult struct {
	b   schedule.Bound
	err error
}

// lowerBound computes the problem's lower bound in the background, until
// ctx ends, stepping against the search's best so far.
func (pr *buildProgress) lowerBound(ctx context.Context, p schedule.Problem) <-chan boundResult {
	bound := make(chan boundResult, 1)
	go func() {
		b, err := schedule.LowerBoundContext(ctx, p, schedule.BoundOptions{UpperBoundNow: func() float64 {
			return math.Float64frombits(pr.bestSoFar.Load())
		}})
		bound <- boundResult{b, err}
	}()
	return bound
}

// recheck runs the checker over the version's solution and keeps what it
// finds on the version.
func recheck(v *store.ScheduleVersion) (schedule.Report, error) {
	rep, err := schedule.Check(v.Problem, v.Solution)
	if err != nil {
		return rep, fmt.Errorf("check schedule %d: %w", v.ID, err)
	}
	v.Objective, v.Feasible, v.Violations = rep.Objective, rep.Feasible, rep.Violations
	v.Solution.Objective, v.Solution.Feasible, v.Solution.Violations = rep.Objective, rep.Feasible, rep.Violations
	return rep, nil
}

// BuildDraft starts and runs a build in the caller's goroutine.
func BuildDraft(ctx context.Context, st *store.Store, a store.Actor, siteID int64, start civil.Date, days int, opt BuildOptions) (*store.ScheduleVersion, error) {
	opt = opt.withDefaults()
	b, err := startBuild(ctx, st, a, siteID, start, days, staleAfter(opt.TimeLimit))
	if err != nil {
		return nil, err
	}
	return RunBuild(ctx, st, a, b, opt)
}

// BuildAndPublish builds a roster of a site for [start, start+days) and
// publishes it (the demo's and a fresh center's one call).
func BuildAndPublish(ctx context.Context, st *store.Store, a store.Actor, siteID int64, start civil.Date, days int, opt BuildOptions) (*store.ScheduleVersion, error) {
	v, err := BuildDraft(ctx, st, a, siteID, start, days, opt)
	if err != nil {
		return nil, err
	}
	return Publish(ctx, st, a, store.Scope{All: true}, v.ID, v.Version)
}
