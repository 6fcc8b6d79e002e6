// Package gen generates call-center roster problems of a realistic shape
// (issue 21): agents on a 15-minute grid over whole weeks, full-time
// shifts of nine hours with flexible starts and three breaks inside
// windows (15 min, a 60-min unpaid lunch, 15 min), four-hour part-time
// shifts with one break, one to five skills with some agents on two, and
// the requirement per interval and skill from Erlang C on a volume curve
// scaled to the workforce. Rules: 11 hours of rest, at most 5 days in a
// row, two days off in a row, one weekend in two, contract hours, leave
// days and requests. Understaffing weighs 100, overstaffing 1.
//
// The same Params give the same problem. Seeds are split between tuning
// (TuningSeeds) and held-out measurement (HeldOutSeeds): the search is
// tuned on the first only, and its figures are reported on the second.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"

	"wfm/civil"
	"wfm/schedule"
	"wfm/staffing"
)

// TuningSeeds are the seeds the search may be tuned on.
var TuningSeeds = []uint64{1, 2, 3, 4, 5}

// HeldOutSeeds are the seeds reported on and never tuned on.
var HeldOutSeeds = []uint64{101, 102, 103, 104, 105}

// Params describe one generated instance.
type Params struct {
	Agents int // 20 to 500
	Days   int // 7 to 28, whole weeks
	Skills int // 1 to 5
	// PartTimeShare is the share of agents on part-time contracts, in [0, 1).
	PartTimeShare float64
	// MultiSkillShare is the share of agents with a second skill (when
	// there are two or more skills), in [0, 1].
	MultiSkillShare float64
	// Load is the offered work as a share of what the workforce can
	// cover (default 0.95): above 1, understaffing is unavoidable.
	Load float64
	Seed uint64
}

// Issue is the shape of the issue's instances: 46 agents over 14 days, two
// skills with a third of the agents on both, a fifth part-time.
func Issue(seed uint64) Params {
	return Params{Agents: 46, Days: 14, Skills: 2, PartTimeShare: 0.2, MultiSkillShare: 1.0 / 3, Seed: seed}
}

// Validate names the first parameter out of range.
func (p Params) Validate() error {
	switch {
	case p.Agents < 20 || p.Agents > 500:
		return fmt.Errorf("agents: %d, want 20 to 500", p.Agents)
	case p.Days < 7 || p.Days > 28 || p.Days%7 != 0:
		return fmt.Errorf("days: %d, want 7, 14, 21 or 28", p.Days)
	case p.Skills < 1 || p.Skills > 5:
		return fmt.Errorf("skills: %d, want 1 to 5", p.Skills)
	case !(p.PartTimeShare >= 0 && p.PartTimeShare < 1):
		return fmt.Errorf("part_time_share: %v, want 0 to below 1", p.PartTimeShare)
	case !(p.MultiSkillShare >= 0 && p.MultiSkillShare <= 1):
		return fmt.Errorf("multi_skill_share: %v, want 0 to 1", p.MultiSkillShare)
	case p.Load < 0 || p.Load > 2 || math.IsNaN(p.Load):
		return fmt.Errorf("load: %v, want 0 (default 0.95) to 2", p.Load)
	}
	return nil
}

// Name is a short label of the instance, e.g. "46x14 s2 pt20 #101".
func (p Params) Name() string {
	return fmt.Sprintf("%dx%d s%d pt%.0f #%d", p.Agents, p.Days, p.Skills, 100*p.PartTimeShare, p.Seed)
}

const (
	interval   = 15
	perDay     = 1440 / interval
	ftPaid     = 9*60 - 60 // the lunch is unpaid
	ptPaid     = 4 * 60
	ahtSeconds = 300
)

func intp(v int) *int { return &v }

func unpaid() *bool { f := false; return &f }

