package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/store"
	"wfm/store/storetest"
)

func init() { gin.SetMode(gin.TestMode) }

// refusals records what the guard refused with, as a door would answer it.
type refusals struct{ errs []error }

func (r *refusals) refuse(c *gin.Context, err error) {
	r.errs = append(r.errs, err)
	c.AbortWithStatus(599)
}

// guarded serves one GET and one POST route needing role behind the guard.
func guarded(s *Service, role string, r *refusals) *gin.Engine {
	e := gin.New()
	seen := func(c *gin.Context) {
		who := "nobody"
		if p := Current(c); p != nil {
			who = p.User.Username
		}
		c.String(200, who)
	}
	e.GET("/x", s.Guard(role, r.refuse), seen)
	e.POST("/x", s.Guard(role, r.refuse), seen)
	return e
}

func newUser(t *testing.T, st *store.Store, name, role string) *store.User {
	t.Helper()
	u := &store.User{Username: name, DisplayName: name, Role: role, Active: true, PasswordHash: "x"}
	if err := st.CreateUser(context.Background(), store.Actor{}, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestGuardChecksRoleSessionAndCSRF(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	s := New(Config{Store: st})
	agent := newUser(t, st, "li.na", store.RoleAgent)
	sup := newUser(t, st, "wang.fang", store.RoleSupervisor)
	agentSess, agentCookie, err := st.CreateSession(ctx, agent.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	supSess, supCookie, err := st.CreateSession(ctx, sup.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := st.CreateToken(ctx, store.Actor{UserID: sup.ID}, sup.ID, "tool", 30)
	if err != nil {
		t.Fatal(err)
	}
	r := &refusals{}
	e := guarded(s, store.RoleSupervisor, r)
	for _, tc := range []struct {
		name, method, cookie, csrf, bearer string
		want                               int
		code                               fault.Code
	}{
		{"no one", "GET", "", "", "", 599, fault.Unauthorized},
		{"a stale cookie", "GET", "not-a-session", "", "", 599, fault.Unauthorized},
		{"an agent below the role", "GET", agentCookie, "", "", 599, fault.Forbidden},
		{"an agent's post, even with her token", "POST", agentCookie, agentSess.CSRFToken, "", 599, fault.Forbidden},
		{"the supervisor reads", "GET", supCookie, "", "", 200, ""},
		{"the supervisor posts without CSRF", "POST", supCookie, "", "", 599, fault.Forbidden},
		{"the supervisor posts with another's CSRF", "POST", supCookie, agentSess.CSRFToken, "", 599, fault.Forbidden},
		{"the supervisor posts with hers", "POST", supCookie, supSess.CSRFToken, "", 200, ""},
		{"an API token needs no CSRF", "POST", "", "", token, 200, ""},
		{"a malformed Authorization", "GET", "", "", "!basic", 599, fault.Unauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.errs = nil
			req := httptest.NewRequest(tc.method, "/x", nil)
			if tc.cookie != "" {
				req.AddCookie(&http.Cookie{Name: SessionCookie, Value: tc.cookie})
			}
			if tc.csrf != "" {
				req.Header.Set(CSRFHeader, tc.csrf)
			}
			switch {
			case tc.bearer == "!basic":
				req.Header.Set("Authorization", "Basic eDp5")
			case tc.bearer != "":
				req.Header.Set("Authorization", "Bearer "+tc.bearer)
			}
			w := httptest.NewRecorder()
			e.ServeHTTP(w, req)
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d (refused with %v)", w.Code, tc.want, r.errs)
			}
			if tc.code != "" && (len(r.errs) != 1 || fault.CodeOf(r.errs[0]) != tc.code) {
				t.Errorf("refused with %v, want one %s", r.errs, tc.code)
			}
			if tc.want == 200 && w.Body.String() != "wang.fang" {
				t.Errorf("the handler saw %q as the caller", w.Body.String())
			}
		})
	}
}

// A public route lets everyone through, and still knows a signed-in
// caller (the login page greets her; the 404 speaks her language).
func TestPublicRoutesStillKnowTheCaller(t *testing.T) {
	st := storetest.Open(t)
	s := New(Config{Store: st})
	u := newUser(t, st, "ava.hill", store.RoleAgent)
	_, cookie, err := st.CreateSession(context.Background(), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r := &refusals{}
	e := guarded(s, Public, r)
	for _, tc := range []struct{ name, cookie, want string }{
		{"no cookie", "", "nobody"},
		{"her session", cookie, "ava.hill"},
		{"stale cookie", "stale", "nobody"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/x", nil)
			if tc.cookie != "" {
				req.AddCookie(&http.Cookie{Name: SessionCookie, Value: tc.cookie})
			}
			w := httptest.NewRecorder()
			e.ServeHTTP(w, req)
			if w.Code != 200 || w.Body.String() != tc.want || len(r.errs) != 0 {
				t.Errorf("cookie %q: %d %q (refusals %v), want 200 %q", tc.cookie, w.Code, w.Body.String(), r.errs, tc.want)
			}
		})
	}
}

func TestLoginLimiterWindow(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	l := newLoginLimiter(func() time.Time { return now })
	for i := 0; i < loginMaxPairFailures; i++ {
		if w := l.wait("Liu.Jie", "10.0.0.1"); w != 0 {
			t.Fatalf("failure %d: already waiting %v", i, w)
		}
		l.fail("liu.jie", "10.0.0.1")
		now = now.Add(time.Minute)
	}
	// The fifth failure was at 09:04; the first, at 09:00, ages out at 09:15.
	if w := l.wait("LIU.JIE", "10.0.0.1"); w != 10*time.Minute {
		t.Errorf("after %d failures: wait %v, want 10m (names compare without case)", loginMaxPairFailures, w)
	}
	if w := l.wait("liu.jie", "10.0.0.2"); w != 0 {
		t.Errorf("another address waits %v, want 0", w)
	}
	now = now.Add(10 * time.Minute)
	if w := l.wait("liu.jie", "10.0.0.1"); w != 0 {
		t.Errorf("after the window: wait %v, want 0", w)
	}
}

// A sprayer trying many names from one address is stopped by the
// address's own count, which her one good password does not reset.
func TestLoginLimiterStopsSprayingFromOneAddress(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	l := newLoginLimiter(func() time.Time { return now })
	for i := 0; i < loginMaxAddressFailures; i++ {
		l.fail("user"+strings.Repeat("x", i%7)+string(rune('a'+i%26)), "203.0.113.9")
	}
	l.succeed("known", "203.0.113.9")
	if w := l.wait("someone.new", "203.0.113.9"); w <= 0 {
		t.Errorf("after %d failures from the address a new name waits %v, want a wait", loginMaxAddressFailures, w)
	}
	if w := l.wait("someone.new", "198.51.100.1"); w != 0 {
		t.Errorf("another address waits %v", w)
	}
	l.fail("pair", "198.51.100.1")
	l.succeed("pair", "198.51.100.1")
	if _, ok := l.failures["pair:pair\x00198.51.100.1"]; ok {
		t.Error("a success keeps the pair's failures")
	}
}

func TestCheckParametersNamesTheDirtyOne(t *testing.T) {
	e := gin.New()
	var got error
	e.Any("/x/:id", func(c *gin.Context) { got = CheckParameters(c) })
	for _, tc := range []struct {
		name, target, form, field string
	}{
		{"clean", "/x/1?day=2026-12-06", "", ""},
		{"NUL in a query value", "/x/1?day=2026%00", "", "day"},
		{"invalid UTF-8 in a path parameter", "/x/%ff", "", "id"},
		{"NUL in a form value", "/x/1", "note=a%00b", "note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got = nil
			method, body := "GET", ""
			if tc.form != "" {
				method, body = "POST", tc.form
			}
			req := httptest.NewRequest(method, tc.target, strings.NewReader(body))
			if tc.form != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			e.ServeHTTP(httptest.NewRecorder(), req)
			if tc.field == "" {
				if got != nil {
					t.Errorf("refused a clean request: %v", got)
				}
				return
			}
			var fe *fault.Error
			if !asFault(got, &fe) || fe.Code != fault.Invalid || fe.Fields[tc.field] == "" {
				t.Errorf("got %v, want invalid naming %s", got, tc.field)
			}
		})
	}
}

func asFault(err error, out **fault.Error) bool {
	fe, ok := err.(*fault.Error)
	*out = fe
	return ok
}

func TestEveryRequestGetsItsOwnID(t *testing.T) {
	e := gin.New()
	e.Use(RequestID)
	e.GET("/", func(c *gin.Context) {})
	seen := map[string]bool{}
	for range 50 {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set(RequestIDHeader, "typed-by-the-caller")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		id := w.Header().Get(RequestIDHeader)
		if len(id) != 16 || seen[id] || id == "typed-by-the-caller" {
			t.Fatalf("request id %q (seen before: %v)", id, seen[id])
		}
		seen[id] = true
	}
}
