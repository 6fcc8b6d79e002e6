package jobs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wfm/civil"
	"wfm/jobs"
	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// A roster build started from the board is a job: a replica runs it and
// the build ends done with its draft (of a site without agents: empty).
func TestARosterBuildIsAJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site := store.Site{Name: "Empty", Timezone: "UTC"}
		must(t, st.CreateSite(ctx, store.System, &site))
		e := startEngine(t, st, jobs.Config{})
		builds := rostering.NewQueuedBuilds(st, quiet(), e)
		start := time.Now().UTC().AddDate(0, 0, 7).Format(time.DateOnly)
		b, err := builds.Start(ctx, store.System, store.Scope{All: true}, site.ID, civil.MustParse(start), 7, time.Second, 1)
		must(t, err)
		runs := settled(t, e, "roster-build")
		if len(runs) != 1 || runs[0].Part != fmt.Sprintf("build %d", b.ID) || runs[0].Trigger != jobs.TriggerBoard {
			t.Fatalf("build jobs: %+v", runs)
		}
		got, err := st.GetBuild(ctx, b.ID)
		must(t, err)
		if got.Status != store.BuildDone || got.ScheduleVersionID == nil || runs[0].State != "completed" || runs[0].Attempt != 1 {
			t.Errorf("build %+v, job %+v", got, runs[0])
		}
	})
}

// Two replicas on one PostgreSQL share a job's parts, each run once.
func TestTwoReplicasSplitThePartsNoneTwice(t *testing.T) {
	if storetest.Engines()[len(storetest.Engines())-1] != storetest.Postgres {
		t.Skip("replicas share PostgreSQL; SQLite is one process per file")
	}
	ctx := context.Background()
	dsn := storetest.DSN(t, storetest.Postgres)
	open := func() *store.Store {
		st, err := store.Open(ctx, dsn)
		must(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	}
	first := open()
	_, err := first.Migrate(ctx)
	must(t, err)
	site := store.Site{Name: "Utrecht", Timezone: "UTC"}
	must(t, first.CreateSite(ctx, store.System, &site))
	for i := range 12 {
		q := store.Queue{Code: fmt.Sprintf("q%d", i), Name: "Q", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		must(t, first.CreateQueue(ctx, store.System, &q))
	}
	a := startEngine(t, first, jobs.Config{Workers: 1})
	startEngine(t, open(), jobs.Config{Workers: 1})
	_, err = a.RunNow(ctx, "reforecast-intraday")
	must(t, err)
	runs := settled(t, a, "reforecast-intraday")
	byReplica := map[string]int{}
	for _, r := range runs {
		if r.State != "completed" || r.Attempt != 1 {
			t.Errorf("run %+v", r)
		}
		if r.Part != "" {
			byReplica[r.Replica]++
		}
	}
	if len(runs) != 13 || len(byReplica) != 2 {
		t.Errorf("%d jobs, parts by replica %v: want 12 parts shared by both", len(runs), byReplica)
	}
}
