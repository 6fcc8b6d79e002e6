package web

import (
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
)

func TestForecastPoints(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2026, 3, 2, 9, m, 0, 0, time.UTC) }
	over := 12.0
	forecast := []store.ForecastInterval{
		{IntervalStart: at(0), Volume: 10, VolumeLow: 8, VolumeHigh: 12},
		{IntervalStart: at(15), Volume: 20, VolumeLow: 15, VolumeHigh: 25, OverrideVolume: &over}, // the planner's number counts
		{IntervalStart: at(30), Volume: 5},                                                        // no row, before the last: closed, actual 0
		{IntervalStart: at(45), Volume: 7},                                                        // the last row
		{IntervalStart: at(60), Volume: 9},                                                        // after the last row: not reported yet
	}
	rows := []store.HistoryInterval{{IntervalStart: at(0), Offered: 11}, {IntervalStart: at(15), Offered: 13}, {IntervalStart: at(45), Offered: 6}}
	got := forecastPoints(forecast, rows)
	want := []ForecastPoint{
		{Start: at(0), Forecast: 10, Low: 8, High: 12, Actual: 11, HasActual: true},
		{Start: at(15), Forecast: 12, Low: 15, High: 25, Actual: 13, HasActual: true},
		{Start: at(30), Forecast: 5, Actual: 0, HasActual: true},
		{Start: at(45), Forecast: 7, Actual: 6, HasActual: true},
		{Start: at(60), Forecast: 9},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("point %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := forecastPoints(forecast[:1], nil); got[0].HasActual {
		t.Error("an actual without any history")
	}
}

func TestAdherenceHeatMap(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	agents := []store.Agent{{Record: store.Record{ID: 1}, Name: "Ana", TeamID: 10}, {Record: store.Record{ID: 2}, Name: "Bo", TeamID: 20}, {Record: store.Record{ID: 3}, Name: "Cy", TeamID: 10}}
	from, to := kpiDate(t, "2026-03-02"), kpiDate(t, "2026-03-04")
	days := []measure.AgentDayKPI{
		{AgentID: 1, Day: civil.MustParse("2026-03-02"), AgentMeasures: measure.AgentMeasures{Adherence: f(0.9)}},
		{AgentID: 1, Day: civil.MustParse("2026-03-04"), AgentMeasures: measure.AgentMeasures{Adherence: f(0.8)}},
		{AgentID: 2, Day: civil.MustParse("2026-03-02"), AgentMeasures: measure.AgentMeasures{Adherence: f(0.99)}}, // another site
		{AgentID: 3, Day: civil.MustParse("2026-03-03")},                                                           // no adherence measured
	}
	hm, ok, err := adherenceHeatMap(agents, map[int64]bool{10: true}, days, from, to, NewTranslator(English, time.UTC))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	rows := readCSV(t, hm.Table)
	want := []string{"agent,day,adherence", "Ana,2 Mar,0.9", "Ana,3 Mar,", "Ana,4 Mar,0.8", "Cy,2 Mar,", "Cy,3 Mar,", "Cy,4 Mar,"}
	if len(rows) != len(want) {
		t.Fatalf("CSV = %v", rows)
	}
	for i, w := range want {
		if got := strings.Join(rows[i], ","); got != w {
			t.Errorf("row %d = %s, want %s", i, got, w)
		}
	}
	if _, ok, _ := adherenceHeatMap(agents, map[int64]bool{10: true}, days[3:], from, to, NewTranslator(English, time.UTC)); ok {
		t.Error("a heat map without any measured day")
	}
}

func kpiDate(t *testing.T, s string) kpi.Date {
	d, err := kpi.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTeamScores(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	teams := []store.Team{{Record: store.Record{ID: 1}, Name: "A", SiteID: 7}, {Record: store.Record{ID: 2}, Name: "B", SiteID: 7}, {Record: store.Record{ID: 3}, Name: "C", SiteID: 8}}
	teamOf := map[int64]int64{10: 1, 11: 1, 12: 2, 13: 3}
	reviews := []store.Review{
		{AgentID: 10, Cycle: "2026-02", Draft: store.ReviewDraft{Score: f(90)}},
		{AgentID: 11, Cycle: "2026-02", Draft: store.ReviewDraft{Score: f(70)}},
		{AgentID: 11, Cycle: "2026-01", Draft: store.ReviewDraft{Score: f(10)}}, // another cycle
		{AgentID: 12, Cycle: "2026-02"},                                         // no score: no team B bar
		{AgentID: 13, Cycle: "2026-02", Draft: store.ReviewDraft{Score: f(50)}}, // another site
	}
	got := teamScores(teams, 7, teamOf, reviews, "2026-02")
	if len(got) != 1 || got[0] != (ScoreItem{Label: "A", Score: 80, Target: scorecardPassMark}) {
		t.Errorf("team scores = %+v", got)
	}
}
