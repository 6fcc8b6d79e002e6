package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/fault"
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

func (s *Server) login(c *gin.Context) {
	var req loginRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	u, sess, err := s.auth.Login(c, req.Username, req.Password)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, loginResponse{User: u, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt})
}

func (s *Server) logout(c *gin.Context) {
	if err := s.auth.Logout(c); err != nil {
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
	// Scope is empty (the token acts as you) or "integration": a
	// connector's token that may only send agent events (admins only).
	Scope string `json:"scope"`
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
	if req.Scope == store.TokenIntegration && p.User.Role != store.RoleAdmin {
		fail(c, s.log, fault.Errorf(fault.Forbidden, "only an admin may mint an integration token: it writes every agent's states"))
		return
	}
	t, secret, err := s.store.CreateScopedToken(c.Request.Context(), p.Actor(), p.User.ID, req.Name, days, req.Scope)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, tokenResponse{Token: t, Secret: secret})
}

func (s *Server) deleteToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid path", Fields: map[string]string{"id": "not a whole number"}})
		return
	}
	p := principal(c)
	if err := s.store.DeleteToken(c.Request.Context(), p.Actor(), p.User.ID, id); err != nil {
		fail(c, s.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}
