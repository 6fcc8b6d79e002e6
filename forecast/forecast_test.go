package forecast

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// shape is a weekday x hour pattern: open 8-20 on weekdays, 9-13 on
// Saturdays, closed Sundays, with a midday peak.
func shape(t time.Time) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60
	var open, close float64
	switch t.Weekday() {
	case time.Sunday:
		return 0
	case time.Saturday:
		open, close = 9, 13
	default:
		open, close = 8, 20
	}
	if h < open || h >= close {
		return 0
	}
	base := 20 + 30*math.Exp(-(h-11)*(h-11)/8)
	if t.Weekday() == time.Monday {
		base *= 1.3
	}
	return base
}

// synthetic builds a 15-minute series of whole days from start, with
// values f(t), optionally Poisson-like noise from the seed.
func synthetic(loc *time.Location, start time.Time, nDays int, f func(time.Time) float64, seed uint64) Series {
	end := start.AddDate(0, 0, nDays)
	iv := 15 * time.Minute
	n := int(end.Sub(start) / iv)
	s := Series{Queue: "q", Location: loc, Start: start, Interval: iv, Volume: make([]float64, n)}
	var rng *rand.Rand
	if seed != 0 {
		rng = rand.New(rand.NewPCG(seed, 1))
	}
	for i := range s.Volume {
		t := start.Add(time.Duration(i) * iv).In(loc)
		v := f(t)
		if rng != nil && v > 0 {
			v = math.Max(0, math.Round(v+math.Sqrt(v)*rng.NormFloat64()))
		}
		s.Volume[i] = v
	}
	return s
}

func TestValidateNamesTheField(t *testing.T) {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	good := Series{Location: time.UTC, Start: start, Interval: 15 * time.Minute, Volume: []float64{1, 2}}
	tests := []struct {
		name string
		edit func(*Series)
		want string
	}{
		{"ok", func(*Series) {}, ""},
		{"no location", func(s *Series) { s.Location = nil }, "location"},
		{"7 minutes", func(s *Series) { s.Interval = 7 * time.Minute }, "interval"},
		{"empty", func(s *Series) { s.Volume = nil }, "volume: empty"},
		{"negative", func(s *Series) { s.Volume = []float64{1, -1} }, "volume[1]"},
		{"NaN", func(s *Series) { s.Volume = []float64{math.NaN(), 1} }, "volume[0]"},
		{"absurd", func(s *Series) { s.Volume = []float64{1, 1e10} }, "volume[1]"},
		{"aht length", func(s *Series) { s.AHT = []float64{1} }, "aht"},
		{"aht negative", func(s *Series) { s.AHT = []float64{1, -3} }, "aht[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := good
			tc.edit(&s)
			err := s.Validate()
			if tc.want == "" {
				if err != nil {
					t.Errorf("%s: %v", tc.name, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: got %v, want an error naming %q", tc.name, err, tc.want)
			}
		})
	}
}

func TestNewSeriesPlacesRowsAndClosesGaps(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	obs := []Observation{
		{Start: start.Add(30 * time.Minute), Offered: 7, AHT: 200, HasAHT: true},
		{Start: start, Offered: 3},
	}
	s, err := NewSeries("q", loc, 15*time.Minute, start, start.Add(time.Hour), obs)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{3, 0, 7, 0}
	for i := range want {
		if s.Volume[i] != want[i] {
			t.Fatalf("volume = %v, want %v", s.Volume, want)
		}
	}
	if s.AHT[2] != 200 || s.Answered[2] != 7 || s.Answered[0] != 0 {
		t.Errorf("aht %v answered %v: want AHT 200 weighed by offered 7 at interval 2 only", s.AHT, s.Answered)
	}
	_, err = NewSeries("q", loc, 15*time.Minute, start, start.Add(time.Hour), []Observation{{Start: start.Add(5 * time.Minute)}})
	if err == nil || !strings.Contains(err.Error(), "observations[0].start") {
		t.Errorf("off-grid row: got %v", err)
	}
}

// A 23-hour and a 25-hour day are each one day, indexed by wall clock.
func TestDayMatrixAcrossDaylightSaving(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tz database")
	}
	// 2026-03-08 has 23 hours, 2026-11-01 has 25.
	for _, day := range []time.Time{time.Date(2026, 3, 7, 0, 0, 0, 0, loc), time.Date(2026, 10, 31, 0, 0, 0, 0, loc)} {
		t.Run(day.Format(time.DateOnly), func(t *testing.T) {
			s := synthetic(loc, day, 3, func(t time.Time) float64 { return float64(t.Hour()*60 + t.Minute()) }, 0)
			h := dayMatrix(s, s.Volume)
			if h.n() != 3 {
				t.Fatalf("%v: %d days, want 3", day, h.n())
			}
			for d := 0; d < 3; d++ {
				for sl := 0; sl < 96; sl++ {
					want := float64(sl * 15)
					if day.Month() == 3 && d == 1 && sl >= 8 && sl < 12 {
						want = float64(7 * 15) // the skipped hour 02:00-03:00 repeats 01:45
					}
					if h.val[d][sl] != want {
						t.Fatalf("%v day %d slot %d = %v, want %v", day, d, sl, h.val[d][sl], want)
					}
				}
			}
		})
	}
}

