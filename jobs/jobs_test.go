package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"wfm/fault"
	"wfm/jobs"
	"wfm/store"
	"wfm/store/storetest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestRunsAreRecordedWithTheirOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		var seen []string
		r := jobs.NewRunner(ctx, st, quiet(), func(job, outcome string, _ time.Duration) { seen = append(seen, job+":"+outcome) })
		add := func(j jobs.Job) {
			if err := r.Add(j); err != nil {
				t.Fatal(err)
			}
		}
		add(jobs.Job{Name: "fine", Schedule: "@every 1h", Run: func(context.Context) error { return nil }})
		add(jobs.Job{Name: "broken", Schedule: "@every 1h", Run: func(context.Context) error { return errors.New("no forecast") }})
		add(jobs.Job{Name: "panics", Schedule: "@every 1h", Run: func(context.Context) error { panic("boom") }})
		add(jobs.Job{Name: "slow", Schedule: "@every 1h", Timeout: 50 * time.Millisecond, Run: func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}})
		for _, name := range []string{"fine", "broken", "panics", "slow"} {
			if _, err := r.RunNow(ctx, name); err != nil {
				t.Fatal(err)
			}
		}
		runs, err := st.JobRuns(ctx, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]store.JobRun{}
		for _, run := range runs {
			got[run.Job] = run
		}
		want := map[string]string{"fine": "ok", "broken": "failed", "panics": "failed", "slow": "failed"}
		for job, outcome := range want {
			run := got[job]
			if run.Outcome != outcome || run.EndedAt == nil || run.Trigger != "manual" {
				t.Errorf("%s: %+v, want outcome %s, ended, manual", job, run, outcome)
			}
		}
		if got["panics"].Error != "panic: boom" {
			t.Errorf("panic recorded as %q", got["panics"].Error)
		}
		if len(seen) != 4 {
			t.Errorf("metrics saw %v", seen)
		}
		if _, err := r.RunNow(ctx, "nope"); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("unknown job: %v", err)
		}
	})
}

func TestASecondRunIsSkippedWhileTheFirstIsGoing(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	r := jobs.NewRunner(ctx, st, quiet(), nil)
	started, release := make(chan struct{}), make(chan struct{})
	r.Add(jobs.Job{Name: "long", Schedule: "@every 1h", Run: func(context.Context) error {
		close(started)
		<-release
		return nil
	}})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r.RunNow(ctx, "long") }()
	<-started
	second, err := r.RunNow(ctx, "long")
	close(release)
	wg.Wait()
	if err != nil || second.Outcome != "skipped" {
		t.Errorf("second run = %+v, %v; want skipped", second, err)
	}
}

func TestOnlyOneReplicaRunsAJob(t *testing.T) {
	st := storetest.Open(t)
	if !st.Postgres() {
		t.Skip("advisory locks are PostgreSQL's; SQLite is one process per file")
	}
	ctx := context.Background()
	ok, release, err := st.TryJobLock(ctx, "nightly")
	if err != nil || !ok {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	ok2, _, err := st.TryJobLock(ctx, "nightly")
	if err != nil || ok2 {
		t.Errorf("second replica got the lock: %v %v", ok2, err)
	}
	release()
	ok3, release3, err := st.TryJobLock(ctx, "nightly")
	if err != nil || !ok3 {
		t.Errorf("lock after release: %v %v", ok3, err)
	}
	release3()
}
