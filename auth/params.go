package auth

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"

	"wfm/fault"
	"wfm/limits"
)

// CheckParameters says which query parameter, path parameter or posted
// form value (urlencoded) of the request is not clean text (UTF-8 without
// NUL), or nil: both doors refuse such a request before any handler.
func CheckParameters(c *gin.Context) error {
	f := fault.FieldErrors{}
	check := func(where, name string, values ...string) {
		if err := limits.CleanParameter(name); err != nil {
			f.Add(where, "a parameter name %v", err)
		}
		for _, v := range values {
			if err := limits.CleanParameter(v); err != nil {
				f.Add(name, "%v", err)
			}
		}
	}
	for name, vs := range c.Request.URL.Query() {
		check("query", name, vs...)
	}
	for _, p := range c.Params {
		check("path", p.Key, p.Value)
	}
	if c.ContentType() == binding.MIMEPOSTForm && c.Request.Method != http.MethodGet {
		if err := c.Request.ParseForm(); err == nil {
			for name, vs := range c.Request.PostForm {
				check("form", name, vs...)
			}
		}
	}
	if len(f) == 0 {
		return nil
	}
	return &fault.Error{Code: fault.Invalid, Message: "invalid request parameters", Fields: f}
}
