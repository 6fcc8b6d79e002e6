package web

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/store"
)

// conventionCharts is one chart of every builder, each with a target where
// it takes one, on data that tests the conventions: targets above the
// data, bars coloured one by one, blank heat-map cells.
func conventionCharts(t *testing.T, tr Translator) map[string]Chart {
	t.Helper()
	var sl, asa, csat, aht []IntervalPoint
	var fc []ForecastPoint
	var cov []CoveragePoint
	for i := 0; i < 8; i++ {
		at := day(8, 0).Add(time.Duration(i) * 15 * time.Minute)
		sl = append(sl, IntervalPoint{Start: at, Value: 0.6 + 0.05*float64(i), OK: true, Base: 20 - 17*(i%4/3)}) // every 4th on 3 contacts
		asa = append(asa, IntervalPoint{Start: at, Value: 4 + float64(i%3), OK: true, Base: 20})                 // all under a 10 s target
		csat = append(csat, IntervalPoint{Start: at, Value: 0.7 + 0.01*float64(i), OK: true, Base: 20})          // all under a 90% target
		aht = append(aht, IntervalPoint{Start: at, Value: 280, OK: true, Base: 30, Target: 300 + 60*float64(i%2), HasTarget: true})
		fc = append(fc, ForecastPoint{Start: at, Forecast: 10, Low: 8, High: 12, Actual: 11, HasActual: true})
		cov = append(cov, CoveragePoint{Start: at, Required: 5, Scheduled: 4})
	}
	adherence, err := HeatMap(HeatMapInput{ID: "adherence", Title: "Adherence", Rows: []string{"A", "B"}, Columns: []string{"Mon", "Tue"},
		Values: [][]float64{{0.9, math.NaN()}, {0.7, 0.95}}, Min: 0.5, Max: 1, Percent: true, HighIsGood: true, Blank: "not scheduled"}, tr)
	if err != nil {
		t.Fatal(err)
	}
	strain, err := HeatMap(HeatMapInput{ID: "strain", Title: "Strain", Rows: []string{"A"}, Columns: []string{"Mon", "Tue"},
		Values: [][]float64{{40, 75}}, Min: 0, Max: 100, Unit: UnitPoints}, tr)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Chart{
		"sl":         ServiceLevelChart("sl", sl, 0.8, tr),
		"asa":        MetricChart("asa", Metric{NameKey: "metric.asa", Column: "asa_seconds", Unit: UnitSeconds, Target: 10, LowerIsBetter: true}, asa, tr),
		"asa_plain":  MetricChart("asa_plain", Metric{NameKey: "metric.asa", Column: "asa_seconds", Unit: UnitSeconds, Target: math.NaN()}, sl, tr),
		"csat":       MetricChart("csat", Metric{NameKey: "kpi.csat", Column: "csat", Percent: true, Target: 0.9}, csat, tr),
		"aht":        MetricChart("aht", Metric{NameKey: "kpi.aht_seconds", Column: "aht_seconds", Unit: UnitSeconds, Target: 300, LowerIsBetter: true}, aht, tr),
		"forecast":   ForecastVsActualChart("forecast", fc, tr),
		"coverage":   RequirementVsScheduledChart("coverage", cov, tr),
		"adherence":  adherence,
		"strain":     strain,
		"scorecards": ScorecardBar("scorecards", "Teams", []ScoreItem{{"Tech A", 48, 80}, {"Tech B", 61.8, 80}}, tr),
		"objective":  ObjectiveChart("objective", []ProgressPoint{{Seconds: 1, Objective: 900}, {Seconds: 5, Objective: 400}}, tr),
	}
}

// valueAxisOf is the axis that carries a chart's values.
func valueAxisOf(opt map[string]any) map[string]any {
	for _, key := range []string{"yAxis", "xAxis"} {
		for _, ax := range list(opt[key]) {
			if ax["type"] == "value" {
				return ax
			}
		}
	}
	return nil
}

