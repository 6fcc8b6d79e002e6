// Package notify tells people what concerns them and other systems what
// happened: it fans the outbox's domain events (store.Event, appended by
// the use cases in the transaction of each change) out to in-app
// notifications, emails through SMTP and signed webhook deliveries, and
// sends them with retries. The jobs (jobs/catalog_notify.go) call it;
// delivery is at least once: an email or a webhook whose sending was not
// recorded (a crash in between) is sent again, the email with the same
// Message-ID, the webhook with the same event id.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/store"
)

// Channels a person chooses per kind.
const (
	ChannelApp   = "app"   // in the list (the bell) only
	ChannelEmail = "email" // in the list and by email
	ChannelNone  = "none"  // not at all
)

// DefaultChannel is the channel of a kind for whoever did not choose one:
// email for what concerns a person herself, the list for the requests a
// supervisor also finds in her daily digest.
func DefaultChannel(kind string) string {
	if kind == store.EventRequestPending {
		return ChannelApp
	}
	return ChannelEmail
}

// Settings is a person's notification settings as the doors show them.
type Settings struct {
	Email        string            `json:"email"`         // where her emails go ("" none)
	Channels     map[string]string `json:"channels"`      // kind -> app, email or none (every kind, defaults filled in)
	EmailEnabled bool              `json:"email_enabled"` // the server sends email (WFM_SMTP_HOST is set)
}

// GetSettings reads a user's settings, the defaults filled in.
func GetSettings(ctx context.Context, st *store.Store, userID int64, emailOn bool) (Settings, error) {
	ns, err := st.GetNotificationSettings(ctx, userID)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{Email: ns.Email, Channels: map[string]string{}, EmailEnabled: emailOn}
	for _, k := range store.NotificationKinds {
		out.Channels[k] = channelOf(ns, k)
	}
	return out, nil
}

func channelOf(ns store.NotificationSettings, kind string) string {
	if c, ok := ns.Channels[kind]; ok {
		return c
	}
	return DefaultChannel(kind)
}

// SaveSettings stores a user's own settings: her address (empty: no email)
// and the channels she chose (kinds left out keep theirs).
func SaveSettings(ctx context.Context, st *store.Store, a store.Actor, userID int64, in Settings, emailOn bool) (Settings, error) {
	f := fault.FieldErrors{}
	email := strings.TrimSpace(in.Email)
	if email != "" {
		addr, err := mail.ParseAddress(email)
		if err != nil || addr.Address != email {
			f.Add("email", "%q is not an email address (name@example.com)", email)
		}
	}
	ns, err := st.GetNotificationSettings(ctx, userID)
	if err != nil {
		return Settings{}, err
	}
	for k, c := range in.Channels {
		if !slices.Contains(store.NotificationKinds, k) {
			f.Add("channels."+k, "unknown kind (one of %s)", strings.Join(store.NotificationKinds, ", "))
			continue
		}
		if c != ChannelApp && c != ChannelEmail && c != ChannelNone {
			f.Add("channels."+k, "%q is not app, email or none", c)
			continue
		}
		ns.Channels[k] = c
	}
	if len(f) > 0 {
		return Settings{}, f.Err("notification settings")
	}
	ns.Email = email
	if err := st.SaveNotificationSettings(ctx, a, &ns); err != nil {
		return Settings{}, err
	}
	return GetSettings(ctx, st, userID, emailOn)
}

// MarkRead marks a user's notifications read (ids; all when empty).
func MarkRead(ctx context.Context, st *store.Store, userID int64, ids []int64) (int, error) {
	return st.MarkNotificationsRead(ctx, userID, ids)
}

// recipient is a person to tell of an event, and what.
type recipient struct {
	userID  int64
	message string
	link    string
}

// payload is what the events' payloads may hold.
type payload struct {
	ScheduleID  int64      `json:"schedule_id"`
	SiteID      int64      `json:"site_id"`
	StartDate   civil.Date `json:"start_date"`
	EndDate     civil.Date `json:"end_date"`
	Days        int        `json:"days"`
	BasedOn     *int64     `json:"based_on"`
	RequestID   int64      `json:"request_id"`
	Request     string     `json:"request"`
	AgentID     int64      `json:"agent_id"`
	FromAgentID int64      `json:"from_agent_id"`
	ToAgentID   int64      `json:"to_agent_id"`
	SwapID      int64      `json:"swap_id"`
	Status      string     `json:"status"`
	ComplaintID int64      `json:"complaint_id"`
	Owner       string     `json:"owner"`
	Customer    string     `json:"customer"`
	Due         string     `json:"due"`
	ReviewID    int64      `json:"review_id"`
	Cycle       string     `json:"cycle"`
	UserID      int64      `json:"user_id"`
	Count       int        `json:"count"`
	Lines       []string   `json:"lines"`
	OfferID     int64      `json:"offer_id"`
	Kind        string     `json:"kind"`
	Side        string     `json:"side"`
	Day         civil.Date `json:"day"`
	AgentIDs    []int64    `json:"agent_ids"`
}

