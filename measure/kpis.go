package measure

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/store"
)

// The KPI reports: the stored counts (queue intervals of 15 minutes,
// agent days) added up to what a report asks for (an interval, a day, a
// week, a month; an agent or a team) and the ratios made from them, as
// the KPI API, the dashboard and an agent's own page show them. The
// store reads the rows; the sums, the formulas and the refusals are here.

// QueueMeasures are a queue's counts over some time and the ratios made
// from them; a ratio with a zero denominator is null.
type QueueMeasures struct {
	Offered        int      `json:"offered"`
	Answered       int      `json:"answered"`
	Abandoned      int      `json:"abandoned"`
	ShortAbandoned int      `json:"short_abandoned"`
	AnsweredInSL   int      `json:"answered_in_sl"`
	SLBase         int      `json:"sl_base"`
	WaitSeconds    float64  `json:"wait_seconds"`
	HandleSeconds  float64  `json:"handle_seconds"`
	ServiceLevel   *float64 `json:"service_level"`
	ASASeconds     *float64 `json:"asa_seconds"`
	AHTSeconds     *float64 `json:"aht_seconds"`
	AbandonRate    *float64 `json:"abandon_rate"`
}

func queueMeasures(c kpi.QueueCounts) QueueMeasures {
	return QueueMeasures{
		Offered: c.Offered, Answered: c.Answered, Abandoned: c.Abandoned, ShortAbandoned: c.ShortAbandoned,
		AnsweredInSL: c.AnsweredInSL, SLBase: c.SLBase, WaitSeconds: c.WaitSeconds, HandleSeconds: c.HandleSeconds,
		ServiceLevel: store.Ratio(c.ServiceLevel()), ASASeconds: store.Ratio(c.ASASeconds()), AHTSeconds: store.Ratio(c.AHTSeconds()),
		AbandonRate: store.Ratio(c.AbandonRate()),
	}
}

// QueueIntervalKPI is one queue interval.
type QueueIntervalKPI struct {
	IntervalStart time.Time `json:"interval_start"` // in the queue's site zone
	QueueMeasures
}

// QueuePeriodKPI is one queue's day, week or month.
type QueuePeriodKPI struct {
	Period kpi.Period `json:"period"`
	Start  kpi.Date   `json:"start"` // first local day
	QueueMeasures
}

// QueueKPIs is one queue's report, saying which service-level formula the
// numbers were computed with.
type QueueKPIs struct {
	QueueID         int64              `json:"queue_id"`
	Queue           string             `json:"queue"`
	Zone            string             `json:"zone"`
	SLFormula       string             `json:"sl_formula"`
	SLFormulaUsed   string             `json:"sl_formula_used"` // in words, with the threshold
	IntervalSeconds int                `json:"interval_seconds,omitempty"`
	Intervals       []QueueIntervalKPI `json:"intervals,omitempty"`
	Periods         []QueuePeriodKPI   `json:"periods,omitempty"`
}

// describeGoal names the formula of the stored rows (the queue's current
// one when there are none) and refuses rows that mix formulas.
func describeGoal(qu store.Queue, rs []store.KPIInterval) (string, string, error) {
	g := store.ServiceGoalOf(qu)
	if len(rs) > 0 {
		g = rs[0].Goal()
	}
	for _, r := range rs {
		if r.Goal() != g {
			return "", "", fault.Errorf(fault.Conflict, "queue %s: the stored intervals were computed with different service-level formulas (%s and %s); recompute the rollup", qu.Code, g.Describe(), r.Goal().Describe())
		}
	}
	name := qu.SLFormula
	if len(rs) > 0 && g != store.ServiceGoalOf(qu) {
		name = string(g.Formula) + " (as stored; the queue's goal has changed since: recompute)"
	}
	return name, g.Describe(), nil
}

