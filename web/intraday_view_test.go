package web

import (
	"strings"
	"testing"
	"time"

	"wfm/measure"
)

// TestIntradayThresholdText: the sentence says what the setting is; zero
// forgives nothing (it said "runs shorter than 0s are forgiven").
func TestIntradayThresholdText(t *testing.T) {
	for _, c := range []struct {
		name    string
		seconds float64
		l       Locale
		want    string
	}{
		{"no threshold en", 0, English, "Every second out of adherence counts (no exception threshold)."},
		{"no threshold zh", 0, Chinese, "每一秒偏离都计入（不设例外阈值）。"},
		{"2 minutes en", 120, English, "Runs out of adherence shorter than 2m 00s are not counted."},
		{"2 minutes zh", 120, Chinese, "短于 2分00秒 的偏离不计入。"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := NewTranslator(c.l, time.UTC)
			d := IntradayData{Day: day(0, 0), HasTeam: true}
			if err := intradayView(&d, &measure.RealTimeAdherence{ThresholdSeconds: c.seconds}, day(24, 0), day(10, 0), "Shanghai", tr, intradayFilter{}); err != nil {
				t.Fatal(err)
			}
			if d.Threshold != c.want || strings.Contains(d.Threshold, " 0s") || strings.Contains(d.Threshold, " 0秒") {
				t.Errorf("%v s in %s: %q, want %q", c.seconds, c.l, d.Threshold, c.want)
			}
		})
	}
}

func TestIntradayFiltersAndOrders(t *testing.T) {
	day := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, time.UTC) }
	v := &measure.RealTimeAdherence{Agents: []measure.RealTimeAgent{
		{AgentID: 1, Agent: "A1", Name: "Ana", Status: "in_adherence", State: "available", OutOfAdherenceMinutes: 2},
		{AgentID: 2, Agent: "B2", Name: "Bo", Status: "out_of_adherence", State: "break", OutOfAdherenceMinutes: 6},
		{AgentID: 3, Agent: "C3", Name: "Cai", Status: "not_logged_in", OutOfAdherenceMinutes: 30},
		{AgentID: 4, Agent: "D4", Name: "Dan", Status: "day_off"},
	}}
	cases := []struct {
		name string
		f    intradayFilter
		want string
	}{
		{"who needs the supervisor first", intradayFilter{sort: "status"}, "B2 C3 A1 D4"},
		{"most minutes out first", intradayFilter{sort: "out"}, "C3 B2 A1 D4"},
		{"by name", intradayFilter{sort: "name"}, "A1 B2 C3 D4"},
		{"on a break", intradayFilter{state: "break"}, "B2"},
		{"no state received", intradayFilter{state: "none", sort: "name"}, "C3 D4"},
		{"with the skill", intradayFilter{agent: map[int64]bool{1: true, 3: true}, sort: "name"}, "A1 C3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := IntradayData{Day: day(0, 0), HasTeam: true}
			if err := intradayView(&d, v, day(24, 0), day(10, 0), "Shanghai", NewTranslator(English, time.UTC), c.f); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range d.Agents {
				got = append(got, r.Agent)
			}
			if strings.Join(got, " ") != c.want || d.Shown != len(got) {
				t.Errorf("rows %v (shown %d), want %s", got, d.Shown, c.want)
			}
			if d.Tiles[0].Value != "4" {
				t.Errorf("the agents tile counts %s, want the whole team (4)", d.Tiles[0].Value)
			}
		})
	}
}