// On a noiseless weekly pattern every method reproduces the pattern.
func TestMethodsReproduceAPurePattern(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc) // a Monday
	s := synthetic(loc, start, 10*7, shape, 0)
	n := 14 * 96
	for _, m := range Methods() {
		fc, err := m.Forecast(s, n)
		if err != nil {
			t.Fatal(err)
		}
		var ae, a float64
		for i, f := range fc {
			want := shape(s.End().Add(time.Duration(i) * s.Interval))
			ae += math.Abs(f - want)
			a += want
		}
		// Profile smoothing blurs the peak a little; the rest is exact.
		limit := 1e-9
		if strings.HasPrefix(m.Name(), "p") {
			limit = 0.02
		}
		if ae/a > limit {
			t.Errorf("%s: WAPE %.4f on a pure pattern, want <= %v", m.Name(), ae/a, limit)
		}
	}
}

func TestWeekAverageByHand(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	// Mondays hold 1, 2, 3, 4, 5 in weeks 0-4, other days 0.
	s := synthetic(loc, start, 35, func(t time.Time) float64 {
		if t.Weekday() != time.Monday {
			return 0
		}
		return float64(t.Sub(start)/(7*24*time.Hour)) + 1
	}, 0)
	tests := []struct {
		name string
		m    Method
		want float64
	}{
		{"seasonal naive", SeasonalNaive{}, 5},
		{"4 weeks", WeekAverage{Weeks: 4}, (5 + 4 + 3 + 2) / 4.0},
		{"4 weeks weighted", WeekAverage{Weeks: 4, Weighted: true}, (4*5 + 3*4 + 2*3 + 1*2) / 10.0},
		{"8 weeks of 5", WeekAverage{Weeks: 8}, (5 + 4 + 3 + 2 + 1) / 5.0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fc, err := tc.m.Forecast(s, 96) // the next Monday
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(fc[40]-tc.want) > 1e-12 {
				t.Errorf("%s = %v, want %v", tc.m.Name(), fc[40], tc.want)
			}
		})
	}
}

