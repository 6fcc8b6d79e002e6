package kpi

import (
	"math"
	"testing"
)

func TestWeightedTarget(t *testing.T) {
	targets := map[string]float64{"voice-billing": 300, "chat": 600, "voice-tech": 420}
	for _, c := range []struct {
		name    string
		handled map[string]int
		want    float64
		ok      bool
	}{
		// By hand: (30 x 300 + 10 x 600) / 40 = 15000 / 40 = 375.
		{"two queues", map[string]int{"voice-billing": 30, "chat": 10}, 375, true},
		// (1 x 300 + 2 x 600 + 1 x 420) / 4 = 1920 / 4 = 480.
		{"three queues", map[string]int{"voice-billing": 1, "chat": 2, "voice-tech": 1}, 480, true},
		{"one queue", map[string]int{"chat": 7}, 600, true},
		{"a queue with none", map[string]int{"chat": 7, "voice-tech": 0}, 600, true},
		{"nothing handled", map[string]int{}, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := WeightedTarget(c.handled, targets)
			if err != nil || got.OK != c.ok || math.Abs(got.Value-c.want) > 1e-12 {
				t.Errorf("%s: %+v %v, want %v %v", c.name, got, err, c.want, c.ok)
			}
		})
	}
	if _, err := WeightedTarget(map[string]int{"email": 3}, targets); err == nil {
		t.Error("a queue without a target: no error")
	}
	if _, err := WeightedTarget(map[string]int{"chat": -1}, targets); err == nil {
		t.Error("negative contacts: no error")
	}
}

func TestScorecardWithTarget(t *testing.T) {
	card := Scorecard{ID: "1", Name: "Default", Items: []ScorecardItem{
		{KPI: "aht_seconds", Weight: 15, Floor: 600, Target: 300, Direction: LowerIsBetter},
		{KPI: "csat", Weight: 20, Floor: 0.6, Target: 0.9, Direction: HigherIsBetter},
	}}
	chat, err := card.WithTarget("aht_seconds", 540)
	if err != nil {
		t.Fatal(err)
	}
	// Floor 600 x 540 / 300 = 1080; the original card is untouched.
	if it := chat.Items[0]; it.Target != 540 || it.Floor != 1080 || card.Items[0].Target != 300 || chat.Items[1] != card.Items[1] {
		t.Errorf("items %+v (original %+v)", chat.Items, card.Items)
	}
	// An AHT of 810 s is halfway from the floor 1080 to the target 540:
	// (810 - 1080) / (540 - 1080) = 0.5 points; on the voice card it
	// would be below the floor (0 points).
	if p := chat.Items[0].Points(810); p != 0.5 {
		t.Errorf("points at 810 s = %v, want 0.5", p)
	}
	if p := card.Items[0].Points(810); p != 0 {
		t.Errorf("voice points at 810 s = %v, want 0", p)
	}
	if _, err := card.WithTarget("aht_seconds", 0); err == nil {
		t.Error("a zero target: no error")
	}
}
