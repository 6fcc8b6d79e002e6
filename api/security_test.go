package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wfm/api"
	"wfm/auth"
	"wfm/store"
	"wfm/store/storetest"
)

// errorFields reads the fields of an error answer.
func errorFields(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	must(t, json.Unmarshal(body, &e))
	return e.Error.Fields
}

// A supervisor may not file an evaluation or a complaint on another
// team's contact by naming one of her own agents, nor a complaint on a
// contact that does not exist.
func TestRecordsOnAContactFollowTheContactsAgent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		if resp, body := upload(t, f, "contacts", "c.csv", contactsCSV); resp.StatusCode != 200 {
			t.Fatalf("import: %d %s", resp.StatusCode, body)
		}
		form, err := st.EnsureDefaultQualityForm(context.Background())
		must(t, err)
		answers := map[string]store.Answer{}
		for _, it := range form.Items {
			answers[it.ID] = store.Answer{Score: 1}
		}
		// c2 is b1's, of team B; the supervisor leads team A (a1).
		resp, body := f.do(t, "supervisor", "POST", "/api/v1/quality/evaluations", map[string]any{"contact_id": "c2", "agent_id": f.agentA.ID, "answers": answers})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("evaluation of team B's contact naming a1: %d %s, want 403", resp.StatusCode, body)
		}
		complaint := map[string]any{"contact_id": "c2", "agent_id": f.agentA.ID, "customer": "Ms Wu", "about": "rude", "wants": "an apology"}
		if resp, body := f.do(t, "supervisor", "POST", "/api/v1/complaints", complaint); resp.StatusCode != http.StatusForbidden {
			t.Errorf("complaint on team B's contact naming a1: %d %s, want 403", resp.StatusCode, body)
		}
		complaint["contact_id"] = "no-such-contact"
		resp, body = f.do(t, "supervisor", "POST", "/api/v1/complaints", complaint)
		if resp.StatusCode != http.StatusNotFound || errorFields(t, body)["contact_id"] == "" {
			t.Errorf("complaint on no contact: %d %s, want 404 naming contact_id", resp.StatusCode, body)
		}
		complaint["contact_id"] = "c1"
		if resp, body := f.do(t, "supervisor", "POST", "/api/v1/complaints", complaint); resp.StatusCode != http.StatusCreated {
			t.Errorf("complaint on her team's contact: %d %s", resp.StatusCode, body)
		}
		if resp, body := f.do(t, "supervisor", "POST", "/api/v1/quality/evaluations", map[string]any{"contact_id": "c1", "answers": answers}); resp.StatusCode != http.StatusCreated {
			t.Errorf("evaluation of her team's contact: %d %s", resp.StatusCode, body)
		}
	})
}

// quickPasswords is a configuration whose password check counts its
// calls and remembers its answers, so that tests may fail many logins
// without paying argon2 each time; also are applied first.
func quickPasswords(also ...func(*api.Config)) (func(*api.Config), *atomic.Int64) {
	var calls atomic.Int64
	var mu sync.Mutex
	seen := map[[2]string]bool{}
	check := func(hash, password string) bool {
		calls.Add(1)
		mu.Lock()
		defer mu.Unlock()
		k := [2]string{hash, password}
		if ok, done := seen[k]; done {
			return ok
		}
		seen[k] = store.CheckPassword(hash, password)
		return seen[k]
	}
	return func(cfg *api.Config) {
		for _, f := range also {
			f(cfg)
		}
		cfg.Auth = auth.New(auth.Config{Store: cfg.Store, Now: cfg.Now, CheckPassword: check})
	}, &calls
}

// loginFrom logs in with a forwarding header naming addr ("" for none),
// as a proxy in front would send it.
func (f *fixture) loginFrom(t *testing.T, addr, username, pw string) *http.Response {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"username": username, "password": pw})
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/login", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if addr != "" {
		req.Header.Set("X-Forwarded-For", addr)
		req.Header.Set("X-Real-IP", addr)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	return resp
}

func trustLoopback(cfg *api.Config) { cfg.TrustedProxies = []string{"127.0.0.1", "::1"} }

// Forwarding headers name the client only when they come from a trusted
// proxy: from anyone else, changing them does not get round the limit of
// failures per address (50), which holds whatever names are tried.
func TestLoginLimitCountsThePeerUnlessAProxyIsTrusted(t *testing.T) {
	spray := func(t *testing.T, f *fixture) {
		t.Helper()
		for i := range 50 {
			if resp := f.loginFrom(t, fmt.Sprintf("203.0.113.%d", i), fmt.Sprintf("nobody%d", i), "wrong password!"); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, resp.StatusCode)
			}
		}
	}
	st := storetest.Open(t)
	quick, _ := quickPasswords()
	f := newFixtureWith(t, st, quick)
	spray(t, f)
	if resp := f.loginFrom(t, "203.0.113.200", "nobody200", "wrong password!"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("51st failure from one peer, a new forwarded address: %d, want 429", resp.StatusCode)
	}
	// Behind a trusted proxy, the forwarded addresses are the clients.
	quickBehind, _ := quickPasswords(trustLoopback)
	behind := newFixtureWith(t, storetest.Open(t), quickBehind)
	spray(t, behind)
	if resp := behind.loginFrom(t, "203.0.113.200", "nobody200", "wrong password!"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a new client behind the proxy: %d, want 401", resp.StatusCode)
	}
	for i := range 50 {
		behind.loginFrom(t, "198.51.100.7", fmt.Sprintf("sprayed%d", i), "wrong password!")
	}
	if resp := behind.loginFrom(t, "198.51.100.7", "admin", password); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("one client behind the proxy after 50 failures over many names: %d, want 429", resp.StatusCode)
	}
}

