package schedule

import (
	"testing"
	"time"

	"wfm/civil"
)

func TestPlaceAcrossClockChanges(t *testing.T) {
	unpaid := false
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 7, IntervalMinutes: 15, Shifts: []Shift{
		{ID: "D", Start: "09:00", DurationMinutes: 540, Breaks: []Break{
			{DurationMinutes: 15, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 120},
			{DurationMinutes: 60, EarliestOffsetMinutes: 180, LatestOffsetMinutes: 240, Paid: &unpaid}}},
		{ID: "N", Start: "22:00", DurationMinutes: 480, Breaks: []Break{{DurationMinutes: 30, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 300}}},
	}}
	fall := p
	fall.StartDate = civil.MustParse("2026-10-26")
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	type brk struct {
		start, end string
		paid       bool
	}
	cases := []struct {
		name   string
		p      Problem
		zone   string
		as     Assignment
		date   string
		start  string
		end    string
		breaks []brk
	}{
		{"Shanghai has no change", p, "Asia/Shanghai",
			Assignment{Day: 6, Shift: "D", Breaks: []BreakPlacement{{Start: "10:00", DurationMinutes: 15}, {Start: "12:00", DurationMinutes: 60}}},
			"2026-03-08", "2026-03-08T01:00:00Z", "2026-03-08T10:00:00Z",
			[]brk{{"2026-03-08T02:00:00Z", "2026-03-08T02:15:00Z", true}, {"2026-03-08T04:00:00Z", "2026-03-08T05:00:00Z", false}}},
		{"New York the day before spring forward (EST)", p, "America/New_York",
			Assignment{Day: 5, Shift: "D", Start: "09:00"},
			"2026-03-07", "2026-03-07T14:00:00Z", "2026-03-07T23:00:00Z", nil},
		{"New York the day of spring forward (EDT)", p, "America/New_York",
			Assignment{Day: 6, Shift: "D", Breaks: []BreakPlacement{{Start: "10:00", DurationMinutes: 15}, {Start: "12:00", DurationMinutes: 60}}},
			"2026-03-08", "2026-03-08T13:00:00Z", "2026-03-08T22:00:00Z",
			[]brk{{"2026-03-08T14:00:00Z", "2026-03-08T14:15:00Z", true}, {"2026-03-08T16:00:00Z", "2026-03-08T17:00:00Z", false}}},
		// 22:00 EST to 07:00 EDT on the wall: eight hours of real time.
		{"a night shift across spring forward", p, "America/New_York",
			Assignment{Day: 5, Shift: "N", Breaks: []BreakPlacement{{Start: "03:00", DurationMinutes: 30}}},
			"2026-03-07", "2026-03-08T03:00:00Z", "2026-03-08T11:00:00Z",
			[]brk{{"2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z", true}}},
		// 22:00 EDT to 05:00 EST on the wall: still eight hours.
		{"a night shift across fall back", fall, "America/New_York",
			Assignment{Day: 5, Shift: "N", Breaks: []BreakPlacement{{Start: "04:00", DurationMinutes: 30}}},
			"2026-10-31", "2026-11-01T02:00:00Z", "2026-11-01T10:00:00Z",
			[]brk{{"2026-11-01T09:00:00Z", "2026-11-01T09:30:00Z", true}}},
		{"New York the day of fall back (EST)", fall, "America/New_York",
			Assignment{Day: 6, Shift: "D", Start: "09:30"},
			"2026-11-01", "2026-11-01T14:30:00Z", "2026-11-01T23:30:00Z", nil},
		{"a break the shift never reaches is left out", p, "Asia/Shanghai",
			Assignment{Day: 0, Shift: "D", Breaks: []BreakPlacement{{Start: "20:00", DurationMinutes: 15}, {Start: "13:00", DurationMinutes: 60}}},
			"2026-03-02", "2026-03-02T01:00:00Z", "2026-03-02T10:00:00Z",
			[]brk{{"2026-03-02T05:00:00Z", "2026-03-02T06:00:00Z", false}}},
		{"no zone is UTC", p, "",
			Assignment{Day: 1, Shift: "N", Breaks: []BreakPlacement{{Start: "23:00", DurationMinutes: 30}}},
			"2026-03-03", "2026-03-03T22:00:00Z", "2026-03-04T06:00:00Z",
			[]brk{{"2026-03-03T23:00:00Z", "2026-03-03T23:30:00Z", true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.p.Timezone = c.zone
			loc, err := c.p.Location()
			if err != nil {
				t.Fatal(err)
			}
			got, err := Place(c.p, c.as, loc)
			if err != nil {
				t.Fatal(err)
			}
			if got.Date != c.date || !got.Start.Equal(utc(c.start)) || !got.End.Equal(utc(c.end)) {
				t.Errorf("placed %s %s-%s, want %s %s-%s", got.Date, got.Start.UTC().Format(time.RFC3339), got.End.UTC().Format(time.RFC3339), c.date, c.start, c.end)
			}
			if got.Start.Location() != loc {
				t.Errorf("start in %v, want the problem's zone %v", got.Start.Location(), loc)
			}
			if len(got.Breaks) != len(c.breaks) {
				t.Fatalf("breaks %+v, want %+v", got.Breaks, c.breaks)
			}
			for i, b := range c.breaks {
				g := got.Breaks[i]
				if !g.Start.Equal(utc(b.start)) || !g.End.Equal(utc(b.end)) || g.Paid != b.paid {
					t.Errorf("break %d: %s-%s paid %v, want %s-%s paid %v", i, g.Start.UTC().Format(time.RFC3339), g.End.UTC().Format(time.RFC3339), g.Paid, b.start, b.end, b.paid)
				}
			}
		})
	}
}

func TestPlaceRefusesWhatIsNotOnTheProblem(t *testing.T) {
	p := Problem{StartDate: civil.MustParse("2026-03-02"), Days: 7, Shifts: []Shift{{ID: "D", Start: "09:00", DurationMinutes: 480}}}
	for _, c := range []struct {
		name string
		as   Assignment
	}{
		{"unknown shift", Assignment{Shift: "X"}},
		{"start not a clock time", Assignment{Shift: "D", Start: "9am"}},
		{"break at 25:00", Assignment{Shift: "D", Breaks: []BreakPlacement{{Start: "25:00"}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Place(p, c.as, time.UTC); err == nil {
				t.Errorf("%+v placed, want an error", c.as)
			}
		})
	}
}
