package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/limits"
	"wfm/schedule"
)

// PreferenceBudget is the total request weight every agent's preferences
// carry over one roster horizon, however many she states: an agent with
// one wish puts the whole budget on it, one with twenty spreads it over
// twenty, so that nobody dominates the roster by asking more often. It is
// two missing agent-intervals of cover (underWeight each): a preference
// yields to real cover but wins over surplus and ties.
const PreferenceBudget = 2 * underWeight

// MaxPreferenceStrength is the strongest preference; strengths weigh an
// agent's own preferences against each other inside her budget.
const MaxPreferenceStrength = 3

// maxPreferences bounds how many preferences one agent keeps.
const maxPreferences = 100

// ShiftPreference is an agent's wish about a day: standing (every Weekday)
// or dated (Date). Work true: she would like to work that day (that shift
// template when ShiftCode is set; when StartTime is, the template she may
// work whose start window holds it); false: she would rather not work it.
type ShiftPreference struct {
	bun.BaseModel `bun:"table:shift_preferences"`
	Record
	AgentID   int64  `bun:"agent_id,notnull" json:"agent_id"`
	TeamID    int64  `bun:"team_id,notnull" json:"team_id"`
	Weekday   *int   `bun:"weekday" json:"weekday"` // 0 = Sunday .. 6 = Saturday
	Date      string `bun:"date,notnull" json:"date"`
	ShiftCode string `bun:"shift_code,notnull" json:"shift_code"`
	StartTime string `bun:"start_time,notnull" json:"start_time"` // HH:MM, instead of a shift
	Work      bool   `bun:"work,notnull" json:"work"`
	Strength  int    `bun:"strength,notnull" json:"strength"`
	Note      string `bun:"note,notnull" json:"note"`
}

// Validate checks the preference's fields.
func (p *ShiftPreference) Validate() error {
	if p.Strength == 0 {
		p.Strength = 1
	}
	p.ShiftCode = strings.TrimSpace(p.ShiftCode)
	f := fault.FieldErrors{}
	if p.AgentID <= 0 {
		f.Add("agent_id", "required")
	}
	switch {
	case p.Weekday == nil && p.Date == "":
		f.Add("weekday", "a weekday (0 = Sunday .. 6 = Saturday) or a date is required")
	case p.Weekday != nil && p.Date != "":
		f.Add("date", "give a weekday (every week) or a date (once), not both")
	case p.Weekday != nil && (*p.Weekday < 0 || *p.Weekday > 6):
		f.Add("weekday", "%d, want 0 (Sunday) to 6 (Saturday)", *p.Weekday)
	case p.Date != "":
		if _, err := time.Parse(time.DateOnly, p.Date); err != nil {
			f.Add("date", "%q is not a date YYYY-MM-DD", p.Date)
		}
	}
	p.StartTime = strings.TrimSpace(p.StartTime)
	if p.ShiftCode != "" && !p.Work {
		f.Add("shift_code", "only a wish to work names a shift; a day not to work is the whole day")
	}
	if p.StartTime != "" {
		switch {
		case !p.Work:
			f.Add("start_time", "only a wish to work names a start time")
		case p.ShiftCode != "":
			f.Add("start_time", "give a shift or a start time, not both")
		default:
			if _, err := schedule.ParseClock(p.StartTime); err != nil {
				f.Add("start_time", "%q is not a time of day HH:MM", p.StartTime)
			}
		}
	}
	if p.Strength < 1 || p.Strength > MaxPreferenceStrength {
		f.Add("strength", "%d, want 1 to %d", p.Strength, MaxPreferenceStrength)
	}
	checkText(f, "shift_code", p.ShiftCode, limits.Code)
	checkText(f, "note", p.Note, limits.Note)
	return f.Err("shift preference")
}

func (p *ShiftPreference) checkDates(f fault.FieldErrors, now time.Time) {
	checkDate(f, "date", p.Date, limits.Planning, now)
}

