package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"wfm/store"
	"wfm/store/storetest"
)

// errorFields reads the fields of an error answer.
func errorFields(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	must(t, json.Unmarshal(body, &e))
	return e.Error.Fields
}

// A supervisor may not file an evaluation or a complaint on another
// team's contact by naming one of her own agents, nor a complaint on a
// contact that does not exist.
func TestRecordsOnAContactFollowTheContactsAgent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		if resp, body := upload(t, f, "contacts", "c.csv", contactsCSV); resp.StatusCode != 200 {
			t.Fatalf("import: %d %s", resp.StatusCode, body)
		}
		form, err := st.EnsureDefaultQualityForm(context.Background())
		must(t, err)
		answers := map[string]store.Answer{}
		for _, it := range form.Items {
			answers[it.ID] = store.Answer{Score: 1}
		}
		// c2 is b1's, of team B; the supervisor leads team A (a1).
		resp, body := f.do(t, "supervisor", "POST", "/api/v1/quality/evaluations", map[string]any{"contact_id": "c2", "agent_id": f.agentA.ID, "answers": answers})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("evaluation of team B's contact naming a1: %d %s, want 403", resp.StatusCode, body)
		}
		complaint := map[string]any{"contact_id": "c2", "agent_id": f.agentA.ID, "customer": "Ms Wu", "about": "rude", "wants": "an apology"}
		if resp, body := f.do(t, "supervisor", "POST", "/api/v1/complaints", complaint); resp.StatusCode != http.StatusForbidden {
			t.Errorf("complaint on team B's contact naming a1: %d %s, want 403", resp.StatusCode, body)
		}
		complaint["contact_id"] = "no-such-contact"
		resp, body = f.do(t, "supervisor", "POST", "/api/v1/complaints", complaint)
		if resp.StatusCode != http.StatusNotFound || errorFields(t, body)["contact_id"] == "" {
			t.Errorf("complaint on no contact: %d %s, want 404 naming contact_id", resp.StatusCode, body)
		}
		complaint["contact_id"] = "c1"
		if resp, body := f.do(t, "supervisor", "POST", "/api/v1/complaints", complaint); resp.StatusCode != http.StatusCreated {
			t.Errorf("complaint on her team's contact: %d %s", resp.StatusCode, body)
		}
		if resp, body := f.do(t, "supervisor", "POST", "/api/v1/quality/evaluations", map[string]any{"contact_id": "c1", "answers": answers}); resp.StatusCode != http.StatusCreated {
			t.Errorf("evaluation of her team's contact: %d %s", resp.StatusCode, body)
		}
	})
}
