package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/limits"
)

// Skill is what a contact needs of the agent who takes it (billing,
// English, VIP...).
type Skill struct {
	bun.BaseModel `bun:"table:skills"`
	Record
	Name string `bun:"name,notnull" json:"name"`
}

// Validate checks the skill's fields.
func (k *Skill) Validate() error {
	f := fault.FieldErrors{}
	if k.Name == "" {
		f.Add("name", "required")
	}
	checkText(f, "name", k.Name, limits.Name)
	return f.Err("skill")
}

func (s *Store) GetSkill(ctx context.Context, id int64) (*Skill, error) {
	var m Skill
	return &m, getEntity(ctx, s.db, "skill", &m, id)
}

func (s *Store) ListSkills(ctx context.Context) ([]Skill, error) {
	var out []Skill
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list skills: %w", err)
	}
	return out, nil
}

func (s *Store) CreateSkill(ctx context.Context, a Actor, m *Skill) error {
	return createEntity(ctx, s, a, "skill", m, nil)
}

func (s *Store) UpdateSkill(ctx context.Context, a Actor, m *Skill) error {
	return updateEntity(ctx, s, a, "skill", m, nil)
}

func (s *Store) DeleteSkill(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "skill", &Skill{}, id, version)
}
