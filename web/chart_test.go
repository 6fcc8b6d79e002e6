package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-echarts/go-echarts/v2/render"
)

// option returns the chart's echarts option as plain JSON values.
func option(t *testing.T, c Chart) map[string]any {
	t.Helper()
	c.ECharts.Validate()
	b, err := json.Marshal(c.ECharts.JSON())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// seriesValues returns the values of series i: numbers, or nil for "-".
func seriesValues(t *testing.T, opt map[string]any, i int) []any {
	t.Helper()
	series := opt["series"].([]any)
	data := series[i].(map[string]any)["data"].([]any)
	out := make([]any, len(data))
	for j, d := range data {
		v := d.(map[string]any)["value"]
		if v == "-" {
			v = nil
		}
		out[j] = v
	}
	return out
}

func readCSV(t *testing.T, tab Table) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := tab.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	b, ok := bytes.CutPrefix(buf.Bytes(), []byte("\uFEFF"))
	if !ok {
		t.Fatal("CSV does not start with a BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func day(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }

func TestServiceLevelChart(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	tr := NewTranslator(English, shanghai)
	// 00:00-01:00 UTC is 08:00-09:00 in Shanghai.
	points := []IntervalPoint{
		{Start: day(0, 0), Value: 0.9, OK: true},
		{Start: day(0, 15), Value: 0.7, OK: true},
		{Start: day(0, 30)},                          // nothing offered
		{Start: day(0, 45), Value: 0.8, OK: true},    // exactly at goal: met
		{Start: day(1, 0), Value: 0.79949, OK: true}, // shows as 79.9, missed
	}
	c := ServiceLevelChart("sl", points, 0.8, tr)
	opt := option(t, c)
	got := seriesValues(t, opt, 0)
	want := []any{90.0, 70.0, nil, 80.0, 79.9}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bar %d = %v, want %v", i, got[i], want[i])
		}
	}
	data := opt["series"].([]any)[0].(map[string]any)["data"].([]any)
	wantColor := []string{colorGood, colorBad, "", colorGood, colorBad}
	for i, d := range data {
		color := ""
		if s, ok := d.(map[string]any)["itemStyle"].(map[string]any); ok {
			color, _ = s["color"].(string)
		}
		if color != wantColor[i] {
			t.Errorf("bar %d colour %q, want %q", i, color, wantColor[i])
		}
	}
	labels := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if labels[0] != "08:00" || labels[4] != "09:00" {
		t.Errorf("labels = %v, want Shanghai wall clock", labels)
	}
	markLine := opt["series"].([]any)[0].(map[string]any)["markLine"].(map[string]any)["data"].([]any)
	if y := markLine[0].(map[string]any)["yAxis"]; y != 80.0 {
		t.Errorf("goal line at %v", y)
	}
	if c.Note != "2 of 4 intervals missed the goal of 80%." {
		t.Errorf("note = %q", c.Note)
	}
	rows := readCSV(t, c.Table)
	if strings.Join(rows[0], ",") != "interval_start,service_level,goal,met_goal" || len(rows) != 6 {
		t.Fatalf("CSV = %v", rows)
	}
	if strings.Join(rows[1], ",") != "2026-03-02T08:00:00+08:00,0.9,0.8,true" ||
		strings.Join(rows[3], ",") != "2026-03-02T08:30:00+08:00,,0.8," ||
		strings.Join(rows[5], ",") != "2026-03-02T09:00:00+08:00,0.79949,0.8,false" {
		t.Errorf("CSV rows = %v", rows[1:])
	}
	// The chart shows the CSV's numbers, as percentages to one decimal.
	for i, r := range rows[1:] {
		if r[1] == "" {
			if got[i] != nil {
				t.Errorf("row %d: CSV empty, chart %v", i, got[i])
			}
			continue
		}
		v, _ := strconv.ParseFloat(r[1], 64)
		if math.Abs(v*100-got[i].(float64)) > 0.05 {
			t.Errorf("row %d: CSV %v, chart %v", i, v, got[i])
		}
	}

	empty := ServiceLevelChart("sl", nil, 0.8, NewTranslator(Chinese, nil))
	if empty.Note != "所选范围内没有数据。" {
		t.Errorf("empty note = %q", empty.Note)
	}
}

func TestIntervalLabels(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	days := []time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}
	if got := intervalLabels(days, tr); strings.Join(got, "|") != "1 Mar|2 Mar" {
		t.Errorf("daily labels = %v", got)
	}
	mixed := []time.Time{time.Date(2026, 3, 1, 23, 45, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}
	if got := intervalLabels(mixed, tr); strings.Join(got, "|") != "1 Mar 23:45|2 Mar 00:00" {
		t.Errorf("multi-day labels = %v", got)
	}
}

// wape is a second, separate computation of WAPE for the test.
func TestForecastVsActualChart(t *testing.T) {
	points := []ForecastPoint{
		{Start: day(8, 0), Forecast: 10, Low: 8, High: 13, Actual: 12, HasActual: true},
		{Start: day(8, 30), Forecast: 20, Low: 16, High: 25, Actual: 18, HasActual: true},
		{Start: day(9, 0), Forecast: 30, Low: 25, High: 36},
	}
	// By hand: (|12-10| + |18-20|) / (12 + 18) = 4/30.
	w, ok := WAPE(points)
	if !ok || math.Abs(w-4.0/30) > 1e-15 {
		t.Errorf("WAPE = %v, %v; want 0.1333", w, ok)
	}
	if _, ok := WAPE(points[2:]); ok {
		t.Error("WAPE without actuals reported ok")
	}
	c := ForecastVsActualChart("fc", points, NewTranslator(Chinese, time.UTC))
	if c.Note != "预测误差（WAPE）：13.3%。" {
		t.Errorf("note = %q", c.Note)
	}
	opt := option(t, c)
	for i, s := range []struct {
		name string
		want []any
	}{
		{"low", []any{8.0, 16.0, 25.0}},
		{"band", []any{5.0, 9.0, 11.0}}, // high - low, stacked on low
		{"forecast", []any{10.0, 20.0, 30.0}},
		{"actual", []any{12.0, 18.0, nil}},
	} {
		t.Run(s.name, func(t *testing.T) {
			got := seriesValues(t, opt, i)
			for j := range s.want {
				if got[j] != s.want[j] {
					t.Errorf("series %d point %d = %v, want %v", i, j, got[j], s.want[j])
				}
			}
		})
	}
	rows := readCSV(t, c.Table)
	if strings.Join(rows[0], ",") != "interval_start,forecast,forecast_low,forecast_high,actual" ||
		strings.Join(rows[3], ",") != "2026-03-02T09:00:00Z,30,25,36," {
		t.Errorf("CSV = %v", rows)
	}
}

func TestRequirementVsScheduledChart(t *testing.T) {
	points := []CoveragePoint{
		{Start: day(8, 0), Required: 10, Scheduled: 12},
		{Start: day(8, 15), Required: 14.5, Scheduled: 12},
		{Start: day(8, 30), Required: math.NaN(), Scheduled: 3},
	}
	c := RequirementVsScheduledChart("cov", points, NewTranslator(English, time.UTC))
	opt := option(t, c)
	if got := seriesValues(t, opt, 2); got[0] != 0.0 || got[1] != 2.5 || got[2] != nil {
		t.Errorf("shortfall = %v", got)
	}
	if c.Note != "Under-staffed in 1 of 3 intervals." {
		t.Errorf("note = %q", c.Note)
	}
	rows := readCSV(t, c.Table)
	if strings.Join(rows[2], ",") != "2026-03-02T08:15:00Z,14.5,12,2.5" || strings.Join(rows[3], ",") != "2026-03-02T08:30:00Z,,3," {
		t.Errorf("CSV = %v", rows)
	}
}

func TestHeatMap(t *testing.T) {
	tr := NewTranslator(English, nil)
	in := HeatMapInput{
		ID: "adh", Title: "Adherence", RowName: "agent", ColumnName: "date", ValueName: "adherence",
		Rows: []string{"A01", "A02"}, Columns: []string{"Mon", "Tue", "Wed"},
		Values: [][]float64{{0.95, 0.8, math.NaN()}, {0.5, 1, 0.875}},
		Min:    0.5, Max: 1, Percent: true, HighIsGood: true,
	}
	c, err := HeatMap(in, tr)
	if err != nil {
		t.Fatal(err)
	}
	opt := option(t, c)
	got := seriesValues(t, opt, 0)
	want := [][3]float64{{0, 0, 95}, {1, 0, 80}, {0, 1, 50}, {1, 1, 100}, {2, 1, 87.5}}
	if len(got) != len(want) {
		t.Fatalf("cells = %v", got)
	}
	for i, w := range want {
		cell := got[i].([]any)
		for k := range w {
			if cell[k] != w[k] {
				t.Errorf("cell %d = %v, want %v", i, cell, w)
			}
		}
	}
	vm := opt["visualMap"].([]any)[0].(map[string]any)
	if vm["min"] != 50.0 || vm["max"] != 100.0 {
		t.Errorf("visualMap = %v", vm)
	}
	if colors := vm["inRange"].(map[string]any)["color"].([]any); colors[0] != colorBad {
		t.Errorf("high is good, but low is %v", colors[0])
	}
	rows := readCSV(t, c.Table)
	if strings.Join(rows[0], ",") != "agent,date,adherence" || strings.Join(rows[3], ",") != "A01,Wed," || len(rows) != 7 {
		t.Errorf("CSV = %v", rows)
	}

	for name, bad := range map[string]func(*HeatMapInput){
		"rows":   func(in *HeatMapInput) { in.Values = in.Values[:1] },
		"ragged": func(in *HeatMapInput) { in.Values = [][]float64{{1, 1, 1}, {1, 1}} },
		"scale":  func(in *HeatMapInput) { in.Min, in.Max = 1, 1 },
		"nan":    func(in *HeatMapInput) { in.Max = math.NaN() },
	} {
		b := in
		bad(&b)
		if _, err := HeatMap(b, tr); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestScorecardBar(t *testing.T) {
	items := []ScoreItem{{"Team A", 92, 85}, {"Team B", 71.25, 85}, {"Team C", math.NaN(), 85}}
	c := ScorecardBar("score", "Scorecards", items, NewTranslator(English, nil))
	opt := option(t, c)
	if got := seriesValues(t, opt, 0); got[0] != 92.0 || got[1] != 71.3 || got[2] != nil {
		t.Errorf("scores = %v", got)
	}
	if got := seriesValues(t, opt, 1); got[0] != 85.0 || got[2] != 85.0 {
		t.Errorf("targets = %v", got)
	}
	if cats := opt["yAxis"].([]any)[0].(map[string]any)["data"].([]any); len(cats) != 3 || cats[1] != "Team B" {
		t.Errorf("categories on y = %v", cats)
	}
	rows := readCSV(t, c.Table)
	if strings.Join(rows[1], ",") != "Team A,92,85,true" || strings.Join(rows[2], ",") != "Team B,71.25,85,false" || strings.Join(rows[3], ",") != "Team C,,85," {
		t.Errorf("CSV = %v", rows)
	}
}

func TestChartHTMLEscapesData(t *testing.T) {
	evil := `</script><script>alert(1)</script>`
	c := ScorecardBar("score", evil, []ScoreItem{{evil, 1, 2}}, NewTranslator(English, nil))
	h, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	if strings.Contains(s, "<script>alert") || strings.Count(s, "</script>") != 1 {
		t.Errorf("data broke out of the JSON script element:\n%s", s)
	}
	if !strings.Contains(s, `id="score"`) || !strings.Contains(s, `data-echarts="score__option"`) || !strings.Contains(s, `<script type="application/json" id="score__option">`) {
		t.Errorf("element or option missing:\n%s", s)
	}
	// The JSON in the script element parses back to the option.
	m := regexp.MustCompile(`(?s)<script type="application/json" id="score__option">(.*)</script>`).FindStringSubmatch(s)
	var opt map[string]any
	if m == nil || json.Unmarshal([]byte(m[1]), &opt) != nil || opt["series"] == nil {
		t.Errorf("option does not parse: %v", m)
	}
	c.ID = "bad id"
	if _, err := c.HTML(); err == nil {
		t.Error("bad id accepted")
	}
}

// outsideHost finds any reference to another host: absolute http(s) URLs
// and protocol-relative src/href values.
var outsideHost = regexp.MustCompile(`(?i)https?://|(src|href|action)\s*=\s*["']?//`)

// TestNoOutsideHosts renders each chart the way go-echarts renders a page
// on its own, and checks that it loads echarts from our binary only.
func TestNoOutsideHosts(t *testing.T) {
	tr := NewTranslator(Chinese, time.UTC)
	hm, err := HeatMap(HeatMapInput{ID: "hm", Rows: []string{"a"}, Columns: []string{"x"}, Values: [][]float64{{1}}, Max: 2}, tr)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Chart{
		ServiceLevelChart("sl", []IntervalPoint{{Start: day(8, 0), Value: 0.5, OK: true}}, 0.8, tr),
		ForecastVsActualChart("fc", []ForecastPoint{{Start: day(8, 0), Forecast: 3}}, tr),
		RequirementVsScheduledChart("cov", []CoveragePoint{{Start: day(8, 0), Required: 3, Scheduled: 2}}, tr),
		ScorecardBar("score", "x", []ScoreItem{{"a", 1, 2}}, tr),
		hm,
	} {
		var buf bytes.Buffer
		if err := c.ECharts.(render.Renderer).Render(&buf); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		if m := outsideHost.FindString(page); m != "" {
			t.Errorf("%s: page names an outside host (%q):\n%s", c.ID, m, page)
		}
		want := `<script src="` + AssetURL("vendor/echarts/echarts.min.js") + `"></script>`
		if !strings.Contains(page, want) {
			t.Errorf("%s: page lacks %s", c.ID, want)
		}
	}
}

func TestMetricChart(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	points := []IntervalPoint{
		{Start: day(8, 0), Value: 12, OK: true},
		{Start: day(8, 15), Value: 30, OK: true}, // at the target: met
		{Start: day(8, 30), Value: 30.04, OK: true},
		{Start: day(8, 45)},
	}
	c := MetricChart("asa", Metric{NameKey: "metric.asa", Column: "asa_seconds", Target: 30, LowerIsBetter: true}, points, tr)
	opt := option(t, c)
	if got := seriesValues(t, opt, 0); got[0] != 12.0 || got[2] != 30.0 || got[3] != nil {
		t.Errorf("values = %v", got)
	}
	if c.Note != "1 of 3 intervals missed the target." {
		t.Errorf("note = %q", c.Note)
	}
	rows := readCSV(t, c.Table)
	if strings.Join(rows[0], ",") != "interval_start,asa_seconds,target,met_target" ||
		strings.Join(rows[2], ",") != "2026-03-02T08:15:00Z,30,30,true" ||
		strings.Join(rows[3], ",") != "2026-03-02T08:30:00Z,30.04,30,false" ||
		strings.Join(rows[4], ",") != "2026-03-02T08:45:00Z,,30," {
		t.Errorf("CSV = %v", rows)
	}

	ab := MetricChart("ab", Metric{NameKey: "metric.abandon_rate", Column: "abandon_rate", Percent: true, Target: math.NaN()},
		[]IntervalPoint{{Start: day(8, 0), Value: 0.125, OK: true}}, tr)
	opt = option(t, ab)
	if got := seriesValues(t, opt, 0); got[0] != 12.5 {
		t.Errorf("percent value = %v", got)
	}
	if _, ok := opt["series"].([]any)[0].(map[string]any)["markLine"]; ok || ab.Note != "" {
		t.Errorf("no target, but a target line or note %q", ab.Note)
	}
	if rows := readCSV(t, ab.Table); strings.Join(rows[1], ",") != "2026-03-02T08:00:00Z,0.125,," {
		t.Errorf("CSV = %v", rows)
	}
}
