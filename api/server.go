package api

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
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

// Jobs is what the API needs of the job engine.
type Jobs interface {
	List() []jobs.Info
	RunNow(ctx context.Context, name string) (jobs.Run, error)
	Runs(ctx context.Context, job string, limit int) ([]jobs.Run, error)
}

// Config is what the server is built from.
type Config struct {
	Store   *store.Store
	Log     *slog.Logger
	Jobs    Jobs
	Metrics *Metrics
	// Auth authenticates requests and keeps sessions (shared with the web
	// pages); one with the defaults when nil.
	Auth *auth.Service
	// Builds runs roster builds (shared with the web pages); one of its
	// own when nil.
	Builds *rostering.Builds
	// TrustedProxies are the addresses and CIDRs of the reverse proxies
	// whose X-Forwarded-For / X-Real-IP are believed; none when empty, so
	// a client's address is its TCP peer's and no header can change it.
	TrustedProxies []string
	// MetricsToken is the bearer token GET /metrics wants; when empty,
	// the API serves no metrics (a separate listener may: Metrics is an
	// http.Handler).
	MetricsToken string
	// TrustedOrigins are origins ("https://wfm.example.com") from which
	// browsers may send unsafe requests although their host differs from
	// the request's (a reverse proxy that rewrites the host).
	TrustedOrigins []string
	Now            func() time.Time
	// Translate says a message of the interface's catalogs in a locale
	// (web.Translate): the calendar feed speaks its agent's language.
	// Nil: the feed speaks English.
	Translate func(locale, key string, args ...any) string
	// Sealer seals the connectors' credentials (WFM_CREDENTIALS_KEY); nil:
	// no key, and credentials are refused.
	Sealer *connector.Sealer
	// EmailEnabled: the jobs send email (WFM_SMTP_HOST is set); the
	// notification settings say so.
	EmailEnabled bool
}

// Server is the JSON API.
type Server struct {
	store      *store.Store
	log        *slog.Logger
	jobs       Jobs
	metrics    *Metrics
	auth       *auth.Service
	builds     *rostering.Builds
	proxies    []string
	origins    []string
	metricsKey string
	now        func() time.Time
	translate  func(locale, key string, args ...any) string
	sealer     *connector.Sealer
	emailOn    bool
}

// New builds the server.
func New(cfg Config) *Server {
	s := &Server{store: cfg.Store, log: cfg.Log, jobs: cfg.Jobs, metrics: cfg.Metrics, auth: cfg.Auth, builds: cfg.Builds,
		proxies: cfg.TrustedProxies, origins: cfg.TrustedOrigins, metricsKey: cfg.MetricsToken, now: cfg.Now, translate: cfg.Translate, sealer: cfg.Sealer, emailOn: cfg.EmailEnabled}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.metrics == nil {
		s.metrics = NewMetrics()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.auth == nil {
		s.auth = auth.New(auth.Config{Store: cfg.Store, Now: cfg.Now})
	}
	if s.builds == nil {
		s.builds = rostering.NewBuilds(cfg.Store, s.log)
	}
	return s
}

// Auth is the server's authentication (the web pages share it).
func (s *Server) Auth() *auth.Service { return s.auth }

// Builds is the server's roster build runner (the web pages share it;
// shutdown waits for it).
func (s *Server) Builds() *rostering.Builds { return s.builds }

// Engine is a gin engine with every route of the table mounted. Web pages
// are added to it by the web package.
func (s *Server) Engine() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	installTextValidator()
	r := gin.New()
	// gin believes forwarding headers from every peer unless told whom to
	// trust: then anyone picks the address the login limiter counts.
	if err := r.SetTrustedProxies(s.proxies); err != nil {
		s.log.Error("trusted proxies refused: trusting none", "proxies", s.proxies, "err", err)
		_ = r.SetTrustedProxies(nil)
	}
	crossOrigin, err := auth.CrossOrigin(s.origins, func(c *gin.Context, err error) { fail(c, s.log, err) })
	if err != nil {
		s.log.Error("trusted origins refused: trusting none", "origins", s.origins, "err", err)
		crossOrigin, _ = auth.CrossOrigin(nil, func(c *gin.Context, err error) { fail(c, s.log, err) })
	}
	r.Use(auth.RequestID, apiHeaders, s.recoverer(), s.metrics.middleware(), crossOrigin)
	for _, rt := range s.routes() {
		handlers := []gin.HandlerFunc{s.cleanRequest, s.guard(rt.Role)}
		if rt.NeedsSession() {
			handlers = append(handlers, s.needSession)
		}
		r.Handle(rt.Method, rt.Path, append(handlers, rt.Handle)...)
	}
	r.NoRoute(s.NoRoute)
	return r
}

