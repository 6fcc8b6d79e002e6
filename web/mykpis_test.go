package web

import (
	"testing"
	"time"

	"wfm/civil"
	"wfm/measure"
)

func TestAgentKPICharts(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	days := []measure.AgentDayKPI{
		{Day: civil.MustParse("2026-03-02"), AgentMeasures: measure.AgentMeasures{Handled: 40, AHTSeconds: f(280), Adherence: f(0.97), Occupancy: f(0.8)}},
		{Day: civil.MustParse("2026-03-03"), AgentMeasures: measure.AgentMeasures{Handled: 0}}, // a day without contacts: no ratios
		{Day: civil.MustParse("2026-03-04"), AgentMeasures: measure.AgentMeasures{Handled: 35, AHTSeconds: f(330), Adherence: f(0.9), Occupancy: f(0.86)}},
	}
	views := agentKPICharts(days, map[string]float64{"aht_seconds": 300, "adherence": 0.95}, nil, time.UTC, NewTranslator(English, nil))
	byID := map[string]Chart{}
	for _, v := range views {
		byID[v.Chart.ID] = v.Chart
	}
	if len(views) != 6 {
		t.Fatalf("%d charts", len(views))
	}
	aht := option(t, byID["kpi_aht"])
	if got := seriesValues(t, aht, 0); got[0] != 280.0 || got[1] != nil || got[2] != 330.0 {
		t.Errorf("AHT = %v", got)
	}
	if byID["kpi_aht"].Note != "1 of 2 days missed the target." {
		t.Errorf("AHT note %q (330 s is over the 300 s target)", byID["kpi_aht"].Note)
	}
	if got := seriesValues(t, option(t, byID["kpi_adherence"]), 0); got[0] != 97.0 || got[2] != 90.0 {
		t.Errorf("adherence = %v", got)
	}
	if byID["kpi_occupancy"].Note != "" {
		t.Errorf("occupancy has no target, but a note %q", byID["kpi_occupancy"].Note)
	}
	rows := readCSV(t, byID["kpi_handled"].Table)
	if rows[2][1] != "0" || rows[1][0] != "2026-03-02T00:00:00Z" {
		t.Errorf("handled CSV = %v", rows)
	}
}
