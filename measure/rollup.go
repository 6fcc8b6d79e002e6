package measure

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"wfm/fault"
	"wfm/kpi"
	"wfm/store"
)

// RollupResult says what a KPI rollup recomputed.
type RollupResult struct {
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Contacts  int       `json:"contacts"`   // contacts read for the queue intervals
	Intervals int       `json:"intervals"`  // queue intervals written
	AgentDays int       `json:"agent_days"` // agent days written
}

// RollupKPIs recomputes the stored KPI counts touched by [from, to): the
// 15-minute queue intervals (in each queue's site zone) overlapping the
// window, and the whole local days of the agents (in their site's zone)
// overlapping it. Everything is recomputed from the contacts and states,
// so running it twice gives the same counts; the rows are replaced in one
// transaction.
func RollupKPIs(ctx context.Context, st *store.Store, from, to time.Time) (RollupResult, error) {
	return RollupKPIsAgainst(ctx, st, from, to, PublishedSchedule(st))
}

// RollupKPIsAgainst is RollupKPIs with adherence measured against the
// activities schedule gives (tests, or a schedule not yet published).
func RollupKPIsAgainst(ctx context.Context, st *store.Store, from, to time.Time, schedule ActivitySource) (RollupResult, error) {
	return rollup(ctx, st, from, to, schedule, 0)
}

// RollupSiteDay recomputes the stored KPI counts of one site for its local
// day daysBack before the one holding now (0: today so far, 1: yesterday):
// its queues' intervals and its agents' days. The nightly work is cut
// into one such part per site, so that replicas share it.
func RollupSiteDay(ctx context.Context, st *store.Store, siteID int64, now time.Time, daysBack int) (RollupResult, error) {
	zones, err := st.SiteZones(ctx)
	if err != nil {
		return RollupResult{}, err
	}
	loc, ok := zones[siteID]
	if !ok {
		return RollupResult{}, &fault.Error{Code: fault.NotFound, Message: fmt.Sprintf("site %d not found", siteID)}
	}
	d := kpi.DateOf(now, loc).AddDays(-daysBack)
	return rollup(ctx, st, d.Start(loc), d.AddDays(1).Start(loc), PublishedSchedule(st), siteID)
}

// rollup is the rollup of [from, to) for one site, or every site when
// site is 0.
func rollup(ctx context.Context, st *store.Store, from, to time.Time, schedule ActivitySource, site int64) (RollupResult, error) {
	res := RollupResult{From: from.UTC(), To: to.UTC()}
	if !from.Before(to) {
		return res, &fault.Error{Code: fault.Invalid, Message: "invalid rollup window",
			Fields: map[string]string{"to": fmt.Sprintf("%s is not after from (%s): the window is empty", to.UTC().Format(time.RFC3339), from.UTC().Format(time.RFC3339))}}
	}
	zones, err := st.SiteZones(ctx)
	if err != nil {
		return res, err
	}
	queues, err := st.ListQueues(ctx)
	if err != nil {
		return res, err
	}
	now := st.Now().UTC()
	var r store.KPIReplacement
	for _, q := range queues {
		if site != 0 && q.SiteID != site {
			continue
		}
		loc := zones[q.SiteID]
		qFrom := kpi.IntervalStart(from, store.KPIGrid, loc)
		qTo := kpi.IntervalStart(to.Add(-time.Nanosecond), store.KPIGrid, loc).Add(store.KPIGrid)
		rows, n, err := queueIntervals(ctx, st, q, loc, qFrom, qTo, now)
		if err != nil {
			return res, err
		}
		res.Contacts += n
		r.Intervals = append(r.Intervals, rows...)
		r.QueueWindows = append(r.QueueWindows, store.KPIQueueWindow{QueueID: q.ID, From: qFrom, To: qTo})
	}

	days, err := agentDays(ctx, st, zones, from, to, now, schedule, site)
	if err != nil {
		return res, err
	}
	r.Days, r.DayWindows = days.rows, days.windows
	if err := st.ReplaceKPIs(ctx, r); err != nil {
		return res, err
	}
	res.Intervals, res.AgentDays = len(r.Intervals), len(r.Days)
	return res, nil
}

// kpiChunk is how many contacts are handed to the domain at a time.
const kpiChunk = 4096

