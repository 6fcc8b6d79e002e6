package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/auth"
	"wfm/intraday"
	"wfm/store"
	"wfm/store/storetest"
)

// integrationToken mints a connector's token as the admin does.
func (f *fixture) integrationToken(t *testing.T) string {
	t.Helper()
	resp, body := f.asSessionJSON(t, store.RoleAdmin, "POST", "/api/v1/tokens", map[string]any{"name": "acd", "scope": "integration", "expires_in_days": 30})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("mint an integration token: %d %s", resp.StatusCode, body)
	}
	var out struct {
		Secret string `json:"secret"`
	}
	must(t, json.Unmarshal(body, &out))
	return out.Secret
}

// sendEvents posts a batch with a bearer secret.
func (f *fixture) sendEvents(t *testing.T, secret string, b any) (int, intraday.Result, string) {
	t.Helper()
	f.tokens["integration"] = secret
	resp, body := f.do(t, "integration", "POST", "/api/v1/agent-events", b)
	var res intraday.Result
	if resp.StatusCode == http.StatusOK {
		must(t, json.Unmarshal(body, &res))
	}
	return resp.StatusCode, res, string(body)
}

func TestAgentEventFeed(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	ctx := context.Background()
	secret := f.integrationToken(t)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(h, m int) string { return time.Date(2026, 12, 2, h, m, 0, 0, sh).Format(time.RFC3339) }

	// The ACD says "Ready", "Talking", "NotReady" with reasons: mapped by an admin.
	resp, body := f.do(t, store.RoleAdmin, "PUT", "/api/v1/state-mappings", map[string]any{"mappings": []map[string]string{
		{"acd_state": "Ready", "reason": "", "state": "available"},
		{"acd_state": "Talking", "reason": "", "state": "contact"},
		{"acd_state": "NotReady", "reason": "", "state": "other"},
		{"acd_state": "NotReady", "reason": "Lunch", "state": "lunch"},
	}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("state mappings: %d %s", resp.StatusCode, body)
	}

	batch := map[string]any{"source": "genesys", "events": []map[string]string{
		{"event_id": "e1", "agent": "a1", "state": "Ready", "at": at(9, 0)},
		{"event_id": "e2", "agent": "a1", "state": "Talking", "at": at(9, 5)},
		{"event_id": "e3", "agent": "a1", "state": "NotReady", "reason": "Lunch", "at": at(12, 0)},
		{"event_id": "e4", "agent": "b1", "state": "break", "at": at(10, 0)}, // a product state maps to itself
		{"event_id": "e5", "agent": "zz9", "state": "Ready", "at": at(9, 0)},
		{"event_id": "e6", "agent": "a1", "state": "Dancing", "at": at(9, 1)},
		{"event_id": "e7", "agent": "a1", "state": "Ready", "at": "9am"},
		{"event_id": "", "agent": "a1", "state": "Ready", "at": at(9, 2)},
	}}
	code, res, raw := f.sendEvents(t, secret, batch)
	if code != http.StatusOK || res.Received != 8 || res.Accepted != 4 || res.Duplicates != 0 || len(res.Refused) != 4 {
		t.Fatalf("first batch: %d %s", code, raw)
	}
	for i, want := range []struct {
		index int
		field string
		says  string
	}{{4, "agent", `unknown agent "zz9"`}, {5, "state", `state "Dancing"`}, {6, "at", "RFC 3339"}, {7, "event_id", "required"}} {
		t.Run(want.field, func(t *testing.T) {
			if r := res.Refused[i]; r.Index != want.index || r.Field != want.field || !strings.Contains(r.Message, want.says) {
				t.Errorf("refusal %d: %+v, want index %d field %s saying %q", i, r, want.index, want.field, want.says)
			}
		})
	}

	states := func() string {
		t.Helper()
		recs, err := f.st.AgentStates(ctx, store.StateFilter{AgentID: f.agentA.ID, Scope: store.Scope{All: true}})
		must(t, err)
		var b strings.Builder
		for _, r := range recs {
			b.WriteString(r.StartAt.In(sh).Format("15:04") + "-" + r.EndAt.In(sh).Format("15:04") + " " + r.State + "; ")
		}
		return b.String()
	}
	if got, want := states(), "09:00-09:05 available; 09:05-12:00 contact; 12:00-12:00 lunch; "; got != want {
		t.Errorf("a1's timeline:\n got %s\nwant %s", got, want)
	}

	// The same batch again changes nothing.
	if code, res, raw := f.sendEvents(t, secret, batch); code != http.StatusOK || res.Accepted != 0 || res.Duplicates != 4 {
		t.Errorf("resent batch: %d %s", code, raw)
	}
	// A late event (10:30, she hung up and went available) takes its place.
	late := map[string]any{"source": "genesys", "events": []map[string]string{{"event_id": "e9", "agent": "a1", "state": "Ready", "at": at(10, 30)}}}
	if code, res, raw := f.sendEvents(t, secret, late); code != http.StatusOK || res.Accepted != 1 {
		t.Fatalf("late event: %d %s", code, raw)
	}
	if got, want := states(), "09:00-09:05 available; 09:05-10:30 contact; 10:30-12:00 available; 12:00-12:00 lunch; "; got != want {
		t.Errorf("after the late event:\n got %s\nwant %s", got, want)
	}
	// The same event id from another source is another event.
	other := map[string]any{"source": "avaya", "events": []map[string]string{{"event_id": "e9", "agent": "a1", "state": "offline", "at": at(18, 0)}}}
	if _, res, raw := f.sendEvents(t, secret, other); res.Accepted != 1 {
		t.Errorf("same id, other source: %s", raw)
	}
	// An event after all of her stored ones (the feed's usual case, made
	// in bulk) closes her open lunch there.
	if got, want := states(), "09:00-09:05 available; 09:05-10:30 contact; 10:30-12:00 available; 12:00-18:00 lunch; 18:00-18:00 offline; "; got != want {
		t.Errorf("after an event that follows them all:\n got %s\nwant %s", got, want)
	}
	// Two at once, both after her latest: each span ends at the next.
	more := map[string]any{"source": "genesys", "events": []map[string]string{
		{"event_id": "e20", "agent": "a1", "state": "Ready", "at": at(19, 0)},
		{"event_id": "e21", "agent": "a1", "state": "Talking", "at": at(19, 2)},
	}}
	if _, res, raw := f.sendEvents(t, secret, more); res.Accepted != 2 {
		t.Errorf("two later events: %s", raw)
	}
	if got, want := states(), "09:00-09:05 available; 09:05-10:30 contact; 10:30-12:00 available; 12:00-18:00 lunch; 18:00-19:00 offline; 19:00-19:02 available; 19:02-19:02 contact; "; got != want {
		t.Errorf("after two later events:\n got %s\nwant %s", got, want)
	}

	// Bad batches are refused whole, naming the field.
	for _, bad := range []struct {
		name string
		body any
		says string
	}{
		{"no source", map[string]any{"events": []any{}}, `"source"`},
		{"too many events", map[string]any{"source": "genesys", "events": make([]map[string]string, intraday.MaxBatchEvents+1)}, `"events"`},
	} {
		t.Run(bad.name, func(t *testing.T) {
			if code, _, raw := f.sendEvents(t, secret, bad.body); code != http.StatusBadRequest || !strings.Contains(raw, bad.says) {
				t.Errorf("bad batch: %d %s, want 400 naming %s", code, raw, bad.says)
			}
		})
	}
}

func TestIntegrationTokensSendEventsAndNothingElse(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	secret := f.integrationToken(t)
	f.tokens["integration"] = secret
	// The connector's token reads nothing, not even who it is.
	for _, path := range []string{"/api/v1/me", "/api/v1/agents", "/api/v1/state-mappings"} {
		if resp, _ := f.do(t, "integration", "GET", path, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("integration token GET %s: %d, want 403", path, resp.StatusCode)
		}
	}
	// People's tokens, even the admin's, do not send events.
	batch := map[string]any{"source": "s", "events": []any{}}
	for _, role := range []string{store.RoleAgent, store.RoleAdmin} {
		if resp, _ := f.do(t, role, "POST", "/api/v1/agent-events", batch); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s's token sends events: %d, want 403", role, resp.StatusCode)
		}
	}
	// Only an admin mints one.
	if resp, body := f.asSessionJSON(t, store.RoleSupervisor, "POST", "/api/v1/tokens", map[string]any{"name": "x", "scope": "integration"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a supervisor mints an integration token: %d %s", resp.StatusCode, body)
	}
	if resp, body := f.asSessionJSON(t, store.RoleAdmin, "POST", "/api/v1/tokens", map[string]any{"name": "x", "scope": "everything"}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"scope"`) {
		t.Errorf("an unknown scope: %d %s", resp.StatusCode, body)
	}
}

func TestStateMappingsAreCheckedAsAWhole(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	resp, body := f.do(t, store.RoleAdmin, "PUT", "/api/v1/state-mappings", map[string]any{"mappings": []map[string]string{
		{"acd_state": "Ready", "state": "available"},
		{"acd_state": "Ready", "state": "contact"},
		{"acd_state": "", "state": "break"},
		{"acd_state": "Aux", "state": "coffee"},
	}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad mappings: %d %s", resp.StatusCode, body)
	}
	for _, field := range []string{"mappings[1].acd_state", "mappings[2].acd_state", "mappings[3].state"} {
		if !strings.Contains(string(body), field) {
			t.Errorf("the refusal does not name %s: %s", field, body)
		}
	}
	if _, body := f.do(t, store.RoleSupervisor, "GET", "/api/v1/state-mappings", nil); !strings.Contains(string(body), `"mappings":[]`) {
		t.Errorf("a refused list was half saved: %s", body)
	}
	if resp, _ := f.do(t, store.RoleSupervisor, "PUT", "/api/v1/state-mappings", map[string]any{"mappings": []any{}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a supervisor edits the mappings: %d", resp.StatusCode)
	}
}

// asSessionJSON sends a JSON body as the role, logged in with a session.
func (f *fixture) asSessionJSON(t *testing.T, role, method, path string, body any) (*http.Response, []byte) {
	t.Helper()
	c, csrf := f.browser(t, role)
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, f.ts.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.CSRFHeader, csrf)
	resp, err := c.Do(req)
	must(t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}
