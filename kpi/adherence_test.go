package kpi

import (
	"testing"
	"time"
)

// intradayDay is handDay's agent A, with C scheduled as A but with no
// state ever received, D on leave and B with nothing at all.
func intradayDay() ([]string, []AgentState, []Activity, map[string]bool) {
	states, acts := handDay()
	for _, a := range acts[:len(acts):len(acts)] {
		a.Agent = "C"
		acts = append(acts, a)
	}
	return []string{"A", "B", "C", "D"}, states, acts, map[string]bool{"D": true}
}

// upTo is what the desktop has sent by now: the states begun, the last
// one still on.
func upTo(states []AgentState, now time.Time) []AgentState {
	var out []AgentState
	for _, s := range states {
		if s.Start.After(now) {
			continue
		}
		if s.End.After(now) {
			s.End = time.Time{}
		}
		out = append(out, s)
	}
	return out
}

func TestIntraday(t *testing.T) {
	agents, states, acts, leave := intradayDay()
	day := IntradayWindow{Start: at(0, 0, 0), End: at(0, 0, 0).AddDate(0, 0, 1), Rostered: true}
	type want struct {
		status    AdherenceStatus
		state     State
		scheduled ActivityKind
		out       time.Duration
		sched     time.Duration // scheduled time so far
	}
	tests := []struct {
		name      string
		now       time.Time
		threshold time.Duration
		want      map[string]want
	}{
		{"before the shifts", at(8, 30, 0), 0, map[string]want{
			"A": {StatusOffShift, "", "", 0, 0},
			"B": {StatusDayOff, "", "", 0, 0},
			"C": {StatusOffShift, "", "", 0, 0},
			"D": {StatusOnLeave, "", "", 0, 0}}},
		{"on break as scheduled", at(11, 10, 0), 0, map[string]want{
			"A": {StatusInAdherence, StateBreak, ActivityBreak, 480 * time.Second, 130 * time.Minute},
			"C": {StatusNotLoggedIn, "", ActivityBreak, 130 * time.Minute, 130 * time.Minute}}},
		{"late back, run counted", at(11, 15, 10), 0, map[string]want{
			"A": {StatusOutOfAdherence, StateBreak, ActivityWork, 490 * time.Second, 135*time.Minute + 10*time.Second}}},
		{"late back, under threshold", at(11, 15, 10), 30 * time.Second, map[string]want{
			"A": {StatusOutOfAdherence, StateBreak, ActivityWork, 480 * time.Second, 135*time.Minute + 10*time.Second}}},
		// Nothing scheduled and no state: not "in adherence", and her
		// minutes out are the whole shift she missed (adherence 0).
		{"after the shifts", at(17, 10, 0), 0, map[string]want{
			"A": {StatusUnscheduled, StateAvailable, "", 500 * time.Second, 8 * time.Hour},
			"B": {StatusDayOff, "", "", 0, 0},
			"C": {StatusOffShift, "", "", 8 * time.Hour, 8 * time.Hour},
			"D": {StatusOnLeave, "", "", 0, 0}}},
		{"the day gone by", at(0, 0, 0).AddDate(0, 0, 3), 0, map[string]want{
			"A": {StatusScheduled, "", "", 500 * time.Second, 8 * time.Hour},
			"B": {StatusDayOff, "", "", 0, 0},
			"C": {StatusNotLoggedIn, "", "", 8 * time.Hour, 8 * time.Hour},
			"D": {StatusOnLeave, "", "", 0, 0}}},
		{"the day to come", at(0, 0, 0).AddDate(0, 0, -1), 0, map[string]want{
			"A": {StatusScheduled, "", "", 0, 0},
			"B": {StatusDayOff, "", "", 0, 0},
			"C": {StatusScheduled, "", "", 0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := day
			w.Now, w.Threshold = tt.now, tt.threshold
			got, err := Intraday(agents, upTo(states, tt.now), acts, leave, w)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(agents) {
				t.Fatalf("%s: %d agents, want every one of %v", tt.name, len(got), agents)
			}
			for i, g := range got {
				if g.Agent != agents[i] {
					t.Errorf("%s: agent %d is %s, want %s (the order given)", tt.name, i, g.Agent, agents[i])
				}
				var runs time.Duration
				for _, r := range g.OutOfAdherence {
					runs += r.End.Sub(r.Start)
					if r.End.After(tt.now) {
						t.Errorf("%s: %s out of adherence until %s, after now", tt.name, g.Agent, r.End)
					}
				}
				if runs != g.Counts.OutOfAdherence {
					t.Errorf("%s: %s runs add up to %s, counts say %s", tt.name, g.Agent, runs, g.Counts.OutOfAdherence)
				}
				if (g.Status == StatusInAdherence || g.Status.Out()) && g.Scheduled == "" && w.Live() {
					t.Errorf("%s: %s is %s with nothing scheduled now", tt.name, g.Agent, g.Status)
				}
				wt, ok := tt.want[g.Agent]
				if !ok {
					continue
				}
				if g.Status != wt.status || g.State != wt.state || g.Scheduled != wt.scheduled || g.Counts.OutOfAdherence != wt.out || g.Counts.Scheduled != wt.sched {
					t.Errorf("%s: %s = %s state %q scheduled %q out %s of %s; want %+v", tt.name, g.Agent, g.Status, g.State, g.Scheduled, g.Counts.OutOfAdherence, g.Counts.Scheduled, wt)
				}
				if r := g.Counts.Adherence(); wt.sched > 0 && (!r.OK || !near(r.Value, 1-wt.out.Seconds()/wt.sched.Seconds())) {
					t.Errorf("%s: %s adherence %+v", tt.name, g.Agent, r)
				} else if wt.sched == 0 && r.OK {
					t.Errorf("%s: %s adherence %+v with nothing scheduled so far, want none", tt.name, g.Agent, r)
				}
			}
		})
	}
}

// TestIntradayPastDayIsTheDaysKPI: over a whole day gone by, the view's
// counts are the day's KPI counts (the same definition, the same numbers).
func TestIntradayPastDayIsTheDaysKPI(t *testing.T) {
	agents, states, acts, leave := intradayDay()
	for _, threshold := range []time.Duration{0, 30 * time.Second, 200 * time.Second} {
		t.Run(threshold.String(), func(t *testing.T) {
			w := IntradayWindow{Start: at(0, 0, 0), End: at(0, 0, 0).AddDate(0, 0, 1), Now: at(0, 0, 0).AddDate(0, 0, 1), Threshold: threshold, Rostered: true}
			got, err := Intraday(agents, states, acts, leave, w)
			if err != nil {
				t.Fatal(err)
			}
			days, err := AgentDays(nil, states, acts, DaySettings{ExceptionThreshold: threshold})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]AgentCounts{}
			for _, d := range days {
				want[d.Agent] = d.AgentCounts
			}
			for _, g := range got {
				if g.Counts != want[g.Agent] {
					t.Errorf("threshold %s: %s counts %+v, the day's KPI %+v", threshold, g.Agent, g.Counts, want[g.Agent])
				}
			}
		})
	}
}

