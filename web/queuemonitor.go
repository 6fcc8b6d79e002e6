package web

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/intraday"
	"wfm/kpi"
)

// QueueMonitorData is the data of the "queue_monitor" page: one queue's
// day being lived, interval by interval, against its forecast, its
// requirement and the people on it.
type QueueMonitorData struct {
	Queues []Option
	When   string
	Tiles  []Tile
	Charts []ChartView
	Rows   []QueueMonitorRow
	Empty  string   // why there is nothing to show ("" when there is)
	Advice []string // what would close the rest of the day's gap, or use its surplus
	// OfferForm sends an overtime offer (a gap) or a time off offer (a
	// surplus) for the queue; nil when the rest of the day needs neither.
	OfferForm *OfferForm
}

// QueueMonitorRow is one interval, formatted.
type QueueMonitorRow struct {
	Start, Forecast, Offered, ServiceLevel, ASA, AHT  string
	RequiredVolume, Required, Scheduled, Staffed, Gap string
	Short, Now, Elapsed                               bool
}

// queueMonitorRefresh: the page reloads itself this often, so that its
// charts follow the day (the ACD's interval reports arrive every 15 or 30
// minutes; the reforecast job runs every 15).
const queueMonitorRefresh = 60

// queueMonitor is the intraday queue monitor: ?queue= (default the first).
func (p *pages) queueMonitor(c *gin.Context, pg Page) {
	pg.Title = pg.T("monitor.title")
	data, err := p.queueMonitorData(c.Request.Context(), &pg, c.Query("queue"))
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Data = data
	p.write(c, http.StatusOK, "queue_monitor", pg)
}

