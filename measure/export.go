// Package measure holds the measuring workflows: KPIs from contact
// records and interval history, dashboards, adherence and strain. This
// file: the KPI tables as spreadsheets (per queue and interval, per agent
// and day), in the reader's language, for the doors to send.
package measure

import (
	"context"
	"fmt"
	"sort"
	"time"

	"wfm/civil"
	"wfm/sheet"
	"wfm/store"
)

// Say says a message of the interface's catalogs (web/i18n) in the
// reader's language: the doors pass their translator.
type Say func(key string, args ...any) string

// queueHeader is the header of a queue-interval table.
func queueHeader(say Say) []string {
	return []string{say("export.kpi.queue"), say("export.kpi.interval"), say("metric.offered"), say("metric.answered"),
		say("metric.abandoned"), say("metric.service_level"), say("metric.asa"), say("metric.abandon_rate"), say("metric.aht")}
}

// queueRow is one interval: its start as the wall clock of the queue's
// zone, the counts, the ratios (empty without a denominator), waits and
// handle times as durations.
func queueRow(queue string, start time.Time, loc *time.Location, m QueueMeasures, answered bool) []sheet.Cell {
	pct := func(v float64) sheet.Cell { return sheet.PercentCell(v, 1) }
	dur := func(v float64) sheet.Cell {
		return sheet.DurationCell(time.Duration(v * float64(time.Second)).Round(time.Second))
	}
	row := []sheet.Cell{sheet.TextCell(queue), sheet.InstantCell(start, loc), sheet.IntCell(m.Offered), {}, {}}
	if answered {
		row[3], row[4] = sheet.IntCell(m.Answered), sheet.IntCell(m.Abandoned)
	}
	return append(row, sheet.Optional(m.ServiceLevel, pct), sheet.Optional(m.ASASeconds, dur),
		sheet.Optional(m.AbandonRate, pct), sheet.Optional(m.AHTSeconds, dur))
}

// QueueIntervalTables are the queue x interval KPIs of the query (the
// stored counts of contacts, as GET /api/v1/kpi/queue-intervals), one
// table per queue, intervals in the queue's site zone.
func QueueIntervalTables(ctx context.Context, st *store.Store, q store.KPIQuery, say Say) ([]sheet.Table, error) {
	reports, err := QueueIntervalKPIs(ctx, st, q)
	if err != nil {
		return nil, err
	}
	names, err := queueNames(ctx, st)
	if err != nil {
		return nil, err
	}
	tables := make([]sheet.Table, 0, len(reports))
	for _, r := range reports {
		loc, err := time.LoadLocation(r.Zone)
		if err != nil {
			return nil, fmt.Errorf("queue %s zone: %w", r.Queue, err)
		}
		t := sheet.Table{Name: names[r.QueueID], Header: queueHeader(say)}
		for _, iv := range r.Intervals {
			t.Rows = append(t.Rows, queueRow(names[r.QueueID], iv.IntervalStart, loc, iv.QueueMeasures, true))
		}
		tables = append(tables, t)
	}
	return tables, nil
}

func queueNames(ctx context.Context, st *store.Store) (map[int64]string, error) {
	queues, err := st.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, qu := range queues {
		names[qu.ID] = qu.Name
	}
	return names, nil
}

// Dashboard asks for what the dashboard shows: a queue's interval history
// over days of its site, and the agents of the site (or one team) by day.
type Dashboard struct {
	QueueID  int64
	From, To civil.Date // inclusive, in the queue's site zone
	TeamID   int64      // 0: every team of the site
}

