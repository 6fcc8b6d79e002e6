package rostering_test

import (
	"context"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// A build starts for a known site, from a day of the planning window, for
// 1 to 62 days; one running build per site, unless it has been running so
// long that its process must have died.
func TestStartBuildRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		site, _, _, _ := center(t, st)
		start := civil.MustParse("2026-12-07")
		for _, tc := range []struct {
			name  string
			site  int64
			start civil.Date
			days  int
			code  fault.Code
			field string
		}{
			{"no days", site.ID, start, 0, fault.Invalid, "days"},
			{"63 days", site.ID, start, 63, fault.Invalid, "days"},
			{"no start", site.ID, civil.Date{}, 7, fault.Invalid, "start_date"},
			{"start in year 1", site.ID, civil.MustParse("0001-01-01"), 7, fault.Invalid, "start_date"},
			{"unknown site", site.ID + 100, start, 7, fault.NotFound, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := rostering.StartBuild(ctx, st, store.System, tc.site, tc.start, tc.days, time.Hour)
				if fault.CodeOf(err) != tc.code {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				if fe, ok := err.(*fault.Error); tc.field != "" && (!ok || fe.Fields[tc.field] == "") {
					t.Errorf("err = %v, want it to name %s", err, tc.field)
				}
			})
		}

		first, err := rostering.StartBuild(ctx, st, store.System, site.ID, start, 62, time.Hour)
		must(t, err)
		if first.Status != store.BuildRunning || first.ID == 0 {
			t.Fatalf("build = %+v, want a running one", first)
		}
		if _, err := rostering.StartBuild(ctx, st, store.System, site.ID, start, 7, time.Hour); fault.CodeOf(err) != fault.Conflict {
			t.Fatalf("second build while the first runs: err = %v, want conflict", err)
		}
		now = now.Add(2 * time.Hour)
		second, err := rostering.StartBuild(ctx, st, store.System, site.ID, start, 7, time.Hour)
		must(t, err)
		old, err := st.GetBuild(ctx, first.ID)
		must(t, err)
		if old.Status != store.BuildFailed || old.Error != "abandoned: still running after 1h0m0s" || second.ID == first.ID {
			t.Errorf("stale build = %s %q, want failed as abandoned", old.Status, old.Error)
		}
	})
}
