package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/uptrace/bun"
)

// CenterRows are the rows that make up a center's set-up (sites, skills,
// shift templates, queues, teams, agents with their skills) and the usernames teams and
// agents name, read in one transaction: what a declaration of the center
// (wfm apply) is compared against.
type CenterRows struct {
	Sites          []Site
	Skills         []Skill
	ShiftTemplates []ShiftTemplate
	Queues         []Queue
	Teams          []Team
	Agents         []Agent
	// Usernames are every user's login name by id.
	Usernames map[int64]string
}

// CenterTx reads the center's set-up inside the caller's transaction.
func (s *Store) CenterTx(ctx context.Context, db bun.IDB) (*CenterRows, error) {
	c := &CenterRows{Usernames: map[int64]string{}}
	for what, model := range map[string]any{"sites": &c.Sites, "skills": &c.Skills, "shift templates": &c.ShiftTemplates, "queues": &c.Queues, "teams": &c.Teams, "agents": &c.Agents} {
		if err := db.NewSelect().Model(model).Order("id").Scan(ctx); err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
	}
	var skills []AgentSkill
	if err := db.NewSelect().Model(&skills).Order("agent_id", "skill_id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read agent skills: %w", err)
	}
	index := make(map[int64]int, len(c.Agents))
	for i, a := range c.Agents {
		index[a.ID] = i
	}
	for _, sk := range skills {
		if i, ok := index[sk.AgentID]; ok {
			c.Agents[i].Skills = append(c.Agents[i].Skills, sk)
		}
	}
	var users []User
	if err := db.NewSelect().Model(&users).Column("id", "username").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read usernames: %w", err)
	}
	for _, u := range users {
		c.Usernames[u.ID] = u.Username
	}
	return c, nil
}

// setupEntity is what CreateTx, UpdateTx and DeleteTx write: a site,
// skill, shift template, queue, team or agent.
type setupEntity interface {
	*Site | *Skill | *ShiftTemplate | *Queue | *Team | *Agent
	entity
}

func setupName(m entity) string {
	switch m.(type) {
	case *Site:
		return "site"
	case *Skill:
		return "skill"
	case *Queue:
		return "queue"
	case *Team:
		return "team"
	case *ShiftTemplate:
		return "shift_template"
	default:
		return "agent"
	}
}

// CreateTx validates and inserts a site, skill, shift template, queue, team or agent (with
// her skills) with its audit entry, inside the caller's transaction.
func CreateTx[M setupEntity](ctx context.Context, s *Store, db bun.IDB, a Actor, m M) error {
	if err := insertRecord(ctx, db, s.now().UTC(), a, setupName(m), m, m); err != nil {
		return err
	}
	if g, ok := any(m).(*Agent); ok {
		return saveSkills(ctx, db, g)
	}
	return nil
}

// UpdateTx writes m over its row at the version m was read at (see
// updateRecord), inside the caller's transaction.
func UpdateTx[M setupEntity](ctx context.Context, s *Store, db bun.IDB, a Actor, m M) error {
	if err := updateRecord(ctx, db, s.now().UTC(), a, setupName(m), "update", m, m); err != nil {
		return err
	}
	if g, ok := any(m).(*Agent); ok {
		return saveSkills(ctx, db, g)
	}
	return nil
}

// DeleteTx removes m's row at the version m was read at, inside the
// caller's transaction. A row still referred to is a Conflict; on
// PostgreSQL that failure also aborts the transaction, so callers check
// ReferencesTx first.
func DeleteTx[M setupEntity](ctx context.Context, s *Store, db bun.IDB, a Actor, m M) error {
	r := m.record()
	return deleteRecord(ctx, db, s.now().UTC(), a, setupName(m), m, r.ID, r.Version)
}

// Reference is a table whose rows refer to a row that is to be removed.
type Reference struct {
	Table string `json:"table"`
	Rows  int    `json:"rows"`
}

// ReferencesTx counts, per table, the rows that refer to the row id of
// table through a foreign key, whatever the key does on delete: a key
// that cascades (an agent's shifts) would delete history silently, so it
// counts too; the caller decides which tables are the row's own parts.
// The keys are read from the schema itself, so a table added later is
// counted without a change here. Tables with no such row are left out.
func (s *Store) ReferencesTx(ctx context.Context, db bun.IDB, table string, id int64) ([]Reference, error) {
	type key struct {
		Table  string `bun:"table_name"`
		Column string `bun:"column_name"`
	}
	var keys []key
	var err error
	if s.postgres {
		err = db.NewRaw(`SELECT kcu.table_name, kcu.column_name
			FROM information_schema.referential_constraints rc
			JOIN information_schema.key_column_usage kcu
			  ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
			JOIN information_schema.constraint_column_usage ccu
			  ON ccu.constraint_name = rc.constraint_name AND ccu.constraint_schema = rc.constraint_schema
			WHERE ccu.table_name = ? AND ccu.table_schema = current_schema()`, table).Scan(ctx, &keys)
	} else {
		err = db.NewRaw(`SELECT m.name AS table_name, p."from" AS column_name
			FROM sqlite_master m, pragma_foreign_key_list(m.name) p
			WHERE m.type = 'table' AND p."table" = ?`, table).Scan(ctx, &keys)
	}
	if err != nil {
		return nil, fmt.Errorf("read the keys that refer to %s: %w", table, err)
	}
	rows := map[string]int{}
	for _, k := range keys {
		var n int
		if err := db.NewRaw("SELECT count(*) FROM ? WHERE ? = ?", bun.Ident(k.Table), bun.Ident(k.Column), id).Scan(ctx, &n); err != nil {
			return nil, fmt.Errorf("count %s.%s = %d: %w", k.Table, k.Column, id, err)
		}
		if n > 0 {
			rows[k.Table] += n
		}
	}
	out := make([]Reference, 0, len(rows))
	for t, n := range rows {
		out = append(out, Reference{Table: t, Rows: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Table < out[j].Table })
	return out, nil
}
