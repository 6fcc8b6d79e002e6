package rostering

import (
	"context"
	"sort"

	"wfm/civil"
	"wfm/fault"
	"wfm/schedule"
	"wfm/store"
)

// PreferenceBudget is the total request weight every agent's preferences
// carry over one roster horizon, however many she states: an agent with
// one wish puts the whole budget on it, one with twenty spreads it over
// twenty, so that nobody dominates the roster by asking more often. It is
// two missing agent-intervals of cover (underWeight each): a preference
// yields to real cover but wins over surplus and ties.
const PreferenceBudget = 2 * underWeight

// canWritePreferences: an agent edits only her own preferences; managers
// and admins (and the system) any. Supervisors read their teams' but do not
// state wishes for their agents.
func canWritePreferences(sc store.Scope, agentID int64) bool {
	return sc.All || (sc.AgentID != 0 && sc.AgentID == agentID)
}

// CreatePreference records a preference of an agent (0: the caller's
// own), stated by herself (or a manager).
func CreatePreference(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, p *store.ShiftPreference) error {
	if p.AgentID == 0 {
		p.AgentID = sc.AgentID
	}
	ag, err := st.GetAgent(ctx, p.AgentID)
	if err != nil {
		return err
	}
	if !canWritePreferences(sc, ag.ID) {
		return fault.Errorf(fault.Forbidden, "agent %d's preferences are not yours to edit", ag.ID)
	}
	return st.CreatePreference(ctx, a, p)
}

// UpdatePreference writes a preference over the one with its id, at the
// version it was read at.
func UpdatePreference(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, p *store.ShiftPreference) error {
	old, err := st.GetPreference(ctx, p.ID)
	if err != nil {
		return err
	}
	if !canWritePreferences(sc, old.AgentID) {
		return fault.Errorf(fault.Forbidden, "shift preference %d is not yours to edit", p.ID)
	}
	p.AgentID, p.TeamID, p.CreatedAt = old.AgentID, old.TeamID, old.CreatedAt
	return st.UpdatePreference(ctx, a, p)
}

// DeletePreference removes a preference at the version it was read at.
func DeletePreference(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64) error {
	old, err := st.GetPreference(ctx, id)
	if err != nil {
		return err
	}
	if !canWritePreferences(sc, old.AgentID) {
		return fault.Errorf(fault.Forbidden, "shift preference %d is not yours to edit", id)
	}
	return st.DeletePreference(ctx, a, id, version)
}

// PreferenceRequests turns an agent's preferences into the problem's
// requests over [start, start+days): a standing preference applies to each
// day of its weekday, a dated one to its date and replaces the standing
// ones of that day. A start time becomes the shift (of those she may work)
// whose start window holds it, the latest-starting one when several do:
// the problem's requests name templates, so the solver may still start her
// elsewhere in that window. Days she must be off (daysOff) and wishes for a
// shift she may not work (not in shifts) get no request: they cannot be
// granted, or are granted anyway. Weights are strength x PreferenceBudget /
// the sum of strengths of her requests in the horizon, so that every
// agent's requests weigh PreferenceBudget in total.
func PreferenceRequests(prefs []store.ShiftPreference, start string, days int, daysOff []int, shifts []schedule.Shift) []schedule.Request {
	day0, err := civil.ParseIn(start, nil)
	if err != nil || len(prefs) == 0 {
		return nil
	}
	off := map[int]bool{}
	for _, d := range daysOff {
		off[d] = true
	}
	ps := newPreferredShifts(shifts)
	dated := ps.dated(prefs, civil.Of(day0, nil), days)
	var wishes []wish
	for d := 0; d < days; d++ {
		if off[d] {
			continue
		}
		for _, p := range ps.ofDay(prefs, dated[d], int(day0.AddDate(0, 0, d).Weekday())) {
			shift, _ := ps.resolve(p)
			wishes = append(wishes, wish{schedule.Request{Day: d, Shift: shift, On: p.Work}, p.Strength})
		}
	}
	return weigh(wishes)
}

