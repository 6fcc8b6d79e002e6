package kpi

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
