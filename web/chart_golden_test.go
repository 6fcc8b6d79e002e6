package web

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// update rewrites the golden files from what the code produces now:
//
//	go test ./web -run Golden -update
//
// then read the diff: it is the change the readers of the charts will see.
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenChart compares a chart (its echarts option, note and CSV table)
// with testdata/charts/name.golden, or rewrites it under -update.
func goldenChart(t *testing.T, name string, c Chart) {
	t.Helper()
	c.ECharts.Validate()
	var got bytes.Buffer
	got.WriteString("note: " + c.Note + "\n\ntable:\n")
	if err := c.Table.WriteCSV(&got); err != nil {
		t.Fatal(err)
	}
	opt, err := json.MarshalIndent(c.ECharts.JSON(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got.WriteString("\noption:\n")
	got.Write(opt)
	got.WriteString("\n")
	path := filepath.Join("testdata", "charts", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s differs from what the code produces; if the change is meant, run `go test ./web -run Golden -update` and review the diff", path)
	}
}

// The charts' whole options, as the browser gets them: the table tests
// above check the numbers a reader relies on, these catch any other
// change (a colour, an axis, the legend) in review as a diff.
func TestGoldenCharts(t *testing.T) {
	en := NewTranslator(English, time.UTC)
	zh := NewTranslator(Chinese, time.UTC)
	intervals := []IntervalPoint{
		{Start: day(8, 0), Value: 12, OK: true, Base: 40},
		{Start: day(8, 15), Value: 30, OK: true, Base: 3}, // too few contacts
		{Start: day(8, 30), Value: 31, OK: true, Base: 25},
		{Start: day(8, 45)},
	}
	days := []IntervalPoint{
		{Start: day(0, 0), Value: 300, OK: true, Base: 50, Target: 280, HasTarget: true},
		{Start: day(0, 0).AddDate(0, 0, 1), Value: 260, OK: true, Base: 60, Target: 300, HasTarget: true},
		{Start: day(0, 0).AddDate(0, 0, 2), Value: 290, OK: true, Base: 4},
	}
	for _, tc := range []struct {
		name  string
		chart func() (Chart, error)
	}{
		{"metric_target", func() (Chart, error) {
			return MetricChart("asa", Metric{NameKey: "metric.asa", Column: "asa_seconds", Unit: UnitSeconds, Target: 30, LowerIsBetter: true}, intervals, en), nil
		}},
		{"metric_no_target", func() (Chart, error) {
			return MetricChart("offered", Metric{NameKey: "metric.offered", Column: "offered", Unit: UnitContacts, Target: math.NaN()}, intervals, zh), nil
		}},
		{"metric_day_targets", func() (Chart, error) {
			return MetricChart("kpi_aht", Metric{NameKey: "kpi.aht_seconds", Column: "aht_seconds", Unit: UnitSeconds, Target: 290, LowerIsBetter: true}, days, en), nil
		}},
		{"service_level", func() (Chart, error) {
			return ServiceLevelChart("sl", []IntervalPoint{{Start: day(8, 0), Value: 0.9, OK: true, Base: 30}, {Start: day(8, 15), Value: 0.7, OK: true, Base: 2},
				{Start: day(8, 30)}, {Start: day(8, 45), Value: 0.79949, OK: true, Base: 20}}, 0.8, en), nil
		}},
		{"forecast_vs_actual", func() (Chart, error) {
			return ForecastVsActualChart("fc", []ForecastPoint{{Start: day(8, 0), Forecast: 10, Low: 8, High: 13, Actual: 12, HasActual: true},
				{Start: day(8, 30), Forecast: 20, Low: 16, High: 25, Actual: 18, HasActual: true}, {Start: day(9, 0), Forecast: 30, Low: 25, High: 36}}, zh), nil
		}},
		{"requirement_vs_scheduled", func() (Chart, error) {
			return RequirementVsScheduledChart("cov", []CoveragePoint{{Start: day(8, 0), Required: 10, Scheduled: 12},
				{Start: day(8, 15), Required: 14.5, Scheduled: 12}, {Start: day(8, 30), Required: math.NaN(), Scheduled: 3}}, en), nil
		}},
		{"heat_map", func() (Chart, error) {
			return HeatMap(HeatMapInput{ID: "adh", Title: "Adherence", Note: "a note", RowName: "agent", ColumnName: "date", ValueName: "adherence",
				Rows: []string{"A01", "A02"}, Columns: []string{"Mon", "Tue", "Wed"}, Values: [][]float64{{0.95, 0.8, math.NaN()}, {0.5, 1, 0.875}},
				Min: 0.5, Max: 1, Percent: true, HighIsGood: true, Blank: "no shift"}, en)
		}},
		{"heat_map_points", func() (Chart, error) {
			return HeatMap(HeatMapInput{ID: "strain", Title: "Strain", RowName: "agent", ColumnName: "day", ValueName: "strain_index",
				Rows: []string{"A01"}, Columns: []string{"Mon", "Tue"}, Values: [][]float64{{20, 85}}, Min: 0, Max: 100, Unit: UnitPoints}, zh)
		}},
		{"scorecard_bar", func() (Chart, error) {
			return ScorecardBar("score", "Scorecards", []ScoreItem{{"Team A", 92, 85}, {"Team B", 71.25, 85}, {"Team C", math.NaN(), 85}}, en), nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.chart()
			if err != nil {
				t.Fatal(err)
			}
			goldenChart(t, tc.name, c)
		})
	}
}
