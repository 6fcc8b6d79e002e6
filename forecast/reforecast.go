package forecast

import (
	"fmt"
	"math"
)

// reforecastPrior is the share of the day's forecast volume that must have
// been seen before the ratio of actual to forecast gets half its weight:
// the first hour of a day says little about the evening.
const reforecastPrior = 0.15

// Reforecast re-estimates the rest of a day. forecast holds the day's
// forecast per interval; actual the actuals of its first len(actual)
// intervals. The rest is scaled by 1 + (r - 1) x s / (s + 0.15), where r is
// actual / forecast so far (kept within 0.2..5) and s the share of the
// day's forecast volume already elapsed: the ratio is damped while little
// of the day has been seen. It returns the forecast of the remaining
// intervals.
func Reforecast(forecast, actual []float64) ([]float64, error) {
	if len(actual) > len(forecast) {
		return nil, fmt.Errorf("actual: %d intervals for a day of %d", len(actual), len(forecast))
	}
	var sf, sa, day float64
	for i, f := range forecast {
		if f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("forecast[%d]: %v, must be a finite number >= 0", i, f)
		}
		day += f
		if i < len(actual) {
			a := actual[i]
			if a < 0 || math.IsNaN(a) || math.IsInf(a, 0) {
				return nil, fmt.Errorf("actual[%d]: %v, must be a finite number >= 0", i, a)
			}
			sf += f
			sa += a
		}
	}
	factor := 1.0
	if sf > 0 && day > 0 {
		r := math.Min(5, math.Max(0.2, sa/sf))
		s := sf / day
		factor = 1 + (r-1)*s/(s+reforecastPrior)
	}
	rest := make([]float64, len(forecast)-len(actual))
	for i := range rest {
		rest[i] = forecast[len(actual)+i] * factor
	}
	return rest, nil
}
