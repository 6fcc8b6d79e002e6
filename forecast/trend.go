package forecast

import (
	"fmt"
	"math"
	"time"
)

// ProfileTrend forecasts each day's total from a regression of the log
// daily totals of the last Weeks weeks on the weekday and a straight
// trend, and spreads it over the weekday's intraday profile.
//
// It is built for centers whose whole day moves (weather, news: a
// day-level noise of 10-20%), where the methods that follow the last few
// same weekdays copy that noise into the forecast. Here:
//   - every day of the window informs the trend, fitted with Huber
//     weights (a day far from the line counts less) and with weights that
//     halve every HalfLife weeks back (a bend in the trend is followed
//     within a month or two);
//   - each weekday's level at the end of the history is a Huber mean of
//     its detrended totals over the whole window (the ratio scale, as the
//     exp of a mean log is low by about half the noise's variance);
//   - the trend goes on after the history damped by Damp a day, so that
//     it adds at most Damp/(1-Damp) days' worth (2.3 days at 0.7): a slope
//     fitted on noisy days is uncertain, and extrapolated for two weeks it
//     would miss more than it gains;
//   - the intraday profile pools ProfileWeeks weeks of each weekday and is
//     shrunk toward the profile of the like weekdays by as much as their
//     difference is noise (profileSpec.adaptive).
type ProfileTrend struct {
	Weeks         int     // weeks of history in the fit
	HalfLife      float64 // weeks; 0: every day weighs the same in the trend
	Damp          float64 // the trend's share kept per day ahead, 0 < Damp <= 1 (0: 1)
	ProfileWeeks  int     // weeks of each weekday in its profile (default 8)
	SmoothMinutes int     // profile smoothing either side (default 15)
}

func (ProfileTrend) Name() string { return "ptrend" }
func (m ProfileTrend) Description() string {
	return fmt.Sprintf("daily total = weekday level x damped trend, a Huber regression on the log daily totals of %d weeks, x intraday profile shrunk toward like weekdays'", m.Weeks)
}
func (m ProfileTrend) Forecast(s Series, n int) ([]float64, error) { return forecastSeries(m, s, n) }

func (m ProfileTrend) forecastDays(h days, n int) [][]float64 {
	tot := dailyTotals(h)
	from := max(0, h.n()-7*max(1, m.Weeks))
	last := h.n() - 1
	// x is the day relative to the last day of the history.
	var xs, ys, ws []float64
	var wds []time.Weekday
	for d := from; d < h.n(); d++ {
		if tot[d] <= 0 {
			continue // closed: the weekday's level comes from its open days
		}
		w := 1.0
		if m.HalfLife > 0 {
			w = math.Pow(0.5, float64(last-d)/(7*m.HalfLife))
		}
		xs = append(xs, float64(d-last))
		ys = append(ys, math.Log(tot[d]))
		ws = append(ws, w)
		wds = append(wds, h.weekday(d))
	}
	slope := 0.0
	if len(xs) >= 14 {
		slope = weekdayTrend(xs, ys, ws, wds)
	}
	var level [7]float64
	for w := range level {
		var vals []float64
		for i := range xs {
			if wds[i] == time.Weekday(w) {
				vals = append(vals, math.Exp(ys[i]-slope*xs[i]))
			}
		}
		level[w] = huber(vals) // 0 for a weekday closed all the window
	}
	damp := m.Damp
	if damp <= 0 || damp > 1 {
		damp = 1
	}
	totals := make([]float64, n)
	var ahead, kept float64 = 0, 1
	for k := range totals {
		kept *= damp
		ahead += kept
		totals[k] = level[futureWeekday(h, k)] * math.Exp(slope*ahead)
	}
	out := profileDays(h, totals, profileSpec{weeks: m.ProfileWeeks, smoothMinutes: m.SmoothMinutes, adaptive: true})
	// A weekday the history has never had (a history of a few days):
	// the mean of every day, as the other methods do.
	var seen [7]bool
	for d := range h.val {
		seen[h.weekday(d)] = true
	}
	for k := range out {
		if !seen[futureWeekday(h, k)] {
			out[k] = meanDay(h)
		}
	}
	return out
}

// weekdayTrend fits y = a[weekday] + b x by iteratively reweighted least
// squares with Huber weights (k = 1.345 MADs of the residuals) times the
// prior weights w, and returns b.
func weekdayTrend(x, y, w []float64, wd []time.Weekday) float64 {
	hw := make([]float64, len(x))
	for i := range hw {
		hw[i] = 1
	}
	res := make([]float64, len(x))
	var b float64
	for it := 0; it < 20; it++ {
		// The slope within weekdays: each weekday's weighted means taken
		// out, a weighted regression through the origin.
		var sx, sy, sw [7]float64
		for i := range x {
			v := w[i] * hw[i]
			sx[wd[i]] += v * x[i]
			sy[wd[i]] += v * y[i]
			sw[wd[i]] += v
		}
		var num, den float64
		for i := range x {
			v := w[i] * hw[i]
			dx := x[i] - sx[wd[i]]/sw[wd[i]]
			num += v * dx * (y[i] - sy[wd[i]]/sw[wd[i]])
			den += v * dx * dx
		}
		nb := 0.0
		if den > 0 {
			nb = num / den
		}
		for i := range x {
			a := (sy[wd[i]] - nb*sx[wd[i]]) / sw[wd[i]]
			res[i] = math.Abs(y[i] - a - nb*x[i])
		}
		done := it > 0 && math.Abs(nb-b) < 1e-9
		b = nb
		scale := 1.4826 * median(res)
		if done || scale <= 0 {
			break
		}
		for i := range hw {
			hw[i] = 1
			if r := res[i] / scale; r > 1.345 {
				hw[i] = 1.345 / r
			}
		}
	}
	return b
}
