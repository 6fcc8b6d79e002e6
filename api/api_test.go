package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"wfm/api"
	"wfm/auth"
	"wfm/civil"
	"wfm/store"
	"wfm/store/storetest"
)

// fixture is a small center with one user of each role, an API token for
// each, and two teams: the supervisor leads team A; agent "a1" is in team
// A, agent "b1" in team B.
type fixture struct {
	st     *store.Store
	srv    *api.Server
	ts     *httptest.Server
	tokens map[string]string // role -> API token secret
	users  map[string]*store.User
	agentA store.Agent
	agentB store.Agent
	site   store.Site
}

const password = "correct horse battery"

func newFixture(t testing.TB, st *store.Store) *fixture {
	t.Helper()
	return newFixtureWith(t, st, nil)
}

// newFixtureWith is newFixture with the server's configuration changed by
// configure (nil: as it comes).
func newFixtureWith(t testing.TB, st *store.Store, configure func(*api.Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: st, tokens: map[string]string{}, users: map[string]*store.User{}}
	for _, role := range []string{store.RoleAgent, store.RoleSupervisor, store.RoleManager, store.RoleAdmin} {
		u := &store.User{Username: role, DisplayName: role, Role: role, Active: true}
		must(t, u.SetPassword(password))
		must(t, st.CreateUser(ctx, store.System, u))
		_, secret, err := st.CreateToken(ctx, store.System, u.ID, "test", store.DefaultTokenDays)
		must(t, err)
		f.tokens[role], f.users[role] = secret, u
	}
	f.site = store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	must(t, st.CreateSite(ctx, store.System, &f.site))
	q := store.Queue{Code: "sales", Name: "Sales", SiteID: f.site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20}
	must(t, st.CreateQueue(ctx, store.System, &q))
	supID := f.users[store.RoleSupervisor].ID
	teamA := store.Team{Name: "A", SiteID: f.site.ID, SupervisorUserID: &supID}
	teamB := store.Team{Name: "B", SiteID: f.site.ID}
	must(t, st.CreateTeam(ctx, store.System, &teamA))
	must(t, st.CreateTeam(ctx, store.System, &teamB))
	agentUser := f.users[store.RoleAgent].ID
	f.agentA = store.Agent{Code: "a1", Name: "Li Na", TeamID: teamA.ID, UserID: &agentUser, HireDate: civil.MustParse("2024-01-02"), Active: true}
	f.agentB = store.Agent{Code: "b1", Name: "Wang Fang", TeamID: teamB.ID, HireDate: civil.MustParse("2023-06-01"), Active: true}
	must(t, st.CreateAgent(ctx, store.System, &f.agentA))
	must(t, st.CreateAgent(ctx, store.System, &f.agentB))
	cfg := api.Config{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if configure != nil {
		configure(&cfg)
	}
	f.srv = api.New(cfg)
	f.ts = httptest.NewServer(conforming(t, t.Errorf, loadDocument(t, f.srv), f.srv.Engine()))
	t.Cleanup(f.ts.Close)
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// do sends a request as a role (by API token; "" = anonymous).
func (f *fixture) do(t *testing.T, role, method, path string, body any) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, f.ts.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// asSession sends a request without a body as the role, logged in with a
// session (the CSRF token sent).
func (f *fixture) asSession(t *testing.T, role, method, path string) (*http.Response, []byte) {
	t.Helper()
	c, csrf := f.browser(t, role)
	req, _ := http.NewRequest(method, f.ts.URL+path, nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.CSRFHeader, csrf)
	resp, err := c.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

var ginParam = regexp.MustCompile(`:([a-z_]+)`)

// TestEveryRouteRefusesTheRolesBelowIt walks the whole route table: each
// protected route answers 401 without credentials and 403 to every role
// below the one it declares, and lets its own role through.
func TestEveryRouteRefusesTheRolesBelowIt(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	roles := []string{store.RoleAgent, store.RoleSupervisor, store.RoleManager, store.RoleAdmin}
	// A connector's token: its routes are its alone, and it has no other.
	_, secret, err := f.st.CreateScopedToken(context.Background(), store.System, f.users[store.RoleAdmin].ID, "acd", 30, store.TokenIntegration)
	must(t, err)
	f.tokens[api.Integration] = secret
	for _, rt := range f.srv.Routes() {
		path := ginParam.ReplaceAllStringFunc(rt.Path, func(p string) string {
			if p == ":kind" {
				return "history"
			}
			if p == ":name" {
				return "nightly"
			}
			return "999999"
		})
		if rt.Role == api.Public {
			continue
		}
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			if resp, _ := f.do(t, "", rt.Method, path, nil); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous: %d, want 401", resp.StatusCode)
			}
			integration, _ := f.do(t, api.Integration, rt.Method, path, nil)
			if rt.Role == api.Integration {
				if integration.StatusCode == http.StatusForbidden || integration.StatusCode == http.StatusUnauthorized {
					t.Errorf("the integration token: %d, want it let through", integration.StatusCode)
				}
				for _, role := range roles {
					if resp, _ := f.do(t, role, rt.Method, path, nil); resp.StatusCode != http.StatusForbidden {
						t.Errorf("%s's token: %d, want 403 (integration tokens only)", role, resp.StatusCode)
					}
				}
				return
			}
			if integration.StatusCode != http.StatusForbidden {
				t.Errorf("the integration token: %d, want 403 (it sends agent events only)", integration.StatusCode)
			}
			if rt.NeedsSession() {
				// Every token is refused; the session of her role lets her through.
				for _, role := range roles {
					if resp, body := f.do(t, role, rt.Method, path, nil); resp.StatusCode != http.StatusForbidden {
						t.Errorf("%s's token: %d, want 403 (a session only): %s", role, resp.StatusCode, body)
					}
					resp, body := f.asSession(t, role, rt.Method, path)
					below := store.RoleRank(role) < store.RoleRank(rt.Role)
					switch {
					case below && resp.StatusCode != http.StatusForbidden:
						t.Errorf("%s's session: %d, want 403 (route needs %s): %s", role, resp.StatusCode, rt.Role, body)
					case !below && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized):
						t.Errorf("%s's session: %d, want it let through: %s", role, resp.StatusCode, body)
					}
				}
				return
			}
			for _, role := range roles {
				resp, body := f.do(t, role, rt.Method, path, nil)
				below := store.RoleRank(role) < store.RoleRank(rt.Role)
				switch {
				case below && resp.StatusCode != http.StatusForbidden:
					t.Errorf("%s: %d, want 403 (route needs %s): %s", role, resp.StatusCode, rt.Role, body)
				case !below && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized):
					t.Errorf("%s: %d, want it let through: %s", role, resp.StatusCode, body)
				}
			}
		})
	}
}

