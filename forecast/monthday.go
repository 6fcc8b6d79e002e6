package forecast

import "time"

// Many queues run hotter on the first open days of a month (statements,
// salaries, billing) and some at its end. The effect of a day's position
// among the open days of its month is learned from the history: for each
// of the first three and the last two open days, the median ratio of the
// day's total to the median of its weekday in the weeks around it, shrunk
// toward 1 by its number of occurrences. Positions seen fewer than three
// times, or with an effect under 2%, are left alone.
const (
	monthStartDays = 3
	monthEndDays   = 2
)

// monthPosition is 1..monthStartDays for the first open days of the month,
// -1..-monthEndDays for the last ones, else 0.
func monthPosition(dn int, open [7]bool) int {
	t := time.Unix(int64(dn)*86400, 0).UTC()
	first := dn - (t.Day() - 1)
	daysIn := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	last := first + daysIn - 1
	k := 0
	for x := first; x <= dn; x++ {
		if open[weekdayOfDayNumber(x)] {
			k++
		}
	}
	if !open[weekdayOfDayNumber(dn)] {
		return 0
	}
	if k <= monthStartDays {
		return k
	}
	e := 0
	for x := dn; x <= last; x++ {
		if open[weekdayOfDayNumber(x)] {
			e++
		}
	}
	if e <= monthEndDays {
		return -e
	}
	return 0
}

// openWeekdays says which weekdays had volume in the last eight weeks.
func openWeekdays(h days) [7]bool {
	tot := dailyTotals(h)
	var open [7]bool
	for w := range open {
		var xs []float64
		for _, d := range sameWeekday(h, time.Weekday(w), 8) {
			xs = append(xs, tot[d])
		}
		open[w] = median(xs) > 0
	}
	return open
}

// monthEffects learns the effect of each month position from the days not
// in skip.
func monthEffects(h days, skip []bool, open [7]bool) map[int]float64 {
	tot := dailyTotals(h)
	ratios := map[int][]float64{}
	near := make([]float64, 0, 8)
	for d := range tot {
		pos := monthPosition(h.first+d, open)
		if pos == 0 || skip[d] {
			continue
		}
		near = near[:0]
		for _, off := range []int{-28, -21, -14, -7, 7, 14, 21, 28} {
			e := d + off
			if e >= 0 && e < h.n() && !skip[e] && monthPosition(h.first+e, open) == 0 {
				near = append(near, tot[e])
			}
		}
		if len(near) < 2 {
			continue
		}
		if m := median(near); m > 0 {
			ratios[pos] = append(ratios[pos], tot[d]/m)
		}
	}
	effects := map[int]float64{}
	for pos, rs := range ratios {
		if len(rs) < 3 {
			continue
		}
		n := float64(len(rs))
		eff := 1 + (median(rs)-1)*n/(n+3)
		if eff > 1.02 || eff < 0.98 {
			effects[pos] = eff
		}
	}
	return effects
}
