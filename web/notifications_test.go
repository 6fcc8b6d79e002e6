package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wfm/store"
)

// TestBellNotificationsAndWebhooksPages: the bell counts the signed-in
// person's unread notifications on every page; the list shows hers only,
// marks them read, and saves her settings (a bad address refused naming
// it; email off is said); the webhooks page is the admin's, shows the
// secret once and refuses a bad URL naming the field.
func TestBellNotificationsAndWebhooksPages(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	if err := d.store.LeaveReminders(ctx, store.System, []store.Notification{
		{UserID: d.agent.ID, Kind: store.EventRosterPublished, Message: "Your roster from 2026-03-09 (7 days) was published.", Link: "/my/schedule"},
		{UserID: d.super.ID, Kind: store.NotificationPending, Message: "for the supervisor"}}); err != nil {
		t.Fatal(err)
	}
	agent := newVisitor(t, ts.URL)
	agent.login(d.agent.Username, agentPassword, "")
	page := agent.do("GET", "/my/schedule", nil)
	if !strings.Contains(page.body, `class="bell"`) || !strings.Contains(page.body, `<span class="count">1</span>`) {
		t.Fatalf("no bell counting 1 on my schedule:\n%s", page.body)
	}
	list := agent.do("GET", "/notifications", nil)
	if list.status != http.StatusOK || !strings.Contains(list.body, "Roster published or changed") || strings.Contains(list.body, "for the supervisor") ||
		!strings.Contains(list.body, "sends no email") {
		t.Fatalf("the agent's list: %d\n%s", list.status, list.body)
	}
	csrf := csrfOf(t, list.body)
	if r := agent.do("POST", "/notifications/settings", url.Values{"csrf_token": {csrf}, "email": {"lina@@example"}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "mail") {
		t.Errorf("a bad address: %d\n%s", r.status, r.body)
	}
	if r := agent.do("POST", "/notifications/settings", url.Values{"csrf_token": {csrf}, "email": {"lina@example.com"}, "channel.roster.published": {"none"}}); r.status != http.StatusSeeOther {
		t.Errorf("saving settings: %d %s", r.status, r.body)
	}
	if r := agent.do("POST", "/notifications/read", url.Values{"csrf_token": {csrf}}); r.status != http.StatusSeeOther {
		t.Errorf("mark all read: %d", r.status)
	}
	page = agent.do("GET", "/notifications", nil)
	if strings.Contains(page.body, `<span class="count">`) || !strings.Contains(page.body, `value="lina@example.com"`) ||
		!strings.Contains(page.body, `<option value="none" selected>`) {
		t.Errorf("after reading and saving:\n%s", page.body)
	}
	if r := agent.do("GET", "/admin/webhooks", nil); r.status != http.StatusForbidden {
		t.Errorf("an agent on the webhooks page: %d", r.status)
	}
	if n, _ := d.store.UnreadNotifications(ctx, d.super.ID); n != 1 {
		t.Errorf("the agent's marking touched the supervisor's: %d unread", n)
	}

	admin := newVisitor(t, ts.URL)
	admin.login(d.admin.Username, adminPassword, "")
	hooks := admin.do("GET", "/admin/webhooks", nil)
	if hooks.status != http.StatusOK {
		t.Fatalf("webhooks page: %d\n%s", hooks.status, hooks.body)
	}
	csrf = csrfOf(t, hooks.body)
	if r := admin.do("POST", "/admin/webhooks", url.Values{"csrf_token": {csrf}, "url": {"ftp://files.example.com"}, "kinds": {"roster.published"}}); r.status != http.StatusBadRequest || !strings.Contains(strings.ToLower(r.body), "url") {
		t.Errorf("a bad URL: %d\n%s", r.status, r.body)
	}
	r := admin.do("POST", "/admin/webhooks", url.Values{"csrf_token": {csrf}, "url": {"https://hooks.example.com/wfm"}, "kinds": {"roster.published", "import.finished"}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "whsec_") {
		t.Fatalf("registering: %d\n%s", r.status, r.body)
	}
	again := admin.do("GET", "/admin/webhooks", nil)
	if strings.Contains(again.body, "whsec_") || !strings.Contains(again.body, "hooks.example.com") || !(strings.Contains(again.body, "Import finished") || strings.Contains(again.body, "导入完成")) {
		t.Errorf("the page again shows the secret, or not the hook:\n%s", again.body)
	}
}