// NoRoute answers a request no route matches with the API's JSON 404. The
// web package puts its own handler in front, which sends page paths an
// HTML page and everything else here.
func (s *Server) NoRoute(c *gin.Context) {
	fail(c, s.log, fault.Errorf(fault.NotFound, "no such route %s %s", c.Request.Method, c.Request.URL.Path))
}

// Route is one entry of the route table.
type Route struct {
	Method  string
	Path    string
	Role    string // the least role allowed; Public for everyone
	Summary string
	In      any // request body type (for the OpenAPI document), nil if none
	Out     any // response body type
	Handle  gin.HandlerFunc
}

// Public marks a route anyone may call.
const Public = auth.Public

// sessionRoutes are the routes a person calls herself, logged in: an API
// token may not, so that a token (an integration's, or one that leaked)
// cannot mint more tokens, whose life would outlast its own.
var sessionRoutes = map[string]bool{"POST /api/v1/tokens": true}

// NeedsSession tells whether the route refuses API tokens (a session only).
func (rt Route) NeedsSession() bool { return sessionRoutes[rt.Method+" "+rt.Path] }

// needSession refuses a caller who came with an API token.
func (s *Server) needSession(c *gin.Context) {
	if principal(c).ByToken {
		fail(c, s.log, fault.Errorf(fault.Forbidden, "%s %s needs you logged in (a session cookie), not an API token", c.Request.Method, c.FullPath()))
		return
	}
	c.Next()
}

// Routes is the route table (for the web package's tests and the OpenAPI
// document).
func (s *Server) Routes() []Route { return s.routes() }

// routes is every route of the API with the role it needs, one table per
// area of the product. Scope (an agent sees herself, a supervisor her
// teams) is enforced inside the handlers and the store queries they call.
func (s *Server) routes() []Route {
	var all []Route
	for _, area := range [][]Route{
		s.coreRoutes(),     // health, auth, the center's entities, imports, jobs, audit
		s.planningRoutes(), // forecasts and staffing requirements (planning_routes.go)
		s.rosterRoutes(),   // schedules, time off, swaps (roster_routes.go)
		s.notifyRoutes(),   // notifications, their settings, webhooks (notify.go)
		s.kpiRoutes(),      // KPIs, quality, complaints, reviews, strain (kpi_routes.go)
		s.intradayRoutes(), // the live agent state feed (events.go)
		s.offerRoutes(),    // overtime and time off offers (offers.go)
		s.capacityRoutes(), // long-range capacity plans (capacity.go)
		s.exportRoutes(),   // spreadsheet exports, .xlsx (export_xlsx.go)
	} {
		all = append(all, area...)
	}
	return all
}

// Roles, as the route tables name them.
const (
	agent      = store.RoleAgent
	supervisor = store.RoleSupervisor
	manager    = store.RoleManager
	admin      = store.RoleAdmin
)

