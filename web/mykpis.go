package web

import (
	"context"
	"math"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/api"
	"wfm/kpi"
	"wfm/store"
)

// kpiDays is how far back "My KPIs" looks.
const kpiDays = 30

// agentKPICharts draws an agent's days: contacts handled, AHT, occupancy,
// adherence, first-contact resolution and satisfaction, each per day,
// against the scorecard's targets where it has one. days are in date
// order; the site's zone places them.
func agentKPICharts(days []store.AgentDayKPI, targets map[string]float64, loc *time.Location, t Translator) []ChartView {
	type series struct {
		id, key, column string
		percent, lower  bool
		value           func(store.AgentMeasures) (float64, bool)
	}
	opt := func(p *float64) (float64, bool) {
		if p == nil {
			return 0, false
		}
		return *p, true
	}
	all := []series{
		{"handled", "kpi.handled", "handled", false, false, func(m store.AgentMeasures) (float64, bool) { return float64(m.Handled), true }},
		{"aht", "kpi.aht_seconds", "aht_seconds", false, true, func(m store.AgentMeasures) (float64, bool) { return opt(m.AHTSeconds) }},
		{"occupancy", "kpi.occupancy", "occupancy", true, false, func(m store.AgentMeasures) (float64, bool) { return opt(m.Occupancy) }},
		{"adherence", "kpi.adherence", "adherence", true, false, func(m store.AgentMeasures) (float64, bool) { return opt(m.Adherence) }},
		{"fcr", "kpi.fcr", "fcr", true, false, func(m store.AgentMeasures) (float64, bool) { return opt(m.FCR) }},
		{"csat", "kpi.csat", "csat", true, false, func(m store.AgentMeasures) (float64, bool) { return opt(m.CSAT) }},
	}
	var views []ChartView
	for _, s := range all {
		points := make([]IntervalPoint, 0, len(days))
		for _, d := range days {
			date, err := kpi.ParseDate(d.Day)
			if err != nil {
				continue
			}
			v, ok := s.value(d.AgentMeasures)
			points = append(points, IntervalPoint{Start: date.Start(loc), Value: v, OK: ok})
		}
		target, has := targets[s.column]
		if !has {
			target = math.NaN()
		}
		views = append(views, ChartView{Chart: MetricChart("kpi_"+s.id, Metric{NameKey: s.key, Column: s.column, Percent: s.percent, Target: target, LowerIsBetter: s.lower}, points, t)})
	}
	return views
}

// myKPIs is the agent's own measures per day over the last 30 days.
func (p *pages) myKPIs(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := api.CurrentPrincipal(c)
	pg.Title = pg.T("nav.my_kpis")
	data := ChartsData{}
	if id := pr.Scope.AgentID; id != 0 {
		_, loc, err := p.siteOfAgent(ctx, id)
		if err != nil {
			p.internal(c, pg, err)
			return
		}
		pg.Translator = NewTranslator(pg.Locale(), loc)
		to := kpi.DateOf(p.now(), loc)
		from := to.AddDays(-(kpiDays - 1))
		days, err := p.store.AgentDayKPIs(ctx, store.KPIQuery{From: from, To: to, AgentID: id, Scope: pr.Scope})
		if err != nil {
			p.internal(c, pg, err)
			return
		}
		data.Intro = pg.T("mykpis.intro", from.String(), to.String())
		if len(days) > 0 {
			targets, err := p.scorecardTargets(ctx, id)
			if err != nil {
				p.internal(c, pg, err)
				return
			}
			data.Charts = agentKPICharts(days, targets, loc, pg.Translator)
		}
	}
	p.write(c, http.StatusOK, "charts", withData(pg, data))
}

func withData(pg Page, data any) Page {
	pg.Data = data
	return pg
}

// scorecardTargets are the targets, by KPI, of the scorecard the agent
// is reviewed on: her team's, else the center's default.
func (p *pages) scorecardTargets(ctx context.Context, agentID int64) (map[string]float64, error) {
	a, err := p.store.GetAgent(ctx, agentID)
	if err != nil {
		return nil, err
	}
	cards, err := p.store.ListScorecards(ctx)
	if err != nil {
		return nil, err
	}
	card := store.DefaultScorecard()
	for _, c := range cards {
		if c.TeamID == nil {
			card = c
		}
	}
	for _, c := range cards {
		if c.TeamID != nil && *c.TeamID == a.TeamID {
			card = c
		}
	}
	targets := map[string]float64{}
	for _, it := range card.Items {
		targets[it.KPI] = it.Target
	}
	return targets, nil
}
