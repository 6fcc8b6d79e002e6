package web

import (
	"fmt"
	"math"
	"strings"
	"time"
	"wfm/limits"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The chart builders below are pure: plain values in, a Chart out. Their
// input types are web's own, so pages can be fed from any engine.

// IntervalPoint is one interval's value of a metric. OK is false when the
// interval has no value (closed, nothing offered).
type IntervalPoint struct {
	Start time.Time
	Value float64
	OK    bool
	// Base is how many contacts the value rests on: the denominator of a
	// rate, the contacts an average is taken over; 0 when not known (a
	// simulation). A value on fewer than minContacts is not drawn.
	Base int
	// Target, with HasTarget, is the point's own target (an agent's AHT
	// target that day, from the queues she handled), else the metric's.
	Target    float64
	HasTarget bool
}

// ForecastPoint is one interval's forecast (with its 80% band) and, once
// the interval is over, its actual volume.
type ForecastPoint struct {
	Start               time.Time
	Forecast, Low, High float64
	Actual              float64
	HasActual           bool
}

// CoveragePoint is one interval's staffing requirement (agents to be
// scheduled) and the agents the roster has scheduled.
type CoveragePoint struct {
	Start               time.Time
	Required, Scheduled float64
}

// ScoreItem is one bar of a scorecard chart: an agent's or a team's score
// and the target it is measured against, on the scorecard's scale.
type ScoreItem struct {
	Label         string
	Score, Target float64
}

const (
	colorGood     = "#2e7d32"
	colorBad      = "#c62828"
	colorWarn     = "#ef6c00"
	colorForecast = "#5470c6"
	colorActual   = "#222222"
	colorBand     = "rgba(84,112,198,0.18)"
	colorRequired = "#ef6c00"
	colorSched    = "#1565c0"
	colorTarget   = "#555555"
	colorNeutral  = "#5470c6"
	colorFew      = "#c4c4c4" // a value on too few contacts to judge
)

// keyEntry is one entry of a colour key: what a colour means.
type keyEntry struct{ Name, Color string }

// keyOpts make a series of a colour key, for charts whose bars are
// coloured one by one (met green, missed red): an empty series of one
// colour, so that the legend shows the colours the bars have (a legend
// entry of the bars' own series shows one colour for all of them).
func keyOpts(color string) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Type = "scatter"; s.Symbol = "rect" }),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
	}
}

// keyLegend is a legend of the key entries and the named series only.
func keyLegend(entries []keyEntry, series ...string) opts.Legend {
	names := make([]string, 0, len(entries)+len(series))
	for _, e := range entries {
		names = append(names, e.Name)
	}
	names = append(names, series...)
	return opts.Legend{Show: opts.Bool(true), Top: "0", Type: "scroll", Data: names}
}

// fewNote says how many points were left out for resting on too few
// contacts; "" when none were.
func fewNote(few int, daily bool, t Translator) string {
	switch {
	case few == 0:
		return ""
	case daily:
		return t.T("chart.few_contacts_days", few, minContacts)
	default:
		return t.T("chart.few_contacts", few, minContacts)
	}
}

// joinNotes joins the sentences of a note: with a space after an
// English full stop, none after a Chinese one.
func joinNotes(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "。") {
			b.WriteString(" ")
		}
		b.WriteString(p)
	}
	return b.String()
}

func initOpts(id string, height int) opts.Initialization {
	return opts.Initialization{
		ChartID:    id,
		AssetsHost: EchartsAssetsHost(),
		Width:      "100%",
		Height:     fmt.Sprintf("%dpx", height),
		PageTitle:  id,
	}
}

