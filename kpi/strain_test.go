package kpi

import (
	"testing"
	"time"
)

func TestStrainWeightsAddUpTo100(t *testing.T) {
	sum := 0.0
	for _, w := range strainWeights {
		sum += w.weight
	}
	if sum != 100 {
		t.Errorf("weights add up to %v, want 100", sum)
	}
	full := StrainDrivers{Occupancy: Ratio{1, true}, LongestHighStreak: 3 * time.Hour, BackToBack: 20,
		DifficultShare: Ratio{0.5, true}, Overtime: 3 * time.Hour, RestShortfall: 4 * time.Hour,
		BreaksMissed: 3, ShortNotice: 3, AdherenceSlip: 0.2}
	s, err := StrainIndex(full, DefaultStrainAlert)
	if err != nil || !near(s.Index, 100) || !s.Alert {
		t.Errorf("every driver at its worst: %v, %v", s.Index, err)
	}
	s, _ = StrainIndex(StrainDrivers{}, DefaultStrainAlert)
	if s.Index != 0 || s.Alert || s.Action != "" || len(s.Reasons) != 0 {
		t.Errorf("no strain: %+v", s)
	}
}

// Each driver, raised alone from a middling day, must raise the index.
func TestStrainEachDriverMovesTheIndexUp(t *testing.T) {
	base := StrainDrivers{Occupancy: Ratio{0.8, true}, LongestHighStreak: 30 * time.Minute, BackToBack: 4,
		DifficultShare: Ratio{0.1, true}, Overtime: 20 * time.Minute, RestShortfall: 30 * time.Minute,
		BreaksMissed: 0, ShortNotice: 0, AdherenceSlip: 0.02}
	worse := map[StrainDriver]func(*StrainDrivers){
		DriverOccupancy:     func(d *StrainDrivers) { d.Occupancy.Value = 0.9 },
		DriverHighStreak:    func(d *StrainDrivers) { d.LongestHighStreak = 90 * time.Minute },
		DriverBackToBack:    func(d *StrainDrivers) { d.BackToBack = 8 },
		DriverDifficult:     func(d *StrainDrivers) { d.DifficultShare.Value = 0.25 },
		DriverOvertime:      func(d *StrainDrivers) { d.Overtime = time.Hour },
		DriverRest:          func(d *StrainDrivers) { d.RestShortfall = 2 * time.Hour },
		DriverBreaksMissed:  func(d *StrainDrivers) { d.BreaksMissed = 1 },
		DriverShortNotice:   func(d *StrainDrivers) { d.ShortNotice = 1 },
		DriverAdherenceSlip: func(d *StrainDrivers) { d.AdherenceSlip = 0.08 },
	}
	if len(worse) != len(strainWeights) {
		t.Fatalf("the test covers %d drivers, the index has %d", len(worse), len(strainWeights))
	}
	s0, err := StrainIndex(base, DefaultStrainAlert)
	if err != nil {
		t.Fatal(err)
	}
	for driver, raise := range worse {
		t.Run(string(driver), func(t *testing.T) {
			d := base
			raise(&d)
			s1, _ := StrainIndex(d, DefaultStrainAlert)
			if !(s1.Index > s0.Index) {
				t.Errorf("raising %s: index %v -> %v, want higher", driver, s0.Index, s1.Index)
			}
			var before, after float64
			for i := range s1.Factors {
				if s1.Factors[i].Driver == driver {
					before, after = s0.Factors[i].Contribution, s1.Factors[i].Contribution
				}
			}
			if !near(s1.Index-s0.Index, after-before) {
				t.Errorf("raising %s moved other drivers too", driver)
			}
		})
	}
	// Better than "no strain" does not lower the index below 0 contributions.
	d := base
	d.AdherenceSlip = -0.3
	d.Occupancy.Value = 0.2
	if s, _ := StrainIndex(d, DefaultStrainAlert); s.Index > s0.Index || s.Factors[0].Contribution != 0 {
		t.Errorf("good values: %+v", s.Factors)
	}
}

func TestStrainReasonsAndAction(t *testing.T) {
	tests := []struct {
		name   string
		d      StrainDrivers
		top    StrainDriver
		action ThreeR
	}{
		// difficult 15 x 1 + back to back 10 x 0.75 = 22.5 relaxation
		{"hard contacts", StrainDrivers{DifficultShare: Ratio{0.4, true}, BackToBack: 8}, DriverDifficult, Relaxation},
		// occupancy 15 + overtime 10 = 25 reduction vs breaks 5 relaxation
		{"too much work", StrainDrivers{Occupancy: Ratio{0.96, true}, Overtime: 3 * time.Hour, BreaksMissed: 1}, DriverOccupancy, Reduction},
		{"slipping", StrainDrivers{AdherenceSlip: 0.12}, DriverAdherenceSlip, Reorientation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := StrainIndex(tt.d, DefaultStrainAlert)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Reasons) == 0 || s.Reasons[0].Driver != tt.top || s.Action != tt.action {
				t.Errorf("%s: reasons %+v, action %s; want %s first and %s", tt.name, s.Reasons, s.Action, tt.top, tt.action)
			}
		})
	}
	if _, err := StrainIndex(StrainDrivers{}, 101); err == nil {
		t.Error("alert threshold 101 accepted")
	}
}

