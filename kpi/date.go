package kpi

import (
	"fmt"
	"time"
)

// Date is a calendar day in some location, without a time of day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the local calendar day of t in loc (nil = UTC).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("want a date YYYY-MM-DD, got %q", s)
	}
	return DateOf(t, time.UTC), nil
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Start is local midnight of d in loc (nil = UTC).
func (d Date) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays is the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC), time.UTC)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// splitByDay calls fn with each local day's share of [from, to).
// Local days are 23, 24 or 25 hours long.
func splitByDay(from, to time.Time, loc *time.Location, fn func(d Date, part time.Duration)) {
	for from.Before(to) {
		d := DateOf(from, loc)
		next := d.AddDays(1).Start(loc)
		if !next.After(from) || next.After(to) {
			next = to
		}
		fn(d, next.Sub(from))
		from = next
	}
}
