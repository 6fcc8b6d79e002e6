package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// HistoryInterval is one queue and interval of an ACD report.
type HistoryInterval struct {
	bun.BaseModel   `bun:"table:interval_history"`
	QueueID         int64     `bun:"queue_id,pk" json:"queue_id"`
	IntervalStart   time.Time `bun:"interval_start,pk" json:"interval_start"`
	IntervalSeconds int       `bun:"interval_seconds,notnull" json:"interval_seconds"`
	Offered         int       `bun:"offered,notnull" json:"offered"`
	Answered        *int      `bun:"answered" json:"answered"`
	Abandoned       *int      `bun:"abandoned" json:"abandoned"`
	AnsweredInSL    *int      `bun:"answered_in_sl" json:"answered_in_sl"`
	AHTSeconds      *float64  `bun:"aht_seconds" json:"aht_seconds"`
	ASASeconds      *float64  `bun:"asa_seconds" json:"asa_seconds"`
}

// HistoryFilter selects history: a queue (0 = all) and [From, To).
type HistoryFilter struct {
	QueueID  int64
	From, To time.Time
}

// History returns the stored intervals, by queue and time.
func (s *Store) History(ctx context.Context, f HistoryFilter) ([]HistoryInterval, error) {
	var out []HistoryInterval
	q := s.db.NewSelect().Model(&out).Order("queue_id", "interval_start")
	if f.QueueID != 0 {
		q = q.Where("queue_id = ?", f.QueueID)
	}
	if !f.From.IsZero() {
		q = q.Where("interval_start >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("interval_start < ?", f.To.UTC())
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	return out, nil
}
