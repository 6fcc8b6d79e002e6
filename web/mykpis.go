package web

import (
	"context"
	"math"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
)

// kpiDays is how far back "My KPIs" looks.
const kpiDays = 30

// agentKPICharts draws an agent's days: contacts handled, AHT, occupancy,
// adherence, first-contact resolution and satisfaction, each per day,
// against the scorecard's targets where it has one. Her AHT is judged,
// day by day, against her own target (ahtTargets, by day: the targets of
// the queues she handled, weighted by her contacts), else the
// scorecard's. days are in date order; the site's zone places them.
func agentKPICharts(days []measure.AgentDayKPI, targets, ahtTargets map[string]float64, loc *time.Location, t Translator) []ChartView {
	var views []ChartView
	for _, s := range agentKPISeries {
		target, has := targets[s.column]
		if !has {
			target = math.NaN()
		}
		m := Metric{NameKey: s.key, Column: s.column, Percent: s.unit == UnitPercent, Unit: s.unit, Target: target, LowerIsBetter: s.lower}
		views = append(views, ChartView{Chart: MetricChart("kpi_"+s.id, m, s.points(days, ahtTargets, loc), t)})
	}
	return views
}

// agentKPI is one measure of an agent's days, charted.
type agentKPI struct {
	id, key, column string
	unit            Unit
	lower           bool
	value           func(measure.AgentMeasures) (float64, bool)
	base            func(measure.AgentMeasures) int // the contacts a value rests on; nil: not a count of contacts
}

// points are the measure's value on each day; handle time is judged
// against each day's own target (ahtTargets by day) where there is one.
func (s agentKPI) points(days []measure.AgentDayKPI, ahtTargets map[string]float64, loc *time.Location) []IntervalPoint {
	points := make([]IntervalPoint, 0, len(days))
	for _, d := range days {
		v, ok := s.value(d.AgentMeasures)
		p := IntervalPoint{Start: d.Day.Start(loc), Value: v, OK: ok}
		if s.base != nil {
			p.Base = s.base(d.AgentMeasures)
		}
		if own, has := ahtTargets[d.Day.String()]; has && s.column == "aht_seconds" {
			p.Target, p.HasTarget = own, true
		}
		points = append(points, p)
	}
	return points
}

func optional(p *float64) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

// agentKPISeries are the charts of an agent's KPIs page, in order.
var agentKPISeries = []agentKPI{
	{"handled", "kpi.handled", "handled", UnitContacts, false, func(m measure.AgentMeasures) (float64, bool) { return float64(m.Handled), true }, nil},
	{"aht", "kpi.aht_seconds", "aht_seconds", UnitSeconds, true, func(m measure.AgentMeasures) (float64, bool) { return optional(m.AHTSeconds) },
		func(m measure.AgentMeasures) int { return m.Handled }},
	{"occupancy", "kpi.occupancy", "occupancy", UnitPercent, false, func(m measure.AgentMeasures) (float64, bool) { return optional(m.Occupancy) }, nil},
	{"adherence", "kpi.adherence", "adherence", UnitPercent, false, func(m measure.AgentMeasures) (float64, bool) { return optional(m.Adherence) }, nil},
	{"fcr", "kpi.fcr", "fcr", UnitPercent, false, func(m measure.AgentMeasures) (float64, bool) { return optional(m.FCR) },
		func(m measure.AgentMeasures) int { return m.ResolvedKnown }},
	{"csat", "kpi.csat", "csat", UnitPercent, false, func(m measure.AgentMeasures) (float64, bool) { return optional(m.CSAT) },
		func(m measure.AgentMeasures) int { return m.CSATScored }},
}

// myKPIs is the agent's own measures per day over the last 30 days.
func (p *pages) myKPIs(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	pg.Title = pg.T("nav.my_kpis")
	data := ChartsData{}
	if id := pr.Scope.AgentID; id != 0 {
		_, loc, err := p.siteOfAgent(ctx, id)
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		pg.Translator = NewTranslator(pg.Locale(), loc)
		to := kpi.DateOf(p.now(), loc)
		from := to.AddDays(-(kpiDays - 1))
		days, err := measure.AgentDayKPIs(ctx, p.store, store.KPIQuery{From: from, To: to, AgentID: id, Scope: pr.Scope})
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		data.Intro = pg.T("mykpis.intro", from.String(), to.String())
		if len(days) > 0 {
			targets, err := p.scorecardTargets(ctx, id)
			if err != nil {
				p.problem(c, pg, err)
				return
			}
			aht, err := measure.AgentAHTTargets(ctx, p.store, store.KPIQuery{From: from, To: to, AgentID: id, Scope: pr.Scope})
			if err != nil {
				p.problem(c, pg, err)
				return
			}
			data.Charts = agentKPICharts(days, targets, aht[id], loc, pg.Translator)
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
