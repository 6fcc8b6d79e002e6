package web

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"wfm/store"
)

// Role is what a signed-in user may do. Each role sees what the one before
// it sees, and more.
type Role string

const (
	RoleAgent      Role = store.RoleAgent
	RoleSupervisor Role = store.RoleSupervisor
	RoleManager    Role = store.RoleManager
	RoleAdmin      Role = store.RoleAdmin
)

// AtLeast tells whether the role sees what min sees, in the store's order
// of roles; an unknown role sees nothing.
func (r Role) AtLeast(min Role) bool {
	rank := store.RoleRank(string(r))
	return rank > 0 && rank >= store.RoleRank(string(min))
}

// The pages' paths, for the route table and the navigation alike.
const (
	PathHome       = "/"
	PathLogin      = "/login"              // GET: the form; POST: username, password, csrf_token, next
	PathLogout     = "/logout"             // POST: csrf_token
	PathLocale     = "/locale"             // POST: locale, csrf_token, next
	PathSSOLogin   = "/auth/oidc/login"    // GET ?next=: to the single sign-on provider
	PathSSOReturn  = "/auth/oidc/callback" // GET: the provider sends the browser back here
	PathMySchedule = "/my/schedule"
	PathMyKPIs     = "/my/kpis"
	PathMyReviews  = "/my/reviews"
	PathRoster     = "/roster"
	PathRequests   = "/requests"
	PathStrain     = "/strain"
	PathIntraday   = "/intraday"
	PathDashboard  = "/dashboard"
	PathAdmin      = "/admin"
)

// CSRFField is the name of the hidden form field that carries the CSRF token.
const CSRFField = "csrf_token"

// NavItem is one link of the navigation bar.
type NavItem struct {
	Path    string
	Key     string // message key of the label
	Current bool
}

var navigation = []struct {
	path, key string
	min       Role
}{
	{PathMySchedule, "nav.my_schedule", RoleAgent},
	{PathMyOffers, "offers.nav", RoleAgent},
	{PathMyKPIs, "nav.my_kpis", RoleAgent},
	{PathMyReviews, "nav.my_reviews", RoleAgent},
	{PathMyPreferences, "prefs.nav", RoleAgent},
	{PathQuality, "quality.nav", RoleAgent},
	{PathRoster, "nav.roster", RoleSupervisor},
	{PathRequests, "nav.requests", RoleSupervisor},
	{PathStrain, "nav.strain", RoleSupervisor},
	{PathComplaints, "complaint.nav", RoleSupervisor},
	{PathIntraday, "nav.intraday", RoleSupervisor},
	{PathSpecialDays, "nav.special_days", RoleSupervisor},
	{PathDashboard, "nav.dashboard", RoleManager},
	{PathPlans, "nav.plans", RoleManager},
	{PathAdmin, "nav.admin", RoleManager},
}

// Navigation is the menu a role sees; current (a request path) marks the
// item it falls under.
func Navigation(role Role, current string) []NavItem {
	var items []NavItem
	for _, n := range navigation {
		if role.AtLeast(n.min) {
			items = append(items, NavItem{
				Path:    n.path,
				Key:     n.key,
				Current: current == n.path || strings.HasPrefix(current, n.path+"/"),
			})
		}
	}
	return items
}

// User is the signed-in user as pages show them.
type User struct {
	Username    string
	DisplayName string
	Role        Role
}

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string // "info", "success" or "error"
	Message string // already translated
}

// Page is what every template gets. The embedded Translator gives the
// templates {{.T "key"}}, {{.Date t}}, {{.Percent v 1}} and the rest
// ({{$.T ...}} inside range).
type Page struct {
	Translator
	Title   string // already translated
	User    *User  // nil when signed out
	CSRF    string // token for every form on the page
	Path    string // request path: marks the current menu item, and where the language switch returns
	Flashes []Flash
	Refresh int // when > 0, the page reloads itself after so many seconds (a build in progress)
	Unread  int // the signed-in user's unread notifications (the bell)
	Data    any // the page's own data: LoginData, ErrorData, ChartsData ...
}

// Nav is the navigation for the page's user.
func (p Page) Nav() []NavItem {
	if p.User == nil {
		return nil
	}
	return Navigation(p.User.Role, p.Path)
}

// RoleName is the translated name of the user's role.
func (p Page) RoleName() string {
	if p.User == nil {
		return ""
	}
	return p.T("role." + string(p.User.Role))
}

// LoginData is the data of the "login" page.
type LoginData struct {
	Username  string // kept after a failed attempt
	Error     string // translated, e.g. T("login.error.invalid")
	Next      string // path to go to after signing in
	SSO       bool   // offer single sign-on
	SSOURL    string // PathSSOLogin with next
	Passwords bool   // offer the password form (an admin may switch it off when SSO is on)
}

// ErrorData is the data of the "error" page.
type ErrorData struct {
	Status  int
	Message string // translated
}

// ChartsData is the data of the "charts" page: any page that is a list
// of charts, each with its CSV download.
type ChartsData struct {
	Intro  string
	Charts []ChartView
}