// shifts are the templates: three full-time starts windows and two
// part-time ones.
func shifts() []schedule.Shift {
	ftBreaks := []schedule.Break{
		{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 150},
		{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 300, Paid: unpaid()},
		{DurationMinutes: 15, EarliestOffsetMinutes: 375, LatestOffsetMinutes: 450},
	}
	ptBreaks := []schedule.Break{{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 150}}
	return []schedule.Shift{
		{ID: "early", Start: "07:00", LatestStart: "08:00", DurationMinutes: 540, Breaks: ftBreaks},
		{ID: "day", Start: "09:00", LatestStart: "11:00", DurationMinutes: 540, Breaks: ftBreaks},
		{ID: "late", Start: "12:00", LatestStart: "13:00", DurationMinutes: 540, Breaks: ftBreaks},
		{ID: "pt-am", Start: "08:00", LatestStart: "10:00", DurationMinutes: 240, Breaks: ptBreaks},
		{ID: "pt-pm", Start: "16:00", LatestStart: "18:00", DurationMinutes: 240, Breaks: ptBreaks},
	}
}

// Generate builds the instance of p.
func Generate(p Params) (schedule.Problem, error) {
	if err := p.Validate(); err != nil {
		return schedule.Problem{}, err
	}
	if p.Load == 0 {
		p.Load = 0.95
	}
	rng := rand.New(rand.NewPCG(p.Seed, 0x5eed21))
	skills := make([]string, p.Skills)
	for i := range skills {
		skills[i] = fmt.Sprintf("q%d", i+1)
	}
	prob := schedule.Problem{StartDate: civil.MustParse("2027-01-04"), Days: p.Days, IntervalMinutes: interval, Timezone: "UTC", Shifts: shifts()}
	// Covered agent-intervals each skill can expect: a share of every
	// agent's worked floor time, split between her skills.
	supply := make([]float64, p.Skills)
	nPart := int(math.Round(p.PartTimeShare * float64(p.Agents)))
	for i := range p.Agents {
		ag, floor := agent(rng, p, i, i < nPart, skills)
		for _, s := range ag.Skills {
			supply[indexOf(skills, s)] += floor / float64(len(ag.Skills))
		}
		prob.Agents = append(prob.Agents, ag)
	}
	for k, s := range skills {
		shape := curve(rng, p.Days)
		// The requirement is (just over) Load times the skill's supply.
		req, err := requirementFor(shape, p.Load*supply[k])
		if err != nil {
			return schedule.Problem{}, err
		}
		for d := range p.Days {
			prob.Demand.Intervals = append(prob.Demand.Intervals, schedule.IntervalDemand{
				Skill: s, Day: d, Required: req[d], UnderWeight: 100, OverWeight: 1})
		}
	}
	if err := prob.Validate(); err != nil {
		return schedule.Problem{}, fmt.Errorf("generated problem: %w", err)
	}
	return prob, nil
}

// agent draws agent i (part-time or full-time) of p: her contract, leave,
// skills and requests. floor is the agent-intervals she is expected on
// the floor over the horizon.
func agent(rng *rand.Rand, p Params, i int, part bool, skills []string) (ag schedule.Agent, floor float64) {
	weeks := p.Days / 7
	weekends := weeks
	ag = schedule.Agent{
		ID:                    fmt.Sprintf("a%03d", i+1),
		MinRestMinutes:        intp(11 * 60),
		MaxConsecutiveShifts:  intp(5),
		MinConsecutiveDaysOff: intp(2),
		MaxWeekends:           intp((weekends + 1) / 2),
	}
	// Leave: one agent in six takes one to five days, which lowers
	// her contract's minimum so that her rules can all be kept.
	var leave int
	if rng.IntN(6) == 0 {
		from, n := rng.IntN(p.Days), 1+rng.IntN(5)
		for d := from; d < min(p.Days, from+n); d++ {
			ag.DaysOff = append(ag.DaysOff, d)
			leave++
		}
	}
	if part {
		ag.Shifts = []string{"pt-am", "pt-pm"}
		days := 3 + rng.IntN(3) // 3 to 5 shifts a week
		ag.MinMinutes = intp(max(0, 3*weeks-leave) * ptPaid)
		ag.MaxMinutes = intp(days * ptPaid * weeks)
		floor = float64(days*weeks) * (ptPaid - 15) / interval
	} else {
		ag.Shifts = []string{"early", "day", "late"}
		ag.MinMinutes = intp(max(0, 5*weeks-1-leave) * ftPaid)
		ag.MaxMinutes = intp(5 * ftPaid * weeks)
		floor = float64(5*weeks) * (ftPaid - 30) / interval
	}
	primary := rng.IntN(p.Skills)
	ag.Skills = []string{skills[primary]}
	if p.Skills > 1 && rng.Float64() < p.MultiSkillShare {
		second := (primary + 1 + rng.IntN(p.Skills-1)) % p.Skills
		ag.Skills = append(ag.Skills, skills[second])
	}
	// Requests: a day off or a day on, now and then a given shift.
	for range rng.IntN(3) {
		r := schedule.Request{Day: rng.IntN(p.Days), On: rng.IntN(3) == 0, Weight: float64(5 + 5*rng.IntN(4))}
		if r.On && rng.IntN(2) == 0 {
			r.Shift = ag.Shifts[rng.IntN(len(ag.Shifts))]
		}
		ag.Requests = append(ag.Requests, r)
	}
	return ag, floor
}

