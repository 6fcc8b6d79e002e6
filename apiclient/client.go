package apiclient

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// DefaultTimeout bounds each request of a client made by New (a batch of
// 10,000 events or a schedule build's start both answer well within it).
const DefaultTimeout = 30 * time.Second

// Option changes a client made by New.
type Option func(*settings)

type settings struct {
	timeout   time.Duration
	transport http.RoundTripper
}

// WithTimeout bounds each request (0: no bound, the context's only).
func WithTimeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// WithTransport sends the requests through rt (a proxy, a test server's
// TLS) instead of http.DefaultTransport.
func WithTransport(rt http.RoundTripper) Option { return func(s *settings) { s.transport = rt } }

// New is a client of the wfm API at server (its base URL:
// https://wfm.example.com) that sends token as a bearer token (an API
// token: wfm user token, or POST /api/v1/tokens). Every call either
// answers a 2xx with its typed body (JSON2XX) or fails: a transport error,
// or an *APIError for an answer that is not 2xx.
func New(server, token string, opts ...Option) (*ClientWithResponses, error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server %q: want a base URL such as http://localhost:8080", server)
	}
	if token == "" {
		return nil, fmt.Errorf("token: an API token is required (wfm user token)")
	}
	s := settings{timeout: DefaultTimeout}
	for _, o := range opts {
		o(&s)
	}
	hc := &http.Client{Timeout: s.timeout, Transport: s.transport}
	return NewClientWithResponses(strings.TrimRight(server, "/"), WithHTTPClient(&doer{http: hc, token: token}))
}

// doer sends each request with the token and turns an answer that is not
// 2xx into an *APIError.
type doer struct {
	http  *http.Client
	token string
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+d.token)
	resp, err := d.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return nil, newAPIError(req, resp, body)
}

// APIError is an answer that is not 2xx: its status, and the API's error
// schema ({"error": {"code", "message", "fields"}}) when the body is one.
type APIError struct {
	Method string // the request's
	Path   string
	Status int    // the HTTP status: 400, 401, 403, 404, 409, 429...
	Code   string // the API's code: invalid, not_found, conflict, unauthorized, forbidden...
	// Message is the API's message for people (or the start of the body
	// when it is not the error schema: a proxy's page).
	Message string
	// Fields: the fields the request got wrong, by name (a JSON field, a
	// query parameter), each with what is wrong with it.
	Fields map[string]string
	// Detail is the whole error schema as answered (with the roster rules
	// an edit would break), nil when the body was not one.
	Detail *ErrorDetail
}

func newAPIError(req *http.Request, resp *http.Response, body []byte) *APIError {
	e := &APIError{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode}
	var answer Error
	if err := json.Unmarshal(body, &answer); err == nil && answer.Error.Code != "" {
		e.Detail = &answer.Error
		e.Code, e.Message = string(answer.Error.Code), answer.Error.Message
		if answer.Error.Fields != nil {
			e.Fields = *answer.Error.Fields
		}
		return e
	}
	e.Message = strings.TrimSpace(string(body))
	if len(e.Message) > 200 {
		e.Message = e.Message[:200] + "..."
	}
	return e
}

// Field is what the answer says is wrong with the named field, "" if
// nothing.
func (e *APIError) Field(name string) string { return e.Fields[name] }

// Error reads: POST /api/v1/sites: 400 invalid: invalid site (name: required).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	} else if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Fields) > 0 {
		names := make([]string, 0, len(e.Fields))
		for n := range e.Fields {
			names = append(names, n)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = n + ": " + e.Fields[n]
		}
		b.WriteString(" (" + strings.Join(parts, "; ") + ")")
	}
	return b.String()
}
