package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/connector"
	"wfm/fault"
	"wfm/jobs"
	"wfm/rostering"
	"wfm/store"
)

// Config is what the web pages are built from: the authentication and
// the roster builds they share with the API, the job registry, the store,
// a logger.
type Config struct {
	Auth   *auth.Service
	Builds *rostering.Builds
	Jobs   Jobs // nil: no jobs to list or run
	// NotFound answers the paths that are no page (the API's and the
	// operations endpoints'): the API's JSON 404.
	NotFound     gin.HandlerFunc
	Store        *store.Store
	Log          *slog.Logger
	SecureCookie bool             // set the Secure flag of the web's own cookies (behind HTTPS)
	Now          func() time.Time // the clock ("today" on the board and the schedule); time.Now when nil
	// Sealer seals the connectors' credentials (WFM_CREDENTIALS_KEY); nil:
	// no key, and the connector page refuses credentials.
	Sealer *connector.Sealer
	// EmailEnabled: the jobs send email (WFM_SMTP_HOST is set); the
	// notification settings say so.
	EmailEnabled bool
}

// Jobs is what the admin page needs of the job engine.
type Jobs interface {
	List() []jobs.Info
	RunNow(ctx context.Context, name string) (jobs.Run, error)
	Runs(ctx context.Context, job string, limit int) ([]jobs.Run, error)
}

// pages serves the server-rendered interface.
type pages struct {
	auth     *auth.Service
	builds   *rostering.Builds
	jobs     Jobs
	notFound gin.HandlerFunc
	store    *store.Store
	log      *slog.Logger
	rend     *Renderer
	secure   bool
	now      func() time.Time
	sealer   *connector.Sealer
	emailOn  bool
}

// The web's own cookies: the language of a signed-out visitor, and the
// CSRF token of the forms shown before there is a session (login,
// language), checked by double submit.
const (
	localeCookie = "wfm_locale"
	formCookie   = "wfm_form_csrf"
)

// pageRoute is one entry of the page table.
type pageRoute struct {
	method, path string
	role         Role // the least role; "" for everyone
	handle       func(c *gin.Context, pg Page)
}

