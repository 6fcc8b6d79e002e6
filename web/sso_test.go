package web_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	"wfm/api"
	"wfm/auth"
	"wfm/store"
	"wfm/store/storetest"
	"wfm/web"
)

// provider is a small OpenID Connect provider inside the test: its own
// RSA key, discovery and keys from go-oidc's oidctest server, and an
// authorization endpoint that signs in whoever the test says (no login
// form) and a token endpoint that checks the client, the redirect and the
// PKCE verifier before it signs an ID token.
type provider struct {
	t      *testing.T
	srv    *httptest.Server
	key    *rsa.PrivateKey
	client string
	secret string

	mu     sync.Mutex
	claims map[string]any        // who signs in next
	codes  map[string]grantedSSO // code -> what the authorization granted
	// tamper, when set, edits the signed ID token's claims at the token
	// endpoint (a wrong nonce, audience, issuer...).
	tamper func(map[string]any)
	// badKey signs with a key the provider does not publish.
	badKey bool
}

type grantedSSO struct {
	claims             map[string]any
	nonce, challenge   string
	redirect, clientID string
}

func newProvider(t *testing.T) *provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{t: t, key: key, client: "wfm-test", secret: "s3cret-of-the-client", codes: map[string]grantedSSO{}}
	keys := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: "k1", Algorithm: oidc.RS256}}}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/openid-configuration", keys)
	mux.Handle("/keys", keys)
	mux.HandleFunc("/auth", p.authorize)
	mux.HandleFunc("/token", p.token)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	keys.SetIssuer(p.srv.URL)
	return p
}

func (p *provider) signIn(claims map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.claims = claims
}

func (p *provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" ||
		!strings.Contains(" "+q.Get("scope")+" ", " openid ") {
		http.Error(w, "want the code flow with PKCE S256 and the openid scope: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	b := make([]byte, 16)
	rand.Read(b)
	code := base64.RawURLEncoding.EncodeToString(b)
	p.mu.Lock()
	p.codes[code] = grantedSSO{claims: p.claims, nonce: q.Get("nonce"), challenge: q.Get("code_challenge"),
		redirect: q.Get("redirect_uri"), clientID: q.Get("client_id")}
	p.mu.Unlock()
	back, _ := url.Parse(q.Get("redirect_uri"))
	back.RawQuery = url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (p *provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	p.mu.Lock()
	g, found := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code")) // a code is good once
	tamper, badKey := p.tamper, p.badKey
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case id != p.client || secret != p.secret:
		oauthError(w, "invalid_client")
		return
	case !found || g.clientID != id || g.redirect != r.PostForm.Get("redirect_uri"):
		oauthError(w, "invalid_grant")
		return
	case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
		oauthError(w, "invalid_grant") // the PKCE verifier does not match the challenge
		return
	}
	claims := map[string]any{"iss": p.srv.URL, "aud": p.client, "iat": time.Now().Unix(),
		"exp": time.Now().Add(5 * time.Minute).Unix(), "nonce": g.nonce}
	for k, v := range g.claims {
		claims[k] = v
	}
	if tamper != nil {
		tamper(claims)
	}
	raw, _ := json.Marshal(claims)
	key := p.key
	if badKey {
		key, _ = rsa.GenerateKey(rand.Reader, 2048)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300,
		"id_token": oidctest.SignIDToken(key, "k1", oidc.RS256, string(raw))})
}

func oauthError(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"error": code})
}

// newSSOSite is the real server with single sign-on through p.
func newSSOSite(t *testing.T, p *provider, edit func(*auth.SSOConfig)) (*httptest.Server, demo) {
	t.Helper()
	st := storetest.Open(t)
	d := seed(t, st)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// The callback's address is needed before the server is built.
	ts := httptest.NewUnstartedServer(nil)
	cfg := &auth.SSOConfig{RedirectURL: "http://" + ts.Listener.Addr().String() + web.PathSSOReturn, Issuer: p.srv.URL, ClientID: p.client, ClientSecret: p.secret,
		Scopes: []string{"openid", "profile", "email"}, GroupsClaim: "groups",
		GroupRoles: map[string]string{"wfm-agents": "agent", "wfm-supervisors": "supervisor", "wfm-admins": "admin"},
		AgentClaim: "employee_id"}
	if edit != nil {
		edit(cfg)
	}
	authn := auth.New(auth.Config{Store: st, SSO: cfg})
	srv := api.New(api.Config{Store: st, Log: log, Auth: authn, Translate: web.Translate})
	engine := srv.Engine()
	if err := web.Mount(engine, web.Config{Auth: authn, Builds: srv.Builds(), Jobs: srv.Jobs(), NotFound: srv.NoRoute, Store: st, Log: log}); err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = engine
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, d
}

