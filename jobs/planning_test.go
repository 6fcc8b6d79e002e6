package jobs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wfm/batch"
	"wfm/jobs"
	"wfm/store"
	"wfm/store/storetest"
)

// The planning jobs of the catalog reach the planning use cases: run by
// hand on a center with five weeks of history up to today, the nightly job
// publishes a forecast and staffs it, and the intraday and accuracy jobs
// run through. What they compute is planning's to test.
func TestPlanningJobsRunThePlanningUseCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site := store.Site{Name: "Utrecht", Timezone: "UTC"}
		must(t, st.CreateSite(ctx, store.System, &site))
		q := store.Queue{Code: "care", Name: "Care", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		must(t, st.CreateQueue(ctx, store.System, &q))
		today := time.Now().UTC().Truncate(24 * time.Hour)
		h := batch.History{Interval: time.Hour}
		for day := today.AddDate(0, 0, -35); day.Before(today); day = day.AddDate(0, 0, 1) {
			for at := day.Add(9 * time.Hour); at.Before(day.Add(17 * time.Hour)); at = at.Add(h.Interval) {
				h.Rows = append(h.Rows, batch.HistoryRow{Queue: q.Code, Start: at, Offered: 30})
			}
		}
		_, err := st.ImportHistory(ctx, store.System, "generated.csv", h)
		must(t, err)

		other := store.Queue{Code: "sales", Name: "Sales", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		must(t, st.CreateQueue(ctx, store.System, &other)) // no history: its part forecasts nothing, and is no failure

		e := startEngine(t, st, jobs.Config{})
		for _, name := range []string{"forecast-nightly", "reforecast-intraday", "forecast-accuracy"} {
			runOnceWithParts(t, e, name, fmt.Sprintf("queue %d", q.ID), fmt.Sprintf("queue %d", other.ID))
		}
		runs, err := st.ListForecastRuns(ctx, store.ForecastRunFilter{QueueID: q.ID, Status: store.ForecastPublished})
		must(t, err)
		if len(runs) != 1 || !runs[0].PublishedAuto {
			t.Fatalf("published runs after the nightly job: %+v", runs)
		}
		reqs, err := st.Requirements(ctx, []int64{q.ID}, today, today.AddDate(0, 0, 1))
		must(t, err)
		if len(reqs) == 0 {
			t.Error("the nightly job staffed nothing today")
		}
	})
}
