package web_test

import (
	"net/http"
	"testing"
)

// What a signed-in person is shown, a page or the API's JSON, is never
// stored by a cache, and declares its type for good.
func TestSignedInAnswersAreNotStored(t *testing.T) {
	ts, _ := newSite(t)
	sam := newVisitor(t, ts.URL)
	if r := sam.login("sam", superPassword, ""); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	for _, path := range []string{"/complaints", "/quality", "/api/v1/me", "/api/v1/agents", "/api/v1/no-such-route", "/no-such-page"} {
		r := sam.do("GET", path, nil)
		if r.header.Get("Cache-Control") != "no-store" || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d with Cache-Control %q, X-Content-Type-Options %q", path, r.status,
				r.header.Get("Cache-Control"), r.header.Get("X-Content-Type-Options"))
		}
	}
}