func commonOpts(id string, height, points int) []charts.GlobalOpts {
	zoom := points > 48
	bottom := "8"
	if zoom {
		bottom = "48" // room for the slider
	}
	o := []charts.GlobalOpts{
		charts.WithInitializationOpts(initOpts(id, height)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Type: "scroll"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "36", Bottom: bottom, ContainLabel: opts.Bool(true)}),
	}
	if zoom {
		// A month of 15-minute intervals is ~2,900 bars: let people zoom.
		o = append(o, charts.WithDataZoomOpts(
			opts.DataZoom{Type: "inside"},
			opts.DataZoom{Type: "slider", Start: 0, End: 100},
		))
	}
	return o
}

// intervalLabels names the x axis: "08:30" when all points fall on one
// day, the date alone when every point starts at local midnight (daily
// values), else date and time.
func intervalLabels(starts []time.Time, t Translator) []string {
	labels, _ := axisLabels(starts, t)
	return labels
}

// axisLabels is intervalLabels, also telling whether the points are days.
func axisLabels(starts []time.Time, t Translator) ([]string, bool) {
	loc := t.Location()
	oneDay, daily := true, len(starts) > 1
	for _, s := range starts {
		ls := s.In(loc)
		if ls.Hour() != 0 || ls.Minute() != 0 {
			daily = false
		}
		y0, m0, d0 := starts[0].In(loc).Date()
		if y, m, d := ls.Date(); y != y0 || m != m0 || d != d0 {
			oneDay = false
		}
	}
	labels := make([]string, len(starts))
	for i, s := range starts {
		switch {
		case oneDay && !daily:
			labels[i] = t.Time(s)
		case daily:
			labels[i] = t.ShortDate(s)
		default:
			labels[i] = t.ShortDate(s) + " " + t.Time(s)
		}
	}
	return labels, daily
}

// ServiceLevelChart shows the service level per interval (or per day) as
// bars against the goal line; intervals that missed the goal are red.
// Values and goal are fractions (0.8 = 80%). Intervals on fewer than
// minContacts contacts are drawn grey, not judged: the note's count of
// missed intervals leaves them out and says how many there are.
func ServiceLevelChart(id string, points []IntervalPoint, goal float64, t Translator) Chart {
	bars := slBarsOf(points, goal, t.Location())
	const height = 320
	key := []keyEntry{{t.T("chart.key.met_goal"), colorGood}, {t.T("chart.key.missed_goal"), colorBad}}
	if bars.few > 0 {
		key = append(key, keyEntry{t.T("chart.key.few_contacts", minContacts), colorFew})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts(id, height, len(points))...)
	bar.SetGlobalOptions(
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100}),
		charts.WithLegendOpts(keyLegend(key)),
	)
	seriesOpts := []charts.SeriesOpts{charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "10%"})}
	var targets []float64
	if limits.Finite(goal) {
		targets = append(targets, UnitPercent.display(goal))
		seriesOpts = append(seriesOpts, targetLine(t.T("chart.goal"), UnitPercent.display(goal))...)
	}
	labels, daily := axisLabels(bars.starts, t)
	bar.SetXAxis(labels).AddSeries(t.T("metric.service_level"), bars.data, seriesOpts...)
	for _, k := range key {
		bar.AddSeries(k.Name, []opts.BarData{}, keyOpts(k.Color)...)
	}
	note := ""
	switch {
	case bars.measured > 0 && daily:
		note = t.T("chart.service_level.note_days", bars.missed, bars.measured, t.Percent(goal, 0))
	case bars.measured > 0:
		note = t.T("chart.service_level.note", bars.missed, bars.measured, t.Percent(goal, 0))
	}
	c := Chart{ID: id, Title: t.T("metric.service_level"), Note: joinNotes(note, fewNote(bars.few, daily, t)), Height: height, ECharts: bar, Table: bars.table}
	return finish(c, conventions{unit: UnitPercent, targets: targets}, t)
}

