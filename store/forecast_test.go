package store_test

import (
	"context"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/store"
	"wfm/store/storetest"
)

// draftRun writes a run of n 30-minute intervals from start, volume 10+i.
func draftRun(t *testing.T, st *store.Store, queueID int64, start time.Time, n int) (*store.ForecastRun, []store.ForecastInterval) {
	t.Helper()
	run := &store.ForecastRun{QueueID: queueID, HorizonStart: start, HorizonEnd: start.Add(time.Duration(n) * 30 * time.Minute),
		IntervalSeconds: 1800, Method: "mean4+robust", HistoryDays: 70,
		Backtest: []store.BacktestError{{Method: "snaive", WAPE: 0.2, Origins: []float64{0.19, 0.21}}, {Method: "mean4+robust", WAPE: 0.1, Origins: []float64{0.1, 0.1}}}}
	ivs := make([]store.ForecastInterval, n)
	for i := range ivs {
		v := float64(10 + i)
		ivs[i] = store.ForecastInterval{IntervalStart: start.Add(time.Duration(i) * 30 * time.Minute),
			Volume: v, VolumeLow: v - 2, VolumeHigh: v + 3, AHTSeconds: 240}
	}
	must(t, st.CreateForecastRun(context.Background(), store.System, run, ivs))
	return run, ivs
}

func TestForecastRunRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, _, _ := center(t, st)
		start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		run, ivs := draftRun(t, st, q.ID, start, 600) // more than one insert batch
		got, err := st.GetForecastRun(ctx, run.ID)
		must(t, err)
		if got.Status != store.ForecastDraft || got.Version != 1 || got.Method != "mean4+robust" || !got.HorizonEnd.Equal(run.HorizonEnd) ||
			len(got.Backtest) != 2 || got.Backtest[0].Origins[1] != 0.21 || got.CreatedBy != nil {
			t.Fatalf("read back %+v", got)
		}
		back, err := st.ForecastIntervals(ctx, run.ID)
		must(t, err)
		if len(back) != len(ivs) {
			t.Fatalf("%d intervals, want %d", len(back), len(ivs))
		}
		for i := range back {
			if !back[i].IntervalStart.Equal(ivs[i].IntervalStart) || back[i].Volume != ivs[i].Volume ||
				back[i].VolumeHigh != ivs[i].VolumeHigh || back[i].OverrideVolume != nil {
				t.Fatalf("interval %d: %+v, want %+v", i, back[i], ivs[i])
			}
		}
		list, err := st.ListForecastRuns(ctx, store.ForecastRunFilter{QueueID: q.ID, Status: store.ForecastDraft})
		must(t, err)
		if len(list) != 1 || list[0].ID != run.ID {
			t.Errorf("list: %+v", list)
		}
		if _, err := st.ListForecastRuns(ctx, store.ForecastRunFilter{Status: "final"}); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("bad status filter: %v", err)
		}
	})
}

func TestForecastRunValidationNamesFields(t *testing.T) {
	st := storetest.Open(t)
	_, q, _, _ := center(t, st)
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	run := &store.ForecastRun{QueueID: q.ID, HorizonStart: start, HorizonEnd: start.Add(time.Hour), IntervalSeconds: 1800, Method: "snaive"}
	err := st.CreateForecastRun(context.Background(), store.System, run, []store.ForecastInterval{
		{IntervalStart: start.Add(10 * time.Minute), Volume: 1, VolumeLow: 1, VolumeHigh: 1, AHTSeconds: 200},
		{IntervalStart: start.Add(30 * time.Minute), Volume: -1, VolumeLow: 0, VolumeHigh: 1, AHTSeconds: 0},
	})
	e, ok := err.(*fault.Error)
	if !ok || e.Code != fault.Invalid {
		t.Fatalf("got %v", err)
	}
	for _, field := range []string{"intervals[0].interval_start", "intervals[1].volume", "intervals[1].aht_seconds"} {
		if e.Fields[field] == "" {
			t.Errorf("no problem named %s in %v", field, e.Fields)
		}
	}
}

func TestCalendarEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, q, _, _ := center(t, st)
		other := store.Site{Name: "Beijing", Timezone: "Asia/Shanghai"}
		must(t, st.CreateSite(ctx, store.System, &other))
		mult := 0.4
		holiday := store.CalendarEvent{SiteID: site.ID, Date: civil.MustParse("2026-10-01"), Kind: "holiday", Name: "national day", Multiplier: &mult}
		must(t, st.CreateCalendarEvent(ctx, store.System, &holiday))
		billing := store.CalendarEvent{SiteID: site.ID, QueueID: &q.ID, Date: civil.MustParse("2026-10-05"), Kind: "billing"}
		must(t, st.CreateCalendarEvent(ctx, store.System, &billing))
		elsewhere := store.CalendarEvent{SiteID: other.ID, Date: civil.MustParse("2026-10-02"), Kind: "outage"}
		must(t, st.CreateCalendarEvent(ctx, store.System, &elsewhere))

		wrong := store.CalendarEvent{SiteID: other.ID, QueueID: &q.ID, Date: civil.MustParse("2026-10-05"), Kind: "billing"}
		if err := st.CreateCalendarEvent(ctx, store.System, &wrong); err == nil || err.(*fault.Error).Fields["queue_id"] == "" {
			t.Errorf("queue of another site: %v", err)
		}
		bad := store.CalendarEvent{SiteID: site.ID, Kind: "party", Multiplier: &mult}
		err := st.CreateCalendarEvent(ctx, store.System, &bad)
		if e, ok := err.(*fault.Error); !ok || e.Fields["date"] == "" || e.Fields["kind"] == "" {
			t.Errorf("bad event: %v", err)
		}

		forQueue, err := st.ListCalendarEvents(ctx, store.CalendarFilter{QueueID: q.ID})
		must(t, err)
		if len(forQueue) != 2 || forQueue[0].ID != holiday.ID || forQueue[1].ID != billing.ID || *forQueue[0].Multiplier != 0.4 {
			t.Errorf("events of the queue: %+v", forQueue)
		}
		inOctoberSecond, err := st.ListCalendarEvents(ctx, store.CalendarFilter{From: civil.MustParse("2026-10-02"), To: civil.MustParse("2026-10-04")})
		must(t, err)
		if len(inOctoberSecond) != 1 || inOctoberSecond[0].ID != elsewhere.ID {
			t.Errorf("by date: %+v", inOctoberSecond)
		}

		holiday.Name = "国庆节"
		must(t, st.UpdateCalendarEvent(ctx, store.System, &holiday))
		stale := holiday
		stale.Version = 1
		if err := st.UpdateCalendarEvent(ctx, store.System, &stale); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("stale update: %v", err)
		}
		got, err := st.GetCalendarEvent(ctx, holiday.ID)
		must(t, err)
		if got.Name != "国庆节" || got.Version != 2 {
			t.Errorf("after update %+v", got)
		}
		must(t, st.DeleteCalendarEvent(ctx, store.System, holiday.ID, 2))
		if _, err := st.GetCalendarEvent(ctx, holiday.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("deleted event: %v", err)
		}
		if err := st.DeleteCalendarEvent(ctx, store.System, holiday.ID, 2); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

func TestAccuracyIsReplacedPerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, _, _ := center(t, st)
		start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		run, _ := draftRun(t, st, q.ID, start, 2)
		wape, bias := 0.25, -0.1
		day := store.AccuracyDay{QueueID: q.ID, Day: civil.MustParse("2026-03-02"), Intervals: 2, Actual: 20, Forecast: 18, AbsError: 5, WAPE: &wape, Bias: &bias}
		ivs := []store.AccuracyInterval{{IntervalStart: start, RunID: run.ID, Forecast: 8, Actual: 12}, {IntervalStart: start.Add(30 * time.Minute), RunID: run.ID, Forecast: 10, Actual: 8}}
		must(t, st.SaveAccuracy(ctx, day, ivs))
		must(t, st.SaveAccuracy(ctx, day, ivs[:1]))
		days, err := st.AccuracyDays(ctx, store.AccuracyFilter{QueueID: q.ID, From: civil.MustParse("2026-03-01"), To: civil.MustParse("2026-03-02")})
		must(t, err)
		if len(days) != 1 || *days[0].WAPE != 0.25 || days[0].MAPE != nil || *days[0].Bias != -0.1 {
			t.Errorf("days: %+v", days)
		}
		got, err := st.AccuracyIntervals(ctx, store.AccuracyFilter{QueueID: q.ID})
		must(t, err)
		if len(got) != 1 || got[0].Actual != 12 || got[0].Day != civil.MustParse("2026-03-02") {
			t.Errorf("intervals: %+v", got)
		}
	})
}