// Units: every value axis is named by its unit (percent axes also mark
// their labels), and every tooltip gives values with the unit.
func TestChartConventionUnits(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	for name, c := range conventionCharts(t, tr) {
		opt := option(t, c)
		format, _ := objectAt(opt, "tooltip")["valueFormat"].(string)
		if !strings.Contains(format, "{value}") {
			t.Errorf("%s: tooltip value format %q", name, format)
		}
		if name == "adherence" || name == "strain" {
			continue
		}
		ax := valueAxisOf(opt)
		if n, _ := ax["name"].(string); n == "" {
			t.Errorf("%s: value axis without a unit: %v", name, ax)
		}
		if grid := list(opt["grid"])[0]; ax["nameLocation"] == "end" && px(grid["top"]) < 32 {
			t.Errorf("%s: no room above the axis for its unit: grid top %v", name, grid["top"])
		}
	}
	opt := option(t, conventionCharts(t, tr)["asa"])
	if ax := valueAxisOf(opt); ax["name"] != "Seconds" || objectAt(opt, "tooltip")["valueFormat"] != "{value} s" {
		t.Errorf("ASA axis %v, tooltip %v", ax, opt["tooltip"])
	}
	if f := objectAt(list(opt["series"])[0], "markLine", "label")["formatter"]; f != "{b}: {c} s" {
		t.Errorf("ASA target label %v, want {b}: {c} s", f)
	}
	zh := option(t, conventionCharts(t, NewTranslator(Chinese, time.UTC))["csat"])
	if f := objectAt(valueAxisOf(zh), "axisLabel")["formatter"]; f != "{value}%" {
		t.Errorf("percent axis labels %v", f)
	}
	if f := objectAt(list(zh["series"])[0], "markLine", "label")["formatter"]; f != "{b}：{c}%" {
		t.Errorf("percent target label %v", f)
	}
	if f := list(option(t, conventionCharts(t, tr)["strain"])["visualMap"])[0]["formatter"]; f != "{value} points" {
		t.Errorf("strain scale %v", f)
	}
}