// slBarsOf are service levels as bars against the goal (none when it is
// NaN: every value meets it), coloured and counted as metricBars are.
func slBarsOf(points []IntervalPoint, goal float64, loc *time.Location) metricBars {
	b := metricBars{starts: make([]time.Time, len(points)), data: make([]opts.BarData, len(points)),
		table: Table{Header: []string{"interval_start", "service_level", "goal", "met_goal"}}}
	for i, p := range points {
		b.starts[i] = p.Start
		row := []string{csvTime(p.Start, loc), "", csvFloat(goal, limits.Finite(goal)), ""}
		if !p.OK || !limits.Finite(p.Value) {
			b.data[i] = opts.BarData{Value: "-"}
			b.table.Rows = append(b.table.Rows, row)
			continue
		}
		met := !limits.Finite(goal) || p.Value >= goal
		row[1], row[3] = csvFloat(p.Value, true), fmt.Sprint(met)
		b.table.Rows = append(b.table.Rows, row)
		b.data[i] = opts.BarData{Value: UnitPercent.display(p.Value), ItemStyle: &opts.ItemStyle{Color: b.color(p, true, met)}}
	}
	return b
}

// targetLine is a dashed horizontal line at a target (in the chart's
// units), labelled with its name and value (finish adds the unit).
func targetLine(name string, y float64) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: name, YAxis: y}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: colorActual, Type: "dashed", Width: 1.5},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b} {c}", Position: "insideEndTop"},
		}),
	}
}

// WAPE is the weighted absolute percentage error of the forecast over the
// points with an actual: sum|actual - forecast| / sum actual. ok is false
// when there is no actual volume to judge by.
func WAPE(points []ForecastPoint) (wape float64, ok bool) {
	var errSum, actualSum float64
	for _, p := range points {
		if !p.HasActual || !limits.Finite(p.Actual) || !limits.Finite(p.Forecast) {
			continue
		}
		errSum += math.Abs(p.Actual - p.Forecast)
		actualSum += p.Actual
	}
	if actualSum <= 0 {
		return 0, false
	}
	return errSum / actualSum, true
}

// ForecastVsActualChart draws the forecast volume with its 80% band and
// the actual volume, with the forecast's accuracy (WAPE) in the note.
func ForecastVsActualChart(id string, points []ForecastPoint, t Translator) Chart {
	ser := forecastSeriesOf(points, t.Location())
	const height = 320
	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts(id, height, len(points))...)
	line.SetGlobalOptions(
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0}),
		// "low" only carries the band; it has no place in the legend.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Type: "scroll",
			Data: []string{t.T("chart.forecast.band"), t.T("chart.forecast.forecast"), t.T("chart.forecast.actual")}}),
	)
	line.SetXAxis(intervalLabels(ser.starts, t))
	ser.add(line, t)
	note := ""
	if w, ok := WAPE(points); ok {
		note = t.T("chart.forecast.note", t.Percent(w, 1))
	} else if len(points) > 0 {
		note = t.T("chart.forecast.no_actual")
	}
	c := Chart{ID: id, Title: t.T("chart.forecast.title"), Note: note, Height: height, ECharts: line, Table: ser.table}
	return finish(c, conventions{unit: UnitContacts}, t)
}

// forecastSeries are the forecast chart's lines and its table.
type forecastSeries struct {
	starts                      []time.Time
	low, band, forecast, actual []opts.LineData
	table                       Table
}

func forecastSeriesOf(points []ForecastPoint, loc *time.Location) forecastSeries {
	n := len(points)
	s := forecastSeries{starts: make([]time.Time, n), low: make([]opts.LineData, n), band: make([]opts.LineData, n),
		forecast: make([]opts.LineData, n), actual: make([]opts.LineData, n),
		table: Table{Header: []string{"interval_start", "forecast", "forecast_low", "forecast_high", "actual"}}}
	for i, p := range points {
		s.starts[i] = p.Start
		bandOK := limits.Finite(p.Low) && limits.Finite(p.High) && p.High >= p.Low
		s.low[i] = lineValue(p.Low, bandOK && limits.Finite(p.Low))
		s.band[i] = lineValue(p.High-p.Low, bandOK && limits.Finite(p.High-p.Low))
		s.forecast[i] = lineValue(p.Forecast, limits.Finite(p.Forecast))
		s.actual[i] = lineValue(p.Actual, p.HasActual && limits.Finite(p.Actual))
		s.table.Rows = append(s.table.Rows, []string{
			csvTime(p.Start, loc), csvFloat(p.Forecast, true),
			csvFloat(p.Low, bandOK), csvFloat(p.High, bandOK), csvFloat(p.Actual, p.HasActual),
		})
	}
	return s
}

