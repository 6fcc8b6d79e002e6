package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/fault"
)

// signInSettings is how people sign in: single sign-on (configured by
// environment, read only here) and whether passwords are allowed beside it.
type signInSettings struct {
	SSO           bool  `json:"sso"`            // single sign-on is configured (WFM_OIDC_ISSUER); read only
	PasswordLogin *bool `json:"password_login"` // sign-in with a password; off only with single sign-on. API tokens are not affected
}

func (s *Server) getSignInSettings(c *gin.Context) {
	on, err := s.auth.PasswordLoginAllowed(c.Request.Context())
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, signInSettings{SSO: s.auth.SSOEnabled(), PasswordLogin: &on})
}

func (s *Server) setSignInSettings(c *gin.Context) {
	var req signInSettings
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	if req.PasswordLogin == nil {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid request body", Fields: map[string]string{"password_login": "required"}})
		return
	}
	if err := s.auth.SetPasswordLogin(c.Request.Context(), principal(c).Actor(), *req.PasswordLogin); err != nil {
		fail(c, s.log, err)
		return
	}
	s.getSignInSettings(c)
}
