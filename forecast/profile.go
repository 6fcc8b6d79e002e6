package forecast

import (
	"fmt"
	"math"
	"time"
)

// profileWeeks is how many weeks of each weekday shape the intraday
// profile, and smoothMinutes how far either side of an interval it is
// smoothed, unless a method says otherwise.
const (
	profileWeeks  = 8
	smoothMinutes = 15
)

// profileSpec is how a method shapes its intraday profiles; zero values
// take the defaults above. With adaptive, a weekday's own shape is shrunk
// toward its like weekdays' by as much as their difference is noise
// (adaptiveOwnWeight) rather than by a fixed fifth.
type profileSpec struct {
	weeks, smoothMinutes int
	adaptive             bool
}

func (p profileSpec) orDefault() profileSpec {
	if p.weeks <= 0 {
		p.weeks = profileWeeks
	}
	if p.smoothMinutes <= 0 {
		p.smoothMinutes = smoothMinutes
	}
	return p
}

// intradayProfile is the share of the day's volume in each interval for
// weekday wd: pooled over the last weeks of that weekday (a quiet day, such
// as a holiday, then weighs little), smoothed across neighbouring open
// intervals, and shrunk toward the pooled profile of every weekday where
// the two are open alike. The shares sum to 1, or are all 0 when the
// weekday has never had volume.
func intradayProfile(h days, wd time.Weekday, spec profileSpec) []float64 {
	spec = spec.orDefault()
	weeks := spec.weeks
	own := pooledShares(h, sameWeekday(h, wd, weeks))
	if own == nil {
		return make([]float64, h.slots)
	}
	// Pool only the weekdays shaped like this one (Sun-Thu on the 1999
	// series, whose Friday closes at 14:00 and Saturday opens at night):
	// a pool of unlike days drags the profile toward a shape no day has.
	var like [7]bool
	for w := range like {
		like[w] = similarShape(own, pooledShares(h, sameWeekday(h, time.Weekday(w), weeks)))
	}
	var all []int
	for d := h.n() - 1; d >= 0 && d >= h.n()-7*weeks; d-- {
		if like[h.weekday(d)] {
			all = append(all, d)
		}
	}
	pooled := pooledShares(h, all)
	// Shrink toward the pooled shape only inside the weekday's own
	// opening hours: a short Friday must not borrow Thursday's evening.
	ownWeight := 0.8
	if spec.adaptive {
		ownWeight = adaptiveOwnWeight(h, sameWeekday(h, wd, weeks), own, pooled)
	}
	mixed := make([]float64, h.slots)
	for s := range own {
		if own[s] > 0 && pooled != nil {
			mixed[s] = ownWeight*own[s] + (1-ownWeight)*pooled[s]
		} else {
			mixed[s] = own[s]
		}
	}
	return normalize(smoothOpen(mixed, smoothHalfWidth(h.slots, spec.smoothMinutes)))
}

// adaptiveOwnWeight is the weight of a weekday's own shares (own, pooled
// over its days idx) against the shares of every like weekday (pooled):
// one minus the own shares' sampling variance over their squared
// distance from the pooled ones, at least 0 (the positive-part
// James-Stein rule). The variance is that of a ratio estimator, from the
// spread of each day's intervals around its total times the own shares,
// so a day-level shape noise beyond Poisson counts counts too. Where the
// weekdays truly differ (a Monday morning peak) the distance is well
// above the noise and the own shape stays; where they differ by noise
// only, as eight weeks of a small queue's Tuesdays do, the pooled shape of
// five times as many days takes over.
func adaptiveOwnWeight(h days, idx []int, own, pooled []float64) float64 {
	if pooled == nil {
		return 1
	}
	tot := make([]float64, len(idx))
	var sum float64
	for i, d := range idx {
		for _, v := range h.val[d] {
			tot[i] += v
		}
		sum += tot[i]
	}
	if sum <= 0 {
		return 1
	}
	var variance, dist float64
	for s := range own {
		if own[s] <= 0 {
			continue
		}
		for i, d := range idx {
			e := h.val[d][s] - own[s]*tot[i]
			variance += e * e / (sum * sum)
		}
		dist += (own[s] - pooled[s]) * (own[s] - pooled[s])
	}
	if dist <= 0 {
		return 0
	}
	return math.Max(0, 1-variance/dist)
}