func TestShortAndEmptyHistories(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	one := synthetic(loc, start, 1, shape, 0)
	r, err := Run(one, 7*96, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "mean4" || r.Backtest != nil {
		t.Errorf("one day: method %q backtest %v, want the documented mean4 fallback and no backtest", r.Method, r.Backtest)
	}
	// Every day of the week gets the one day there is.
	if math.Abs(r.Volume[3*96+44]-shape(start.Add(44*15*time.Minute))) > 1e-9 {
		t.Errorf("one-day fallback: %v", r.Volume[3*96+44])
	}
	zero := synthetic(loc, start, 60, func(time.Time) float64 { return 0 }, 0)
	r, err = Run(zero, 14*96, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Volume {
		if r.Volume[i] != 0 || r.Low[i] != 0 || r.High[i] != 0 {
			t.Fatalf("all-zero queue: interval %d = %v [%v, %v]", i, r.Volume[i], r.Low[i], r.High[i])
		}
	}
	half := Series{Location: loc, Start: start.Add(time.Hour), Interval: 15 * time.Minute, Volume: make([]float64, 10)}
	if _, err := Run(half, 10, Options{}); err == nil || !strings.Contains(err.Error(), "no complete local day") {
		t.Errorf("partial day: %v", err)
	}
}

// A holiday in the history must not spoil the next week's forecast.
func TestHolidayInHistory(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	nDays := 9 * 7
	holiday := start.AddDate(0, 0, nDays-7+2) // the last Wednesday
	truth := synthetic(loc, start, nDays+7, shape, 0)
	f := func(t time.Time) float64 {
		if t.Year() == holiday.Year() && t.YearDay() == holiday.YearDay() {
			return 0.02 * shape(t)
		}
		return shape(t)
	}
	hist := synthetic(loc, start, nDays, f, 0)
	nextWeek := truth.Volume[len(hist.Volume):]
	cal := Calendar{Events: []Event{{Date: holiday.Format(time.DateOnly), Kind: Holiday}}}
	for _, name := range []string{"snaive", "mean4", "wavg4", "pmedian5", "pets", "dshw", "robust", "ptrend", Auto} {
		t.Run(name, func(t *testing.T) {
			withCal, err := Run(hist, len(nextWeek), Options{Method: name, Calendar: cal})
			if err != nil {
				t.Fatal(err)
			}
			if w := wapeOf(nextWeek, withCal.Volume); w > 0.03 {
				t.Errorf("%s with the holiday on the calendar: next week's WAPE %.4f, want <= 0.03", name, w)
			}
			without, err := Run(hist, len(nextWeek), Options{Method: name})
			if err != nil {
				t.Fatal(err)
			}
			w := wapeOf(nextWeek, without.Volume)
			t.Logf("%-8s next-week WAPE with calendar %.4f, without %.4f", name, wapeOf(nextWeek, withCal.Volume), w)
			// Robust methods limit the damage without being told.
			if (name == "robust" || name == "pmedian5" || name == "ptrend") && w > 0.03 {
				t.Errorf("%s without the calendar: WAPE %.4f, want <= 0.03", name, w)
			}
		})
	}
}

// specialWednesday is 8 weeks of history with one Wednesday (past) at 40%
// of its normal volume, and the Wednesday after the history (next).
func specialWednesday() (hist Series, past, next time.Time) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	past = start.AddDate(0, 0, 30)
	f := func(t time.Time) float64 {
		if t.YearDay() == past.YearDay() {
			return 0.4 * shape(t)
		}
		return shape(t)
	}
	hist = synthetic(time.UTC, start, 8*7, f, 0)
	return hist, past, hist.End().AddDate(0, 0, 2)
}

// The effect of a holiday is learned from its past occurrence and applied
// to the next one; a hand-set multiplier wins.
func TestEventEffectLearnedAndManual(t *testing.T) {
	hist, past, next := specialWednesday()
	for _, tc := range []struct {
		name       string
		mult, want float64
	}{{"learned", 0, 0.4}, {"set by hand", 1.5, 1.5}} {
		t.Run(tc.name, func(t *testing.T) {
			cal := Calendar{Events: []Event{
				{Date: past.Format(time.DateOnly), Kind: Billing},
				{Date: next.Format(time.DateOnly), Kind: Billing, Multiplier: tc.mult},
			}}
			r, err := Run(hist, 7*96, Options{Method: "mean4", Calendar: cal})
			if err != nil {
				t.Fatal(err)
			}
			i := 2*96 + 44
			if got, want := r.Volume[i], tc.want*shape(next.Add(44*15*time.Minute)); math.Abs(got-want) > 1e-6 {
				t.Errorf("multiplier %v: %v, want %v", tc.mult, got, want)
			}
		})
	}
}

// A public holiday works like a holiday the calendar lists: its effect is
// learned from the past one and applied to the next. It holds for its
// queue only, and yields to the calendar's own entry on the same date.
func TestPublicHolidaysLikeListedOnesAndYielding(t *testing.T) {
	hist, past, next := specialWednesday()
	i := 2*96 + 44
	normal := shape(next.Add(44 * 15 * time.Minute))
	public := []Event{{Date: past.Format(time.DateOnly), Kind: Holiday, Name: "holiday"}, {Date: next.Format(time.DateOnly), Kind: Holiday, Name: "holiday"}}
	for _, tc := range []struct {
		name string
		cal  Calendar
		want float64
	}{
		{"listed", Calendar{Events: public}, 0.4},
		{"public", Calendar{Public: public}, 0.4},
		{"public for q", Calendar{Public: []Event{{Date: public[0].Date, Queue: "q", Kind: Holiday}, {Date: public[1].Date, Queue: "q", Kind: Holiday}}}, 0.4},
		{"public for another queue", Calendar{Public: []Event{{Date: public[0].Date, Queue: "other", Kind: Holiday}, {Date: public[1].Date, Queue: "other", Kind: Holiday}}}, 1},
		{"calendar's own entry wins", Calendar{Public: public, Events: []Event{{Date: public[1].Date, Kind: Campaign, Multiplier: 1.5}}}, 1.5},
		{"an anomaly wins too: the past day is kept out, not learned from", Calendar{Public: public, Anomalies: []Anomaly{{Date: public[0].Date}}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Run(hist, 7*96, Options{Method: "mean4", Calendar: tc.cal})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := r.Volume[i], tc.want*normal; math.Abs(got-want) > 1e-6 {
				t.Errorf("%s: %v, want %v", tc.name, got, want)
			}
		})
	}
}

// Auto is at least as good in its backtest as every method, and its band
// covers about 80% of fresh noisy data.
func TestAutoAndPredictionInterval(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	all := synthetic(loc, start, 12*7+14, shape, 7)
	hist := all
	hist.Volume = all.Volume[:12*7*96]
	test := all.Volume[12*7*96:]
	r, err := Run(hist, len(test), Options{})
	if err != nil {
		t.Fatal(err)
	}
	chosen := math.Inf(1)
	for _, e := range r.Backtest {
		if e.Method == r.Method {
			chosen = e.WAPE
		}
	}
	for _, e := range r.Backtest {
		if e.WAPE < chosen-1e-12 {
			t.Errorf("auto chose %s (%.4f) but %s had %.4f", r.Method, chosen, e.Method, e.WAPE)
		}
	}
	var in, open int
	for i, a := range test {
		if r.Low[i] > r.Volume[i] || r.High[i] < r.Volume[i] || r.Low[i] < 0 {
			t.Fatalf("interval %d: %v not inside [%v, %v]", i, r.Volume[i], r.Low[i], r.High[i])
		}
		if r.Volume[i] == 0 {
			continue
		}
		open++
		if a >= r.Low[i] && a <= r.High[i] {
			in++
		}
	}
	if cov := float64(in) / float64(open); cov < 0.7 || cov > 0.9 {
		t.Errorf("80%% band covers %.3f of the open intervals", cov)
	}
}

func TestAHTForecast(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	s := synthetic(loc, start, 8*7, shape, 0)
	s.AHT = make([]float64, len(s.Volume))
	s.Answered = make([]float64, len(s.Volume))
	for i, v := range s.Volume {
		if v > 0 {
			s.AHT[i] = 240
			s.Answered[i] = v
		}
	}
	r, err := Run(s, 7*96, Options{Method: "mean4"})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range r.AHT {
		if math.Abs(a-240) > 1e-9 {
			t.Fatalf("constant AHT 240: interval %d = %v", i, a)
		}
	}
	// One thin interval with an odd AHT is pulled toward the day's mean.
	i := 7*7*96 + 40 // last Monday 10:00
	s.AHT[i], s.Answered[i] = 2400, 1
	r, err = Run(s, 7*96, Options{Method: "mean4"})
	if err != nil {
		t.Fatal(err)
	}
	if a := r.AHT[40]; a <= 240 || a > 300 {
		t.Errorf("thin odd interval: AHT %v, want a little above 240", a)
	}
	s.AHT, s.Answered = nil, nil
	if r, _ = Run(s, 96, Options{Method: "mean4"}); r.AHT != nil {
		t.Errorf("no AHT history: want nil AHT, got %d values", len(r.AHT))
	}
}

func TestReforecast(t *testing.T) {
	fc := []float64{10, 10, 10, 10, 10}
	tests := []struct {
		name   string
		actual []float64
		want   float64 // factor applied to the rest
	}{
		{"no actuals", nil, 1},
		{"one interval double", []float64{20}, 1 + 1*0.2/(0.2+reforecastPrior)},
		{"three intervals half", []float64{5, 5, 5}, 1 - 0.5*0.6/(0.6+reforecastPrior)},
		{"ratio capped at 5", []float64{1000}, 1 + 4*0.2/(0.2+reforecastPrior)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rest, err := Reforecast(fc, tc.actual)
			if err != nil {
				t.Fatal(err)
			}
			if len(rest) != len(fc)-len(tc.actual) {
				t.Fatalf("%v: %d intervals left", tc.actual, len(rest))
			}
			for _, v := range rest {
				if math.Abs(v-10*tc.want) > 1e-9 {
					t.Errorf("%v: %v, want %v", tc.actual, v, 10*tc.want)
				}
			}
		})
	}
	if _, err := Reforecast(fc, []float64{1, 1, 1, 1, 1, 1}); err == nil {
		t.Error("more actuals than intervals: want an error")
	}
}

