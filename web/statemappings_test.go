package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAdminEditsStateMappings(t *testing.T) {
	ts, d := newSite(t)
	ctx := t.Context()
	admin := newVisitor(t, ts.URL)
	admin.login("ada", adminPassword, "")
	admin.setLocale("en")
	page := admin.do("GET", "/admin/state-mappings", nil)
	if page.status != http.StatusOK || !strings.Contains(page.body, `id="f-mappings"`) {
		t.Fatalf("mappings page: %d", page.status)
	}
	post := func(text string) response {
		t.Helper()
		page := admin.do("GET", "/admin/state-mappings", nil)
		return admin.do("POST", "/admin/state-mappings", url.Values{"csrf_token": {csrfOf(t, page.body)}, "mappings": {text}})
	}
	// Line 2 is not a mapping, line 4 maps to no product state: both named,
	// nothing saved.
	r := post("Ready = available\nwhat is this\n\nAux / Coffee = coffee\n")
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Line 2 is not") || !strings.Contains(r.body, "Line 4:") {
		t.Errorf("bad mappings: %d\n%s", r.status, r.body[strings.Index(r.body, "<main"):])
	}
	if ms, _ := d.store.StateMappings(ctx); len(ms) != 0 {
		t.Errorf("a refused text saved %d mappings", len(ms))
	}
	r = post("# Genesys\nReady = available\nNotReady / Lunch = lunch\nNotReady = other\n")
	if r.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.status, r.body)
	}
	ms, _ := d.store.StateMappings(ctx)
	if len(ms) != 3 || ms[1].ACDState != "NotReady" || ms[1].Reason != "Lunch" || ms[1].State != "lunch" {
		t.Errorf("saved: %+v", ms)
	}
	// A manager reads them, and may not change them.
	m := newVisitor(t, ts.URL)
	m.login("mona", managerPassword, "")
	page = m.do("GET", "/admin/state-mappings", nil)
	if !strings.Contains(page.body, "NotReady / Lunch = lunch") {
		t.Errorf("the manager does not see the mappings")
	}
	if r := m.do("POST", "/admin/state-mappings", url.Values{"csrf_token": {csrfOf(t, page.body)}, "mappings": {""}}); r.status != http.StatusForbidden {
		t.Errorf("a manager edits the mappings: %d", r.status)
	}
}
