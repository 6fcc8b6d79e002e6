package sheet

import (
	"math"
	"testing"
	"time"
)

func TestCells(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC)
	half := 0.5
	for name, tc := range map[string]struct {
		got, want Cell
	}{
		"text":            {TextCell("=1+1"), Cell{Kind: Text, Text: "=1+1"}},
		"int":             {IntCell(3), Cell{Kind: Number, Value: 3}},
		"number":          {NumberCell(1.25, 2), Cell{Kind: Number, Value: 1.25, Decimals: 2}},
		"not a number":    {NumberCell(math.NaN(), 2), Cell{}},
		"infinite":        {PercentCell(math.Inf(1), 1), Cell{}},
		"percent":         {PercentCell(0.8, 1), Cell{Kind: Percent, Value: 0.8, Decimals: 1}},
		"instant in zone": {InstantCell(at, shanghai), Cell{Kind: Instant, Time: at.In(shanghai)}},
		"zero instant":    {InstantCell(time.Time{}, shanghai), Cell{}},
		"day":             {DayCell("2026-03-02"), Cell{Kind: Day, Time: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}},
		"no day":          {DayCell("March"), Cell{Kind: Text, Text: "March"}},
		"duration":        {DurationCell(90 * time.Second), Cell{Kind: Duration, Value: 90}},
		"optional nil":    {Optional(nil, func(v float64) Cell { return PercentCell(v, 1) }), Cell{}},
		"optional":        {Optional(&half, func(v float64) Cell { return PercentCell(v, 1) }), Cell{Kind: Percent, Value: 0.5, Decimals: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.got.Kind != tc.want.Kind || tc.got.Text != tc.want.Text || tc.got.Value != tc.want.Value ||
				tc.got.Decimals != tc.want.Decimals || !tc.got.Time.Equal(tc.want.Time) {
				t.Errorf("%s: %+v, want %+v", name, tc.got, tc.want)
			}
		})
	}
	if c := InstantCell(at, shanghai); c.Time.Hour() != 8 {
		t.Errorf("instant's wall clock %v, want 08:30 in its zone", c.Time)
	}
}
