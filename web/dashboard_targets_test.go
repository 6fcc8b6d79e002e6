package web

import (
	"testing"
	"time"

	"wfm/civil"
	"wfm/measure"
	"wfm/store"
)

// TestDashboardTilesJudgeEveryTarget: each total with a target is marked
// met or missed against it (abandonment and AHT too, the queue's own or
// its channel's); counts without a target are neither.
func TestDashboardTilesJudgeEveryTarget(t *testing.T) {
	n := func(v int) *int { return &v }
	f := func(v float64) *float64 { return &v }
	rows := []store.HistoryInterval{
		{IntervalStart: day(9, 0), Offered: 20, Answered: n(17), Abandoned: n(3), AnsweredInSL: n(14), ASASeconds: f(30), AHTSeconds: f(500)},
		{IntervalStart: day(9, 15), Offered: 10, Answered: n(9), Abandoned: n(1), AnsweredInSL: n(8), ASASeconds: f(20), AHTSeconds: f(700)},
	}
	chat := store.Queue{Code: "chat", Channel: "chat", SLTarget: 0.8, SLThresholdSeconds: 60, SLFormula: store.SLAllAbandonsCounted}
	tiles := func(q store.Queue) map[string]Tile {
		var data DashboardData
		buildDashboard(&data, q, rows, NewTranslator(English, time.UTC))
		out := map[string]Tile{}
		for _, tile := range data.Totals {
			out[tile.Label] = tile
		}
		return out
	}
	// By hand: SL (14 + 8) / (26 + 4) = 73.3% < 80%; ASA (30x17 + 20x9) / 26
	// = 26.5 s, no target; abandonment 4 / 30 = 13.3% > chat's 10%; AHT
	// (500x17 + 700x9) / 26 = 569.2 s <= chat's 600 s.
	got := tiles(chat)
	for label, want := range map[string]struct {
		value, target  string
		judged, missed bool
	}{
		"Offered":                 {"30", "", false, false},
		"Answered":                {"26", "", false, false},
		"Service level":           {"73.3%", "Target: at least 80.0%", true, true},
		"Average speed of answer": {"27s", "", false, false},
		"Abandonment":             {"13.3%", "Target: at most 10.0%", true, true},
		"Average handle time":     {"9m 29s", "Target: at most 10m 00s", true, false},
	} {
		tile := got[label]
		if tile.Value != want.value || tile.Target != want.target || tile.Judged() != want.judged || tile.Missed != want.missed {
			t.Errorf("%s: %+v (judged %v), want %+v", label, tile, tile.Judged(), want)
		}
	}
	// The queue's own targets win over the channel's.
	aht, abandon, asa := 540, 0.15, 25
	chat.AHTTargetSeconds, chat.AbandonTarget, chat.ASATargetSeconds = &aht, &abandon, &asa
	got = tiles(chat)
	if tile := got["Average handle time"]; !tile.Missed || tile.Target != "Target: at most 9m 00s" {
		t.Errorf("AHT against 540 s: %+v", tile)
	}
	if tile := got["Abandonment"]; tile.Missed || tile.Target != "Target: at most 15.0%" {
		t.Errorf("abandonment against 15%%: %+v", tile)
	}
	if tile := got["Average speed of answer"]; !tile.Missed || !tile.Judged() {
		t.Errorf("ASA against 25 s: %+v", tile)
	}
}

// TestMyKPIsJudgeAHTByHerQueues: on My KPIs, each day's AHT is judged
// against the agent's own target that day (her queues' targets weighted
// by her contacts), drawn as a stepped line, not the scorecard's one
// number.
func TestMyKPIsJudgeAHTByHerQueues(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	days := []measure.AgentDayKPI{
		{Day: civil.MustParse("2026-03-02"), AgentMeasures: measure.AgentMeasures{Handled: 40, AHTSeconds: f(500)}}, // chats: 600 s
		{Day: civil.MustParse("2026-03-03"), AgentMeasures: measure.AgentMeasures{Handled: 0}},
		{Day: civil.MustParse("2026-03-04"), AgentMeasures: measure.AgentMeasures{Handled: 35, AHTSeconds: f(330)}}, // calls: 300 s
	}
	own := map[string]float64{"2026-03-02": 600, "2026-03-04": 300}
	views := agentKPICharts(days, map[string]float64{"aht_seconds": 300}, own, time.UTC, NewTranslator(English, nil))
	var aht Chart
	for _, v := range views {
		if v.Chart.ID == "kpi_aht" {
			aht = v.Chart
		}
	}
	if aht.Note != "1 of 2 days missed the target." {
		t.Errorf("note %q: 500 s meets 600 s, 330 s misses 300 s", aht.Note)
	}
	opt := option(t, aht)
	var line []any
	for i, s := range list(opt["series"]) {
		if s["name"] == "Target" {
			line = seriesValues(t, opt, i)
		}
	}
	if len(line) != 3 || line[0] != 600.0 || line[1] != nil || line[2] != 300.0 {
		t.Errorf("target line %v, want 600, -, 300", line)
	}
	rows := readCSV(t, aht.Table)
	if rows[1][2] != "600" || rows[1][3] != "true" || rows[3][2] != "300" || rows[3][3] != "false" {
		t.Errorf("CSV %v", rows)
	}
}
