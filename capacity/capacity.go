// Package capacity is long-range capacity planning: for the weeks of the
// next 6 to 18 months, the full-time equivalents (FTE) a site's skill
// needs to meet its service goal, against the FTE it will have (today's
// agents thinning by attrition, and the classes of new hires as they
// finish training and ramp up), when to start hiring and how many, and
// the service level each week would get if nobody were hired.
//
// Each week's need comes from its contacts and handle time spread evenly
// over the hours the queues are open: the agents Erlang C (or A) needs for
// that average interval, for every open hour, grossed up by shrinkage. An
// average week hides its peaks, which the short-term requirement covers;
// for hiring decisions months ahead, the weekly total is what moves.
package capacity

import (
	"errors"
	"fmt"
	"math"

	"wfm/civil"
	"wfm/staffing"
)

// Demand is one week of a site's skill: its contacts, their mean handle
// time and the hours its queues are open.
type Demand struct {
	Week       civil.Date // the Monday
	Volume     float64
	AHTSeconds float64
	OpenHours  float64
}

// Hire is a class of new agents starting training on Start.
type Hire struct {
	Start civil.Date `json:"start"`
	Count int        `json:"count"`
}

// Assumptions are what a manager can change in a plan (a scenario).
type Assumptions struct {
	// GrowthPerYear is the volume's growth (0.05: 5% a year), applied
	// week by week from the plan's start.
	GrowthPerYear float64 `json:"growth_per_year"`
	// Shrinkage is the share of paid time not on the phones (breaks,
	// training, absence), in [0, 0.9].
	Shrinkage float64 `json:"shrinkage"`
	// HoursPerFTE is a full-time agent's paid hours a week.
	HoursPerFTE float64 `json:"hours_per_fte"`
	// AttritionPerMonth is the share of agents who leave each month.
	AttritionPerMonth float64 `json:"attrition_per_month"`
	// FTE is the center's FTE for the skill today.
	FTE float64 `json:"fte"`
	// A new hire spends ClassWeeks in class (not on the phones), then
	// RampWeeks at RampProductivity of a trained agent.
	ClassWeeks       int     `json:"class_weeks"`
	RampWeeks        int     `json:"ramp_weeks"`
	RampProductivity float64 `json:"ramp_productivity"`
	Hires            []Hire  `json:"hires"`
}

// DefaultAssumptions are a plan's starting point: no growth, 30%
// shrinkage, 40-hour weeks, 3% attrition a month, four weeks in class and
// four at half productivity.
func DefaultAssumptions() Assumptions {
	return Assumptions{Shrinkage: 0.3, HoursPerFTE: 40, AttritionPerMonth: 0.03, ClassWeeks: 4, RampWeeks: 4, RampProductivity: 0.5, Hires: []Hire{}}
}

