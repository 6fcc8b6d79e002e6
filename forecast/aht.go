package forecast

import "time"

// DefaultAHTSeconds stands in for handle time where neither the history
// nor the forecast has one: a forecast must give a positive handle time
// wherever it gives volume, or no staffing can be computed from it.
const DefaultAHTSeconds = 300

// ahtPrior is how many contacts the weekday's mean AHT counts as when it is
// blended with an interval's own: thin intervals lean on the day.
const ahtPrior = 20

// forecastAHT forecasts AHT per interval for n future days: per weekday and
// interval, the answered-weighted mean of the last eight same weekdays,
// smoothed across neighbouring intervals and shrunk toward the weekday's
// mean. A weekday without AHT takes the mean of all days. nil when the
// series has no AHT.
func forecastAHT(s Series, h days, n int) [][]float64 {
	if s.AHT == nil {
		return nil
	}
	weight := s.Answered
	if weight == nil {
		weight = s.Volume
	}
	prod := make([]float64, len(s.AHT))
	for i := range prod {
		prod[i] = s.AHT[i] * weight[i]
	}
	num, wt := dayMatrix(s, prod), dayMatrix(s, weight)
	var allNum, allW float64
	for d := range num.val {
		for sl := range num.val[d] {
			allNum += num.val[d][sl]
			allW += wt.val[d][sl]
		}
	}
	if allW <= 0 {
		return nil
	}
	overall := allNum / allW
	hw := smoothHalfWidth(h.slots, smoothMinutes)
	byWeekday := map[time.Weekday][]float64{}
	out := make([][]float64, n)
	for k := range out {
		wd := futureWeekday(h, k)
		if row, ok := byWeekday[wd]; ok {
			out[k] = row
			continue
		}
		cn, cw := make([]float64, h.slots), make([]float64, h.slots)
		var dn, dw float64
		for _, d := range sameWeekday(wt, wd, profileWeeks) {
			for sl := range cn {
				cn[sl] += num.val[d][sl]
				cw[sl] += wt.val[d][sl]
				dn += num.val[d][sl]
				dw += wt.val[d][sl]
			}
		}
		dayMean := overall
		if dw > 0 {
			dayMean = (dn + ahtPrior*overall) / (dw + ahtPrior)
		}
		row := make([]float64, h.slots)
		for sl := range row {
			var a, b float64
			for j := -hw; j <= hw; j++ {
				t := sl + j
				if t < 0 || t >= h.slots {
					continue
				}
				w := float64(hw + 1 - abs(j))
				a += w * cn[t]
				b += w * cw[t]
			}
			// b counts each contact up to hw+1 times; scale back so the prior
			// keeps its meaning in contacts.
			scale := float64(hw + 1)
			row[sl] = clean((a/scale + ahtPrior*dayMean) / (b/scale + ahtPrior))
		}
		byWeekday[wd] = row
		out[k] = row
	}
	return out
}
