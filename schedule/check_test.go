package schedule

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"wfm/civil"
)

type (
	values map[string]int
	names  map[string]string
)

// objectiveProblem: 2026-03-06 is a Friday, so day 1 is Saturday and day 2 Sunday.
func objectiveProblem() Problem {
	p := smallProblem()
	req := make([]float64, 24)
	req[8], req[9], req[10], req[11] = 1, 2, 1, 1
	p.Demand.Intervals[0].Required = req
	p.Agents[0].Requests = []Request{
		{Day: 2, On: true, Weight: 3},              // not working day 2: costs 3
		{Day: 0, Shift: "N", On: false, Weight: 4}, // works E, not N: free
	}
	p.Agents[1].Requests = []Request{{Day: 0, On: false, Weight: 2}} // works day 0: costs 2
	return p
}

func TestCheckObjective(t *testing.T) {
	base := []Assignment{
		{Agent: "A", Day: 0, Shift: "E", Start: "08:00", Breaks: []BreakPlacement{{Start: "09:00", DurationMinutes: 60}}},
		{Agent: "B", Day: 0, Shift: "E", Start: "09:00", Skill: "sales", Breaks: []BreakPlacement{{Start: "11:00", DurationMinutes: 60}}},
	}
	billingB := append([]Assignment(nil), base...)
	billingB[1].Skill = "billing"
	tests := []struct {
		name string
		as   []Assignment
		want float64
	}{
		// A covers billing 8-9 and 10-12; slot 9 wants 2 and has 0: 20.
		// N on day 1 wants 1 and has 0: 5. Requests: 3 + 2.
		{"sales agent does not cover billing", base, 20 + 5 + 3 + 2},
		// B covers billing 9-11 and 12-13: slot 9 short by 1 (10), slot 10 over by 1 (1), slot 12 over by 1 (1).
		{"billing agent covers", billingB, 10 + 1 + 1 + 5 + 3 + 2},
		// Nobody works: billing short 1+2+1+1 = 5 intervals x 10, N short 5, A's on-request 3.
		{"empty roster", nil, 50 + 5 + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Check(objectiveProblem(), Solution{Assignments: tt.as})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Feasible {
				t.Fatalf("violations: %+v", r.Violations)
			}
			if math.Abs(r.Objective-tt.want) > 1e-9 {
				t.Fatalf("objective = %v, want %v", r.Objective, tt.want)
			}
		})
	}
}

