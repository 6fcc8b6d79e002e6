package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// The login form posted from another site is refused (login CSRF: a page
// elsewhere signing the browser in as someone else); posted from the page
// itself it signs in.
func TestLoginFromAnotherSiteIsRefused(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)
	form := v.do("GET", "/login", nil)
	values := url.Values{"csrf_token": {csrfOf(t, form.body)}, "username": {"mona"}, "password": {managerPassword}}
	if r := v.do("POST", "/login", values, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); r.status != http.StatusForbidden {
		t.Errorf("login from another site: %d, want 403", r.status)
	}
	if r := v.do("POST", "/login", values, "Sec-Fetch-Site", "same-origin", "Origin", ts.URL); r.status != http.StatusSeeOther {
		t.Errorf("login from the page: %d, want 303", r.status)
	}
}