// routes is every page with the role it needs. Scope within a role (an
// agent sees only herself) is the handlers' and the store's to enforce.
func (p *pages) routes() []pageRoute {
	return append([]pageRoute{
		{"GET", PathHome, "", p.home},
		{"GET", PathLogin, "", p.loginForm},
		{"POST", PathLogin, "", p.login},
		{"GET", PathSSOLogin, "", p.ssoLogin},
		{"GET", PathSSOReturn, "", p.ssoReturn},
		{"POST", PathLogout, RoleAgent, p.logout},
		{"POST", PathLocale, "", p.setLocale},

		{"GET", PathMySchedule, RoleAgent, p.mySchedule},
		{"POST", PathMySchedule + "/calendar-link", RoleAgent, p.calendarLink},
		{"GET", PathMyKPIs, RoleAgent, p.myKPIs},
		{"GET", PathMyKPIs + "/export.xlsx", RoleAgent, p.myKPIsXLSX},
		{"GET", PathMyReviews, RoleAgent, p.myReviews},
		{"GET", PathMyReviews + "/:id/export.xlsx", RoleAgent, p.reviewXLSX},
		{"POST", PathMyReviews + "/:id/acknowledge", RoleAgent, p.acknowledgeReview},
		{"POST", PathMyReviews + "/feedback/:id/acknowledge", RoleAgent, p.acknowledgeFeedback},
		{"GET", PathMyPreferences, RoleAgent, p.myPreferences},
		{"POST", PathMyPreferences, RoleAgent, p.addPreference},
		{"POST", PathMyPreferences + "/:id/delete", RoleAgent, p.removePreference},
		{"GET", PathRoster, RoleSupervisor, p.rosterDay},
		{"GET", PathRoster + "/export.xlsx", RoleSupervisor, p.rosterXLSX},
		{"POST", PathRoster + "/builds", RoleSupervisor, p.startBuild},
		{"GET", PathRoster + "/builds/:id", RoleSupervisor, p.build},
		{"POST", PathRoster + "/schedules/:id/publish", RoleSupervisor, p.publishDraft},
		{"GET", PathRoster + "/schedules/:id", RoleSupervisor, p.draft},
		{"GET", PathRoster + "/schedules/:id/export.xlsx", RoleSupervisor, p.draftXLSX},
		{"GET", PathRoster + "/schedules/:id/activity", RoleSupervisor, p.activityPage},
		{"POST", PathRoster + "/schedules/:id/activity", RoleSupervisor, p.placeActivity},
		{"GET", PathRoster + "/edit", RoleSupervisor, p.editForm},
		{"POST", PathRoster + "/edit", RoleSupervisor, p.editShift},
		{"POST", PathMySchedule + "/time-off", RoleAgent, p.requestTimeOff},
		{"POST", PathMySchedule + "/time-off/:id/cancel", RoleAgent, p.cancelTimeOff},
		{"POST", PathMySchedule + "/swaps", RoleAgent, p.offerSwap},
		{"POST", PathMySchedule + "/swaps/:id/cancel", RoleAgent, p.cancelSwap},
		{"GET", PathRequests, RoleSupervisor, p.requests},
		{"POST", PathRequests + "/swaps/:id", RoleSupervisor, p.decideSwap},
		{"POST", PathRequests + "/time-off/:id", RoleSupervisor, p.decideTimeOff},
		{"POST", PathRequests + "/allowance", RoleSupervisor, p.setAllowance},
		{"GET", PathStrain, RoleSupervisor, p.strain},
		{"GET", PathIntraday, RoleSupervisor, p.intraday},
		{"GET", PathIntraday + "/live", RoleSupervisor, p.intradayLive},
		{"GET", PathIntraday + "/queues", RoleSupervisor, p.queueMonitor},
		{"GET", PathSpecialDays, RoleSupervisor, p.specialDays},
		{"POST", PathSpecialDays, RoleManager, p.addSpecialDay},
		{"POST", PathSpecialDays + "/:id/delete", RoleManager, p.deleteSpecialDay},
		{"GET", PathDashboard, RoleManager, p.dashboard},
		{"GET", PathDashboard + "/csv/:chart", RoleManager, p.dashboardCSV},
		{"GET", PathDashboard + "/export.xlsx", RoleManager, p.dashboardXLSX},
		{"GET", PathAdmin, RoleManager, p.admin},
		{"POST", PathAdmin + "/jobs/:name/run", RoleAdmin, p.runJob},
		{"POST", PathAdmin + "/roster-settings", RoleAdmin, p.setRosterSettings},
		{"POST", PathAdmin + "/sign-in", RoleAdmin, p.setSignIn},
		{"GET", PathStateMappings, RoleManager, p.stateMappings},
		{"POST", PathStateMappings, RoleAdmin, p.saveStateMappings},
		{"GET", PathImport, RoleManager, p.importForm},
		{"POST", PathImport, RoleManager, p.importUpload},
		{"GET", PathConnectors, RoleAdmin, p.connectors},
		{"POST", PathConnectors + "/:site", RoleAdmin, p.saveConnector},
		{"POST", PathConnectors + "/:site/pull", RoleAdmin, p.pullConnector},
		{"POST", PathConnectors + "/:site/delete", RoleAdmin, p.deleteConnector},
	}, append(append(append(p.adminRoutes(), p.qualityRoutes()...), p.complaintRoutes()...), append(append(p.capacityRoutes(), p.notifyRoutes()...), p.offerRoutes()...)...)...)
}

// Mount adds the web interface to the API's engine: the embedded assets
// under /static/ and every page of the page table.
func Mount(r *gin.Engine, cfg Config) error {
	if cfg.Auth == nil || cfg.Builds == nil || cfg.Store == nil {
		return errors.New("web: Config needs Auth, Builds and Store")
	}
	rend, err := NewRenderer()
	if err != nil {
		return err
	}
	p := &pages{auth: cfg.Auth, builds: cfg.Builds, jobs: cfg.Jobs, notFound: cfg.NotFound, store: cfg.Store, log: cfg.Log, rend: rend, secure: cfg.SecureCookie, now: cfg.Now, sealer: cfg.Sealer, emailOn: cfg.EmailEnabled}
	if p.log == nil {
		p.log = slog.Default()
	}
	if p.now == nil {
		p.now = time.Now
	}
	static := gin.WrapH(Static())
	r.GET(StaticPrefix+"*path", static)
	r.HEAD(StaticPrefix+"*path", static)
	// Public: the guard learns who is calling when a session is present
	// and never refuses; the page decides (a login redirect or a 403 page,
	// not the API's JSON).
	who := cfg.Auth.Guard(auth.Public, nil)
	for _, rt := range p.routes() {
		r.Handle(rt.method, rt.path, who, p.page(rt.role, rt.handle))
	}
	r.NoRoute(who, p.noRoute)
	return nil
}

// noRoute sends an unknown page path the HTML 404 page (with the menu, when
// signed in) and leaves the API's paths their JSON answer.
func (p *pages) noRoute(c *gin.Context) {
	if apiPath(c.Request.URL.Path) && p.notFound != nil {
		p.notFound(c)
		return
	}
	pg := p.newPage(c, auth.Current(c))
	p.problem(c, pg, refuse(fault.NotFound, "error.404"))
}

