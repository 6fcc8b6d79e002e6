package api

import (
	"github.com/gin-gonic/gin"

	"wfm/auth"
)

// principal is the caller of an authenticated route.
func principal(c *gin.Context) *auth.Principal { return auth.Current(c) }

// guard lets a request through for a user of at least the role, and
// answers the API's error otherwise.
func (s *Server) guard(role string) gin.HandlerFunc {
	return s.auth.Guard(role, func(c *gin.Context, err error) { fail(c, s.log, err) })
}