// curve draws one skill's contact curve over days, per interval: two
// humps a day, quieter weekends, a weekly trend and noise.
func curve(rng *rand.Rand, days int) [][]float64 {
	shape := make([][]float64, days)
	amPeak, pmPeak := 10.5+rng.Float64(), 15+1.5*rng.Float64()
	for d := range days {
		wd := (d + 1) % 7 // 2027-01-04 is a Monday: 0 = Sunday
		dayScale := 1.0
		switch wd {
		case 0:
			dayScale = 0.45
		case 6:
			dayScale = 0.6
		case 1:
			dayScale = 1.15
		}
		dayScale *= 0.9 + 0.2*rng.Float64()
		shape[d] = make([]float64, perDay)
		for j := range perDay {
			h := float64(j*interval) / 60
			if h < 7 || h >= 22 {
				continue
			}
			v := math.Exp(-(h-amPeak)*(h-amPeak)/4.5) + 0.85*math.Exp(-(h-pmPeak)*(h-pmPeak)/6) + 0.15
			shape[d][j] = dayScale * v * (0.92 + 0.16*rng.Float64())
		}
	}
	return shape
}

// goal is the service level the agents required are computed for.
var goal = staffing.Goal{ServiceLevel: 0.8, ThresholdSeconds: 20}

// required is the agents each interval of shape needs at scale times its
// volume (Erlang C), and their total.
func required(shape [][]float64, scale float64) ([][]float64, float64, error) {
	out := make([][]float64, len(shape))
	total := 0.0
	for d := range shape {
		out[d] = make([]float64, perDay)
		for j, v := range shape[d] {
			if v == 0 {
				continue
			}
			n, err := staffing.Required(staffing.Load{Volume: scale * v, AHTSeconds: ahtSeconds, IntervalSeconds: interval * 60}, goal)
			if err != nil {
				return nil, 0, err
			}
			out[d][j] = float64(n)
			total += float64(n)
		}
	}
	return out, total, nil
}

// requirementFor scales the volume of shape so that its requirement is
// just over target agent-intervals: doubling until it is reached, then
// bisection (the requirement grows with volume).
func requirementFor(shape [][]float64, target float64) ([][]float64, error) {
	lo, hi := 0.0, 1.0
	for {
		_, t, err := required(shape, hi)
		if err != nil {
			return nil, err
		}
		if t >= target || hi > 1e7 {
			break
		}
		lo, hi = hi, 2*hi
	}
	for range 30 {
		mid := (lo + hi) / 2
		_, t, err := required(shape, mid)
		if err != nil {
			return nil, err
		}
		if t < target {
			lo = mid
		} else {
			hi = mid
		}
	}
	req, _, err := required(shape, hi)
	return req, err
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// Suite is the instances measured per seed: the issue's shape and
// variations of size, horizon, skills and part-time share.
func Suite(seed uint64) []Params {
	return []Params{
		Issue(seed),
		{Agents: 20, Days: 7, Skills: 1, PartTimeShare: 0.3, Seed: seed},
		{Agents: 120, Days: 28, Skills: 3, PartTimeShare: 0.1, MultiSkillShare: 0.3, Seed: seed},
		{Agents: 250, Days: 14, Skills: 5, PartTimeShare: 0.4, MultiSkillShare: 0.25, Seed: seed},
		{Agents: 500, Days: 7, Skills: 4, PartTimeShare: 0.2, MultiSkillShare: 0.3, Seed: seed},
	}
}