// Failures lock the name out from the address that failed, never for
// everyone: the owner logs in from elsewhere, whoever guessed.
func TestLoginBacksOffPerNameAndAddress(t *testing.T) {
	quick, _ := quickPasswords(trustLoopback)
	f := newFixtureWith(t, storetest.Open(t), quick)
	const guesser, owner = "198.51.100.1", "198.51.100.2"
	for i := range 5 {
		if resp := f.loginFrom(t, guesser, "admin", "wrong password!"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, resp.StatusCode)
		}
	}
	resp := f.loginFrom(t, guesser, "ADMIN", password)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("the guesser's sixth try, the name in capitals: %d (Retry-After %q), want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp := f.loginFrom(t, owner, "admin", password); resp.StatusCode != http.StatusOK {
		t.Errorf("admin from her own address: %d, want 200", resp.StatusCode)
	}
	if resp := f.loginFrom(t, guesser, "manager", password); resp.StatusCode != http.StatusOK {
		t.Errorf("another name from the guesser's address: %d, want 200", resp.StatusCode)
	}
}

// Every login runs the password hash once, whether the name exists, is
// deactivated or is active: the time a refusal takes tells nothing.
func TestEveryLoginCostsOneHash(t *testing.T) {
	st := storetest.Open(t)
	quick, calls := quickPasswords()
	f := newFixtureWith(t, st, quick)
	calls.Store(0) // the fixture's own logins
	gone := &store.User{Username: "gone", DisplayName: "Gone", Role: store.RoleAgent, Active: false}
	must(t, gone.SetPassword(password))
	must(t, st.CreateUser(context.Background(), store.System, gone))
	for _, try := range []struct {
		name, username, password string
		status                   int
	}{
		{"an unknown name", "nobody", password, http.StatusUnauthorized},
		{"a deactivated user", "gone", password, http.StatusUnauthorized},
		{"a deactivated user, wrong password", "gone", "wrong password!", http.StatusUnauthorized},
		{"a wrong password", "agent", "wrong password!", http.StatusUnauthorized},
		{"the right password", "agent", password, http.StatusOK},
	} {
		t.Run(try.name, func(t *testing.T) {
			before := calls.Load()
			resp, body := f.do(t, "", "POST", "/api/v1/login", map[string]string{"username": try.username, "password": try.password})
			if resp.StatusCode != try.status {
				t.Errorf("%s: %d %s, want %d", try.name, resp.StatusCode, body, try.status)
			}
			if n := calls.Load() - before; n != 1 {
				t.Errorf("%s: the hash ran %d times, want once", try.name, n)
			}
		})
	}
}

// A user name is one name whatever its case: logins find it so, and no
// one may be made beside it in other capitals.
func TestUserNamesIgnoreCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		if resp, body := f.do(t, "", "POST", "/api/v1/login", map[string]string{"username": "Admin", "password": password}); resp.StatusCode != http.StatusOK {
			t.Errorf("login as Admin: %d %s", resp.StatusCode, body)
		}
		resp, body := f.do(t, "admin", "POST", "/api/v1/users", map[string]any{"username": "ADMIN", "display_name": "Impostor", "role": "admin", "password": "another long password"})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("ADMIN beside admin: %d %s, want 409", resp.StatusCode, body)
		}
	})
}

// A token's life is 1 to 365 days, 90 when not said; a token cannot mint
// tokens: that takes a person logged in.
func TestTokensExpireAndNeedASession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		c, csrf := f.browser(t, "agent")
		mint := func(body map[string]any) (*http.Response, []byte) {
			b, _ := json.Marshal(body)
			req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/tokens", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(auth.CSRFHeader, csrf)
			resp, err := c.Do(req)
			must(t, err)
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			return resp, out
		}
		for _, days := range []int{-1, 0, 366, 200000} {
			resp, body := mint(map[string]any{"name": "sync", "expires_in_days": days})
			if resp.StatusCode != http.StatusBadRequest || errorFields(t, body)["expires_in_days"] == "" {
				t.Errorf("%d days: %d %s, want 400 naming expires_in_days", days, resp.StatusCode, body)
			}
		}
		for days, want := range map[int]int{0: 90, 1: 1, 365: 365} {
			body := map[string]any{"name": "sync"}
			if days != 0 {
				body["expires_in_days"] = days
			}
			resp, out := mint(body)
			var tok struct {
				Token store.APIToken `json:"token"`
			}
			must(t, json.Unmarshal(out, &tok))
			if resp.StatusCode != http.StatusCreated || tok.Token.ExpiresAt == nil ||
				tok.Token.ExpiresAt.Sub(tok.Token.CreatedAt) != time.Duration(want)*24*time.Hour {
				t.Errorf("%d days asked: %d %s, want it to expire %d days on", days, resp.StatusCode, out, want)
			}
		}
		resp, body := f.do(t, "agent", "POST", "/api/v1/tokens", map[string]any{"name": "minted by a token"})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a token mints a token: %d %s, want 403", resp.StatusCode, body)
		}
	})
}

