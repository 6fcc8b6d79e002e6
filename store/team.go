package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/limits"
)

// Team is a group of agents led by a supervisor, at one site.
type Team struct {
	bun.BaseModel `bun:"table:teams"`
	Record
	Name             string `bun:"name,notnull" json:"name"`
	SiteID           int64  `bun:"site_id,notnull" json:"site_id"`
	SupervisorUserID *int64 `bun:"supervisor_user_id" json:"supervisor_user_id"`
}

// Validate checks the team's fields.
func (t *Team) Validate() error {
	f := fault.FieldErrors{}
	if t.Name == "" {
		f.Add("name", "required")
	}
	if t.SiteID <= 0 {
		f.Add("site_id", "required")
	}
	checkText(f, "name", t.Name, limits.Name)
	return f.Err("team")
}

func (s *Store) GetTeam(ctx context.Context, id int64) (*Team, error) {
	var m Team
	return &m, getEntity(ctx, s.db, "team", &m, id)
}

// ListTeams returns the teams in scope.
func (s *Store) ListTeams(ctx context.Context, sc Scope) ([]Team, error) {
	var out []Team
	q := s.db.NewSelect().Model(&out).Order("id")
	if !sc.All {
		q = q.Where("id IN (?)", bun.List(append(sc.TeamIDs, 0)))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return out, nil
}

func (s *Store) CreateTeam(ctx context.Context, a Actor, m *Team) error {
	return createEntity(ctx, s, a, "team", m, nil)
}

func (s *Store) UpdateTeam(ctx context.Context, a Actor, m *Team) error {
	return updateEntity(ctx, s, a, "team", m, nil)
}

func (s *Store) DeleteTeam(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "team", &Team{}, id, version)
}
