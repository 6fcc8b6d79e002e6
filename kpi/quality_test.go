package kpi

import (
	"strings"
	"testing"
)

func smallForm() QualityForm {
	return QualityForm{ID: "f", Items: []QualityItem{
		{ID: "r1", Dimension: Reliability, Weight: 30},
		{ID: "s1", Dimension: Responsiveness, Weight: 20},
		{ID: "e1", Dimension: Empathy, Weight: 50},
		{ID: "no_age", Dimension: Assurance, Critical: true, Text: "did not ask the age"},
	}}
}

func TestEvaluationScoreByHand(t *testing.T) {
	f := smallForm()
	tests := []struct {
		name    string
		answers map[string]Answer
		total   float64
		dims    map[Dimension]float64
		failed  bool
	}{
		// (30*1 + 20*0.5 + 50*0.8) / 100 = 80
		{"all apply", map[string]Answer{"r1": {Score: 1}, "s1": {Score: 0.5}, "e1": {Score: 0.8}, "no_age": {Score: 1}},
			80, map[Dimension]float64{Reliability: 100, Responsiveness: 50, Empathy: 80}, false},
		// s1 not applicable: (30 + 40) / 80 = 87.5
		{"one not applicable", map[string]Answer{"r1": {Score: 1}, "s1": {NA: true}, "e1": {Score: 0.8}, "no_age": {Score: 1}},
			87.5, map[Dimension]float64{Reliability: 100, Empathy: 80}, false},
		// the critical item failed: 0, dimensions as marked
		{"critical failed", map[string]Answer{"r1": {Score: 1}, "s1": {Score: 1}, "e1": {Score: 1}, "no_age": {Score: 0}},
			0, map[Dimension]float64{Reliability: 100, Responsiveness: 100, Empathy: 100}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Evaluation{FormID: "f", ContactID: "c", Agent: "A", Answers: tt.answers}
			s, err := e.Score(f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if !s.Total.OK || !near(s.Total.Value, tt.total) {
				t.Errorf("%s: total %v, want %v", tt.name, s.Total, tt.total)
			}
			if len(s.Dimensions) != len(tt.dims) {
				t.Errorf("%s: dimensions %v, want %v", tt.name, s.Dimensions, tt.dims)
			}
			for d, v := range tt.dims {
				if !near(s.Dimensions[d].Value, v) {
					t.Errorf("%s: %s = %v, want %v", tt.name, d, s.Dimensions[d], v)
				}
			}
			if tt.failed != (len(s.CriticalFailed) == 1) || tt.failed != strings.Contains(s.Reason, "did not ask the age") {
				t.Errorf("%s: critical %v, reason %q", tt.name, s.CriticalFailed, s.Reason)
			}
		})
	}
}

func TestEvaluationRejects(t *testing.T) {
	f := smallForm()
	ok := map[string]Answer{"r1": {Score: 1}, "s1": {Score: 1}, "e1": {Score: 1}, "no_age": {Score: 1}}
	with := func(id string, a Answer) map[string]Answer {
		m := map[string]Answer{}
		for k, v := range ok {
			m[k] = v
		}
		m[id] = a
		return m
	}
	missing := with("r1", Answer{})
	delete(missing, "r1")
	for name, answers := range map[string]map[string]Answer{
		"missing item":    missing,
		"unknown item":    with("zz", Answer{Score: 1}),
		"score above 1":   with("e1", Answer{Score: 1.5}),
		"critical NA":     with("no_age", Answer{NA: true}),
		"critical halves": with("no_age", Answer{Score: 0.5}),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := (Evaluation{FormID: "f", Agent: "A", Answers: answers}).Score(f); err == nil {
				t.Errorf("%s: accepted", name)
			}
		})
	}
	bad := smallForm()
	bad.Items[1].Dimension = "speed"
	if err := bad.Validate(); err == nil {
		t.Error("unknown dimension accepted")
	}
}

func TestDefaultQualityForm(t *testing.T) {
	f := DefaultQualityForm()
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	total, critical := 0.0, 0
	dims := map[Dimension]bool{}
	all := map[string]Answer{}
	for _, it := range f.Items {
		total += it.Weight
		dims[it.Dimension] = true
		if it.Critical {
			critical++
		}
		all[it.ID] = Answer{Score: 1}
	}
	if total != 100 || critical != 7 || len(dims) != 5 {
		t.Errorf("weights %v, critical items %d, dimensions %d; want 100, 7 (the seven don'ts), 5", total, critical, len(dims))
	}
	for _, topic := range []string{"age", "marital", "income", "address", "history", "religion", "health"} {
		found := false
		for _, it := range f.Items {
			found = found || (it.Critical && strings.Contains(it.Text, topic))
		}
		if !found {
			t.Errorf("no critical item about %s", topic)
		}
	}
	s, err := Evaluation{FormID: f.ID, Agent: "A", Answers: all}.Score(f)
	if err != nil || s.Total.Value != 100 {
		t.Errorf("perfect contact: %v, %v", s.Total, err)
	}
	all["no_religion"] = Answer{Score: 0}
	s, _ = Evaluation{FormID: f.ID, Agent: "A", Answers: all}.Score(f)
	if s.Total.Value != 0 || !strings.Contains(s.Reason, "religion") {
		t.Errorf("asked about religion: total %v, reason %q", s.Total, s.Reason)
	}
}

func TestQualityByAgentAndCalibration(t *testing.T) {
	f := smallForm()
	ev := func(agent, evaluator string, r, s, e, crit float64) Evaluation {
		return Evaluation{FormID: "f", ContactID: "c1", Agent: agent, Evaluator: evaluator, Answers: map[string]Answer{
			"r1": {Score: r}, "s1": {Score: s}, "e1": {Score: e}, "no_age": {Score: crit}}}
	}
	evals := []Evaluation{
		ev("A", "S1", 1, 0.5, 0.8, 1), // 80
		ev("A", "S1", 1, 1, 1, 0),     // 0 (critical)
		ev("B", "S1", 0, 0, 1, 1),     // 50
	}
	got, err := QualityByAgent(evals, map[string]QualityForm{"f": f})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Agent != "A" || got[0].Evaluations != 2 || got[0].CriticalFailed != 1 || !near(got[0].Total.Value, 40) {
		t.Errorf("A = %+v", got[0])
	}
	if !near(got[0].Dimensions[Empathy].Value, 90) || !near(got[1].Total.Value, 50) {
		t.Errorf("A empathy %v, B total %v", got[0].Dimensions[Empathy], got[1].Total)
	}

	// Two supervisors score one contact: 80 and 50.
	// r1: 30-0 = 30 points; s1: 10-0 = 10; e1: 40-50 = -10; total 30.
	c, err := Calibrate(f, ev("A", "S1", 1, 0.5, 0.8, 1), ev("A", "S2", 0, 0, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"r1": 30, "s1": 10, "e1": -10, "no_age": 0}
	for _, d := range c.Items {
		if !d.Points.OK || !near(d.Points.Value, want[d.ItemID]) {
			t.Errorf("item %s differs by %v, want %v", d.ItemID, d.Points, want[d.ItemID])
		}
	}
	if !near(c.TotalDifference.Value, 30) {
		t.Errorf("total difference %v, want 30", c.TotalDifference)
	}
	other := ev("A", "S2", 1, 1, 1, 1)
	other.ContactID = "c2"
	if _, err := Calibrate(f, evals[0], other); err == nil {
		t.Error("calibration across two contacts accepted")
	}
}