// add draws the series: the band as "low" (invisible) with "high - low"
// stacked on it, the forecast dashed and the actual solid.
func (s forecastSeries) add(line *charts.Line, t Translator) {
	hidden := opts.LineStyle{Opacity: opts.Float(0)}
	line.AddSeries(t.T("chart.forecast.low"), s.low,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Stack = "band"; s.ShowSymbol = opts.Bool(false) }),
		charts.WithLineStyleOpts(hidden))
	line.AddSeries(t.T("chart.forecast.band"), s.band,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Stack = "band"; s.ShowSymbol = opts.Bool(false) }),
		charts.WithLineStyleOpts(hidden),
		charts.WithAreaStyleOpts(opts.AreaStyle{Color: colorBand}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorBand}))
	line.AddSeries(t.T("chart.forecast.forecast"), s.forecast,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.ShowSymbol = opts.Bool(false) }),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorForecast, Type: "dashed", Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorForecast}))
	line.AddSeries(t.T("chart.forecast.actual"), s.actual,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.ShowSymbol = opts.Bool(false) }),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorActual, Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorActual}))
}

// RequirementVsScheduledChart draws the agents required against the
// agents scheduled per interval, with the shortfall as red bars.
func RequirementVsScheduledChart(id string, points []CoveragePoint, t Translator) Chart {
	ser := coverageSeriesOf(points, t.Location())
	const height = 320
	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts(id, height, len(points))...)
	line.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0}))
	line.SetXAxis(intervalLabels(ser.starts, t))
	step := func(s *charts.SingleSeries) { s.Step = "start"; s.ShowSymbol = opts.Bool(false) }
	line.AddSeries(t.T("chart.coverage.required"), ser.required,
		charts.WithSeriesOpts(step),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorRequired, Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorRequired}))
	line.AddSeries(t.T("chart.coverage.scheduled"), ser.scheduled,
		charts.WithSeriesOpts(step),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorSched, Width: 2}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Color: "rgba(21,101,192,0.12)"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorSched}))
	line.AddSeries(t.T("chart.coverage.shortfall"), ser.short,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Type = "bar"; s.BarCategoryGap = "0%" }),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorBad}))
	note := ""
	if len(points) > 0 {
		note = t.T("chart.coverage.note", ser.under, len(points))
	}
	c := Chart{ID: id, Title: t.T("chart.coverage.title"), Note: note, Height: height, ECharts: line, Table: ser.table}
	return finish(c, conventions{unit: UnitAgents}, t)
}

// coverageSeries are the coverage chart's lines, its table and the
// intervals under-staffed.
type coverageSeries struct {
	starts                     []time.Time
	required, scheduled, short []opts.LineData
	table                      Table
	under                      int
}

func coverageSeriesOf(points []CoveragePoint, loc *time.Location) coverageSeries {
	n := len(points)
	s := coverageSeries{starts: make([]time.Time, n), required: make([]opts.LineData, n), scheduled: make([]opts.LineData, n),
		short: make([]opts.LineData, n), table: Table{Header: []string{"interval_start", "required", "scheduled", "shortfall"}}}
	for i, p := range points {
		s.starts[i] = p.Start
		req, sch := p.Required, p.Scheduled
		ok := limits.Finite(req) && limits.Finite(sch)
		gap := 0.0
		if ok {
			gap = math.Max(0, req-sch)
		}
		if gap > 0 {
			s.under++
		}
		s.required[i] = lineValue(req, limits.Finite(req))
		s.scheduled[i] = lineValue(sch, limits.Finite(sch))
		s.short[i] = lineValue(gap, ok)
		s.table.Rows = append(s.table.Rows, []string{
			csvTime(p.Start, loc), csvFloat(req, true), csvFloat(sch, true), csvFloat(gap, ok),
		})
	}
	return s
}

