package measure

import (
	"reflect"
	"testing"
	"time"

	"wfm/kpi"
	"wfm/store"
)

func TestShiftActivitiesCutWorkAroundBreaks(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	sh := store.AgentShift{AgentID: 7, Start: at(8, 0), End: at(17, 0), Breaks: []store.ShiftBreak{
		{Start: at(12, 0), End: at(13, 0), Paid: false}, // listed first, taken second
		{Start: at(10, 0), End: at(10, 15), Paid: true},
	}, Activities: []store.ShiftActivity{{Kind: "meeting", Title: "Huddle", Start: at(14, 0), End: at(14, 30)}}}
	want := []kpi.Activity{
		{Agent: "7", Kind: kpi.ActivityWork, Start: at(8, 0), End: at(10, 0)},
		{Agent: "7", Kind: kpi.ActivityBreak, Start: at(10, 0), End: at(10, 15)},
		{Agent: "7", Kind: kpi.ActivityWork, Start: at(10, 15), End: at(12, 0)},
		{Agent: "7", Kind: kpi.ActivityLunch, Start: at(12, 0), End: at(13, 0)},
		{Agent: "7", Kind: kpi.ActivityWork, Start: at(13, 0), End: at(14, 0)},
		{Agent: "7", Kind: kpi.ActivityMeeting, Start: at(14, 0), End: at(14, 30)},
		{Agent: "7", Kind: kpi.ActivityWork, Start: at(14, 30), End: at(17, 0)},
	}
	if got := shiftActivities("7", sh); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	plain := store.AgentShift{Start: at(8, 0), End: at(12, 0)}
	if got := shiftActivities("7", plain); len(got) != 1 || got[0].Kind != kpi.ActivityWork || !got[0].End.Equal(at(12, 0)) {
		t.Errorf("no breaks: %+v", got)
	}
	// In the meeting, the meeting state adheres; being available does not.
	if !kpi.ActivityMeeting.Matches(kpi.StateMeeting) || kpi.ActivityMeeting.Matches(kpi.StateAvailable) ||
		!kpi.ActivityCoaching.Matches(kpi.StateTraining) || !kpi.ActivityTraining.Matches(kpi.StateTraining) {
		t.Error("activities match the wrong states")
	}
}