// Daylight saving: Europe/Berlin springs forward on 2026-03-29 (23 hours)
// and falls back on 2026-10-25 (25 hours).
func TestCheckDaylightSaving(t *testing.T) {
	ones := make([]float64, 24)
	for i := range ones {
		ones[i] = 1
	}
	for _, tt := range []struct {
		date string
		want float64
	}{{"2026-03-29", 23}, {"2026-10-25", 25}, {"2026-03-30", 24}} {
		t.Run(tt.date, func(t *testing.T) {
			p := Problem{StartDate: civil.MustParse(tt.date), Days: 1, IntervalMinutes: 60, Timezone: "Europe/Berlin",
				Shifts: []Shift{{ID: "D", Start: "08:00", DurationMinutes: 60}},
				Agents: []Agent{{ID: "A"}},
				Demand: Demand{Intervals: []IntervalDemand{{Day: 0, Required: ones, UnderWeight: 1}}}}
			r, err := Check(p, Solution{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Objective != tt.want {
				t.Errorf("%s: objective %v, want %v (one per real hour of the day)", tt.date, r.Objective, tt.want)
			}
		})
	}
}

func TestCheckRules(t *testing.T) {
	e := func(agent string, day int) Assignment {
		return Assignment{Agent: agent, Day: day, Shift: "E", Breaks: []BreakPlacement{{Start: "09:00", DurationMinutes: 60}}}
	}
	n := func(agent string, day int) Assignment { return Assignment{Agent: agent, Day: day, Shift: "N"} }
	five := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 7, IntervalMinutes: 60, // Monday
		Shifts: []Shift{{ID: "E", Start: "08:00", DurationMinutes: 240,
			Breaks: []Break{{DurationMinutes: 60, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 120}}},
			{ID: "N", Start: "20:00", DurationMinutes: 720, CannotBeFollowedBy: []string{"E"}},
			{ID: "L", Start: "06:00", DurationMinutes: 60}},
		Agents: []Agent{{ID: "A", Skills: []string{"billing"}}, {ID: "B"}}}
	tests := []struct {
		name   string
		change func(a *Agent)
		as     []Assignment
		rule   string
		values values // what the violation reports, for an interface to word it
		names  names
	}{
		{"shifts", func(a *Agent) { a.Shifts = []string{"N"} }, []Assignment{e("A", 0)}, "shifts", nil, names{"shift": "E", "date": "2026-03-02"}},
		{"max_shifts", func(a *Agent) { a.MaxShifts = map[string]int{"E": 1} }, []Assignment{e("A", 0), e("A", 1)}, "max_shifts", values{"count": 2, "max": 1}, names{"shift": "E"}},
		{"min_minutes", func(a *Agent) { a.MinMinutes = intp(400) }, []Assignment{e("A", 0)}, "min_minutes", values{"minutes": 240, "min": 400}, nil},
		{"max_minutes", func(a *Agent) { a.MaxMinutes = intp(300) }, []Assignment{e("A", 0), e("A", 1)}, "max_minutes", values{"minutes": 480, "max": 300}, nil},
		{"max_consecutive_shifts", func(a *Agent) { a.MaxConsecutiveShifts = intp(2) }, []Assignment{e("A", 1), e("A", 2), e("A", 3)}, "max_consecutive_shifts", values{"days": 3, "max": 2}, names{"date": "2026-03-03"}},
		{"min_consecutive_shifts", func(a *Agent) { a.MinConsecutiveShifts = intp(2) }, []Assignment{e("A", 3)}, "min_consecutive_shifts", values{"days": 1, "min": 2}, names{"date": "2026-03-05"}},
		{"min_consecutive_days_off", func(a *Agent) { a.MinConsecutiveDaysOff = intp(2) }, []Assignment{e("A", 1), e("A", 3)}, "min_consecutive_days_off", values{"days": 1, "min": 2}, names{"date": "2026-03-04"}},
		{"max_weekends", func(a *Agent) { a.MaxWeekends = intp(0) }, []Assignment{e("A", 6)}, "max_weekends", values{"weekends": 1, "max": 0}, nil},
		{"min_rest_minutes", func(a *Agent) { a.MinRestMinutes = intp(24 * 60) }, []Assignment{e("A", 0), e("A", 1)}, "min_rest_minutes", values{"minutes": 1200, "min": 1440}, names{"shift": "E", "date": "2026-03-03"}},
		{"days_off", func(a *Agent) { a.DaysOff = []int{2} }, []Assignment{e("A", 2)}, "days_off", nil, names{"date": "2026-03-04"}},
		{"cannot_be_followed_by", nil, []Assignment{n("A", 0), {Agent: "A", Day: 1, Shift: "E", Start: "08:00", Breaks: []BreakPlacement{{Start: "10:00", DurationMinutes: 60}}}}, "cannot_be_followed_by", nil, names{"shift": "E", "previous": "N", "date": "2026-03-03"}},
		{"overlap", nil, []Assignment{n("A", 0), {Agent: "A", Day: 1, Shift: "L"}}, "overlap", values{"minutes": 120}, names{"shift": "L", "date": "2026-03-03"}},
		{"one_shift_per_day", nil, []Assignment{e("A", 0), n("A", 0)}, "one_shift_per_day", nil, names{"date": "2026-03-02"}},
		{"skill", nil, []Assignment{{Agent: "A", Day: 0, Shift: "N", Skill: "sales"}}, "skill", nil, names{"skill": "sales", "date": "2026-03-02"}},
		{"start", nil, []Assignment{{Agent: "A", Day: 0, Shift: "N", Start: "21:00"}}, "start", nil, names{"shift": "N", "start": "21:00", "want": "20:00", "date": "2026-03-02"}},
		{"break outside window", nil, []Assignment{{Agent: "A", Day: 0, Shift: "E", Breaks: []BreakPlacement{{Start: "11:00", DurationMinutes: 60}}}}, "breaks", values{"break": 0, "offset": 180, "earliest": 60, "latest": 120}, names{"shift": "E", "date": "2026-03-02"}},
		{"break missing", nil, []Assignment{{Agent: "A", Day: 0, Shift: "E"}}, "breaks", values{"want": 1, "got": 0}, names{"shift": "E", "date": "2026-03-02"}},
		{"unknown agent", nil, []Assignment{e("Z", 0)}, "agent", nil, names{"agent": "Z", "date": "2026-03-02"}},
		{"unknown shift", nil, []Assignment{{Agent: "A", Day: 0, Shift: "Q"}}, "shift", nil, names{"shift": "Q", "date": "2026-03-02"}},
		{"day outside", nil, []Assignment{e("A", 7)}, "day", values{"day": 7, "last": 6}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := five
			p.Agents = []Agent{five.Agents[0], five.Agents[1]}
			if tt.change != nil {
				tt.change(&p.Agents[0])
			}
			r, err := Check(p, Solution{Assignments: tt.as})
			if err != nil {
				t.Fatal(err)
			}
			if r.Feasible || len(r.Violations) != 1 || r.Violations[0].Rule != tt.rule {
				t.Fatalf("violations %+v, want exactly one %q", r.Violations, tt.rule)
			}
			if v := r.Violations[0]; !reflect.DeepEqual(v.Values, map[string]int(tt.values)) || !reflect.DeepEqual(v.Names, map[string]string(tt.names)) {
				t.Errorf("values %v names %v, want %v %v", v.Values, v.Names, tt.values, tt.names)
			}
			// Without the rule (or the offending assignment) it is feasible.
			if tt.change != nil {
				p.Agents = []Agent{five.Agents[0], five.Agents[1]}
				r, _ = Check(p, Solution{Assignments: tt.as})
				if !r.Feasible {
					t.Fatalf("without the rule: %+v", r.Violations)
				}
			}
		})
	}
}

// Rest is real time: a night shift before the spring-forward hour ends an
// hour later on the wall clock than its duration suggests.
func TestCheckRestAcrossDaylightSaving(t *testing.T) {
	p := Problem{StartDate: civil.MustParse("2026-03-28"), Days: 2, IntervalMinutes: 60, Timezone: "Europe/Berlin",
		Shifts: []Shift{{ID: "N", Start: "20:00", DurationMinutes: 480}, {ID: "E", Start: "08:00", DurationMinutes: 60}},
		Agents: []Agent{{ID: "A", MinRestMinutes: intp(200)}}}
	r, err := Check(p, Solution{Assignments: []Assignment{{Agent: "A", Day: 0, Shift: "N"}, {Agent: "A", Day: 1, Shift: "E"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Violations) != 1 || !strings.Contains(r.Violations[0].Message, "180 minutes of rest") {
		t.Fatalf("violations %+v, want 180 minutes of rest (05:00 CEST to 08:00 CEST)", r.Violations)
	}
}
