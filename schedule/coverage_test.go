package schedule

import (
	"reflect"
	"testing"
)

func TestCoverage(t *testing.T) {
	p := smallProblem()
	sol := Solution{Assignments: []Assignment{
		{Agent: "A", Day: 0, Shift: "E", Start: "08:00", Breaks: []BreakPlacement{{Start: "09:00", DurationMinutes: 60}}},
		{Agent: "B", Day: 0, Shift: "E", Start: "09:00", Skill: "sales", Breaks: []BreakPlacement{{Start: "11:00", DurationMinutes: 60}}},
		// A night shift from day 1 into day 2 counts on day 2 after midnight.
		{Agent: "A", Day: 1, Shift: "N"},
		// Unplaceable: counted nowhere.
		{Agent: "Z", Day: 0, Shift: "E"},
	}}
	covers, err := Coverage(p, sol)
	if err != nil {
		t.Fatal(err)
	}
	// get takes the subtest's t: a Fatalf on the parent's t from inside a
	// subtest would not stop the subtest.
	get := func(t *testing.T, skill string, day int) []float64 {
		t.Helper()
		for _, c := range covers {
			if c.Skill == skill && c.Day == day {
				return c.Agents
			}
		}
		t.Fatalf("no cover for skill %q day %d", skill, day)
		return nil
	}
	hours := func(hs map[int]float64) []float64 {
		out := make([]float64, 24)
		for h, v := range hs {
			out[h] = v
		}
		return out
	}
	tests := []struct {
		name  string
		skill string
		day   int
		want  []float64
	}{
		{"billing day 0", "billing", 0, hours(map[int]float64{8: 1, 10: 1, 11: 1})},
		{"sales day 0", "sales", 0, hours(map[int]float64{9: 1, 10: 1, 12: 1})},
		{"every skill day 0", "", 0, hours(map[int]float64{8: 1, 9: 1, 10: 2, 11: 1, 12: 1})},
		{"billing day 1 night before midnight", "billing", 1, hours(map[int]float64{20: 1, 21: 1, 22: 1, 23: 1})},
		{"billing day 2 night after midnight", "billing", 2, hours(map[int]float64{0: 1, 1: 1, 2: 1, 3: 1})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := get(t, tt.skill, tt.day); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("skill %q day %d: %v, want %v", tt.skill, tt.day, got, tt.want)
			}
		})
	}
	skills := map[string]bool{}
	for _, c := range covers {
		skills[c.Skill] = true
	}
	if len(skills) != 3 || len(covers) != 3*3 {
		t.Errorf("%d covers for skills %v, want one per skill and day", len(covers), skills)
	}
}