// recipients are the people concerned by an event and what each is told.
func recipients(ctx context.Context, st *store.Store, e *store.Event) ([]recipient, error) {
	var p payload
	if err := json.Unmarshal([]byte(e.Payload), &p); err != nil {
		return nil, fmt.Errorf("event %d payload: %w", e.ID, err)
	}
	all := func(users []int64, msg, link string) []recipient {
		out := make([]recipient, 0, len(users))
		seen := map[int64]bool{}
		for _, u := range users {
			if !seen[u] {
				seen[u] = true
				out = append(out, recipient{u, msg, link})
			}
		}
		return out
	}
	agentUsers := func(ids ...int64) ([]int64, error) {
		m, err := st.AgentUsers(ctx, ids)
		if err != nil {
			return nil, err
		}
		var out []int64
		for _, id := range ids {
			if u, ok := m[id]; ok {
				out = append(out, u)
			}
		}
		return out, nil
	}
	switch e.Kind {
	case store.EventRosterPublished:
		users, err := st.SiteAgentUsers(ctx, p.SiteID)
		what := "published"
		if p.BasedOn != nil {
			what = "changed"
		}
		return all(users, fmt.Sprintf("Your roster from %s (%d days) was %s.", p.StartDate, p.Days, what), "/my/schedule"), err
	case store.EventTimeOffDecided:
		users, err := agentUsers(p.AgentID)
		return all(users, fmt.Sprintf("Your time off from %s to %s was %s.", p.StartDate, p.EndDate, p.Status), "/my/schedule"), err
	case store.EventSwapDecided:
		users, err := agentUsers(p.FromAgentID, p.ToAgentID)
		return all(users, fmt.Sprintf("Shift swap request %d was %s.", p.SwapID, p.Status), "/my/schedule"), err
	case store.EventOfferMade:
		users, err := agentUsers(p.AgentIDs...)
		what := map[string]string{"overtime/end": "to stay on longer", "overtime/start": "to come in earlier",
			"vto/end": "to leave early (time off)", "vto/start": "to come in later (time off)"}[p.Kind+"/"+p.Side]
		return all(users, fmt.Sprintf("Offer %d: you are offered %s on %s. Accept it on your offers page while places are left.", p.OfferID, what, p.Day), "/my/offers"), err
	case store.EventRequestPending:
		users, err := st.SupervisorsOf(ctx, []int64{p.AgentID})
		return all(users, fmt.Sprintf("A %s request (%d) waits for your decision.", p.Request, p.RequestID), "/requests"), err
	case store.EventReviewShared:
		users, err := agentUsers(p.AgentID)
		return all(users, fmt.Sprintf("Your performance review %s waits for your acknowledgement.", p.Cycle), "/my/reviews"), err
	case store.EventFollowUpDue, store.EventComplaintOverdue:
		var users []int64
		if p.Owner != "" {
			if u, err := st.UserIDByName(ctx, p.Owner); err == nil {
				users = append(users, u)
			} else if fault.CodeOf(err) != fault.NotFound {
				return nil, err
			}
		}
		if p.AgentID != 0 {
			sup, err := st.SupervisorsOf(ctx, []int64{p.AgentID})
			if err != nil {
				return nil, err
			}
			users = append(users, sup...)
		}
		msg := fmt.Sprintf("Complaint %d from %s: the customer follow-up is due at %s.", p.ComplaintID, p.Customer, p.Due)
		if e.Kind == store.EventComplaintOverdue {
			msg = fmt.Sprintf("Complaint %d from %s: the customer follow-up was due at %s and is overdue.", p.ComplaintID, p.Customer, p.Due)
		}
		return all(users, msg, fmt.Sprintf("/complaints/%d", p.ComplaintID)), nil
	case store.EventDigest:
		msg := fmt.Sprintf("%d unread notifications of the last day:\n- %s", p.Count, strings.Join(p.Lines, "\n- "))
		return all([]int64{p.UserID}, msg, "/notifications"), nil
	}
	return nil, nil // adherence exceptions, imports: webhooks only
}

// Fanout dispatches the outbox's waiting events: a notification for each
// person concerned (by her channel: none, the list, the list and an email
// queued when the server sends email and she gave an address) and a
// delivery for each webhook of the kind. It returns how many events it
// dispatched; an event is dispatched once however often it runs.
func Fanout(ctx context.Context, st *store.Store, mail SMTP) (int, error) {
	events, err := st.UndispatchedEvents(ctx, 200)
	if err != nil {
		return 0, err
	}
	var errs []error
	n := 0
	for i := range events {
		if err := dispatch(ctx, st, mail, &events[i]); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

func dispatch(ctx context.Context, st *store.Store, smtp SMTP, e *store.Event) error {
	rs, err := recipients(ctx, st, e)
	if err != nil {
		return err
	}
	notes := make([]store.Notification, 0, len(rs))
	for _, r := range rs {
		ns, err := st.GetNotificationSettings(ctx, r.userID)
		if err != nil {
			return err
		}
		ch := channelOf(ns, e.Kind)
		if ch == ChannelNone {
			continue
		}
		n := store.Notification{UserID: r.userID, Kind: e.Kind, Message: r.message, Link: r.link}
		if ch == ChannelEmail && smtp.Enabled() && ns.Email != "" {
			n.EmailStatus, n.EmailTo = store.EmailQueued, ns.Email
		}
		notes = append(notes, n)
	}
	var hooks []int64
	if slices.Contains(store.WebhookKinds, e.Kind) {
		if hooks, err = st.WebhooksFor(ctx, e.Kind); err != nil {
			return err
		}
	}
	return st.Dispatch(ctx, e, notes, hooks, func(n *store.Notification) string { return messageID(n, e, smtp.host()) })
}

// messageID is a notification's Message-ID (without its angle brackets):
// made of its row and its event, the same on every resend.
func messageID(n *store.Notification, e *store.Event, host string) string {
	key := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '-'
	}, e.Key)
	return fmt.Sprintf("notification-%d.%s@%s", n.ID, key, host)
}

// backoff is how long after its attempt-th attempt a send is tried again:
// a minute, doubled each time, at most 6 hours.
func backoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}
