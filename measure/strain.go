package measure

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"wfm/fault"
	"wfm/kpi"
	"wfm/store"
)

// Strain settings: the grid and marks the drivers are measured with.
const (
	strainInterval       = 30 * time.Minute
	strainHighOccupancy  = 0.85
	strainPause          = 30 * time.Second
	strainBreakTolerance = 15 * time.Minute
	strainBaselineDays   = 28
)

// ComputeStrain computes and stores the strain index of every agent for
// the local day (in her site's zone) that holds at, from her stored agent
// day (run the KPI rollup first), her states, her schedule and her own
// adherence over the 28 days before. An index at or above the alert
// threshold raises an alert to her supervisor. It returns the days stored.
//
// The published rosters give the rest before the day's shift against
// her contract's min_rest_minutes, and the changes to her day published
// less than StrainShortNotice before its shift (an accepted
// overtime or time off offer is one), and the overtime accepted from offers
// adds to the ready time outside the schedule. Without a published
// schedule there is no evidence of overtime or missed breaks, so those
// drivers are left at zero rather than counting all of the day's work as
// overtime.
func ComputeStrain(ctx context.Context, st *store.Store, at time.Time) ([]store.StrainDay, error) {
	return ComputeStrainAgainst(ctx, st, at, PublishedSchedule(st))
}

// ComputeStrainAgainst is ComputeStrain with the schedule given.
func ComputeStrainAgainst(ctx context.Context, st *store.Store, at time.Time, schedule ActivitySource) ([]store.StrainDay, error) {
	return computeStrain(ctx, st, at, schedule, 0)
}

// ComputeSiteStrain is ComputeStrain for the agents of one site: the
// nightly part of one site.
func ComputeSiteStrain(ctx context.Context, st *store.Store, siteID int64, at time.Time) ([]store.StrainDay, error) {
	return computeStrain(ctx, st, at, PublishedSchedule(st), siteID)
}

// computeStrain computes the strain of the agents of one site, or of every
// site when site is 0.
func computeStrain(ctx context.Context, st *store.Store, at time.Time, schedule ActivitySource, site int64) ([]store.StrainDay, error) {
	zones, err := st.SiteZones(ctx)
	if err != nil {
		return nil, err
	}
	places, err := st.AgentPlaces(ctx)
	if err != nil {
		return nil, err
	}
	now := st.Now().UTC()
	var out []store.StrainDay
	rosters := map[int64]RosterStrain{} // by site
	for id, place := range places {
		if site != 0 && place.SiteID != site {
			continue
		}
		loc := zones[place.SiteID]
		d := kpi.DateOf(at, loc)
		roster, ok := rosters[place.SiteID]
		if !ok {
			if roster, err = RosterStrainOf(ctx, st, place.SiteID, d); err != nil {
				return nil, err
			}
			rosters[place.SiteID] = roster
		}
		day, err := agentStrain(ctx, st, id, d, loc, roster, schedule)
		if fault.CodeOf(err) == fault.NotFound {
			continue // no rollup of her day: nothing to measure
		}
		if err != nil {
			return nil, err
		}
		day.ComputedAt = now
		out = append(out, day)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AgentID < out[j].AgentID })
	var alerts []store.Alert
	for _, sd := range out {
		if sd.Alert {
			alerts = append(alerts, strainAlert(sd))
		}
	}
	return out, st.SaveStrain(ctx, out, alerts)
}