// FieldError names the assumption that is wrong, by its JSON name.
type FieldError struct{ Field, Message string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Validate reports the first assumption out of range.
func (a Assumptions) Validate() error {
	in := func(x, lo, hi float64) bool { return x >= lo && x <= hi && !math.IsNaN(x) }
	switch {
	case !in(a.GrowthPerYear, -0.9, 10):
		return &FieldError{"growth_per_year", fmt.Sprintf("%v: want a share between -0.9 and 10 (0.05 is 5%% a year)", a.GrowthPerYear)}
	case !in(a.Shrinkage, 0, 0.9):
		return &FieldError{"shrinkage", fmt.Sprintf("%v: want a share between 0 and 0.9", a.Shrinkage)}
	case !in(a.HoursPerFTE, 1, 80):
		return &FieldError{"hours_per_fte", fmt.Sprintf("%v: want 1 to 80 hours a week", a.HoursPerFTE)}
	case !in(a.AttritionPerMonth, 0, 0.5):
		return &FieldError{"attrition_per_month", fmt.Sprintf("%v: want a share between 0 and 0.5", a.AttritionPerMonth)}
	case !in(a.FTE, 0, 1e6):
		return &FieldError{"fte", fmt.Sprintf("%v: want 0 to 1,000,000", a.FTE)}
	case a.ClassWeeks < 0 || a.ClassWeeks > 52:
		return &FieldError{"class_weeks", fmt.Sprintf("%d: want 0 to 52", a.ClassWeeks)}
	case a.RampWeeks < 0 || a.RampWeeks > 52:
		return &FieldError{"ramp_weeks", fmt.Sprintf("%d: want 0 to 52", a.RampWeeks)}
	case !in(a.RampProductivity, 0, 1):
		return &FieldError{"ramp_productivity", fmt.Sprintf("%v: want a share between 0 and 1", a.RampProductivity)}
	case len(a.Hires) > 100:
		return &FieldError{"hires", fmt.Sprintf("%d classes: at most 100", len(a.Hires))}
	}
	for i, h := range a.Hires {
		if h.Start.IsZero() {
			return &FieldError{fmt.Sprintf("hires[%d].start", i), "required: the class's first day"}
		}
		if h.Count < 1 || h.Count > 10000 {
			return &FieldError{fmt.Sprintf("hires[%d].count", i), fmt.Sprintf("%d: want 1 to 10,000", h.Count)}
		}
	}
	return nil
}

// Week is one week of a plan.
type Week struct {
	Week       civil.Date `json:"week"`
	Volume     float64    `json:"volume"`
	AHTSeconds float64    `json:"aht_seconds"`
	OpenHours  float64    `json:"open_hours"`
	// NeedFTE is the FTE that meet the goal; BaseFTE today's agents left
	// after attrition; SupplyFTE those plus the planned classes' share.
	NeedFTE   float64 `json:"need_fte"`
	BaseFTE   float64 `json:"base_fte"`
	SupplyFTE float64 `json:"supply_fte"`
	Gap       float64 `json:"gap"` // SupplyFTE - NeedFTE: negative is short
	// The service level the week would get with BaseFTE (nobody hired)
	// and with SupplyFTE (the planned classes); nil for a week with no
	// contacts.
	ServiceLevelNoHire  *float64 `json:"service_level_no_hire"`
	ServiceLevelPlanned *float64 `json:"service_level_planned"`
}

// Plan is the weeks and what they advise.
type Plan struct {
	Weeks []Week `json:"weeks"`
	// FirstShort is the first week the planned supply falls short (nil:
	// never within the plan); HireBy the day a class must start to be
	// trained and ramped by then (before the plan's start: late, hire
	// now); HireCount how many that class needs to cover the largest gap
	// from FirstShort on, given attrition meanwhile.
	FirstShort *civil.Date `json:"first_short"`
	HireBy     *civil.Date `json:"hire_by"`
	HireCount  int         `json:"hire_count"`
}

// Compute plans the weeks of demand (consecutive Mondays, the first the
// plan's start; their volumes before growth) for the goal.
func Compute(demand []Demand, goal staffing.Goal, a Assumptions) (Plan, error) {
	if err := a.Validate(); err != nil {
		return Plan{}, err
	}
	if err := goal.Validate(); err != nil {
		return Plan{}, err
	}
	if len(demand) == 0 {
		return Plan{}, errors.New("no weeks to plan")
	}
	start := demand[0].Week
	var p Plan
	for i, d := range demand {
		w := Week{Week: d.Week, OpenHours: d.OpenHours, AHTSeconds: d.AHTSeconds,
			Volume: d.Volume * math.Pow(1+a.GrowthPerYear, float64(i)/52)}
		load := averageInterval(w)
		if load.Volume > 0 {
			agents, err := staffing.Required(load, goal)
			if err != nil {
				return Plan{}, fmt.Errorf("week %s: %w", d.Week, err)
			}
			w.NeedFTE = float64(agents) * d.OpenHours / (1 - a.Shrinkage) / a.HoursPerFTE
		}
		w.BaseFTE = a.FTE * survive(a, float64(i))
		w.SupplyFTE = w.BaseFTE
		for _, h := range a.Hires {
			w.SupplyFTE += float64(h.Count) * productivity(a, d.Week, h.Start)
		}
		w.Gap = w.SupplyFTE - w.NeedFTE
		if load.Volume > 0 {
			var err error
			if w.ServiceLevelNoHire, err = serviceLevel(load, w.BaseFTE, d.OpenHours, goal, a); err != nil {
				return Plan{}, err
			}
			if w.ServiceLevelPlanned, err = serviceLevel(load, w.SupplyFTE, d.OpenHours, goal, a); err != nil {
				return Plan{}, err
			}
		}
		p.Weeks = append(p.Weeks, w)
		if p.FirstShort == nil && w.Gap < 0 {
			first := w.Week
			p.FirstShort = &first
		}
	}
	if p.FirstShort != nil {
		by := p.FirstShort.AddDays(-7 * (a.ClassWeeks + a.RampWeeks))
		p.HireBy = &by
		// A class hired by then is fully productive from FirstShort on,
		// and thins by attrition as the others do.
		worst := 0.0
		for i, w := range p.Weeks {
			if w.Week.Before(*p.FirstShort) {
				continue
			}
			weeksIn := float64(i) - float64(start.DaysSince(by))/7
			if need := -w.Gap / survive(a, math.Max(0, weeksIn)); need > worst {
				worst = need
			}
		}
		p.HireCount = int(math.Ceil(worst - 1e-9))
	}
	return p, nil
}

// averageInterval is the week's load spread evenly over its open hours,
// as half-hour intervals.
func averageInterval(w Week) staffing.Load {
	const interval = 1800.0
	if w.OpenHours <= 0 || w.Volume <= 0 {
		return staffing.Load{IntervalSeconds: interval, AHTSeconds: w.AHTSeconds}
	}
	return staffing.Load{Volume: w.Volume / (w.OpenHours * 3600 / interval), IntervalSeconds: interval, AHTSeconds: w.AHTSeconds}
}

// survive is the share of agents still there after weeks.
func survive(a Assumptions, weeks float64) float64 {
	return math.Pow(1-a.AttritionPerMonth, weeks*12/52)
}

// productivity is a hire's share of a trained agent in the week of week:
// none before or in class, RampProductivity while ramping, then whole,
// thinned by attrition since her first day.
func productivity(a Assumptions, week, start civil.Date) float64 {
	days := week.DaysSince(start)
	if days < 0 {
		return 0
	}
	weeks := float64(days) / 7
	var share float64
	switch {
	case weeks < float64(a.ClassWeeks):
		share = 0
	case weeks < float64(a.ClassWeeks+a.RampWeeks):
		share = a.RampProductivity
	default:
		share = 1
	}
	return share * survive(a, weeks)
}

// serviceLevel is what fte agents give the week's average interval: the
// agents on the phones in each open hour, rounded down (a fraction of an
// agent answers nothing).
func serviceLevel(load staffing.Load, fte, openHours float64, goal staffing.Goal, a Assumptions) (*float64, error) {
	onPhones := int(math.Floor(fte*a.HoursPerFTE*(1-a.Shrinkage)/openHours + 1e-9))
	sl := 0.0
	if onPhones > 0 {
		perf, err := staffing.Evaluate(load, onPhones, goal)
		if err != nil {
			return nil, err
		}
		sl = perf.ServiceLevel
	}
	return &sl, nil
}

// Mondays are the n Mondays from the one on or after from.
func Mondays(from civil.Date, n int) []civil.Date {
	d := from.Monday()
	if d.Before(from) {
		d = d.AddDays(7)
	}
	out := make([]civil.Date, n)
	for i := range out {
		out[i] = d.AddDays(7 * i)
	}
	return out
}
