package intraday

import (
	"strings"
	"testing"
	"time"

	"wfm/store"
)

// The activities that fall in a short interval still to come are the ones
// the monitor and the gap alert offer to move; one in an interval that is
// covered, or over, is not.
func TestActivitiesInShortIntervalsCanMove(t *testing.T) {
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	gap := func(g float64) *float64 { return &g }
	step := 30 * time.Minute
	ivs := []QueueInterval{
		{Start: at(9, 0), Elapsed: true, Gap: gap(-2)}, // short, but over
		{Start: at(14, 0), Gap: gap(-1.5)},             // short, to come
		{Start: at(14, 30), Gap: gap(0)},               // covered
		{Start: at(16, 0), Gap: gap(-0.5)},             // short, to come
	}
	shifts := []store.AgentShift{
		{AgentID: 1, AgentCode: "A1", Start: at(8, 0), End: at(17, 0), Activities: []store.ShiftActivity{
			{Kind: "meeting", Title: "Team huddle", Start: at(9, 0), End: at(9, 30)},    // in the elapsed interval
			{Kind: "training", Title: "New billing", Start: at(14, 15), End: at(15, 0)}, // overlaps 14:00
			{Kind: "coaching", Title: "One to one", Start: at(14, 30), End: at(15, 0)},  // covered interval only
		}},
		{AgentID: 2, AgentCode: "A2", Start: at(12, 0), End: at(21, 0), Activities: []store.ShiftActivity{
			{Kind: "meeting", Title: "Quality review", Start: at(15, 45), End: at(16, 15)}, // overlaps 16:00
		}},
	}
	names := map[int64]string{1: "Li Na", 2: "Wang Fang"}
	got := movable(ivs, shifts, names, step)
	if len(got) != 2 || got[0].Title != "New billing" || got[1].Title != "Quality review" || got[1].Name != "Wang Fang" {
		t.Fatalf("movable: %+v", got)
	}

	worst, worstAt := -1.5, at(14, 0)
	m := &QueueMonitor{Queue: "voice-vip", Site: "Shanghai", ShortHours: 1, WorstGap: &worst, WorstGapAt: &worstAt, CanMove: got}
	msg := gapMessage(m, time.UTC)
	if !strings.Contains(msg, `Could move to a quieter time: Li Na's training "New billing" (14:15-15:00), Wang Fang's meeting "Quality review" (15:45-16:15).`) {
		t.Errorf("gap message: %s", msg)
	}
}