// apiPath tells whether a path belongs to the JSON API or the operations
// endpoints rather than to the pages.
func apiPath(path string) bool {
	for _, prefix := range []string{"/api/", "/healthz", "/readyz", "/metrics", StaticPrefix} {
		if path == strings.TrimSuffix(prefix, "/") || strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// page wraps a handler with what every page needs: the caller, her
// language, the role check, the CSRF check of posted forms.
func (p *pages) page(min Role, h func(c *gin.Context, pg Page)) gin.HandlerFunc {
	return func(c *gin.Context) {
		pr := auth.Current(c)
		pg := p.newPage(c, pr)
		// A page that panics gets the error page in its reader's language,
		// not the API's JSON answer.
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				if c.Writer.Written() {
					p.log.Error("page panicked after writing", "path", c.FullPath(), "panic", v)
					c.Abort()
					return
				}
				p.problem(c, pg, fmt.Errorf("panic: %v", v))
			}
		}()
		if err := auth.CheckParameters(c); err != nil {
			p.problem(c, pg, refuseBecause(err, "error.input"))
			return
		}
		if min != "" {
			if pr == nil {
				p.toLogin(c)
				return
			}
			if !pg.User.Role.AtLeast(min) {
				p.problem(c, pg, refuse(fault.Forbidden, "error.403"))
				return
			}
		}
		if c.Request.Method == http.MethodPost && !p.validCSRF(c, pg) {
			p.problem(c, pg, refuse(fault.Forbidden, "login.error.csrf"))
			return
		}
		h(c, pg)
	}
}

// newPage is the page frame for the caller: user, language, CSRF token.
func (p *pages) newPage(c *gin.Context, pr *auth.Principal) Page {
	pref, _ := c.Cookie(localeCookie)
	pg := Page{Path: c.Request.URL.Path}
	if pr != nil {
		pref = pr.User.Locale
		pg.User = &User{Username: pr.User.Username, DisplayName: pr.User.DisplayName, Role: Role(pr.User.Role)}
		pg.CSRF = pr.CSRF
		// The bell: a count that cannot be read leaves it empty rather
		// than the page unserved.
		pg.Unread, _ = p.store.UnreadNotifications(c.Request.Context(), pr.User.ID)
	} else {
		pg.CSRF = p.formToken(c)
	}
	pg.Translator = NewTranslator(Negotiate(pref, c.GetHeader("Accept-Language")), time.UTC)
	return pg
}

// formToken is the signed-out visitor's CSRF token, kept in a cookie
// (SameSite=Strict, HttpOnly) and repeated in each form.
func (p *pages) formToken(c *gin.Context) string {
	if v, err := c.Cookie(formCookie); err == nil && len(v) == 32 {
		return v
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	v := hex.EncodeToString(b)
	c.SetSameSite(http.SameSiteStrictMode)
	c.SetCookie(formCookie, v, 0, "/", "", p.secure, true)
	return v
}

func (p *pages) validCSRF(c *gin.Context, pg Page) bool {
	got := c.PostForm(CSRFField)
	if pg.User == nil {
		// Double submit: the form's token must be the cookie's, which another
		// site can neither read nor set.
		cookie, err := c.Cookie(formCookie)
		if err != nil || cookie == "" {
			return false
		}
		return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(cookie)) == 1
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(pg.CSRF)) == 1
}

// toLogin sends a signed-out visitor to the login page, and back here after.
func (p *pages) toLogin(c *gin.Context) {
	q := url.Values{}
	if c.Request.Method == http.MethodGet {
		q.Set("next", c.Request.URL.RequestURI())
	}
	if v, err := c.Cookie(auth.SessionCookie); err == nil && v != "" {
		q.Set("expired", "1") // a cookie the API no longer knows: the session ran out
	}
	target := PathLogin
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	c.Redirect(http.StatusSeeOther, target)
	c.Abort()
}

func (p *pages) write(c *gin.Context, status int, name string, pg Page) {
	if err := p.rend.WritePage(c.Writer, c.Request, status, name, pg); err != nil {
		p.log.Error("render page", "page", name, "err", err)
	}
}

// homeFor is where a role lands after signing in.
func homeFor(r Role) string {
	switch r {
	case RoleAgent:
		return PathMySchedule
	case RoleSupervisor:
		return PathRoster
	}
	return PathDashboard
}

// localPath returns next when it is a path on this site, else "".
// An open redirect would let a link to our login page send people on
// to a look-alike site.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return next
}

func (p *pages) home(c *gin.Context, pg Page) {
	if pg.User == nil {
		c.Redirect(http.StatusSeeOther, PathLogin)
		return
	}
	c.Redirect(http.StatusSeeOther, homeFor(pg.User.Role))
}

