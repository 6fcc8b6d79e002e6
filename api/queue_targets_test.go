package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"wfm/store"
	"wfm/store/storetest"
)

// TestQueueTargetsOverTheAPI: an admin sets a queue's abandonment and AHT
// targets with the version she read; the answer shows the targets in
// force; a target out of range is refused naming its field; a stale edit
// is a 409; the OpenAPI document describes the fields.
func TestQueueTargetsOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		resp, body := f.do(t, "admin", "POST", "/api/v1/queues", map[string]any{"code": "web-chat", "name": "Chat", "site_id": f.site.ID,
			"channel": "chat", "concurrency": 3, "sl_target": 0.8, "sl_threshold_seconds": 60})
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		var q store.Queue
		must(t, json.Unmarshal(body, &q))
		if q.AbandonTarget != nil || q.EffectiveAbandonTarget != 0.10 || q.EffectiveAHTTargetSeconds != 600 {
			t.Errorf("a chat queue without targets: %s", body)
		}
		read := q
		abandon, aht := 0.12, 480
		q.AbandonTarget, q.AHTTargetSeconds = &abandon, &aht
		resp, body = f.do(t, "admin", "PUT", "/api/v1/queues/"+itoa(q.ID), q)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"abandon_target":0.12`) ||
			!strings.Contains(string(body), `"effective_aht_target_seconds":480`) {
			t.Fatalf("set targets: %d %s", resp.StatusCode, body)
		}
		_, body = f.do(t, "manager", "GET", "/api/v1/queues/"+itoa(q.ID), nil)
		if !strings.Contains(string(body), `"aht_target_seconds":480`) || !strings.Contains(string(body), `"effective_abandon_target":0.12`) {
			t.Errorf("read back: %s", body)
		}
		must(t, json.Unmarshal(body, &q))
		for field, v := range map[string]any{"abandon_target": 1.5, "aht_target_seconds": -60} {
			bad := map[string]any{}
			raw, _ := json.Marshal(q)
			must(t, json.Unmarshal(raw, &bad))
			bad[field] = v
			resp, body = f.do(t, "admin", "PUT", "/api/v1/queues/"+itoa(q.ID), bad)
			if resp.StatusCode != 400 || !strings.Contains(string(body), `"fields":{"`+field+`"`) {
				t.Errorf("%s %v: %d %s, want 400 naming it", field, v, resp.StatusCode, body)
			}
		}
		read.AHTTargetSeconds = &aht // still at the version read before the edit
		if resp, body = f.do(t, "admin", "PUT", "/api/v1/queues/"+itoa(q.ID), read); resp.StatusCode != 409 {
			t.Errorf("stale edit: %d %s, want 409", resp.StatusCode, body)
		}
		if resp, _ = f.do(t, "manager", "PUT", "/api/v1/queues/"+itoa(q.ID), q); resp.StatusCode != 403 {
			t.Errorf("a manager edits targets: %d, want 403", resp.StatusCode)
		}
	})
	f := newFixture(t, storetest.Open(t))
	_, body := f.do(t, "", "GET", "/api/v1/openapi.json", nil)
	for _, field := range []string{"abandon_target", "aht_target_seconds", "effective_abandon_target", "effective_aht_target_seconds"} {
		if !strings.Contains(string(body), `"`+field+`"`) {
			t.Errorf("the OpenAPI document lacks %s", field)
		}
	}
}
