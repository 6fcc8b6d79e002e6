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
	session string // the session's hash; empty for API tokens
}

// Actor is the principal as the audit log (and a password change, which
// keeps the session it comes through) knows her.
func (p *Principal) Actor() store.Actor { return store.Actor{UserID: p.User.ID, Session: p.session} }

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
		p.User, p.CSRF, p.session = u, sess.CSRFToken, sess.TokenHash
	}
	sc, err := s.store.ScopeOf(ctx, p.User)
	if err != nil {
		return nil, err
	}
	p.Scope = sc
	return &p, nil
}

// loginLimiter slows password guessing down without letting anyone lock
// others out. Failures count per (name, address) pair: a guesser waits on
// the pair she tries while the same name logs in from anywhere else, so no
// key is a name alone and nobody can lock a user out for everyone. They
// count per address too, with a larger limit, against one address trying
// a password over many names (spraying). The address is the TCP peer's
// unless the peer is a configured trusted proxy (Config.TrustedProxies).
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time // key -> failures inside the window, oldest first
	now      func() time.Time
}

const (
	loginWindow             = 15 * time.Minute
	loginMaxPairFailures    = 5  // per user name and address
	loginMaxAddressFailures = 50 // per address, whatever the names
	// loginSweepAt is how many keys the limiter holds before it drops
	// every expired one: names it is sprayed with cannot fill memory.
	loginSweepAt = 10000
)

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{failures: map[string][]time.Time{}, now: now}
}

// loginKeys are the limiter's keys for a login: the name is compared the
// way logins compare it (without case).
func loginKeys(username, addr string) (pair, address string) {
	return "pair:" + strings.ToLower(username) + "\x00" + addr, "ip:" + addr
}

// wait is how long the name must wait before trying again from the
// address: zero when she may try now.
func (l *loginLimiter) wait(username, addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	pair, address := loginKeys(username, addr)
	var wait time.Duration
	for _, k := range []struct {
		key   string
		limit int
	}{{pair, loginMaxPairFailures}, {address, loginMaxAddressFailures}} {
		if fs := l.recent(k.key); len(fs) >= k.limit {
			// Free again when enough of the failures have aged out.
			wait = max(wait, fs[len(fs)-k.limit].Add(loginWindow).Sub(l.now()))
		}
	}
	return wait
}

func (l *loginLimiter) fail(username, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= loginSweepAt {
		for k := range l.failures {
			l.recent(k)
		}
	}
	pair, address := loginKeys(username, addr)
	for _, k := range []string{pair, address} {
		l.failures[k] = append(l.recent(k), l.now())
	}
}

// succeed forgets the pair's failures. The address keeps its own: a
// sprayer who knows one password must not reset her count with it.
func (l *loginLimiter) succeed(username, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	pair, _ := loginKeys(username, addr)
	delete(l.failures, pair)
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
