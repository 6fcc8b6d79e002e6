package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// dayTotals sums a forecast of whole days of 15-minute intervals per day.
func dayTotals(v []float64) []float64 {
	out := make([]float64, len(v)/96)
	for i, x := range v {
		out[i/96] += x
	}
	return out
}

// Without noise, an undamped ptrend recovers a trend of 0.3% a day and
// the weekday pattern exactly; the damped one of auto's pool stops the
// trend within days (its first day still above the last week's level,
// its second week not much higher than its first).
func TestProfileTrendFollowsTheTrend(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	const rate = 0.003
	f := func(t time.Time) float64 { return shape(t) * math.Exp(rate*t.Sub(start).Hours()/24) }
	all := synthetic(time.UTC, start, 16*7+14, f, 0)
	train, test := holdout(all, 14)
	fc, err := ProfileTrend{Weeks: 16, ProfileWeeks: 16}.Forecast(train, len(test))
	if err != nil {
		t.Fatal(err)
	}
	got, want := dayTotals(fc), dayTotals(test)
	for d := range want {
		if want[d] == 0 {
			if got[d] != 0 {
				t.Errorf("day %d (closed): forecast %.1f", d, got[d])
			}
			continue
		}
		if r := got[d] / want[d]; math.Abs(r-1) > 0.005 {
			t.Errorf("day %d: forecast %.1f, truth %.1f (%.4f)", d, got[d], want[d], r)
		}
	}
	damped, err := ProfileTrend{Weeks: 16, HalfLife: 4, Damp: 0.7, ProfileWeeks: 16}.Forecast(train, len(test))
	if err != nil {
		t.Fatal(err)
	}
	dt := dayTotals(damped)
	lastMonday := dayTotals(train.Volume[len(train.Volume)-7*96:])[0]
	if dt[0] <= lastMonday*(1+6*rate) {
		t.Errorf("damped: Monday %.1f, not above the last Monday's %.1f and a week of the trend", dt[0], lastMonday)
	}
	if r := dt[7] / dt[0]; r < 1 || r > 1+2*rate {
		t.Errorf("damped: the second Monday is %.4f x the first; a trend damped 0.7 a day adds at most 2.3 days' worth in all", r)
	}
}

// A closure (0.3 of a day) and a catch-up day (1.3) in the last week move
// ptrend's forecast by less than 1%: Huber weights keep them from the
// level, even when Run's cleaning does not see them.
func TestProfileTrendShrugsOffAClosure(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	plain := synthetic(time.UTC, start, 16*7, shape, 7)
	odd := plain
	odd.Volume = append([]float64(nil), plain.Volume...)
	lastWeek := len(odd.Volume) - 7*96
	for i := 0; i < 96; i++ {
		odd.Volume[lastWeek+96+i] *= 0.3 // Tuesday
		odd.Volume[lastWeek+2*96+i] *= 1.3
	}
	m := ProfileTrend{Weeks: 16, HalfLife: 4, Damp: 0.7, ProfileWeeks: 16}
	a, err := m.Forecast(plain, 14*96)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Forecast(odd, 14*96)
	if err != nil {
		t.Fatal(err)
	}
	var sa, sb float64
	for i := range a {
		sa += a[i]
		sb += b[i]
	}
	if r := sb / sa; math.Abs(r-1) > 0.01 {
		t.Errorf("the closure and catch-up day move the two weeks' total by %+.2f%%", 100*(r-1))
	}
}

// The adaptive profile keeps a weekday's own shape where it differs from
// the others' by more than noise, and takes the pooled shape where the
// difference is noise only.
func TestAdaptiveOwnWeight(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	hump := func(peak float64) []float64 {
		p := make([]float64, 96)
		for s := 32; s < 72; s++ { // 08:00-18:00
			h := float64(s) / 4
			p[s] = 5 + 20*math.Exp(-(h-peak)*(h-peak)/4)
		}
		return p
	}
	build := func(tuesdayPeak float64) days {
		h := days{first: dateNumber("2026-01-05"), slots: 96} // a Monday
		for d := 0; d < 16*7; d++ {
			peak := 11.0
			if weekdayOfDayNumber(h.first+d) == time.Tuesday {
				peak = tuesdayPeak
			}
			row := make([]float64, 96)
			for s, mean := range hump(peak) {
				if mean > 0 {
					row[s] = float64(poissonCount(rng, mean))
				}
			}
			h.val = append(h.val, row)
		}
		return h
	}
	for _, c := range []struct {
		name     string
		peak     float64
		min, max float64
	}{{"same peak: noise only", 11, 0, 0.5}, {"Tuesday peaks at 14:00", 14, 0.9, 1}} {
		// Built outside the subtest: the cases draw from one generator in
		// turn, so that one run alone (-run 'TestAdaptiveOwnWeight/...')
		// sees the same history as the whole test.
		h := build(c.peak)
		t.Run(c.name, func(t *testing.T) {
			idx := sameWeekday(h, time.Tuesday, 16)
			own := pooledShares(h, idx)
			var all []int
			for d := range h.val {
				all = append(all, d)
			}
			w := adaptiveOwnWeight(h, idx, own, pooledShares(h, all))
			if w < c.min || w > c.max {
				t.Errorf("Tuesday peak at %v:00 (others at 11:00): own weight %.3f, want %v to %v", c.peak, w, c.min, c.max)
			}
		})
	}
}

// A history of three days (Monday to Wednesday) forecasts the weekdays it
// has never seen as the mean day, as the other methods do, not as closed.
func TestProfileTrendShortHistory(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	s := synthetic(time.UTC, start, 3, shape, 5)
	fc, err := ProfileTrend{Weeks: 16, HalfLife: 4, Damp: 0.7, ProfileWeeks: 16}.Forecast(s, 7*96)
	if err != nil {
		t.Fatal(err)
	}
	tot := dayTotals(fc)
	mean := dayTotals(s.Volume)
	want := (mean[0] + mean[1] + mean[2]) / 3
	for d := 0; d < 4; d++ { // Thursday to Sunday
		if math.Abs(tot[d]-want) > 1e-6*want {
			t.Errorf("day %d, never seen: %.1f, want the mean day's %.1f", d, tot[d], want)
		}
	}
	if math.Abs(tot[4]-mean[0]) > 0.01*mean[0] {
		t.Errorf("Monday: %.1f, want about the one Monday's %.1f", tot[4], mean[0])
	}
}