// agentStrain is one agent's strain on local day d; not found when her
// day has no rollup.
func agentStrain(ctx context.Context, st *store.Store, id int64, d kpi.Date, loc *time.Location, roster RosterStrain, schedule ActivitySource) (store.StrainDay, error) {
	row, err := st.AgentDay(ctx, id, d)
	if err != nil {
		return store.StrainDay{}, err
	}
	base, err := st.AgentDaysBetween(ctx, id, d.AddDays(-strainBaselineDays), d)
	if err != nil {
		return store.StrainDay{}, err
	}
	var baseline kpi.AgentCounts
	for _, b := range base {
		baseline.Add(b.Counts())
	}
	start, end := d.Start(loc), d.AddDays(1).Start(loc)
	recs, err := st.AgentStates(ctx, store.StateFilter{AgentID: id, From: start, To: end, Scope: store.Scope{All: true}})
	if err != nil {
		return store.StrainDay{}, err
	}
	agent := strconv.FormatInt(id, 10)
	states := make([]kpi.AgentState, 0, len(recs))
	for _, r := range recs {
		states = append(states, kpi.AgentState{Agent: agent, State: kpi.State(r.State), Start: r.StartAt, End: r.EndAt})
	}
	acts, err := schedule(ctx, []int64{id}, start, end)
	if err != nil {
		return store.StrainDay{}, err
	}
	drivers, err := kpi.DayStrainDrivers(kpi.StrainInputs{
		Day: kpi.AgentDay{Agent: agent, Date: d, AgentCounts: row.Counts()}, States: states, Activities: acts,
		Baseline: baseline.Adherence(), RestShortfall: roster.RestShortfall[id], ShortNotice: roster.ShortNotice[id],
		Interval: strainInterval, HighOccupancy: strainHighOccupancy,
		Pause: strainPause, BreakTolerance: strainBreakTolerance, Location: loc,
	})
	if err != nil {
		return store.StrainDay{}, fmt.Errorf("strain of agent %d on %s: %w", id, d, err)
	}
	if len(acts) == 0 {
		drivers.Overtime, drivers.BreaksMissed = 0, 0
	}
	// Overtime accepted from an offer is on the roster, so not ready time
	// outside it: it counts on its own.
	drivers.Overtime += roster.Overtime[id]
	s, err := kpi.StrainIndex(drivers, kpi.DefaultStrainAlert)
	if err != nil {
		return store.StrainDay{}, fmt.Errorf("strain of agent %d on %s: %w", id, d, err)
	}
	return store.StrainDay{AgentID: id, Day: d, Index: s.Index, Alert: s.Alert, Action: string(s.Action),
		Factors: strainFactors(s.Factors), Reasons: strainFactors(s.Reasons)}, nil
}

// strainAlert is the alert a strain day above the threshold raises to the
// agent's supervisor, once per agent and day.
func strainAlert(sd store.StrainDay) store.Alert {
	reasons := make([]string, 0, len(sd.Reasons))
	for _, r := range sd.Reasons {
		reasons = append(reasons, r.Driver)
	}
	id := sd.AgentID
	return store.Alert{Kind: store.AlertStrain, AgentID: &id, Subject: fmt.Sprintf("agent %d on %s", id, sd.Day),
		Message:   fmt.Sprintf("strain index %.0f on %s (driven by %s): suggested action %s", sd.Index, sd.Day, strings.Join(reasons, ", "), sd.Action),
		DedupeKey: fmt.Sprintf("strain:%d:%s", id, sd.Day)}
}

// strainFactors are the domain's strain factors as a stored day keeps them.
func strainFactors(in []kpi.StrainFactor) []store.StrainFactor {
	out := make([]store.StrainFactor, 0, len(in))
	for _, f := range in {
		out = append(out, store.StrainFactor{Driver: string(f.Driver), Raw: f.Raw, Normalised: f.Normalised, Weight: f.Weight,
			Contribution: f.Contribution, Group: string(f.Group)})
	}
	return out
}

// StrainMap is the strain heat map of the agents a query selects (its
// agent or team, or every one in its scope), agents x local days [From,
// To]: each agent's index per day (null on a day with none computed) and
// the days with their drivers.
func StrainMap(ctx context.Context, st *store.Store, q store.KPIQuery) (*store.StrainHeatMap, error) {
	agents, err := st.QueryAgents(ctx, q)
	if err != nil {
		return nil, err
	}
	m := &store.StrainHeatMap{Alert: kpi.DefaultStrainAlert, Agents: []store.StrainRow{}}
	column := map[kpi.Date]int{}
	for d := q.From; !q.To.Before(d); d = d.AddDays(1) {
		column[d] = len(m.Days)
		m.Days = append(m.Days, d.String())
	}
	rowOf := map[int64]int{}
	ids := make([]int64, 0, len(agents))
	for _, a := range agents {
		rowOf[a.ID] = len(m.Agents)
		ids = append(ids, a.ID)
		m.Agents = append(m.Agents, store.StrainRow{AgentID: a.ID, Agent: a.Code, Name: a.Name, TeamID: a.TeamID,
			Index: make([]*float64, len(m.Days)), Days: []store.StrainDay{}})
	}
	days, err := st.StrainDaysOf(ctx, ids, q.From, q.To)
	if err != nil {
		return nil, err
	}
	for _, d := range days {
		r := &m.Agents[rowOf[d.AgentID]]
		v := d.Index
		r.Index[column[d.Day]] = &v
		r.Days = append(r.Days, d)
	}
	return m, nil
}
