package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"wfm/holidays"
)

// A synthetic mainland Chinese center open every day 08:00-22:00, whose
// year follows the real 2024-2026 arrangements of the State Council:
//   - a normal day brings the weekday's share of the level (Monday 1.25
//     down to Sunday 0.5), working days in two humps, rest days in one;
//   - a day off is a rest day whatever its weekday (the Sunday level and
//     shape) times its festival's factor: Spring Festival 0.55, National
//     Day 0.75, the short breaks 0.85;
//   - a make-up day is the weekday it is worked as (holidays.Day.Like),
//     shape and level;
//   - the week before Spring Festival brings 0.8, the week after 1.2;
//     before National Day 0.92, after it 1.1;
//   - a day-level factor with a coefficient of variation of 8% and
//     Poisson counts per half hour.
var chinaWeekday = [7]float64{time.Sunday: 0.5, time.Monday: 1.25, time.Tuesday: 1.1, time.Wednesday: 1.05,
	time.Thursday: 1, time.Friday: 0.95, time.Saturday: 0.6}

var chinaGroupFactor = map[string]float64{
	"spring festival": 0.55, "national day": 0.75, "holiday": 0.85,
	"before spring festival": 0.8, "after spring festival": 1.2,
	"before national day": 0.92, "after national day": 1.1,
}

func chinaCenter(t testing.TB, start time.Time, nDays int, seed uint64) Series {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
	days, err := holidays.Between("CN", civilDate(start), civilDate(start.AddDate(0, 0, nDays)))
	if err != nil {
		t.Fatal(err)
	}
	special := map[string]holidays.Day{}
	for _, d := range days {
		special[d.Date] = d
	}
	const iv = 30 * time.Minute
	s := Series{Queue: "hotline", Location: loc, Start: start, Interval: iv, Volume: make([]float64, nDays*48)}
	rng := rand.New(rand.NewPCG(seed, 7))
	for d := 0; d < nDays; d++ {
		day := start.AddDate(0, 0, d)
		wd, factor := day.Weekday(), 1.0
		if sd, ok := special[day.Format(time.DateOnly)]; ok {
			if like, ok := weekdayNamed(sd.Like); ok {
				wd = like
			}
			if f, ok := chinaGroupFactor[sd.Group]; ok {
				factor = f
			}
		}
		level := 2000 * chinaWeekday[wd] * factor * gammaNoise(rng, 0.08)
		rest := wd == time.Saturday || wd == time.Sunday
		var shape [48]float64
		var sum float64
		for sl := 16; sl < 44; sl++ { // 08:00-22:00
			h := float64(sl)/2 + 0.25
			if rest {
				shape[sl] = 0.2 + math.Exp(-(h-13)*(h-13)/8)
			} else {
				shape[sl] = 0.15 + math.Exp(-(h-10.5)*(h-10.5)/2.5) + 0.8*math.Exp(-(h-15)*(h-15)/3)
			}
			sum += shape[sl]
		}
		for sl := range shape {
			s.Volume[d*48+sl] = float64(poissonCount(rng, level*shape[sl]/sum))
		}
	}
	return s
}

func civilDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// gammaNoise is a factor of mean 1 and coefficient of variation cv.
func gammaNoise(rng *rand.Rand, cv float64) float64 {
	k := 1 / (cv * cv)
	// Marsaglia and Tsang, shape k >= 1.
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := rng.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v / k
		}
	}
}

