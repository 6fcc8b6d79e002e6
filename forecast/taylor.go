package forecast

import "math"

// DoubleSeasonal is Taylor's (2003) double-seasonal Holt-Winters on the
// interval series: a level times an intraday index times an intraweek
// index, multiplicative, without trend. The smoothing parameters are picked
// from a small grid by the absolute one-step errors of the last four weeks.
type DoubleSeasonal struct{}

func (DoubleSeasonal) Name() string { return "dshw" }
func (DoubleSeasonal) Description() string {
	return "double-seasonal Holt-Winters (Taylor 2003): level x intraday x intraweek indices"
}
func (m DoubleSeasonal) Forecast(s Series, n int) ([]float64, error) { return forecastSeries(m, s, n) }

type dshwParams struct{ alpha, delta, omega float64 }

func (DoubleSeasonal) forecastDays(h days, n int) [][]float64 {
	if h.n() < 21 {
		return WeekAverage{Weeks: 4}.forecastDays(h, n)
	}
	// A cheap search: one pass of coordinate descent over a three-value
	// grid per parameter (7 fits instead of 27).
	bp := dshwParams{0.01, 0.1, 0.1}
	best, _ := runDSHW(h, bp, 0)
	grids := [3][]float64{{0.002, 0.01, 0.03}, {0.02, 0.1, 0.3}, {0.02, 0.1, 0.3}}
	for k, grid := range grids {
		for _, v := range grid {
			p := bp
			switch k {
			case 0:
				p.alpha = v
			case 1:
				p.delta = v
			case 2:
				p.omega = v
			}
			if p == bp {
				continue
			}
			if e, _ := runDSHW(h, p, 0); e < best {
				best, bp = e, p
			}
		}
	}
	_, f := runDSHW(h, bp, n)
	return f
}

// runDSHW returns the absolute one-step errors over the last 28 days and
// the forecasts of n days. The indices are kept by interval of the day and
// by weekday x interval, so a series may start on any weekday.
func runDSHW(h days, p dshwParams, n int) (float64, [][]float64) {
	m := h.slots
	week := make([]float64, 7*m) // starts as the raw mean of the first two weeks
	cnt := make([]float64, 7*m)
	for d := 0; d < 14; d++ {
		w := int(h.weekday(d))
		for s, v := range h.val[d] {
			week[w*m+s] += v
			cnt[w*m+s]++
		}
	}
	var lvl float64
	for k := range week {
		week[k] /= cnt[k]
		lvl += week[k] / float64(len(week))
	}
	if lvl <= 0 {
		return 0, make2(n, m)
	}
	day := make([]float64, m)
	for s := range day {
		for w := 0; w < 7; w++ {
			day[s] += week[w*m+s] / (7 * lvl)
		}
	}
	for k := range week {
		if s := k % m; day[s] > 0 {
			week[k] /= lvl * day[s]
		} else {
			week[k] = 0
		}
	}
	// The indices average 1 over an open day; the level moves with each
	// interval in proportion to its index (at most 1), so near-closed
	// intervals cannot jerk it.
	scoreFrom := h.n() - 28
	var sae float64
	for d := 14; d < h.n(); d++ {
		w := int(h.weekday(d))
		for s, y := range h.val[d] {
			k := w*m + s
			idx := day[s] * week[k]
			if y == 0 && idx == 0 {
				continue // closed, and expected closed: nothing to learn
			}
			if d >= scoreFrom {
				sae += math.Abs(y - lvl*idx)
			}
			if idx > 1e-9 {
				a := p.alpha
				if idx < 1 {
					a *= idx
				}
				lvl = a*(y/idx) + (1-a)*lvl
			}
			if lvl <= 0 {
				continue
			}
			if week[k] > 1e-9 {
				day[s] = p.delta*capped(y/(lvl*week[k]), 10*day[s]+1) + (1-p.delta)*day[s]
			}
			if day[s] > 1e-9 {
				week[k] = p.omega*capped(y/(lvl*day[s]), 10*week[k]+1) + (1-p.omega)*week[k]
			}
		}
	}
	out := make2(n, m)
	for k := range out {
		w := int(futureWeekday(h, k))
		for s := range out[k] {
			out[k][s] = clean(lvl * day[s] * week[w*m+s])
		}
	}
	return sae, out
}

func make2(n, m int) [][]float64 {
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, m)
	}
	return out
}

// capped keeps one odd interval from blowing up an index.
func capped(v, limit float64) float64 {
	if v > limit {
		return limit
	}
	return v
}
