package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// TestPreferencesAreTheAgentsOwn: an agent states and edits her own shift
// preferences and cannot read or write another's; her supervisor reads
// them but does not write them.
func TestPreferencesAreTheAgentsOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		fri := 5
		theirs := store.ShiftPreference{AgentID: f.agentB.ID, Weekday: &fri, Work: false, Strength: 2}
		must(t, rostering.CreatePreference(ctx, st, store.System, store.Scope{All: true}, &theirs))

		resp, body := f.do(t, store.RoleAgent, "POST", "/api/v1/preferences", map[string]any{"date": "2026-12-24", "work": false, "strength": 3})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create mine: %d %s", resp.StatusCode, body)
		}
		var mine store.ShiftPreference
		must(t, json.Unmarshal(body, &mine))
		if mine.AgentID != f.agentA.ID || mine.TeamID != f.agentA.TeamID || mine.Version != 1 {
			t.Errorf("created %+v, want agent a1's at version 1", mine)
		}
		if resp, body := f.do(t, store.RoleAgent, "POST", "/api/v1/preferences", map[string]any{"date": "bad", "strength": 7}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("bad preference: %d %s, want 400", resp.StatusCode, body)
		}
		if resp, _ := f.do(t, store.RoleAgent, "POST", "/api/v1/preferences", map[string]any{"agent_id": f.agentB.ID, "date": "2026-12-24"}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("agent writing b1's: %d, want 403", resp.StatusCode)
		}
		put := fmt.Sprintf("/api/v1/preferences/%d", theirs.ID)
		if resp, _ := f.do(t, store.RoleAgent, "PUT", put, map[string]any{"weekday": 1, "version": theirs.Version}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("agent changing b1's: %d, want 403", resp.StatusCode)
		}
		if resp, _ := f.do(t, store.RoleAgent, "DELETE", put+"?version=1", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("agent deleting b1's: %d, want 403", resp.StatusCode)
		}
		list := func(role, query string) []store.ShiftPreference {
			t.Helper()
			resp, body := f.do(t, role, "GET", "/api/v1/preferences"+query, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s list: %d %s", role, resp.StatusCode, body)
			}
			var out []store.ShiftPreference
			must(t, json.Unmarshal(body, &out))
			return out
		}
		if got := list(store.RoleAgent, ""); len(got) != 1 || got[0].ID != mine.ID {
			t.Errorf("agent reads %+v, want only her own", got)
		}
		if got := list(store.RoleAgent, fmt.Sprintf("?agent_id=%d", f.agentB.ID)); len(got) != 0 {
			t.Errorf("agent asking for b1's reads %+v, want none", got)
		}
		if got := list(store.RoleSupervisor, ""); len(got) != 1 || got[0].AgentID != f.agentA.ID {
			t.Errorf("supervisor of team A reads %+v, want a1's only", got)
		}
		if got := list(store.RoleManager, ""); len(got) != 2 {
			t.Errorf("manager reads %d, want 2", len(got))
		}
		if resp, _ := f.do(t, store.RoleSupervisor, "POST", "/api/v1/preferences", map[string]any{"agent_id": f.agentA.ID, "date": "2026-12-25"}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("supervisor writing a1's: %d, want 403", resp.StatusCode)
		}

		own := fmt.Sprintf("/api/v1/preferences/%d", mine.ID)
		if resp, body := f.do(t, store.RoleAgent, "PUT", own, map[string]any{"date": "2026-12-24", "work": false, "strength": 1, "version": 1}); resp.StatusCode != http.StatusOK {
			t.Errorf("update mine: %d %s", resp.StatusCode, body)
		}
		if resp, _ := f.do(t, store.RoleAgent, "PUT", own, map[string]any{"date": "2026-12-24", "version": 1}); resp.StatusCode != http.StatusConflict {
			t.Errorf("stale update: %d, want 409", resp.StatusCode)
		}
		if resp, body := f.do(t, store.RoleAgent, "DELETE", own+"?version=2", nil); resp.StatusCode != http.StatusNoContent {
			t.Errorf("delete mine: %d %s", resp.StatusCode, body)
		}
	})
}