func lineValue(v float64, ok bool) opts.LineData {
	if !ok {
		return opts.LineData{Value: "-"}
	}
	return opts.LineData{Value: round(v, 2)}
}

// HeatMapInput is a grid of values: rows (agents, teams) by columns
// (intervals, days). NaN marks a cell without data.
type HeatMapInput struct {
	ID, Title, Note     string
	RowName, ColumnName string // CSV headers of the row and column labels, e.g. "agent", "date"
	ValueName           string // CSV header of the value, e.g. "adherence"
	Rows, Columns       []string
	Values              [][]float64 // [row][column]
	Min, Max            float64     // colour scale
	Percent             bool        // values are fractions shown as percentages
	Unit                Unit        // the values' unit when not Percent (strain: points)
	HighIsGood          bool        // adherence: high is green; strain: high is red
	// Blank says what a blank cell means ("not scheduled that day"); the
	// note says it when the grid has one.
	Blank string
}

// HeatMap draws an adherence or strain heat map. It refuses a grid whose
// shape does not match its labels, rather than drawing a misleading one.
func HeatMap(in HeatMapInput, t Translator) (Chart, error) {
	if err := in.check(); err != nil {
		return Chart{}, err
	}
	scale := 1.0
	if in.Percent {
		scale = 100
	}
	data, table, blank := in.cells(scale)
	unit := in.Unit
	if in.Percent || unit == "" {
		unit = UnitPercent
	}
	note := in.Note
	if blank {
		note = joinNotes(note, t.T("chart.heatmap.blank", orDefault(in.Blank, t.T("chart.heatmap.blank_default"))))
	}
	height := 110 + 26*len(in.Rows) // the colour scale below the day labels
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(in.ID, height)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "8", Bottom: "56", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: in.Columns, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: in.Rows, Inverse: opts.Bool(true), SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithVisualMapOpts(in.visualMap(scale)),
	)
	hm.SetXAxis(in.Columns).AddSeries(in.Title, data)
	c := Chart{ID: in.ID, Title: in.Title, Note: note, Height: height, ECharts: hm, Table: table}
	return finish(c, conventions{unit: unit, heatMap: true}, t), nil
}

// check refuses a grid whose shape does not match its labels, or whose
// colour scale is empty.
func (in HeatMapInput) check() error {
	if len(in.Values) != len(in.Rows) {
		return fmt.Errorf("heat map %s: values: %d rows, want %d", in.ID, len(in.Values), len(in.Rows))
	}
	for i, r := range in.Values {
		if len(r) != len(in.Columns) {
			return fmt.Errorf("heat map %s: values[%d]: %d cells, want %d", in.ID, i, len(r), len(in.Columns))
		}
	}
	if !limits.Finite(in.Min) || !limits.Finite(in.Max) || in.Min >= in.Max {
		return fmt.Errorf("heat map %s: min %v must be below max %v", in.ID, in.Min, in.Max)
	}
	return nil
}

// cells are the grid's cells with a value (scaled, as [column, row,
// value]), its table, and whether any cell is blank.
func (in HeatMapInput) cells(scale float64) ([]opts.HeatMapData, Table, bool) {
	table := Table{Header: []string{orDefault(in.RowName, "row"), orDefault(in.ColumnName, "column"), orDefault(in.ValueName, "value")}}
	var data []opts.HeatMapData
	blank := false
	for i, row := range in.Values {
		for j, v := range row {
			ok := limits.Finite(v)
			table.Rows = append(table.Rows, []string{in.Rows[i], in.Columns[j], csvFloat(v, ok)})
			if ok {
				data = append(data, opts.HeatMapData{Value: [3]any{j, i, round(v*scale, 1)}})
			} else {
				blank = true
			}
		}
	}
	return data, table, blank
}

