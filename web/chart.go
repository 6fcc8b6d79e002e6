package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
)

// Options is what a go-echarts chart (*charts.Line, *charts.Bar,
// *charts.HeatMap ...) offers: its option object for echarts.setOption.
type Options interface {
	Validate()
	JSON() map[string]any
	// Accept sets a visitor that rewrites the option last (finish applies
	// the chart conventions that way).
	Accept(charts.ConfigurationVisitor)
}

// Chart is a go-echarts chart together with the table it was drawn from,
// so the page and its CSV download show the same numbers.
type Chart struct {
	ID      string // DOM id of the element the chart is drawn in
	Title   string
	Note    string // one line under the title: what stands out, e.g. "7 of 40 intervals missed the goal"
	Height  int    // pixels
	ECharts Options
	Table   Table
}

var chartIDPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

var chartTemplate = template.Must(template.New("chart").Parse(
	`<div class="chart-canvas" id="{{.ID}}" data-echarts="{{.ID}}__option" role="img" aria-label="{{.Title}}" style="height:{{.Height}}px"></div>` +
		`<script type="application/json" id="{{.ID}}__option">{{.Option}}</script>`))

// HTML is the chart's element and its option. A small script of ours
// (static/js/charts.js) draws it, so pages need no inline script. The
// option is JSON with <, > and & escaped, so a name like "</script>" in
// the data cannot end the script element.
func (c Chart) HTML() (template.HTML, error) {
	if !chartIDPattern.MatchString(c.ID) {
		return "", fmt.Errorf("chart id %q: must be a letter followed by letters, digits or _", c.ID)
	}
	if c.ECharts == nil {
		return "", fmt.Errorf("chart %s: no echarts options", c.ID)
	}
	c.ECharts.Validate()
	option, err := json.Marshal(c.ECharts.JSON())
	if err != nil {
		return "", fmt.Errorf("chart %s: %w", c.ID, err)
	}
	height := c.Height
	if height <= 0 {
		height = 360
	}
	var buf bytes.Buffer
	err = chartTemplate.Execute(&buf, struct {
		ID, Title string
		Height    int
		Option    template.JS
	}{c.ID, c.Title, height, template.JS(option)})
	if err != nil {
		return "", fmt.Errorf("chart %s: %w", c.ID, err)
	}
	return template.HTML(buf.String()), nil
}

// Table is a chart's data as rows of text, ready for CSV: numbers in full
// precision with '.', times as RFC 3339 in the site's zone, "" for no value.
// Column names are stable snake_case English, whatever the page's locale,
// so a spreadsheet built on the download keeps working.
type Table struct {
	Header []string
	Rows   [][]string
}

// WriteCSV writes the table as RFC 4180 CSV, starting with a UTF-8 byte
// order mark so that spreadsheet programs read Chinese names correctly (the
// contract's readers accept it).
func (t Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// ServeCSV sends the table as a CSV download named filename (ASCII; the
// extension .csv is added when missing).
func ServeCSV(w http.ResponseWriter, filename string, t Table) error {
	var buf bytes.Buffer
	if err := t.WriteCSV(&buf); err != nil {
		return err
	}
	filename = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, filename)
	if !strings.HasSuffix(filename, ".csv") {
		filename += ".csv"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(buf.Bytes())
	return err
}

// csvFloat is a number for a CSV cell: "" when missing or not finite.
func csvFloat(v float64, ok bool) string {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func csvTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.RFC3339)
}

// round rounds v to the given decimals for display in a chart.
func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// finite reports whether v is a usable number.
