package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"wfm/api"
	"wfm/store/storetest"
)

// loadDocument is the server's OpenAPI document as kin-openapi reads it,
// checked against the OpenAPI 3 specification.
func loadDocument(t testing.TB, srv *api.Server) *openapi3.T {
	t.Helper()
	b, err := json.Marshal(srv.OpenAPI())
	must(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatalf("load the OpenAPI document: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid OpenAPI 3: %v", err)
	}
	return doc
}

func init() {
	// The answers that are files: checked for their type, not their bytes.
	for _, ct := range []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/calendar", "text/plain", "text/html"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// conforming serves next and checks every exchange against the OpenAPI
// document, so that every API test is also a test of the document:
//   - every answer (status, content type, body) must be one the document
//     describes;
//   - a request the document calls invalid must be refused (4xx): a
//     server that takes what its document refuses disagrees with it;
//   - a route the document describes without an answer body answers none;
//   - a query parameter the document does not declare is refused (or
//     ignored by a refusal), not taken silently.
//
// A request the document accepts may still be refused (the business rules
// say more than a schema can), and paths that are no route are left to
// the server's 404.
//
// report is t.Errorf.
func conforming(t testing.TB, report func(format string, args ...any), doc *openapi3.T, next http.Handler) http.Handler {
	router, err := legacy.NewRouter(doc)
	must(t, err)
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true,
		RejectWhenRequestBodyNotSpecified: true}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, params, err := router.FindRoute(r)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		check := r.Clone(r.Context())
		check.Body = io.NopCloser(bytes.NewReader(body))
		in := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route, Options: opts}
		reqErr := openapi3filter.ValidateRequest(r.Context(), in)

		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)

		what := r.Method + " " + r.URL.RequestURI()
		for name := range r.URL.Query() {
			if route.Operation.Parameters.GetByInAndName("query", name) == nil && rec.Code < 400 {
				report("%s: the query parameter %s is not in the document, but the server answered %d", what, name, rec.Code)
			}
		}
		if reqErr != nil && rec.Code < 400 {
			report("%s: the document refuses the request but the server answered %d: %v", what, rec.Code, reqErr)
		}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
		if err := openapi3filter.ValidateResponse(r.Context(), out); err != nil {
			report("%s: the answer %d disagrees with the document: %v\n%s", what, rec.Code, err, clip(rec.Body.Bytes()))
		}
		if ok := route.Operation.Responses.Status(rec.Code); ok != nil && ok.Value != nil && len(ok.Value.Content) == 0 && rec.Body.Len() > 0 && r.Method != http.MethodHead {
			report("%s: the document says the answer %d has no body, but it has: %s", what, rec.Code, clip(rec.Body.Bytes()))
		}

		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

func TestOpenAPIDocumentIsValidOpenAPI(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	doc := loadDocument(t, f.srv)
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				t.Errorf("%s %s has no operationId", method, path)
			}
			if other, ok := ids[op.OperationID]; ok {
				t.Errorf("%s %s and %s share the operationId %q", method, path, other, op.OperationID)
			}
			ids[op.OperationID] = method + " " + path
		}
	}
}

func TestEveryQueryParameterHasASchema(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	for _, rt := range f.srv.Routes() {
		for _, q := range rt.QueryParams() {
			if q.Schema == nil {
				t.Errorf("%s %s: the query parameter %s has no schema in api.queryParams", rt.Method, rt.Path, q.Name)
			}
		}
	}
}

// The check itself: an answer the document does not describe, and a
// request it refuses that the server takes, are reported.
func TestConformingReportsDisagreements(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	var mu sync.Mutex // the handler runs on the server's goroutine
	var reports []string
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		reports = append(reports, fmt.Sprintf(format, args...))
	}
	wrong := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status": 5}`)) // status is a string
	})
	ts := httptest.NewServer(conforming(t, report, loadDocument(t, f.srv), wrong))
	defer ts.Close()
	for _, path := range []string{"/healthz", "/api/v1/sites/not-a-number"} {
		resp, err := http.Get(ts.URL + path)
		must(t, err)
		resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reports) != 3 {
		t.Fatalf("want 3 reports (two wrong answers, one refused request taken), got %d: %q", len(reports), reports)
	}
	for i, want := range []string{"GET /healthz: the answer 200 disagrees", "GET /api/v1/sites/not-a-number: the document refuses the request", "GET /api/v1/sites/not-a-number: the answer 200 disagrees"} {
		if !strings.HasPrefix(reports[i], want) {
			t.Errorf("report %d: %q, want it to start %q", i, reports[i], want)
		}
	}
}

func TestReferencePage(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	resp, body := f.do(t, "", "GET", "/api/docs", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /api/docs: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
		t.Errorf("the reference page's policy %q: want nothing allowed but its style", csp)
	}
	page := string(body)
	if strings.Contains(page, "<script") {
		t.Error("the reference page has a script")
	}
	// every operation has its anchor; a schema shows its required fields and enums
	for _, want := range []string{`id="listSites"`, `id="deleteSite"`, `id="SiteInput"`, `id="Error"`, `&#34;supervisor&#34;`, "<code>/api/v1/time-off/{id}/decision</code>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the reference page lacks %s", want)
		}
	}
	for _, rt := range f.srv.Routes() {
		if !strings.Contains(page, `<code>`+strings.NewReplacer(":id", "{id}", ":kind", "{kind}", ":name", "{name}").Replace(rt.Path)+`</code>`) {
			t.Errorf("the reference page lacks %s %s", rt.Method, rt.Path)
		}
	}
}