func TestOpenAPIDocumentMatchesTheRoutes(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	resp, body := f.do(t, "", "GET", "/api/v1/openapi.json", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Role string `json:"x-role"`
		} `json:"paths"`
	}
	must(t, json.Unmarshal(body, &doc))
	served := map[string]bool{}
	for _, r := range f.srv.Engine().Routes() {
		key := strings.ToLower(r.Method) + " " + ginParam.ReplaceAllString(r.Path, "{$1}")
		served[key] = true
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			documented[m+" "+p] = true
			if op.Role == "" {
				t.Errorf("%s %s has no x-role", m, p)
			}
		}
	}
	for k := range served {
		if !documented[k] {
			t.Errorf("served but not documented: %s", k)
		}
	}
	for k := range documented {
		if !served[k] {
			t.Errorf("documented but not served: %s", k)
		}
	}
	if !strings.Contains(string(body), `"sl_threshold_seconds"`) {
		t.Error("the Queue schema lacks its fields")
	}
}

// browser is a client with a cookie jar, as a web page would be.
func (f *fixture) browser(t *testing.T, username string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	b, _ := json.Marshal(map[string]string{"username": username, "password": password})
	resp, err := c.Post(f.ts.URL+"/api/v1/login", "application/json", bytes.NewReader(b))
	must(t, err)
	defer resp.Body.Close()
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != 200 || out.CSRF == "" {
		t.Fatalf("login %s: %d", username, resp.StatusCode)
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == auth.SessionCookie && (!ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode) {
			t.Errorf("session cookie must be HttpOnly and SameSite=Lax: %+v", ck)
		}
	}
	return c, out.CSRF
}

