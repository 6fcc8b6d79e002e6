package auth

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/store"
)

// Login checks a user name and password and starts a session (the API's
// login and the web's login form). It refuses after too many failures for the name from the
// address, or from the address whatever the names (rate limited; see
// loginLimiter).
func (s *Service) Login(c *gin.Context, username, password string) (*store.User, store.Session, error) {
	addr := c.ClientIP()
	if wait := s.limiter.wait(username, addr); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		c.Header("Retry-After", strconv.Itoa(secs))
		return nil, store.Session{}, fault.Errorf(fault.RateLimited, "too many failed logins: wait %s and try again", time.Duration(secs)*time.Second)
	}
	ctx := c.Request.Context()
	if allowed, err := s.PasswordLoginAllowed(ctx); err != nil {
		return nil, store.Session{}, err
	} else if !allowed {
		return nil, store.Session{}, ErrPasswordsOff
	}
	u, err := s.store.UserByUsername(ctx, username)
	known := err == nil
	if !known && fault.CodeOf(err) != fault.NotFound {
		return nil, store.Session{}, err
	}
	// The hash runs once on every login, for a name that does not exist
	// and for a deactivated user too: the time a refusal takes must not
	// tell who exists or who is active.
	hash := dummyHash
	if known {
		hash = func() string { return u.PasswordHash }
	}
	if !s.checkPassword(hash(), password) || !known || !u.Active {
		s.limiter.fail(username, addr)
		return nil, store.Session{}, fault.Errorf(fault.Unauthorized, "wrong user name or password")
	}
	s.limiter.succeed(username, addr)
	sess, err := s.startSession(c, u)
	if err != nil {
		return nil, store.Session{}, err
	}
	return u, sess, nil
}

// startSession opens a session for a user whose identity is checked and
// gives the browser its cookie.
func (s *Service) startSession(c *gin.Context, u *store.User) (store.Session, error) {
	sess, secret, err := s.store.CreateSession(c.Request.Context(), u.ID, s.ttl)
	if err != nil {
		return store.Session{}, err
	}
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie(SessionCookie, secret, int(s.ttl/time.Second), "/", "", s.secure, true)
	return sess, nil
}

// dummyHash is hashed on the first failed login for an unknown name, not
// at start-up: argon2id costs 64 MiB and real time, which no CLI command
// should pay.
var dummyHash = sync.OnceValue(func() string { return store.HashPassword("not a real password") })

// Logout ends the caller's session and clears the cookie.
func (s *Service) Logout(c *gin.Context) error {
	if cookie, err := c.Cookie(SessionCookie); err == nil && cookie != "" {
		if err := s.store.DeleteSession(c.Request.Context(), cookie); err != nil {
			return err
		}
	}
	c.SetCookie(SessionCookie, "", -1, "/", "", s.secure, true)
	return nil
}

// loginLimiter slows password guessing down without letting anyone lock
// others out. Failures count per (name, address) pair: a guesser waits on
// the pair she tries while the same name logs in from anywhere else, so no
// key is a name alone and nobody can lock a user out for everyone. They
// count per address too, with a larger limit, against one address trying
// a password over many names (spraying). The address is the TCP peer's
// unless the peer is a configured trusted proxy (gin's trusted proxies, set
// from WFM_TRUSTED_PROXIES).
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
