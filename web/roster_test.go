package web

import (
	"testing"
	"time"

	"wfm/store"
)

func TestCoveragePoints(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	reqs := []store.Requirement{
		{QueueID: 1, IntervalStart: at(9, 0), IntervalSeconds: 1800, Scheduled: 1.5}, // covers 09:00 and 09:15
		{QueueID: 2, IntervalStart: at(9, 15), IntervalSeconds: 900, Scheduled: 0.5},
	}
	shifts := []store.AgentShift{
		{Start: at(8, 45), End: at(9, 30), Breaks: []store.ShiftBreak{{Start: at(9, 15), End: at(9, 30)}}},
		{Start: at(9, 0), End: at(10, 0)},
	}
	got := coveragePoints(at(8, 45), at(9, 45), 15*time.Minute, reqs, shifts)
	// By hand, per slot: 08:45 req 0, one at work; 09:00 req 1.5, both;
	// 09:15 req 2, the first on a break; 09:30 req 0, the second only.
	want := []CoveragePoint{
		{Start: at(8, 45), Required: 0, Scheduled: 1},
		{Start: at(9, 0), Required: 1.5, Scheduled: 2},
		{Start: at(9, 15), Required: 2, Scheduled: 1},
		{Start: at(9, 30), Required: 0, Scheduled: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("points = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("slot %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if coveragePoints(at(8, 0), at(9, 0), 15*time.Minute, nil, nil) != nil {
		t.Error("no requirement and no shift should give no chart")
	}
}

func TestShiftSpans(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	got := shiftSpans(store.AgentShift{Start: at(8, 0), End: at(17, 0), Breaks: []store.ShiftBreak{
		{Start: at(10, 0), End: at(10, 15), Paid: true}, {Start: at(12, 0), End: at(13, 0)},
	}, Activities: []store.ShiftActivity{{Kind: "meeting", Title: "Huddle", Start: at(14, 0), End: at(14, 30)}}})
	want := []Span{{"shift", at(8, 0), at(17, 0), ""}, {"break", at(10, 0), at(10, 15), ""}, {"lunch", at(12, 0), at(13, 0), ""}, {"meeting", at(14, 0), at(14, 30), "Huddle"}}
	if len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Errorf("spans = %+v", got)
	}
}
