package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/limits"
	"wfm/measure"
	"wfm/planning"
	"wfm/store"
)

// DashboardData is the data of the "dashboard" page.
type DashboardData struct {
	Queues   []Option
	Teams    []Option   // the site's teams, for the agent heat maps; "" = all
	From, To civil.Date // the days shown, in the site's zone
	Goal     string     // the queue's service goal in words
	Problem  string     // what was wrong with the filters, translated
	Totals   []Tile
	Charts   []ChartView
}

// Option is one choice of a select element.
type Option struct {
	Value, Label string
	Selected     bool
}

// Tile is one headline number and, when it has one, its target.
type Tile struct {
	Label, Value string
	Target       string // translated, e.g. "Target: at most 10%"; "" when none
	Missed       bool   // the number misses its target
}

// Judged tells whether the tile has a target to meet or miss; a tile
// without one is neither green nor red.
func (t Tile) Judged() bool { return t.Target != "" }

// targetTile is a tile judged against a target: missed when the value is
// above it (lowerIsBetter) or below it.
func targetTile(label string, r kpi.Ratio, target float64, lowerIsBetter bool, show func(float64) string, tr Translator) Tile {
	tile := Tile{Label: label, Value: noValue}
	if r.OK {
		tile.Value = show(r.Value)
	}
	if !limits.Finite(target) {
		return tile
	}
	if lowerIsBetter {
		tile.Target = tr.T("dashboard.target_at_most", show(target))
		tile.Missed = r.OK && r.Value > target
	} else {
		tile.Target = tr.T("dashboard.target_at_least", show(target))
		tile.Missed = r.OK && r.Value < target
	}
	return tile
}

func (p *pages) dashboard(c *gin.Context, pg Page) {
	data, err := p.dashboardData(c.Request.Context(), &pg, c.Request.URL.Query())
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Title = pg.T("dashboard.title")
	pg.Data = data
	p.write(c, http.StatusOK, "dashboard", pg)
}

// dashboardCSV sends one chart's data, for the same filters as the page.
func (p *pages) dashboardCSV(c *gin.Context, pg Page) {
	data, err := p.dashboardData(c.Request.Context(), &pg, c.Request.URL.Query())
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	for _, v := range data.Charts {
		if v.Chart.ID == c.Param("chart") {
			name := v.Chart.ID + "_" + data.From.String() + "_" + data.To.String()
			if err := ServeCSV(c.Writer, name, v.Chart.Table); err != nil {
				p.log.Error("send csv", "err", err)
			}
			return
		}
	}
	p.problem(c, pg, refuse(fault.NotFound, "error.404"))
}

// dashboardData loads the selected queue's interval history for the date
// range and builds the dashboard. It sets pg's time zone to the queue's
// site's.
func (p *pages) dashboardData(ctx context.Context, pg *Page, q url.Values) (DashboardData, error) {
	var data DashboardData
	queue, loc, err := p.dashboardQueue(ctx, pg, &data, q.Get("queue"))
	if err != nil || queue == nil {
		return data, err
	}
	tr := pg.Translator
	from, to, ok := dateRange(q.Get("from"), q.Get("to"), loc)
	if !ok {
		data.Problem = tr.T("dashboard.bad_date")
	}
	w, err := measure.DashboardHistory(ctx, p.store, queue.ID, from, to, loc, p.now())
	if err != nil {
		return data, err
	}
	if w.Capped {
		data.Problem = tr.T("dashboard.range_capped", measure.MaxDashboardDays)
	}
	data.From, data.To = civil.Of(w.From, loc), civil.Of(w.To, loc)
	buildDashboard(&data, *queue, w.Rows, tr)
	team, _ := strconv.ParseInt(q.Get("team"), 10, 64)
	if err := p.dashboardExtras(ctx, &data, *queue, team, w, tr); err != nil {
		return data, err
	}
	for i := range data.Charts {
		data.Charts[i].CSVURL = dashboardCSV(data.Charts[i].Chart.ID, queue.ID, team, data.From, data.To)
	}
	return data, nil
}