func TestSessionNeedsCSRFForChanges(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	c, csrf := f.browser(t, "admin")
	skill := `{"name":"billing"}`
	resp, err := c.Post(f.ts.URL+"/api/v1/skills", "application/json", strings.NewReader(skill))
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST without CSRF: %d, want 403", resp.StatusCode)
	}
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/skills", strings.NewReader(skill))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.CSRFHeader, csrf)
	resp, err = c.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("POST with CSRF: %d, want 201", resp.StatusCode)
	}
	req, _ = http.NewRequest("POST", f.ts.URL+"/api/v1/logout", nil)
	req.Header.Set(auth.CSRFHeader, csrf)
	resp, err = c.Do(req)
	must(t, err)
	resp.Body.Close()
	resp, err = c.Get(f.ts.URL + "/api/v1/me")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("after logout: %d, want 401", resp.StatusCode)
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	var last int
	for i := 0; i < 6; i++ {
		resp, _ := f.do(t, "", "POST", "/api/v1/login", map[string]string{"username": "admin", "password": "wrong password!"})
		last = resp.StatusCode
		if i < 5 && last != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, last)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("sixth failed attempt: %d, want 429", last)
	}
	resp, _ := f.do(t, "", "POST", "/api/v1/login", map[string]string{"username": "admin", "password": password})
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password while locked out: %d, want 429", resp.StatusCode)
	}
}

func TestEditsAreValidatedAndVersioned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		resp, body := f.do(t, "admin", "POST", "/api/v1/queues", map[string]any{"code": "vip", "name": "VIP", "site_id": f.site.ID, "channel": "fax", "sl_target": 0.9, "sl_threshold_seconds": 10})
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"channel"`) {
			t.Errorf("bad channel: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "admin", "POST", "/api/v1/queues", map[string]any{"code": "vip", "name": "VIP", "site_id": "one"})
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"site_id"`) {
			t.Errorf("site_id of the wrong type: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, "admin", "POST", "/api/v1/queues", map[string]any{"code": "vip", "name": "VIP", "site_id": f.site.ID, "channel": "voice", "sl_target": 0.9, "sl_threshold_seconds": 10})
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		var q store.Queue
		must(t, json.Unmarshal(body, &q))
		q.SLTarget = 0.95
		if resp, body = f.do(t, "admin", "PUT", "/api/v1/queues/"+itoa(q.ID), q); resp.StatusCode != 200 {
			t.Fatalf("first edit: %d %s", resp.StatusCode, body)
		}
		q.SLThresholdSeconds = 15 // still at the version read before the first edit
		if resp, body = f.do(t, "admin", "PUT", "/api/v1/queues/"+itoa(q.ID), q); resp.StatusCode != 409 {
			t.Errorf("stale edit: %d %s, want 409", resp.StatusCode, body)
		}
		if !strings.Contains(string(body), `"code":"conflict"`) {
			t.Errorf("error body %s", body)
		}
	})
}

func TestScopeKeepsAgentsToThemselves(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	if resp, _ := f.do(t, "agent", "GET", "/api/v1/agents/"+itoa(f.agentB.ID), nil); resp.StatusCode != 403 {
		t.Errorf("agent reading another agent: %d, want 403", resp.StatusCode)
	}
	if resp, _ := f.do(t, "agent", "GET", "/api/v1/agents/"+itoa(f.agentA.ID), nil); resp.StatusCode != 200 {
		t.Errorf("agent reading herself: %d, want 200", resp.StatusCode)
	}
	if resp, _ := f.do(t, "supervisor", "GET", "/api/v1/agents/"+itoa(f.agentB.ID), nil); resp.StatusCode != 403 {
		t.Errorf("supervisor reading another team's agent: %d, want 403", resp.StatusCode)
	}
	_, body := f.do(t, "supervisor", "GET", "/api/v1/agents", nil)
	var list []store.Agent
	must(t, json.Unmarshal(body, &list))
	if len(list) != 1 || list[0].ID != f.agentA.ID {
		t.Errorf("supervisor's agents = %s", body)
	}
}