func TestMeasure(t *testing.T) {
	loc := time.UTC
	t0 := time.Date(2026, 3, 2, 23, 30, 0, 0, loc)
	iv := 30 * time.Minute
	snap := []Point{{"a", t0, 10}, {"a", t0.Add(iv), 5}, {"a", t0.Add(2 * iv), 4}, {"b", t0, 3}}
	act := []Point{{"a", t0, 8}, {"a", t0.Add(iv), 0}, {"a", t0.Add(2 * iv), 6}}
	acc, err := Measure(snap, act, loc)
	if err != nil {
		t.Fatal(err)
	}
	a := acc.Queues["a"]
	// |8-10| + |0-5| + |6-4| = 9 over 14; MAPE over the two non-zero: (2/8 + 2/6)/2.
	if !a.HasWAPE || math.Abs(a.WAPE-9.0/14) > 1e-12 || math.Abs(a.MAPE-(0.25+1.0/3)/2) > 1e-12 || math.Abs(a.Bias-(19.0-14)/14) > 1e-12 {
		t.Errorf("queue a: %+v", a)
	}
	if d := acc.Days["a"]["2026-03-03"]; math.Abs(d.WAPE-7.0/6) > 1e-12 {
		t.Errorf("day 2026-03-03: %+v", d)
	}
	if b := acc.Queues["b"]; b.HasWAPE || b.HasMAPE {
		t.Errorf("queue b has no actuals: %+v", b)
	}
	if len(acc.Intervals) != 4 || acc.Intervals[3].Queue != "b" {
		t.Errorf("intervals: %+v", acc.Intervals)
	}
}

