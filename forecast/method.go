package forecast

import (
	"fmt"
	"sort"
	"time"
)

// Method is one forecasting model. Forecast fits it to the history s and
// returns point forecasts for the n intervals that follow s.End().
type Method interface {
	Name() string
	Description() string
	Forecast(s Series, n int) ([]float64, error)
}

// dayMethod is how every method here works inside: from complete local days
// of history to n whole future days (future day 0 is the day after the
// last complete day).
type dayMethod interface {
	Method
	forecastDays(h days, n int) [][]float64
}

// Methods lists every method by name, in a stable order.
func Methods() []Method {
	ms := dayMethods()
	out := make([]Method, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return out
}

func dayMethods() []dayMethod {
	return []dayMethod{
		SeasonalNaive{},
		WeekAverage{Weeks: 4},
		WeekAverage{Weeks: 4, Weighted: true},
		WeekAverage{Weeks: 8, Weighted: true},
		ProfileMedian{Weeks: 5},
		ProfileETS{},
		DoubleSeasonal{},
		Robust{Weeks: 12},
		ProfileTrend{Weeks: 16, HalfLife: 4, Damp: 0.7, ProfileWeeks: 16},
	}
}

// MethodByName finds a method listed by Methods.
func MethodByName(name string) (Method, error) {
	for _, m := range dayMethods() {
		if m.Name() == name {
			return m, nil
		}
	}
	names := make([]string, 0, 8)
	for _, m := range dayMethods() {
		names = append(names, m.Name())
	}
	sort.Strings(names)
	return nil, fmt.Errorf("method: unknown %q (known: auto, %v)", name, names)
}

// forecastSeries runs a day-level method on a series and lays its days on
// the horizon's intervals by local date and interval of the day.
func forecastSeries(m dayMethod, s Series, n int) ([]float64, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("horizon: %d intervals", n)
	}
	h := dayMatrix(s, s.Volume)
	if h.n() == 0 {
		return nil, fmt.Errorf("history: no complete local day (a day from midnight to midnight in %v)", s.Location)
	}
	return spreadDays(s, h, m.forecastDays(h, futureDays(s, h, n)), n), nil
}

// futureDays is how many whole days after the history the n intervals touch.
func futureDays(s Series, h days, n int) int {
	if n == 0 {
		return 0
	}
	last := s.End().Add(time.Duration(n-1) * s.Interval)
	return dayNumber(last, s.Location) - (h.first + h.n()) + 1
}

func spreadDays(s Series, h days, fd [][]float64, n int) []float64 {
	out := make([]float64, n)
	end := s.End()
	for i := range out {
		t := end.Add(time.Duration(i) * s.Interval)
		k := dayNumber(t, s.Location) - (h.first + h.n())
		if k < 0 || k >= len(fd) {
			continue
		}
		out[i] = clean(fd[k][slotOf(t, s.Location, s.Interval)])
	}
	return out
}

// clean keeps NaN, Inf and negatives out of every forecast.
func clean(v float64) float64 {
	if v != v || v < 0 || v > 1e12 {
		return 0
	}
	return v
}

// sameWeekday returns the indices of the last k days of h that fall on wd,
// most recent first.
func sameWeekday(h days, wd time.Weekday, k int) []int {
	var idx []int
	for d := h.n() - 1; d >= 0 && len(idx) < k; d-- {
		if h.weekday(d) == wd {
			idx = append(idx, d)
		}
	}
	return idx
}

// meanDay is the fallback when a weekday has no history yet: the mean of
// every day there is.
func meanDay(h days) []float64 {
	out := make([]float64, h.slots)
	for _, row := range h.val {
		for s, v := range row {
			out[s] += v / float64(h.n())
		}
	}
	return out
}

func futureWeekday(h days, k int) time.Weekday { return weekdayOfDayNumber(h.first + h.n() + k) }

func dailyTotals(h days) []float64 {
	t := make([]float64, h.n())
	for d, row := range h.val {
		for _, v := range row {
			t[d] += v
		}
	}
	return t
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	c := append([]float64(nil), xs...)
	sort.Float64s(c)
	m := len(c) / 2
	if len(c)%2 == 1 {
		return c[m]
	}
	return (c[m-1] + c[m]) / 2
}