const contactsCSV = "contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds\n" +
	"c1,sales,2026-03-02 08:00:00,2026-03-02 08:00:10,2026-03-02 08:04:00,a1,200\n" +
	"c2,sales,2026-03-02 08:01:00,2026-03-02 08:01:30,2026-03-02 08:03:00,b1,60\n"

func upload(t *testing.T, f *fixture, kind, name, csv string) (*http.Response, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write([]byte(csv))
	w.Close()
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/imports/"+kind+"?tz=Asia/Shanghai", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+f.tokens["manager"])
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestImportOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		bad := contactsCSV + "c3,sales,2026-03-02 08:02:00,2026-03-02 08:01:00,,a1,10\n"
		resp, body := upload(t, f, "contacts", "jan.csv", bad)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "jan.csv:4: column answered_at: answered before it arrived") {
			t.Errorf("bad file: %d %s", resp.StatusCode, body)
		}
		for i, want := range []string{`"inserted":2,"replaced":0`, `"inserted":0,"replaced":2`} {
			resp, body = upload(t, f, "contacts", "jan.csv", contactsCSV)
			if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("import %d: %d %s, want %s", i+1, resp.StatusCode, body, want)
			}
		}
		_, body = f.do(t, "agent", "GET", "/api/v1/contacts", nil)
		var cs []store.Contact
		must(t, json.Unmarshal(body, &cs))
		if len(cs) != 1 || cs[0].ContactID != "c1" {
			t.Errorf("agent a1 sees contacts %s, want only c1", body)
		}
		// A raw CSV body works too.
		r2, b2 := f.postCSV(t, "/api/v1/imports/history", "queue,interval_start,offered\nsales,2026-03-02T08:00:00+08:00,4\n")
		if r2.StatusCode != 200 || !strings.Contains(string(b2), `"read":1`) {
			t.Errorf("raw body import: %d %s", r2.StatusCode, b2)
		}
	})
}

func TestHealthReadyAndMetrics(t *testing.T) {
	f := newFixtureWith(t, storetest.Open(t), func(cfg *api.Config) { cfg.MetricsToken = metricsToken })
	for _, p := range []string{"/healthz", "/readyz"} {
		if resp, body := f.do(t, "", "GET", p, nil); resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	// /healthz names the build that answers, for a bug report.
	_, body := f.do(t, "", "GET", "/healthz", nil)
	var health struct {
		Version struct {
			Version   string `json:"version"`
			GoVersion string `json:"go_version"`
		} `json:"version"`
	}
	must(t, json.Unmarshal(body, &health))
	if health.Version.Version == "" || !strings.HasPrefix(health.Version.GoVersion, "go") {
		t.Errorf("/healthz names no build: %s", body)
	}
	f.do(t, "admin", "GET", "/api/v1/sites", nil)
	_, body = f.scrape(t, "Bearer "+metricsToken)
	if !strings.Contains(string(body), `wfm_http_request_duration_seconds_count{method="GET",route="/api/v1/sites",status="200"} 1`) {
		t.Errorf("metrics lack the sites request:\n%s", body)
	}
	// The exposition is the Prometheus client's: the build, the Go runtime
	// and the process are there, and a scraper's parser reads it all.
	for _, want := range []string{`wfm_build_info{commit=`, "go_goroutines ", "process_resident_memory_bytes "} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("a Prometheus parser refuses the scrape: %v", err)
	}
	if h := families["wfm_http_request_duration_seconds"]; h == nil || h.GetType().String() != "HISTOGRAM" {
		t.Errorf("wfm_http_request_duration_seconds is not a histogram: %v", h)
	}
}

func itoa(n int64) string { return jsonNum(n) }

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }
