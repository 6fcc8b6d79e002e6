package kpi

import (
	"time"

	"wfm/civil"
)

// Date is a calendar day in some location, without a time of day: the
// house's one calendar day (package civil), named here for the KPI code.
type Date = civil.Date

// DateOf is the local calendar day of t in loc (nil = UTC).
func DateOf(t time.Time, loc *time.Location) Date { return civil.Of(t, loc) }

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) { return civil.Parse(s) }

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
