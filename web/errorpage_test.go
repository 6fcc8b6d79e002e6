package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// A page that panics, or one that fails to render, answers with the error
// page in the reader's language, not with the API's JSON or a bare
// "Internal Server Error".
func TestErrorPageInTheReadersLanguage(t *testing.T) {
	rend, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	p := &pages{rend: rend, log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: time.Now}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/boom", p.page("", func(c *gin.Context, pg Page) { panic("boom") }))
	r.GET("/broken", p.page("", func(c *gin.Context, pg Page) { p.write(c, http.StatusOK, "no-such-template", pg) }))
	zh := NewTranslator(Chinese, nil)
	for _, path := range []string{"/boom", "/broken"} {
		w := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Language", "zh-CN")
		r.ServeHTTP(w, req)
		body := w.Body.String()
		if w.Code != http.StatusInternalServerError || !strings.Contains(w.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(body, zh.T("error.title")) || !strings.Contains(body, zh.T("error.500")) {
			t.Errorf("GET %s: %d %q\n%s", path, w.Code, w.Header().Get("Content-Type"), body)
		}
	}
}
