package forecast

import (
	"fmt"
	"math"
)

// Robust is a regression on weekday x interval with a trend, fitted so
// that outliers (a holiday, an outage) barely count: the trend is a
// Theil-Sen line through each day's total relative to its weekday's median,
// and each weekday x interval level is a Huber M-estimate over the last
// Weeks weeks of the detrended values.
type Robust struct{ Weeks int }

func (m Robust) Name() string { return "robust" }
func (m Robust) Description() string {
	return fmt.Sprintf("robust regression on weekday x interval with a Theil-Sen trend and Huber levels over %d weeks", m.Weeks)
}
func (m Robust) Forecast(s Series, n int) ([]float64, error) { return forecastSeries(m, s, n) }

func (m Robust) forecastDays(h days, n int) [][]float64 {
	from := max(0, h.n()-7*max(1, m.Weeks))
	tot := dailyTotals(h)
	// Each day's total relative to the median of its weekday in the window.
	var wdTotals [7][]float64
	for d := from; d < h.n(); d++ {
		wdTotals[h.weekday(d)] = append(wdTotals[h.weekday(d)], tot[d])
	}
	var wdMedian [7]float64
	for w := range wdMedian {
		wdMedian[w] = median(wdTotals[w])
	}
	var xs, rs []float64
	for d := from; d < h.n(); d++ {
		if md := wdMedian[h.weekday(d)]; md > 0 {
			xs = append(xs, float64(d))
			rs = append(rs, tot[d]/md)
		}
	}
	slope, icept := theilSen(xs, rs)
	factor := func(d int) float64 {
		f := icept + slope*float64(d)
		return math.Min(1.5, math.Max(0.5, f))
	}
	if len(xs) < 14 {
		factor = func(int) float64 { return 1 }
	}
	out := make2(n, h.slots)
	vals := make([]float64, 0, m.Weeks)
	for k := range out {
		wd := futureWeekday(h, k)
		idx := sameWeekday(h, wd, max(1, m.Weeks))
		if len(idx) == 0 {
			copy(out[k], meanDay(h))
			continue
		}
		// Extrapolate the trend at most a week past the data: a two-week
		// straight line is a guess, not a pattern.
		f := factor(min(h.n()+k, h.n()+6))
		for s := range out[k] {
			vals = vals[:0]
			for _, d := range idx {
				vals = append(vals, h.val[d][s]/factor(d))
			}
			out[k][s] = clean(huber(vals) * f)
		}
	}
	return out
}

// theilSen fits y = a + b x by the median of pairwise slopes and the median
// intercept. Fewer than two points: a flat line through the median.
func theilSen(x, y []float64) (slope, intercept float64) {
	if len(x) < 2 {
		return 0, median(y)
	}
	slopes := make([]float64, 0, len(x)*(len(x)-1)/2)
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			if x[j] != x[i] {
				slopes = append(slopes, (y[j]-y[i])/(x[j]-x[i]))
			}
		}
	}
	slope = median(slopes)
	res := make([]float64, len(x))
	for i := range x {
		res[i] = y[i] - slope*x[i]
	}
	return slope, median(res)
}

// huber is the Huber M-estimate of location (k = 1.345 MADs), by
// iteratively reweighted means starting from the median.
func huber(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	mu := median(xs)
	dev := make([]float64, len(xs))
	for i, v := range xs {
		dev[i] = math.Abs(v - mu)
	}
	scale := 1.4826 * median(dev)
	if scale <= 0 {
		// More than half the values agree exactly (often all zero).
		return mu
	}
	const k = 1.345
	for it := 0; it < 20; it++ {
		var num, den float64
		for _, v := range xs {
			w := 1.0
			if r := math.Abs(v-mu) / scale; r > k {
				w = k / r
			}
			num += w * v
			den += w
		}
		next := num / den
		if math.Abs(next-mu) < 1e-9*(1+math.Abs(mu)) {
			return next
		}
		mu = next
	}
	return mu
}
