package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestVendoredEcharts(t *testing.T) {
	js, err := staticFiles.ReadFile("static/vendor/echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(js) < 500_000 || !bytes.Contains(js, []byte(`version="`+EchartsVersion+`"`)) {
		t.Errorf("echarts.min.js: %d bytes, version %s not found", len(js), EchartsVersion)
	}
	for _, f := range []string{"LICENSE", "NOTICE"} {
		if _, err := staticFiles.ReadFile("static/vendor/echarts/" + f); err != nil {
			t.Errorf("licence file: %v", err)
		}
	}
}

func TestStatic(t *testing.T) {
	h := Static()
	js, _ := staticFiles.ReadFile("static/vendor/echarts/echarts.min.js")
	get := func(url string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, url, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	url := AssetURL("vendor/echarts/echarts.min.js")
	if !strings.HasPrefix(url, "/static/"+StaticVersion()+"/") || len(StaticVersion()) != 12 {
		t.Fatalf("AssetURL = %q", url)
	}
	w := get(url)
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), js) {
		t.Fatalf("GET %s: %d, %d bytes", url, w.Code, w.Body.Len())
	}
	if ct := w.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q", cc)
	}

	w = get(url, "Accept-Encoding", "gzip, deflate, br")
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, js) {
		t.Fatalf("gunzipped body differs (%d bytes, %v)", len(plain), err)
	}
	if w.Body.Len() > len(js)/2 {
		t.Logf("gzip: %d of %d bytes", w.Body.Len(), len(js))
	}
	if w := get(url, "Accept-Encoding", "gzip;q=0"); w.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still gzipped")
	}

	etag := get(url).Header().Get("ETag")
	if w := get(url, "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match %s: %d", etag, w.Code)
	}

	// A page from an older binary still gets the file, but not cached for a year.
	w = get("/static/0123456789ab/css/app.css")
	if w.Code != 200 || w.Header().Get("Cache-Control") != "no-cache" || !strings.Contains(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("old version: %d %v", w.Code, w.Header())
	}

	for _, bad := range []string{
		"/static/" + StaticVersion() + "/vendor/echarts/",
		"/static/" + StaticVersion() + "/vendor",
		"/static/" + StaticVersion() + "/../static.go",
		"/static/" + StaticVersion() + "/nope.js",
		"/static/" + StaticVersion(),
		"/static/",
		"/elsewhere",
	} {
		if w := get(bad); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, w.Code)
		}
	}
	r := httptest.NewRequest(http.MethodPost, url, nil)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", w.Code)
	}
}