// queueMonitorData is the queue's day (the one asked for, else the
// first), in its site's zone, with an offer form when the day is short or
// over-staffed.
func (p *pages) queueMonitorData(ctx context.Context, pg *Page, want string) (QueueMonitorData, error) {
	var data QueueMonitorData
	queues, err := p.store.ListQueues(ctx)
	if err != nil || len(queues) == 0 {
		data.Empty = pg.T("dashboard.no_queues")
		return data, err
	}
	queue := pickQueue(queues, want)
	data.Queues = queueOptions(queues, queue.ID)
	m, err := intraday.QueueDay(ctx, p.store, queue.ID, p.now())
	if err != nil {
		return data, err
	}
	loc, err := time.LoadLocation(m.Timezone)
	if err != nil {
		return data, err
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	pg.Refresh = queueMonitorRefresh
	queueMonitorView(&data, m, queue.ASATargetSeconds, pg.Translator)
	if m.WorstGap != nil || m.WorstSurplus != nil {
		kind := "overtime/end"
		if m.WorstGap == nil {
			kind = "vto/end"
		}
		data.OfferForm = &OfferForm{Kinds: offerKindOptions(pg.Translator, kind), Queues: queueOptions(queues, queue.ID)}
	}
	return data, nil
}

// queueMonitorView formats the monitor: tiles for the day so far and the
// rest of it, the two charts, the interval rows (those with anything to
// say: forecast, actuals, requirement or people) and the advice.
func queueMonitorView(d *QueueMonitorData, m *intraday.QueueMonitor, asaTarget *int, t Translator) {
	d.When = t.T("monitor.when", t.Time(m.At), m.Site)
	d.Tiles = monitorTiles(m, asaTarget, t)
	fc, cov := monitorIntervals(d, m, t)
	if len(d.Rows) == 0 {
		d.Empty = t.T("monitor.empty")
		return
	}
	d.Advice = monitorAdvice(m, t)
	d.Charts = []ChartView{
		{Chart: ForecastVsActualChart("monitor_volume", fc, t)},
		{Chart: RequirementVsScheduledChart("monitor_staffing", cov, t)},
	}
}

// optRatio is a measure that may be missing, as a ratio.
func optRatio(v *float64) kpi.Ratio {
	if v == nil {
		return kpi.Ratio{}
	}
	return kpi.Ratio{Value: *v, OK: true}
}

// orNaN is *v, or NaN (no goal, no point) when v is nil.
func orNaN(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

// monitorTiles are the day so far against its goals, and the rest of it.
func monitorTiles(m *intraday.QueueMonitor, asaTarget *int, t Translator) []Tile {
	pct := func(v float64) string { return t.Percent(v, 1) }
	secs := func(v float64) string { return t.Seconds(v) }
	offered := Tile{Label: t.T("monitor.offered"), Value: t.Number(float64(m.Offered), 0)}
	if m.ForecastSoFar > 0 {
		offered.Target = t.T("monitor.vs_forecast", t.Number(m.ForecastSoFar, 0), t.Percent(float64(m.Offered)/m.ForecastSoFar-1, 1))
	}
	asaGoal := math.NaN()
	if asaTarget != nil {
		asaGoal = float64(*asaTarget)
	}
	rest := Tile{Label: t.T("monitor.rest_short"), Value: strconv.Itoa(m.ShortIntervals)}
	if m.WorstGap != nil {
		rest.Missed = true
		rest.Target = t.T("monitor.worst_gap", t.Number(-*m.WorstGap, 1), t.Time(*m.WorstGapAt), t.Number(m.ShortHours, 1))
	}
	return []Tile{
		offered,
		targetTile(t.T("metric.service_level"), optRatio(m.ServiceLevel), m.SLTarget, false, pct, t),
		targetTile(t.T("metric.asa"), optRatio(m.ASASeconds), asaGoal, true, secs, t),
		targetTile(t.T("metric.abandon_rate"), optRatio(m.AbandonRate), orNaN(m.AbandonTarget), true, pct, t),
		{Label: t.T("metric.aht"), Value: ratioText(optRatio(m.AHTSeconds), secs)},
		rest,
	}
}

// monitorIntervals puts the intervals with anything to say in d's rows,
// and returns their points for the two charts.
func monitorIntervals(d *QueueMonitorData, m *intraday.QueueMonitor, t Translator) ([]ForecastPoint, []CoveragePoint) {
	var fc []ForecastPoint
	var cov []CoveragePoint
	step := time.Duration(m.IntervalSeconds) * time.Second
	for _, iv := range m.Intervals {
		has := iv.ForecastVolume != nil || iv.Offered != nil || iv.Required != nil || iv.Scheduled > 0 || (iv.Staffed != nil && *iv.Staffed > 0)
		if !has {
			continue
		}
		p := ForecastPoint{Start: iv.Start, Forecast: orNaN(iv.ForecastVolume), Low: math.NaN(), High: math.NaN()}
		if iv.Offered != nil {
			p.Actual, p.HasActual = float64(*iv.Offered), true
		}
		fc = append(fc, p)
		req := math.NaN()
		if iv.Required != nil {
			req = float64(*iv.Required)
		}
		cov = append(cov, CoveragePoint{Start: iv.Start, Required: req, Scheduled: iv.Scheduled})
		d.Rows = append(d.Rows, monitorRow(iv, !iv.Start.After(m.At) && iv.Start.Add(step).After(m.At), t))
	}
	return fc, cov
}

// monitorRow is one interval of the monitor's table.
func monitorRow(iv intraday.QueueInterval, now bool, t Translator) QueueMonitorRow {
	pct := func(v float64) string { return t.Percent(v, 1) }
	secs := func(v float64) string { return t.Seconds(v) }
	num := func(v *float64) string {
		if v == nil {
			return noValue
		}
		return t.Number(*v, 1)
	}
	count := func(v *int) string {
		if v == nil {
			return noValue
		}
		return strconv.Itoa(*v)
	}
	row := QueueMonitorRow{Start: t.Time(iv.Start), Forecast: num(iv.ForecastVolume), Offered: count(iv.Offered),
		ServiceLevel: ratioText(optRatio(iv.ServiceLevel), pct), ASA: ratioText(optRatio(iv.ASASeconds), secs), AHT: ratioText(optRatio(iv.AHTSeconds), secs),
		RequiredVolume: num(iv.RequiredVolume), Required: count(iv.Required), Scheduled: t.Number(iv.Scheduled, 1), Staffed: num(iv.Staffed), Gap: num(iv.Gap),
		Elapsed: iv.Elapsed, Now: now}
	row.Short = iv.Gap != nil && *iv.Gap < 0 && !iv.Elapsed
	return row
}

// monitorAdvice says who could close the day's worst gap (extend, start
// early, move an activity) or leave early in its worst surplus.
func monitorAdvice(m *intraday.QueueMonitor, t Translator) []string {
	names := func(cs []intraday.Candidate, key string, at func(intraday.Candidate) time.Time) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = t.T(key, c.Name, t.Time(at(c)))
		}
		return strings.Join(parts, t.T("problem.separator"))
	}
	ends := func(c intraday.Candidate) time.Time { return c.ShiftEnd }
	var advice []string
	if m.WorstGap != nil {
		if len(m.CanExtend) > 0 {
			advice = append(advice, t.T("monitor.can_extend", names(m.CanExtend, "monitor.candidate_ends", ends)))
		}
		if len(m.CanStartEarly) > 0 {
			advice = append(advice, t.T("monitor.can_start_early", names(m.CanStartEarly, "monitor.candidate_starts", func(c intraday.Candidate) time.Time { return c.ShiftStart })))
		}
		if len(m.CanMove) > 0 {
			parts := make([]string, len(m.CanMove))
			for i, a := range m.CanMove {
				parts[i] = t.T("monitor.activity_at", a.Name, t.T("intraday.activity."+a.Kind), a.Title, t.Time(a.Start), t.Time(a.End))
			}
			advice = append(advice, t.T("monitor.can_move", strings.Join(parts, t.T("problem.separator"))))
		}
		if len(advice) == 0 {
			advice = append(advice, t.T("monitor.no_candidates"))
		} else {
			advice = append(advice, t.T("monitor.advice_check"))
		}
	}
	if m.WorstSurplus != nil && len(m.CanLeaveEarly) > 0 {
		advice = append(advice, t.T("monitor.can_leave_early", t.Number(*m.WorstSurplus, 1), names(m.CanLeaveEarly, "monitor.candidate_ends", ends)))
	}
	return advice
}

func ratioText(r kpi.Ratio, show func(float64) string) string {
	if !r.OK {
		return noValue
	}
	return show(r.Value)
}
