package measure

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/store"
)

// The intraday adherence view: each agent's day against the published
// schedule, live at the moment looked at (the state she is in, what the
// schedule says now, the runs out of adherence so far) and summed as the
// day's KPIs will count it.

// AdherenceThreshold is the exception threshold of the stored rollups:
// out-of-adherence runs shorter than it are forgiven. It is zero (every
// second counts, as `wfm kpi` does by default); the intraday view uses
// the same by default so that its minutes so far agree with the day's
// rollup.
const AdherenceThreshold time.Duration = 0

// The days the intraday view looks at, around the site's today: a year
// back (the KPIs' reviews look that far), two months ahead (the longest
// roster a build makes). Further is refused, not computed.
const (
	IntradayPastDays  = 366
	IntradayAheadDays = 62
)

// IntradayDays is the first and last day the intraday view shows when
// today is today.
func IntradayDays(today kpi.Date) (first, last kpi.Date) {
	return today.AddDays(-IntradayPastDays), today.AddDays(IntradayAheadDays)
}

// RealTimeQuery selects the agents and the day of the intraday view.
type RealTimeQuery struct {
	Scope   store.Scope
	SiteID  int64 // 0: every site in scope
	TeamID  int64
	AgentID int64
	At      time.Time // the moment looked at (the caller's now)
	// Day is the local day looked at (zero: the day of At at each agent's
	// site); only what has happened by At counts.
	Day kpi.Date
	// Threshold forgives out-of-adherence runs shorter than it; a run
	// still going on counts once it reaches it.
	Threshold time.Duration
}

