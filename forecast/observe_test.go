package forecast

import (
	"testing"
	"time"

	"wfm/holidays"
)

// A center closed on Memorial Day, Juneteenth and Independence Day 2026
// (kept Friday 3 July) keeps the US holidays; one that worked through
// Independence Day does not, nor does a history that saw a single
// closure; the Israeli festivals, worked through, are not its holidays.
// A center closed on Christmas and New Year's Day (most countries are) is
// no US center for that.
func TestKeepsHolidaysFromTheHistory(t *testing.T) {
	start := time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC) // a Monday
	closedOn := func(dates ...string) func(time.Time) float64 {
		return func(t time.Time) float64 {
			for _, d := range dates {
				if t.Format(time.DateOnly) == d {
					return 0
				}
			}
			return shape(t)
		}
	}
	us, err := holidays.Between("US", start, start.AddDate(0, 0, 20*7))
	if err != nil {
		t.Fatal(err)
	}
	il, err := holidays.Between("IL", start, start.AddDate(0, 0, 20*7))
	if err != nil {
		t.Fatal(err)
	}
	winter := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC) // a Monday
	usWinter, err := holidays.Between("US", winter, winter.AddDate(0, 0, 7*7))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		start  time.Time
		name   string
		closed []string
		weeks  int
		days   []holidays.Day
		want   bool
		seen   int
	}{
		{start, "closed on all three", []string{"2026-05-25", "2026-06-19", "2026-07-03"}, 16, us, true, 3},
		{start, "worked on 3 July", []string{"2026-05-25", "2026-06-19"}, 16, us, false, 2},
		{start, "only one seen", []string{"2026-05-25"}, 9, us, false, 1},
		{start, "not Israeli", []string{"2026-05-25", "2026-06-19", "2026-07-03"}, 16, il, false, 0},
		{winter, "Christmas and New Year's Day", []string{"2025-12-25", "2026-01-01"}, 7, usWinter, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := synthetic(time.UTC, tc.start, tc.weeks*7, closedOn(tc.closed...), 3)
			if ok, seen := KeepsHolidays(s, tc.days); ok != tc.want || seen != tc.seen {
				t.Errorf("%s: %v, %d seen; want %v, %d", tc.name, ok, seen, tc.want, tc.seen)
			}
		})
	}
}