// ssoSignIn walks the browser through the flow as a person clicking
// "Sign in with single sign-on" does: our login route, the provider's
// authorization, back to our callback. It returns the callback's answer.
func ssoSignIn(t *testing.T, v *visitor, next string) response {
	t.Helper()
	path := web.PathSSOLogin
	if next != "" {
		path += "?next=" + url.QueryEscape(next)
	}
	start := v.do("GET", path, nil)
	if start.status != http.StatusFound {
		t.Fatalf("GET %s: %d %s", path, start.status, start.body)
	}
	res, err := v.client.Get(start.location) // the provider, which sends the browser back
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back := res.Header.Get("Location")
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(back, v.base+web.PathSSOReturn) {
		t.Fatalf("the provider answered %d %s", res.StatusCode, back)
	}
	return v.do("GET", strings.TrimPrefix(back, v.base), nil)
}

func TestSingleSignOnCreatesAndUpdatesUsersFromClaims(t *testing.T) {
	p := newProvider(t)
	ts, d := newSSOSite(t, p, nil)
	ctx := t.Context()

	// The sign-in page offers single sign-on beside the password form.
	v := newVisitor(t, ts.URL)
	page := v.do("GET", "/login?next=/my/kpis", nil)
	if !strings.Contains(page.body, `id="sso-login" href="/auth/oidc/login?next=%2Fmy%2Fkpis"`) || !strings.Contains(page.body, `name="password"`) {
		t.Fatalf("the sign-in page offers no single sign-on:\n%s", page.body)
	}

	// An agent of the provider's agents group, whose employee id is agent
	// B2's code: created, linked to B2, and sent where she was going.
	p.signIn(map[string]any{"sub": "u-100", "preferred_username": "bo.other", "name": "Bo Other", "groups": []string{"staff", "wfm-agents"}, "employee_id": "B2"})
	r := ssoSignIn(t, v, "/my/kpis")
	if r.status != http.StatusSeeOther || r.location != "/my/kpis" {
		t.Fatalf("callback: %d %s\n%s", r.status, r.location, r.body)
	}
	if me := v.do("GET", "/my/schedule", nil); me.status != http.StatusOK || !strings.Contains(me.body, "Bo Other") {
		t.Fatalf("signed in by SSO, the schedule page: %d", me.status)
	}
	u, err := d.store.UserByUsername(ctx, "bo.other")
	if err != nil || u.Role != "agent" || u.SSOSubject != p.srv.URL+"#u-100" || u.PasswordHash != "" {
		t.Fatalf("created user: %+v %v", u, err)
	}
	agents, _ := d.store.ListAgents(ctx, store.Scope{All: true})
	for _, a := range agents {
		if a.Code == "B2" && (a.UserID == nil || *a.UserID != u.ID) {
			t.Errorf("agent B2 is not linked to the SSO user: %+v", a)
		}
	}

	// Promoted at the provider: the next sign-in carries the new role.
	p.signIn(map[string]any{"sub": "u-100", "preferred_username": "bo.other", "name": "Bo O.", "groups": []string{"wfm-agents", "wfm-supervisors"}, "employee_id": "B2"})
	if r := ssoSignIn(t, newVisitor(t, ts.URL), ""); r.status != http.StatusSeeOther || r.location != web.PathRoster {
		t.Fatalf("supervisor's sign-in: %d %s", r.status, r.location)
	}
	if u, _ = d.store.UserByUsername(ctx, "bo.other"); u.Role != "supervisor" || u.DisplayName != "Bo O." {
		t.Errorf("after promotion: %+v", u)
	}

	// Deactivated here: the provider's word is not enough.
	u.Active = false
	if err := d.store.UpdateUser(ctx, store.System, u); err != nil {
		t.Fatal(err)
	}
	if r := ssoSignIn(t, newVisitor(t, ts.URL), ""); r.status != http.StatusForbidden || !strings.Contains(r.body, "deactivated") {
		t.Errorf("deactivated user: %d", r.status)
	}
}

