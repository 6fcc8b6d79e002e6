package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// The kinds of domain events the use cases append to the outbox. Each is
// also a kind of notification (people concerned are told) and, for
// WebhookKinds, of outgoing webhook.
const (
	EventRosterPublished   = "roster.published"       // a roster published (or republished after an edit) for a site
	EventTimeOffDecided    = "timeoff.decided"        // a time off request approved or refused
	EventSwapDecided       = "swap.decided"           // a shift swap approved or refused
	EventRequestPending    = "request.pending"        // a time off or swap request waits for a supervisor's decision
	EventOfferMade         = "offer.made"             // an overtime or time off offer made to agents
	EventFollowUpDue       = "complaint.followup_due" // a complaint's customer follow-up is due within 2 hours
	EventComplaintOverdue  = "complaint.overdue"      // a complaint's customer follow-up is overdue
	EventReviewShared      = "review.shared"          // a performance review waits for the agent's acknowledgement
	EventAdherenceAlert    = "adherence.exception"    // an agent's day fell out of adherence
	EventImportFinished    = "import.finished"        // a file of history, contacts or states was imported
	EventDigest            = "digest"                 // a supervisor's daily digest
	NotificationPending    = "pending-requests"       // the nightly reminder (in the list only)
	NotificationGapWarning = "intraday-gap"           // the intraday gap alert (in the list only)
)

// NotificationKinds are the kinds a person chooses a channel for, in the
// order the preferences show them.
var NotificationKinds = []string{EventRosterPublished, EventTimeOffDecided, EventSwapDecided, EventRequestPending,
	EventOfferMade, EventFollowUpDue, EventComplaintOverdue, EventReviewShared, EventDigest}

// WebhookKinds are the event kinds an admin may register a webhook for.
var WebhookKinds = []string{EventRosterPublished, EventTimeOffDecided, EventOfferMade, EventComplaintOverdue, EventAdherenceAlert, EventImportFinished}

// Event is a domain event in the outbox.
type Event struct {
	bun.BaseModel `bun:"table:events"`
	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	Kind          string     `bun:"kind,notnull" json:"kind"`
	Key           string     `bun:"event_key,notnull" json:"key"`
	Subject       string     `bun:"subject,notnull" json:"subject"`
	Payload       string     `bun:"payload,notnull" json:"-"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	DispatchedAt  *time.Time `bun:"dispatched_at" json:"dispatched_at"`
}

// NewEvent is an event of a kind with its key (unique: the same change
// appends it once) and its payload as JSON.
func NewEvent(kind, key, subject string, payload any) Event {
	b, err := json.Marshal(payload)
	if err != nil {
		b = []byte("{}")
	}
	return Event{Kind: kind, Key: kind + ":" + key, Subject: subject, Payload: string(b)}
}

// AppendEvent adds an event to the outbox inside the caller's transaction
// (db), unless an event of the same key is there; it tells whether it was
// new.
func (s *Store) AppendEvent(ctx context.Context, db bun.IDB, e Event) (bool, error) {
	if db == nil {
		db = s.db
	}
	e.ID, e.CreatedAt, e.DispatchedAt = 0, s.now().UTC(), nil
	res, err := db.NewInsert().Model(&e).On("CONFLICT (event_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("append event %s: %w", e.Key, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// UndispatchedEvents are the outbox's events not yet fanned out, oldest first.
func (s *Store) UndispatchedEvents(ctx context.Context, limit int) ([]Event, error) {
	out := []Event{}
	if err := s.db.NewSelect().Model(&out).Where("dispatched_at IS NULL").Order("id").Limit(int64(limit)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}

// GetEvent reads one event.
func (s *Store) GetEvent(ctx context.Context, id int64) (*Event, error) {
	var e Event
	if err := s.db.NewSelect().Model(&e).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("event %d", id))
	}
	return &e, nil
}

// Notification is a message the system leaves for a user: in the list
// (the bell) and, when she chose email, by mail.
type Notification struct {
	bun.BaseModel `bun:"table:notifications"`
	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	UserID        int64      `bun:"user_id,notnull" json:"user_id"`
	Kind          string     `bun:"kind,notnull" json:"kind"`
	Message       string     `bun:"message,notnull" json:"message"`
	Link          string     `bun:"link,notnull" json:"link"` // the page it is about ("" none)
	EventID       *int64     `bun:"event_id" json:"event_id"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	ReadAt        *time.Time `bun:"read_at" json:"read_at"`
	EmailStatus   string     `bun:"email_status,notnull" json:"email_status"` // "", queued, sent, failed
	EmailTo       string     `bun:"email_to,notnull" json:"-"`
	MessageID     string     `bun:"message_id,notnull" json:"-"`
	EmailAttempts int        `bun:"email_attempts,notnull" json:"-"`
	EmailNextAt   *time.Time `bun:"email_next_at" json:"-"`
	EmailSentAt   *time.Time `bun:"email_sent_at" json:"-"`
	EmailError    string     `bun:"email_error,notnull" json:"-"`
}

