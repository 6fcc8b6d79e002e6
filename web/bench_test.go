package web

import (
	"fmt"
	"io"
	"math"
	"testing"
	"time"
)

// dashboard30x4 builds the charts of a manager dashboard for 30 days of
// 15-minute intervals on 4 queues, 60 agents and 8 teams: the size the
// issue asks to render in under 300 ms.
func dashboard30x4(tb testing.TB, tr Translator) ChartsData {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, tr.Location())
	const days, perDay, queues, agents, teams = 30, 96, 4, 60, 8
	var views []ChartView
	for q := 0; q < queues; q++ {
		var sl, daily []IntervalPoint
		var fc []ForecastPoint
		var cov []CoveragePoint
		for d := 0; d < days; d++ {
			dayStart := start.AddDate(0, 0, d)
			daily = append(daily, IntervalPoint{Start: dayStart, Value: 0.7 + 0.2*math.Sin(float64(d+q)), OK: true})
			for i := 0; i < perDay; i++ {
				at := dayStart.Add(time.Duration(i) * 15 * time.Minute)
				x := float64(d*perDay + i)
				vol := 40 + 30*math.Sin(x/15)
				sl = append(sl, IntervalPoint{Start: at, Value: 0.75 + 0.2*math.Sin(x/7), OK: i >= 28 && i < 88})
				fc = append(fc, ForecastPoint{Start: at, Forecast: vol, Low: vol * 0.8, High: vol * 1.2, Actual: vol + 5*math.Cos(x), HasActual: true})
				cov = append(cov, CoveragePoint{Start: at, Required: vol / 4, Scheduled: vol/4 + 2*math.Sin(x/5)})
			}
		}
		id := fmt.Sprintf("q%d_", q)
		views = append(views,
			ChartView{Chart: ServiceLevelChart(id+"sl_day", daily, 0.8, tr), CSVURL: "/x.csv"},
			ChartView{Chart: ServiceLevelChart(id+"sl", sl, 0.8, tr), CSVURL: "/x.csv"},
			ChartView{Chart: ForecastVsActualChart(id+"fc", fc, tr), CSVURL: "/x.csv"},
			ChartView{Chart: RequirementVsScheduledChart(id+"cov", cov, tr), CSVURL: "/x.csv"},
		)
	}
	rows := make([]string, agents)
	cols := make([]string, days)
	values := make([][]float64, agents)
	for a := range rows {
		rows[a] = fmt.Sprintf("Agent %02d", a)
		values[a] = make([]float64, days)
		for d := range cols {
			values[a][d] = 0.85 + 0.1*math.Sin(float64(a*days+d))
		}
	}
	for d := range cols {
		cols[d] = tr.ShortDate(start.AddDate(0, 0, d))
	}
	for _, name := range []string{"adherence", "strain"} {
		hm, err := HeatMap(HeatMapInput{ID: name, Title: name, Rows: rows, Columns: cols, Values: values, Min: 0.5, Max: 1, Percent: true}, tr)
		if err != nil {
			tb.Fatal(err)
		}
		views = append(views, ChartView{Chart: hm, CSVURL: "/x.csv"})
	}
	items := make([]ScoreItem, teams)
	for i := range items {
		items[i] = ScoreItem{Label: fmt.Sprintf("Team %d", i), Score: 70 + float64(i*3), Target: 85}
	}
	views = append(views, ChartView{Chart: ScorecardBar("scorecards", "Scorecards", items, tr)})
	return ChartsData{Charts: views}
}

// BenchmarkDashboard30Days4Queues measures building the dashboard's charts
// from plain values and rendering the page:
//
//	go test ./web -run '^$' -bench Dashboard -benchmem
func BenchmarkDashboard30Days4Queues(b *testing.B) {
	r, err := NewRenderer()
	if err != nil {
		b.Fatal(err)
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Skip("no tzdata")
	}
	tr := NewTranslator(Chinese, loc)
	var size int
	for b.Loop() {
		page := Page{Translator: tr, Title: "Dashboard", User: &User{Username: "m", DisplayName: "M", Role: RoleManager}, CSRF: "t", Path: PathDashboard, Data: dashboard30x4(b, tr)}
		w := &countingWriter{}
		if err := r.Render(w, "charts", page); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(size)/1e6, "MB/page")
}

type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
