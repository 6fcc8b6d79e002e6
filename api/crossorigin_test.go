package api_test

import (
	"net/http"
	"strings"
	"testing"

	"wfm/api"
	"wfm/store/storetest"
)

// A page on another site cannot make a browser sign in here, nor act with
// its session: unsafe requests that a browser marks cross-site are
// refused, login included; same-origin ones and non-browser clients pass;
// a configured origin (a proxy's public name) passes.
func TestCrossOriginRequestsAreRefused(t *testing.T) {
	f := newFixtureWith(t, storetest.Open(t), func(c *api.Config) { c.TrustedOrigins = []string{"https://wfm.example.com"} })
	login := `{"username":"manager","password":"` + password + `"}`
	// send takes the subtest's t, so that a failed request stops only its case.
	send := func(t *testing.T, headers ...string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/login", strings.NewReader(login))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct {
		name    string
		headers []string
		want    int
	}{
		{"a browser, cross-site", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"an older browser, another origin", []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"a browser, same origin", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusOK},
		{"a script, no browser headers", nil, http.StatusOK},
		{"the proxy's public origin", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://wfm.example.com"}, http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := send(t, c.headers...); got != c.want {
				t.Errorf("%s: %d, want %d", c.name, got, c.want)
			}
		})
	}
	// A signed-in action from another site is refused too, whatever the CSRF.
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/skills", strings.NewReader(`{"name":"x"}`))
	req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST with a token: %d, want 403", resp.StatusCode)
	}
}