// Email states of a notification.
const (
	EmailQueued = "queued"
	EmailSent   = "sent"
	EmailFailed = "failed"
)

// ListNotifications returns a user's notifications, newest first.
func (s *Store) ListNotifications(ctx context.Context, userID int64) ([]Notification, error) {
	out := []Notification{}
	if err := s.db.NewSelect().Model(&out).Where("user_id = ?", userID).OrderExpr("id DESC").Limit(200).Scan(ctx); err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	return out, nil
}

// UnreadNotifications counts a user's unread notifications (the bell).
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	n, err := s.db.NewSelect().Model((*Notification)(nil)).Where("user_id = ? AND read_at IS NULL", userID).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count notifications: %w", err)
	}
	return int(n), nil
}

// MarkNotificationsRead marks a user's notifications read: those of ids,
// or all when ids is empty. Another user's ids are left alone (not found
// for her); it returns how many were marked.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64, ids []int64) (int, error) {
	q := s.db.NewUpdate().Model((*Notification)(nil)).Set("read_at = ?", s.now().UTC()).
		Where("user_id = ? AND read_at IS NULL", userID)
	if len(ids) > 0 {
		q = q.Where("id IN (?)", bun.List(ids))
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("mark notifications read: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// RecentNotifications are a user's notifications since an instant, but
// the digests, oldest first (what a digest sums up).
func (s *Store) RecentNotifications(ctx context.Context, userID int64, since time.Time) ([]Notification, error) {
	out := []Notification{}
	err := s.db.NewSelect().Model(&out).Where("user_id = ? AND created_at >= ? AND kind <> ?", userID, since.UTC(), EventDigest).
		Order("id").Limit(200).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("recent notifications: %w", err)
	}
	return out, nil
}

// LeaveReminders saves reminders for their users (now), each with its
// audit entry, in one transaction.
func (s *Store) LeaveReminders(ctx context.Context, a Actor, notes []Notification) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for i := range notes {
			n := &notes[i]
			n.CreatedAt = now
			if _, err := tx.NewInsert().Model(n).Returning("id").Exec(ctx); err != nil {
				return fmt.Errorf("leave reminder: %w", err)
			}
			if err := audit(ctx, tx, now, a, "remind", "notification", n.ID, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// HasNotification tells whether the user was left this message, of this
// kind, since the instant (so that a job does not repeat itself).
func (s *Store) HasNotification(ctx context.Context, userID int64, kind, message string, since time.Time) (bool, error) {
	n, err := s.db.NewSelect().Model((*Notification)(nil)).
		Where("user_id = ? AND kind = ? AND message = ? AND created_at >= ?", userID, kind, message, since.UTC()).Count(ctx)
	if err != nil {
		return false, fmt.Errorf("read notifications: %w", err)
	}
	return n > 0, nil
}

// Dispatch stores what an event fans out to, in one transaction: the
// notifications (one per user and event; an email queued gets its
// Message-ID from msgID, before any attempt), a delivery per webhook, and
// the event marked dispatched. Running it twice adds nothing.
func (s *Store) Dispatch(ctx context.Context, e *Event, notes []Notification, hooks []int64, msgID func(n *Notification) string) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for i := range notes {
			n := &notes[i]
			n.ID, n.EventID, n.CreatedAt = 0, &e.ID, now
			if n.EmailStatus == EmailQueued {
				n.EmailNextAt = &now
			}
			res, err := tx.NewInsert().Model(n).On("CONFLICT (event_id, user_id) DO NOTHING").Returning("id").Exec(ctx)
			if err != nil {
				return fmt.Errorf("notify user %d of event %d: %w", n.UserID, e.ID, err)
			}
			if k, _ := res.RowsAffected(); k == 0 || n.EmailStatus != EmailQueued {
				continue
			}
			if n.ID == 0 {
				if err := tx.NewSelect().Model((*Notification)(nil)).Column("id").Where("event_id = ? AND user_id = ?", e.ID, n.UserID).Scan(ctx, &n.ID); err != nil {
					return fmt.Errorf("read notification of event %d: %w", e.ID, err)
				}
			}
			n.MessageID = msgID(n)
			if _, err := tx.NewUpdate().Model(n).Column("message_id").WherePK().Exec(ctx); err != nil {
				return fmt.Errorf("set message id: %w", err)
			}
		}
		for _, h := range hooks {
			d := WebhookDelivery{WebhookID: h, EventID: e.ID, Status: DeliveryPending, NextAt: &now, CreatedAt: now, UpdatedAt: now}
			if _, err := tx.NewInsert().Model(&d).On("CONFLICT (webhook_id, event_id) DO NOTHING").Exec(ctx); err != nil {
				return fmt.Errorf("queue delivery of event %d to webhook %d: %w", e.ID, h, err)
			}
		}
		_, err := tx.NewUpdate().Model(e).Set("dispatched_at = ?", now).WherePK().Exec(ctx)
		if err != nil {
			return fmt.Errorf("mark event %d dispatched: %w", e.ID, err)
		}
		e.DispatchedAt = &now
		return nil
	})
}