// DashboardTables are the dashboard's data as tables: the queue's
// imported interval history (what its charts draw) and the agent-day
// KPIs of the site's agents over the same days. For managers, who see
// everyone (the dashboard is theirs).
func DashboardTables(ctx context.Context, st *store.Store, d Dashboard, say Say) ([]sheet.Table, error) {
	queue, err := st.GetQueue(ctx, d.QueueID)
	if err != nil {
		return nil, err
	}
	site, err := st.GetSite(ctx, queue.SiteID)
	if err != nil {
		return nil, err
	}
	loc := site.Location()
	rows, err := st.History(ctx, store.HistoryFilter{QueueID: queue.ID, From: d.From.Start(loc), To: d.To.AddDays(1).Start(loc)})
	if err != nil {
		return nil, err
	}
	intervals := sheet.Table{Name: queue.Name, Header: queueHeader(say)}
	for _, r := range rows {
		intervals.Rows = append(intervals.Rows, queueRow(queue.Name, r.IntervalStart, loc, historyMeasures(r, queue.SLFormula), r.Answered != nil))
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	var siteTeams []int64
	for _, t := range teams {
		if t.SiteID == site.ID && (d.TeamID == 0 || t.ID == d.TeamID) {
			siteTeams = append(siteTeams, t.ID)
		}
	}
	// The site's agents only: a scope of its teams.
	agents, err := AgentDayTable(ctx, st, store.KPIQuery{From: d.From, To: d.To, Scope: store.Scope{TeamIDs: siteTeams}}, say)
	if err != nil {
		return nil, err
	}
	return []sheet.Table{intervals, agents}, nil
}

// historyMeasures are an imported interval's counts and ratios, read as
// the dashboard reads them (store.HistoryInterval.Counts).
func historyMeasures(r store.HistoryInterval, formula string) QueueMeasures {
	c := HistoryCounts(r, formula)
	return QueueMeasures{Offered: c.Offered, Answered: c.Answered, Abandoned: c.Abandoned,
		ServiceLevel: store.Ratio(c.ServiceLevel()), ASASeconds: store.Ratio(c.ASASeconds()),
		AHTSeconds: store.Ratio(c.AHTSeconds()), AbandonRate: store.Ratio(c.AbandonRate())}
}

// AgentDayTable is the agent x day KPIs of the query within its scope (an
// agent: herself; a supervisor: her teams), as GET /api/v1/kpi/agent-days:
// one row per agent and day, by team, agent and day.
func AgentDayTable(ctx context.Context, st *store.Store, q store.KPIQuery, say Say) (sheet.Table, error) {
	t := sheet.Table{Name: say("export.kpi.agent_days"), Header: []string{say("export.kpi.team"), say("export.kpi.agent"), say("export.kpi.code"),
		say("export.kpi.day"), say("kpi.handled"), say("kpi.aht_seconds"), say("kpi.occupancy"), say("kpi.adherence"),
		say("kpi.conformance"), say("kpi.fcr"), say("kpi.csat")}}
	days, err := AgentDayKPIs(ctx, st, q)
	if err != nil {
		return t, err
	}
	agents, err := st.ListAgents(ctx, q.Scope)
	if err != nil {
		return t, err
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return t, err
	}
	agentName, teamName := map[int64]string{}, map[int64]string{}
	for _, a := range agents {
		agentName[a.ID] = a.Name
	}
	for _, tm := range teams {
		teamName[tm.ID] = tm.Name
	}
	sort.SliceStable(days, func(i, j int) bool {
		a, b := days[i], days[j]
		if teamName[a.TeamID] != teamName[b.TeamID] {
			return teamName[a.TeamID] < teamName[b.TeamID]
		}
		if agentName[a.AgentID] != agentName[b.AgentID] {
			return agentName[a.AgentID] < agentName[b.AgentID]
		}
		return a.Day.Before(b.Day)
	})
	pct := func(v float64) sheet.Cell { return sheet.PercentCell(v, 1) }
	dur := func(v float64) sheet.Cell {
		return sheet.DurationCell(time.Duration(v * float64(time.Second)).Round(time.Second))
	}
	for _, d := range days {
		m := d.AgentMeasures
		t.Rows = append(t.Rows, []sheet.Cell{sheet.TextCell(teamName[d.TeamID]), sheet.TextCell(agentName[d.AgentID]), sheet.TextCell(d.Agent),
			sheet.DayCell(d.Day.String()), sheet.IntCell(m.Handled), sheet.Optional(m.AHTSeconds, dur), sheet.Optional(m.Occupancy, pct),
			sheet.Optional(m.Adherence, pct), sheet.Optional(m.Conformance, pct), sheet.Optional(m.FCR, pct), sheet.Optional(m.CSAT, pct)})
	}
	return t, nil
}