// similarShapeL1 is how far apart (sum of absolute share differences,
// 0 to 2) two weekdays' profiles may be and still pool: 8 weeks of about 9
// calls an interval differ by about 0.15 from noise alone, a weekday that
// closes at 14:00 by about 1 from a full day.
const similarShapeL1 = 0.3

func similarShape(a, b []float64) bool {
	if a == nil || b == nil {
		return false
	}
	var d float64
	for s := range a {
		d += math.Abs(a[s] - b[s])
	}
	return d <= similarShapeL1
}

// pooledShares sums the chosen days and divides by their total.
func pooledShares(h days, idx []int) []float64 {
	sum := make([]float64, h.slots)
	var tot float64
	for _, d := range idx {
		for s, v := range h.val[d] {
			sum[s] += v
			tot += v
		}
	}
	if tot <= 0 {
		return nil
	}
	for s := range sum {
		sum[s] /= tot
	}
	return sum
}

// smoothHalfWidth is how many intervals span about the given minutes.
func smoothHalfWidth(slots, around int) int {
	minutes := 1440 / slots
	return max(0, int(math.Round(float64(around)/float64(minutes))))
}

// smoothOpen applies a triangular kernel across neighbouring intervals,
// renormalised over the open ones (share > 0) so that volume never leaks
// into the hours the queue is closed.
func smoothOpen(p []float64, hw int) []float64 {
	if hw == 0 {
		return p
	}
	out := make([]float64, len(p))
	for s := range p {
		if p[s] <= 0 {
			continue
		}
		var num, den float64
		for j := -hw; j <= hw; j++ {
			t := s + j
			if t < 0 || t >= len(p) || p[t] <= 0 {
				continue
			}
			w := float64(hw + 1 - abs(j))
			num += w * p[t]
			den += w
		}
		out[s] = num / den
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func normalize(p []float64) []float64 {
	var t float64
	for _, v := range p {
		t += v
	}
	if t <= 0 {
		return p
	}
	for i := range p {
		p[i] /= t
	}
	return p
}

// profileDays spreads daily totals over each future weekday's profile.
func profileDays(h days, totals []float64, spec profileSpec) [][]float64 {
	prof := map[time.Weekday][]float64{}
	out := make([][]float64, len(totals))
	for k, tot := range totals {
		wd := futureWeekday(h, k)
		p, ok := prof[wd]
		if !ok {
			p = intradayProfile(h, wd, spec)
			prof[wd] = p
		}
		row := make([]float64, h.slots)
		for s := range row {
			row[s] = tot * p[s]
		}
		out[k] = row
	}
	return out
}

// ProfileMedian forecasts each day's total as the median of the last Weeks
// same weekdays (one odd day cannot move it) and spreads it over the
// weekday's smoothed intraday profile.
type ProfileMedian struct {
	Weeks         int
	ProfileWeeks  int // weeks of each weekday in its profile (default 8)
	SmoothMinutes int // profile smoothing either side (default 15)
}

func (m ProfileMedian) Name() string { return fmt.Sprintf("pmedian%d", m.Weeks) }
func (m ProfileMedian) Description() string {
	return fmt.Sprintf("daily total = median of the last %d same weekdays, x smoothed intraday profile of the weekday", m.Weeks)
}
func (m ProfileMedian) Forecast(s Series, n int) ([]float64, error) { return forecastSeries(m, s, n) }

func (m ProfileMedian) forecastDays(h days, n int) [][]float64 {
	tot := dailyTotals(h)
	totals := make([]float64, n)
	for k := range totals {
		idx := sameWeekday(h, futureWeekday(h, k), max(1, m.Weeks))
		xs := make([]float64, 0, len(idx))
		for _, d := range idx {
			xs = append(xs, tot[d])
		}
		if len(xs) == 0 {
			xs = tot
		}
		totals[k] = median(xs)
	}
	return profileDays(h, totals, profileSpec{weeks: m.ProfileWeeks, smoothMinutes: m.SmoothMinutes})
}

// ProfileETS forecasts daily totals by exponential smoothing with a damped
// trend and multiplicative weekly seasonality (Holt-Winters on days, its
// parameters chosen by a small grid search on one-day-ahead errors) and
// spreads them over each weekday's smoothed intraday profile.
type ProfileETS struct {
	ProfileWeeks  int // weeks of each weekday in its profile (default 8)
	SmoothMinutes int // profile smoothing either side (default 15)
}

func (ProfileETS) Name() string { return "pets" }
func (ProfileETS) Description() string {
	return "daily totals by Holt-Winters (damped trend, weekly seasonality) x smoothed intraday profile of the weekday"
}
func (m ProfileETS) Forecast(s Series, n int) ([]float64, error) { return forecastSeries(m, s, n) }

func (m ProfileETS) forecastDays(h days, n int) [][]float64 {
	return profileDays(h, forecastDailyETS(dailyTotals(h), h.first, n), profileSpec{weeks: m.ProfileWeeks, smoothMinutes: m.SmoothMinutes})
}

// forecastDailyETS forecasts n days after the daily totals y, whose first
// day has day number first. Fewer than two weeks: the weekday mean.
func forecastDailyETS(y []float64, first, n int) []float64 {
	if len(y) < 14 {
		return weekdayMeans(y, first, n)
	}
	best := math.Inf(1)
	var bp etsParams
	for _, a := range []float64{0.05, 0.1, 0.2, 0.35, 0.5} {
		for _, b := range []float64{0, 0.02, 0.1} {
			for _, g := range []float64{0.02, 0.1, 0.25} {
				p := etsParams{alpha: a, beta: b, gamma: g, phi: 0.9}
				if e, _ := runDailyETS(y, first, p, 0); e < best {
					best, bp = e, p
				}
			}
		}
	}
	_, f := runDailyETS(y, first, bp, n)
	return f
}

type etsParams struct{ alpha, beta, gamma, phi float64 }

// runDailyETS runs Holt-Winters with multiplicative weekday factors and
// returns the sum of absolute one-day-ahead errors and n forecasts. A day
// whose factor is about 0 (a closed weekday) does not move the level.
func runDailyETS(y []float64, first int, p etsParams, n int) (float64, []float64) {
	var season [7]float64
	var cnt [7]float64
	var lvl float64
	for d := 0; d < 14; d++ {
		lvl += y[d] / 14
	}
	for d := 0; d < 14; d++ {
		w := weekdayOfDayNumber(first + d)
		season[w] += y[d]
		cnt[w]++
	}
	for w := range season {
		if cnt[w] > 0 && lvl > 0 {
			season[w] /= cnt[w] * lvl
		} else {
			season[w] = 1
		}
	}
	var trend, sae float64
	for d := 14; d < len(y); d++ {
		w := weekdayOfDayNumber(first + d)
		fc := (lvl + p.phi*trend) * season[w]
		sae += math.Abs(y[d] - fc)
		prev := lvl
		if season[w] > 0.05 {
			lvl = p.alpha*(y[d]/season[w]) + (1-p.alpha)*(prev+p.phi*trend)
		} else {
			lvl = prev + p.phi*trend
		}
		trend = p.beta*(lvl-prev) + (1-p.beta)*p.phi*trend
		if lvl > 0 {
			season[w] = p.gamma*(y[d]/lvl) + (1-p.gamma)*season[w]
		}
		if lvl < 0 {
			lvl = 0
		}
	}
	f := make([]float64, n)
	damp := 0.0
	pw := 1.0
	for k := range f {
		pw *= p.phi
		damp += pw
		w := weekdayOfDayNumber(first + len(y) + k)
		f[k] = clean((lvl + damp*trend) * season[w])
	}
	return sae, f
}

func weekdayMeans(y []float64, first, n int) []float64 {
	var sum, cnt [7]float64
	var all float64
	for d, v := range y {
		w := weekdayOfDayNumber(first + d)
		sum[w] += v
		cnt[w]++
		all += v
	}
	f := make([]float64, n)
	for k := range f {
		w := weekdayOfDayNumber(first + len(y) + k)
		if cnt[w] > 0 {
			f[k] = sum[w] / cnt[w]
		} else if len(y) > 0 {
			f[k] = all / float64(len(y))
		}
	}
	return f
}