// canWritePreferences: an agent edits only her own preferences; managers
// and admins (and the system) any. Supervisors read their teams' but do not
// state wishes for their agents.
func canWritePreferences(sc Scope, agentID int64) bool {
	return sc.All || (sc.AgentID != 0 && sc.AgentID == agentID)
}

// CreatePreference records a preference of an agent.
func (s *Store) CreatePreference(ctx context.Context, a Actor, sc Scope, p *ShiftPreference) error {
	ag, err := s.GetAgent(ctx, p.AgentID)
	if err != nil {
		return err
	}
	if !canWritePreferences(sc, ag.ID) {
		return fault.Errorf(fault.Forbidden, "agent %d's preferences are not yours to edit", ag.ID)
	}
	p.ID, p.TeamID = 0, ag.TeamID
	if err := validate(p, "shift_preference", s.now()); err != nil {
		return err
	}
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		n, err := tx.NewSelect().Model((*ShiftPreference)(nil)).Where("agent_id = ?", ag.ID).Count(ctx)
		if err != nil {
			return fmt.Errorf("count preferences: %w", err)
		}
		if n >= maxPreferences {
			return fault.Errorf(fault.Conflict, "agent %s already has %d preferences: remove some first", ag.Code, n)
		}
		return insertRecord(ctx, tx, s.now().UTC(), a, "shift_preference", p, p)
	})
}

// UpdatePreference writes a preference over the one with its id, at the
// version it was read at.
func (s *Store) UpdatePreference(ctx context.Context, a Actor, sc Scope, p *ShiftPreference) error {
	old, err := s.GetPreference(ctx, p.ID)
	if err != nil {
		return err
	}
	if !canWritePreferences(sc, old.AgentID) {
		return fault.Errorf(fault.Forbidden, "shift preference %d is not yours to edit", p.ID)
	}
	p.AgentID, p.TeamID, p.CreatedAt = old.AgentID, old.TeamID, old.CreatedAt
	return updateEntity(ctx, s, a, "shift_preference", p, nil)
}

// DeletePreference removes a preference at the version it was read at.
func (s *Store) DeletePreference(ctx context.Context, a Actor, sc Scope, id, version int64) error {
	old, err := s.GetPreference(ctx, id)
	if err != nil {
		return err
	}
	if !canWritePreferences(sc, old.AgentID) {
		return fault.Errorf(fault.Forbidden, "shift preference %d is not yours to edit", id)
	}
	return deleteEntity(ctx, s, a, "shift_preference", (*ShiftPreference)(nil), id, version)
}

// GetPreference reads one preference (no scope check: callers check).
func (s *Store) GetPreference(ctx context.Context, id int64) (*ShiftPreference, error) {
	var m ShiftPreference
	return &m, getEntity(ctx, s.db, "shift_preference", &m, id)
}

// PreferenceFilter selects preferences.
type PreferenceFilter struct {
	AgentID int64
	TeamID  int64
}

