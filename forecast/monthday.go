package forecast

import (
	"math"
	"time"
)

// Many queues run hotter on the first open days of a month (statements,
// salaries, billing) and some at its end. The effect of a day's position
// among the open days of its month is learned from the history: for each
// of the first three and the last two open days, the median ratio of the
// day's total to the median of its weekday in the weeks around it, shrunk
// toward 1 by its number of occurrences. Positions seen fewer than three
// times, with an effect under 2%, or with a median ratio within
// domSignificance standard errors of 1 are left alone: on a center whose
// days move by 16% (center_test.go), four months gave every position an
// "effect" of 5-13% from noise alone, which the forecast then put on the
// first and last days of the next month.
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
		med := median(rs)
		eff := 1 + (med-1)*n/(n+3)
		if (eff > 1.02 || eff < 0.98) && math.Abs(med-1) >= domSignificance*medianSE(rs) {
			effects[pos] = eff
		}
	}
	return effects
}

// Some queues follow the calendar date too, not only the first and last
// open days: on the 1999 series days 2-5 and 9-13 of the month run 10-30%
// above their weekday and days 24-30 10-20% below (salaries and standing
// orders fall on fixed dates). After the month positions' effects are
// divided out, each calendar day of the month gets the median ratio of its
// days to the median of their weekday in the weeks around them, pooled
// with the day before and after (a date effect spreads as it moves across
// weekends, and three days have three times the occurrences), shrunk
// toward 1 by the number of ratios. Days with fewer than domMinRatios
// ratios, an effect under domMinEffect, or a median ratio within
// domSignificance standard errors of 1 are left alone: on the bank 2003
// series the 3% date effects a few months suggest made its forecasts worse.
const (
	domMinRatios = 6
	domShrink    = 6
	domMinEffect = 0.05
	// domSignificance is how many standard errors an effect must stand
	// from 1 to be kept: a date effect found in a few months of noisy
	// days is more often noise than a pattern.
	domSignificance = 2.0
)

// dayOfMonth is the calendar day of the month of day number dn.
func dayOfMonth(dn int) int { return time.Unix(int64(dn)*86400, 0).UTC().Day() }

// dayOfMonthEffects learns the effect of each calendar day of the month
// from the open days not in skip.
func dayOfMonthEffects(h days, skip []bool, open [7]bool) map[int]float64 {
	tot := dailyTotals(h)
	var ratios [32][]float64
	near := make([]float64, 0, 8)
	for d := range tot {
		if skip[d] || !open[h.weekday(d)] {
			continue
		}
		near = near[:0]
		for _, off := range []int{-28, -21, -14, -7, 7, 14, 21, 28} {
			if e := d + off; e >= 0 && e < h.n() && !skip[e] {
				near = append(near, tot[e])
			}
		}
		if len(near) < 2 {
			continue
		}
		if m := median(near); m > 0 {
			dom := dayOfMonth(h.first + d)
			ratios[dom] = append(ratios[dom], tot[d]/m)
		}
	}
	effects := map[int]float64{}
	pooled := make([]float64, 0, 32)
	for dom := 1; dom <= 31; dom++ {
		pooled = pooled[:0]
		for x := max(1, dom-1); x <= min(31, dom+1); x++ {
			pooled = append(pooled, ratios[x]...)
		}
		if len(pooled) < domMinRatios {
			continue
		}
		n := float64(len(pooled))
		med := median(pooled)
		eff := 1 + (med-1)*n/(n+domShrink)
		if math.Abs(eff-1) >= domMinEffect && math.Abs(med-1) >= domSignificance*medianSE(pooled) {
			effects[dom] = eff
		}
	}
	return effects
}

// medianSE is the standard error of the median of xs (at least two):
// about 1.25 sd/sqrt(n).
func medianSE(xs []float64) float64 {
	n := float64(len(xs))
	var mean, ss float64
	for _, x := range xs {
		mean += x / n
	}
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return 1.2533 * math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}
