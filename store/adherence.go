package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"wfm/kpi"
)

// AdherenceThreshold is the exception threshold of the stored rollups:
// out-of-adherence runs shorter than it are forgiven. It is zero (every
// second counts, as `wfm kpi` does by default); the real-time view uses
// the same by default so that its minutes so far agree with the day's
// rollup.
const AdherenceThreshold time.Duration = 0

// RealTimeQuery selects the agents of the real-time adherence view.
type RealTimeQuery struct {
	Scope   Scope
	SiteID  int64 // 0: every site in scope
	TeamID  int64
	AgentID int64
	At      time.Time // the moment looked at (the caller's now)
	// Threshold forgives out-of-adherence runs shorter than it; a run
	// still going on counts once it reaches it.
	Threshold time.Duration
}

// RealTimeAgent is one agent's adherence at the moment looked at.
type RealTimeAgent struct {
	AgentID int64  `json:"agent_id"`
	Agent   string `json:"agent"`
	Name    string `json:"name"`
	TeamID  int64  `json:"team_id"`
	SiteID  int64  `json:"site_id"`
	// State is her latest state today ("" when none is recorded); it is
	// taken to go on until a later one arrives. StateSince is when it
	// began, StateRecordedUntil the end the feed gave it so far (before
	// At when the feed is behind).
	State              string     `json:"state"`
	StateSince         *time.Time `json:"state_since"`
	StateRecordedUntil *time.Time `json:"state_recorded_until"`
	// Scheduled is what the published schedule says now: work, break,
	// lunch, or "" (nothing: she is not scheduled now), until
	// ScheduledUntil.
	Scheduled      string     `json:"scheduled"`
	ScheduledUntil *time.Time `json:"scheduled_until"`
	InAdherence    bool       `json:"in_adherence"` // true also when nothing is scheduled
	// OutOfAdherence so far today (local midnight of her site to At),
	// runs shorter than the threshold forgiven.
	OutOfAdherenceSeconds float64 `json:"out_of_adherence_seconds"`
	OutOfAdherenceMinutes float64 `json:"out_of_adherence_minutes"`
}

// RealTimeAdherence is the intraday view: each agent with a state or a
// scheduled activity today, against the published schedule.
type RealTimeAdherence struct {
	At               time.Time       `json:"at"`
	ThresholdSeconds float64         `json:"threshold_seconds"`
	InAdherence      int             `json:"in_adherence"`
	OutOfAdherence   int             `json:"out_of_adherence"`
	Agents           []RealTimeAgent `json:"agents"`
}

// RealTimeAdherence compares each agent's latest state with what the
// published schedule says at q.At, site by site in the site's zone, for
// the agents in scope.
func (s *Store) RealTimeAdherence(ctx context.Context, q RealTimeQuery) (*RealTimeAdherence, error) {
	if q.At.IsZero() {
		return nil, Errorf(Invalid, "real-time adherence needs the moment to look at")
	}
	if q.Threshold < 0 {
		return nil, &Error{Code: Invalid, Message: "invalid query", Fields: map[string]string{"threshold": "must be >= 0"}}
	}
	agents, err := s.realTimeAgents(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &RealTimeAdherence{At: q.At.UTC(), ThresholdSeconds: q.Threshold.Seconds(), Agents: []RealTimeAgent{}}
	zones, err := s.zones(ctx)
	if err != nil {
		return nil, err
	}
	bySite := map[int64][]RealTimeAgent{}
	for _, a := range agents {
		bySite[a.SiteID] = append(bySite[a.SiteID], a)
	}
	sites := make([]int64, 0, len(bySite))
	for id := range bySite {
		sites = append(sites, id)
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i] < sites[j] })
	for _, site := range sites {
		rows, err := s.siteRealTime(ctx, bySite[site], zones[site], q)
		if err != nil {
			return nil, err
		}
		out.Agents = append(out.Agents, rows...)
	}
	for _, a := range out.Agents {
		if a.InAdherence {
			out.InAdherence++
		} else {
			out.OutOfAdherence++
		}
	}
	return out, nil
}

