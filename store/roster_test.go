package store_test

import (
	"errors"
	"reflect"
	"testing"

	"wfm/civil"
	"wfm/fault"
	"wfm/schedule"
	"wfm/store"
)

func TestShiftTemplateValidationNamesFields(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tmpl  store.ShiftTemplate
		field string
	}{
		{"no code", store.ShiftTemplate{SiteID: 1, Name: "Early", Start: "08:00", DurationMinutes: 480}, "code"},
		{"bad start", store.ShiftTemplate{SiteID: 1, Code: "E", Name: "Early", Start: "8h", DurationMinutes: 480}, "start"},
		{"latest before start", store.ShiftTemplate{SiteID: 1, Code: "E", Name: "Early", Start: "08:00", LatestStart: "07:00", DurationMinutes: 480}, "latest_start"},
		{"break outside", store.ShiftTemplate{SiteID: 1, Code: "E", Name: "Early", Start: "08:00", DurationMinutes: 480,
			Breaks: []schedule.Break{{DurationMinutes: 30, EarliestOffsetMinutes: 400, LatestOffsetMinutes: 460}}}, "breaks[0].latest_offset_minutes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.tmpl.Validate()
			var se *fault.Error
			if !errors.As(err, &se) || se.Fields[tc.field] == "" {
				t.Errorf("Validate() = %v, want a problem with %s", err, tc.field)
			}
		})
	}
	ok := store.ShiftTemplate{SiteID: 1, Code: "E", Name: "Early", Start: "08:00", DurationMinutes: 480}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid template: %v", err)
	}
}

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
	got := store.DiffSchedules(before, after)
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
