package store_test

import (
	"errors"
	"testing"

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
