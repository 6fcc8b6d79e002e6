package intraday

import (
	"strings"
	"testing"
	"time"

	"wfm/fault"
	"wfm/store"
)

// An answer is taken once, to an open offer; a full offer may still be
// declined (nothing to take), not accepted.
func TestAnswerable(t *testing.T) {
	now := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	open := store.Offer{Record: store.Record{ID: 7}, Status: store.OfferOpen, Needed: 2, Filled: 1, ExpiresAt: now.Add(time.Hour)}
	withdrawn, expired, full := open, open, open
	withdrawn.Status = store.OfferCancelled
	expired.ExpiresAt = now
	full.Filled = 2
	pending := store.OfferRecipient{AgentID: 1, Status: store.RecipientPending}
	declined := store.OfferRecipient{AgentID: 1, Status: store.RecipientDeclined}
	for _, c := range []struct {
		name   string
		offer  store.Offer
		r      store.OfferRecipient
		accept bool
		want   string // "" = answerable, else a part of the Conflict's message
	}{
		{"accept an open offer", open, pending, true, ""},
		{"decline an open offer", open, pending, false, ""},
		{"answer twice", open, declined, true, "you already declined offer 7"},
		{"accept a withdrawn offer", withdrawn, pending, true, "offer 7 was withdrawn"},
		{"decline a withdrawn offer", withdrawn, pending, false, "offer 7 was withdrawn"},
		{"accept an expired offer", expired, pending, true, "offer 7 expired at 2026-03-04 10:00 UTC"},
		{"accept a full offer", full, pending, true, "offer 7 is already filled"},
		{"decline a full offer", full, pending, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := answerable(&c.offer, &c.r, now, c.accept)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if fault.CodeOf(err) != fault.Conflict || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v (%s), want a conflict saying %q", err, fault.CodeOf(err), c.want)
			}
		})
	}
}
