package forecast

import (
	"math"
	"testing"
	"time"
)

// A queue 30% busier on the 10th to 13th of every month: the date effect
// is learned from five months of noisy history and carried into the
// forecast of the next 10th to 13th; a queue without one learns none, so
// its forecast does not move with the date.
func TestDayOfMonthEffect(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	dated := func(t time.Time) float64 {
		v := shape(t)
		if d := t.Day(); d >= 10 && d <= 13 {
			v *= 1.3
		}
		return v
	}
	// 2024-01-01 + 160 days = 2024-06-09: the horizon starts the day
	// before the 10th.
	s := synthetic(time.UTC, start, 160, dated, 7)
	p, err := prepare(s, Calendar{})
	if err != nil {
		t.Fatal(err)
	}
	for _, dom := range []int{11, 12} {
		if eff := p.dayOfMonth[dom]; eff < 1.15 || eff > 1.35 {
			t.Errorf("day %d of the month: effect %.3f, want about 1.3 (learned: %v)", dom, eff, p.dayOfMonth)
		}
	}
	for _, dom := range []int{3, 20, 27} {
		if eff, ok := p.dayOfMonth[dom]; ok {
			t.Errorf("day %d of the month: effect %.3f learned where there is none", dom, eff)
		}
	}
	r, err := Run(s, 96*14, Options{Method: "pmedian5"})
	if err != nil {
		t.Fatal(err)
	}
	// Future day 3 is Wednesday 2024-06-12, day 10 Wednesday 06-19.
	day := func(k int) float64 {
		var sum float64
		for _, v := range r.Volume[k*96 : (k+1)*96] {
			sum += v
		}
		return sum
	}
	if ratio := day(3) / day(10); ratio < 1.15 {
		t.Errorf("forecast of the 12th / the 19th = %.3f, want about 1.3", ratio)
	}

	plain := synthetic(time.UTC, start, 160, shape, 7)
	p, err = prepare(plain, Calendar{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.dayOfMonth) != 0 {
		t.Errorf("no date effect in the data, learned %v", p.dayOfMonth)
	}
	r, err = Run(plain, 96*14, Options{Method: "pmedian5"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := 0.0, 0.0
	for _, v := range r.Volume[3*96 : 4*96] {
		a += v
	}
	for _, v := range r.Volume[10*96 : 11*96] {
		b += v
	}
	if math.Abs(a/b-1) > 0.02 {
		t.Errorf("no date effect: the 12th / the 19th = %.3f, want 1", a/b)
	}
}

// On centers whose whole day moves by 16% and that have no month effect,
// four months of history must not give the month positions effects of
// their own: without the significance test 38 of the 50 positions of the
// ten tuned synthetic centers got one (5-13%), now 7 do.
func TestNoMonthEffectsFromDayNoise(t *testing.T) {
	found := 0
	for _, seed := range centerTuneSeeds {
		p, err := prepare(syntheticCenter(seed, true).train, Calendar{})
		if err != nil {
			t.Fatal(err)
		}
		found += len(p.monthEffects)
	}
	if found > 10 {
		t.Errorf("%d of %d month positions got an effect from noise alone", found, 5*len(centerTuneSeeds))
	}
}
