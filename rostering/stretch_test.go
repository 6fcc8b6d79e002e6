package rostering

import (
	"strings"
	"testing"

	"wfm/fault"
	"wfm/schedule"
	"wfm/store"
)

// A stretch moves one side of an 8-hour shift starting at 08:00 by whole
// 15-minute intervals, leaves at least one interval and keeps the shift
// in its day.
func TestShiftChangeResize(t *testing.T) {
	for _, c := range []struct {
		name        string
		s           Stretch
		start, dur  int    // minutes, when resized
		field, says string // the field at fault and a part of its message
	}{
		{"an hour more at the end", Stretch{Side: store.OfferEnd, Minutes: 60}, 480, 540, "", ""},
		{"an hour earlier", Stretch{Side: store.OfferStart, Minutes: 60}, 420, 540, "", ""},
		{"an hour less at the start", Stretch{Side: store.OfferStart, Minutes: -60}, 540, 420, "", ""},
		{"off the grid", Stretch{Side: store.OfferEnd, Minutes: 20}, 0, 0, "minutes", "20 minutes is not a whole number of the roster's 15-minute intervals"},
		{"no change", Stretch{Side: store.OfferEnd}, 0, 0, "minutes", "0 minutes"},
		{"another side", Stretch{Side: "middle", Minutes: 15}, 0, 0, "side", `"middle" is not end or start`},
		{"nothing left", Stretch{Side: store.OfferEnd, Minutes: -480}, 0, 0, "minutes", "the shift of 480 minutes cannot be 480 minutes shorter"},
		{"into the day before", Stretch{Side: store.OfferStart, Minutes: 540}, 0, 0, "minutes", "the shift would start on another day"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := &shiftChange{v: &store.ScheduleVersion{}, agent: "A1", old: &schedule.Assignment{Agent: "A1", Shift: "E"},
				tmpl: &schedule.Shift{ID: "E", Start: "08:00", DurationMinutes: 480}, grid: 15}
			err := sc.resize(c.s)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if sc.newStart != c.start || sc.newDur != c.dur {
					t.Fatalf("start %d, %d minutes; want %d, %d", sc.newStart, sc.newDur, c.start, c.dur)
				}
				return
			}
			fe, ok := err.(*fault.Error)
			if !ok || fe.Code != fault.Invalid || !strings.Contains(fe.Fields[c.field], c.says) {
				t.Fatalf("err = %#v, want invalid %s saying %q", err, c.field, c.says)
			}
		})
	}
}
