package kpi

import (
	"testing"
	"time"
)

func TestStatesFromEvents(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 12, 7, h, m, 0, 0, time.UTC) }
	type span struct {
		state      State
		start, end time.Time
	}
	cases := []struct {
		name   string
		events []StateEvent
		want   []span
	}{
		{"none", nil, nil},
		{"one state, still going on: open", []StateEvent{{at(9, 0), StateAvailable}},
			[]span{{StateAvailable, at(9, 0), at(9, 0)}}},
		{"each state lasts until the next",
			[]StateEvent{{at(9, 0), StateAvailable}, {at(9, 5), StateContact}, {at(9, 12), StateACW}},
			[]span{{StateAvailable, at(9, 0), at(9, 5)}, {StateContact, at(9, 5), at(9, 12)}, {StateACW, at(9, 12), at(9, 12)}}},
		{"a late event is placed where it belongs",
			[]StateEvent{{at(9, 0), StateAvailable}, {at(10, 0), StateBreak}, {at(9, 30), StateContact}},
			[]span{{StateAvailable, at(9, 0), at(9, 30)}, {StateContact, at(9, 30), at(10, 0)}, {StateBreak, at(10, 0), at(10, 0)}}},
		{"the same instant twice: the later report wins",
			[]StateEvent{{at(9, 0), StateAvailable}, {at(9, 0), StateLunch}, {at(10, 0), StateAvailable}},
			[]span{{StateLunch, at(9, 0), at(10, 0)}, {StateAvailable, at(10, 0), at(10, 0)}}},
		{"a silence longer than the longest state is cut",
			[]StateEvent{{at(9, 0), StateAvailable}, {at(9, 0).Add(30 * time.Hour), StateOffline}},
			[]span{{StateAvailable, at(9, 0), at(9, 0).Add(24 * time.Hour)}, {StateOffline, at(9, 0).Add(30 * time.Hour), at(9, 0).Add(30 * time.Hour)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := StatesFromEvents("A", tc.events, 24*time.Hour)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d spans %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Agent != "A" || g.State != w.state || !g.Start.Equal(w.start) || !g.End.Equal(w.end) {
					t.Errorf("span %d: %s %s-%s, want %s %s-%s", i, g.State, g.Start.Format("15:04"), g.End.Format("15:04"), w.state, w.start.Format("15:04"), w.end.Format("15:04"))
				}
			}
		})
	}
}
