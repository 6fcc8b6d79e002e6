package store

import (
	"context"
	"fmt"
	"time"
	"wfm/fault"

	"github.com/uptrace/bun"
)

// Requirement is the staffing one queue needs in one interval.
type Requirement struct {
	bun.BaseModel   `bun:"table:requirements"`
	QueueID         int64     `bun:"queue_id,pk" json:"queue_id"`
	IntervalStart   time.Time `bun:"interval_start,pk" json:"interval_start"`
	IntervalSeconds int       `bun:"interval_seconds,notnull" json:"interval_seconds"`
	Volume          float64   `bun:"volume,notnull" json:"volume"`
	AHTSeconds      float64   `bun:"aht_seconds,notnull" json:"aht_seconds"`
	Agents          int       `bun:"agents,notnull" json:"agents"`
	Scheduled       float64   `bun:"scheduled,notnull" json:"scheduled"`
	ServiceLevel    *float64  `bun:"service_level" json:"service_level"`
	ASASeconds      *float64  `bun:"asa_seconds" json:"asa_seconds"`
	Occupancy       *float64  `bun:"occupancy" json:"occupancy"`
	AbandonRate     *float64  `bun:"abandon_rate" json:"abandon_rate"`
	Source          string    `bun:"source,notnull" json:"source"`
	ComputedAt      time.Time `bun:"computed_at,notnull" json:"computed_at"`
}

// ReplaceRequirements writes a queue's requirements for [from, to): the
// intervals in that window are replaced as a whole, in one transaction.
func (s *Store) ReplaceRequirements(ctx context.Context, a Actor, queueID int64, from, to time.Time, rs []Requirement) error {
	now := s.now().UTC()
	for i := range rs {
		rs[i].QueueID = queueID
		rs[i].IntervalStart = rs[i].IntervalStart.UTC()
		rs[i].ComputedAt = now
		if rs[i].IntervalStart.Before(from) || !rs[i].IntervalStart.Before(to) {
			return fault.Errorf(fault.Invalid, "requirement at %s is outside [%s, %s)", rs[i].IntervalStart, from, to)
		}
	}
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*Requirement)(nil)).Where("queue_id = ?", queueID).
			Where("interval_start >= ?", from.UTC()).Where("interval_start < ?", to.UTC()).Exec(ctx); err != nil {
			return fmt.Errorf("clear requirements of queue %d: %w", queueID, err)
		}
		for start := 0; start < len(rs); start += sqliteBatch {
			chunk := rs[start:min(start+sqliteBatch, len(rs))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return translate(err, "requirement")
			}
		}
		return auditKey(ctx, tx, now, a, "replace", "requirements", fmt.Sprint(queueID),
			map[string]any{"from": from.UTC(), "to": to.UTC(), "intervals": len(rs)})
	})
}

// Requirements reads the requirements of queues (none = all) in [from, to).
func (s *Store) Requirements(ctx context.Context, queueIDs []int64, from, to time.Time) ([]Requirement, error) {
	var out []Requirement
	q := s.db.NewSelect().Model(&out).Order("queue_id", "interval_start").
		Where("interval_start >= ?", from.UTC()).Where("interval_start < ?", to.UTC())
	if len(queueIDs) > 0 {
		q = q.Where("queue_id IN (?)", bun.List(queueIDs))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read requirements: %w", err)
	}
	return out, nil
}
