package apiclient_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"wfm/apiclient"
)

// (The client against the real server: api's TestGeneratedClientTalksToTheServer.)

func TestNewNamesWhatIsMissing(t *testing.T) {
	for _, tc := range []struct{ name, server, token, says string }{
		{"no server", "", "t", "server"},
		{"no scheme", "localhost:8080", "t", "server"},
		{"ftp scheme", "ftp://example.com", "t", "server"},
		{"no token", "http://localhost:8080", "", "token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := apiclient.New(tc.server, tc.token); err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("New(%q, %q): %v, want it to name the %s", tc.server, tc.token, err, tc.says)
			}
		})
	}
}

func TestClientSendsTheTokenAndRefusesWhatIsNot2xx(t *testing.T) {
	var auth string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/api/v1/sites":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`[{"id":1,"name":"Shanghai","timezone":"Asia/Shanghai","public_holidays":"","open_hours":null,"version":1,"created_at":"2026-01-02T00:00:00Z","updated_at":"2026-01-02T00:00:00Z"}]`))
		case "/api/v1/skills":
			time.Sleep(300 * time.Millisecond)
		default:
			// a proxy's page, not the API's error schema
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte("<html>bad gateway</html>"))
		}
	}))
	defer ts.Close()
	ctx := context.Background()
	c, err := apiclient.New(ts.URL, "wfm_secret", apiclient.WithTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	sites, err := c.ListSitesWithResponse(ctx)
	if err != nil || sites.JSON2XX == nil || (*sites.JSON2XX)[0].Timezone != "Asia/Shanghai" {
		t.Fatalf("list sites: %v", err)
	}
	if auth != "Bearer wfm_secret" {
		t.Errorf("Authorization: %q", auth)
	}
	_, err = c.ListTeamsWithResponse(ctx)
	var apiErr *apiclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadGateway || apiErr.Code != "" || !strings.Contains(apiErr.Message, "bad gateway") {
		t.Errorf("a 502 page: %#v", err)
	}
	if err != nil && err.Error() != "GET /api/v1/teams: 502 Bad Gateway: <html>bad gateway</html>" {
		t.Errorf("a 502 reads %q", err)
	}
	if _, err := c.ListSkillsWithResponse(ctx); err == nil || errors.As(err, &apiErr) {
		t.Errorf("a server slower than the timeout: %v", err)
	}
}