// ChartView is a chart on a page and the URL of its CSV download.
type ChartView struct {
	Chart  Chart
	CSVURL string
}

//go:embed templates/*.html
var templateFiles embed.FS

// Renderer renders the embedded page templates inside the layout.
type Renderer struct {
	pages map[string]*template.Template
}

// chartCard is what the chart_card partial gets: the page (for its
// translator) and the chart.
type chartCard struct {
	Page Page
	View ChartView
}

// draftCard is what the draft_card partial gets.
type draftCard struct {
	Page  Page
	Draft *DraftView
}

// swapTable is what the swap_table partial gets.
type swapTable struct {
	Page   Page
	Swaps  []SwapView
	Decide bool // the viewer decides (supervisor), else she may withdraw her own
}

// offerFormCard is what the offer_form partial gets.
type offerFormCard struct {
	Page Page
	Form OfferForm
}

var templateFuncs = template.FuncMap{
	"offerForm": func(p Page, f OfferForm) offerFormCard { return offerFormCard{p, f} },
	"asset":     AssetURL,
	"card":      func(p Page, v ChartView) chartCard { return chartCard{p, v} },
	"swaps":     func(p Page, s []SwapView, decide bool) swapTable { return swapTable{p, s, decide} },
	"draft":     func(p Page, d *DraftView) draftCard { return draftCard{p, d} },
	"csrfField": func() string { return CSRFField },
	"locales":   func() []Locale { return Locales },
}

// NewRenderer parses the layout and the partials (templates/_*.html) with
// each page template, and checks the message catalogs.
func NewRenderer() (*Renderer, error) {
	if _, err := catalogs(); err != nil {
		return nil, err
	}
	layout, err := templateFiles.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := readPartials(names)
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: make(map[string]*template.Template)}
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		if r.pages[name], err = parsePage(file, name, string(layout), partials); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// readPartials are the shared templates (files named _*.html).
func readPartials(names []string) ([]string, error) {
	var partials []string
	for _, file := range names {
		if strings.HasPrefix(path.Base(file), "_") {
			b, err := templateFiles.ReadFile(file)
			if err != nil {
				return nil, err
			}
			partials = append(partials, string(b))
		}
	}
	return partials, nil
}

// parsePage is a page's template: the layout, the partials and the
// page's own file.
func parsePage(file, name, layout string, partials []string) (*template.Template, error) {
	body, err := templateFiles.ReadFile(file)
	if err != nil {
		return nil, err
	}
	t, err := template.New("layout").Funcs(templateFuncs).Parse(layout)
	if err != nil {
		return nil, fmt.Errorf("template layout: %w", err)
	}
	for _, p := range partials {
		if _, err := t.New("").Parse(p); err != nil {
			return nil, fmt.Errorf("template partial: %w", err)
		}
	}
	if _, err := t.New(name).Parse(string(body)); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return t, nil
}

// Render writes page name ("login", "error", "charts" ...) in the layout.
// Nothing is written when rendering fails.
func (r *Renderer) Render(w io.Writer, name string, page Page) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("render: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", page); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// RenderFragment writes one template of a page (a part a page redraws by
// itself, such as the live intraday board) without the layout.
func (r *Renderer) RenderFragment(w io.Writer, name, fragment string, page Page) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("render: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, fragment, page); err != nil {
		return fmt.Errorf("render %s/%s: %w", name, fragment, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// WritePage renders page name and sends it with status and the page
// headers, gzipped when req accepts it and the page is big (a month's
// dashboard is most of a megabyte of chart data, a tenth of that
// compressed). When rendering fails it sends the error page (a bare 500
// only if that fails too) and returns the error for the caller to log.
// req may be nil.
func (r *Renderer) WritePage(w http.ResponseWriter, req *http.Request, status int, name string, page Page) error {
	var buf bytes.Buffer
	if err := r.Render(&buf, name, page); err != nil {
		failed := page
		failed.Title, failed.Data, failed.Refresh = page.T("error.title"), ErrorData{Status: http.StatusInternalServerError, Message: page.T("error.500")}, 0
		buf.Reset()
		if name == "error" || r.Render(&buf, "error", failed) != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return err
		}
		SetPageHeaders(w.Header())
		w.WriteHeader(http.StatusInternalServerError)
		buf.WriteTo(w) //nolint:errcheck // the render error is the one to report
		return err
	}
	h := w.Header()
	SetPageHeaders(h)
	h.Add("Vary", "Accept-Encoding")
	if req != nil && buf.Len() > 4<<10 && acceptsGzip(req.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		if _, err := buf.WriteTo(zw); err != nil {
			return err
		}
		return zw.Close()
	}
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// ContentSecurityPolicy allows only our own scripts, styles and images:
// the pages need no outside host, and no inline script (charts are drawn
// by static/js/charts.js from JSON in the page). Inline style attributes
// are allowed because echarts sets them on its own elements.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// SetPageHeaders sets the headers every HTML page is sent with.
func SetPageHeaders(h http.Header) {
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store") // pages carry personal data and CSRF tokens
}