// ListPreferences returns the preferences in scope: an agent's own, a
// supervisor's teams', everyone's for managers. Standing ones first (by
// weekday), then dated ones by date.
func (s *Store) ListPreferences(ctx context.Context, sc Scope, f PreferenceFilter) ([]ShiftPreference, error) {
	out := []ShiftPreference{}
	q := s.db.NewSelect().Model(&out).OrderExpr("agent_id, date, weekday, id")
	q = sc.filterAgents(q, "agent_id", "team_id")
	if f.AgentID > 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if f.TeamID > 0 {
		q = q.Where("team_id = ?", f.TeamID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list preferences: %w", err)
	}
	return out, nil
}

// preferencesByAgent reads the preferences of the agents that bear on
// [start, end): every standing one and the dated ones in the period.
func (s *Store) preferencesByAgent(ctx context.Context, agentIDs []int64, start, end string) (map[int64][]ShiftPreference, error) {
	out := map[int64][]ShiftPreference{}
	if len(agentIDs) == 0 {
		return out, nil
	}
	var rows []ShiftPreference
	err := s.db.NewSelect().Model(&rows).Where("agent_id IN (?)", bun.List(agentIDs)).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("date = ''").WhereOr("date >= ? AND date < ?", start, end)
		}).OrderExpr("agent_id, id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("read preferences: %w", err)
	}
	for _, r := range rows {
		out[r.AgentID] = append(out[r.AgentID], r)
	}
	return out, nil
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
func PreferenceRequests(prefs []ShiftPreference, start string, days int, daysOff []int, shifts []schedule.Shift) []schedule.Request {
	day0, err := time.Parse(time.DateOnly, start)
	if err != nil || len(prefs) == 0 {
		return nil
	}
	off := map[int]bool{}
	for _, d := range daysOff {
		off[d] = true
	}
	allowed := map[string]bool{}
	for _, sh := range shifts {
		allowed[sh.ID] = true
	}
	// resolve names the shift a preference asks for ("" any); ok false
	// when none she may work fits it.
	resolve := func(p ShiftPreference) (string, bool) {
		if p.StartTime == "" {
			return p.ShiftCode, p.ShiftCode == "" || allowed[p.ShiftCode]
		}
		at, err := schedule.ParseClock(p.StartTime)
		if err != nil {
			return "", false
		}
		best, bestStart := "", -1
		for _, sh := range shifts {
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
	usable := func(p ShiftPreference) bool {
		_, ok := resolve(p)
		return ok
	}
	dated := map[int][]ShiftPreference{}
	for _, p := range prefs {
		if p.Date == "" || !usable(p) {
			continue
		}
		if d, err := dayIndex(start, p.Date); err == nil && d >= 0 && d < days {
			dated[d] = append(dated[d], p)
		}
	}
	type wish struct {
		req      schedule.Request
		strength int
	}
	var wishes []wish
	for d := 0; d < days; d++ {
		if off[d] {
			continue
		}
		today := dated[d]
		if len(today) == 0 {
			wd := int(day0.AddDate(0, 0, d).Weekday())
			for _, p := range prefs {
				if p.Weekday != nil && *p.Weekday == wd && usable(p) {
					today = append(today, p)
				}
			}
		}
		for _, p := range today {
			shift, _ := resolve(p)
			wishes = append(wishes, wish{schedule.Request{Day: d, Shift: shift, On: p.Work}, p.Strength})
		}
	}
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
func (s *Store) SchedulePreferences(ctx context.Context, sc Scope, id int64) ([]PreferenceTally, error) {
	v, err := s.GetScheduleVersion(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.SiteInScope(ctx, sc, v.SiteID); err != nil {
		return nil, err
	}
	return PreferencesGranted(v.Problem, v.Solution), nil
}

// agentRequests are the requests of a problem's agent from her
// preferences: shifts she may work are her contract's templates of the
// site, or every template of the site when her contract names none.
func agentRequests(prefs []ShiftPreference, start string, days int, pa schedule.Agent, templates []ShiftTemplate) []schedule.Request {
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

// PublishedPreferences is, for the published roster of a site that covers
// date (else the next one published), how many preferences it grants to
// each agent in scope: an agent sees her own tally, a supervisor her
// teams'. A site without such a roster is NotFound.
func (s *Store) PublishedPreferences(ctx context.Context, sc Scope, siteID int64, date string) (*ScheduleVersion, []PreferenceTally, error) {
	vs, err := s.ListScheduleVersions(ctx, Scope{All: true}, ScheduleFilter{SiteID: siteID, Status: SchedulePublished, From: date})
	if err != nil {
		return nil, nil, err
	}
	if len(vs) == 0 {
		return nil, nil, fault.Errorf(fault.NotFound, "no published roster of site %d from %s", siteID, date)
	}
	first := vs[0]
	for _, v := range vs {
		if v.StartDate < first.StartDate {
			first = v
		}
	}
	v, err := s.GetScheduleVersion(ctx, first.ID)
	if err != nil {
		return nil, nil, err
	}
	agents, err := s.ListAgents(ctx, sc)
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
