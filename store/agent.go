package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
)

// Agent is a person who handles contacts.
type Agent struct {
	bun.BaseModel `bun:"table:agents"`
	Record
	Code     string       `bun:"code,notnull" json:"code"`
	Name     string       `bun:"name,notnull" json:"name"`
	TeamID   int64        `bun:"team_id,notnull" json:"team_id"`
	UserID   *int64       `bun:"user_id" json:"user_id"`
	HireDate civil.Date   `bun:"hire_date,type:text,notnull" json:"hire_date"`
	Contract Contract     `bun:"contract,type:text,notnull" json:"contract"`
	Active   bool         `bun:"active,notnull" json:"active"`
	Skills   []AgentSkill `bun:"-" json:"skills"`
}

// Contract is the agent's work rules: what a roster must respect for her.
// Zero means unconstrained.
type Contract struct {
	Kind                  string   `json:"kind"` // full-time | part-time
	WeeklyMinutesMin      int      `json:"weekly_minutes_min"`
	WeeklyMinutesMax      int      `json:"weekly_minutes_max"`
	MaxConsecutiveDays    int      `json:"max_consecutive_days"`
	MinConsecutiveDaysOff int      `json:"min_consecutive_days_off"`
	MinRestMinutes        int      `json:"min_rest_minutes"`
	MaxWeekendsPer4Weeks  int      `json:"max_weekends_per_4_weeks"`
	ShiftTemplates        []string `json:"shift_templates"` // templates she may work; empty = any
}

// AgentSkill is a skill an agent has, and how well.
type AgentSkill struct {
	bun.BaseModel `bun:"table:agent_skills"`
	AgentID       int64 `bun:"agent_id,pk" json:"-"`
	SkillID       int64 `bun:"skill_id,pk" json:"skill_id"`
	Proficiency   int   `bun:"proficiency,notnull" json:"proficiency"`
}

// Validate checks the agent's fields.
func (g *Agent) Validate() error {
	f := fault.FieldErrors{}
	if g.Code == "" {
		f.Add("code", "required")
	}
	if g.Name == "" {
		f.Add("name", "required")
	}
	if g.TeamID <= 0 {
		f.Add("team_id", "required")
	}
	if g.HireDate.IsZero() {
		f.Add("hire_date", "required, a date YYYY-MM-DD")
	}
	c := g.Contract
	if c.Kind != "" && c.Kind != "full-time" && c.Kind != "part-time" {
		f.Add("contract.kind", "%q is not full-time or part-time", c.Kind)
	}
	for name, v := range map[string]int{
		"contract.weekly_minutes_min": c.WeeklyMinutesMin, "contract.weekly_minutes_max": c.WeeklyMinutesMax,
		"contract.max_consecutive_days": c.MaxConsecutiveDays, "contract.min_consecutive_days_off": c.MinConsecutiveDaysOff,
		"contract.min_rest_minutes": c.MinRestMinutes, "contract.max_weekends_per_4_weeks": c.MaxWeekendsPer4Weeks,
	} {
		if v < 0 {
			f.Add(name, "must not be negative")
		}
	}
	if c.WeeklyMinutesMax > 0 && c.WeeklyMinutesMin > c.WeeklyMinutesMax {
		f.Add("contract.weekly_minutes_min", "%d is above weekly_minutes_max %d", c.WeeklyMinutesMin, c.WeeklyMinutesMax)
	}
	if c.WeeklyMinutesMax > 7*24*60 {
		f.Add("contract.weekly_minutes_max", "%d is more than a week", c.WeeklyMinutesMax)
	}
	if c.MaxConsecutiveDays > 7*52 {
		f.Add("contract.max_consecutive_days", "%d is absurd", c.MaxConsecutiveDays)
	}
	seen := map[int64]bool{}
	for i, sk := range g.Skills {
		if sk.Proficiency < 1 || sk.Proficiency > 5 {
			f.Add(fmt.Sprintf("skills[%d].proficiency", i), "%d must be 1 to 5", sk.Proficiency)
		}
		if seen[sk.SkillID] {
			f.Add(fmt.Sprintf("skills[%d].skill_id", i), "skill %d listed twice", sk.SkillID)
		}
		seen[sk.SkillID] = true
	}
	checkText(f, "code", g.Code, limits.Code)
	checkText(f, "name", g.Name, limits.Name)
	checkText(f, "contract.kind", c.Kind, limits.Code)
	checkTexts(f, "contract.shift_templates", c.ShiftTemplates, limits.Code)
	return f.Err("agent")
}

func (g *Agent) checkDates(f fault.FieldErrors, now time.Time) {
	checkDay(f, "hire_date", g.HireDate, limits.Hire, now)
}

// GetAgent reads an agent with her skills.
func (s *Store) GetAgent(ctx context.Context, id int64) (*Agent, error) {
	var m Agent
	if err := getEntity(ctx, s.db, "agent", &m, id); err != nil {
		return nil, err
	}
	if err := s.db.NewSelect().Model(&m.Skills).Where("agent_id = ?", id).Order("skill_id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read skills of agent %d: %w", id, err)
	}
	return &m, nil
}

// ListAgents returns the agents in scope, with their skills.
func (s *Store) ListAgents(ctx context.Context, sc Scope) ([]Agent, error) {
	var out []Agent
	q := s.db.NewSelect().Model(&out).Order("id")
	q = sc.filterAgents(q, "id", "team_id")
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list agents: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	index := map[int64]int{}
	for i, a := range out {
		ids[i], index[a.ID] = a.ID, i
	}
	var skills []AgentSkill
	if err := s.db.NewSelect().Model(&skills).Where("agent_id IN (?)", bun.List(ids)).Order("agent_id", "skill_id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list agent skills: %w", err)
	}
	for _, sk := range skills {
		a := &out[index[sk.AgentID]]
		a.Skills = append(a.Skills, sk)
	}
	return out, nil
}

// AgentCodes maps each agent's code (as ACD files name her) to her id.
func (s *Store) AgentCodes(ctx context.Context, db bun.IDB) (map[string]int64, error) {
	var as []Agent
	if err := db.NewSelect().Model(&as).Column("id", "code").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read agent codes: %w", err)
	}
	m := make(map[string]int64, len(as))
	for _, a := range as {
		m[a.Code] = a.ID
	}
	return m, nil
}

func (s *Store) CreateAgent(ctx context.Context, a Actor, m *Agent) error {
	return createEntity(ctx, s, a, "agent", m, func(ctx context.Context, tx bun.Tx) error { return saveSkills(ctx, tx, m) })
}

func (s *Store) UpdateAgent(ctx context.Context, a Actor, m *Agent) error {
	return updateEntity(ctx, s, a, "agent", m, func(ctx context.Context, tx bun.Tx) error { return saveSkills(ctx, tx, m) })
}

func (s *Store) DeleteAgent(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "agent", &Agent{}, id, version)
}

func saveSkills(ctx context.Context, tx bun.IDB, m *Agent) error {
	if _, err := tx.NewDelete().Model((*AgentSkill)(nil)).Where("agent_id = ?", m.ID).Exec(ctx); err != nil {
		return fmt.Errorf("replace skills of agent %d: %w", m.ID, err)
	}
	if len(m.Skills) == 0 {
		return nil
	}
	for i := range m.Skills {
		m.Skills[i].AgentID = m.ID
	}
	if _, err := tx.NewInsert().Model(&m.Skills).Exec(ctx); err != nil {
		return translate(err, "agent skill")
	}
	return nil
}
