package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// SignInView is how people sign in, as the admin page shows it.
type SignInView struct {
	SSO       bool // single sign-on is configured
	Passwords bool // password sign-in is allowed
}

// setSignIn allows or forbids sign-in with a password (the admin page's
// switch; forbidding needs single sign-on, which auth checks).
func (p *pages) setSignIn(c *gin.Context, pg Page) {
	if err := p.auth.SetPasswordLogin(c.Request.Context(), actorOf(c), c.PostForm("password_login") != ""); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathAdmin+"?done=settings#sign-in")
}