// queueIntervals computes one queue's 15-minute counts for [from, to),
// feeding the domain one interval's worth of contacts at a time.
func queueIntervals(ctx context.Context, st *store.Store, q store.Queue, loc *time.Location, from, to, now time.Time) ([]store.KPIInterval, int, error) {
	goal := store.ServiceGoalOf(q)
	settings := kpi.IntervalSettings{Interval: store.KPIGrid, Location: loc, Goal: goal}
	var out []store.KPIInterval
	var chunk []kpi.Contact
	var boundary time.Time // end of the last chunked contact's interval, once the chunk is full
	n := 0
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		rows, err := kpi.QueueIntervals(chunk, settings)
		if err != nil {
			return contactErrors(err, chunk)
		}
		for _, r := range rows {
			out = append(out, store.KPIInterval{
				QueueID: q.ID, IntervalStart: r.Start.UTC(), IntervalSeconds: int(store.KPIGrid / time.Second),
				Offered: r.Offered, Answered: r.Answered, Abandoned: r.Abandoned, ShortAbandoned: r.ShortAbandoned,
				AnsweredInSL: r.AnsweredInSL, SLBase: r.SLBase, WaitSeconds: r.WaitSeconds, HandleSeconds: r.HandleSeconds,
				SLFormula: string(goal.Formula), ThresholdSeconds: q.SLThresholdSeconds,
				ShortAbandonSeconds: int(goal.ShortAbandon / time.Second), ComputedAt: now,
			})
		}
		chunk, boundary = chunk[:0], time.Time{}
		return nil
	}
	err := st.StreamQueueContacts(ctx, q.ID, from, to, func(c kpi.Contact) error {
		n++
		// Cut chunks only between intervals, so no interval is split:
		// once full, a chunk takes the rest of its last interval.
		if len(chunk) >= kpiChunk && boundary.IsZero() {
			boundary = kpi.IntervalStart(chunk[len(chunk)-1].ArrivedAt, store.KPIGrid, loc).Add(store.KPIGrid)
		}
		if !boundary.IsZero() && !c.ArrivedAt.Before(boundary) {
			if err := flush(); err != nil {
				return err
			}
		}
		chunk = append(chunk, c)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("queue %s: %w", q.Code, err)
	}
	if err := flush(); err != nil {
		return nil, 0, fmt.Errorf("queue %s: %w", q.Code, err)
	}
	return out, n, nil
}

// contactErrors turns the domain's complaints about stored contacts into an
// Invalid error naming the contacts: they were let in by an older import,
// and counting around them silently would be wrong.
func contactErrors(err error, cs []kpi.Contact) error {
	var es kpi.InputErrors
	if !errors.As(err, &es) {
		return err
	}
	f := fault.FieldErrors{}
	for i, e := range es {
		if i == 20 {
			break
		}
		id := ""
		if e.Record == "contacts" && e.Index >= 0 && e.Index < len(cs) {
			id = cs[e.Index].ID
		}
		f.Add(fmt.Sprintf("%s[%s].%s", e.Record, id, e.Field), "%s", e.Message)
	}
	return f.Err("stored KPI input")
}

type agentDayResult struct {
	rows    []store.KPIAgentDay
	windows []store.KPIDayWindow
}

// agentDays computes the whole local days overlapping [from, to) of every
// agent (of one site, unless site is 0), site by site.
func agentDays(ctx context.Context, st *store.Store, zones map[int64]*time.Location, from, to, now time.Time, schedule ActivitySource, site int64) (agentDayResult, error) {
	var res agentDayResult
	places, err := st.AgentPlaces(ctx)
	if err != nil {
		return res, err
	}
	bySite := map[int64][]int64{}
	for id, p := range places {
		if site != 0 && p.SiteID != site {
			continue
		}
		bySite[p.SiteID] = append(bySite[p.SiteID], id)
	}
	sites := make([]int64, 0, len(bySite))
	for id := range bySite {
		sites = append(sites, id)
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i] < sites[j] }) // the same order every run
	for _, site := range sites {
		ids := bySite[site]
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		loc := zones[site]
		first, last := kpi.DateOf(from, loc), kpi.DateOf(to.Add(-time.Nanosecond), loc)
		start, end := first.Start(loc), last.AddDays(1).Start(loc)
		rows, err := siteAgentDays(ctx, st, ids, loc, start, end, now, schedule)
		if err != nil {
			return res, err
		}
		for _, r := range rows {
			d := r.Day
			if !d.Before(first) && !last.Before(d) {
				res.rows = append(res.rows, r)
			}
		}
		res.windows = append(res.windows, store.KPIDayWindow{Agents: ids, First: first, Last: last})
	}
	return res, nil
}