// coreRoutes are the foundation's routes.
func (s *Server) coreRoutes() []Route {
	return []Route{
		{"GET", "/healthz", Public, "the process is up", nil, statusBody{}, s.healthz},
		{"GET", "/readyz", Public, "the database answers and its schema is current", nil, statusBody{}, s.readyz},
		{"GET", "/metrics", Public, "Prometheus metrics, for Authorization: Bearer $WFM_METRICS_TOKEN (404 when it is not set)", nil, nil, s.serveMetrics},
		{"GET", "/api/v1/openapi.json", Public, "this API's OpenAPI document", nil, map[string]any{}, s.openAPI},
		{"GET", "/api/docs", Public, "this API's reference, a page: the OpenAPI document readable (no script)", nil, nil, s.docs},

		{"POST", "/api/v1/login", Public, "log in: sets the session cookie, returns the CSRF token", loginRequest{}, loginResponse{}, s.login},
		{"POST", "/api/v1/logout", agent, "log out", nil, nil, s.logout},
		{"GET", "/api/v1/me", agent, "who I am and what I may see", nil, meResponse{}, s.me},
		{"GET", "/api/v1/tokens", agent, "my API tokens", nil, []store.APIToken{}, s.listTokens},
		{"POST", "/api/v1/tokens", agent, "mint an API token for me (the secret is shown once; expires_in_days 1-365, default 90); a session only, not a token", tokenRequest{}, tokenResponse{}, s.createToken},
		{"DELETE", "/api/v1/tokens/:id", agent, "revoke one of my API tokens", nil, nil, s.deleteToken},
		{"GET", "/api/v1/sign-in-settings", admin, "how people sign in: single sign-on (read only) and passwords", nil, signInSettings{}, s.getSignInSettings},
		{"PUT", "/api/v1/sign-in-settings", admin, "allow or forbid sign-in with a password (forbidding needs single sign-on)", signInSettings{}, signInSettings{}, s.setSignInSettings},

		{"GET", "/api/v1/sites", agent, "sites", nil, []store.Site{}, s.listSites},
		{"GET", "/api/v1/sites/:id", agent, "a site", nil, store.Site{}, s.getSite},
		{"POST", "/api/v1/sites", admin, "create a site", store.Site{}, store.Site{}, s.createSite},
		{"PUT", "/api/v1/sites/:id", admin, "update a site (send the version you read)", store.Site{}, store.Site{}, s.updateSite},
		{"DELETE", "/api/v1/sites/:id", admin, "delete a site (?version=)", nil, nil, s.deleteSite},

		{"GET", "/api/v1/connectors", admin, "every site's pull connector to its contact-center platform (README: Connecting your center); credentials are never shown, only whether they are set", nil, []connector.Settings{}, s.listConnectors},
		{"GET", "/api/v1/sites/:id/connector", admin, "a site's pull connector", nil, connector.Settings{}, s.getConnector},
		{"PUT", "/api/v1/sites/:id/connector", admin, "create or replace a site's pull connector (Amazon Connect); the credentials are sealed with WFM_CREDENTIALS_KEY, refused without it, kept when left empty", connector.Input{}, connector.Settings{}, s.saveConnector},
		{"DELETE", "/api/v1/sites/:id/connector", admin, "remove a site's pull connector and its credentials", nil, nil, s.deleteConnector},
		{"POST", "/api/v1/sites/:id/connector/pull", admin, "fetch a site's intervals from its platform now, as the acd-pull job does", nil, pullResult{}, s.pullConnector},

		{"GET", "/api/v1/skills", agent, "skills", nil, []store.Skill{}, s.listSkills},
		{"GET", "/api/v1/skills/:id", agent, "a skill", nil, store.Skill{}, s.getSkill},
		{"POST", "/api/v1/skills", admin, "create a skill", store.Skill{}, store.Skill{}, s.createSkill},
		{"PUT", "/api/v1/skills/:id", admin, "update a skill", store.Skill{}, store.Skill{}, s.updateSkill},
		{"DELETE", "/api/v1/skills/:id", admin, "delete a skill (?version=)", nil, nil, s.deleteSkill},

		{"GET", "/api/v1/queues", agent, "queues and their service goals", nil, []store.Queue{}, s.listQueues},
		{"GET", "/api/v1/queues/:id", agent, "a queue", nil, store.Queue{}, s.getQueue},
		{"POST", "/api/v1/queues", admin, "create a queue", store.Queue{}, store.Queue{}, s.createQueue},
		{"PUT", "/api/v1/queues/:id", admin, "update a queue", store.Queue{}, store.Queue{}, s.updateQueue},
		{"DELETE", "/api/v1/queues/:id", admin, "delete a queue (?version=)", nil, nil, s.deleteQueue},

		{"GET", "/api/v1/teams", agent, "teams in my scope", nil, []store.Team{}, s.listTeams},
		{"GET", "/api/v1/teams/:id", supervisor, "a team in my scope", nil, store.Team{}, s.getTeam},
		{"POST", "/api/v1/teams", admin, "create a team", store.Team{}, store.Team{}, s.createTeam},
		{"PUT", "/api/v1/teams/:id", admin, "update a team", store.Team{}, store.Team{}, s.updateTeam},
		{"DELETE", "/api/v1/teams/:id", admin, "delete a team (?version=)", nil, nil, s.deleteTeam},

		{"GET", "/api/v1/agents", agent, "agents in my scope", nil, []store.Agent{}, s.listAgents},
		{"GET", "/api/v1/agents/:id", agent, "an agent in my scope", nil, store.Agent{}, s.getAgent},
		{"POST", "/api/v1/agents", admin, "create an agent", store.Agent{}, store.Agent{}, s.createAgent},
		{"PUT", "/api/v1/agents/:id", admin, "update an agent", store.Agent{}, store.Agent{}, s.updateAgent},
		{"DELETE", "/api/v1/agents/:id", admin, "delete an agent (?version=)", nil, nil, s.deleteAgent},

		{"GET", "/api/v1/users", admin, "users", nil, []store.User{}, s.listUsers},
		{"GET", "/api/v1/users/:id", admin, "a user", nil, store.User{}, s.getUser},
		{"POST", "/api/v1/users", admin, "create a user", userRequest{}, store.User{}, s.createUser},
		{"PUT", "/api/v1/users/:id", admin, "update a user (password optional)", userRequest{}, store.User{}, s.updateUser},
		{"DELETE", "/api/v1/users/:id", admin, "delete a user (?version=)", nil, nil, s.deleteUser},

		{"POST", "/api/v1/imports/:kind", manager, "import a history, contacts or states CSV (CONTRACTS.md 1, 5), a multipart field file or the body itself; ?tz=ZONE; history: ?interval= its intervals' length (default: the smallest spacing in the file); a vendor's report: ?preset=NAME or a multipart field mapping (README: Connecting your center)", nil, store.ImportResult{}, s.importCSV},
		{"GET", "/api/v1/history", supervisor, "interval history (?queue_id=&from=&to= times, &tz= their zone)", nil, []store.HistoryInterval{}, s.listHistory},
		{"GET", "/api/v1/contacts", agent, "contact records in my scope (?queue_id=&agent_id=&from=&to= times, &tz= their zone, &limit=)", nil, []store.Contact{}, s.listContacts},
		{"GET", "/api/v1/agent-states", agent, "agent states in my scope (?agent_id=&from=&to= times, &tz= their zone)", nil, []store.AgentStateRecord{}, s.listStates},

		{"GET", "/api/v1/jobs", manager, "the catalog's periodic jobs", nil, []jobs.Info{}, s.listJobs},
		{"GET", "/api/v1/jobs/runs", manager, "the job engine's jobs, newest first: queued, running, retried, failed, done (?job=&limit=)", nil, []jobs.Run{}, s.listJobRuns},
		{"POST", "/api/v1/jobs/:name/run", admin, "queue a job now", nil, jobs.Run{}, s.runJob},
		{"GET", "/api/v1/audit", admin, "the audit log (?entity=&entity_id=&limit=)", nil, []store.AuditEntry{}, s.listAudit},
	}
}

