package kpi

import "testing"

func TestRisk(t *testing.T) {
	tests := []struct {
		name      string
		e         Emotion
		complaint bool
		threat    bool
		want      RiskLevel
	}{
		{"calm", EmotionCalm, false, false, RiskLow},
		{"confusion", EmotionConfusion, false, false, RiskLow},
		{"no emotion", "", false, false, RiskLow},
		{"anxiety", EmotionAnxiety, false, false, RiskMedium},
		{"disappointment", EmotionDisappointment, false, false, RiskMedium},
		{"calm with a complaint", EmotionCalm, true, false, RiskMedium}, // a complaint is at least medium
		{"anger", EmotionAnger, false, false, RiskHigh},
		{"confusion with a threat", EmotionConfusion, false, true, RiskHigh}, // a threat is high
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Risk(tt.e, tt.complaint, tt.threat); got != tt.want {
				t.Errorf("Risk(%q, complaint %v, threat %v) = %s, want %s", tt.e, tt.complaint, tt.threat, got, tt.want)
			}
		})
	}
}

func TestEscalationFor(t *testing.T) {
	tests := []struct {
		name   string
		c      Contact
		threat bool
		want   bool
	}{
		{"angry", Contact{Emotion: EmotionAnger}, false, true},
		{"threat", Contact{Emotion: EmotionCalm}, true, true},
		{"unresolved complaint", Contact{Emotion: EmotionDisappointment, Complaint: true, ResolvedKnown: true}, false, true},
		{"resolved complaint", Contact{Emotion: EmotionDisappointment, Complaint: true, ResolvedKnown: true, Resolved: true}, false, false},
		{"anxious", Contact{Emotion: EmotionAnxiety}, false, false},
		{"calm", Contact{Emotion: EmotionCalm}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EscalationFor(tt.c, tt.threat)
			if got.Escalate != tt.want || (got.Escalate && got.Reason == "") {
				t.Errorf("%s: %+v, want escalate %v with a reason", tt.name, got, tt.want)
			}
		})
	}
	if err := (EmotionLogEntry{ContactID: "c", Emotion: "rage", Action: "x"}).Validate(); err == nil {
		t.Error("unknown emotion accepted in the log")
	}
	if err := (EmotionLogEntry{ContactID: "c", Emotion: EmotionAnger, Trigger: "fee", Action: "waived it", Worked: true}).Validate(); err != nil {
		t.Error(err)
	}
}