// siteAgentDays computes the agent days of agents of one zone over whole
// local days [start, end), one agent at a time.
func siteAgentDays(ctx context.Context, st *store.Store, ids []int64, loc *time.Location, start, end, now time.Time, schedule ActivitySource) ([]store.KPIAgentDay, error) {
	r := &agentDayRollup{settings: kpi.DaySettings{Location: loc, ExceptionThreshold: AdherenceThreshold}, now: now, done: map[string]bool{}}
	if err := r.load(ctx, st, ids, start, end, schedule); err != nil {
		return nil, err
	}
	var current string
	var contacts []kpi.Contact
	err := st.StreamAgentContacts(ctx, ids, start, end, func(c kpi.Contact) error {
		if c.Agent != current {
			if current != "" {
				if err := r.compute(current, contacts); err != nil {
					return err
				}
			}
			current, contacts = c.Agent, contacts[:0]
		}
		contacts = append(contacts, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if current != "" {
		if err := r.compute(current, contacts); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		a := strconv.FormatInt(id, 10)
		if !r.done[a] && (len(r.statesOf[a]) > 0 || len(r.activitiesOf[a]) > 0) {
			if err := r.compute(a, nil); err != nil {
				return nil, err
			}
		}
	}
	return r.out, nil
}

// agentDayRollup is a site's agent days being counted, agent by agent
// (agents by their id as text): their states and scheduled activities
// over the period, the rows made so far and the agents done.
type agentDayRollup struct {
	settings     kpi.DaySettings
	now          time.Time
	statesOf     map[string][]kpi.AgentState
	activitiesOf map[string][]kpi.Activity
	out          []store.KPIAgentDay
	done         map[string]bool
}

// load reads the agents' states and scheduled activities of [start, end).
func (r *agentDayRollup) load(ctx context.Context, st *store.Store, ids []int64, start, end time.Time, schedule ActivitySource) error {
	states, err := st.AgentStates(ctx, store.StateFilter{From: start, To: end, Scope: store.Scope{All: true}})
	if err != nil {
		return err
	}
	r.statesOf = map[string][]kpi.AgentState{}
	for _, s := range states {
		a := strconv.FormatInt(s.AgentID, 10)
		r.statesOf[a] = append(r.statesOf[a], kpi.AgentState{Agent: a, State: kpi.State(s.State), Start: s.StartAt, End: s.EndAt})
	}
	activities, err := schedule(ctx, ids, start, end)
	if err != nil {
		return err
	}
	r.activitiesOf = map[string][]kpi.Activity{}
	for _, a := range activities {
		r.activitiesOf[a.Agent] = append(r.activitiesOf[a.Agent], a)
	}
	return nil
}

// compute counts an agent's days from her contacts, states and
// activities, and adds their rows.
func (r *agentDayRollup) compute(agent string, contacts []kpi.Contact) error {
	r.done[agent] = true
	days, err := kpi.AgentDays(contacts, r.statesOf[agent], r.activitiesOf[agent], r.settings)
	if err != nil {
		return contactErrors(err, contacts)
	}
	id, _ := strconv.ParseInt(agent, 10, 64)
	for _, d := range days {
		r.out = append(r.out, agentDayRow(id, d, r.now))
	}
	return nil
}

func agentDayRow(id int64, d kpi.AgentDay, now time.Time) store.KPIAgentDay {
	return store.KPIAgentDay{
		AgentID: id, Day: d.Date,
		Handled: d.Handled, HandleSeconds: d.HandleSeconds, Difficult: d.Difficult,
		AvailableSeconds: d.Available.Seconds(), ContactSeconds: d.OnContact.Seconds(), ACWSeconds: d.ACW.Seconds(),
		ScheduledSeconds: d.Scheduled.Seconds(), ScheduledWorkSeconds: d.ScheduledWork.Seconds(),
		OutOfAdherenceSeconds: d.OutOfAdherence.Seconds(),
		ResolvedKnown:         d.ResolvedKnown, Resolved: d.Resolved, CSATScored: d.CSATScored, CSATGood: d.CSATGood,
		ComputedAt: now,
	}
}