// apiHeaders marks every answer of the API and the operations endpoints:
// a browser must not guess another type than the one declared (a JSON
// string read as HTML), and no cache may keep what carries people's data.
// Pages set their own (web.SetPageHeaders); the assets under /static/ are
// cached by design.
func apiHeaders(c *gin.Context) {
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/readyz" || p == "/metrics" {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// serveMetrics serves the metrics to the holder of the metrics token only:
// route names, volumes and timings tell an outsider too much.
func (s *Server) serveMetrics(c *gin.Context) {
	if s.metricsKey == "" {
		fail(c, s.log, fault.Errorf(fault.NotFound, "metrics are not served here: set WFM_METRICS_TOKEN (and send it as a bearer token) or WFM_METRICS_ADDR"))
		return
	}
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.metricsKey)) != 1 {
		fail(c, s.log, fault.Errorf(fault.Unauthorized, "metrics need Authorization: Bearer <WFM_METRICS_TOKEN>"))
		return
	}
	s.metrics.handler(c)
}

// recoverer turns a panic in a handler into a logged internal error.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic in handler", "path", c.Request.URL.Path, "panic", v)
				c.AbortWithStatusJSON(http.StatusInternalServerError, errorBody{Error: errorDetail{Code: fault.Internal, Message: "internal error"}})
			}
		}()
		c.Next()
	}
}
