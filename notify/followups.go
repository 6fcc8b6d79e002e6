package notify

import (
	"context"
	"fmt"
	"time"

	"wfm/kpi"
	"wfm/store"
)

// DueSoon is how long before a complaint's customer follow-up is due that
// its owner and supervisor are told.
const DueSoon = 2 * time.Hour

// ComplaintFollowUps appends the events of the complaints whose customer
// follow-up (24 hours after the resolution) is due within DueSoon, or
// overdue, at now: once per case and resolution, however often it runs.
// It returns how many events were new.
func ComplaintFollowUps(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	cases, err := st.ListComplaints(ctx, store.ComplaintFilter{OpenOnly: true, Scope: store.Scope{All: true}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cases {
		d := c.Domain()
		due, ok := d.FollowUpDue()
		if !ok || (d.Status != kpi.ComplaintResolved && d.Status != kpi.ComplaintApproved) {
			continue
		}
		kind := ""
		switch {
		case d.Overdue(now):
			kind = store.EventComplaintOverdue
		case due.Sub(now) <= DueSoon:
			kind = store.EventFollowUpDue
		default:
			continue
		}
		var agent int64
		if c.AgentID != nil {
			agent = *c.AgentID
		}
		fresh, err := st.AppendEvent(ctx, nil, store.NewEvent(kind, fmt.Sprintf("%d:%d", c.ID, c.Resolutions), fmt.Sprintf("complaint %d", c.ID),
			map[string]any{"complaint_id": c.ID, "agent_id": agent, "owner": c.Owner, "customer": c.Customer, "due": due.UTC().Format(time.RFC3339)}))
		if err != nil {
			return n, err
		}
		if fresh {
			n++
		}
	}
	return n, nil
}

// Digest appends each supervisor's daily digest of her notifications of
// the last day still unread, once per day; it returns how many.
func Digest(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	sups, err := st.Supervisors(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range sups {
		recent, err := st.RecentNotifications(ctx, u, now.Add(-24*time.Hour))
		if err != nil {
			return n, err
		}
		var lines []string
		for _, r := range recent {
			if r.ReadAt == nil {
				lines = append(lines, r.Message)
			}
		}
		if len(lines) == 0 {
			continue
		}
		count := len(lines)
		if len(lines) > 20 {
			lines = append(lines[:20], fmt.Sprintf("and %d more", count-20))
		}
		fresh, err := st.AppendEvent(ctx, nil, store.NewEvent(store.EventDigest, fmt.Sprintf("%d:%s", u, now.UTC().Format(time.DateOnly)), fmt.Sprintf("user %d", u),
			map[string]any{"user_id": u, "count": count, "lines": lines}))
		if err != nil {
			return n, err
		}
		if fresh {
			n++
		}
	}
	return n, nil
}