// preferredShifts are the shifts an agent may work, that her preferences
// name or whose start window holds a start time she prefers.
type preferredShifts struct {
	shifts  []schedule.Shift
	allowed map[string]bool // by id
}

func newPreferredShifts(shifts []schedule.Shift) preferredShifts {
	ps := preferredShifts{shifts: shifts, allowed: map[string]bool{}}
	for _, sh := range shifts {
		ps.allowed[sh.ID] = true
	}
	return ps
}

// resolve names the shift a preference asks for ("" any); ok false when
// none she may work fits it.
func (ps preferredShifts) resolve(p store.ShiftPreference) (string, bool) {
	if p.StartTime == "" {
		return p.ShiftCode, p.ShiftCode == "" || ps.allowed[p.ShiftCode]
	}
	at, err := schedule.ParseClock(p.StartTime)
	if err != nil {
		return "", false
	}
	best, bestStart := "", -1
	for _, sh := range ps.shifts {
		from, err1 := schedule.ParseClock(sh.Start)
		to := from
		if sh.LatestStart != "" {
			if t, err := schedule.ParseClock(sh.LatestStart); err == nil {
				to = t
			}
		}
		if err1 == nil && from <= at && at <= to && from > bestStart {
			best, bestStart = sh.ID, from
		}
	}
	return best, best != ""
}

func (ps preferredShifts) usable(p store.ShiftPreference) bool {
	_, ok := ps.resolve(p)
	return ok
}

// dated are the usable dated preferences of the horizon of days from
// first, by day.
func (ps preferredShifts) dated(prefs []store.ShiftPreference, first civil.Date, days int) map[int][]store.ShiftPreference {
	dated := map[int][]store.ShiftPreference{}
	for _, p := range prefs {
		if p.Date.IsZero() || !ps.usable(p) {
			continue
		}
		if d := p.Date.DaysSince(first); d >= 0 && d < days {
			dated[d] = append(dated[d], p)
		}
	}
	return dated
}

// ofDay are the preferences of a day: its dated ones, else the usable
// standing ones of its weekday.
func (ps preferredShifts) ofDay(prefs, dated []store.ShiftPreference, weekday int) []store.ShiftPreference {
	if len(dated) > 0 {
		return dated
	}
	var today []store.ShiftPreference
	for _, p := range prefs {
		if p.Weekday != nil && *p.Weekday == weekday && ps.usable(p) {
			today = append(today, p)
		}
	}
	return today
}

// wish is a request before its weight, and the strength it is asked with.
type wish struct {
	req      schedule.Request
	strength int
}

// weigh gives each wish its share of PreferenceBudget by strength.
func weigh(wishes []wish) []schedule.Request {
	total := 0
	for _, w := range wishes {
		total += w.strength
	}
	out := make([]schedule.Request, 0, len(wishes))
	for _, w := range wishes {
		w.req.Weight = float64(PreferenceBudget*w.strength) / float64(total)
		out = append(out, w.req)
	}
	return out
}

// agentRequests are the requests of a problem's agent from her
// preferences: shifts she may work are her contract's templates of the
// site, or every template of the site when her contract names none.
func agentRequests(prefs []store.ShiftPreference, start string, days int, pa schedule.Agent, templates []store.ShiftTemplate) []schedule.Request {
	hers := map[string]bool{}
	for _, id := range pa.Shifts {
		hers[id] = true
	}
	var shifts []schedule.Shift
	for _, t := range templates {
		if len(hers) == 0 || hers[t.Code] {
			shifts = append(shifts, t.Shift())
		}
	}
	return PreferenceRequests(prefs, start, days, pa.DaysOff, shifts)
}

// PreferenceTally is how a roster treats one agent's requests.
type PreferenceTally struct {
	Agent         string  `json:"agent"`
	Requests      int     `json:"requests"`
	Granted       int     `json:"granted"`
	Weight        float64 `json:"weight"`
	GrantedWeight float64 `json:"granted_weight"`
}

