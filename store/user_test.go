package store_test

import (
	"context"
	"testing"

	"wfm/store"
	"wfm/store/storetest"
)

func TestLinkUserAgentMovesTheLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, a1 := center(t, st)
		a2 := store.Agent{Code: "A2", Name: "Wang Fang", TeamID: team.ID, HireDate: "2024-05-01", Active: true}
		must(t, st.CreateAgent(ctx, store.System, &a2))
		u := store.User{Username: "li", DisplayName: "Li", Role: store.RoleAgent, Active: true, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, store.System, &u))
		agentOf := func() (int64, int64) { // agent linked, and A1's version
			t.Helper()
			sc, err := st.ScopeOf(ctx, &u)
			must(t, err)
			g, err := st.GetAgent(ctx, a1.ID)
			must(t, err)
			return sc.AgentID, g.Version
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, a1.ID))
		if id, v := agentOf(); id != a1.ID || v != a1.Version+1 {
			t.Fatalf("after linking A1: agent %d, A1 at version %d", id, v)
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, a1.ID)) // again: nothing changes
		if _, v := agentOf(); v != a1.Version+1 {
			t.Errorf("linking again bumped A1 to version %d", v)
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, a2.ID))
		if id, v := agentOf(); id != a2.ID || v != a1.Version+2 {
			t.Fatalf("after moving to A2: agent %d, A1 at version %d", id, v)
		}
		// A form read before the move is now stale.
		stale := a1
		stale.Name = "Li Na (stale)"
		if err := st.UpdateAgent(ctx, store.System, &stale); store.ErrorCode(err) != store.Conflict {
			t.Errorf("update from before the link: %v, want a conflict", err)
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, 0))
		if id, _ := agentOf(); id != 0 {
			t.Errorf("after unlinking: agent %d", id)
		}
		if err := st.LinkUserAgent(ctx, store.System, u.ID, 9999); store.ErrorCode(err) != store.NotFound {
			t.Errorf("unknown agent: %v", err)
		}
		if err := st.LinkUserAgent(ctx, store.System, 9999, a1.ID); store.ErrorCode(err) != store.NotFound {
			t.Errorf("unknown user: %v", err)
		}
		entries, err := st.ListAudit(ctx, store.AuditFilter{Entity: "agent"})
		must(t, err)
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		if actions["link_user"] != 2 || actions["unlink_user"] != 2 {
			t.Errorf("audit: %v", actions)
		}
	})
}
