package kpi

import "fmt"

// Emotion is the customer's emotion recorded on a contact (DOMAIN.md
// "Customer emotion").
type Emotion string

// The emotions of CONTRACTS.md section 5, plus the two risk words of DOMAIN.md.
const (
	EmotionAnger          Emotion = "anger"
	EmotionAnxiety        Emotion = "anxiety"
	EmotionDisappointment Emotion = "disappointment"
	EmotionCalm           Emotion = "calm"
	EmotionConfusion      Emotion = "confusion"
)

var emotions = []Emotion{EmotionAnger, EmotionAnxiety, EmotionDisappointment, EmotionCalm, EmotionConfusion}

// Known reports whether e is one of the recorded emotions.
func (e Emotion) Known() bool {
	for _, k := range emotions {
		if e == k {
			return true
		}
	}
	return false
}

func emotionNames() []string {
	names := make([]string, len(emotions))
	for i, e := range emotions {
		names[i] = string(e)
	}
	return names
}

// RiskLevel is how likely a contact is to escalate (DOMAIN.md): low for
// calm or confused customers, medium for anxious, disappointed or
// complaining ones, high for angry or threatening ones.
type RiskLevel string

// The risk levels, lowest first.
const (
	RiskLow    RiskLevel = "low"
	RiskMedium RiskLevel = "medium"
	RiskHigh   RiskLevel = "high"
)

// Risk is the risk level of a customer's emotion. A complaint is at least
// medium; a threat (to leave, to go to the press or a regulator, to harm)
// is high whatever the emotion.
func Risk(e Emotion, complaint, threat bool) RiskLevel {
	switch {
	case threat || e == EmotionAnger:
		return RiskHigh
	case complaint || e == EmotionAnxiety || e == EmotionDisappointment:
		return RiskMedium
	}
	return RiskLow
}

// Escalation says whether a contact goes to the supervisor, and why.
type Escalation struct {
	Risk     RiskLevel
	Escalate bool
	Reason   string
}

// EscalationFor applies the escalation rule to a contact: a high-risk
// contact always goes to the supervisor; a medium-risk complaint goes too
// when it was not resolved in the contact (the customer leaves unhappy
// with an open grievance). Everything else stays with the agent.
func EscalationFor(c Contact, threat bool) Escalation {
	r := Risk(c.Emotion, c.Complaint, threat)
	switch {
	case r == RiskHigh && threat:
		return Escalation{r, true, "high risk: the customer made a threat"}
	case r == RiskHigh:
		return Escalation{r, true, "high risk: angry customer"}
	case r == RiskMedium && c.Complaint && c.ResolvedKnown && !c.Resolved:
		return Escalation{r, true, "medium risk: complaint not resolved in the contact"}
	}
	return Escalation{Risk: r}
}

// EmotionLogEntry is what an agent notes about a difficult contact: what
// set the customer off, what she did, and whether it worked.
type EmotionLogEntry struct {
	ContactID string
	Emotion   Emotion
	Trigger   string
	Action    string
	Worked    bool
}

// Validate checks the entry.
func (e EmotionLogEntry) Validate() error {
	switch {
	case e.ContactID == "":
		return fmt.Errorf("contact_id: required")
	case !e.Emotion.Known():
		return fmt.Errorf("emotion: unknown emotion %q (want one of %v)", string(e.Emotion), emotionNames())
	case e.Action == "":
		return fmt.Errorf("action: required: what was done")
	}
	return nil
}