// dashboardQueue is the queue asked for (the first by default) and its
// site's zone, which pg's translator takes on; nil when there is no
// queue yet (data says so).
func (p *pages) dashboardQueue(ctx context.Context, pg *Page, data *DashboardData, want string) (*store.Queue, *time.Location, error) {
	queues, err := p.store.ListQueues(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(queues) == 0 {
		data.Problem = pg.T("dashboard.no_queues")
		return nil, nil, nil
	}
	queue := pickQueue(queues, want)
	data.Queues = queueOptions(queues, queue.ID)
	site, err := p.store.GetSite(ctx, queue.SiteID)
	if err != nil {
		return nil, nil, err
	}
	loc, err := time.LoadLocation(site.Timezone)
	if err != nil {
		return nil, nil, fmt.Errorf("site %d time zone: %w", site.ID, err)
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	data.Goal = pg.T("dashboard.goal", pg.Percent(queue.SLTarget, 0), queue.SLThresholdSeconds)
	return &queue, loc, nil
}

// dashboardExtras adds the charts beyond the queue's own history: the
// published forecast against it (third), the agents' heat maps and the
// teams' scorecards.
func (p *pages) dashboardExtras(ctx context.Context, data *DashboardData, queue store.Queue, team int64, w measure.DashboardWindow, tr Translator) error {
	forecast, err := planning.PublishedIntervals(ctx, p.store, queue.ID, w.From, w.To.AddDate(0, 0, 1), time.Time{})
	if err != nil {
		return err
	}
	if len(forecast) > 0 {
		fc := ForecastVsActualChart("forecast", forecastPoints(forecast, w.Rows), tr)
		data.Charts = append(data.Charts[:2], append([]ChartView{{Chart: fc}}, data.Charts[2:]...)...)
	}
	if err := p.agentHeatMaps(ctx, data, queue.SiteID, team, w.From, w.To, tr); err != nil {
		return err
	}
	return p.teamScorecards(ctx, data, queue.SiteID, w.To, tr)
}

// pickQueue is the queue the query names, else the first.
func pickQueue(queues []store.Queue, want string) store.Queue {
	id, _ := strconv.ParseInt(want, 10, 64)
	for _, qu := range queues {
		if qu.ID == id {
			return qu
		}
	}
	return queues[0]
}

// queueOptions are the queues to choose from, chosen selected.
func queueOptions(queues []store.Queue, chosen int64) []Option {
	out := make([]Option, 0, len(queues))
	for _, q := range queues {
		out = append(out, Option{Value: strconv.FormatInt(q.ID, 10), Label: q.Name, Selected: q.ID == chosen})
	}
	return out
}

// dashboardCSV is the address of a chart's data as CSV.
func dashboardCSV(chart string, queueID, team int64, from, to civil.Date) string {
	v := url.Values{"queue": {strconv.FormatInt(queueID, 10)}, "from": {from.String()}, "to": {to.String()}}
	if team != 0 {
		v.Set("team", strconv.FormatInt(team, 10))
	}
	return PathDashboard + "/csv/" + chart + "?" + v.Encode()
}

// dateRange reads the filter's dates as local days in loc. Both empty is
// fine (zero times); ok is false for a bad date, and the range falls back
// to the default.
func dateRange(fromS, toS string, loc *time.Location) (from, to time.Time, ok bool) {
	if fromS == "" && toS == "" {
		return time.Time{}, time.Time{}, true
	}
	from, err1 := civil.ParseIn(fromS, loc)
	to, err2 := civil.ParseIn(toS, loc)
	if err1 != nil || err2 != nil || to.Before(from) {
		return time.Time{}, time.Time{}, false
	}
	return from, to, true
}

// buildDashboard fills the totals and charts from the queue's rows. Every
// total with a target (service level, ASA when the queue sets one,
// abandonment and AHT, the queue's or its channel's) is judged against it.
func buildDashboard(data *DashboardData, queue store.Queue, rows []store.HistoryInterval, tr Translator) {
	ser := queueSeriesOf(queue, rows, tr.Location())
	asaTarget := math.NaN()
	if queue.ASATargetSeconds != nil {
		asaTarget = float64(*queue.ASATargetSeconds)
	}
	abandonTarget, ahtTarget := queue.AbandonTargetRate(), float64(queue.AHTTarget())
	pct := func(v float64) string { return tr.Percent(v, 1) }
	total := ser.total
	data.Totals = []Tile{
		{Label: tr.T("metric.offered"), Value: tr.Number(float64(total.Offered), 0)},
		{Label: tr.T("metric.answered"), Value: tr.Number(float64(total.Answered), 0)},
		targetTile(tr.T("metric.service_level"), total.ServiceLevel(), queue.SLTarget, false, pct, tr),
		targetTile(tr.T("metric.asa"), total.ASASeconds(), asaTarget, true, tr.Seconds, tr),
		targetTile(tr.T("metric.abandon_rate"), total.AbandonRate(), abandonTarget, true, pct, tr),
		targetTile(tr.T("metric.aht"), total.AHTSeconds(), ahtTarget, true, tr.Seconds, tr),
	}
	slDay := ServiceLevelChart("sl_day", ser.daily, queue.SLTarget, tr)
	slDay.Title = tr.T("dashboard.per_day", tr.T("metric.service_level"))
	slInterval := ServiceLevelChart("sl_interval", ser.sl, queue.SLTarget, tr)
	slInterval.Title = tr.T("dashboard.per_interval", tr.T("metric.service_level"))
	data.Charts = []ChartView{
		{Chart: slDay},
		{Chart: slInterval},
		{Chart: MetricChart("asa", Metric{NameKey: "metric.asa", Column: "asa_seconds", Unit: UnitSeconds, Target: asaTarget, LowerIsBetter: true}, ser.asa, tr)},
		{Chart: MetricChart("abandon_rate", Metric{NameKey: "metric.abandon_rate", Column: "abandon_rate", Percent: true, Target: abandonTarget, LowerIsBetter: true}, ser.abandon, tr)},
		{Chart: MetricChart("aht", Metric{NameKey: "metric.aht", Column: "aht_seconds", Unit: UnitSeconds, Target: ahtTarget, LowerIsBetter: true}, ser.aht, tr)},
		{Chart: MetricChart("offered", Metric{NameKey: "metric.offered", Column: "offered", Unit: UnitContacts, Target: math.NaN()}, ser.offered, tr)},
	}
}

// queueSeries are a queue's measures per interval and its service level
// per local day, with the total over the rows.
type queueSeries struct {
	total                                 kpi.QueueCounts
	sl, asa, abandon, aht, offered, daily []IntervalPoint
}

// queueSeriesOf reads the rows (in start order) into series; days are
// local to loc.
func queueSeriesOf(queue store.Queue, rows []store.HistoryInterval, loc *time.Location) queueSeries {
	var ser queueSeries
	var day kpi.QueueCounts
	var dayStart time.Time
	flushDay := func() {
		if !dayStart.IsZero() {
			ser.daily = append(ser.daily, ratioPoint(dayStart, day.ServiceLevel(), day.SLBase))
		}
	}
	for _, r := range rows {
		c := measure.HistoryCounts(r, queue.SLFormula)
		ser.total.Add(c)
		if d := localDay(r.IntervalStart, loc); !d.Equal(dayStart) {
			flushDay()
			dayStart, day = d, kpi.QueueCounts{}
		}
		day.Add(c)
		ser.sl = append(ser.sl, ratioPoint(r.IntervalStart, c.ServiceLevel(), c.SLBase))
		ser.asa = append(ser.asa, ratioPoint(r.IntervalStart, c.ASASeconds(), c.Answered))
		ser.abandon = append(ser.abandon, ratioPoint(r.IntervalStart, c.AbandonRate(), c.Offered))
		ser.aht = append(ser.aht, ratioPoint(r.IntervalStart, c.AHTSeconds(), c.Answered))
		ser.offered = append(ser.offered, IntervalPoint{Start: r.IntervalStart, Value: float64(c.Offered), OK: true})
	}
	flushDay()
	return ser
}

// ratioPoint is a point of a ratio over base contacts.
func ratioPoint(start time.Time, r kpi.Ratio, base int) IntervalPoint {
	return IntervalPoint{Start: start, Value: r.Value, OK: r.OK, Base: base}
}

// forecastPoints pairs the published forecast with the offered contacts.
// An interval has an actual when history reaches it: a missing row before
// the last one stored means the queue was closed (offered 0, as in the
// contract), after it the interval has not been reported yet.
func forecastPoints(forecast []store.ForecastInterval, rows []store.HistoryInterval) []ForecastPoint {
	offered := map[int64]int{}
	var last time.Time
	for _, r := range rows {
		offered[r.IntervalStart.Unix()] = r.Offered
		if r.IntervalStart.After(last) {
			last = r.IntervalStart
		}
	}
	points := make([]ForecastPoint, 0, len(forecast))
	for _, f := range forecast {
		p := ForecastPoint{Start: f.IntervalStart, Forecast: f.PlannedVolume(), Low: f.VolumeLow, High: f.VolumeHigh}
		if !last.IsZero() && !f.IntervalStart.After(last) {
			p.Actual, p.HasActual = float64(offered[f.IntervalStart.Unix()]), true
		}
		points = append(points, p)
	}
	return points
}

// agentHeatMaps adds the adherence and strain heat maps of the agents of
// the queue's site over the days shown.
func (p *pages) agentHeatMaps(ctx context.Context, data *DashboardData, siteID, teamID int64, from, to time.Time, tr Translator) error {
	all := store.Scope{All: true} // the dashboard is for managers, who see everyone
	atSite, err := p.dashboardTeams(ctx, data, siteID, teamID, tr)
	if err != nil {
		return err
	}
	agents, err := p.store.ListAgents(ctx, all)
	if err != nil {
		return err
	}
	q := store.KPIQuery{From: kpi.DateOf(from, tr.Location()), To: kpi.DateOf(to, tr.Location()), Scope: all}
	days, err := measure.AgentDayKPIs(ctx, p.store, q)
	if err != nil {
		return err
	}
	occupancy := agentDayMap{ID: "occupancy", TitleKey: "chart.heatmap.occupancy", Column: "occupancy", BlankKey: "chart.heatmap.blank_occupancy", Min: 0.5, Max: 1,
		Value: func(m measure.AgentMeasures) *float64 { return m.Occupancy }}
	for _, build := range []func([]store.Agent, map[int64]bool, []measure.AgentDayKPI, kpi.Date, kpi.Date, Translator) (Chart, bool, error){adherenceHeatMap, occupancy.build} {
		if hm, ok, err := build(agents, atSite, days, q.From, q.To, tr); err != nil {
			return err
		} else if ok {
			data.Charts = append(data.Charts, ChartView{Chart: hm})
		}
	}
	return p.siteStrain(ctx, data, q, atSite, tr)
}

// dashboardTeams fills in the team picker with the site's teams and is
// the teams the heat maps show (the one asked for, else all the site's).
func (p *pages) dashboardTeams(ctx context.Context, data *DashboardData, siteID, teamID int64, tr Translator) (map[int64]bool, error) {
	teams, err := p.store.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	atSite := map[int64]bool{}
	data.Teams = []Option{{Value: "", Label: tr.T("dashboard.all_teams"), Selected: teamID == 0}}
	for _, t := range teams {
		if t.SiteID != siteID {
			continue
		}
		data.Teams = append(data.Teams, Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name, Selected: t.ID == teamID})
		if teamID == 0 || t.ID == teamID {
			atSite[t.ID] = true
		}
	}
	return atSite, nil
}

// siteStrain adds the strain heat map of the teams' agents.
func (p *pages) siteStrain(ctx context.Context, data *DashboardData, q store.KPIQuery, atSite map[int64]bool, tr Translator) error {
	m, err := measure.StrainMap(ctx, p.store, q)
	if err != nil {
		return err
	}
	var rows []store.StrainRow
	for _, r := range m.Agents {
		if atSite[r.TeamID] {
			rows = append(rows, r)
		}
	}
	m.Agents = rows
	hm, _, err := strainView(m, tr)
	if err != nil || hm == nil {
		return err
	}
	data.Charts = append(data.Charts, ChartView{Chart: *hm})
	return nil
}

// agentDayMap is a heat map of one agent-day measure: agents (of the
// site's teams) by day, a fraction shown in percent.
type agentDayMap struct {
	ID, TitleKey, Column string
	BlankKey             string // what a blank cell means
	Min, Max             float64
	HighIsGood           bool
	Value                func(measure.AgentMeasures) *float64
}

// adherenceHeatMap is adherence 50-100%, red low.
func adherenceHeatMap(agents []store.Agent, atSite map[int64]bool, days []measure.AgentDayKPI, from, to kpi.Date, tr Translator) (Chart, bool, error) {
	m := agentDayMap{ID: "adherence", TitleKey: "chart.heatmap.adherence", Column: "adherence", BlankKey: "chart.heatmap.blank_adherence", Min: 0.5, Max: 1, HighIsGood: true,
		Value: func(m measure.AgentMeasures) *float64 { return m.Adherence }}
	return m.build(agents, atSite, days, from, to, tr)
}

// build makes the heat map; ok is false when nobody has a measured day.
func (h agentDayMap) build(agents []store.Agent, atSite map[int64]bool, days []measure.AgentDayKPI, from, to kpi.Date, tr Translator) (Chart, bool, error) {
	var dates []string
	col := map[kpi.Date]int{}
	for d := from; !to.Before(d); d = d.AddDays(1) {
		col[d] = len(dates)
		dates = append(dates, tr.ShortDate(d.Start(time.UTC)))
	}
	row, names, values := blankGrid(agents, atSite, len(dates))
	measured := false
	for _, d := range days {
		i, ok1 := row[d.AgentID]
		j, ok2 := col[d.Day]
		if v := h.Value(d.AgentMeasures); ok1 && ok2 && v != nil {
			values[i][j] = *v
			measured = true
		}
	}
	if !measured {
		return Chart{}, false, nil
	}
	hm, err := HeatMap(HeatMapInput{
		ID: h.ID, Title: tr.T(h.TitleKey), RowName: "agent", ColumnName: "day", ValueName: h.Column,
		Rows: names, Columns: dates, Values: values, Min: h.Min, Max: h.Max, Percent: true, HighIsGood: h.HighIsGood,
		Blank: tr.T(h.BlankKey),
	}, tr)
	return hm, err == nil, err
}

// blankGrid is a heat map's grid of the teams' agents (atSite) by n
// days, every cell blank (NaN), with each agent's row.
func blankGrid(agents []store.Agent, atSite map[int64]bool, n int) (row map[int64]int, names []string, values [][]float64) {
	row = map[int64]int{}
	for _, a := range agents {
		if !atSite[a.TeamID] {
			continue
		}
		row[a.ID] = len(names)
		names = append(names, a.Name)
		r := make([]float64, n)
		for j := range r {
			r[j] = math.NaN()
		}
		values = append(values, r)
	}
	return row, names, values
}

// teamScorecards adds, for the site's teams, the mean review score of the
// last cycle (month) that has reviews, up to the month shown, against the
// scorecard's pass mark.
func (p *pages) teamScorecards(ctx context.Context, data *DashboardData, siteID int64, to time.Time, tr Translator) error {
	all := store.Scope{All: true}
	teams, err := p.store.ListTeams(ctx, all)
	if err != nil {
		return err
	}
	agents, err := p.store.ListAgents(ctx, all)
	if err != nil {
		return err
	}
	teamOf := map[int64]int64{}
	for _, a := range agents {
		teamOf[a.ID] = a.TeamID
	}
	reviews, err := p.store.ListReviews(ctx, store.ReviewFilter{Scope: all})
	if err != nil {
		return err
	}
	cycle := ""
	for _, r := range reviews { // newest cycle first
		if r.Cycle <= to.Format("2006-01") {
			cycle = r.Cycle
			break
		}
	}
	if cycle == "" {
		return nil
	}
	items := teamScores(teams, siteID, teamOf, reviews, cycle)
	if len(items) == 0 {
		return nil
	}
	c := ScorecardBar("scorecards", tr.T("dashboard.scorecards", cycle), items, tr)
	c.Note = tr.T("dashboard.scorecards_note", tr.Number(scorecardPassMark, 0))
	data.Charts = append(data.Charts, ChartView{Chart: c})
	return nil
}

// scorecardPassMark is the score (of 100) a team is expected to reach.
const scorecardPassMark = 80

// teamScores is the mean review score of each team of the site in the
// cycle, over the reviews that have a score.
func teamScores(teams []store.Team, siteID int64, teamOf map[int64]int64, reviews []store.Review, cycle string) []ScoreItem {
	sum, n := map[int64]float64{}, map[int64]int{}
	for _, r := range reviews {
		if r.Cycle != cycle || r.Draft.Score == nil {
			continue
		}
		t := teamOf[r.AgentID]
		sum[t] += *r.Draft.Score
		n[t]++
	}
	var items []ScoreItem
	for _, t := range teams {
		if t.SiteID != siteID || n[t.ID] == 0 {
			continue
		}
		items = append(items, ScoreItem{Label: t.Name, Score: sum[t.ID] / float64(n[t.ID]), Target: scorecardPassMark})
	}
	return items
}