func (p *pages) loginForm(c *gin.Context, pg Page) {
	if pg.User != nil {
		c.Redirect(http.StatusSeeOther, homeFor(pg.User.Role))
		return
	}
	data, err := p.loginData(c, localPath(c.Query("next")))
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if c.Query("expired") == "1" {
		data.Error = pg.T("login.error.expired")
	}
	if c.Query("bye") == "1" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("logout.done")})
	}
	pg.Title = pg.T("login.title")
	pg.Data = data
	p.write(c, http.StatusOK, "login", pg)
}

func (p *pages) login(c *gin.Context, pg Page) {
	username := strings.TrimSpace(c.PostForm("username"))
	next := localPath(c.PostForm("next"))
	u, _, err := p.auth.Login(c, username, c.PostForm("password"))
	if err != nil {
		status, key := http.StatusUnauthorized, "login.error.invalid"
		switch {
		case errors.Is(err, auth.ErrPasswordsOff):
			status, key = http.StatusForbidden, "login.error.passwords_off"
		case fault.CodeOf(err) == fault.Unauthorized:
		case fault.CodeOf(err) == fault.RateLimited:
			status, key = http.StatusTooManyRequests, "login.error.rate_limited"
		default:
			p.problem(c, pg, err)
			return
		}
		data, lerr := p.loginData(c, next)
		if lerr != nil {
			p.problem(c, pg, lerr)
			return
		}
		data.Username, data.Error = username, pg.T(key)
		pg.Title = pg.T("login.title")
		pg.Data = data
		p.write(c, status, "login", pg)
		return
	}
	if next == "" {
		next = homeFor(Role(u.Role))
	}
	c.Redirect(http.StatusSeeOther, next)
}

// loginData is what the sign-in page offers: single sign-on when it is
// configured, the password form unless an admin switched it off.
func (p *pages) loginData(c *gin.Context, next string) (LoginData, error) {
	passwords, err := p.auth.PasswordLoginAllowed(c.Request.Context())
	if err != nil {
		return LoginData{}, err
	}
	d := LoginData{Next: next, Passwords: passwords, SSO: p.auth.SSOEnabled(), SSOURL: PathSSOLogin}
	if next != "" {
		d.SSOURL += "?" + url.Values{"next": {next}}.Encode()
	}
	return d, nil
}

// ssoLogin sends the browser to the single sign-on provider.
func (p *pages) ssoLogin(c *gin.Context, pg Page) {
	target, err := p.auth.BeginSSO(c, localPath(c.Query("next")))
	if err != nil {
		p.ssoRefused(c, pg, err)
		return
	}
	c.Redirect(http.StatusFound, target)
}

// ssoReturn is where the provider sends the browser back: signed in, the
// user goes where she was going, else to her home page.
func (p *pages) ssoReturn(c *gin.Context, pg Page) {
	u, next, err := p.auth.FinishSSO(c)
	if err != nil {
		p.ssoRefused(c, pg, err)
		return
	}
	if next = localPath(next); next == "" {
		next = homeFor(Role(u.Role))
	}
	c.Redirect(http.StatusSeeOther, next)
}

// ssoRefused shows the sign-in page with why single sign-on failed, in
// the user's language (the detail, for the admin, goes to the log).
func (p *pages) ssoRefused(c *gin.Context, pg Page, err error) {
	var r *auth.SSORefusal
	if !errors.As(err, &r) {
		p.problem(c, pg, err)
		return
	}
	p.log.Warn("single sign-on refused", "reason", r.Reason, "err", r.Err, "request_id", c.Writer.Header().Get(auth.RequestIDHeader))
	data, lerr := p.loginData(c, "")
	if lerr != nil {
		p.problem(c, pg, lerr)
		return
	}
	data.Error = pg.T("login.error.sso_" + r.Reason)
	status := auth.Status(fault.CodeOf(err))
	pg.Title = pg.T("login.title")
	pg.Data = data
	p.write(c, status, "login", pg)
}

func (p *pages) logout(c *gin.Context, pg Page) {
	if err := p.auth.Logout(c); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathLogin+"?bye=1")
}

// setLocale saves the language chosen with the switch: on the user when
// signed in, and in a cookie for the login page.
func (p *pages) setLocale(c *gin.Context, pg Page) {
	l, ok := ParseLocale(c.PostForm("locale"))
	if !ok {
		p.problem(c, pg, refuse(fault.Invalid, "error.400"))
		return
	}
	if pr := auth.Current(c); pr != nil && pr.User.Locale != string(l) {
		u := *pr.User
		u.Locale = string(l)
		if err := p.store.UpdateUser(c.Request.Context(), pr.Actor(), &u); err != nil {
			p.problem(c, pg, err)
			return
		}
	}
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie(localeCookie, string(l), 365*24*3600, "/", "", p.secure, true)
	next := localPath(c.PostForm("next"))
	if next == "" || next == PathLocale {
		next = PathHome
	}
	c.Redirect(http.StatusSeeOther, next)
}
