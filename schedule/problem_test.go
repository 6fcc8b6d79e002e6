package schedule

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"wfm/civil"
)

func intp(v int) *int { return &v }

// smallProblem is a two-day, one-hour-grid problem used across the tests.
func smallProblem() Problem {
	return Problem{
		StartDate: civil.MustParse("2026-03-06"), Days: 3, IntervalMinutes: 60, Timezone: "UTC",
		Shifts: []Shift{
			{ID: "E", Start: "08:00", LatestStart: "09:00", DurationMinutes: 240,
				Breaks: []Break{{DurationMinutes: 60, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 120}}},
			{ID: "N", Start: "20:00", DurationMinutes: 480, CannotBeFollowedBy: []string{"E"}},
		},
		Agents: []Agent{
			{ID: "A", Skills: []string{"billing"}},
			{ID: "B", Skills: []string{"billing", "sales"}, Shifts: []string{"E"}},
		},
		Demand: Demand{
			Intervals: []IntervalDemand{{Skill: "billing", Day: 0, Required: make([]float64, 24), UnderWeight: 10, OverWeight: 1}},
			Shifts:    []ShiftDemand{{Day: 1, Shift: "N", Required: 1, UnderWeight: 5, OverWeight: 1}},
		},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Problem)
		want   string // "" = valid
	}{
		{"valid", func(p *Problem) {}, ""},
		{"break window after shift", func(p *Problem) { p.Shifts[0].Breaks[0].LatestOffsetMinutes = 200 },
			"shifts[0].breaks[0].latest_offset_minutes: break window ends after the shift"},
		{"required length", func(p *Problem) { p.Demand.Intervals[0].Required = make([]float64, 23) },
			"demand.intervals[0].required: 23 numbers, want 24"},
		{"interval does not divide day", func(p *Problem) { p.IntervalMinutes = 7 }, "interval_minutes: 7 does not divide"},
		{"bad timezone", func(p *Problem) { p.Timezone = "Mars/Base" }, "timezone: \"Mars/Base\""},
		{"no date", func(p *Problem) { p.StartDate = civil.Date{} }, "start_date: missing, want a date YYYY-MM-DD"},
		{"bad date", func(p *Problem) { p.StartDate = civil.Date{Year: 2026, Month: 2, Day: 30} }, "start_date: 2026-02-30 is not a day of the calendar"},
		{"unknown shift in agent", func(p *Problem) { p.Agents[1].Shifts = []string{"X"} }, "agents[1].shifts[0]: unknown shift \"X\""},
		{"unknown skill", func(p *Problem) { p.Demand.Intervals[0].Skill = "chat" }, "demand.intervals[0].skill: unknown skill \"chat\""},
		{"unknown shift in demand", func(p *Problem) { p.Demand.Shifts[0].Shift = "Z" }, "demand.shifts[0].shift: unknown shift \"Z\""},
		{"unknown follow", func(p *Problem) { p.Shifts[1].CannotBeFollowedBy = []string{"Q"} }, "shifts[1].cannot_be_followed_by[0]: unknown shift \"Q\""},
		{"nobody may work", func(p *Problem) { p.Agents[0].MaxShifts = map[string]int{"N": 0} }, "shifts[1]: no agent may work shift \"N\""},
		{"start off grid", func(p *Problem) { p.Shifts[0].Start = "08:30" }, "shifts[0].start: 08:30 is not on the 60-minute grid"},
		{"min above max", func(p *Problem) { p.Agents[0].MinMinutes, p.Agents[0].MaxMinutes = intp(100), intp(50) },
			"agents[0].max_minutes: 50, must be >= min_minutes 100"},
		{"day off outside", func(p *Problem) { p.Agents[0].DaysOff = []int{3} }, "agents[0].days_off[0]: day 3 outside 0..2"},
		{"request shift", func(p *Problem) { p.Agents[0].Requests = []Request{{Day: 0, Shift: "W", Weight: 1}} }, "agents[0].requests[0].shift: unknown shift \"W\""},
		{"duplicate agent", func(p *Problem) { p.Agents[1].ID = "A" }, "agents[1].id: duplicate id \"A\""},
		{"negative weight", func(p *Problem) { p.Demand.Shifts[0].UnderWeight = -1 }, "demand.shifts[0].under_weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := smallProblem()
			tt.change(&p)
			err := p.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// Absent agent fields stay absent through JSON; a present 0 stays 0.
func TestAgentOptionalFieldsRoundTrip(t *testing.T) {
	var a Agent
	if err := json.Unmarshal([]byte(`{"id":"A","max_weekends":0}`), &a); err != nil {
		t.Fatal(err)
	}
	if a.MaxWeekends == nil || *a.MaxWeekends != 0 || a.MinMinutes != nil {
		t.Fatalf("decoded %+v: want max_weekends present 0 and min_minutes absent", a)
	}
	out, _ := json.Marshal(a)
	if string(out) != `{"id":"A","max_weekends":0}` {
		t.Fatalf("encoded %s", out)
	}
}

// start_date is a civil.Date in Go and the same "YYYY-MM-DD" text on the
// wire (CONTRACTS.md section 4): a problem reads and writes back byte for
// byte, and a day that is not one is refused naming start_date.
func TestStartDateWire(t *testing.T) {
	in := `{"start_date":"2026-03-06","days":1,"interval_minutes":60,"shifts":[],"agents":[],"demand":{}}`
	var p Problem
	if err := decodeStrict([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if p.StartDate != (civil.Date{Year: 2026, Month: 3, Day: 6}) {
		t.Fatalf("start_date read as %+v", p.StartDate)
	}
	if out, _ := json.Marshal(p); string(out) != in {
		t.Fatalf("written back as %s, want %s", out, in)
	}
	for _, bad := range []string{`"2026-02-30"`, `"2026-3-6"`, `"06/03/2026"`, `20260306`} {
		t.Run(bad, func(t *testing.T) {
			var p Problem
			err := decodeStrict([]byte(`{"start_date":`+bad+`}`), &p)
			var typ *json.UnmarshalTypeError
			if !errors.As(err, &typ) || typ.Field != "start_date" {
				t.Fatalf("decode = %v, want a type error naming start_date", err)
			}
		})
	}
}