// poissonCount draws a Poisson count (a rounded normal above 50).
func poissonCount(rng *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 50 {
		return int(math.Max(0, math.Round(mean+math.Sqrt(mean)*rng.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// The test: a Chinese center's forecast over Spring Festival 2026
// and its make-up days, from two years of history (2024-01-01 to
// 2026-01-31) holding the real 2024 and 2025 arrangements, is closer to
// the actual with the CN calendar than without: over the five weeks, on
// the break, and on the make-up days. The log has the error by day, and
// also with the days off forecast as their own weekday times the learned
// effect (as Israeli and US holidays are) rather than as a Sunday.
func TestChineseCalendarOverSpringFestival(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const histDays, aheadDays = 762, 35 // to 2026-01-31; 2026-02-01 to 03-07
	full := chinaCenter(t, start, histDays+aheadDays, 11)
	train := full
	train.Volume = full.Volume[:histDays*48]
	actual := full.Volume[histDays*48:]
	public, used, err := PublicHolidaysFor(train, "CN", false, train.End().AddDate(0, 0, aheadDays))
	if err != nil || used != "CN" {
		t.Fatal(used, err)
	}
	ownWeekday := append([]Event(nil), public...)
	for i := range ownWeekday {
		if ownWeekday[i].Kind == Holiday {
			ownWeekday[i].Like = ""
		}
	}
	run := func(cal Calendar) []float64 {
		r, err := Run(train, len(actual), Options{Calendar: cal})
		if err != nil {
			t.Fatal(err)
		}
		return r.Volume
	}
	without, with, own := run(Calendar{}), run(Calendar{Public: public}), run(Calendar{Public: ownWeekday})
	special := map[string]Event{}
	for _, e := range public {
		special[e.Date] = e
	}
	daily := func(v []float64, d int) float64 {
		var sum float64
		for _, x := range v[d*48 : (d+1)*48] {
			sum += x
		}
		return sum
	}
	var errWithout, errWith, errOwn, act float64
	var breakWithout, breakWith, makeUpWithout, makeUpWith float64
	t.Logf("%-10s %-3s %-24s %7s %7s %7s %7s", "date", "", "CN group", "actual", "no cal", "CN", "CN own")
	for d := 0; d < aheadDays; d++ {
		date := train.End().AddDate(0, 0, d).In(train.Location)
		e := special[date.Format(time.DateOnly)]
		a, fw, fc, fo := daily(actual, d), daily(without, d), daily(with, d), daily(own, d)
		t.Logf("%s %s %-24s %7.0f %+6.1f%% %+6.1f%% %+6.1f%%", date.Format(time.DateOnly), date.Weekday().String()[:3], e.Name,
			a, 100*(fw-a)/a, 100*(fc-a)/a, 100*(fo-a)/a)
		errWithout += math.Abs(fw - a)
		errWith += math.Abs(fc - a)
		errOwn += math.Abs(fo - a)
		act += a
		if e.Kind == Holiday {
			breakWithout += math.Abs(fw - a)
			breakWith += math.Abs(fc - a)
		}
		if e.Kind == MakeUpDay {
			makeUpWithout += math.Abs(fw - a)
			makeUpWith += math.Abs(fc - a)
		}
	}
	wIval, cIval := wapeOf(actual, without), wapeOf(actual, with)
	t.Logf("daily-total WAPE: without %.3f, CN %.3f, CN with days off as their own weekday %.3f; interval WAPE: without %.3f, CN %.3f",
		errWithout/act, errWith/act, errOwn/act, wIval, cIval)
	if cIval > 0.6*wIval || errWith > 0.5*errWithout {
		t.Errorf("the CN calendar helps too little: interval WAPE %.3f vs %.3f without, daily %.3f vs %.3f", cIval, wIval, errWith/act, errWithout/act)
	}
	if makeUpWith > 0.6*makeUpWithout {
		t.Errorf("make-up days: %.0f off with the calendar, %.0f without", makeUpWith, makeUpWithout)
	}
	if breakWith > 0.5*breakWithout {
		t.Errorf("Spring Festival break: %.0f off with the calendar, %.0f without", breakWith, breakWithout)
	}
}

// A make-up Sunday of a center closed on Sundays is forecast as the
// Monday it is worked as (no past make-up day: effect 1), and a past one
// teaches its effect against the Mondays around it. A day off kept as a
// Sunday falls back to its own weekday where the center is closed on
// Sundays.
func TestMakeUpDayForecastAsItsWeekday(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	hist := synthetic(time.UTC, start, 8*7, shape, 0)
	// Future day 6 is Sunday 8 March; day 2 a Wednesday.
	sunday, wednesday := "2026-03-08", "2026-03-04"
	cases := []struct {
		name   string
		public []Event
		want   func(day int, t time.Time) float64 // per future interval of the Sunday
	}{
		{"make-up Sunday as Monday", []Event{{Date: sunday, Kind: MakeUpDay, Name: "make-up working day", Like: "Monday"}},
			func(_ int, t time.Time) float64 { return shape(t.AddDate(0, 0, 1)) }},
		{"without Like it stays a closed Sunday", []Event{{Date: sunday, Kind: MakeUpDay, Name: "make-up working day"}},
			func(int, time.Time) float64 { return 0 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Run(hist, 7*96, Options{Method: "mean4", Calendar: Calendar{Public: c.public}})
			if err != nil {
				t.Fatal(err)
			}
			for i := 6 * 96; i < 7*96; i++ {
				at := r.Start.Add(time.Duration(i) * 15 * time.Minute)
				if got, want := r.Volume[i], c.want(6, at); math.Abs(got-want) > 1e-6 {
					t.Fatalf("%s: %v at %v, want %v", c.name, got, at, want)
				}
			}
		})
	}
	// A past make-up Sunday that brought 0.8 of a Monday teaches 0.8.
	past := start.AddDate(0, 0, 7*7-1) // Sunday 22 February
	for i := 0; i < 96; i++ {
		at := past.Add(time.Duration(i) * 15 * time.Minute)
		hist.Volume[int(at.Sub(start)/(15*time.Minute))] = 0.8 * shape(at.AddDate(0, 0, 1))
	}
	public := []Event{{Date: past.Format(time.DateOnly), Kind: MakeUpDay, Name: "make-up working day", Like: "Monday"},
		{Date: sunday, Kind: MakeUpDay, Name: "make-up working day", Like: "Monday"},
		{Date: wednesday, Kind: Holiday, Name: "spring festival", Like: "Sunday"}}
	r, err := Run(hist, 7*96, Options{Method: "mean4", Calendar: Calendar{Public: public}})
	if err != nil {
		t.Fatal(err)
	}
	at := r.Start.Add(6*24*time.Hour + 11*time.Hour)
	if got, want := r.Volume[6*96+44], 0.8*shape(at.AddDate(0, 0, 1)); math.Abs(got-want) > 1e-6 {
		t.Errorf("learned make-up day: %v, want %v", got, want)
	}
	// Closed on Sundays: the day off is its own Wednesday (no past one: x1).
	at = r.Start.Add(2*24*time.Hour + 11*time.Hour)
	if got, want := r.Volume[2*96+44], shape(at); math.Abs(got-want) > 1e-6 {
		t.Errorf("day off on a Wednesday of a center closed on Sundays: %v, want %v", got, want)
	}
}
