package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"wfm/store"
	"wfm/store/storetest"
)

// TestNotificationsAreEachPersonsOwn: an agent lists and marks read only
// her own notifications; the settings refuse a bad address naming it; the
// webhooks are the admin's, a bad URL refused naming the field, the
// secret shown once.
func TestNotificationsAreEachPersonsOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		agent, sup := f.users[store.RoleAgent], f.users[store.RoleSupervisor]
		must(t, st.LeaveReminders(ctx, store.System, []store.Notification{
			{UserID: agent.ID, Kind: store.NotificationPending, Message: "for the agent"},
			{UserID: sup.ID, Kind: store.NotificationPending, Message: "for the supervisor"}}))

		resp, body := f.do(t, store.RoleAgent, "GET", "/api/v1/notifications", nil)
		var notes []store.Notification
		_ = json.Unmarshal(body, &notes)
		if resp.StatusCode != http.StatusOK || len(notes) != 1 || notes[0].Message != "for the agent" {
			t.Fatalf("agent's notifications: %d %s", resp.StatusCode, body)
		}
		supNotes, _ := st.ListNotifications(ctx, sup.ID)
		resp, body = f.do(t, store.RoleAgent, "POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{supNotes[0].ID}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"marked":0`) {
			t.Errorf("agent marking the supervisor's: %d %s, want nothing marked", resp.StatusCode, body)
		}
		resp, body = f.do(t, store.RoleAgent, "POST", "/api/v1/notifications/read", map[string]any{})
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"marked":1`) {
			t.Errorf("agent marking all hers: %d %s", resp.StatusCode, body)
		}
		if _, body = f.do(t, store.RoleSupervisor, "GET", "/api/v1/notifications/unread", nil); !strings.Contains(string(body), `"unread":1`) {
			t.Errorf("the supervisor's bell: %s, want 1", body)
		}

		resp, body = f.do(t, store.RoleAgent, "PUT", "/api/v1/notification-preferences", map[string]any{"email": "not an address"})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"email"`) {
			t.Errorf("a bad address: %d %s, want 400 naming email", resp.StatusCode, body)
		}
		resp, body = f.do(t, store.RoleAgent, "PUT", "/api/v1/notification-preferences",
			map[string]any{"email": "lina@center.example", "channels": map[string]string{"roster.published": "app"}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"roster.published":"app"`) || !strings.Contains(string(body), `"email_enabled":false`) {
			t.Errorf("settings saved: %d %s", resp.StatusCode, body)
		}

		if resp, _ := f.do(t, store.RoleManager, "GET", "/api/v1/webhooks", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a manager listing webhooks: %d, want 403", resp.StatusCode)
		}
		resp, body = f.do(t, store.RoleAdmin, "POST", "/api/v1/webhooks", map[string]any{"url": "javascript:alert(1)", "kinds": []string{"roster.published"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"url"`) {
			t.Errorf("a bad URL: %d %s, want 400 naming url", resp.StatusCode, body)
		}
		resp, body = f.do(t, store.RoleAdmin, "POST", "/api/v1/webhooks", map[string]any{"url": "https://hooks.example.com/wfm", "kinds": []string{"roster.published"}})
		var created struct {
			ID     int64  `json:"id"`
			Secret string `json:"secret"`
		}
		_ = json.Unmarshal(body, &created)
		if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(created.Secret, "whsec_") {
			t.Fatalf("registering: %d %s", resp.StatusCode, body)
		}
		if _, body = f.do(t, store.RoleAdmin, "GET", "/api/v1/webhooks", nil); strings.Contains(string(body), created.Secret) || !strings.Contains(string(body), "hooks.example.com") {
			t.Errorf("the list shows the secret again, or not the hook: %s", body)
		}
		if resp, body = f.do(t, store.RoleAdmin, "GET", "/api/v1/webhooks/"+itoa(created.ID)+"/deliveries", nil); resp.StatusCode != http.StatusOK || string(body) != "[]" {
			t.Errorf("deliveries: %d %s", resp.StatusCode, body)
		}
		if resp, _ = f.do(t, store.RoleAdmin, "DELETE", "/api/v1/webhooks/"+itoa(created.ID), nil); resp.StatusCode != http.StatusNoContent {
			t.Errorf("delete: %d", resp.StatusCode)
		}
		if resp, _ = f.do(t, store.RoleAdmin, "GET", "/api/v1/webhooks/"+itoa(created.ID)+"/deliveries", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("deliveries of a deleted hook: %d, want 404", resp.StatusCode)
		}
	})
}
