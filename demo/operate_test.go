package demo

import (
	"context"
	"io"
	"testing"
	"time"

	"wfm/store"
	"wfm/store/storetest"
)

// TestOperateLeavesACenterToShow runs the demo's operations on a small
// center (five weeks of history) and checks each thing the product shows
// is there, and that a second run adds nothing people made.
func TestOperateLeavesACenterToShow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds rosters with the solver")
	}
	ctx := context.Background()
	st := storetest.OpenEngine(t, storetest.SQLite)
	now := time.Now()
	c := Generate(1, now, 5)
	if err := Load(ctx, st, c); err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 2; run++ {
		if err := Operate(ctx, st, c, now, time.Second, io.Discard); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	reqs, err := st.Requirements(ctx, nil, now, now.AddDate(0, 0, 28))
	if err != nil || len(reqs) == 0 {
		t.Errorf("no requirements for the coming weeks (%v)", err)
	}
	past, err := st.Requirements(ctx, nil, now.AddDate(0, 0, -ContactDays), now.AddDate(0, 0, -1))
	if err != nil || len(past) == 0 {
		t.Errorf("no requirements for the contact days: the past forecast was not published (%v)", err)
	}
	versions, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{Status: store.SchedulePublished})
	if err != nil || len(versions) != len(c.Sites) {
		t.Errorf("published rosters = %d, want one per site (%v)", len(versions), err)
	}
	evaluations, _ := st.ListEvaluations(ctx, store.EvaluationFilter{Scope: store.Scope{All: true}})
	complaints, _ := st.ListComplaints(ctx, store.ComplaintFilter{Scope: store.Scope{All: true}, From: now.AddDate(0, 0, -30), To: now})
	if len(evaluations) == 0 || len(complaints) == 0 {
		t.Errorf("evaluations %d, complaints %d: want some of each", len(evaluations), len(complaints))
	}
	agents, _ := st.ListAgents(ctx, store.Scope{All: true})
	shared, feedback := 0, 0
	for _, a := range agents {
		mine := store.Scope{AgentID: a.ID}
		rs, _ := st.ListReviews(ctx, store.ReviewFilter{AgentID: a.ID, Scope: mine})
		shared += len(rs)
		fs, _ := st.ListFeedback(ctx, mine, a.ID)
		feedback += len(fs)
	}
	logins := 0
	for _, a := range c.Agents {
		if a.User != "" {
			logins++
		}
	}
	if shared != logins || feedback != logins {
		t.Errorf("shared reviews %d, feedback notes %d: want one each per agent login (%d), even after two runs", shared, feedback, logins)
	}
}