// DueEmails are the queued emails whose next attempt is due at now.
func (s *Store) DueEmails(ctx context.Context, now time.Time, limit int) ([]Notification, error) {
	out := []Notification{}
	err := s.db.NewSelect().Model(&out).Where("email_status = ? AND email_next_at <= ?", EmailQueued, now.UTC()).
		Order("id").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("due emails: %w", err)
	}
	return out, nil
}

// ClaimEmail records an attempt at an email before it is made: the next
// attempt is due at next unless this one is recorded sent. It tells
// whether the claim held (another sender did not claim it first).
func (s *Store) ClaimEmail(ctx context.Context, n *Notification, next time.Time) (bool, error) {
	res, err := s.db.NewUpdate().Model((*Notification)(nil)).
		Set("email_attempts = ?", n.EmailAttempts+1).Set("email_next_at = ?", next.UTC()).
		Where("id = ? AND email_status = ? AND email_attempts = ?", n.ID, EmailQueued, n.EmailAttempts).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("claim email %d: %w", n.ID, err)
	}
	k, _ := res.RowsAffected()
	if k == 1 {
		n.EmailAttempts++
	}
	return k == 1, nil
}

// EmailDone records an email's attempt: sent, or its error (failed: given
// up, else retried when its claim said).
func (s *Store) EmailDone(ctx context.Context, id int64, sendErr string, giveUp bool) error {
	q := s.db.NewUpdate().Model((*Notification)(nil)).Where("id = ?", id)
	switch {
	case sendErr == "":
		q = q.Set("email_status = ?", EmailSent).Set("email_sent_at = ?", s.now().UTC()).Set("email_error = ''")
	case giveUp:
		q = q.Set("email_status = ?", EmailFailed).Set("email_error = ?", sendErr)
	default:
		q = q.Set("email_error = ?", sendErr)
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("record email %d: %w", id, err)
	}
	return nil
}

