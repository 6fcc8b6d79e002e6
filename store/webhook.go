package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Webhook is an endpoint an admin registered for event kinds; its secret
// signs every body sent to it.
type Webhook struct {
	bun.BaseModel `bun:"table:webhooks"`
	ID            int64     `bun:"id,pk,autoincrement" json:"id"`
	URL           string    `bun:"url,notnull" json:"url"`
	Kinds         string    `bun:"kinds,notnull" json:"-"` // comma-separated
	Secret        string    `bun:"secret,notnull" json:"-"`
	CreatedBy     *int64    `bun:"created_by" json:"created_by"`
	CreatedAt     time.Time `bun:"created_at,notnull" json:"created_at"`
	KindList      []string  `bun:"-" json:"kinds"`
}

// AfterScanRow fills the list of kinds.
func (w *Webhook) AfterScanRow(context.Context) error {
	w.KindList = strings.Split(w.Kinds, ",")
	return nil
}

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// WebhookDelivery is an event's delivery to a webhook, with its attempts.
type WebhookDelivery struct {
	bun.BaseModel `bun:"table:webhook_deliveries"`
	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	WebhookID     int64      `bun:"webhook_id,notnull" json:"webhook_id"`
	EventID       int64      `bun:"event_id,notnull" json:"event_id"`
	Status        string     `bun:"status,notnull" json:"status"`
	Attempts      int        `bun:"attempts,notnull" json:"attempts"`
	NextAt        *time.Time `bun:"next_at" json:"next_at"`
	StatusCode    int        `bun:"status_code,notnull" json:"status_code"`
	LastError     string     `bun:"last_error,notnull" json:"last_error"`
	DeliveredAt   *time.Time `bun:"delivered_at" json:"delivered_at"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt     time.Time  `bun:"updated_at,notnull" json:"updated_at"`
	EventKind     string     `bun:"event_kind,scanonly" json:"event_kind"`
	EventKey      string     `bun:"event_key,scanonly" json:"event_key"`
}

// CreateWebhook stores a webhook (validated by the use case).
func (s *Store) CreateWebhook(ctx context.Context, a Actor, w *Webhook) error {
	now := s.now().UTC()
	w.CreatedAt, w.CreatedBy = now, a.Ref()
	w.Kinds = strings.Join(w.KindList, ",")
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(w).Returning("id").Exec(ctx); err != nil {
			return translate(err, "webhook")
		}
		return audit(ctx, tx, now, a, "create", "webhook", w.ID, map[string]any{"url": w.URL, "kinds": w.KindList})
	})
}

// ListWebhooks lists the webhooks by id.
func (s *Store) ListWebhooks(ctx context.Context) ([]Webhook, error) {
	out := []Webhook{}
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	return out, nil
}

// GetWebhook reads one webhook.
func (s *Store) GetWebhook(ctx context.Context, id int64) (*Webhook, error) {
	var w Webhook
	if err := s.db.NewSelect().Model(&w).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("webhook %d", id))
	}
	return &w, nil
}

// DeleteWebhook removes a webhook and its deliveries.
func (s *Store) DeleteWebhook(ctx context.Context, a Actor, id int64) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*WebhookDelivery)(nil)).Where("webhook_id = ?", id).Exec(ctx); err != nil {
			return fmt.Errorf("delete deliveries of webhook %d: %w", id, err)
		}
		res, err := tx.NewDelete().Model((*Webhook)(nil)).Where("id = ?", id).Exec(ctx)
		if err != nil {
			return fmt.Errorf("delete webhook %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return translate(errNoRows, fmt.Sprintf("webhook %d", id))
		}
		return audit(ctx, tx, now, a, "delete", "webhook", id, nil)
	})
}

// WebhooksFor are the ids of the webhooks registered for an event kind.
func (s *Store) WebhooksFor(ctx context.Context, kind string) ([]int64, error) {
	all, err := s.ListWebhooks(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, w := range all {
		for _, k := range w.KindList {
			if k == kind {
				out = append(out, w.ID)
				break
			}
		}
	}
	return out, nil
}

// ListDeliveries is a webhook's delivery log, newest first.
func (s *Store) ListDeliveries(ctx context.Context, webhookID int64, limit int) ([]WebhookDelivery, error) {
	out := []WebhookDelivery{}
	err := s.db.NewSelect().Model(&out).ColumnExpr("webhook_delivery.*").ColumnExpr("e.kind AS event_kind, e.event_key AS event_key").
		Join("JOIN events AS e ON e.id = webhook_delivery.event_id").
		Where("webhook_delivery.webhook_id = ?", webhookID).OrderExpr("webhook_delivery.id DESC").Limit(int64(limitOrDefault(limit))).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("list deliveries of webhook %d: %w", webhookID, err)
	}
	return out, nil
}

// DueDeliveries are the pending deliveries whose next attempt is due at now.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]WebhookDelivery, error) {
	out := []WebhookDelivery{}
	err := s.db.NewSelect().Model(&out).Where("status = ? AND next_at <= ?", DeliveryPending, now.UTC()).Order("id").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	return out, nil
}

// ClaimDelivery records an attempt before it is made (next: when the
// next is due unless this one is recorded); false when another sender
// claimed it first.
func (s *Store) ClaimDelivery(ctx context.Context, d *WebhookDelivery, next time.Time) (bool, error) {
	res, err := s.db.NewUpdate().Model((*WebhookDelivery)(nil)).
		Set("attempts = ?", d.Attempts+1).Set("next_at = ?", next.UTC()).Set("updated_at = ?", s.now().UTC()).
		Where("id = ? AND status = ? AND attempts = ?", d.ID, DeliveryPending, d.Attempts).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("claim delivery %d: %w", d.ID, err)
	}
	k, _ := res.RowsAffected()
	if k == 1 {
		d.Attempts++
	}
	return k == 1, nil
}

// DeliveryDone records an attempt's outcome: the status code (0: no
// answer) and error ("" delivered); giveUp marks it failed for good.
func (s *Store) DeliveryDone(ctx context.Context, id int64, code int, sendErr string, giveUp bool) error {
	now := s.now().UTC()
	q := s.db.NewUpdate().Model((*WebhookDelivery)(nil)).Where("id = ?", id).
		Set("status_code = ?", code).Set("last_error = ?", sendErr).Set("updated_at = ?", now)
	switch {
	case sendErr == "":
		q = q.Set("status = ?", DeliveryDelivered).Set("delivered_at = ?", now)
	case giveUp:
		q = q.Set("status = ?", DeliveryFailed)
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("record delivery %d: %w", id, err)
	}
	return nil
}
