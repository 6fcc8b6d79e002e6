package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// Synthetic centers with what real ones show and the real data sets here
// have too little of to tune on: a day-level factor with a coefficient of
// variation of 16% (weather, news, a slow day: the whole day moves), a
// trend of up to 0.2% a day either way, and a one-off closure (0.3 of a
// normal day) followed by a catch-up day (1.3) inside the last week of
// the history. Each seed draws a center: its size, weekday pattern (a
// third are closed on Sundays), opening hours, intraday humps and trend.
// The oracle knows the true expected volume of every interval (level,
// trend, weekday, shape) but not the day factor nor the counts' noise:
// no forecast can do better on average.

const (
	centerHistoryDays = 16 * 7
	centerAheadDays   = 14
	centerInterval    = 15 * time.Minute
	centerDayNoiseCV  = 0.16
	centerClosure     = 0.3
	centerCatchUp     = 1.3
)

// Seeds: the auto method's choices were tuned looking at the first set
// only; the second is held out and only measured.
var (
	centerTuneSeeds    = []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	centerHeldOutSeeds = []uint64{101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120}
)

// syntheticCenterRun is one seed's center: the history, the held-out
// actuals, the oracle's forecast of them, and what the center is.
type syntheticCenterRun struct {
	train          Series
	actual, oracle []float64
	trend          float64 // per day
	closedSundays  bool
	closure        string  // date of the closure
	level          float64 // mean daily contacts at the start
}

func syntheticCenter(seed uint64, withClosure bool) syntheticCenterRun {
	rng := rand.New(rand.NewPCG(seed, 2026))
	loc := time.UTC
	start := time.Date(2025, 6, 2, 0, 0, 0, 0, loc) // a Monday
	nDays := centerHistoryDays + centerAheadDays
	level := 300 * math.Pow(10, rng.Float64()) // 300 to 3,000 a day
	trend := (2*rng.Float64() - 1) * 0.002
	weekday := [7]float64{time.Monday: 1.2, time.Tuesday: 1.1, time.Wednesday: 1.05, time.Thursday: 1, time.Friday: 0.95, time.Saturday: 0.55, time.Sunday: 0.4}
	for w := range weekday {
		weekday[w] *= 0.9 + 0.2*rng.Float64()
	}
	closedSundays := rng.IntN(3) == 0
	if closedSundays {
		weekday[time.Sunday] = 0
	}
	open, close := 7+rng.IntN(3), 18+rng.IntN(5)   // weekdays
	wOpen, wClose := 9+rng.IntN(2), 15+rng.IntN(4) // weekends
	morning, afternoon := 10+rng.Float64(), 14+1.5*rng.Float64()
	slots := int(24 * time.Hour / centerInterval)
	shape := func(wd time.Weekday) []float64 {
		lo, hi := open, close
		if wd == time.Saturday || wd == time.Sunday {
			lo, hi = wOpen, wClose
		}
		out := make([]float64, slots)
		var sum float64
		for sl := range out {
			h := (float64(sl) + 0.5) * centerInterval.Hours()
			if h < float64(lo) || h >= float64(hi) {
				continue
			}
			out[sl] = 0.2 + math.Exp(-(h-morning)*(h-morning)/3) + 0.7*math.Exp(-(h-afternoon)*(h-afternoon)/4)
			sum += out[sl]
		}
		for sl := range out {
			out[sl] /= sum
		}
		return out
	}
	var shapes [7][]float64
	for w := range shapes {
		shapes[w] = shape(time.Weekday(w))
	}
	// The closure: an open day of the last training week but its last
	// (so that its catch-up day is in the history too).
	var closure int
	for {
		closure = centerHistoryDays - 7 + rng.IntN(6)
		if weekday[start.AddDate(0, 0, closure).Weekday()] > 0 {
			break
		}
	}
	catchUp := closure + 1
	for weekday[start.AddDate(0, 0, catchUp).Weekday()] == 0 {
		catchUp++
	}
	run := syntheticCenterRun{trend: trend, closedSundays: closedSundays, level: level,
		closure: start.AddDate(0, 0, closure).Format(time.DateOnly)}
	s := Series{Queue: "q", Location: loc, Start: start, Interval: centerInterval, Volume: make([]float64, nDays*slots)}
	for d := 0; d < nDays; d++ {
		wd := start.AddDate(0, 0, d).Weekday()
		expected := level * math.Pow(1+trend, float64(d)) * weekday[wd]
		factor := gammaNoise(rng, centerDayNoiseCV)
		switch {
		case d == closure && withClosure:
			factor *= centerClosure
		case d == catchUp && withClosure:
			factor *= centerCatchUp
		}
		for sl, share := range shapes[wd] {
			mean := expected * share
			s.Volume[d*slots+sl] = float64(poissonCount(rng, mean*factor))
			if d >= centerHistoryDays {
				run.oracle = append(run.oracle, mean)
			}
		}
	}
	run.train = s
	run.train.Volume = s.Volume[:centerHistoryDays*slots]
	run.actual = s.Volume[centerHistoryDays*slots:]
	return run
}

