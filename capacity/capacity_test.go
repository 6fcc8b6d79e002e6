package capacity

import (
	"errors"
	"math"
	"testing"
	"time"

	"wfm/civil"
	"wfm/staffing"
)

// A skill taking 6,000 contacts of 300 s a week over 60 open hours: 50 a
// half hour, 8.33 erlangs. At 80% in 20 s Erlang C wants 12 agents (11
// give 74.9%, 12 give 86.2%: worked out apart, from the Erlang C formula),
// so 12 x 60 h / (1 - 0.3) / 40 h = 25.71 FTE.
func TestComputeNeedSupplyAndAdvice(t *testing.T) {
	start := civil.MustParse("2027-01-04") // a Monday
	var demand []Demand
	for _, w := range Mondays(start, 26) {
		demand = append(demand, Demand{Week: w, Volume: 6000, AHTSeconds: 300, OpenHours: 60})
	}
	goal := staffing.Goal{ServiceLevel: 0.8, ThresholdSeconds: 20}
	a := DefaultAssumptions()
	a.FTE = 30
	p, err := Compute(demand, goal, a)
	if err != nil {
		t.Fatal(err)
	}
	need := 12 * 60 / 0.7 / 40
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	base := func(i int) float64 { return 30 * math.Pow(0.97, float64(i)*12/52) }
	for _, i := range []int{0, 10, 25} {
		near("need", p.Weeks[i].NeedFTE, need)
		near("base", p.Weeks[i].BaseFTE, base(i))
	}
	// Week 0: floor(30 x 40 x 0.7 / 60) = 14 agents on the phones: 96.4%.
	if sl := p.Weeks[0].ServiceLevelNoHire; sl == nil || math.Abs(*sl-0.96392290) > 1e-6 {
		t.Errorf("week 0 without hiring: %v, want 96.4%%", sl)
	}
	// 30 x 0.97^(w x 12/52) falls below 25.71 after 5.07 months: week 22.
	if p.FirstShort == nil || *p.FirstShort != start.AddDays(7*22) {
		t.Fatalf("first short week %v, want %s", p.FirstShort, start.AddDays(7*22))
	}
	if *p.HireBy != start.AddDays(7*14) {
		t.Errorf("hire by %s, want 8 weeks (class and ramp) before", p.HireBy)
	}
	// The class starts at week 14; the worst gap is the last week's, and the
	// class thins for 11 weeks until then.
	worst := (need - base(25)) / math.Pow(0.97, 11*12.0/52)
	if p.HireCount != int(math.Ceil(worst)) {
		t.Errorf("hire %d, want %d", p.HireCount, int(math.Ceil(worst)))
	}

	// Planned: 5 start in week 14. In class 4 weeks, half productive 4,
	// whole after, all thinning by attrition.
	a.Hires = []Hire{{Start: start.AddDays(7 * 14), Count: 5}}
	p, err = Compute(demand, goal, a)
	if err != nil {
		t.Fatal(err)
	}
	hire := func(weeksIn float64, share float64) float64 { return 5 * share * math.Pow(0.97, weeksIn*12/52) }
	near("week 17 (in class)", p.Weeks[17].SupplyFTE, base(17))
	near("week 19 (ramping)", p.Weeks[19].SupplyFTE, base(19)+hire(5, 0.5))
	near("week 25 (trained)", p.Weeks[25].SupplyFTE, base(25)+hire(11, 1))
	near("gap", p.Weeks[25].Gap, p.Weeks[25].SupplyFTE-need)

	// Growth: 10% a year makes week 26's volume 1.1^(26/52) of the first's.
	a.GrowthPerYear = 0.1
	p, _ = Compute(demand, goal, a)
	near("grown volume", p.Weeks[25].Volume, 6000*math.Pow(1.1, 25.0/52))
}

func TestAssumptionsNameTheWrongField(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*Assumptions)
		field string
	}{
		{"shrinkage 95%", func(a *Assumptions) { a.Shrinkage = 0.95 }, "shrinkage"},
		{"no hours per FTE", func(a *Assumptions) { a.HoursPerFTE = 0 }, "hours_per_fte"},
		{"growth NaN", func(a *Assumptions) { a.GrowthPerYear = math.NaN() }, "growth_per_year"},
		{"hire of nobody", func(a *Assumptions) { a.Hires = []Hire{{Start: civil.MustParse("2027-01-04"), Count: 0}} }, "hires[0].count"},
		{"hire without start", func(a *Assumptions) { a.Hires = []Hire{{Count: 3}} }, "hires[0].start"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := DefaultAssumptions()
			c.edit(&a)
			var fe *FieldError
			if err := a.Validate(); !errors.As(err, &fe) || fe.Field != c.field {
				t.Errorf("%v, want a problem with %s", err, c.field)
			}
		})
	}
}

func TestDemandFromHistory(t *testing.T) {
	loc := time.UTC
	start := civil.MustParse("2027-01-04")
	// Ten weeks before start: Monday to Friday, 09:00-17:00 in half hours,
	// 10 contacts of 240 s each, but the most recent week has 20 a half hour.
	var hist []Interval
	for k := 1; k <= 10; k++ {
		w := start.AddDays(-7 * k)
		for d := 0; d < 5; d++ {
			for h := 0; h < 16; h++ {
				offered := 10.0
				if k == 1 {
					offered = 20
				}
				hist = append(hist, Interval{Start: w.AddDays(d).Start(loc).Add(9*time.Hour + time.Duration(h)*30*time.Minute), Seconds: 1800, Offered: offered, AHTSeconds: 240})
			}
		}
	}
	dem, err := DemandFromHistory(hist, loc, start, 26)
	if err != nil {
		t.Fatal(err)
	}
	// The last 8 weeks: 7 of 800 and one of 1,600: 900 a week; 40 open hours.
	if len(dem) != 26 || dem[0].Week != start || math.Abs(dem[0].Volume-900) > 1e-9 || dem[0].AHTSeconds != 240 || dem[0].OpenHours != 40 {
		t.Errorf("demand: %+v", dem[0])
	}
	if _, err := DemandFromHistory(nil, loc, start, 26); err == nil {
		t.Error("no history: no error")
	}
}
