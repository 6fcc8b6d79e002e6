package web

import (
	"strings"
	"testing"
	"time"

	"wfm/store"
)

// TestIntradayThresholdText: the sentence says what the setting is; zero
// forgives nothing (it said "runs shorter than 0s are forgiven").
func TestIntradayThresholdText(t *testing.T) {
	for _, c := range []struct {
		seconds float64
		l       Locale
		want    string
	}{
		{0, English, "Every second out of adherence counts (no exception threshold)."},
		{0, Chinese, "每一秒偏离都计入（不设例外阈值）。"},
		{120, English, "Runs out of adherence shorter than 2m 00s are not counted."},
		{120, Chinese, "短于 2分00秒 的偏离不计入。"},
	} {
		tr := NewTranslator(c.l, time.UTC)
		d := IntradayData{Day: day(0, 0), HasTeam: true}
		if err := intradayView(&d, &store.RealTimeAdherence{ThresholdSeconds: c.seconds}, day(24, 0), day(10, 0), "Shanghai", tr); err != nil {
			t.Fatal(err)
		}
		if d.Threshold != c.want || strings.Contains(d.Threshold, " 0s") || strings.Contains(d.Threshold, " 0秒") {
			t.Errorf("%v s in %s: %q, want %q", c.seconds, c.l, d.Threshold, c.want)
		}
	}
}