// Across a daylight-saving change the forecast follows the wall clock: the
// 09:00 interval after the change gets what 09:00 had before it.
func TestForecastAcrossDaylightSaving(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tz database")
	}
	start := time.Date(2026, 2, 2, 0, 0, 0, 0, loc) // Monday; clocks go forward 2026-03-29
	s := synthetic(loc, start, 7*7, shape, 0)       // to midnight 2026-03-23
	end := time.Date(2026, 4, 6, 0, 0, 0, 0, loc)
	n := int(end.Sub(s.End()) / s.Interval) // two local weeks, one 23-hour day
	if n != 14*96-4 {
		t.Fatalf("n = %d", n)
	}
	for _, tc := range []struct {
		name  string
		limit float64
	}{{"mean4", 1e-9}, {"robust", 1e-9}, {Auto, 0.02}} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Run(s, n, Options{Method: tc.name})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Volume) != n {
				t.Fatalf("%s: %d intervals", tc.name, len(r.Volume))
			}
			var ae, a float64
			for i, v := range r.Volume {
				want := shape(r.Start.Add(time.Duration(i) * r.Interval).In(loc))
				ae += math.Abs(v - want)
				a += want
			}
			if ae/a > tc.limit {
				t.Errorf("%s: WAPE %.6f across the change, want <= %v", tc.name, ae/a, tc.limit)
			}
		})
	}
}