// targetsOf are the targets a chart draws: target lines and target marks.
func targetsOf(opt map[string]any) []float64 {
	var out []float64
	for _, s := range list(opt["series"]) {
		if ml := objectAt(s, "markLine"); ml != nil {
			for _, d := range list(ml["data"]) {
				if v, ok := d["yAxis"].(float64); ok {
					out = append(out, v)
				}
			}
		}
		if name, _ := s["name"].(string); name == "Target" || name == "目标" {
			for _, d := range s["data"].([]any) {
				if v, ok := number(d); ok {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// Targets inside the axis: the value axis reaches above every target (as
// echarts scales it to the data alone when it has no max).
func TestChartConventionTargetsInsideAxis(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	for _, name := range []string{"sl", "asa", "csat", "aht", "scorecards"} {
		opt := option(t, conventionCharts(t, tr)[name])
		targets := targetsOf(opt)
		if len(targets) == 0 {
			t.Fatalf("%s: no target drawn", name)
		}
		ax := valueAxisOf(opt)
		top, ok := ax["max"].(float64)
		if !ok {
			top = seriesMax(opt) // what echarts scales to
		}
		for _, v := range targets {
			if !(v < top) {
				t.Errorf("%s: target %v at or outside the axis, which ends at %v", name, v, top)
			}
		}
		if lo, ok := ax["min"].(float64); ok {
			for _, v := range targets {
				if v < lo {
					t.Errorf("%s: target %v below the axis from %v", name, v, lo)
				}
			}
		}
	}
	// 90% over data reaching 77%: the axis is the whole 0-100%.
	if top := valueAxisOf(option(t, conventionCharts(t, tr)["csat"]))["max"]; top != 100.0 {
		t.Errorf("CSAT axis ends at %v, want 100", top)
	}
	// 10 s over data reaching 6 s: room above the target, on a round number.
	if top := valueAxisOf(option(t, conventionCharts(t, tr)["asa"]))["max"]; top != 12.0 {
		t.Errorf("ASA axis ends at %v, want 12", top)
	}
}

// seriesColor is the one colour a series is drawn (and shown in its
// legend entry) in.
func seriesColor(s map[string]any) string {
	if c, ok := objectAt(s, "itemStyle")["color"].(string); ok {
		return c
	}
	c, _ := objectAt(s, "lineStyle")["color"].(string)
	return c
}

// Legends match: a legend entry's series has one colour, which all its
// items have; every colour a bar is given on its own is the colour of a
// legend entry (the colour key).
func TestChartConventionLegendColours(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	for name, c := range conventionCharts(t, tr) {
		opt := option(t, c)
		legend := objectAt(opt, "legend")
		if legend == nil || legend["show"] == false {
			continue
		}
		shown := map[string]bool{}
		if names, ok := legend["data"].([]any); ok {
			for _, n := range names {
				shown[n.(string)] = true
			}
		} else {
			for _, s := range list(opt["series"]) {
				shown[s["name"].(string)] = true
			}
		}
		legendColors := map[string]bool{}
		for _, s := range list(opt["series"]) {
			if shown[s["name"].(string)] {
				legendColors[seriesColor(s)] = true
			}
		}
		for _, s := range list(opt["series"]) {
			own := seriesColor(s)
			data, _ := s["data"].([]any)
			for _, d := range data {
				item, _ := d.(map[string]any)
				color, ok := objectAt(item, "itemStyle")["color"].(string)
				if !ok {
					continue
				}
				if shown[s["name"].(string)] && color != own {
					t.Errorf("%s: legend entry %q is %s, but an item of it is %s", name, s["name"], own, color)
				}
				if !legendColors[color] {
					t.Errorf("%s: series %q has items coloured %s, a colour the legend does not explain", name, s["name"], color)
				}
			}
		}
	}
	for _, name := range []string{"sl", "asa", "scorecards"} {
		if l := objectAt(option(t, conventionCharts(t, tr)[name]), "legend"); l == nil || l["show"] != true {
			t.Errorf("%s: coloured bars without a colour key", name)
		}
	}
}

// Heat maps: no series legend over the colour scale, which sits below the
// axis labels with room kept for it.
func TestChartConventionHeatMapLegend(t *testing.T) {
	tr := NewTranslator(Chinese, time.UTC)
	for _, name := range []string{"adherence", "strain"} {
		opt := option(t, conventionCharts(t, tr)[name])
		if l := objectAt(opt, "legend"); l == nil || l["show"] != false {
			t.Errorf("%s: legend %v, want none", name, opt["legend"])
		}
		vm := list(opt["visualMap"])[0]
		grid := list(opt["grid"])[0]
		if vm["bottom"] != 0.0 || grid["bottom"] != 72.0 {
			t.Errorf("%s: scale at bottom %v, grid bottom %v", name, vm["bottom"], grid["bottom"])
		}
	}
}

// The first and last labels of a time axis are not cut at the chart's
// edges: the grid keeps half of the widest label of room on both sides.
func TestChartConventionFirstLabel(t *testing.T) {
	for _, tr := range []Translator{NewTranslator(English, time.UTC), NewTranslator(Chinese, time.UTC)} {
		points := []IntervalPoint{{Start: day(8, 0), Value: 0.5, OK: true}, {Start: day(8, 0).AddDate(0, 0, 1), Value: 0.6, OK: true},
			{Start: day(9, 15).AddDate(0, 0, 1), Value: 0.7, OK: true}}
		charts := conventionCharts(t, tr)
		charts["days"] = ServiceLevelChart("days", points, 0.8, tr)
		for name, c := range charts {
			opt := option(t, c)
			for _, ax := range list(opt["xAxis"]) {
				if typ, _ := ax["type"].(string); typ == "value" || name == "adherence" || name == "strain" {
					continue
				}
				widest := 0
				for _, l := range ax["data"].([]any) {
					widest = max(widest, labelWidth(l.(string)))
				}
				grid := list(opt["grid"])[0]
				if px(grid["left"]) < widest/2 || px(grid["right"]) < widest/2 {
					t.Errorf("%s (%s): labels %d px wide, grid %v..%v", name, tr.Locale(), widest, grid["left"], grid["right"])
				}
			}
		}
	}
	// "2 Mar 08:00" is 11 characters: about 77 px, 43 of room.
	tr := NewTranslator(English, time.UTC)
	points := []IntervalPoint{{Start: day(8, 0), Value: 0.5, OK: true}, {Start: day(8, 0).AddDate(0, 0, 1), Value: 0.6, OK: true}}
	if g := list(option(t, ServiceLevelChart("sl", points, 0.8, tr))["grid"])[0]; g["left"] != 42.0 {
		t.Errorf("grid left %v, want 42 (half of 77 px, and 4)", g["left"])
	}
}

// Blank heat-map cells are explained in the note; a full grid says
// nothing of blanks.
func TestChartConventionBlankCells(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	charts := conventionCharts(t, tr)
	if n := charts["adherence"].Note; !strings.Contains(n, "Blank cells: not scheduled.") {
		t.Errorf("adherence note %q", n)
	}
	if n := charts["strain"].Note; strings.Contains(n, "Blank") {
		t.Errorf("a full grid's note %q", n)
	}
	zh := conventionCharts(t, NewTranslator(Chinese, time.UTC))
	if n := zh["adherence"].Note; !strings.Contains(n, "空白格") {
		t.Errorf("zh note %q", n)
	}
}

// Small denominators: a rate on fewer than minContacts contacts is drawn
// grey and not judged (no red 100% abandonment from one call of one), the
// colour key and the note say so, the CSV keeps it; a count not known is
// judged.
func TestChartConventionSmallDenominators(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	points := []IntervalPoint{
		{Start: day(8, 0), Value: 0.04, OK: true, Base: 50},
		{Start: day(8, 15), Value: 1, OK: true, Base: 1},   // one call, abandoned
		{Start: day(8, 30), Value: 0.5, OK: true, Base: 9}, // one short of the bar
		{Start: day(8, 45), Value: 0.1, OK: true, Base: 10},
		{Start: day(9, 0), Value: 0.2, OK: true}, // base not known: judged
	}
	c := MetricChart("ab", Metric{NameKey: "metric.abandon_rate", Column: "abandon_rate", Percent: true, Target: 0.05, LowerIsBetter: true}, points, tr)
	opt := option(t, c)
	if got := seriesValues(t, opt, 0); got[1] != 100.0 || got[2] != 50.0 {
		t.Errorf("values = %v", got)
	}
	data := list(opt["series"])[0]["data"].([]any)
	want := []string{colorGood, colorFew, colorFew, colorBad, colorBad}
	for i, w := range want {
		if got := objectAt(data[i].(map[string]any), "itemStyle")["color"]; got != w {
			t.Errorf("bar %d colour %v, want %v", i, got, w)
		}
	}
	if c.Note != "2 of 3 intervals missed the target. Grey: 2 intervals with fewer than 10 contacts, too few to judge (with so few, one contact moves the value by more than a tenth)." {
		t.Errorf("note %q", c.Note)
	}
	if names := objectAt(opt, "legend")["data"].([]any); len(names) != 3 || names[2] != "Fewer than 10 contacts (not judged)" {
		t.Errorf("colour key %v", names)
	}
	if rows := readCSV(t, c.Table); strings.Join(rows[2], ",") != "2026-03-02T08:15:00Z,1,0.05,false" {
		t.Errorf("CSV keeps the interval: %v", rows[2])
	}
	// Without a target, the key tells the grey bars from the others.
	asa := MetricChart("asa", Metric{NameKey: "metric.asa", Column: "asa_seconds", Unit: UnitSeconds, Target: math.NaN()}, points, tr)
	if names := objectAt(option(t, asa), "legend")["data"].([]any); len(names) != 2 || names[0] != "10 contacts or more" {
		t.Errorf("ASA colour key %v", names)
	}
	sl := ServiceLevelChart("sl", points[1:3], 0.8, tr)
	if !strings.HasPrefix(sl.Note, "Grey: 2 intervals") {
		t.Errorf("only small intervals: note %q", sl.Note)
	}
}

// Every builder explains an empty chart in its note.
func TestChartsSayWhyEmpty(t *testing.T) {
	for _, tr := range []Translator{NewTranslator(English, time.UTC), NewTranslator(Chinese, time.UTC)} {
		empty, err := HeatMap(HeatMapInput{ID: "hm", Title: "x", Rows: []string{"A"}, Columns: []string{"Mon"}, Values: [][]float64{{math.NaN()}}, Min: 0, Max: 1}, tr)
		if err != nil {
			t.Fatal(err)
		}
		charts := map[string]Chart{
			"sl":         ServiceLevelChart("sl", nil, 0.8, tr),
			"metric":     MetricChart("m", Metric{NameKey: "metric.asa", Unit: UnitSeconds, Target: 10}, nil, tr),
			"forecast":   ForecastVsActualChart("fc", nil, tr),
			"coverage":   RequirementVsScheduledChart("cov", nil, tr),
			"heat map":   empty,
			"scorecards": ScorecardBar("sc", "x", nil, tr),
			"objective":  ObjectiveChart("obj", nil, tr),
		}
		for _, v := range agentKPICharts(nil, nil, nil, time.UTC, tr) {
			charts[v.Chart.ID] = v.Chart
		}
		noData := tr.T("chart.no_data")
		for name, c := range charts {
			if !strings.HasPrefix(c.Note, noData) {
				t.Errorf("%s (%s): empty chart's note %q", name, tr.Locale(), c.Note)
			}
		}
	}
}

// A page whose chart has nothing to draw says so: the strain page without
// any agent day.
func TestStrainPageWithoutDataSaysSo(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range Locales {
		p := samplePage(t, "strain", l, RoleSupervisor)
		hm, risk, err := strainView(&store.StrainHeatMap{Days: []string{"2026-03-02"}, Alert: 60}, p.Translator)
		if err != nil || hm != nil || risk != nil {
			t.Fatalf("empty strain map: %v %v %v", hm, risk, err)
		}
		p.Data = StrainData{From: civil.MustParse("2026-03-01"), To: civil.MustParse("2026-03-14")}
		var buf bytes.Buffer
		if err := r.Render(&buf, "strain", p); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), p.T("chart.no_data")) {
			t.Errorf("%s: the strain page without data does not say so", l)
		}
	}
}
