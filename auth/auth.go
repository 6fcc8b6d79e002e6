// Package auth is who is asking: the principal of a request, found from an
// API token or a session cookie, what she may see (her scope), the login
// that starts a session (rate limited) and the logout that ends it, and the
// checks every request passes before a handler trusts it (role, CSRF,
// clean parameters). Both front doors (api and web) use it; neither
// imports the other.
package auth

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/store"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "wfm_session"

// CSRFHeader carries the session's CSRF token on unsafe API requests made
// with the session cookie; web forms send it as the csrf_token field.
const CSRFHeader = "X-CSRF-Token"

// CSRFField is the form field that carries the session's CSRF token.
const CSRFField = "csrf_token"

// Public marks a route anyone may call.
const Public = ""

// Integration marks a route only an integration token may call (a
// connector sending agent events), and the only routes such a token may.
const Integration = "integration"

// Principal is who is calling and what she may see.
type Principal struct {
	User    *store.User
	Scope   store.Scope
	CSRF    string // the session's CSRF token; empty for API tokens
	ByToken bool
	// TokenScope is the API token's scope: "" (acts as its user) or
	// store.TokenIntegration.
	TokenScope string
	session    string // the session's hash; empty for API tokens
}

// Actor is the principal as the audit log (and a password change, which
// keeps the session it comes through) knows her.
func (p *Principal) Actor() store.Actor { return store.Actor{UserID: p.User.ID, Session: p.session} }

const principalKey = "wfm.principal"

// Current is the caller, or nil on a public route without a session.
func Current(c *gin.Context) *Principal {
	p, ok := c.Get(principalKey)
	if !ok {
		return nil
	}
	return p.(*Principal)
}

// Config is what the service is built from.
type Config struct {
	Store        *store.Store
	SessionTTL   time.Duration // how long a login lasts; 12h when zero
	SecureCookie bool          // set the cookie's Secure flag (behind HTTPS)
	Now          func() time.Time
	// CheckPassword checks a password against its hash: store.CheckPassword
	// when nil (tests count its calls, and spare argon2's cost).
	CheckPassword func(hash, password string) bool
	// SSO, when set, offers single sign-on through an OpenID Connect
	// provider beside the passwords.
	SSO *SSOConfig
}

// Service authenticates requests and keeps sessions.
type Service struct {
	store         *store.Store
	ttl           time.Duration
	secure        bool
	now           func() time.Time
	limiter       *loginLimiter
	checkPassword func(hash, password string) bool
	sso           *sso // nil: passwords only
}

// New builds the service.
func New(cfg Config) *Service {
	s := &Service{store: cfg.Store, ttl: cfg.SessionTTL, secure: cfg.SecureCookie, now: cfg.Now, checkPassword: cfg.CheckPassword}
	if s.ttl == 0 {
		s.ttl = 12 * time.Hour
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.checkPassword == nil {
		s.checkPassword = store.CheckPassword
	}
	s.limiter = newLoginLimiter(s.now)
	if cfg.SSO != nil {
		s.sso = &sso{cfg: *cfg.SSO}
	}
	return s
}

// Guard is the middleware that lets a request through only for a user of
// at least the role, refusing with refuse (each door answers in its own
// way). Public routes let everyone through and still learn who is calling
// when a session or token is present.
func (s *Service) Guard(role string, refuse func(*gin.Context, error)) gin.HandlerFunc {
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
			refuse(c, err)
			return
		}
		integration := p.ByToken && p.TokenScope == store.TokenIntegration
		if role == Integration || integration {
			if role != Integration || !integration {
				refuse(c, fault.Errorf(fault.Forbidden, "%s %s: an integration token sends agent events and may call nothing else; agent events need one (wfm user token --scope integration)", c.Request.Method, c.FullPath()))
				return
			}
			c.Set(principalKey, p)
			c.Next()
			return
		}
		if store.RoleRank(p.User.Role) < store.RoleRank(role) {
			refuse(c, fault.Errorf(fault.Forbidden, "this needs the %s role; you are %s", role, p.User.Role))
			return
		}
		if !p.ByToken && unsafeMethod(c.Request.Method) && !validCSRF(c, p.CSRF) {
			refuse(c, fault.Errorf(fault.Forbidden, "missing or wrong CSRF token (send the %s header or the %s form field)", CSRFHeader, CSRFField))
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
		got = c.PostForm(CSRFField)
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// authenticate finds the caller from an API token (Authorization: Bearer)
// or the session cookie.
func (s *Service) authenticate(c *gin.Context) (*Principal, error) {
	ctx := c.Request.Context()
	var p Principal
	if h := c.GetHeader("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, fault.Errorf(fault.Unauthorized, "Authorization must be 'Bearer <token>'")
		}
		u, tok, err := s.store.TokenUser(ctx, strings.TrimSpace(secret))
		if err != nil {
			return nil, err
		}
		p.User, p.ByToken, p.TokenScope = u, true, tok.Scope
	} else {
		cookie, err := c.Cookie(SessionCookie)
		if err != nil || cookie == "" {
			return nil, fault.Errorf(fault.Unauthorized, "log in first (session cookie or API token)")
		}
		sess, u, err := s.store.SessionUser(ctx, cookie)
		if err != nil {
			return nil, err
		}
		p.User, p.CSRF, p.session = u, sess.CSRFToken, sess.TokenHash
	}
	sc, err := ScopeOf(ctx, s.store, p.User)
	if err != nil {
		return nil, err
	}
	p.Scope = sc
	return &p, nil
}