func TestCalendarValidate(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		want string
	}{
		{"ok", Calendar{Events: []Event{{Date: "2026-12-25", Kind: Holiday}}}, ""},
		{"month 13", Calendar{Events: []Event{{Date: "2026-13-25", Kind: Holiday}}}, "events[0].date"},
		{"unknown kind", Calendar{Events: []Event{{Date: "2026-12-25", Kind: Holiday}, {Date: "2026-12-26", Kind: "party"}}}, "events[1].kind"},
		{"negative multiplier", Calendar{Events: []Event{{Date: "2026-12-25", Kind: Campaign, Multiplier: -1}}}, "events[0].multiplier"},
		{"anomaly yesterday", Calendar{Anomalies: []Anomaly{{Date: "yesterday"}}}, "anomalies[0].date"},
		{"public 32 December", Calendar{Public: []Event{{Date: "2026-12-25", Kind: Holiday}, {Date: "2026-12-32", Kind: Holiday}}}, "public[1].date"},
		{"public campaign", Calendar{Public: []Event{{Date: "2026-12-25", Kind: Campaign}}}, "public[0].kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cal.Validate()
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("%+v: got %v, want %q", tc.cal, err, tc.want)
			}
		})
	}
}

func TestBacktestNeedsHistory(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	if _, err := Backtest(synthetic(loc, start, 20, shape, 0), Calendar{}, Methods(), DefaultBacktest); err == nil {
		t.Error("20 days: want an error")
	}
	errs, err := Backtest(synthetic(loc, start, 8*7, shape, 0), Calendar{}, []Method{SeasonalNaive{}}, DefaultBacktest)
	if err != nil {
		t.Fatal(err)
	}
	// 56 days leave at least 21 days of training to 6 of the 7 origins
	// (the oldest would start at day 56-14-24 = 18).
	if len(errs) != 1 || errs[0].WAPE != 0 || len(errs[0].Origins) != 6 {
		t.Errorf("a pure weekly pattern: %+v, want snaive exact on 6 origins", errs)
	}
}

// An unlisted closure in the history is found without a calendar, and so
// is the catch-up on the next open day: neither is copied into next week.
func TestUnlistedClosureAndCatchUp(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	nDays := 9 * 7
	closed := start.AddDate(0, 0, nDays-7) // the last Monday
	catchUp := closed.AddDate(0, 0, 1)
	same := func(a, b time.Time) bool { return a.YearDay() == b.YearDay() && a.Year() == b.Year() }
	truth := synthetic(loc, start, nDays+7, shape, 0)
	hist := synthetic(loc, start, nDays, func(t time.Time) float64 {
		switch {
		case same(t, closed):
			return 0
		case same(t, catchUp):
			return 1.4 * shape(t)
		}
		return shape(t)
	}, 0)
	nextWeek := truth.Volume[len(hist.Volume):]
	for _, name := range []string{"snaive", "mean4", Auto} {
		t.Run(name, func(t *testing.T) {
			r, err := Run(hist, len(nextWeek), Options{Method: name})
			if err != nil {
				t.Fatal(err)
			}
			if w := wapeOf(nextWeek, r.Volume); w > 0.01 {
				t.Errorf("%s: next week's WAPE %.4f, want <= 0.01 (closure or catch-up copied)", name, w)
			}
		})
	}
}

