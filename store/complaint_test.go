package store_test

import (
	"context"
	"testing"
	"time"

	"wfm/batch"
	"wfm/store"
	"wfm/store/storetest"
)

// A step taken on a page read before someone else moved the case on is
// refused; the case keeps the other person's step.
func TestStepComplaintAtRefusesAStaleVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, ag := center(t, st)
		now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		_, err := st.ImportContacts(ctx, store.System, "c.csv", []batch.Contact{{Line: 2, ID: "k1", Queue: "sales", Channel: "voice",
			ArrivedAt: now.Add(-time.Hour), AnsweredAt: now.Add(-time.Hour + 10*time.Second), EndedAt: now.Add(-50 * time.Minute), Agent: ag.Code}})
		must(t, err)
		sup := store.Scope{TeamIDs: []int64{team.ID}}
		c := store.Complaint{ContactID: "k1", Customer: "Ms Wu", About: "rude", Wants: "an apology"}
		must(t, st.CreateComplaint(ctx, store.System, sup, &c))
		read := c.Version
		got, err := st.StepComplaintAt(ctx, store.System, sup, c.ID, read, store.ComplaintStep{Action: "judge", Valid: true})
		must(t, err)
		if got.Status != "valid" || got.Version != read+1 {
			t.Fatalf("after judging: %s at version %d", got.Status, got.Version)
		}
		// A second person, on the page she read before, judges it invalid.
		if _, err := st.StepComplaintAt(ctx, store.System, sup, c.ID, read, store.ComplaintStep{Action: "judge", Valid: false}); store.ErrorCode(err) != store.Conflict {
			t.Fatalf("stale step: %v, want a conflict", err)
		}
		cur, err := st.GetComplaint(ctx, sup, c.ID)
		must(t, err)
		if cur.Status != "valid" || len(cur.Steps) != 1 {
			t.Errorf("the stale step changed the case: %s, %d steps", cur.Status, len(cur.Steps))
		}
		// Out of scope, whatever the version.
		if _, err := st.StepComplaintAt(ctx, store.System, store.Scope{TeamIDs: []int64{team.ID + 100}}, c.ID, cur.Version,
			store.ComplaintStep{Action: "classify", Category: "service"}); store.ErrorCode(err) != store.Forbidden {
			t.Errorf("another team's supervisor: %v", err)
		}
	})
}
