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

// startEngine starts a job engine on st working jobs, which stops with the
// test.
func startEngine(t *testing.T, st *store.Store, cfg jobs.Config) *jobs.Engine {
	t.Helper()
	cfg.Store, cfg.Log = st, quiet()
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	cfg.PollEvery = 100 * time.Millisecond
	e, err := jobs.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := e.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
		e.Close()
	})
	return e
}

// settled waits until no job of the engine is queued or running (retried
// jobs wait for their backoff: they count as settled), and returns them.
// runOnceWithParts runs a catalog job by hand and checks that it and each
// of its parts (named as Run.Part names them) ran once, on the first
// attempt, and nothing else ran.
func runOnceWithParts(t *testing.T, e *jobs.Engine, name string, parts ...string) {
	t.Helper()
	if _, err := e.RunNow(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	runs := settled(t, e, name)
	ran := map[string]int{}
	for _, r := range runs {
		if r.State != "completed" || r.Attempt != 1 {
			t.Errorf("%s: %+v", name, r)
		}
		ran[r.Part]++
	}
	ok := len(runs) == len(parts)+1 && ran[""] == 1
	for _, p := range parts {
		ok = ok && ran[p] == 1
	}
	if !ok {
		t.Errorf("%s ran %+v, want itself and once each of %v", name, runs, parts)
	}
}

func settled(t *testing.T, e *jobs.Engine, job string) []jobs.Run {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		runs, err := e.Runs(context.Background(), job, 500)
		if err != nil {
			t.Fatal(err)
		}
		busy := false
		for _, r := range runs {
			switch r.State {
			case "available", "running", "pending":
				busy = true
			}
		}
		if !busy {
			return runs
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs still busy: %+v", runs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestJobsRunAndFailWithTheirError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		var seen []string
		e := startEngine(t, st, jobs.Config{
			Observe: func(job, outcome string, _ time.Duration) {
				mu.Lock()
				defer mu.Unlock()
				seen = append(seen, job+":"+outcome)
			},
			Catalog: []jobs.Job{
				{Name: "fine", Schedule: "@every 1h", Run: func(context.Context) error { return nil }},
				{Name: "broken", Schedule: "@every 1h", Run: func(context.Context) error { return errors.New("no forecast") }},
				{Name: "panics", Schedule: "@every 1h", Run: func(context.Context) error { panic("boom") }},
				{Name: "refused", Schedule: "@every 1h", Run: func(context.Context) error { return fault.Errorf(fault.Invalid, "no queue") }},
				{Name: "slow", Schedule: "@every 1h", Timeout: 50 * time.Millisecond, Run: func(ctx context.Context) error {
					<-ctx.Done()
					return ctx.Err()
				}},
			}})
		for _, name := range []string{"fine", "broken", "panics", "refused", "slow"} {
			run, err := e.RunNow(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			if run.Job != name || run.Trigger != jobs.TriggerManual || run.State != "available" {
				t.Errorf("queued %s: %+v", name, run)
			}
		}
		got := map[string]jobs.Run{}
		for _, r := range settled(t, e, "") {
			got[r.Job] = r
		}
		// A failure is retried later (River's backoff); a refusal of the
		// data is final.
		want := map[string]struct{ state, err string }{
			"fine":    {"completed", ""},
			"broken":  {"retryable", "no forecast"},
			"panics":  {"retryable", "panic: boom"},
			"refused": {"cancelled", "no queue"},
			"slow":    {"retryable", "timed out after 50ms: context deadline exceeded"},
		}
		for job, w := range want {
			r := got[job]
			retried := w.state == "retryable" && r.State == "retryable" && r.Attempt >= 1
			if !retried && (r.State != w.state || r.Attempt != 1) || r.Error != w.err || r.Replica == "" {
				t.Errorf("%s: %+v, want %s with error %q", job, r, w.state, w.err)
			}
			if r.Failed() != (w.err != "") {
				t.Errorf("%s: failed %v", job, r.Failed())
			}
		}
		mu.Lock()
		if len(seen) < 5 {
			t.Errorf("metrics saw %v", seen)
		}
		mu.Unlock()
		if _, err := e.RunNow(ctx, "nope"); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("unknown job: %v", err)
		}
	})
}

// A replica with WFM_JOBS=false queues jobs and runs none: a replica that
// works jobs runs them.
func TestAReplicaWithoutWorkersOnlyQueues(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	ran := make(chan struct{}, 1)
	catalog := []jobs.Job{{Name: "once", Schedule: "0 3 * * *", Run: func(context.Context) error { ran <- struct{}{}; return nil }}}
	web, err := jobs.New(ctx, jobs.Config{Store: st, Log: quiet(), Catalog: catalog})
	if err != nil {
		t.Fatal(err)
	}
	defer web.Close()
	must(t, web.Start(ctx))
	if _, err := web.RunNow(ctx, "once"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ran:
		t.Fatal("a replica without workers ran a job")
	case <-time.After(300 * time.Millisecond):
	}
	startEngine(t, st, jobs.Config{Catalog: catalog})
	select {
	case <-ran:
	case <-time.After(30 * time.Second):
		t.Fatal("the working replica did not run the queued job")
	}
}

func TestCatalogSchedulesParse(t *testing.T) {
	st := storetest.OpenEngine(t, storetest.SQLite)
	e, err := jobs.New(context.Background(), jobs.Config{Store: st, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	names := map[string]bool{}
	for _, j := range e.List() {
		names[j.Name] = true
	}
	for _, n := range []string{"session-cleanup", "forecast-nightly", "reforecast-intraday", "forecast-accuracy", "roster-next-week",
		"roster-request-reminders", "kpi-rollup-today", "kpi-rollup-yesterday", "strain-alerts", "review-drafts", "complaint-follow-ups"} {
		if !names[n] {
			t.Errorf("job %s missing from the catalog", n)
		}
	}
	if _, err := jobs.New(context.Background(), jobs.Config{Store: st, Log: quiet(),
		Catalog: []jobs.Job{{Name: "bad", Schedule: "every day", Run: func(context.Context) error { return nil }}}}); err == nil {
		t.Error("a bad schedule was accepted")
	}
}

// A rescue delay shorter than a job's timeout cuts the job short at half
// the delay: a living job's context ends, and its end is recorded, before
// River would take its replica for dead and run it again elsewhere.
func TestTheRescueDelayCutsLongerTimeouts(t *testing.T) {
	st := storetest.OpenEngine(t, storetest.SQLite)
	ctx := context.Background()
	e := startEngine(t, st, jobs.Config{RescueAfter: 2 * time.Second, Catalog: []jobs.Job{
		{Name: "long", Schedule: "@every 1h", Timeout: time.Hour, Run: func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}},
	}})
	_, err := e.RunNow(ctx, "long")
	must(t, err)
	runs := settled(t, e, "long")
	if len(runs) != 1 || runs[0].Error != "timed out after 1s: context deadline exceeded" {
		t.Errorf("runs %+v, want the job cut at half the rescue delay", runs)
	}
	if e.Replica() == "" || runs[0].Replica != e.Replica() {
		t.Errorf("replica %q, the job's %q", e.Replica(), runs[0].Replica)
	}
}
