package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"wfm/api"
	"wfm/connector"
	"wfm/store/storetest"
	"wfm/web"
)

// The connectors page is the admin's: without a key it says so and
// refuses credentials; with one it saves them sealed and shows only that
// they are set.
func TestAdminConnectsASite(t *testing.T) {
	for _, withKey := range []bool{false, true} {
		st := storetest.Open(t)
		d := seed(t, st)
		var sealer *connector.Sealer
		if withKey {
			var err error
			if sealer, err = connector.NewSealer(strings.Repeat("cd", 32)); err != nil {
				t.Fatal(err)
			}
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		srv := api.New(api.Config{Store: st, Log: log, Sealer: sealer})
		engine := srv.Engine()
		if err := web.Mount(engine, web.Config{Auth: srv.Auth(), Builds: srv.Builds(), Jobs: srv.Jobs(), NotFound: srv.NoRoute, Store: st, Log: log, Sealer: sealer}); err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(engine)
		t.Cleanup(ts.Close)

		m := newVisitor(t, ts.URL)
		m.login("mona", managerPassword, "")
		if r := m.do("GET", "/admin/connectors", nil); r.status != http.StatusForbidden {
			t.Errorf("a manager sees the connectors: %d", r.status)
		}
		a := newVisitor(t, ts.URL)
		a.login("ada", adminPassword, "")
		a.setLocale("en")
		page := a.do("GET", "/admin/connectors", nil)
		if page.status != 200 || strings.Contains(page.body, `id="connectors-no-key"`) == withKey {
			t.Fatalf("key %v: page %d, no-key banner shown %v", withKey, page.status, strings.Contains(page.body, `id="connectors-no-key"`))
		}
		form := url.Values{"csrf_token": {csrfOf(t, page.body)},
			"instance_arn": {"arn:aws:connect:eu-central-1:123456789012:instance/10a4c4eb-f57e-4d4c-b602-bf39176ced07"},
			"queues":       {"6f1e1c32-7a3b-4c55-9a0e-0b6a1c2f3d4e = billing"}, "enabled": {"1"},
			"access_key_id": {"AKIAIOSFODNN7EXAMPLE"}, "secret_access_key": {"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}
		path := fmt.Sprintf("/admin/connectors/%d", d.queue.SiteID)
		r := a.do("POST", path, form)
		if !withKey {
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, "WFM_CREDENTIALS_KEY") {
				t.Errorf("no key: %d", r.status)
			}
			continue
		}
		if r.status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		page = a.do("GET", r.location, nil)
		if !strings.Contains(page.body, "Saved.") || !strings.Contains(page.body, "<dd>set</dd>") || strings.Contains(page.body, "EXAMPLEKEY") || strings.Contains(page.body, "AKIA") {
			t.Errorf("after save: %s", page.body[strings.Index(page.body, "<main"):])
		}
		form.Set("csrf_token", csrfOf(t, page.body))
		form.Set("queues", "nonsense")
		if r := a.do("POST", path, form); r.status != http.StatusBadRequest || !strings.Contains(r.body, "line 1") {
			t.Errorf("bad queues: %d", r.status)
		}
	}
}
