package rostering_test

import (
	"reflect"
	"testing"

	"wfm/civil"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
)

// DiffSchedules pairs the two versions' days by calendar date (they may
// start on different days) and fills a start left to the template.
func TestDiffSchedules(t *testing.T) {
	shifts := []schedule.Shift{{ID: "E", Start: "08:00", LatestStart: "09:00", DurationMinutes: 480}}
	before := &store.ScheduleVersion{StartDate: civil.MustParse("2026-12-07"), Days: 7, Problem: schedule.Problem{Shifts: shifts},
		Solution: schedule.Solution{Assignments: []schedule.Assignment{
			{Agent: "A", Day: 0, Shift: "E"},
			{Agent: "A", Day: 1, Shift: "E", Start: "08:00"},
			{Agent: "B", Day: 2, Shift: "E", Start: "09:00"},
		}}}
	// Starts a day later: day 0 here is the 8th.
	after := &store.ScheduleVersion{StartDate: civil.MustParse("2026-12-08"), Days: 7, Problem: schedule.Problem{Shifts: shifts},
		Solution: schedule.Solution{Assignments: []schedule.Assignment{
			{Agent: "A", Day: 0, Shift: "E"},                 // the 8th, unchanged (start defaults to 08:00)
			{Agent: "B", Day: 1, Shift: "E", Start: "08:30"}, // the 9th moved
			{Agent: "C", Day: 3, Shift: "E"},                 // the 11th, new
		}}}
	got := rostering.DiffSchedules(before, after)
	type change struct{ agent, date, before, after string }
	var summary []change
	for _, c := range got {
		s := change{agent: c.Agent, date: c.Date.String()}
		if c.Before != nil {
			s.before = c.Before.Start
		}
		if c.After != nil {
			s.after = c.After.Start
		}
		summary = append(summary, s)
	}
	want := []change{
		{"A", "2026-12-07", "08:00", ""},
		{"B", "2026-12-09", "09:00", "08:30"},
		{"C", "2026-12-11", "", "08:00"},
	}
	if !reflect.DeepEqual(summary, want) {
		t.Errorf("diff = %+v\nwant   %+v", summary, want)
	}
}
