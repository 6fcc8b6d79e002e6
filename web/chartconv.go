package web

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The conventions every chart follows, applied in one place (finish) to
// the option each builder made:
//
//   - the value axis is named by its unit, percentages carry "%", and
//     tooltips and target labels give each value with its unit;
//   - target lines and marks lie inside the value axis, with room above
//     them (echarts scales an axis to the data only, so a 90% target over
//     data reaching 80% fell outside);
//   - the chart keeps room at its sides for half of the widest label of a
//     horizontal category axis, so the first and last are not cut;
//   - heat maps have no series legend (it overlapped the colour scale);
//     their colour scale gives its values with the unit;
//   - a chart with no value at all says so first in its note.
//
// Builders keep the rest: colours whose legend matches them, notes on
// blank heat-map cells, and intervals with too few contacts left out.

// Unit is what a chart's values measure.
type Unit string

// The units of the charts.
const (
	UnitPercent  Unit = "percent"  // fractions, shown 0-100%
	UnitSeconds  Unit = "seconds"  // waits and handle times
	UnitAgents   Unit = "agents"   // staffing
	UnitContacts Unit = "contacts" // volumes and counts
	UnitPoints   Unit = "points"   // scores and indexes of 100
	UnitPenalty  Unit = "penalty"  // a roster's objective
)

// display turns a value in its stored form (a fraction, seconds) into the
// number the chart shows.
func (u Unit) display(v float64) float64 {
	switch u {
	case UnitPercent:
		return round(100*v, 1)
	default:
		return round(v, 1)
	}
}

// axisName is the unit's name on a value axis.
func (u Unit) axisName(t Translator) string { return t.T("unit." + string(u)) }

// format is an echarts template of one value with its unit: "{value} s".
func (u Unit) format(t Translator) string { return t.T("unit." + string(u) + ".value") }

// minContacts is the fewest contacts behind a rate or an average that a
// chart judges against a target. Below 10, one contact moves a rate by
// more than 10 points (1 of 2 abandoned is 50%), more than the distance
// between a met and a missed goal; such intervals are left out, and the
// note says how many.
const minContacts = 10

// tooFew tells whether a point rests on too few contacts to be shown.
// Base 0 means the count is not known (a simulation): the point is shown.
func tooFew(p IntervalPoint) bool { return p.Base > 0 && p.Base < minContacts }

// conventions say what finish needs to know of a chart.
type conventions struct {
	unit      Unit
	valueAxis string    // "yAxis" (default) or "xAxis" (horizontal bars)
	targets   []float64 // target lines or marks, as shown (in the unit)
	heatMap   bool
}

// conventionVisitor applies the conventions to the option go-echarts has
// assembled, as its last step (the option is plain JSON values there).
type conventionVisitor struct {
	charts.BaseConfigurationVisitor
	cv     conventions
	axis   string // the unit's axis name
	format string // the unit's value template
	label  string // a target line's label: "{b}: {c} s"
}

// finish applies the conventions to a chart made by a builder.
func finish(c Chart, cv conventions, t Translator) Chart {
	if cv.valueAxis == "" {
		cv.valueAxis = "yAxis"
	}
	format := cv.unit.format(t)
	label := t.T("chart.name_value", "{b}", strings.ReplaceAll(format, "{value}", "{c}"))
	c.ECharts.Accept(conventionVisitor{cv: cv, axis: cv.unit.axisName(t), format: format, label: label})
	c.ECharts.Validate()
	if !hasValues(c.ECharts.JSON()) {
		c.Note = joinNotes(t.T("chart.no_data"), c.Note)
	}
	return c
}

func plain(v map[string]any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return map[string]any{}
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return map[string]any{}
	}
	return m
}

// Visit rewrites the option in place. Everything but the series' data
// becomes plain JSON values to rewrite; the data (thousands of items on a
// month of intervals) stays as go-echarts made it, read where needed and
// encoded once, when the page is written.
func (v conventionVisitor) Visit(option map[string]any) {
	series, xAxes, yAxes := option["series"], option["xAxis"], option["yAxis"]
	delete(option, "series")
	delete(option, "xAxis")
	delete(option, "yAxis")
	m := plain(option)
	m["series"] = plainSeries(series)
	if xs, ok := xAxes.([]opts.XAxis); ok {
		m["xAxis"] = plainAxes(xs, func(a *opts.XAxis) *any { return &a.Data })
	}
	if ys, ok := yAxes.([]opts.YAxis); ok {
		m["yAxis"] = plainAxes(ys, func(a *opts.YAxis) *any { return &a.Data })
	}
	v.apply(m)
	for k := range option {
		delete(option, k)
	}
	for k, val := range m {
		option[k] = val
	}
}

