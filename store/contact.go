package store

import (
	"context"
	"fmt"
	"time"
	"wfm/fault"

	"github.com/uptrace/bun"
)

// Contact is one call, chat or email, as the ACD recorded it.
type Contact struct {
	bun.BaseModel `bun:"table:contacts"`
	ContactID     string     `bun:"contact_id,pk" json:"contact_id"`
	QueueID       int64      `bun:"queue_id,notnull" json:"queue_id"`
	Channel       string     `bun:"channel,notnull" json:"channel"`
	ArrivedAt     time.Time  `bun:"arrived_at,notnull" json:"arrived_at"`
	AnsweredAt    *time.Time `bun:"answered_at" json:"answered_at"`
	EndedAt       *time.Time `bun:"ended_at" json:"ended_at"`
	AgentID       *int64     `bun:"agent_id" json:"agent_id"`
	TalkSeconds   float64    `bun:"talk_seconds,notnull" json:"talk_seconds"`
	HoldSeconds   float64    `bun:"hold_seconds,notnull" json:"hold_seconds"`
	ACWSeconds    float64    `bun:"acw_seconds,notnull" json:"acw_seconds"`
	Transferred   bool       `bun:"transferred,notnull" json:"transferred"`
	Resolved      *bool      `bun:"resolved" json:"resolved"`
	CSAT          *int       `bun:"csat" json:"csat"`
	Emotion       *string    `bun:"emotion" json:"emotion"`
	Complaint     bool       `bun:"complaint,notnull" json:"complaint"`
	Extensions    *string    `bun:"extensions,type:text" json:"extensions,omitempty"`
}

// ContactFilter selects contacts: a queue and an agent (0 = any), arrived
// in [From, To), within a scope.
type ContactFilter struct {
	QueueID  int64
	AgentID  int64
	From, To time.Time
	Scope    Scope
	Limit    int
	Newest   bool // the latest first (with Limit: the latest Limit contacts)
}

// Contacts returns contacts by arrival.
func (s *Store) Contacts(ctx context.Context, f ContactFilter) ([]Contact, error) {
	var out []Contact
	q := s.db.NewSelect().Model(&out).Order("arrived_at", "contact_id")
	if f.Newest {
		q = s.db.NewSelect().Model(&out).OrderExpr("arrived_at DESC, contact_id DESC")
	}
	if f.QueueID != 0 {
		q = q.Where("queue_id = ?", f.QueueID)
	}
	if f.AgentID != 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if !f.From.IsZero() {
		q = q.Where("arrived_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("arrived_at < ?", f.To.UTC())
	}
	if !f.Scope.All {
		q = q.Where("agent_id IN (?)", agentsInScope(s.db, f.Scope))
	}
	if f.Limit > 0 {
		q = q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read contacts: %w", err)
	}
	return out, nil
}

// CountContacts is how many contacts are stored.
func (s *Store) CountContacts(ctx context.Context) (int, error) {
	return countRows(ctx, s.db, "contacts")
}

// agentsInScope is a subquery of the ids of the agents a scope covers.
func agentsInScope(db bun.IDB, sc Scope) *bun.SelectQuery {
	q := db.NewSelect().Model((*Agent)(nil)).Column("id")
	return sc.filterAgents(q, "id", "team_id")
}

// AgentStateRecord is a span of time an agent spent in one state.
type AgentStateRecord struct {
	bun.BaseModel `bun:"table:agent_states"`
	AgentID       int64     `bun:"agent_id,pk" json:"agent_id"`
	StartAt       time.Time `bun:"start_at,pk" json:"start_at"`
	EndAt         time.Time `bun:"end_at,notnull" json:"end_at"`
	State         string    `bun:"state,notnull" json:"state"`
}

// StateFilter selects agent states overlapping [From, To) within a scope.
type StateFilter struct {
	AgentID  int64
	From, To time.Time
	Scope    Scope
}

// AgentStates returns state records by agent and start.
func (s *Store) AgentStates(ctx context.Context, f StateFilter) ([]AgentStateRecord, error) {
	var out []AgentStateRecord
	q := s.db.NewSelect().Model(&out).Order("agent_id", "start_at")
	if f.AgentID != 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if !f.From.IsZero() {
		q = q.Where("end_at > ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("start_at < ?", f.To.UTC())
	}
	if !f.Scope.All {
		q = q.Where("agent_id IN (?)", agentsInScope(s.db, f.Scope))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read agent states: %w", err)
	}
	return out, nil
}

// GetContact reads one contact by its id, when the agent who handled it is
// in scope (a contact nobody handled is seen by managers only).
func (s *Store) GetContact(ctx context.Context, sc Scope, contactID string) (*Contact, error) {
	var c Contact
	if err := s.db.NewSelect().Model(&c).Where("contact_id = ?", contactID).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("contact %q", contactID))
	}
	if sc.All {
		return &c, nil
	}
	if c.AgentID == nil {
		return nil, fault.Errorf(fault.Forbidden, "contact %q was handled by no agent of yours", contactID)
	}
	if _, err := s.CheckAgentScope(ctx, sc, *c.AgentID); err != nil {
		return nil, err
	}
	return &c, nil
}

// ContactOnRecord is the one check behind every record filed on a contact
// (a quality evaluation, a complaint), from the API and the web forms
// alike: the contact must exist, the agent the record names (0: none) must
// be the one on the contact, and the scope is that agent's. Naming one of
// her own agents does not let a supervisor file on another team's contact.
// A contact no agent handled is the center's, in every scope.
func (s *Store) ContactOnRecord(ctx context.Context, sc Scope, entity, contactID string, agentID int64) (*Contact, error) {
	var c Contact
	err := s.db.NewSelect().Model(&c).Where("contact_id = ?", contactID).Scan(ctx)
	if isNoRows(err) {
		return nil, &fault.Error{Code: fault.NotFound, Message: fmt.Sprintf("contact %q not found", contactID),
			Fields: map[string]string{"contact_id": "no such contact"}}
	}
	if err != nil {
		return nil, fmt.Errorf("read contact %q: %w", contactID, err)
	}
	if c.AgentID != nil {
		if _, err := s.CheckAgentScope(ctx, sc, *c.AgentID); err != nil {
			return nil, err
		}
	}
	// Only now, in scope, may the answer say who handled it.
	switch {
	case agentID != 0 && c.AgentID == nil:
		return nil, (fault.FieldErrors{"agent_id": fmt.Sprintf("contact %q was handled by no agent", contactID)}).Err(entity)
	case agentID != 0 && *c.AgentID != agentID:
		return nil, (fault.FieldErrors{"agent_id": fmt.Sprintf("contact %q was handled by agent %d, not %d", contactID, *c.AgentID, agentID)}).Err(entity)
	}
	return &c, nil
}
