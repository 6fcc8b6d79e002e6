package auth

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/gin-gonic/gin"
)

// RequestIDHeader names the id every answer carries: the one an unexpected
// failure is logged with, which the error page and the API's error body
// show, so that a report leads to its log line.
const RequestIDHeader = "X-Request-Id"

// RequestID gives each request an id of its own (a caller's X-Request-Id
// is not taken: a log must not hold what anyone typed as its key).
func RequestID(c *gin.Context) {
	b := make([]byte, 8)
	rand.Read(b)
	c.Writer.Header().Set(RequestIDHeader, hex.EncodeToString(b))
	c.Next()
}
