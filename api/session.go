package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/store"
)

type loginRequest struct {
	Username string `json:"username" form:"username"`
	Password string `json:"password" form:"password"`
}

type loginResponse struct {
	User      *store.User `json:"user"`
	CSRFToken string      `json:"csrf_token"`
	ExpiresAt time.Time   `json:"expires_at"`
}

// Login checks a user name and password and starts a session; web pages
// call it too. It refuses after too many failures for the name from the
// address, or from the address whatever the names (rate limited; see
// loginLimiter).
func (s *Server) Login(c *gin.Context, username, password string) (*store.User, store.Session, error) {
	addr := c.ClientIP()
	if wait := s.limiter.wait(username, addr); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		c.Header("Retry-After", strconv.Itoa(secs))
		return nil, store.Session{}, store.Errorf(RateLimited, "too many failed logins: wait %s and try again", time.Duration(secs)*time.Second)
	}
	ctx := c.Request.Context()
	u, err := s.store.UserByUsername(ctx, username)
	known := err == nil
	if !known && store.ErrorCode(err) != store.NotFound {
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
		return nil, store.Session{}, store.Errorf(store.Unauthorized, "wrong user name or password")
	}
	s.limiter.succeed(username, addr)
	sess, secret, err := s.store.CreateSession(ctx, u.ID, s.ttl)
	if err != nil {
		return nil, store.Session{}, err
	}
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie(SessionCookie, secret, int(s.ttl/time.Second), "/", "", s.secure, true)
	return u, sess, nil
}

// dummyHash is hashed on the first failed login for an unknown name, not
// at start-up: argon2id costs 64 MiB and real time, which no CLI command
// should pay.
var dummyHash = sync.OnceValue(func() string { return store.HashPassword("not a real password") })

// Logout ends the caller's session and clears the cookie.
func (s *Server) Logout(c *gin.Context) error {
	if cookie, err := c.Cookie(SessionCookie); err == nil && cookie != "" {
		if err := s.store.DeleteSession(c.Request.Context(), cookie); err != nil {
			return err
		}
	}
	c.SetCookie(SessionCookie, "", -1, "/", "", s.secure, true)
	return nil
}

func (s *Server) login(c *gin.Context) {
	var req loginRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	u, sess, err := s.Login(c, req.Username, req.Password)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, loginResponse{User: u, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt})
}

func (s *Server) logout(c *gin.Context) {
	if err := s.Logout(c); err != nil {
		fail(c, s.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type meResponse struct {
	User  *store.User `json:"user"`
	Scope store.Scope `json:"scope"`
}

func (s *Server) me(c *gin.Context) {
	p := principal(c)
	c.JSON(http.StatusOK, meResponse{User: p.User, Scope: p.Scope})
}

type tokenRequest struct {
	Name string `json:"name"`
	// ExpiresInDays is 1 to store.MaxTokenDays; store.DefaultTokenDays
	// when left out.
	ExpiresInDays *int `json:"expires_in_days"`
}

type tokenResponse struct {
	Token  store.APIToken `json:"token"`
	Secret string         `json:"secret"`
}

func (s *Server) listTokens(c *gin.Context) {
	out, err := s.store.ListTokens(c.Request.Context(), principal(c).User.ID)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) createToken(c *gin.Context) {
	var req tokenRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	days := store.DefaultTokenDays
	if req.ExpiresInDays != nil {
		days = *req.ExpiresInDays
	}
	t, secret, err := s.store.CreateToken(c.Request.Context(), p.Actor(), p.User.ID, req.Name, days)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, tokenResponse{Token: t, Secret: secret})
}

func (s *Server) deleteToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		fail(c, s.log, &store.Error{Code: store.Invalid, Message: "invalid path", Fields: map[string]string{"id": "not a whole number"}})
		return
	}
	p := principal(c)
	if err := s.store.DeleteToken(c.Request.Context(), p.Actor(), p.User.ID, id); err != nil {
		fail(c, s.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}
