package auth

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/fault"
)

// CrossOrigin refuses unsafe requests (POST, PUT, DELETE...) that a
// browser sends from another site, login included, with Go's
// http.CrossOriginProtection (Sec-Fetch-Site, else Origin against Host):
// a page elsewhere cannot make a signed-in browser act here, nor sign it
// in as someone else. Behind a reverse proxy that changes the host, the
// public origins are given as trusted ("https://wfm.example.com"). Clients
// that are not browsers send neither header and pass; their API tokens are
// their credential.
func CrossOrigin(trusted []string, refuse func(*gin.Context, error)) (gin.HandlerFunc, error) {
	p := http.NewCrossOriginProtection()
	for _, o := range trusted {
		if err := p.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("trusted origin %q: %w", o, err)
		}
	}
	return func(c *gin.Context) {
		if err := p.Check(c.Request); err != nil {
			refuse(c, fault.Errorf(fault.Forbidden, "a cross-origin %s from %s is refused: %v", c.Request.Method, originOf(c.Request), err))
			return
		}
		c.Next()
	}, nil
}

func originOf(r *http.Request) string {
	if o := r.Header.Get("Origin"); o != "" {
		return o
	}
	return "another site"
}