// plainSeries is the series as plain JSON objects, each keeping its data
// as it was.
func plainSeries(series any) []any {
	ms, ok := series.(charts.MultiSeries)
	if !ok {
		return nil
	}
	out := make([]any, 0, len(ms))
	for _, s := range ms {
		data := s.Data
		s.Data = nil
		b, err := json.Marshal(s)
		if err != nil {
			continue
		}
		var g map[string]any
		if json.Unmarshal(b, &g) != nil {
			continue
		}
		g["data"] = data
		out = append(out, g)
	}
	return out
}

// plainAxes are axes as plain JSON objects, each keeping its data (the
// category labels) as it was.
func plainAxes[T any](axes []T, data func(*T) *any) []any {
	out := make([]any, 0, len(axes))
	for _, a := range axes {
		d := *data(&a)
		*data(&a) = nil
		b, err := json.Marshal(a)
		if err != nil {
			continue
		}
		var g map[string]any
		if json.Unmarshal(b, &g) != nil {
			continue
		}
		if d != nil {
			g["data"] = d
		}
		out = append(out, g)
	}
	return out
}

// seriesData is a series' data items, whatever their type.
func seriesData(s map[string]any) []any {
	switch d := s["data"].(type) {
	case []any:
		return d
	case []opts.BarData:
		return items(d)
	case []opts.LineData:
		return items(d)
	case []opts.ScatterData:
		return items(d)
	case []opts.HeatMapData:
		return items(d)
	}
	return nil
}

func items[T any](d []T) []any {
	out := make([]any, len(d))
	for i := range d {
		out[i] = d[i]
	}
	return out
}

func (v conventionVisitor) apply(m map[string]any) {
	if tip, ok := m["tooltip"].(map[string]any); ok {
		tip["valueFormat"] = v.format // static/js/charts.js turns it into a valueFormatter
	}
	for _, s := range list(m["series"]) {
		if label := objectAt(s, "markLine", "label"); label != nil {
			label["formatter"] = v.label
		}
	}
	if v.cv.heatMap {
		v.heatMap(m)
		return
	}
	other := "xAxis"
	if v.cv.valueAxis == "xAxis" {
		other = "yAxis"
	}
	if axes := list(m[v.cv.valueAxis]); len(axes) > 0 {
		v.valueAxis(axes[0], m)
	}
	if axes := list(m[other]); len(axes) > 0 && other == "xAxis" && isCategory(axes[0]) {
		roomForLabels(axes[0], m)
	}
}

// heatMap puts the colour scale, formatted, below the grid, in place of
// a legend.
func (v conventionVisitor) heatMap(m map[string]any) {
	m["legend"] = map[string]any{"show": false}
	for _, vm := range list(m["visualMap"]) {
		vm["formatter"] = v.format
		vm["bottom"] = 0
		vm["itemHeight"] = 160
	}
	for _, g := range list(m["grid"]) {
		g["bottom"] = 72 // the colour scale and its labels, below the axis labels
	}
}

// roomForLabels keeps half of the widest label of a category x axis of
// room on each side: the first and last labels are centred on the
// chart's edges, or they are cut. (echarts' alignMinLabel only moves a
// label at the axis' very ends, and then hides it behind its neighbour.)
func roomForLabels(ax map[string]any, m map[string]any) {
	room := 0
	for _, l := range axisLabelsOf(ax) {
		room = max(room, labelWidth(l)/2+4)
	}
	for _, g := range list(m["grid"]) {
		for _, side := range []string{"left", "right"} {
			if px(g[side]) < room {
				g[side] = room
			}
		}
	}
}

// axisLabelsOf are a category axis' labels.
func axisLabelsOf(ax map[string]any) []string {
	switch d := ax["data"].(type) {
	case []string:
		return d
	case []any:
		var out []string
		for _, e := range d {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// labelWidth estimates the pixels an axis label takes at echarts' 12 px
// font: about 7 for a Latin letter or digit, 12 for a Chinese character.
func labelWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 12
		} else {
			w += 7
		}
	}
	return w
}

// px is a grid margin in pixels: a number, or a string of one ("8").
func px(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case int:
		return x
	case string:
		n, err := strconv.Atoi(x)
		if err == nil {
			return n
		}
	}
	return 0
}