// centerScore is one seed's held-out WAPE of auto, the two baselines (on
// the raw history, as a planner's spreadsheet has them) and the oracle,
// and auto's bias (sum F / sum A - 1) and its level against the oracle's
// (sum F / sum oracle - 1: a closure that pulled the level down shows
// here).
type centerScore struct {
	seed                        uint64
	auto, snaive, mean4, oracle float64
	bias, level                 float64
	closureShift                float64 // auto's total with the closure / without it, - 1
	chose                       string
	trend                       float64
	closedSundays               bool
}

func scoreCenter(t testing.TB, seed uint64) centerScore {
	t.Helper()
	c := syntheticCenter(seed, true)
	n := len(c.actual)
	r, err := Run(c.train, n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The same center and noise without the closure and catch-up day.
	plain, err := Run(syntheticCenter(seed, false).train, n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc := centerScore{seed: seed, auto: wapeOf(c.actual, r.Volume), oracle: wapeOf(c.actual, c.oracle), chose: r.Method,
		trend: c.trend, closedSundays: c.closedSundays}
	for _, name := range []string{"snaive", "mean4"} {
		m, _ := MethodByName(name)
		fc, err := m.Forecast(c.train, n)
		if err != nil {
			t.Fatal(err)
		}
		if name == "snaive" {
			sc.snaive = wapeOf(c.actual, fc)
		} else {
			sc.mean4 = wapeOf(c.actual, fc)
		}
	}
	var f, a, o, p float64
	for i := range c.actual {
		f += r.Volume[i]
		a += c.actual[i]
		o += c.oracle[i]
		p += plain.Volume[i]
	}
	sc.bias, sc.level, sc.closureShift = f/a-1, f/o-1, f/p-1
	return sc
}

func scoreCenters(t testing.TB, seeds []uint64) []centerScore {
	out := make([]centerScore, len(seeds))
	for i, s := range seeds {
		out[i] = scoreCenter(t, s)
	}
	return out
}

// centerTable prints the per-seed table and returns the pooled figures:
// the mean of auto/oracle and the worst auto/min(baselines).
func centerTable(t testing.TB, title string, scores []centerScore) (meanVsOracle, worstVsBase float64) {
	t.Logf("%s", title)
	t.Logf("  %5s %7s %6s %7s %7s %7s %7s %7s %8s %8s %8s  %s", "seed", "trend", "sun", "auto", "snaive", "mean4", "oracle", "/oracle", "/better", "level", "closure", "auto chose")
	var sum float64
	for _, s := range scores {
		vsOracle, vsBase := s.auto/s.oracle, s.auto/math.Min(s.snaive, s.mean4)
		sum += vsOracle
		worstVsBase = math.Max(worstVsBase, vsBase)
		sun := "open"
		if s.closedSundays {
			sun = "closed"
		}
		t.Logf("  %5d %+6.2f%% %6s %7.4f %7.4f %7.4f %7.4f %7.3f %8.3f %+7.1f%% %+7.1f%%  %s", s.seed, 100*s.trend, sun, s.auto, s.snaive, s.mean4, s.oracle,
			vsOracle, vsBase, 100*s.level, 100*s.closureShift, s.chose)
	}
	meanVsOracle = sum / float64(len(scores))
	t.Logf("  mean auto/oracle %.3f; worst auto/min(snaive, mean4) %.3f", meanVsOracle, worstVsBase)
	return meanVsOracle, worstVsBase
}

// TestSyntheticCentersTable prints the per-seed tables, tuned and held
// out:
//
//	WFM_ACCURACY=1 go test ./forecast -run TestSyntheticCentersTable -v
func TestSyntheticCentersTable(t *testing.T) {
	if os.Getenv("WFM_ACCURACY") == "" {
		t.Skip("set WFM_ACCURACY=1 to print the synthetic centers' table")
	}
	centerTable(t, "tuned seeds: WAPE on the 14 held-out days", scoreCenters(t, centerTuneSeeds))
	centerTable(t, "held-out seeds: WAPE on the 14 held-out days", scoreCenters(t, centerHeldOutSeeds))
}

// What the held-out seeds show today, held so that it cannot get worse
// unseen (figures in the comments: WFM_ACCURACY=1 ... TestSyntheticCentersTable):
//   - auto's WAPE is on average at most 1.05 times the oracle's, the
//     issue's goal (1.038; 1.057 before ptrend and the month positions'
//     significance test);
//   - on average at most 0.93 times the better of seasonal naive and the
//     4-week mean (0.907), and on no seed worse than it (at most 0.997,
//     seed 105);
//   - the closure and catch-up day in the last week do not pull the level
//     down: auto's two-week total with them is on average within 2% of its
//     total for the same center and noise without them (-1.0%), and on no
//     seed more than 7% lower (-5.7%, seed 115). What moves it is the two
//     days' own noise, which the run without the closure keeps and the run
//     with it replaces by normal days.
//
// The tuned seeds are held to their mean too: at most 1.03 times the
// oracle (1.016). Not per seed against the baselines: on seed 2 the 4-week
// mean's WAPE (0.1660) is below even the oracle's (0.1673), and auto's is
// 1.024 times it.
func TestSyntheticCentersHoldTheBar(t *testing.T) {
	var problems []string
	var sumOracle, sumBase, sumShift float64
	scores := scoreCenters(t, centerHeldOutSeeds)
	for _, s := range scores {
		base := math.Min(s.snaive, s.mean4)
		sumOracle += s.auto / s.oracle
		sumBase += s.auto / base
		sumShift += s.closureShift
		if s.auto > base {
			problems = append(problems, fmt.Sprintf("seed %d: auto %.4f > %.4f, the better baseline", s.seed, s.auto, base))
		}
		if s.closureShift < -0.07 {
			problems = append(problems, fmt.Sprintf("seed %d: the closure pulls the level %+.1f%%", s.seed, 100*s.closureShift))
		}
	}
	n := float64(len(scores))
	if sumOracle/n > 1.05 || sumBase/n > 0.93 || math.Abs(sumShift/n) > 0.02 {
		problems = append(problems, fmt.Sprintf("mean auto/oracle %.3f (bar 1.05), auto/better baseline %.3f (bar 0.93), closure shift %+.1f%% (bar 2%%)",
			sumOracle/n, sumBase/n, 100*sumShift/n))
	}
	var tuned float64
	for _, s := range scoreCenters(t, centerTuneSeeds) {
		tuned += s.auto / s.oracle / float64(len(centerTuneSeeds))
	}
	if tuned > 1.03 {
		problems = append(problems, fmt.Sprintf("tuned seeds: mean auto/oracle %.3f (bar 1.03)", tuned))
	}
	if len(problems) > 0 {
		t.Error(strings.Join(problems, "\n"))
	}
}
