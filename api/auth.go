package api

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/store"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "wfm_session"

// CSRFHeader carries the session's CSRF token on unsafe API requests made
// with the session cookie; web forms send it as the csrf_token field.
const CSRFHeader = "X-CSRF-Token"

// Principal is who is calling and what she may see.
type Principal struct {
	User    *store.User
	Scope   store.Scope
	CSRF    string // the session's CSRF token; empty for API tokens
	ByToken bool
}

// Actor is the principal as the audit log knows her.
func (p *Principal) Actor() store.Actor { return store.Actor{UserID: p.User.ID} }

const principalKey = "wfm.principal"

// principal is the caller of an authenticated route.
func principal(c *gin.Context) *Principal {
	p, _ := c.Get(principalKey)
	return p.(*Principal)
}

// CurrentPrincipal is the caller, or nil on a public route without a
// session (for the web package).
func CurrentPrincipal(c *gin.Context) *Principal {
	p, ok := c.Get(principalKey)
	if !ok {
		return nil
	}
	return p.(*Principal)
}

// Guard is the middleware that lets a request through only for a user of
// at least the role (web pages use it too). Public routes still learn
// who is calling when a session is present.
func (s *Server) Guard(role string) gin.HandlerFunc { return s.guard(role) }

func (s *Server) guard(role string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, err := s.authenticate(c)
		if role == Public {
			if err == nil {
				c.Set(principalKey, p)
			}
			c.Next()
			return
		}
		if err != nil {
			fail(c, s.log, err)
			return
		}
		if store.RoleRank(p.User.Role) < store.RoleRank(role) {
			fail(c, s.log, store.Errorf(store.Forbidden, "this needs the %s role; you are %s", role, p.User.Role))
			return
		}
		if !p.ByToken && unsafeMethod(c.Request.Method) && !validCSRF(c, p.CSRF) {
			fail(c, s.log, store.Errorf(store.Forbidden, "missing or wrong CSRF token (send the %s header or the csrf_token form field)", CSRFHeader))
			return
		}
		c.Set(principalKey, p)
		c.Next()
	}
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func validCSRF(c *gin.Context, want string) bool {
	got := c.GetHeader(CSRFHeader)
	if got == "" {
		got = c.PostForm("csrf_token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// authenticate finds the caller from an API token (Authorization: Bearer)
// or the session cookie.
func (s *Server) authenticate(c *gin.Context) (*Principal, error) {
	ctx := c.Request.Context()
	var p Principal
	if h := c.GetHeader("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, store.Errorf(store.Unauthorized, "Authorization must be 'Bearer <token>'")
		}
		u, err := s.store.UserByToken(ctx, strings.TrimSpace(secret))
		if err != nil {
			return nil, err
		}
		p.User, p.ByToken = u, true
	} else {
		cookie, err := c.Cookie(SessionCookie)
		if err != nil || cookie == "" {
			return nil, store.Errorf(store.Unauthorized, "log in first (session cookie or API token)")
		}
		sess, u, err := s.store.SessionUser(ctx, cookie)
		if err != nil {
			return nil, err
		}
		p.User, p.CSRF = u, sess.CSRFToken
	}
	sc, err := s.store.ScopeOf(ctx, p.User)
	if err != nil {
		return nil, err
	}
	p.Scope = sc
	return &p, nil
}

// loginLimiter refuses logins after too many failures for one user name or
// from one address within a window: password guessing gets slow.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	now      func() time.Time
}

const (
	loginWindow      = 15 * time.Minute
	loginMaxFailures = 5
)

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{failures: map[string][]time.Time{}, now: now}
}

// allowed tells whether every key may try again now.
func (l *loginLimiter) allowed(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k)) >= loginMaxFailures {
			return false
		}
	}
	return true
}

func (l *loginLimiter) fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.failures[k] = append(l.recent(k), l.now())
	}
}

func (l *loginLimiter) succeed(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.failures, k)
	}
}

// recent drops failures older than the window; the caller holds mu.
func (l *loginLimiter) recent(k string) []time.Time {
	cut := l.now().Add(-loginWindow)
	fs := l.failures[k]
	i := 0
	for i < len(fs) && fs[i].Before(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.failures, k)
	} else {
		l.failures[k] = fs
	}
	return fs
}
