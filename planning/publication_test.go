package planning_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"wfm/fault"
	"wfm/planning"
	"wfm/store"
	"wfm/store/storetest"
)

// draftForecast writes a draft run of n 30-minute intervals from start,
// volume 10+i.
func draftForecast(t *testing.T, st *store.Store, queueID int64, start time.Time, n int) (*store.ForecastRun, []store.ForecastInterval) {
	t.Helper()
	run := &store.ForecastRun{QueueID: queueID, HorizonStart: start, HorizonEnd: start.Add(time.Duration(n) * 30 * time.Minute),
		IntervalSeconds: 1800, Method: "mean4+robust", HistoryDays: 70}
	ivs := make([]store.ForecastInterval, n)
	for i := range ivs {
		v := float64(10 + i)
		ivs[i] = store.ForecastInterval{IntervalStart: start.Add(time.Duration(i) * 30 * time.Minute),
			Volume: v, VolumeLow: v - 2, VolumeHigh: v + 3, AHTSeconds: 240}
	}
	noErr(t, st.CreateForecastRun(context.Background(), store.System, run, ivs))
	return run, ivs
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestOverridesAreAuditedAndOnlyOnDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		q := plannedCenter(t, st, 1)[0]
		start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		run, _ := draftForecast(t, st, q.ID, start, 4)
		vol, aht := 99.0, 300.0
		who := store.Actor{UserID: 0}
		_, err := planning.OverrideForecast(ctx, st, who, run.ID, run.Version, "", []store.ForecastOverride{{IntervalStart: start, Volume: &vol}})
		if e, ok := err.(*fault.Error); !ok || e.Fields["reason"] == "" {
			t.Fatalf("no reason: %v", err)
		}
		bad := start.Add(7 * time.Minute)
		_, err = planning.OverrideForecast(ctx, st, who, run.ID, run.Version, "campaign", []store.ForecastOverride{{IntervalStart: bad, Volume: &vol}})
		if e, ok := err.(*fault.Error); !ok || e.Fields["intervals[0].interval_start"] == "" {
			t.Fatalf("interval off the grid: %v", err)
		}
		got, err := planning.OverrideForecast(ctx, st, who, run.ID, run.Version, "mailing goes out at 10", []store.ForecastOverride{
			{IntervalStart: start.Add(30 * time.Minute), Volume: &vol}, {IntervalStart: start, AHTSeconds: &aht}})
		noErr(t, err)
		if got.Version != 2 {
			t.Errorf("version %d after override, want 2", got.Version)
		}
		if _, err := planning.OverrideForecast(ctx, st, who, run.ID, 1, "again", []store.ForecastOverride{{IntervalStart: start, Volume: &vol}}); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("stale version: %v", err)
		}
		ivs, err := st.ForecastIntervals(ctx, run.ID)
		noErr(t, err)
		if ivs[1].PlannedVolume() != 99 || ivs[1].Volume != 11 || ivs[1].PlannedAHT() != 240 ||
			ivs[0].PlannedAHT() != 300 || ivs[0].PlannedVolume() != 10 || *ivs[0].OverrideReason != "mailing goes out at 10" || ivs[2].OverrideVolume != nil {
			t.Errorf("after override: %+v %+v %+v", ivs[0], ivs[1], ivs[2])
		}
		entries, err := st.ListAudit(ctx, store.AuditFilter{Entity: "forecast_run"})
		noErr(t, err)
		if len(entries) != 2 || entries[0].Action != "override" {
			t.Fatalf("audit: %+v", entries)
		}
		var detail struct {
			Reason    string `json:"reason"`
			Intervals []struct {
				VolumeBefore float64 `json:"volume_before"`
				VolumeAfter  float64 `json:"volume_after"`
			} `json:"intervals"`
		}
		noErr(t, json.Unmarshal(entries[0].Detail, &detail))
		if detail.Reason != "mailing goes out at 10" || len(detail.Intervals) != 2 || detail.Intervals[0].VolumeBefore != 11 || detail.Intervals[0].VolumeAfter != 99 {
			t.Errorf("audit detail %s", entries[0].Detail)
		}

		pub, err := planning.PublishRun(ctx, st, who, run.ID, got.Version, false)
		noErr(t, err)
		if pub.Status != store.ForecastPublished || pub.PublishedAt == nil || pub.PublishedAuto {
			t.Errorf("published: %+v", pub)
		}
		if _, err := planning.OverrideForecast(ctx, st, who, run.ID, 0, "late", []store.ForecastOverride{{IntervalStart: start, Volume: &vol}}); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("override of a published run: %v", err)
		}
		if _, err := planning.PublishRun(ctx, st, who, run.ID, 0, false); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("publishing twice: %v", err)
		}
		if _, err := planning.PublishRun(ctx, st, who, 424242, 0, false); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("publishing nothing: %v", err)
		}
	})
}

func TestANewerPublicationSupersedesWhereItCovers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		q := plannedCenter(t, st, 1)[0]
		clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return clock })
		start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		if _, err := st.LatestPublication(ctx, q.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("no publication yet: %v", err)
		}
		old, _ := draftForecast(t, st, q.ID, start, 4) // 00:00-02:00, volumes 10..13
		_, err := planning.PublishRun(ctx, st, store.System, old.ID, 0, true)
		noErr(t, err)
		clock = clock.Add(time.Hour)
		newer, _ := draftForecast(t, st, q.ID, start.Add(time.Hour), 4) // 01:00-03:00, volumes 10..13
		vol := 50.0
		_, err = planning.OverrideForecast(ctx, st, store.System, newer.ID, 0, "promo", []store.ForecastOverride{{IntervalStart: start.Add(time.Hour), Volume: &vol}})
		noErr(t, err)
		clock = clock.Add(time.Hour)
		_, err = planning.PublishRun(ctx, st, store.System, newer.ID, 0, false)
		noErr(t, err)
		draftForecast(t, st, q.ID, start, 6) // a draft never counts

		got, err := planning.PublishedIntervals(ctx, st, q.ID, start, start.Add(4*time.Hour), time.Time{})
		noErr(t, err)
		want := []struct {
			run    int64
			volume float64
		}{{old.ID, 10}, {old.ID, 11}, {newer.ID, 50}, {newer.ID, 11}, {newer.ID, 12}, {newer.ID, 13}}
		if len(got) != len(want) {
			t.Fatalf("%d intervals, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			if got[i].RunID != w.run || got[i].PlannedVolume() != w.volume || !got[i].IntervalStart.Equal(start.Add(time.Duration(i)*30*time.Minute)) {
				t.Errorf("interval %d: run %d volume %v at %s, want run %d volume %v", i, got[i].RunID, got[i].PlannedVolume(), got[i].IntervalStart, w.run, w.volume)
			}
		}
		// As it stood before the newer run's history ended: the old one only.
		asOf, err := planning.PublishedIntervals(ctx, st, q.ID, start, start.Add(4*time.Hour), start)
		noErr(t, err)
		if len(asOf) != 4 || asOf[3].RunID != old.ID {
			t.Errorf("as of %s: %+v", start, asOf)
		}
		latest, err := st.LatestPublication(ctx, q.ID)
		noErr(t, err)
		if latest.ID != newer.ID || latest.PublishedAuto {
			t.Errorf("latest publication %+v", latest)
		}
	})
}
