package web

import (
	"context"
	"math"
	"strconv"
	"time"

	"wfm/auth"
	"wfm/civil"
	"wfm/rostering"
	"wfm/store"
)

// boardSimulationRuns is how many times the board simulates each day: a
// tenth of a second for a week of two queues, and steadier than one run.
const boardSimulationRuns = 10

// RosterSimView is the board's simulation of its roster: per
// queue, each day of the week against the goal, and the chosen day's
// service level interval by interval.
type RosterSimView struct {
	Title  string          // what is simulated: the published roster, or one version
	Days   []WeekDay       // the week's days (labels and links)
	Rows   []SimulationRow // one per simulated queue
	Charts []ChartView     // the chosen day, one per queue with contacts
	Missed int             // queue-days of the week that miss their goal
}

// SimulationRow is a queue's week.
type SimulationRow struct {
	Queue string
	Goal  string // "80% in 20s"
	Cells []SimulationCell
}

// SimulationCell is one queue-day: blank when no published roster covers
// the day.
type SimulationCell struct {
	Simulated bool
	Missed    bool
	SL        string // the day's simulated service level
	Detail    string // ASA and abandonment, for the tooltip and the reader
}

// rosterSimulation simulates the board's roster (the published versions
// of the site, or the one version shown) over the week holding day
// (Monday to Sunday). nil when it covers none of its days.
func (p *pages) rosterSimulation(ctx context.Context, pr *auth.Principal, b rosterBoard, day time.Time, t Translator) (*RosterSimView, error) {
	first := civil.Of(day, day.Location()).Monday()
	last := first.AddDays(6)
	versions, err := p.weekVersions(ctx, pr, b, first, last)
	if err != nil {
		return nil, err
	}
	var sims []*rostering.RosterSimulation
	for _, v := range versions {
		from, to := first, last
		if v.StartDate.After(from) {
			from = v.StartDate
		}
		if end := v.EndDate().AddDays(-1); end.Before(to) {
			to = end
		}
		sim, err := rostering.SimulateRoster(ctx, p.store, pr.Scope, v.ID, rostering.RosterSimOptions{Seed: 1, Runs: boardSimulationRuns, From: from, To: to})
		if err != nil {
			return nil, err
		}
		sims = append(sims, sim)
	}
	v := simulationView(sims, first.Start(day.Location()), day, b.link, t)
	if v != nil {
		v.Title = t.T("sim.title")
		if b.version != nil {
			v.Title = t.T("sim.title_version")
		}
	}
	return v, nil
}

// weekVersions are the versions the board's week (first to last) shows:
// the board's own version if it covers the week, else the site's
// published ones.
func (p *pages) weekVersions(ctx context.Context, pr *auth.Principal, b rosterBoard, first, last civil.Date) ([]store.ScheduleVersion, error) {
	if b.version == nil {
		return p.store.ListScheduleVersions(ctx, pr.Scope, store.ScheduleFilter{SiteID: b.siteID, Status: store.SchedulePublished,
			From: first, To: first.AddDays(7)})
	}
	if !b.version.StartDate.After(last) && b.version.EndDate().After(first) {
		return []store.ScheduleVersion{*b.version}, nil
	}
	return []store.ScheduleVersion{}, nil
}

// simulationView lays simulations out as queues by the seven days from
// monday, with the interval charts of day.
func simulationView(sims []*rostering.RosterSimulation, monday, day time.Time, link func(time.Time) string, t Translator) *RosterSimView {
	queues := simulatedQueues(sims)
	if len(queues) == 0 {
		return nil
	}
	v := &RosterSimView{}
	for i := range 7 {
		d := monday.AddDate(0, 0, i)
		v.Days = append(v.Days, WeekDay{Label: t.DayDate(d), URL: link(d), Today: d.Equal(day)})
	}
	chosen := civil.Of(day, day.Location())
	for _, qd := range queues {
		row, missed := simulationRow(qd, monday, t)
		v.Rows, v.Missed = append(v.Rows, row), v.Missed+missed
		if d, ok := qd.days[chosen]; ok && d.Offered > 0 {
			v.Charts = append(v.Charts, ChartView{Chart: simulatedDayChart(qd.q, d, t)})
		}
	}
	return v
}