// The band is skewed up for small counts, about even for large ones, never
// narrower than a Poisson count's, and [0, 0] where the forecast is closed.
func TestBandShape(t *testing.T) {
	b := bands{disp: 0.01}
	for i := range b.z {
		b.z[i] = zNormal80
	}
	if lo, hi := b.at(0, 0, 96, 0, 0); lo != 0 || hi != 0 {
		t.Errorf("closed: [%v, %v]", lo, hi)
	}
	lo, hi := b.at(0, 40, 96, 4, 0)
	if !(hi-4 > 4-lo) || lo < 0 {
		t.Errorf("f=4: [%v, %v], want skewed up and >= 0", lo, hi)
	}
	lo, hi = b.at(0, 40, 96, 1000, 0)
	if up, down := hi-1000, 1000-lo; math.Abs(up-down)/down > 0.1 || down < zNormal80*math.Sqrt(1000) {
		t.Errorf("f=1000: [%v, %v], want about even and at least Poisson's", lo, hi)
	}
}

// Both adapters build rows with NewObservation: a zero or absent handle
// time is none, and only intervals with a handle time weigh in its average.
func TestNewObservationWeights(t *testing.T) {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	iv := 15 * time.Minute
	ans, zero, aht := 8, 0.0, 240.0
	obs := []Observation{
		NewObservation(start, 10, &ans, &aht),
		NewObservation(start.Add(iv), 5, &ans, nil),    // answered, no AHT
		NewObservation(start.Add(2*iv), 7, nil, &zero), // AHT 0: none
		NewObservation(start.Add(3*iv), 4, nil, &aht),  // weighed by offered
	}
	if obs[2].HasAHT || !obs[1].HasAnswered || obs[3].HasAnswered {
		t.Fatalf("observations: %+v", obs)
	}
	s, err := NewSeries("q", time.UTC, iv, start, start.Add(24*time.Hour), obs)
	if err != nil {
		t.Fatal(err)
	}
	if s.Answered[0] != 8 || s.Answered[1] != 0 || s.Answered[2] != 0 || s.Answered[3] != 4 || s.AHT[0] != 240 {
		t.Errorf("weights %v, aht %v", s.Answered[:4], s.AHT[:4])
	}
}

// A low last day (a partial export, say) is kept out of training but does
// not count as a closure whose catch-up would raise the next open day.
func TestLowLastDayRaisesNothing(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc) // a Monday
	nDays := 9*7 - 1                                // ends after a Saturday
	closed := start.AddDate(0, 0, 4*7)              // a Monday, then a catch-up Tuesday
	last := start.AddDate(0, 0, nDays-1)
	same := func(a, b time.Time) bool { return a.YearDay() == b.YearDay() && a.Year() == b.Year() }
	hist := synthetic(loc, start, nDays, func(t time.Time) float64 {
		switch {
		case same(t, closed):
			return 0
		case same(t, closed.AddDate(0, 0, 1)):
			return 1.4 * shape(t)
		case same(t, last) && t.Hour() >= 11:
			return 0 // the export stops at 11:00
		}
		return shape(t)
	}, 0)
	truth := synthetic(loc, start, nDays+8, shape, 0)
	next := truth.Volume[len(hist.Volume):]
	r, err := Run(hist, len(next), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if w := wapeOf(next, r.Volume); w > 0.01 {
		t.Errorf("next week's WAPE %.4f, want <= 0.01", w)
	}
}