func TestSingleSignOnRefusals(t *testing.T) {
	p := newProvider(t)
	ts, d := newSSOSite(t, p, nil)
	ctx := t.Context()
	cases := []struct {
		name   string
		claims map[string]any
		tamper func(map[string]any)
		badKey bool
		status int
		says   string
	}{
		{name: "no group gives a role", claims: map[string]any{"sub": "u-1", "preferred_username": "x1", "groups": []string{"staff"}},
			status: http.StatusForbidden, says: "has no role in this center"},
		{name: "agent without employee id", claims: map[string]any{"sub": "u-2", "preferred_username": "x2", "groups": []string{"wfm-agents"}},
			status: http.StatusForbidden, says: "names no agent"},
		{name: "unknown agent code", claims: map[string]any{"sub": "u-3", "preferred_username": "x3", "groups": []string{"wfm-agents"}, "employee_id": "ZZ9"},
			status: http.StatusForbidden, says: "names no agent"},
		{name: "a local user has the name", claims: map[string]any{"sub": "u-4", "preferred_username": "mona", "groups": []string{"wfm-admins"}},
			status: http.StatusConflict, says: "already has your user name"},
		{name: "wrong nonce", claims: map[string]any{"sub": "u-5", "preferred_username": "x5", "groups": []string{"wfm-admins"}},
			tamper: func(c map[string]any) { c["nonce"] = "replayed" }, status: http.StatusUnauthorized, says: "could not be trusted"},
		{name: "token for another client", claims: map[string]any{"sub": "u-6", "preferred_username": "x6", "groups": []string{"wfm-admins"}},
			tamper: func(c map[string]any) { c["aud"] = "someone-else" }, status: http.StatusUnauthorized, says: "could not be trusted"},
		{name: "expired token", claims: map[string]any{"sub": "u-7", "preferred_username": "x7", "groups": []string{"wfm-admins"}},
			tamper: func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }, status: http.StatusUnauthorized, says: "could not be trusted"},
		{name: "signed with a key the provider does not publish", claims: map[string]any{"sub": "u-8", "preferred_username": "x8", "groups": []string{"wfm-admins"}},
			badKey: true, status: http.StatusUnauthorized, says: "could not be trusted"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p.mu.Lock()
			p.claims, p.tamper, p.badKey = tc.claims, tc.tamper, tc.badKey
			p.mu.Unlock()
			r := ssoSignIn(t, newVisitor(t, ts.URL), "")
			if r.status != tc.status || !strings.Contains(r.body, tc.says) {
				t.Errorf("%d, want %d saying %q", r.status, tc.status, tc.says)
			}
			for _, ck := range (&http.Response{Header: r.header}).Cookies() {
				if ck.Name == auth.SessionCookie && ck.Value != "" {
					t.Errorf("a refused sign-in set a session cookie")
				}
			}
		})
	}
	p.mu.Lock()
	p.tamper, p.badKey = nil, false
	p.mu.Unlock()
	if u, err := d.store.UserByUsername(ctx, "mona"); err != nil || u.SSOSubject != "" {
		t.Errorf("the local user mona was taken over: %+v %v", u, err)
	}

	// A callback this browser did not start (forged, or replayed from
	// another browser) is refused before the code is used.
	v := newVisitor(t, ts.URL)
	if r := v.do("GET", web.PathSSOReturn+"?code=abc&state=xyz", nil); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "another browser") {
		t.Errorf("forged callback: %d", r.status)
	}
	start := v.do("GET", web.PathSSOLogin, nil)
	if r := v.do("GET", web.PathSSOReturn+"?code=abc&state=not-the-one", nil); r.status != http.StatusUnauthorized {
		t.Errorf("callback with another state: %d (started with %s)", r.status, start.location)
	}
}

func TestPasswordsCanBeSwitchedOffOnlyWithSingleSignOn(t *testing.T) {
	p := newProvider(t)
	ts, _ := newSSOSite(t, p, nil)

	admin := newVisitor(t, ts.URL)
	if r := admin.login("ada", adminPassword, ""); r.status != http.StatusSeeOther {
		t.Fatalf("admin login: %d", r.status)
	}
	page := admin.do("GET", "/admin", nil)
	if !strings.Contains(page.body, `id="f-password-login"`) {
		t.Fatal("the admin page has no password sign-in switch")
	}
	if r := admin.do("POST", "/admin/sign-in", url.Values{"csrf_token": {csrfOf(t, page.body)}}); r.status != http.StatusSeeOther {
		t.Fatalf("switch passwords off: %d %s", r.status, r.body)
	}
	// The form is gone, a password is refused, the API's login too; the
	// admin's session and API tokens live on.
	v := newVisitor(t, ts.URL)
	login := v.do("GET", "/login", nil)
	if strings.Contains(login.body, `name="password"`) || !strings.Contains(login.body, `id="sso-login"`) {
		t.Errorf("passwords off: the sign-in page still has the form, or no SSO")
	}
	if r := v.do("POST", "/login", url.Values{"csrf_token": {csrfOf(t, login.body)}, "username": {"mona"}, "password": {managerPassword}}); r.status != http.StatusForbidden {
		t.Errorf("password sign-in with passwords off: %d", r.status)
	}
	res, err := http.Post(ts.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"mona","password":"`+managerPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("API login with passwords off: %d", res.StatusCode)
	}
	if r := admin.do("GET", "/admin", nil); r.status != http.StatusOK {
		t.Errorf("the admin's session after the switch: %d", r.status)
	}

	// Without single sign-on, passwords cannot be switched off.
	plain, _ := newSite(t)
	admin = newVisitor(t, plain.URL)
	admin.login("ada", adminPassword, "")
	page = admin.do("GET", "/admin", nil)
	if r := admin.do("POST", "/admin/sign-in", url.Values{"csrf_token": {csrfOf(t, page.body)}}); r.status != http.StatusBadRequest {
		t.Errorf("switch passwords off without SSO: %d, want 400", r.status)
	}
	if r := newVisitor(t, plain.URL).login("mona", managerPassword, ""); r.status != http.StatusSeeOther {
		t.Errorf("passwords after the refused switch: %d", r.status)
	}
}