// visualMap is the colour scale under the grid: red to green where high
// is good, green to red where it is not.
func (in HeatMapInput) visualMap(scale float64) opts.VisualMap {
	colors := []string{colorGood, "#fdd835", colorBad}
	if in.HighIsGood {
		colors = []string{colorBad, "#fdd835", colorGood}
	}
	return opts.VisualMap{
		Type:       "continuous",
		Calculable: opts.Bool(true),
		Min:        float32(round(in.Min*scale, 1)),
		Max:        float32(round(in.Max*scale, 1)),
		Orient:     "horizontal",
		Left:       "center",
		Bottom:     "0",
		InRange:    &opts.VisualMapInRange{Color: colors},
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ScorecardBar draws scores (of 100) as horizontal bars, green where the
// target is met and orange where not, with each target marked; the
// legend's colour key says which colour is which.
func ScorecardBar(id, title string, items []ScoreItem, t Translator) Chart {
	labels, scores, targets, table, marks := scorecardBars(items)
	key := []keyEntry{{t.T("chart.key.met_target"), colorGood}, {t.T("chart.key.below_target"), colorWarn}}
	height := 80 + 34*len(items)
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, height)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(keyLegend(key, t.T("chart.scorecard.target"))),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "32", Bottom: "8", ContainLabel: opts.Bool(true)}),
		// Scores are of 100: the whole scale, so a target near it is not at the edge.
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	bar.SetXAxis(labels)
	bar.AddSeries(t.T("chart.scorecard.score"), scores,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	// The target is a thin dark marker overlapping the score bar.
	bar.AddSeries(t.T("chart.scorecard.target"), targets,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Type = "scatter"; s.Symbol = "rect"; s.SymbolSize = []int{4, 22} }),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorTarget}))
	for _, k := range key {
		bar.AddSeries(k.Name, []opts.BarData{}, keyOpts(k.Color)...)
	}
	bar.XYReversal() // the labels go on the (category) y axis
	c := Chart{ID: id, Title: title, Height: height, ECharts: bar, Table: table}
	return finish(c, conventions{unit: UnitPoints, valueAxis: "xAxis", targets: marks}, t)
}

// scorecardBars are the items' scores (green where the target is met,
// orange where not) and targets, their table, and the targets drawn.
func scorecardBars(items []ScoreItem) (labels []string, scores, targets []opts.BarData, table Table, marks []float64) {
	labels = make([]string, len(items))
	scores = make([]opts.BarData, len(items))
	targets = make([]opts.BarData, len(items))
	table = Table{Header: []string{"name", "score", "target", "met_target"}}
	for i, it := range items {
		labels[i] = it.Label
		sOK, tOK := limits.Finite(it.Score), limits.Finite(it.Target)
		row := []string{it.Label, csvFloat(it.Score, sOK), csvFloat(it.Target, tOK), ""}
		scores[i], targets[i] = opts.BarData{Value: "-"}, opts.BarData{Value: "-"}
		if tOK {
			targets[i] = opts.BarData{Value: round(it.Target, 1)}
			marks = append(marks, round(it.Target, 1))
		}
		if sOK {
			color := colorGood
			if tOK && it.Score < it.Target {
				color = colorWarn
			}
			scores[i] = opts.BarData{Value: round(it.Score, 1), ItemStyle: &opts.ItemStyle{Color: color}}
			if tOK {
				row[3] = fmt.Sprint(it.Score >= it.Target)
			}
		}
		table.Rows = append(table.Rows, row)
	}
	return labels, scores, targets, table, marks
}

