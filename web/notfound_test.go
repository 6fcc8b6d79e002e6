package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// An unknown page path gets the HTML error page (with the menu when signed
// in); an unknown API path keeps the API's JSON error.
func TestUnknownPathsAnswer404InTheirOwnKind(t *testing.T) {
	ts, _ := newSite(t)
	anon := newVisitor(t, ts.URL)
	r := anon.do("GET", "/no/such/page", nil, "Accept-Language", "en")
	if r.status != http.StatusNotFound || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, "This page does not exist.") {
		t.Errorf("signed out, unknown page: %d %s\n%s", r.status, r.header.Get("Content-Type"), r.body)
	}
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	r = v.do("GET", "/admin/nothing-here", nil, "Accept-Language", "zh-CN")
	if r.status != http.StatusNotFound || !strings.Contains(r.body, `href="/roster"`) || !strings.Contains(r.body, `<html lang="en">`) {
		t.Errorf("signed in, unknown page: %d\n%s", r.status, r.body)
	}
	for _, path := range []string{"/api/v1/nothing", "/api/v1/sites/1/nothing"} {
		r = v.do("GET", path, nil)
		if r.status != http.StatusNotFound || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || !strings.Contains(r.body, `"code":"not_found"`) {
			t.Errorf("%s: %d %s %s", path, r.status, r.header.Get("Content-Type"), r.body)
		}
	}
}