// simQueue is a queue's simulated days, by date.
type simQueue struct {
	q    rostering.QueueSimulation
	days map[civil.Date]rostering.SimulatedDay
}

// simulatedQueues gathers the simulations' queues, in the order first seen.
func simulatedQueues(sims []*rostering.RosterSimulation) []*simQueue {
	var out []*simQueue
	byQueue := map[int64]*simQueue{}
	for _, sim := range sims {
		for _, q := range sim.Queues {
			qd := byQueue[q.QueueID]
			if qd == nil {
				qd = &simQueue{q: q, days: map[civil.Date]rostering.SimulatedDay{}}
				byQueue[q.QueueID] = qd
				out = append(out, qd)
			}
			for _, d := range q.Days {
				qd.days[d.Date] = d
			}
		}
	}
	return out
}

// simulationRow is a queue's week from monday, a cell a day, and how many
// of its days miss the goal.
func simulationRow(qd *simQueue, monday time.Time, t Translator) (SimulationRow, int) {
	row := SimulationRow{Queue: qd.q.Name, Goal: t.T("sim.goal", t.Percent(qd.q.SLTarget, 0), t.Seconds(float64(qd.q.SLThresholdSeconds)))}
	missed := 0
	for i := range 7 {
		date := civil.Of(monday, monday.Location()).AddDays(i)
		d, ok := qd.days[date]
		cell := SimulationCell{Simulated: ok}
		if ok {
			cell.Missed = !d.MeetsGoal
			cell.SL, cell.Detail = t.T("sim.no_contacts"), ""
			if d.ServiceLevel != nil {
				cell.SL = t.Percent(*d.ServiceLevel, 0)
				cell.Detail = t.T("sim.detail", t.Number(d.Offered, 0), secondsOr(d.ASASeconds, t), percentOr(d.AbandonRate, t))
			}
			if cell.Missed {
				missed++
			}
		}
		row.Cells = append(row.Cells, cell)
	}
	return row, missed
}

// simulatedDayChart is a queue's simulated service level through a day.
func simulatedDayChart(q rostering.QueueSimulation, d rostering.SimulatedDay, t Translator) Chart {
	points := make([]IntervalPoint, len(d.Intervals))
	for i, in := range d.Intervals {
		points[i] = IntervalPoint{Start: in.Start}
		if in.ServiceLevel != nil {
			points[i].Value, points[i].OK = *in.ServiceLevel, true
		}
	}
	// The id is the queue's number: a code is typed by people
	// ("voice-vip", "热线") and need not make a DOM id.
	chart := ServiceLevelChart("simulated_sl_"+strconv.FormatInt(q.QueueID, 10), points, q.SLTarget, t)
	chart.Title = t.T("sim.chart_title", q.Name)
	chart.Note += " " + t.T("sim.chart_note", d.Date, simulatedDaySummary(d, t))
	return chart
}

func simulatedDaySummary(d rostering.SimulatedDay, t Translator) string {
	sl := math.NaN()
	if d.ServiceLevel != nil {
		sl = *d.ServiceLevel
	}
	return t.T("sim.day_summary", t.Percent(sl, 1), secondsOr(d.ASASeconds, t), percentOr(d.AbandonRate, t))
}

func secondsOr(v *float64, t Translator) string {
	if v == nil {
		return t.Seconds(math.NaN())
	}
	return t.Seconds(*v)
}

func percentOr(v *float64, t Translator) string {
	if v == nil {
		return t.Percent(math.NaN(), 1)
	}
	return t.Percent(*v, 1)
}

// markMissedDays marks the days of the week view (and of the simulation's
// own header) on which some queue misses its goal.
func markMissedDays(week *RosterWeek, sim *RosterSimView) {
	if sim == nil {
		return
	}
	for _, row := range sim.Rows {
		for i, c := range row.Cells {
			if !c.Missed {
				continue
			}
			sim.Days[i].Missed = true
			if week != nil && i < len(week.Days) {
				week.Days[i].Missed = true
			}
		}
	}
}
