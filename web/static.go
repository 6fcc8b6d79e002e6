package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

//go:embed static
var staticFiles embed.FS

// StaticPrefix is the URL path the embedded assets are served under.
const StaticPrefix = "/static/"

// EchartsVersion is the version of the vendored echarts
// (npm: echarts@6.1.0, dist/echarts.min.js).
const EchartsVersion = "6.1.0"

// staticVersion is a hash of every embedded asset. It is part of each asset
// URL, so the files can be cached for a year and a new binary still gets
// its own files fetched.
var staticVersion = sync.OnceValue(func() string {
	var names []string
	_ = fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, _ := staticFiles.ReadFile(n)
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
})

// StaticVersion is the content hash that versions the asset URLs.
func StaticVersion() string { return staticVersion() }

// AssetURL is the URL of an embedded asset, name relative to web/static:
// AssetURL("css/app.css") = "/static/<hash>/css/app.css".
func AssetURL(name string) string {
	return StaticPrefix + StaticVersion() + "/" + strings.TrimPrefix(name, "/")
}

// EchartsAssetsHost is where go-echarts finds echarts.min.js: our own
// binary, never an outside host.
func EchartsAssetsHost() string { return AssetURL("vendor/echarts/") }

// gzipped holds the compressed form of each compressible asset, made on
// first request (echarts.min.js: 1.1 MB, about a third of that gzipped,
// which matters on a phone).
var gzipped sync.Map // name -> []byte

// Static serves the embedded assets at /static/<version>/<name>. Requests
// for the current version are cacheable for a year; an older version (a
// page rendered by the previous binary) still gets the current file, but
// uncached.
func Static() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, StaticPrefix)
		version, name, ok2 := strings.Cut(rest, "/")
		name = path.Clean("/" + name)[1:]
		if !ok || !ok2 || name == "" || strings.HasPrefix(name, ".") {
			http.NotFound(w, r)
			return
		}
		body, err := staticFiles.ReadFile("static/" + name)
		if err != nil { // also a directory: no listings
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Vary", "Accept-Encoding")
		if version == StaticVersion() {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		etag := StaticVersion()
		if compressible(ctype) && acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = gzipAsset(name, body)
			h.Set("Content-Encoding", "gzip")
			etag += "-gzip"
		}
		h.Set("ETag", `"`+etag+`"`)
		// ServeContent handles HEAD, Range and If-None-Match for us.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
}

func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(coding) == "gzip" && strings.ReplaceAll(strings.TrimSpace(params), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func gzipAsset(name string, body []byte) []byte {
	if v, ok := gzipped.Load(name); ok {
		return v.([]byte)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	gzipped.Store(name, buf.Bytes())
	return buf.Bytes()
}