func TestStrainDriversFromStates(t *testing.T) {
	st := func(state State, h1, m1, s1, h2, m2, s2 int) AgentState {
		return AgentState{Agent: "A", State: state, Start: at(h1, m1, s1), End: at(h2, m2, s2)}
	}
	// 09:00-09:30 contacts back to back (occupancy 1), 09:30-10:00 half
	// available (0.5), 10:00-11:00 busy again (1, 1).
	states := []AgentState{
		st(StateContact, 9, 0, 0, 9, 10, 0),
		st(StateACW, 9, 10, 0, 9, 11, 0),
		st(StateAvailable, 9, 11, 0, 9, 11, 20), // 20 s: not a pause
		st(StateContact, 9, 11, 20, 9, 30, 0),
		st(StateContact, 9, 30, 0, 9, 45, 0),
		st(StateAvailable, 9, 45, 0, 10, 0, 0), // a pause
		st(StateContact, 10, 0, 0, 10, 30, 0),
		st(StateContact, 10, 30, 0, 11, 0, 0),
		st(StateBreak, 11, 0, 0, 11, 20, 0),
	}
	streak, err := OccupancyStreak(states, 30*time.Minute, 0.85, time.UTC)
	if err != nil || streak != time.Hour {
		t.Errorf("streak %s (%v), want 1h", streak, err)
	}
	n, err := BackToBack(states, time.Minute)
	if err != nil || n != 3 {
		t.Errorf("back to back %d (%v), want 3 (09:00, 09:11, 09:30)", n, err)
	}
	if n, _ := BackToBack(states, 10*time.Second); n != 2 {
		t.Errorf("with a 10 s pause rule: %d, want 2", n)
	}

	acts := []Activity{
		{Agent: "A", Kind: ActivityWork, Start: at(9, 0, 0), End: at(10, 30, 0)},
		{Agent: "A", Kind: ActivityBreak, Start: at(10, 30, 0), End: at(10, 45, 0)},
		{Agent: "A", Kind: ActivityLunch, Start: at(12, 0, 0), End: at(13, 0, 0)},
	}
	// Ready after the schedule ends at 10:45: 10:45-11:00 = 15 min.
	if ot, err := Overtime(states, acts); err != nil || ot != 15*time.Minute {
		t.Errorf("overtime %s (%v), want 15m", ot, err)
	}
	// The 10:30 break was taken at 11:00 (30 min late), lunch not at all.
	if m, err := BreaksMissed(states, acts, 10*time.Minute); err != nil || m != 2 {
		t.Errorf("breaks missed %d (%v), want 2", m, err)
	}
	if m, _ := BreaksMissed(states, acts, 30*time.Minute); m != 1 {
		t.Errorf("with 30 min tolerance: %d missed, want 1", m)
	}
}

func TestDayStrainDrivers(t *testing.T) {
	states, acts := handDay()
	days, err := AgentDays(nil, states, acts, DaySettings{})
	if err != nil {
		t.Fatal(err)
	}
	in := StrainInputs{Day: days[0], States: states, Activities: acts, Baseline: Ratio{0.99, true},
		RestShortfall: time.Hour, ShortNotice: 1, Interval: 30 * time.Minute, HighOccupancy: 0.85,
		Pause: 30 * time.Second, BreakTolerance: 10 * time.Minute, Location: time.UTC}
	d, err := DayStrainDrivers(in)
	if err != nil {
		t.Fatal(err)
	}
	// handDay: contact 10:00-10:50 then acw to 11:05 (10:00-11:00 busy: 2
	// intervals), contact 14:00-16:30 (5 intervals): longest streak 2h30.
	// Ready after 17:00: 16:30-17:30 available -> 30 min overtime.
	// Break 11:00 taken 11:05 and lunch on time: none missed.
	// Adherence 1 - 500/28800 against a 0.99 baseline.
	want := StrainDrivers{Occupancy: days[0].Occupancy(), LongestHighStreak: 150 * time.Minute, BackToBack: 1,
		Overtime: 30 * time.Minute, RestShortfall: time.Hour, ShortNotice: 1, AdherenceSlip: 0.99 - (1 - 500.0/28800)}
	if d.LongestHighStreak != want.LongestHighStreak || d.BackToBack != want.BackToBack || d.Overtime != want.Overtime ||
		d.BreaksMissed != 0 || d.RestShortfall != want.RestShortfall || !near(d.AdherenceSlip, want.AdherenceSlip) ||
		d.Occupancy != want.Occupancy || d.DifficultShare.OK {
		t.Errorf("drivers %+v\nwant    %+v", d, want)
	}
}