// RealTimeSpan is a stretch of an agent's day: a scheduled activity (work,
// break, lunch), a state, or a run out of adherence ("out").
type RealTimeSpan struct {
	Kind  string    `json:"kind"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// RealTimeAgent is one agent's day in the intraday view.
type RealTimeAgent struct {
	AgentID int64      `json:"agent_id"`
	Agent   string     `json:"agent"`
	Name    string     `json:"name"`
	TeamID  int64      `json:"team_id"`
	SiteID  int64      `json:"site_id"`
	Date    civil.Date `json:"date"` // the local day looked at
	// Status is one of kpi's AdherenceStatus values: on the day being
	// lived, at At; on another day, over the day. InAdherence is status
	// in_adherence (outside shifts nothing is scheduled: neither in nor out).
	Status      string `json:"status"`
	InAdherence bool   `json:"in_adherence"`
	Leave       string `json:"leave"` // the kind of approved time off that day ("" for none)
	// On the day being lived: State is her latest state ("" when none is
	// received), taken to go on until a later one arrives. StateSince is
	// when it began, StateRecordedUntil the end the feed gave it so far
	// (before At when the feed is behind).
	State              string     `json:"state"`
	StateSince         *time.Time `json:"state_since"`
	StateRecordedUntil *time.Time `json:"state_recorded_until"`
	// Scheduled is what the published schedule says at At: work, break,
	// lunch, or "" (nothing), until ScheduledUntil.
	Scheduled      string     `json:"scheduled"`
	ScheduledUntil *time.Time `json:"scheduled_until"`
	// Over the part of the day that has happened (all of a day gone by,
	// none of a day to come), as the day's KPIs count: scheduled time, out
	// of adherence (runs shorter than the threshold forgiven), adherence =
	// 1 - out / scheduled and conformance = ready / scheduled work (null
	// without a denominator).
	ScheduledSeconds      float64  `json:"scheduled_seconds"`
	OutOfAdherenceSeconds float64  `json:"out_of_adherence_seconds"`
	OutOfAdherenceMinutes float64  `json:"out_of_adherence_minutes"`
	Adherence             *float64 `json:"adherence"`
	Conformance           *float64 `json:"conformance"`
	// The day drawn: its scheduled activities, its states (up to At) and
	// its runs out of adherence.
	Activities         []RealTimeSpan `json:"activities"`
	States             []RealTimeSpan `json:"states"`
	OutOfAdherenceRuns []RealTimeSpan `json:"out_of_adherence_runs"`

	counts kpi.AgentCounts
}

// RealTimeAdherence is the intraday view: every agent in scope the query
// selects, against the published schedule, and their totals.
type RealTimeAdherence struct {
	At               time.Time `json:"at"`
	ThresholdSeconds float64   `json:"threshold_seconds"`
	// InAdherence and OutOfAdherence count the agents scheduled now (not
	// logged in counts as out); Statuses counts every agent by status.
	InAdherence    int            `json:"in_adherence"`
	OutOfAdherence int            `json:"out_of_adherence"`
	Statuses       map[string]int `json:"statuses"`
	// The agents' sums over the day so far, and the ratios of the sums.
	ScheduledSeconds      float64         `json:"scheduled_seconds"`
	OutOfAdherenceSeconds float64         `json:"out_of_adherence_seconds"`
	Adherence             *float64        `json:"adherence"`
	Conformance           *float64        `json:"conformance"`
	Agents                []RealTimeAgent `json:"agents"`
}

// RealTime is the intraday view's answer: each selected agent's day
// (q.Day, or today) against the published schedule, site by site in the
// site's zone, at q.At.
func RealTime(ctx context.Context, st *store.Store, q RealTimeQuery) (*RealTimeAdherence, error) {
	if q.At.IsZero() {
		return nil, fault.Errorf(fault.Invalid, "real-time adherence needs the moment to look at")
	}
	if q.Threshold < 0 {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"threshold": "must be >= 0"}}
	}
	agents, err := realTimeAgents(ctx, st, q)
	if err != nil {
		return nil, err
	}
	zones, err := st.SiteZones(ctx)
	if err != nil {
		return nil, err
	}
	bySite := map[int64][]RealTimeAgent{}
	for _, a := range agents {
		bySite[a.SiteID] = append(bySite[a.SiteID], a)
	}
	if q.Day != (kpi.Date{}) {
		// Checked in every zone involved (UTC when nobody is), before any work.
		locs := []*time.Location{time.UTC}
		if len(bySite) > 0 {
			locs = locs[:0]
			for site := range bySite {
				locs = append(locs, zones[site])
			}
		}
		for _, loc := range locs {
			if err := checkIntradayDay(q.Day, kpi.DateOf(q.At, loc)); err != nil {
				return nil, err
			}
		}
	}
	out := &RealTimeAdherence{At: q.At.UTC(), ThresholdSeconds: q.Threshold.Seconds(), Statuses: map[string]int{}, Agents: []RealTimeAgent{}}
	var total kpi.AgentCounts
	for _, site := range slices.Sorted(maps.Keys(bySite)) {
		rows, err := siteRealTime(ctx, st, bySite[site], zones[site], q)
		if err != nil {
			return nil, err
		}
		for _, a := range rows {
			total.Add(a.counts)
			out.Statuses[a.Status]++
			if a.InAdherence {
				out.InAdherence++
			} else if kpi.AdherenceStatus(a.Status).Out() {
				out.OutOfAdherence++
			}
		}
		out.Agents = append(out.Agents, rows...)
	}
	out.ScheduledSeconds, out.OutOfAdherenceSeconds = total.Scheduled.Seconds(), total.OutOfAdherence.Seconds()
	out.Adherence, out.Conformance = store.Ratio(total.Adherence()), store.Ratio(total.Conformance())
	return out, nil
}

// checkIntradayDay refuses a day outside IntradayDays of today.
func checkIntradayDay(day, today kpi.Date) error {
	first, last := IntradayDays(today)
	if day.Before(first) || last.Before(day) {
		return &fault.Error{Code: fault.Invalid, Message: fmt.Sprintf("day %s is outside the days the intraday view shows", day),
			Fields: map[string]string{"day": fmt.Sprintf("must be from %s to %s", first, last)}}
	}
	return nil
}

// realTimeAgents is the agents in scope the query asks for, with their
// site: every active agent, and an inactive one only when asked for by id.
func realTimeAgents(ctx context.Context, st *store.Store, q RealTimeQuery) ([]RealTimeAgent, error) {
	if err := st.CheckAgentTeamScope(ctx, q.Scope, q.AgentID, q.TeamID); err != nil {
		return nil, err
	}
	if q.SiteID != 0 {
		if _, err := st.GetSite(ctx, q.SiteID); err != nil {
			return nil, err
		}
	}
	agents, err := st.ListAgents(ctx, q.Scope)
	if err != nil {
		return nil, err
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	siteOf := map[int64]int64{}
	for _, t := range teams {
		siteOf[t.ID] = t.SiteID
	}
	var out []RealTimeAgent
	atSite := false
	for _, a := range agents {
		site := siteOf[a.TeamID]
		if q.SiteID != 0 && site != q.SiteID {
			continue
		}
		atSite = true
		if (q.TeamID != 0 && a.TeamID != q.TeamID) || (q.AgentID != 0 && a.ID != q.AgentID) || (!a.Active && q.AgentID == 0) {
			continue
		}
		out = append(out, RealTimeAgent{AgentID: a.ID, Agent: a.Code, Name: a.Name, TeamID: a.TeamID, SiteID: site})
	}
	if q.SiteID != 0 && !atSite && !q.Scope.All {
		return nil, fault.Errorf(fault.Forbidden, "site %d has nobody in your scope", q.SiteID)
	}
	return out, nil
}

// siteRealTime fills in the agents of one site (zone loc).
func siteRealTime(ctx context.Context, st *store.Store, agents []RealTimeAgent, loc *time.Location, q RealTimeQuery) ([]RealTimeAgent, error) {
	day := q.Day
	if day == (kpi.Date{}) {
		day = kpi.DateOf(q.At, loc)
	}
	w := kpi.IntradayWindow{Start: day.Start(loc), End: day.AddDays(1).Start(loc), Now: q.At, Threshold: q.Threshold}
	var err error
	if w.Rostered, err = st.RosteredOn(ctx, agents[0].SiteID, day); err != nil {
		return nil, err
	}
	_, elapsed := w.Elapsed()
	wanted := make(map[int64]bool, len(agents))
	ids := make([]int64, 0, len(agents))
	keys := make([]string, 0, len(agents))
	for _, a := range agents {
		wanted[a.AgentID] = true
		ids = append(ids, a.AgentID)
		keys = append(keys, strconv.FormatInt(a.AgentID, 10))
	}
	states, latest, err := dayStates(ctx, st, q, w, elapsed, wanted)
	if err != nil {
		return nil, err
	}
	acts, err := PublishedSchedule(st)(ctx, ids, w.Start, w.End)
	if err != nil {
		return nil, err
	}
	leave, err := st.LeaveOn(ctx, wanted, day)
	if err != nil {
		return nil, err
	}
	onLeave := map[string]bool{}
	for id := range leave {
		onLeave[strconv.FormatInt(id, 10)] = true
	}
	days, err := kpi.Intraday(keys, states, acts, onLeave, w)
	if err != nil {
		return nil, fmt.Errorf("intraday adherence: %w", err)
	}
	dd := newDrawnDay(w, elapsed, latest, acts, states)
	out := make([]RealTimeAgent, len(agents))
	for i, a := range agents {
		a.Date, a.Leave = day, leave[a.AgentID]
		out[i] = dd.agent(a, days[i], keys[i])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Agent < out[j].Agent })
	return out, nil
}

// dayStates reads the states of the wanted agents over the day up to
// elapsed, and each agent's latest (by agent key). On the day being lived
// each agent's latest is taken to go on until At (the feed records a
// state once it has changed); a day gone by has all its states.
func dayStates(ctx context.Context, st *store.Store, q RealTimeQuery, w kpi.IntradayWindow, elapsed time.Time, wanted map[int64]bool) ([]kpi.AgentState, map[string]store.AgentStateRecord, error) {
	var recs []store.AgentStateRecord
	if elapsed.After(w.Start) {
		var err error
		if recs, err = st.AgentStates(ctx, store.StateFilter{From: w.Start, To: elapsed, Scope: q.Scope}); err != nil {
			return nil, nil, err
		}
	}
	latest := map[string]store.AgentStateRecord{}
	var states []kpi.AgentState
	for _, r := range recs {
		if !wanted[r.AgentID] {
			continue
		}
		agent := strconv.FormatInt(r.AgentID, 10)
		states = append(states, kpi.AgentState{Agent: agent, State: kpi.State(r.State), Start: r.StartAt, End: r.EndAt})
		if l, ok := latest[agent]; !ok || r.StartAt.After(l.StartAt) {
			latest[agent] = r
		}
	}
	if w.Live() {
		for i := range states {
			if l := latest[states[i].Agent]; l.StartAt.Equal(states[i].Start) && !l.EndAt.After(q.At) {
				states[i].End = time.Time{}
			}
		}
	}
	return states, latest, nil
}

// drawnDay is a site's day as the view draws it: each agent's scheduled
// activities and states (by agent key), cut to the day.
type drawnDay struct {
	w        kpi.IntradayWindow
	elapsed  time.Time                         // the end of what has happened
	latest   map[string]store.AgentStateRecord // each agent's latest state
	actsOf   map[string][]kpi.Activity
	statesOf map[string][]kpi.AgentState
}

func newDrawnDay(w kpi.IntradayWindow, elapsed time.Time, latest map[string]store.AgentStateRecord, acts []kpi.Activity, states []kpi.AgentState) drawnDay {
	dd := drawnDay{w: w, elapsed: elapsed, latest: latest, actsOf: map[string][]kpi.Activity{}, statesOf: map[string][]kpi.AgentState{}}
	for _, act := range acts {
		dd.actsOf[act.Agent] = append(dd.actsOf[act.Agent], act)
	}
	for _, st := range states {
		dd.statesOf[st.Agent] = append(dd.statesOf[st.Agent], st)
	}
	return dd
}

// clip is [from, to) cut to [day start, limit); a zero to (a state
// still on) runs until limit.
func (dd drawnDay) clip(from, to, limit time.Time) (time.Time, time.Time, bool) {
	if from.Before(dd.w.Start) {
		from = dd.w.Start
	}
	if to.IsZero() || to.After(limit) {
		to = limit
	}
	return from, to, from.Before(to)
}

// agent fills in an agent's row from her day as kpi.Intraday counted it
// (key her agent key) and her spans.
func (dd drawnDay) agent(a RealTimeAgent, d kpi.AgentIntraday, key string) RealTimeAgent {
	a.Status, a.InAdherence = string(d.Status), d.Status == kpi.StatusInAdherence
	a.State, a.Scheduled = string(d.State), string(d.Scheduled)
	if !d.Since.IsZero() {
		since, end := d.Since.UTC(), dd.latest[key].EndAt.UTC()
		a.StateSince, a.StateRecordedUntil = &since, &end
	}
	if !d.ScheduledUntil.IsZero() {
		until := d.ScheduledUntil.UTC()
		a.ScheduledUntil = &until
	}
	a.counts = d.Counts
	a.ScheduledSeconds = d.Counts.Scheduled.Seconds()
	a.OutOfAdherenceSeconds, a.OutOfAdherenceMinutes = d.Counts.OutOfAdherence.Seconds(), d.Counts.OutOfAdherence.Minutes()
	a.Adherence, a.Conformance = store.Ratio(d.Counts.Adherence()), store.Ratio(d.Counts.Conformance())
	a.Activities, a.States, a.OutOfAdherenceRuns = []RealTimeSpan{}, []RealTimeSpan{}, []RealTimeSpan{}
	for _, act := range dd.actsOf[key] {
		if from, to, ok := dd.clip(act.Start, act.End, dd.w.End); ok {
			a.Activities = append(a.Activities, RealTimeSpan{Kind: string(act.Kind), Start: from.UTC(), End: to.UTC()})
		}
	}
	for _, st := range dd.statesOf[key] {
		if from, to, ok := dd.clip(st.Start, st.End, dd.elapsed); ok {
			a.States = append(a.States, RealTimeSpan{Kind: string(st.State), Start: from.UTC(), End: to.UTC()})
		}
	}
	for _, r := range d.OutOfAdherence {
		a.OutOfAdherenceRuns = append(a.OutOfAdherenceRuns, RealTimeSpan{Kind: "out", Start: r.Start.UTC(), End: r.End.UTC()})
	}
	return a
}