// valueAxis names the axis by its unit and stretches it over the targets.
func (v conventionVisitor) valueAxis(ax map[string]any, m map[string]any) {
	if name, _ := ax["name"].(string); name == "" {
		ax["name"] = v.axis
	}
	if v.cv.valueAxis == "xAxis" {
		// Under a horizontal axis, centred: at its end it is cut off.
		ax["nameLocation"], ax["nameGap"] = "middle", 28
		for _, g := range list(m["grid"]) {
			if px(g["bottom"]) < 28 {
				g["bottom"] = 28
			}
		}
	} else {
		ax["nameLocation"] = "end"
		child(ax, "nameTextStyle")["align"] = "left"
		for _, g := range list(m["grid"]) {
			if px(g["top"]) < 32 { // the name sits above the axis
				g["top"] = 32
			}
		}
	}
	if v.cv.unit == UnitPercent {
		label := child(ax, "axisLabel")
		if f, _ := label["formatter"].(string); f == "" {
			label["formatter"] = "{value}%"
		}
	}
	if len(v.cv.targets) > 0 {
		v.roomForTargets(ax, m)
	}
}

// roomForTargets stretches the value axis to show every target line.
func (v conventionVisitor) roomForTargets(ax map[string]any, m map[string]any) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range v.cv.targets {
		lo, hi = math.Min(lo, t), math.Max(hi, t)
	}
	// Room above the highest target, a tenth of it, so that its line and
	// label are not drawn on the edge; echarts scales to the data alone.
	dataMax, room := seriesMax(m), hi*1.1
	if cur, ok := ax["max"].(float64); ok && cur > hi {
		room = 0 // a fixed scale (0-100%) that holds the targets already
	}
	if room > dataMax {
		top := room
		if v.cv.unit == UnitPercent {
			top = math.Min(top, 100)
		}
		ax["max"] = niceCeil(top)
	}
	if cur, ok := ax["min"].(float64); ok && cur > lo {
		ax["min"] = niceFloor(lo)
	}
}

// isCategory tells whether an axis is a category axis (echarts' default
// for an x axis given its data without a type).
func isCategory(ax map[string]any) bool {
	t, _ := ax["type"].(string)
	return t == "category" || t == "" && ax["data"] != nil
}

// seriesMax is the largest value drawn, stacked series added up.
func seriesMax(m map[string]any) float64 {
	top := 0.0
	stacks := map[string][]float64{}
	for _, s := range list(m["series"]) {
		data := seriesData(s)
		stack, _ := s["stack"].(string)
		for i, d := range data {
			val, ok := number(d)
			if !ok {
				continue
			}
			if stack != "" {
				sum := stacks[stack]
				for len(sum) <= i {
					sum = append(sum, 0)
				}
				sum[i] += val
				stacks[stack] = sum
				val = sum[i]
			}
			top = math.Max(top, val)
		}
	}
	return top
}

// number is the value a data item draws: a number, the value of an item,
// or the last element of a [x, y] pair or a heat-map cell [x, y, v].
func number(d any) (float64, bool) {
	switch x := d.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case map[string]any:
		return number(x["value"])
	case opts.BarData:
		return number(x.Value)
	case opts.LineData:
		return number(x.Value)
	case opts.ScatterData:
		return number(x.Value)
	case opts.HeatMapData:
		return number(x.Value)
	case []any:
		if len(x) > 0 {
			return number(x[len(x)-1])
		}
	case [3]any:
		return number(x[2])
	case []float64:
		if len(x) > 0 {
			return x[len(x)-1], true
		}
	}
	return 0, false
}

// hasValues tells whether any series draws a value.
func hasValues(m map[string]any) bool {
	for _, s := range list(m["series"]) {
		for _, d := range seriesData(s) {
			if _, ok := number(d); ok {
				return true
			}
		}
	}
	return false
}

// niceCeil rounds up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or
// 8 times a power of ten), so the axis ends on a label.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if c := f * p; c >= v*(1-1e-12) {
			return c
		}
	}
	return 10 * p
}

// niceFloor rounds down to a round number (0 for v >= 0).
func niceFloor(v float64) float64 {
	if v >= 0 {
		return 0
	}
	return -niceCeil(-v)
}

// list is a JSON array of objects (an echarts component given as one
// object counts as a list of one).
func list(v any) []map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return []map[string]any{x}
	case []any:
		var out []map[string]any
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// child is the object m[key], made when missing.
func child(m map[string]any, key string) map[string]any {
	c, ok := m[key].(map[string]any)
	if !ok {
		c = map[string]any{}
		m[key] = c
	}
	return c
}

// objectAt is the object at m.k1.k2..., or nil.
func objectAt(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}