// A password reset ends the user's sessions and revokes her tokens; an
// admin who changes her own password keeps the session she did it in.
func TestPasswordResetEndsSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		agentBrowser, _ := f.browser(t, "agent")
		me := func(c *http.Client) int {
			resp, err := c.Get(f.ts.URL + "/api/v1/me")
			must(t, err)
			resp.Body.Close()
			return resp.StatusCode
		}
		if me(agentBrowser) != http.StatusOK {
			t.Fatal("the agent's session does not work to begin with")
		}
		u := f.users["agent"]
		resp, body := f.do(t, "admin", "PUT", "/api/v1/users/"+itoa(u.ID), map[string]any{"username": u.Username, "display_name": u.DisplayName,
			"role": u.Role, "active": true, "password": "a brand new password", "version": u.Version})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("reset: %d %s", resp.StatusCode, body)
		}
		if got := me(agentBrowser); got != http.StatusUnauthorized {
			t.Errorf("the agent's session after the reset: %d, want 401", got)
		}
		if resp, _ := f.do(t, "agent", "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("the agent's token after the reset: %d, want 401", resp.StatusCode)
		}
		// The admin changes her own password in the session she is in.
		adminBrowser, csrf := f.browser(t, "admin")
		other, _ := f.browser(t, "admin")
		a := f.users["admin"]
		b, _ := json.Marshal(map[string]any{"username": a.Username, "display_name": a.DisplayName, "role": a.Role, "active": true,
			"password": "another new password", "version": a.Version})
		req, _ := http.NewRequest("PUT", f.ts.URL+"/api/v1/users/"+itoa(a.ID), bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(auth.CSRFHeader, csrf)
		resp, err := adminBrowser.Do(req)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("own change: %d", resp.StatusCode)
		}
		if me(adminBrowser) != http.StatusOK || me(other) != http.StatusUnauthorized {
			t.Errorf("after her own change: this session %d, the other %d; want 200 and 401", me(adminBrowser), me(other))
		}
	})
}

// Every answer of the API, whatever its route, role or status, says
// nosniff and no-store.
func TestEveryAPIAnswerIsNosniffAndNoStore(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	check := func(what string, resp *http.Response) {
		t.Helper()
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d with X-Content-Type-Options %q, Cache-Control %q", what, resp.StatusCode,
				resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Cache-Control"))
		}
	}
	for _, rt := range f.srv.Routes() {
		if rt.Method != "GET" {
			continue
		}
		path := ginParam.ReplaceAllString(rt.Path, "1")
		for _, role := range []string{"", "agent", "admin"} {
			resp, _ := f.do(t, role, "GET", path, nil)
			check(fmt.Sprintf("GET %s as %q", path, role), resp)
		}
	}
	resp, _ := f.do(t, "", "POST", "/api/v1/login", map[string]string{"username": "agent", "password": password})
	check("login", resp)
	resp, _ = f.do(t, "admin", "GET", "/api/v1/no-such-route", nil)
	check("no such route", resp)
}

const metricsToken = "scrape-me-0123456789"

// scrape asks for the metrics with an Authorization header ("" for none).
func (f *fixture) scrape(t *testing.T, authorization string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.ts.URL+"/metrics", nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// The metrics go to the holder of the metrics token only, and nowhere when
// none is set; health and readiness stay public.
func TestMetricsNeedTheirToken(t *testing.T) {
	off := newFixture(t, storetest.Open(t))
	if resp, body := off.scrape(t, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("no token set: %d %s, want 404", resp.StatusCode, body)
	}
	f := newFixtureWith(t, storetest.Open(t), func(cfg *api.Config) { cfg.MetricsToken = metricsToken })
	for name, auth := range map[string]string{"nothing": "", "a wrong token": "Bearer scrape-me-0123456780",
		"an admin's API token": "Bearer " + f.tokens["admin"], "the token, not as bearer": metricsToken} {
		if resp, body := f.scrape(t, auth); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("with %s: %d %s, want 401", name, resp.StatusCode, body)
		}
	}
	if resp, body := f.scrape(t, "Bearer "+metricsToken); resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("wfm_http_request_duration_seconds")) {
		t.Errorf("with the metrics token: %d %s", resp.StatusCode, body)
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if resp, _ := f.do(t, "", "GET", p, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("%s without credentials: %d, want 200", p, resp.StatusCode)
		}
	}
}
