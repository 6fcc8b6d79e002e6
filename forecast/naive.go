package forecast

import "fmt"

// SeasonalNaive repeats the last week: each interval gets the value of the
// same interval on the last same weekday.
type SeasonalNaive struct{}

func (SeasonalNaive) Name() string { return "snaive" }
func (SeasonalNaive) Description() string {
	return "seasonal naive: the same interval on the last same weekday"
}
func (m SeasonalNaive) Forecast(s Series, n int) ([]float64, error) { return forecastSeries(m, s, n) }

func (SeasonalNaive) forecastDays(h days, n int) [][]float64 {
	out := make([][]float64, n)
	for k := range out {
		idx := sameWeekday(h, futureWeekday(h, k), 1)
		if len(idx) == 0 {
			out[k] = meanDay(h)
			continue
		}
		out[k] = append([]float64(nil), h.val[idx[0]]...)
	}
	return out
}

// WeekAverage is the classic WFM method: per interval, the average of the
// same weekday and interval over the last Weeks weeks, equally weighted or
// with linearly decreasing weights (the latest week weighs Weeks, the
// oldest 1).
type WeekAverage struct {
	Weeks    int
	Weighted bool
}

func (m WeekAverage) Name() string {
	if m.Weighted {
		return fmt.Sprintf("wavg%d", m.Weeks)
	}
	return fmt.Sprintf("mean%d", m.Weeks)
}

func (m WeekAverage) Description() string {
	if m.Weighted {
		return fmt.Sprintf("weighted average of the same weekday and interval over %d weeks, recent weeks weigh more", m.Weeks)
	}
	return fmt.Sprintf("mean of the same weekday and interval over %d weeks", m.Weeks)
}

func (m WeekAverage) Forecast(s Series, n int) ([]float64, error) { return forecastSeries(m, s, n) }

func (m WeekAverage) forecastDays(h days, n int) [][]float64 {
	out := make([][]float64, n)
	for k := range out {
		idx := sameWeekday(h, futureWeekday(h, k), max(1, m.Weeks))
		if len(idx) == 0 {
			out[k] = meanDay(h)
			continue
		}
		row := make([]float64, h.slots)
		var wsum float64
		for j, d := range idx {
			w := 1.0
			if m.Weighted {
				w = float64(m.Weeks - j)
			}
			wsum += w
			for s, v := range h.val[d] {
				row[s] += w * v
			}
		}
		for s := range row {
			row[s] /= wsum
		}
		out[k] = row
	}
	return out
}
