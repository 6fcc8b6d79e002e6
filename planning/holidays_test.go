package planning_test

import (
	"context"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/fault"
	"wfm/planning"
	"wfm/store"
	"wfm/store/storetest"
)

// A New York site's forecasts know the federal holidays without a calendar
// entry (the site's public_holidays is "auto": its zone's country), forget
// them when the site says "none", and find them again in UTC from the
// days the history was closed. The history is closed on Martin
// Luther King Day and Washington's Birthday; the forecast from Friday 22
// May 2026 has Memorial Day on Monday the 25th.
func TestSitePublicHolidaysReachTheForecast(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ny, err := time.LoadLocation("America/New_York")
		if err != nil {
			t.Fatal(err)
		}
		site := store.Site{Name: "New York", Timezone: "America/New_York"}
		if err := st.CreateSite(ctx, store.System, &site); err != nil {
			t.Fatal(err)
		}
		if site.PublicHolidays != store.HolidaysAuto {
			t.Fatalf("a new site keeps %q public holidays, want %q", site.PublicHolidays, store.HolidaysAuto)
		}
		q := store.Queue{Code: "care", Name: "Care", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		if err := st.CreateQueue(ctx, store.System, &q); err != nil {
			t.Fatal(err)
		}
		h := batch.History{Interval: 30 * time.Minute}
		first := time.Date(2026, 1, 5, 0, 0, 0, 0, ny)
		for d := 0; d < 20*7-2; d++ {
			day := first.AddDate(0, 0, d)
			ds := day.Format(time.DateOnly)
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday || ds == "2026-01-19" || ds == "2026-02-16" {
				continue
			}
			for at := day.Add(9 * time.Hour); at.Before(day.Add(17 * time.Hour)); at = at.Add(h.Interval) {
				h.Rows = append(h.Rows, batch.HistoryRow{Queue: q.Code, Start: at, Offered: 40})
			}
		}
		if _, err := st.ImportHistory(ctx, store.System, "generated.csv", h); err != nil {
			t.Fatal(err)
		}
		memorialDay := func() float64 {
			t.Helper()
			runs, err := planning.Forecast(ctx, st, store.Actor{}, planning.ForecastRequest{QueueIDs: []int64{q.ID}, Days: 7, Method: "mean4"})
			if err != nil {
				t.Fatal(err)
			}
			ivs, err := st.ForecastIntervals(ctx, runs[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			var sum float64
			for _, iv := range ivs {
				if iv.IntervalStart.In(ny).Format(time.DateOnly) == "2026-05-25" {
					sum += iv.Volume
				}
			}
			return sum
		}
		const monday = 16 * 40
		if got := memorialDay(); got > 1 {
			t.Errorf("auto: Memorial Day forecast %.1f, want closed", got)
		}
		site.PublicHolidays = store.HolidaysNone
		if err := st.UpdateSite(ctx, store.System, &site); err != nil {
			t.Fatal(err)
		}
		if got := memorialDay(); got < monday*0.9 {
			t.Errorf("none: Memorial Day forecast %.1f, want a Monday's %d", got, monday)
		}
		got, err := st.GetSite(ctx, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PublicHolidays != store.HolidaysNone {
			t.Errorf("public_holidays read back %q", got.PublicHolidays)
		}
		// In UTC (a zone of no country) "auto" finds the holidays the
		// history is closed on: the US ones.
		got.Timezone, got.PublicHolidays = "UTC", store.HolidaysAuto
		if err := st.UpdateSite(ctx, store.System, got); err != nil {
			t.Fatal(err)
		}
		if v := memorialDay(); v > 1 {
			t.Errorf("UTC, auto: Memorial Day forecast %.1f, want closed (the history keeps the US holidays)", v)
		}
		got.PublicHolidays = "FR"
		if err := st.UpdateSite(ctx, store.System, got); err == nil || fault.CodeOf(err) != fault.Invalid {
			t.Errorf("public_holidays FR: %v, want invalid", err)
		}
	})
}

// The public holidays a site keeps: its zone's country by default, none
// when it says so or when its zone names no country (the forecast then
// finds them in the history), or the country it names.
func TestPublicHolidaysOfASite(t *testing.T) {
	cases := []struct {
		name, zone, setting, country string
	}{
		{"New York auto", "America/New_York", store.HolidaysAuto, "US"},
		{"New York unset", "America/New_York", "", "US"},
		{"New York none", "America/New_York", store.HolidaysNone, ""},
		{"UTC auto", "UTC", store.HolidaysAuto, ""},
		{"UTC keeps IL", "UTC", "IL", "IL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := store.Site{Timezone: c.zone, PublicHolidays: c.setting}
			if got := planning.HolidayCountry(&site); got != c.country {
				t.Errorf("%s, %q: %q, want %q", c.zone, c.setting, got, c.country)
			}
		})
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site := store.Site{Name: "New York", Timezone: "America/New_York"}
		if err := st.CreateSite(ctx, store.System, &site); err != nil {
			t.Fatal(err)
		}
		days, err := planning.PublicHolidays(ctx, st, site.ID, civil.MustParse("2026-05-01"), civil.MustParse("2026-05-31"))
		if err != nil || len(days) != 1 || days[0].Date != "2026-05-25" {
			t.Errorf("New York in May 2026: %+v %v, want Memorial Day", days, err)
		}
		site.PublicHolidays = store.HolidaysNone
		if err := st.UpdateSite(ctx, store.System, &site); err != nil {
			t.Fatal(err)
		}
		if days, err := planning.PublicHolidays(ctx, st, site.ID, civil.MustParse("2026-05-01"), civil.MustParse("2026-05-31")); err != nil || days == nil || len(days) != 0 {
			t.Errorf("none: %+v %v, want an empty list", days, err)
		}
		for _, tc := range []struct {
			name     string
			from, to civil.Date
		}{
			{"no start", civil.Date{}, civil.MustParse("2026-05-31")},
			{"end before start", civil.MustParse("2026-05-31"), civil.MustParse("2026-05-01")},
			{"four years", civil.MustParse("2026-01-01"), civil.MustParse("2030-01-01")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := planning.PublicHolidays(ctx, st, site.ID, tc.from, tc.to); fault.CodeOf(err) != fault.Invalid {
					t.Errorf("%s to %s: %v, want invalid", tc.from, tc.to, err)
				}
			})
		}
		if _, err := planning.PublicHolidays(ctx, st, site.ID+1, civil.MustParse("2026-05-01"), civil.MustParse("2026-05-31")); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("no such site: %v, want not found", err)
		}
	})
}
