package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
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

// LastHistoryStart is the start of the queue's last history interval
// before before (zero: of all its history). NotFound when it has none.
func (s *Store) LastHistoryStart(ctx context.Context, queueID int64, before time.Time) (time.Time, error) {
	q := s.db.NewSelect().TableExpr("interval_history").ColumnExpr("MAX(interval_start)").Where("queue_id = ?", queueID)
	if !before.IsZero() {
		q = q.Where("interval_start < ?", before.UTC())
	}
	var got *time.Time
	if err := q.Scan(ctx, &got); err != nil {
		return time.Time{}, fmt.Errorf("read the end of the history of queue %d: %w", queueID, err)
	}
	if got == nil && before.IsZero() {
		return time.Time{}, fault.Errorf(fault.NotFound, "queue %d has no history", queueID)
	}
	if got == nil {
		return time.Time{}, fault.Errorf(fault.NotFound, "queue %d has no history before %s", queueID, before.UTC().Format(time.RFC3339))
	}
	return got.UTC(), nil
}
