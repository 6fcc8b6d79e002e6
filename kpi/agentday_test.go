package kpi

import (
	"errors"
	"testing"
	"time"
)

// The day of agent A worked by hand (2026-03-02, UTC).
//
// Schedule: work 09:00-11:00, break 11:00-11:15, work 11:15-13:00,
// lunch 13:00-14:00, work 14:00-17:00: scheduled 8 h = 28800 s, of which
// work 6 h 45 = 24300 s.
//
// States and what they do to adherence:
//
//	08:55-09:03    offline    09:00-09:03 out (180 s: late log-in)
//	09:03-10:00    available
//	10:00-10:50    contact
//	10:50-11:05    acw        11:00-11:05 out (300 s: late to break)
//	11:05-11:15:20 break      11:15:00-11:15:20 out (20 s: late back)
//	11:15:20-13:00 available
//	13:00-14:00    lunch
//	14:00-16:30    contact
//	16:30-17:30    available  (after 17:00 nothing is scheduled)
//
// Out of adherence 500 s. Ready time: available 3420 + 6280 + 3600 =
// 13300 s, contact 3000 + 9000 = 12000 s, acw 900 s.
func handDay() ([]AgentState, []Activity) {
	s := func(state State, h1, m1, s1, h2, m2, s2 int) AgentState {
		return AgentState{Agent: "A", State: state, Start: at(h1, m1, s1), End: at(h2, m2, s2)}
	}
	a := func(kind ActivityKind, h1, m1, h2, m2 int) Activity {
		return Activity{Agent: "A", Kind: kind, Start: at(h1, m1, 0), End: at(h2, m2, 0)}
	}
	states := []AgentState{
		s(StateOffline, 8, 55, 0, 9, 3, 0),
		s(StateAvailable, 9, 3, 0, 10, 0, 0),
		s(StateContact, 10, 0, 0, 10, 50, 0),
		s(StateACW, 10, 50, 0, 11, 5, 0),
		s(StateBreak, 11, 5, 0, 11, 15, 20),
		s(StateAvailable, 11, 15, 20, 13, 0, 0),
		s(StateLunch, 13, 0, 0, 14, 0, 0),
		s(StateContact, 14, 0, 0, 16, 30, 0),
		s(StateAvailable, 16, 30, 0, 17, 30, 0),
	}
	acts := []Activity{
		a(ActivityWork, 9, 0, 11, 0),
		a(ActivityBreak, 11, 0, 11, 15),
		a(ActivityWork, 11, 15, 13, 0),
		a(ActivityLunch, 13, 0, 14, 0),
		a(ActivityWork, 14, 0, 17, 0),
	}
	return states, acts
}

func TestAgentDaysByHand(t *testing.T) {
	states, acts := handDay()
	c1 := answered("1", "Q", at(10, 0, 0), 0, 100*time.Second)
	c1.Agent, c1.ResolvedKnown, c1.Resolved, c1.CSAT = "A", true, true, 5
	c2 := answered("2", "Q", at(14, 0, 0), 0, 200*time.Second)
	c2.Agent, c2.ResolvedKnown, c2.CSAT, c2.Emotion = "A", true, 3, EmotionAnger
	c3 := answered("3", "Q", at(15, 0, 0), 0, 280*time.Second)
	c3.Agent, c3.ACWSeconds, c3.Complaint = "A", 20, true
	contacts := []Contact{c1, c2, c3, abandoned("4", "Q", at(15, 0, 0), time.Minute)}

	tests := []struct {
		name      string
		threshold time.Duration
		out       time.Duration
	}{
		{"threshold 0s", 0, 500 * time.Second},
		{"threshold 30s", 30 * time.Second, 480 * time.Second},   // the 20 s run is forgiven
		{"threshold 200s", 200 * time.Second, 300 * time.Second}, // and the 180 s one
		{"threshold 1h", time.Hour, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, err := AgentDays(contacts, states, acts, DaySettings{ExceptionThreshold: tt.threshold})
			if err != nil {
				t.Fatal(err)
			}
			if len(days) != 1 {
				t.Fatalf("got %d days, want 1: %+v", len(days), days)
			}
			d := days[0]
			if d.Agent != "A" || d.Date != (Date{Year: 2026, Month: 3, Day: 2}) {
				t.Errorf("key = %s %s", d.Agent, d.Date)
			}
			if d.OutOfAdherence != tt.out {
				t.Errorf("threshold %s: out = %s, want %s", tt.threshold, d.OutOfAdherence, tt.out)
			}
			if r := d.Adherence(); !near(r.Value, 1-tt.out.Seconds()/28800) {
				t.Errorf("threshold %s: adherence = %v", tt.threshold, r)
			}
			checks := []struct {
				name string
				got  Ratio
				want float64
			}{
				{"occupancy", d.Occupancy(), 12900.0 / 26200},
				{"conformance", d.Conformance(), 26200.0 / 24300},
				{"aht", d.AHTSeconds(), 200},
				{"fcr", d.FCR(), 0.5},
				{"csat", d.CSAT(), 0.5},
				{"difficult", d.DifficultShare(), 2.0 / 3},
			}
			for _, c := range checks {
				if !c.got.OK || !near(c.got.Value, c.want) {
					t.Errorf("%s = %+v, want %v", c.name, c.got, c.want)
				}
			}
			if d.Handled != 3 || d.Scheduled != 8*time.Hour || d.ScheduledWork != 24300*time.Second {
				t.Errorf("handled %d scheduled %s work %s", d.Handled, d.Scheduled, d.ScheduledWork)
			}
		})
	}
}