// PreferencesGranted counts, per agent with requests, how many of them the
// solution grants (by the contract's reading of a request), so that a
// supervisor sees whether wishes were shared out fairly.
func PreferencesGranted(p schedule.Problem, sol schedule.Solution) []PreferenceTally {
	worked := map[string]map[int]string{}
	for _, a := range sol.Assignments {
		if worked[a.Agent] == nil {
			worked[a.Agent] = map[int]string{}
		}
		worked[a.Agent][a.Day] = a.Shift
	}
	out := []PreferenceTally{}
	for _, a := range p.Agents {
		if len(a.Requests) == 0 {
			continue
		}
		t := PreferenceTally{Agent: a.ID, Requests: len(a.Requests)}
		for _, r := range a.Requests {
			t.Weight += r.Weight
			shift, works := worked[a.ID][r.Day]
			granted := works && (r.Shift == "" || r.Shift == shift)
			if !r.On {
				granted = !works
			}
			if granted {
				t.Granted++
				t.GrantedWeight += r.Weight
			}
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agent < out[j].Agent })
	return out
}

// SchedulePreferences is the tally of a stored roster version, for the
// supervisors of its site.
func SchedulePreferences(ctx context.Context, st *store.Store, sc store.Scope, id int64) ([]PreferenceTally, error) {
	v, err := st.GetScheduleVersion(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := st.SiteInScope(ctx, sc, v.SiteID); err != nil {
		return nil, err
	}
	return PreferencesGranted(v.Problem, v.Solution), nil
}

// PublishedPreferences is, for the published roster of a site that covers
// date (else the next one published), how many preferences it grants to
// each agent in scope: an agent sees her own tally, a supervisor her
// teams'. A site without such a roster is NotFound.
func PublishedPreferences(ctx context.Context, st *store.Store, sc store.Scope, siteID int64, date civil.Date) (*store.ScheduleVersion, []PreferenceTally, error) {
	vs, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{SiteID: siteID, Status: store.SchedulePublished, From: date})
	if err != nil {
		return nil, nil, err
	}
	if len(vs) == 0 {
		return nil, nil, fault.Errorf(fault.NotFound, "no published roster of site %d from %s", siteID, date)
	}
	first := vs[0]
	for _, v := range vs {
		if v.StartDate.Before(first.StartDate) {
			first = v
		}
	}
	v, err := st.GetScheduleVersion(ctx, first.ID)
	if err != nil {
		return nil, nil, err
	}
	agents, err := st.ListAgents(ctx, sc)
	if err != nil {
		return nil, nil, err
	}
	inScope := map[string]bool{}
	for _, a := range agents {
		inScope[a.Code] = true
	}
	out := []PreferenceTally{}
	for _, t := range PreferencesGranted(v.Problem, v.Solution) {
		if inScope[t.Agent] {
			out = append(out, t)
		}
	}
	return v, out, nil
}

// ScopeSites are the sites a scope touches: an agent's own site first,
// then the sites of the teams it holds (every team's, for all), each once.
func ScopeSites(ctx context.Context, st *store.Store, sc store.Scope) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	if sc.AgentID != 0 {
		a, err := st.GetAgent(ctx, sc.AgentID)
		if err != nil {
			return nil, err
		}
		team, err := st.GetTeam(ctx, a.TeamID)
		if err != nil {
			return nil, err
		}
		ids, seen[team.SiteID] = append(ids, team.SiteID), true
	}
	if len(sc.TeamIDs) > 0 || sc.All {
		teams, err := st.ListTeams(ctx, sc)
		if err != nil {
			return nil, err
		}
		for _, tm := range teams {
			if !seen[tm.SiteID] {
				ids, seen[tm.SiteID] = append(ids, tm.SiteID), true
			}
		}
	}
	return ids, nil
}