// Metric says how a per-interval measure is shown by MetricChart.
type Metric struct {
	NameKey       string  // message key of its name, e.g. "metric.asa"
	Column        string  // its CSV column, e.g. "asa_seconds"
	Percent       bool    // values are fractions, shown as percentages
	Unit          Unit    // what the values are shown in when not Percent (seconds, contacts)
	Target        float64 // NaN: no target (points may carry their own)
	LowerIsBetter bool    // ASA, AHT, abandonment: at or under the target is met
}

func (m Metric) unit() Unit {
	switch {
	case m.Percent:
		return UnitPercent
	case m.Unit == "":
		return UnitContacts
	}
	return m.Unit
}

// MetricChart shows a measure per interval (or per day) as bars; with a
// target, bars that miss it are red and the target is a dashed line (a
// stepped line when points carry targets of their own that differ).
// Points on fewer than minContacts contacts are grey and not judged, as
// in ServiceLevelChart.
func MetricChart(id string, m Metric, points []IntervalPoint, t Translator) Chart {
	unit := m.unit()
	bars := m.bars(points, unit, t.Location())
	const height = 280
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts(id, height, len(points))...)
	key, legend := metricKey(bars, t)
	bar.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0}), charts.WithLegendOpts(legend))
	seriesOpts := []charts.SeriesOpts{charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "10%"})}
	if len(bars.distinct) == 1 {
		for v := range bars.distinct {
			seriesOpts = append(seriesOpts, targetLine(t.T("chart.target"), unit.display(v))...)
		}
	}
	labels, daily := axisLabels(bars.starts, t)
	bar.SetXAxis(labels).AddSeries(t.T(m.NameKey), bars.data, seriesOpts...)
	if len(bars.distinct) > 1 {
		// Each point's own target, as a stepped dashed line over the bars.
		bar.AddSeries(t.T("chart.target"), []opts.BarData{},
			charts.WithSeriesOpts(func(s *charts.SingleSeries) {
				s.Type, s.Step, s.ShowSymbol, s.Data = "line", "middle", opts.Bool(false), bars.targetLine
			}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: colorActual, Type: "dashed", Width: 1.5}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colorActual}))
	}
	for _, k := range key {
		bar.AddSeries(k.Name, []opts.BarData{}, keyOpts(k.Color)...)
	}
	c := Chart{ID: id, Title: t.T(m.NameKey), Note: joinNotes(bars.note(daily, t), fewNote(bars.few, daily, t)), Height: height, ECharts: bar, Table: bars.table}
	return finish(c, conventions{unit: unit, targets: bars.marks}, t)
}

// targetAt is the target p is judged against: its own, else the
// metric's; false when there is neither.
func (m Metric) targetAt(p IntervalPoint) (float64, bool) {
	if p.HasTarget && limits.Finite(p.Target) {
		return p.Target, true
	}
	return m.Target, limits.Finite(m.Target)
}

// metricBars are a metric's points as bars, coloured by their target,
// with the table of the values and the counts the note and key tell.
type metricBars struct {
	starts                []time.Time
	data                  []opts.BarData
	targetLine            []opts.LineData // each point's target ("-" where nothing is judged)
	table                 Table
	distinct              map[float64]bool // the targets met
	marks                 []float64        // the targets drawn, as shown
	missed, measured, few int
}