func TestAgentDaysSplitAtLocalMidnight(t *testing.T) {
	jlm := mustLoad(t, "Asia/Jerusalem") // UTC+2 in winter
	// available 23:00 local on 1 Jan to 01:00 on 2 Jan; no schedule.
	states := []AgentState{{Agent: "B", State: StateAvailable,
		Start: time.Date(1999, 1, 1, 21, 0, 0, 0, time.UTC), End: time.Date(1999, 1, 1, 23, 0, 0, 0, time.UTC)}}
	days, err := AgentDays(nil, states, nil, DaySettings{Location: jlm})
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 2 || days[0].Date != (Date{Year: 1999, Month: 1, Day: 1}) || days[1].Date != (Date{Year: 1999, Month: 1, Day: 2}) {
		t.Fatalf("days = %+v", days)
	}
	for _, d := range days {
		if d.Available != time.Hour {
			t.Errorf("%s: available %s, want 1h", d.Date, d.Available)
		}
		if d.Adherence().OK || d.Conformance().OK || d.AHTSeconds().OK || d.FCR().OK || d.CSAT().OK {
			t.Errorf("%s: ratios without a denominator must be absent: %+v", d.Date, d)
		}
		if r := d.Occupancy(); !r.OK || r.Value != 0 {
			t.Errorf("%s: occupancy %+v, want 0", d.Date, r)
		}
	}
}

func TestAgentDaysRejectsOverlaps(t *testing.T) {
	states := []AgentState{
		{Agent: "A", State: StateAvailable, Start: at(9, 0, 0), End: at(10, 0, 0)},
		{Agent: "A", State: StateBreak, Start: at(9, 30, 0), End: at(9, 45, 0)},
		{Agent: "A", State: "dancing", Start: at(11, 0, 0), End: at(12, 0, 0)},
	}
	_, err := AgentDays(nil, states, nil, DaySettings{})
	var es InputErrors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Field != "state" || es[0].Index != 2 {
		t.Fatalf("err = %v, want the unknown state reported", err)
	}
	_, err = AgentDays(nil, states[:2], nil, DaySettings{})
	if !errors.As(err, &es) || len(es) != 1 || es[0].Field != "start" || es[0].Index != 1 {
		t.Fatalf("err = %v, want the overlap reported", err)
	}
	acts := []Activity{{Agent: "A", Kind: ActivityWork, Start: at(9, 0, 0), End: at(9, 0, 0)}}
	_, err = AgentDays(nil, nil, acts, DaySettings{})
	if !errors.As(err, &es) || es[0].Record != "activities" || es[0].Field != "end" {
		t.Fatalf("err = %v, want the empty activity reported", err)
	}
}
