package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// AnsweredContact is the agent, queue and arrival of an answered contact:
// what an agent's AHT target weighs her queues' targets by.
type AnsweredContact struct {
	AgentID   int64     `bun:"agent_id"`
	QueueID   int64     `bun:"queue_id"`
	ArrivedAt time.Time `bun:"arrived_at"`
}

// AnsweredContactsOf are the answered contacts of the agents that arrived
// in [from, to).
func (s *Store) AnsweredContactsOf(ctx context.Context, agentIDs []int64, from, to time.Time) ([]AnsweredContact, error) {
	var rows []AnsweredContact
	if len(agentIDs) == 0 {
		return rows, nil
	}
	err := s.db.NewSelect().Table("contacts").Column("agent_id", "queue_id", "arrived_at").
		Where("agent_id IN (?)", bun.List(agentIDs)).Where("answered_at IS NOT NULL").
		Where("arrived_at >= ?", from.UTC()).Where("arrived_at < ?", to.UTC()).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read agents' contacts by queue: %w", err)
	}
	return rows, nil
}