// QueueIntervalKPIs is queue x interval over the query's days: the stored
// 15-minute counts, added up to the query's interval.
func QueueIntervalKPIs(ctx context.Context, st *store.Store, q store.KPIQuery) ([]QueueKPIs, error) {
	queues, zones, rows, err := st.QueueKPIRows(ctx, q)
	if err != nil {
		return nil, err
	}
	interval := q.Interval
	if interval == 0 {
		interval = store.KPIGrid
	}
	out := make([]QueueKPIs, 0, len(queues))
	for _, qu := range queues {
		loc := zones[qu.SiteID]
		rs := rows[qu.ID]
		name, used, err := describeGoal(qu, rs)
		if err != nil {
			return nil, err
		}
		rep := QueueKPIs{QueueID: qu.ID, Queue: qu.Code, Zone: loc.String(), SLFormula: name, SLFormulaUsed: used,
			IntervalSeconds: int(interval / time.Second), Intervals: []QueueIntervalKPI{}}
		var cur kpi.QueueCounts
		var start time.Time
		for i, r := range rs {
			st := kpi.IntervalStart(r.IntervalStart, interval, loc)
			if i > 0 && !st.Equal(start) {
				rep.Intervals = append(rep.Intervals, QueueIntervalKPI{start, queueMeasures(cur)})
				cur = kpi.QueueCounts{}
			}
			start = st
			cur.Add(r.Counts())
		}
		if len(rs) > 0 {
			rep.Intervals = append(rep.Intervals, QueueIntervalKPI{start, queueMeasures(cur)})
		}
		out = append(out, rep)
	}
	return out, nil
}

// QueuePeriodKPIs rolls the stored queue intervals up to days, weeks or
// months in each queue's zone.
func QueuePeriodKPIs(ctx context.Context, st *store.Store, q store.KPIQuery) ([]QueueKPIs, error) {
	if err := q.Period.Validate(); err != nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid KPI query", Fields: map[string]string{"period": err.Error()}}
	}
	queues, zones, rows, err := st.QueueKPIRows(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]QueueKPIs, 0, len(queues))
	for _, qu := range queues {
		loc := zones[qu.SiteID]
		rs := rows[qu.ID]
		name, used, err := describeGoal(qu, rs)
		if err != nil {
			return nil, err
		}
		in := make([]kpi.QueueInterval, len(rs))
		for i, r := range rs {
			in[i] = kpi.QueueInterval{Queue: qu.Code, Start: r.IntervalStart, Goal: r.Goal(), QueueCounts: r.Counts()}
		}
		periods, err := kpi.RollupQueues(in, q.Period, func(string) *time.Location { return loc })
		if err != nil {
			return nil, fmt.Errorf("roll up queue %s: %w", qu.Code, err)
		}
		rep := QueueKPIs{QueueID: qu.ID, Queue: qu.Code, Zone: loc.String(), SLFormula: name, SLFormulaUsed: used, Periods: []QueuePeriodKPI{}}
		for _, p := range periods {
			rep.Periods = append(rep.Periods, QueuePeriodKPI{Period: p.Period, Start: p.Start, QueueMeasures: queueMeasures(p.QueueCounts)})
		}
		out = append(out, rep)
	}
	return out, nil
}

// AgentMeasures are an agent's (or a team's) counts and the ratios made
// from them; a ratio with a zero denominator is null.
type AgentMeasures struct {
	Handled               int      `json:"handled"`
	HandleSeconds         float64  `json:"handle_seconds"`
	Difficult             int      `json:"difficult"`
	AvailableSeconds      float64  `json:"available_seconds"`
	ContactSeconds        float64  `json:"contact_seconds"`
	ACWSeconds            float64  `json:"acw_seconds"`
	ScheduledSeconds      float64  `json:"scheduled_seconds"`
	ScheduledWorkSeconds  float64  `json:"scheduled_work_seconds"`
	OutOfAdherenceSeconds float64  `json:"out_of_adherence_seconds"`
	ResolvedKnown         int      `json:"resolved_known"`
	Resolved              int      `json:"resolved"`
	CSATScored            int      `json:"csat_scored"`
	CSATGood              int      `json:"csat_good"`
	AHTSeconds            *float64 `json:"aht_seconds"`
	Occupancy             *float64 `json:"occupancy"`
	Adherence             *float64 `json:"adherence"`
	Conformance           *float64 `json:"conformance"`
	FCR                   *float64 `json:"fcr"`
	CSAT                  *float64 `json:"csat"`
	DifficultShare        *float64 `json:"difficult_share"`
}

func agentMeasures(c kpi.AgentCounts) AgentMeasures {
	return AgentMeasures{
		Handled: c.Handled, HandleSeconds: c.HandleSeconds, Difficult: c.Difficult,
		AvailableSeconds: c.Available.Seconds(), ContactSeconds: c.OnContact.Seconds(), ACWSeconds: c.ACW.Seconds(),
		ScheduledSeconds: c.Scheduled.Seconds(), ScheduledWorkSeconds: c.ScheduledWork.Seconds(),
		OutOfAdherenceSeconds: c.OutOfAdherence.Seconds(),
		ResolvedKnown:         c.ResolvedKnown, Resolved: c.Resolved, CSATScored: c.CSATScored, CSATGood: c.CSATGood,
		AHTSeconds: store.Ratio(c.AHTSeconds()), Occupancy: store.Ratio(c.Occupancy()), Adherence: store.Ratio(c.Adherence()),
		Conformance: store.Ratio(c.Conformance()), FCR: store.Ratio(c.FCR()), CSAT: store.Ratio(c.CSAT()), DifficultShare: store.Ratio(c.DifficultShare()),
	}
}