// realTimeAgents is the agents in scope the query asks for, with their site.
func (s *Store) realTimeAgents(ctx context.Context, q RealTimeQuery) ([]RealTimeAgent, error) {
	if q.AgentID != 0 {
		if _, err := s.CheckAgentScope(ctx, q.Scope, q.AgentID); err != nil {
			return nil, err
		}
	}
	if q.TeamID != 0 && !q.Scope.HasTeam(q.TeamID) {
		if _, err := s.GetTeam(ctx, q.TeamID); err != nil {
			return nil, err
		}
		return nil, Errorf(Forbidden, "team %d is not in your scope", q.TeamID)
	}
	if q.SiteID != 0 {
		if _, err := s.GetSite(ctx, q.SiteID); err != nil {
			return nil, err
		}
	}
	agents, err := s.ListAgents(ctx, q.Scope)
	if err != nil {
		return nil, err
	}
	teams, err := s.ListTeams(ctx, Scope{All: true})
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
		if (q.TeamID != 0 && a.TeamID != q.TeamID) || (q.AgentID != 0 && a.ID != q.AgentID) || !a.Active {
			continue
		}
		out = append(out, RealTimeAgent{AgentID: a.ID, Agent: a.Code, Name: a.Name, TeamID: a.TeamID, SiteID: site, InAdherence: true})
	}
	if q.SiteID != 0 && !atSite && !q.Scope.All {
		return nil, Errorf(Forbidden, "site %d has nobody in your scope", q.SiteID)
	}
	return out, nil
}

// siteRealTime fills in the agents of one site (zone loc).
func (s *Store) siteRealTime(ctx context.Context, agents []RealTimeAgent, loc *time.Location, q RealTimeQuery) ([]RealTimeAgent, error) {
	at := q.At
	today := kpi.DateOf(at, loc)
	midnight := today.Start(loc)
	wanted := make(map[int64]bool, len(agents))
	ids := make([]int64, 0, len(agents))
	for _, a := range agents {
		wanted[a.AgentID] = true
		ids = append(ids, a.AgentID)
	}

	// The states touching today up to now; each agent's latest is taken to
	// go on until now (the feed records a state once it has changed).
	recs, err := s.AgentStates(ctx, StateFilter{From: midnight, To: at.Add(time.Second), Scope: q.Scope})
	if err != nil {
		return nil, err
	}
	latest := map[string]AgentStateRecord{}
	var states []kpi.AgentState
	for _, r := range recs {
		if !wanted[r.AgentID] || r.StartAt.After(at) {
			continue
		}
		agent := strconv.FormatInt(r.AgentID, 10)
		states = append(states, kpi.AgentState{Agent: agent, State: kpi.State(r.State), Start: r.StartAt, End: r.EndAt})
		if l, ok := latest[agent]; !ok || r.StartAt.After(l.StartAt) {
			latest[agent] = r
		}
	}
	for i := range states {
		if l := latest[states[i].Agent]; l.StartAt.Equal(states[i].Start) && !l.EndAt.After(at) {
			states[i].End = time.Time{}
		}
	}

	// Yesterday's shifts too: a night shift runs into today.
	acts, err := s.scheduledActivities(ctx, ids, midnight.Add(-24*time.Hour), today.AddDays(1).Start(loc))
	if err != nil {
		return nil, err
	}
	until := map[string]time.Time{}
	for _, a := range acts {
		if !a.Start.After(at) && a.End.After(at) {
			until[a.Agent] = a.End
		}
	}

	statuses, err := kpi.RealTimeAdherence(states, acts, at, loc, q.Threshold)
	if err != nil {
		return nil, fmt.Errorf("real-time adherence: %w", err)
	}
	byAgent := make(map[string]kpi.RealTimeStatus, len(statuses))
	for _, st := range statuses {
		byAgent[st.Agent] = st
	}
	var out []RealTimeAgent
	for _, a := range agents {
		key := strconv.FormatInt(a.AgentID, 10)
		st, ok := byAgent[key]
		if !ok {
			continue // nothing recorded or scheduled today
		}
		a.State, a.Scheduled, a.InAdherence = string(st.State), string(st.Scheduled), st.InAdherence
		if !st.Since.IsZero() {
			since := st.Since.UTC()
			a.StateSince = &since
			end := latest[key].EndAt.UTC()
			a.StateRecordedUntil = &end
		}
		if u, ok := until[key]; ok {
			u = u.UTC()
			a.ScheduledUntil = &u
		}
		a.OutOfAdherenceSeconds = st.OutToday.Seconds()
		a.OutOfAdherenceMinutes = st.OutToday.Minutes()
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agent < out[j].Agent })
	return out, nil
}