func (m Metric) bars(points []IntervalPoint, unit Unit, loc *time.Location) metricBars {
	b := metricBars{starts: make([]time.Time, len(points)), data: make([]opts.BarData, len(points)), targetLine: make([]opts.LineData, len(points)),
		table: Table{Header: []string{"interval_start", m.Column, "target", "met_target"}}, distinct: map[float64]bool{}}
	for i, p := range points {
		b.starts[i] = p.Start
		target, tOK := m.targetAt(p)
		if tOK {
			b.distinct[target] = true
		}
		b.targetLine[i] = opts.LineData{Value: "-"}
		if tOK && p.OK { // a day without a value has nothing to judge
			b.targetLine[i] = opts.LineData{Value: unit.display(target)}
			b.marks = append(b.marks, unit.display(target))
		}
		row := []string{csvTime(p.Start, loc), "", csvFloat(target, tOK), ""}
		if !p.OK || !limits.Finite(p.Value) {
			b.data[i] = opts.BarData{Value: "-"}
			b.table.Rows = append(b.table.Rows, row)
			continue
		}
		met := p.Value >= target
		if m.LowerIsBetter {
			met = p.Value <= target
		}
		row[1] = csvFloat(p.Value, true)
		if tOK {
			row[3] = fmt.Sprint(met)
		}
		b.table.Rows = append(b.table.Rows, row)
		b.data[i] = opts.BarData{Value: unit.display(p.Value), ItemStyle: &opts.ItemStyle{Color: b.color(p, tOK, met)}}
	}
	return b
}

// color is a measured bar's colour, counted: grey for too few contacts,
// else met or missed against its target, neutral without one.
func (b *metricBars) color(p IntervalPoint, hasTarget, met bool) string {
	switch {
	case tooFew(p):
		b.few++
		return colorFew
	case !hasTarget:
		b.measured++
		return colorNeutral
	case !met:
		b.measured++
		b.missed++
		return colorBad
	}
	b.measured++
	return colorGood
}

// note says how many of the bars judged missed their target.
func (b metricBars) note(daily bool, t Translator) string {
	switch {
	case b.measured > 0 && len(b.distinct) > 0 && daily:
		return t.T("chart.metric.note_days", b.missed, b.measured)
	case b.measured > 0 && len(b.distinct) > 0:
		return t.T("chart.metric.note", b.missed, b.measured)
	}
	return ""
}

// metricKey is the chart's key of colours (met, missed, too few) and the
// legend that shows it, naming the target line when points have their
// own targets.
func metricKey(b metricBars, t Translator) ([]keyEntry, opts.Legend) {
	var key []keyEntry
	if len(b.distinct) > 0 {
		key = []keyEntry{{t.T("chart.key.met_target"), colorGood}, {t.T("chart.key.missed_target"), colorBad}}
	}
	if b.few > 0 {
		if len(b.distinct) == 0 { // the other bars, in their one colour
			key = append(key, keyEntry{t.T("chart.key.enough_contacts", minContacts), colorNeutral})
		}
		key = append(key, keyEntry{t.T("chart.key.few_contacts", minContacts), colorFew})
	}
	switch {
	case len(key) == 0:
		return nil, opts.Legend{Show: opts.Bool(false)}
	case len(b.distinct) > 1:
		return key, keyLegend(key, t.T("chart.target"))
	}
	return key, keyLegend(key)
}

// ObjectiveChart shows a roster build's best objective over time (lower
// is better): the live progress of the solver.
func ObjectiveChart(id string, points []ProgressPoint, t Translator) Chart {
	table := Table{Header: []string{"elapsed_seconds", "objective"}}
	data := make([]opts.LineData, len(points))
	for i, p := range points {
		ok := limits.Finite(p.Seconds) && limits.Finite(p.Objective)
		if ok {
			data[i] = opts.LineData{Value: []float64{round(p.Seconds, 2), p.Objective}}
		} else {
			data[i] = opts.LineData{Value: "-"}
		}
		table.Rows = append(table.Rows, []string{csvFloat(p.Seconds, limits.Finite(p.Seconds)), csvFloat(p.Objective, limits.Finite(p.Objective))})
	}
	const height = 240
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, height)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "24", Bottom: "28", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: t.T("build.seconds"), Min: 0, NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(true)}),
	)
	line.AddSeries(t.T("build.objective"), data,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Step = "end" }),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorForecast, Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorForecast}))
	c := Chart{ID: id, Title: t.T("build.objective_over_time"), Height: height, ECharts: line, Table: table}
	return finish(c, conventions{unit: UnitPenalty}, t)
}
