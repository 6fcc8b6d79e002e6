package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// usHistory writes 20 weeks of a New York queue open 09:00-17:00 Monday to
// Friday with 20 contacts per 15 minutes, closed (no rows) on Martin Luther
// King Day and Washington's Birthday 2026, so that the federal holidays in
// the history teach what a holiday does.
func usHistory(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("queue,interval_start,offered\n")
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	for d := 0; d < 7*20; d++ {
		day := start.AddDate(0, 0, d)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if ds := day.Format(time.DateOnly); ds == "2026-01-19" || ds == "2026-02-16" {
			continue
		}
		for m := 9 * 60; m < 17*60; m += 15 {
			fmt.Fprintf(&b, "care,%s,20\n", day.Add(time.Duration(m)*time.Minute).Format("2006-01-02 15:04"))
		}
	}
	path := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dayVolume is the forecast's total volume per local date.
func dayVolume(t *testing.T, out string) map[string]float64 {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tot := map[string]float64{}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		tot[r[1][:10]] += v
	}
	return tot
}

// The history ends on Friday 22 May 2026; Memorial Day is Monday the 25th.
// By default the forecast knows the public holidays of the zone's country:
// Memorial Day is forecast closed like the two holidays the history saw.
// --holidays none forecasts it as a Monday, a calendar entry on the date
// wins over the built-in holiday, and in UTC the holidays are found from
// the history's closures.
func TestForecastKnowsPublicHolidaysOfTheZone(t *testing.T) {
	hist := usHistory(t)
	forecastDays := func(extra ...string) map[string]float64 {
		t.Helper()
		args := append([]string{"forecast", "--history", hist, "--tz", "America/New_York", "--horizon", "14d", "--method", "mean4"}, extra...)
		out, stderr, err := runWFM(args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", extra, err, stderr)
		}
		return dayVolume(t, out)
	}
	const monday = 32 * 20 // a normal day: 32 intervals of 20
	if got := forecastDays(); got["2026-05-25"] > 1 || got["2026-05-26"] < monday*0.9 {
		t.Errorf("auto: Memorial Day %.1f (want closed), the Tuesday after %.1f (want about %d)", got["2026-05-25"], got["2026-05-26"], monday)
	}
	if got := forecastDays("--holidays", "US"); got["2026-05-25"] > 1 {
		t.Errorf("--holidays US: Memorial Day %.1f, want closed", got["2026-05-25"])
	}
	if got := forecastDays("--holidays", "none"); got["2026-05-25"] < monday*0.9 {
		t.Errorf("--holidays none: Memorial Day %.1f, want a Monday's %d", got["2026-05-25"], monday)
	}
	cal := filepath.Join(t.TempDir(), "calendar.csv")
	if err := os.WriteFile(cal, []byte("date,kind,multiplier\n2026-05-25,campaign,1.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := forecastDays("--calendar", cal); got["2026-05-25"] < monday*1.4 || got["2026-05-25"] > monday*1.6 {
		t.Errorf("calendar campaign x1.5 on Memorial Day: %.1f, want about %.0f", got["2026-05-25"], monday*1.5)
	}
	// Read in UTC (a zone of no country) the history's own closures say
	// which holidays it keeps: the US ones, as stderr reports.
	out, stderr, err := runWFM("forecast", "--history", hist, "--tz", "UTC", "--horizon", "14d", "--method", "mean4")
	if err != nil {
		t.Fatal(err)
	}
	if got := dayVolume(t, out); got["2026-05-25"] > 1 || !strings.Contains(stderr, "care: the history is closed on the public holidays of US") {
		t.Errorf("UTC: Memorial Day %.1f (want closed); stderr %q", got["2026-05-25"], stderr)
	}
	// A country without rules is refused, naming the flag and the countries known.
	if _, _, err := runWFM("forecast", "--history", hist, "--tz", "America/New_York", "--holidays", "XX"); err == nil || !strings.Contains(err.Error(), "--holidays") || !strings.Contains(err.Error(), "CN, IL, US") {
		t.Errorf("--holidays XX: %v", err)
	}
}

// A Shanghai queue open 09:00-17:00 on working days: closed on the
// Chinese days off of National Day 2025 and New Year's Day 2026, open on
// their make-up Saturdays and Sundays. By default (Asia/Shanghai means
// CN) the forecast over Spring Festival 2026 has the break's weekdays
// closed and its make-up Saturdays (14 and 28 February) open like a
// working day; --holidays none forecasts them as plain weekdays and
// Saturdays; --holidays CN works in any zone.
func TestForecastKnowsChineseMakeUpDays(t *testing.T) {
	var b strings.Builder
	b.WriteString("queue,interval_start,offered\n")
	cnOff := map[string]bool{"2026-01-01": true, "2026-01-02": true}
	for d := 1; d <= 8; d++ {
		cnOff[fmt.Sprintf("2025-10-%02d", d)] = true
	}
	makeUp := map[string]bool{"2025-09-28": true, "2025-10-11": true, "2026-01-04": true}
	start := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	for day := start; day.Before(time.Date(2026, 2, 7, 0, 0, 0, 0, time.UTC)); day = day.AddDate(0, 0, 1) {
		ds := day.Format(time.DateOnly)
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		if cnOff[ds] || (weekend && !makeUp[ds]) {
			continue
		}
		for m := 9 * 60; m < 17*60; m += 15 {
			fmt.Fprintf(&b, "care,%s,20\n", day.Add(time.Duration(m)*time.Minute).Format("2006-01-02 15:04"))
		}
	}
	hist := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(hist, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	forecastDays := func(t *testing.T, args ...string) map[string]float64 {
		t.Helper()
		out, stderr, err := runWFM(append([]string{"forecast", "--history", hist, "--horizon", "28d", "--method", "mean4"}, args...)...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
		return dayVolume(t, out)
	}
	const workday = 32 * 20
	for _, args := range [][]string{{"--tz", "Asia/Shanghai"}, {"--tz", "UTC", "--holidays", "CN"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			got := forecastDays(t, args...)
			for _, d := range []string{"2026-02-14", "2026-02-28"} {
				if got[d] < workday*0.9 {
					t.Errorf("%v: make-up Saturday %s: %.1f, want a working day's %d", args, d, got[d], workday)
				}
			}
			for _, d := range []string{"2026-02-16", "2026-02-18", "2026-02-20", "2026-02-23"} {
				if got[d] > 1 {
					t.Errorf("%v: %s inside the Spring Festival break: %.1f, want closed", args, d, got[d])
				}
			}
		})
	}
	got := forecastDays(t, "--tz", "Asia/Shanghai", "--holidays", "none")
	if got["2026-02-14"] > 1 || got["2026-02-18"] < workday*0.9 {
		t.Errorf("--holidays none: Saturday 14 February %.1f (want closed), Wednesday 18th %.1f (want %d)", got["2026-02-14"], got["2026-02-18"], workday)
	}
}
