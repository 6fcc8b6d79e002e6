package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
	"wfm/schedule"
)

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
	AgentID   int64      `bun:"agent_id,notnull" json:"agent_id"`
	TeamID    int64      `bun:"team_id,notnull" json:"team_id"`
	Weekday   *int       `bun:"weekday" json:"weekday"`             // 0 = Sunday .. 6 = Saturday
	Date      civil.Date `bun:"date,type:text,notnull" json:"date"` // zero ('' stored): weekly
	ShiftCode string     `bun:"shift_code,notnull" json:"shift_code"`
	StartTime string     `bun:"start_time,notnull" json:"start_time"` // HH:MM, instead of a shift
	Work      bool       `bun:"work,notnull" json:"work"`
	Strength  int        `bun:"strength,notnull" json:"strength"`
	Note      string     `bun:"note,notnull" json:"note"`
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
	case p.Weekday == nil && p.Date.IsZero():
		f.Add("weekday", "a weekday (0 = Sunday .. 6 = Saturday) or a date is required")
	case p.Weekday != nil && !p.Date.IsZero():
		f.Add("date", "give a weekday (every week) or a date (once), not both")
	case p.Weekday != nil && (*p.Weekday < 0 || *p.Weekday > 6):
		f.Add("weekday", "%d, want 0 (Sunday) to 6 (Saturday)", *p.Weekday)
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
	checkDay(f, "date", p.Date, limits.Planning, now)
}

// CreatePreference records a preference of an agent (of her team), one
// of at most maxPreferences. Who may state it is the caller's decision.
func (s *Store) CreatePreference(ctx context.Context, a Actor, p *ShiftPreference) error {
	ag, err := s.GetAgent(ctx, p.AgentID)
	if err != nil {
		return err
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
func (s *Store) UpdatePreference(ctx context.Context, a Actor, p *ShiftPreference) error {
	return updateEntity(ctx, s, a, "shift_preference", p, nil)
}

// DeletePreference removes a preference at the version it was read at.
func (s *Store) DeletePreference(ctx context.Context, a Actor, id, version int64) error {
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

// PreferencesByAgent reads the preferences of the agents that bear on
// [start, end): every standing one and the dated ones in the period.
func (s *Store) PreferencesByAgent(ctx context.Context, agentIDs []int64, start, end string) (map[int64][]ShiftPreference, error) {
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
