package people

import (
	"testing"
	"time"

	"wfm/kpi"
	"wfm/store"
)

// A stage is reached at the last step that passed it; a reopen forgets
// the stages after the investigation.
func TestStagesReached(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC) }
	steps := []store.ComplaintStep{{Action: "judge", At: at(1)}, {Action: "classify", At: at(2)}, {Action: "assign", At: at(3)},
		{Action: "investigate", At: at(4)}, {Action: "resolve", At: at(5)}, {Action: "approve", At: at(6)}, {Action: "notify", At: at(7)}}
	for _, tc := range []struct {
		name  string
		steps []store.ComplaintStep
		want  map[kpi.ComplaintAction]int // action -> hour
	}{
		{"none", nil, map[kpi.ComplaintAction]int{}},
		{"notified", steps, map[kpi.ComplaintAction]int{"judge": 1, "classify": 2, "assign": 3, "investigate": 4, "resolve": 5, "approve": 6, "notify": 7}},
		{"reopened", append(steps[:7:7], store.ComplaintStep{Action: "reopen", At: at(8)}),
			map[kpi.ComplaintAction]int{"judge": 1, "classify": 2, "assign": 3, "investigate": 4, "reopen": 8}},
		{"resolved again", append(steps[:7:7], store.ComplaintStep{Action: "reopen", At: at(8)}, store.ComplaintStep{Action: "resolve", At: at(9)}),
			map[kpi.ComplaintAction]int{"judge": 1, "classify": 2, "assign": 3, "investigate": 4, "reopen": 8, "resolve": 9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := StagesReached(tc.steps)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for a, h := range tc.want {
				if !got[a].Equal(at(h)) {
					t.Errorf("%s at %v, want %d:00", a, got[a], h)
				}
			}
		})
	}
}
