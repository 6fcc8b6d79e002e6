package measure_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"wfm/measure"
	"wfm/store"
	"wfm/store/storetest"
)

// A dashboard with no days asked for shows the last week with data; more
// days than it shows are cut to the last of them. The history is imported
// through measure.Import, as the doors do.
func TestDashboardHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai",
			OpenHours: []store.OpenDays{{Weekdays: []int{1, 2, 3, 4, 5}, Open: "08:00", Close: "20:00"}}}
		must(t, st.CreateSite(ctx, store.System, &site))
		q := store.Queue{Code: "sales", Name: "Sales", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		must(t, st.CreateQueue(ctx, store.System, &q))
		csv := "queue,interval_start,offered,answered,abandoned,answered_in_sl,aht_seconds,asa_seconds\n" +
			"sales,2026-01-20 08:00,5,5,0,5,240,12\n" + // before the last week
			"sales,2026-03-01 08:00,10,9,1,8,240,12\n" +
			"sales,2026-03-02 08:00,12,12,0,11,250,8\n"
		if _, err := measure.Import(ctx, st, store.System, strings.NewReader(csv), measure.ImportBatch{Kind: "history", File: "h.csv", TZ: "Asia/Shanghai", Interval: 15 * time.Minute}); err != nil {
			t.Fatal(err)
		}
		sh, _ := time.LoadLocation("Asia/Shanghai")
		day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, sh) }
		for _, tc := range []struct {
			name     string
			from, to time.Time
			wantFrom time.Time
			rows     int
			capped   bool
		}{
			{"the last week with data", time.Time{}, time.Time{}, day(-4), 2, false}, // Feb 24 to Mar 2
			{"the days asked for", day(1), day(1), day(1), 1, false},
			{"too many days", day(1).AddDate(0, -3, 0), day(2), day(2).AddDate(0, 0, -(measure.MaxDashboardDays - 1)), 2, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w, err := measure.DashboardHistory(ctx, st, q.ID, tc.from, tc.to, sh, day(20))
				if err != nil {
					t.Fatal(err)
				}
				if !w.From.Equal(tc.wantFrom) || len(w.Rows) != tc.rows || w.Capped != tc.capped {
					t.Errorf("from %v, %d rows, capped %v; want from %v, %d rows, capped %v", w.From, len(w.Rows), w.Capped, tc.wantFrom, tc.rows, tc.capped)
				}
			})
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
