package measure_test

import (
	"testing"

	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
)

// An ACD interval row becomes the counts kpi adds: every abandon is in
// the service level's base unless the queue's formula ignores abandons;
// waiting and handling are the averages times the answered contacts.
func TestHistoryCounts(t *testing.T) {
	n := func(v int) *int { return &v }
	f := func(v float64) *float64 { return &v }
	full := store.HistoryInterval{Offered: 12, Answered: n(10), Abandoned: n(2), AnsweredInSL: n(8), ASASeconds: f(15), AHTSeconds: f(240)}
	for _, tc := range []struct {
		name    string
		row     store.HistoryInterval
		formula string
		want    kpi.QueueCounts
	}{
		{"abandons counted", full, string(kpi.SLAbandonsCounted),
			kpi.QueueCounts{Offered: 12, Answered: 10, Abandoned: 2, AnsweredInSL: 8, SLBase: 12, WaitSeconds: 150, HandleSeconds: 2400}},
		{"abandons ignored", full, string(kpi.SLAbandonsIgnored),
			kpi.QueueCounts{Offered: 12, Answered: 10, Abandoned: 2, AnsweredInSL: 8, SLBase: 10, WaitSeconds: 150, HandleSeconds: 2400}},
		{"offered only", store.HistoryInterval{Offered: 7, Abandoned: n(1)}, "", kpi.QueueCounts{Offered: 7}},
		{"no service level", store.HistoryInterval{Offered: 5, Answered: n(5)}, "", kpi.QueueCounts{Offered: 5, Answered: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := measure.HistoryCounts(tc.row, tc.formula); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