// AgentDayKPI is one agent's day.
type AgentDayKPI struct {
	AgentID int64      `json:"agent_id"`
	Agent   string     `json:"agent"` // her code
	TeamID  int64      `json:"team_id"`
	Day     civil.Date `json:"day"`
	AgentMeasures
}

// GroupPeriodKPI is an agent's or a team's day, week or month.
type GroupPeriodKPI struct {
	AgentID int64      `json:"agent_id,omitempty"`
	Agent   string     `json:"agent,omitempty"`
	TeamID  int64      `json:"team_id"`
	Team    string     `json:"team,omitempty"`
	Period  kpi.Period `json:"period"`
	Start   kpi.Date   `json:"start"`
	Agents  int        `json:"agents"`
	AgentMeasures
}

// AgentDayKPIs is agent x day over the query's days, within the scope.
func AgentDayKPIs(ctx context.Context, st *store.Store, q store.KPIQuery) ([]AgentDayKPI, error) {
	rows, agents, err := st.AgentDayRows(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]AgentDayKPI, 0, len(rows))
	for _, r := range rows {
		a := agents[r.AgentID]
		out = append(out, AgentDayKPI{AgentID: r.AgentID, Agent: a.Code, TeamID: a.TeamID, Day: r.Day, AgentMeasures: agentMeasures(r.Counts())})
	}
	return out, nil
}

func domainDays(rows []store.KPIAgentDay) []kpi.AgentDay {
	days := make([]kpi.AgentDay, 0, len(rows))
	for _, r := range rows {
		days = append(days, kpi.AgentDay{Agent: strconv.FormatInt(r.AgentID, 10), Date: r.Day, AgentCounts: r.Counts()})
	}
	return days
}

// AgentPeriodKPIs rolls each agent's days up to days, weeks or months.
func AgentPeriodKPIs(ctx context.Context, st *store.Store, q store.KPIQuery) ([]GroupPeriodKPI, error) {
	if err := q.Period.Validate(); err != nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid KPI query", Fields: map[string]string{"period": err.Error()}}
	}
	rows, agents, err := st.AgentDayRows(ctx, q)
	if err != nil {
		return nil, err
	}
	periods, err := kpi.RollupAgents(domainDays(rows), q.Period)
	if err != nil {
		return nil, err
	}
	out := make([]GroupPeriodKPI, 0, len(periods))
	for _, p := range periods {
		id, _ := strconv.ParseInt(p.Group, 10, 64)
		a := agents[id]
		out = append(out, GroupPeriodKPI{AgentID: id, Agent: a.Code, TeamID: a.TeamID, Period: p.Period,
			Start: p.Start, Agents: p.Agents, AgentMeasures: agentMeasures(p.AgentCounts)})
	}
	return out, nil
}

// TeamPeriodKPIs rolls the days of each team's agents (her current team)
// up to days, weeks or months, for the teams in scope.
func TeamPeriodKPIs(ctx context.Context, st *store.Store, q store.KPIQuery) ([]GroupPeriodKPI, error) {
	if err := q.Period.Validate(); err != nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid KPI query", Fields: map[string]string{"period": err.Error()}}
	}
	if !q.Scope.All {
		// A supervisor's team numbers are her teams' agents, not herself.
		q.Scope = store.Scope{TeamIDs: q.Scope.TeamIDs}
	}
	rows, agents, err := st.AgentDayRows(ctx, q)
	if err != nil {
		return nil, err
	}
	team := map[string]string{}
	for id, a := range agents {
		team[strconv.FormatInt(id, 10)] = strconv.FormatInt(a.TeamID, 10)
	}
	periods, err := kpi.RollupTeams(domainDays(rows), q.Period, team)
	if err != nil {
		return nil, err
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	out := make([]GroupPeriodKPI, 0, len(periods))
	for _, p := range periods {
		id, _ := strconv.ParseInt(p.Group, 10, 64)
		out = append(out, GroupPeriodKPI{TeamID: id, Team: names[id], Period: p.Period, Start: p.Start,
			Agents: p.Agents, AgentMeasures: agentMeasures(p.AgentCounts)})
	}
	return out, nil
}
