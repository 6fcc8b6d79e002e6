package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"wfm/capacity"
	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
)

// CapacityPlan is one scenario of a site's skill's long-range plan.
type CapacityPlan struct {
	bun.BaseModel `bun:"table:capacity_plans"`
	Record
	SiteID      int64                `bun:"site_id,notnull" json:"site_id"`
	SkillID     int64                `bun:"skill_id,notnull" json:"skill_id"`
	Name        string               `bun:"name,notnull" json:"name"`
	Start       civil.Date           `bun:"start_date,type:text,notnull" json:"start"` // a Monday
	Weeks       int                  `bun:"weeks,notnull" json:"weeks"`
	Assumptions capacity.Assumptions `bun:"assumptions,type:text,notnull" json:"assumptions"`
}

// Capacity plans run from 6 to 18 months.
const (
	MinPlanWeeks = 26
	MaxPlanWeeks = 78
)

// Validate checks the plan's fields.
func (p *CapacityPlan) Validate() error {
	f := fault.FieldErrors{}
	if p.SiteID <= 0 {
		f.Add("site_id", "required")
	}
	if p.SkillID <= 0 {
		f.Add("skill_id", "required")
	}
	if p.Name == "" {
		f.Add("name", "required")
	}
	checkText(f, "name", p.Name, limits.Name)
	switch {
	case p.Start.IsZero():
		f.Add("start", "required: the Monday the plan begins")
	case p.Start.Monday() != p.Start:
		f.Add("start", "%s is a %s: a plan begins on a Monday", p.Start, p.Start.Weekday())
	}
	if p.Weeks < MinPlanWeeks || p.Weeks > MaxPlanWeeks {
		f.Add("weeks", "%d: want %d to %d (6 to 18 months)", p.Weeks, MinPlanWeeks, MaxPlanWeeks)
	}
	if p.Assumptions.Hires == nil {
		p.Assumptions.Hires = []capacity.Hire{}
	}
	var fe *capacity.FieldError
	if err := p.Assumptions.Validate(); errors.As(err, &fe) {
		f.Add("assumptions."+fe.Field, "%s", fe.Message)
	}
	return f.Err("capacity plan")
}

// ListCapacityPlans lists a site's skill's scenarios by name (siteID or
// skillID 0: any).
func (s *Store) ListCapacityPlans(ctx context.Context, siteID, skillID int64) ([]CapacityPlan, error) {
	out := []CapacityPlan{}
	q := s.db.NewSelect().Model(&out).Order("site_id", "skill_id", "name")
	if siteID > 0 {
		q = q.Where("site_id = ?", siteID)
	}
	if skillID > 0 {
		q = q.Where("skill_id = ?", skillID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list capacity plans: %w", err)
	}
	return out, nil
}

func (s *Store) GetCapacityPlan(ctx context.Context, id int64) (*CapacityPlan, error) {
	var m CapacityPlan
	return &m, getEntity(ctx, s.db, "capacity_plan", &m, id)
}

func (s *Store) CreateCapacityPlan(ctx context.Context, a Actor, m *CapacityPlan) error {
	return createEntity(ctx, s, a, "capacity_plan", m, nil)
}

func (s *Store) UpdateCapacityPlan(ctx context.Context, a Actor, m *CapacityPlan) error {
	return updateEntity(ctx, s, a, "capacity_plan", m, nil)
}

func (s *Store) DeleteCapacityPlan(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "capacity_plan", &CapacityPlan{}, id, version)
}