// TestIntradayWithoutRoster: on a day no roster covers, an agent with no
// shift and no state has no known day off.
func TestIntradayWithoutRoster(t *testing.T) {
	states := []AgentState{{Agent: "A", State: StateAvailable, Start: at(9, 0, 0)}}
	w := IntradayWindow{Start: at(0, 0, 0), End: at(0, 0, 0).AddDate(0, 0, 1), Now: at(11, 0, 0)}
	got, err := Intraday([]string{"A", "B"}, states, nil, map[string]bool{"C": true}, w)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Status != StatusUnscheduled || got[1].Status != StatusNoRoster {
		t.Errorf("statuses %s, %s; want %s, %s", got[0].Status, got[1].Status, StatusUnscheduled, StatusNoRoster)
	}
	w.Rostered = true
	if got, _ = Intraday([]string{"B"}, nil, nil, nil, w); got[0].Status != StatusDayOff {
		t.Errorf("with a roster B is %s, want %s", got[0].Status, StatusDayOff)
	}
}

func TestIntradayRefuses(t *testing.T) {
	w := IntradayWindow{Start: at(0, 0, 0), End: at(0, 0, 0).AddDate(0, 0, 1), Now: at(12, 0, 0)}
	bad := []struct {
		name string
		w    IntradayWindow
	}{
		{"empty window", IntradayWindow{Start: w.Start, End: w.Start, Now: w.Now}},
		{"no now", IntradayWindow{Start: w.Start, End: w.End}},
		{"negative threshold", IntradayWindow{Start: w.Start, End: w.End, Now: w.Now, Threshold: -time.Second}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			if _, err := Intraday([]string{"A"}, nil, nil, nil, b.w); err == nil {
				t.Errorf("%+v accepted", b.w)
			}
		})
	}
	overlap := []AgentState{
		{Agent: "A", State: StateAvailable, Start: at(9, 0, 0), End: at(10, 0, 0)},
		{Agent: "A", State: StateBreak, Start: at(9, 30, 0), End: at(9, 45, 0)},
	}
	if _, err := Intraday([]string{"A"}, overlap, nil, nil, w); err == nil {
		t.Error("overlapping states accepted")
	}
}