// NotificationSettings is a person's address and chosen channel per kind.
type NotificationSettings struct {
	bun.BaseModel `bun:"table:notification_settings"`
	UserID        int64             `bun:"user_id,pk" json:"-"`
	Email         string            `bun:"email,notnull" json:"email"`
	Channels      map[string]string `bun:"channels,type:text,notnull" json:"channels"`
	UpdatedAt     time.Time         `bun:"updated_at,notnull" json:"-"`
}

// GetNotificationSettings reads a user's settings; a user who never saved
// any has none (empty address, no choices: the defaults).
func (s *Store) GetNotificationSettings(ctx context.Context, userID int64) (NotificationSettings, error) {
	ns := NotificationSettings{UserID: userID}
	err := s.db.NewSelect().Model(&ns).Where("user_id = ?", userID).Scan(ctx)
	if isNoRows(err) {
		return NotificationSettings{UserID: userID, Channels: map[string]string{}}, nil
	}
	if err != nil {
		return ns, fmt.Errorf("read notification settings of user %d: %w", userID, err)
	}
	if ns.Channels == nil {
		ns.Channels = map[string]string{}
	}
	return ns, nil
}

// SaveNotificationSettings stores a user's settings (validated by the use case).
func (s *Store) SaveNotificationSettings(ctx context.Context, a Actor, ns *NotificationSettings) error {
	now := s.now().UTC()
	ns.UpdatedAt = now
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(ns).On("CONFLICT (user_id) DO UPDATE").
			Set("email = EXCLUDED.email").Set("channels = EXCLUDED.channels").Set("updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
			return fmt.Errorf("save notification settings: %w", err)
		}
		return audit(ctx, tx, now, a, "update", "notification_settings", ns.UserID, ns)
	})
}

// AgentUsers maps agents to the users linked to them (agents without a
// user are left out).
func (s *Store) AgentUsers(ctx context.Context, agentIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(agentIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID     int64 `bun:"id"`
		UserID int64 `bun:"user_id"`
	}
	err := s.db.NewSelect().Table("agents").Column("id", "user_id").Where("id IN (?) AND user_id IS NOT NULL", bun.List(agentIDs)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("users of agents: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.UserID
	}
	return out, nil
}

// SupervisorsOf are the supervisors (users) of the agents' teams.
func (s *Store) SupervisorsOf(ctx context.Context, agentIDs []int64) ([]int64, error) {
	var out []int64
	if len(agentIDs) == 0 {
		return out, nil
	}
	err := s.db.NewSelect().Table("teams").ColumnExpr("DISTINCT supervisor_user_id").
		Where("supervisor_user_id IS NOT NULL AND id IN (SELECT team_id FROM agents WHERE id IN (?))", bun.List(agentIDs)).
		Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("supervisors of agents: %w", err)
	}
	return out, nil
}

// SiteAgentUsers are the users of the active agents of a site's teams.
func (s *Store) SiteAgentUsers(ctx context.Context, siteID int64) ([]int64, error) {
	var out []int64
	err := s.db.NewSelect().Table("agents").Column("user_id").
		Where("user_id IS NOT NULL AND active = ? AND team_id IN (SELECT id FROM teams WHERE site_id = ?)", true, siteID).
		Order("user_id").Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("users of site %d: %w", siteID, err)
	}
	return out, nil
}

// UserIDByName finds an active user by name, whatever its case.
func (s *Store) UserIDByName(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.db.NewSelect().Table("users").Column("id").Where("LOWER(username) = ? AND active = ?", strings.ToLower(name), true).Limit(1).Scan(ctx, &id)
	if err != nil {
		return 0, translate(err, fmt.Sprintf("user %q", name))
	}
	return id, nil
}

// Supervisors are the users who supervise a team.
func (s *Store) Supervisors(ctx context.Context) ([]int64, error) {
	var out []int64
	err := s.db.NewSelect().Table("teams").ColumnExpr("DISTINCT supervisor_user_id").Where("supervisor_user_id IS NOT NULL").Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("supervisors: %w", err)
	}
	return out, nil
}
