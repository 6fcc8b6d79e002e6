package forecast

import (
	"time"

	"wfm/holidays"
)

// minHolidayEvidence is how many of a country's closing holidays a history
// must have seen closed before its center is taken to keep them.
const minHolidayEvidence = 2

// KeepsHolidays reports whether the history of s shows its center keeping
// a country's public holidays when nobody said so (a history read in UTC
// names no country): of the holidays in days that close offices and fall
// on a weekday the center is open, at least two of the country's own (not
// New Year's Day or Christmas, which most countries close on) are in the
// history, and on every one of them, common or not, the volume was below
// half that of the nearby same weekdays. One such holiday worked through
// as a normal day is evidence against. It also returns how many of its own
// were seen closed.
func KeepsHolidays(s Series, days []holidays.Day) (bool, int) {
	if s.Validate() != nil {
		return false, 0
	}
	h := dayMatrix(s, s.Volume)
	tot := dailyTotals(h)
	open := openWeekdays(h)
	holiday, common := map[int]bool{}, map[int]bool{}
	var order []int // in the order of days
	for _, d := range days {
		if dn := dateNumber(d.Date) - h.first; d.Closed && !holiday[dn] {
			holiday[dn], common[dn] = true, d.Common
			order = append(order, dn)
		}
	}
	seen := 0
	for _, d := range order {
		if d < 0 || d >= h.n() || !open[h.weekday(d)] {
			continue
		}
		m, ok := nearbyWeekdayLevel(tot, d, func(e int) bool { return holiday[e] })
		if !ok {
			continue
		}
		if tot[d] >= outlierLow*m {
			return false, seen
		}
		if !common[d] {
			seen++
		}
	}
	return seen >= minHolidayEvidence, seen
}

// PublicHolidaysFor are the public holidays of s's queue from its first
// day to the day of stop (in s's zone), as calendar events for that queue:
// those of country when one is given; otherwise, when detect is set, those
// of the one country whose closing holidays the history shows kept
// (KeepsHolidays). It returns the country used, "" for none.
func PublicHolidaysFor(s Series, country string, detect bool, stop time.Time) ([]Event, string, error) {
	civil := func(t time.Time) time.Time {
		y, m, d := t.In(s.Location).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	from, to := civil(s.Start), civil(stop)
	candidates := []string{country}
	if country == "" {
		if !detect {
			return nil, "", nil
		}
		candidates = nil
		for _, c := range holidays.Countries {
			days, err := holidays.Between(c, from, to)
			if err != nil {
				return nil, "", err
			}
			if ok, _ := KeepsHolidays(s, days); ok {
				candidates = append(candidates, c)
			}
		}
		if len(candidates) != 1 {
			return nil, "", nil
		}
	}
	days, err := holidays.Between(candidates[0], from, to)
	if err != nil {
		return nil, "", err
	}
	events := PublicHolidays(days)
	for i := range events {
		events[i].Queue = s.Queue
	}
	return events, candidates[0], nil
}
