package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"wfm/auth"
	"wfm/connector"
	"wfm/store"
)

// config is the whole of the product's configuration, read from the
// environment in one place (flags override it where a command has them).
type config struct {
	DatabaseURL  string        // WFM_DATABASE_URL: file:wfm.db (SQLite) or postgres://...
	Addr         string        // WFM_ADDR
	LogLevel     slog.Level    // WFM_LOG_LEVEL: debug|info|warn|error
	LogFormat    string        // WFM_LOG_FORMAT: text|json
	SessionTTL   time.Duration // WFM_SESSION_TTL
	SecureCookie bool          // WFM_SECURE_COOKIE: true behind HTTPS
	Jobs         bool          // WFM_JOBS: run jobs in this process (false: serve HTTP, only queue jobs)
	Workers      int           // WFM_WORKERS: how many jobs this process runs at once
	Connections  int           // WFM_DB_CONNECTIONS: PostgreSQL connections this process keeps open at most
	// RescueAfter (WFM_JOB_RESCUE_AFTER) is how long a job may run before
	// River takes its replica for dead and runs it on another; 0: the
	// engine's default (the longest job timeout plus 5 minutes).
	RescueAfter time.Duration
	// TrustedProxies (WFM_TRUSTED_PROXIES: addresses or CIDRs, comma
	// separated) are the reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []string
	// TrustedOrigins (WFM_TRUSTED_ORIGINS: comma separated) may send
	// unsafe requests from a browser although their host is not the
	// request's (behind a reverse proxy that rewrites the host).
	TrustedOrigins []string
	MetricsToken   string // WFM_METRICS_TOKEN: the bearer token GET /metrics wants
	MetricsAddr    string // WFM_METRICS_ADDR: a listener of its own for /metrics, without token
	// SSO is single sign-on through OpenID Connect (WFM_OIDC_*); nil when
	// WFM_OIDC_ISSUER is empty.
	SSO *auth.SSOConfig
	// Credentials (WFM_CREDENTIALS_KEY) seals the connectors' platform
	// credentials at rest; nil when the key is not set.
	Credentials *connector.Sealer
}

// configVars documents every variable with its default, for the README
// and `wfm serve -h`.
var configVars = []struct{ name, def, about string }{
	{"WFM_DATABASE_URL", "file:wfm.db", "database: a SQLite file DSN, or postgres://user:pass@host/db"},
	{"WFM_ADDR", ":8080", "address the HTTP server listens on"},
	{"WFM_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"WFM_LOG_FORMAT", "text", "text or json"},
	{"WFM_SESSION_TTL", "12h", "how long a login lasts"},
	{"WFM_SECURE_COOKIE", "false", "mark the session cookie Secure (set true behind HTTPS)"},
	{"WFM_JOBS", "true", "run jobs in this process: the periodic jobs, their parts and roster builds, shared with the other replicas through the database's job queue (false: this replica serves HTTP and only queues jobs)"},
	{"WFM_WORKERS", "4", "how many jobs this process runs at once (with WFM_JOBS=true)"},
	{"WFM_DB_CONNECTIONS", "32", "PostgreSQL connections this process keeps open at most, idle or busy (past them a request waits for one); every replica's, plus River's pools, must stay under the server's max_connections"},
	{"WFM_JOB_RESCUE_AFTER", "", "how long a job may run before it is taken for dead (its replica killed) and run again on another replica; every job's timeout is cut to this less half of it (at most 5m); empty: the longest job timeout plus 5m (35m); all replicas should agree"},
	{"WFM_METRICS_TOKEN", "", "bearer token for GET /metrics on the main address (at least 16 characters); unset: the main address serves no metrics"},
	{"WFM_METRICS_ADDR", "", "address of a listener serving only /metrics, without token (e.g. 127.0.0.1:9090: one only the scraper reaches); unset: none"},
	{"WFM_OIDC_ISSUER", "", "single sign-on: the OpenID Connect provider's issuer URL (discovery at ISSUER/.well-known/openid-configuration); empty: passwords only"},
	{"WFM_OIDC_CLIENT_ID", "", "single sign-on: this product's client id at the provider"},
	{"WFM_OIDC_CLIENT_SECRET", "", "single sign-on: the client secret"},
	{"WFM_OIDC_REDIRECT_URL", "", "single sign-on: the callback as registered at the provider, https://HOST/auth/oidc/callback"},
	{"WFM_OIDC_SCOPES", "openid profile email", "single sign-on: the scopes asked for (space-separated; add groups where the provider needs it)"},
	{"WFM_OIDC_ROLE_CLAIM", "", "single sign-on: a claim whose value is the wfm role (agent, supervisor, manager, admin); wins over the groups"},
	{"WFM_OIDC_GROUPS_CLAIM", "groups", "single sign-on: the claim holding the user's groups"},
	{"WFM_OIDC_GROUP_ROLES", "", "single sign-on: groups to roles, GROUP=ROLE,GROUP=ROLE; the highest role among a user's groups is hers"},
	{"WFM_OIDC_USERNAME_CLAIM", "preferred_username", "single sign-on: the claim that is the user name here (email, then sub, when it is missing)"},
	{"WFM_OIDC_AGENT_CLAIM", "", "single sign-on: a claim holding the agent code that links a user to her agent; empty: admins link users to agents"},
	{"WFM_OIDC_LINK_BY_USERNAME", "false", "single sign-on: a first sign-in takes over an existing user of the same name (only if the provider's names are trusted)"},
	{"WFM_TRUSTED_ORIGINS", "", "origins (scheme://host[:port], comma-separated) from which browsers may POST although the request's host differs: behind a reverse proxy that rewrites the host; empty: same origin only"},
	{"WFM_CREDENTIALS_KEY", "", "key that encrypts the contact-center connectors' credentials at rest (AES-256-GCM): 32 random bytes in base64 or hex, e.g. openssl rand -base64 32; keep it with the database's backups, apart from them; unset: credentials cannot be saved and connectors do not run"},
	{"WFM_SMTP_HOST", "", "notifications by email: the SMTP server's host; empty: email is off (notifications stay in the list)"},
	{"WFM_SMTP_PORT", "587", "notifications by email: the SMTP server's port (465 with WFM_SMTP_TLS=tls)"},
	{"WFM_SMTP_USERNAME", "", "notifications by email: the SMTP user name; empty: no authentication"},
	{"WFM_SMTP_PASSWORD", "", "notifications by email: the SMTP password"},
	{"WFM_SMTP_FROM", "", "notifications by email: the sender's address (required with WFM_SMTP_HOST); its domain ends the Message-IDs"},
	{"WFM_SMTP_TLS", "starttls", "notifications by email: none, starttls (required STARTTLS) or tls (TLS from the start)"},
	{"WFM_TRUSTED_PROXIES", "", "reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For / X-Real-IP name the client; empty: none, the peer's address is the client's"},
}

// loadConfig reads the environment and validates the result. It collects
// every problem before answering, so that one start names them all; the
// steps below go in the order the problems are listed.
func loadConfig(getenv func(string) string) (config, error) {
	r := configReader{getenv: getenv}
	var c config
	c.DatabaseURL = r.get("WFM_DATABASE_URL")
	c.Addr = r.get("WFM_ADDR")
	c.LogFormat = r.get("WFM_LOG_FORMAT")
	r.observability(&c)
	r.limits(&c)
	r.switches(&c)
	r.trusted(&c)
	if sealer, err := connector.NewSealer(r.get("WFM_CREDENTIALS_KEY")); err != nil {
		r.problem(err.Error())
	} else {
		c.Credentials = sealer
	}
	sso, ssoProblems := loadSSO(r.get)
	c.SSO, r.problems = sso, append(r.problems, ssoProblems...)
	if c.LogFormat != "text" && c.LogFormat != "json" {
		r.problem("WFM_LOG_FORMAT: want text or json")
	}
	if c.Addr == "" {
		r.problem("WFM_ADDR: empty")
	}
	if c.DatabaseURL == "" {
		r.problem("WFM_DATABASE_URL: empty")
	}
	if len(r.problems) > 0 {
		return c, fmt.Errorf("configuration: %s", strings.Join(r.problems, "; "))
	}
	return c, nil
}

// configReader reads the variables, with configVars' defaults, and
// collects what is wrong with them.
type configReader struct {
	getenv   func(string) string
	problems []string
}

// get is the variable's value, or its default in configVars when unset.
func (r *configReader) get(name string) string {
	if v := r.getenv(name); v != "" {
		return v
	}
	for _, cv := range configVars {
		if cv.name == name {
			return cv.def
		}
	}
	return ""
}

func (r *configReader) problem(p string) { r.problems = append(r.problems, p) }

// observability reads the metrics endpoint and the log level.
func (r *configReader) observability(c *config) {
	c.MetricsToken, c.MetricsAddr = r.get("WFM_METRICS_TOKEN"), r.get("WFM_METRICS_ADDR")
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		r.problem("WFM_METRICS_TOKEN: want at least 16 characters (e.g. from openssl rand -hex 16)")
	}
	if _, _, err := net.SplitHostPort(c.MetricsAddr); c.MetricsAddr != "" && err != nil {
		r.problem("WFM_METRICS_ADDR: want host:port, e.g. 127.0.0.1:9090")
	}
	if err := c.LogLevel.UnmarshalText([]byte(r.get("WFM_LOG_LEVEL"))); err != nil {
		r.problem("WFM_LOG_LEVEL: want debug, info, warn or error")
	}
}

// limits reads the durations and sizes: sessions, workers, connections
// and when a stuck job is rescued.
func (r *configReader) limits(c *config) {
	ttl, err := time.ParseDuration(r.get("WFM_SESSION_TTL"))
	if err != nil || ttl < time.Minute {
		r.problem("WFM_SESSION_TTL: want a duration of at least 1m, e.g. 12h")
	}
	c.SessionTTL = ttl
	if n, err := strconv.Atoi(r.get("WFM_WORKERS")); err != nil || n < 1 || n > 256 {
		r.problem("WFM_WORKERS: want a number of jobs from 1 to 256")
	} else {
		c.Workers = n
	}
	if n, err := strconv.Atoi(r.get("WFM_DB_CONNECTIONS")); err != nil || n < 2 || n > 1000 {
		r.problem("WFM_DB_CONNECTIONS: want a number of connections from 2 to 1000")
	} else {
		c.Connections = n
	}
	if v := r.get("WFM_JOB_RESCUE_AFTER"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 10*time.Second {
			r.problem("WFM_JOB_RESCUE_AFTER: want a duration of at least 10s, e.g. 10m")
		}
		c.RescueAfter = d
	}
}

// switches reads the true/false variables.
func (r *configReader) switches(c *config) {
	for name, dst := range map[string]*bool{"WFM_SECURE_COOKIE": &c.SecureCookie, "WFM_JOBS": &c.Jobs} {
		switch strings.ToLower(r.get(name)) {
		case "true", "1", "yes":
			*dst = true
		case "false", "0", "no":
			*dst = false
		default:
			r.problem(name + ": want true or false")
		}
	}
}

// trusted reads the reverse proxies whose forwarding headers are believed
// and the origins cross-site requests may come from.
func (r *configReader) trusted(c *config) {
	for _, p := range strings.Split(r.get("WFM_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := netip.ParseAddr(p); err != nil {
			if _, err := netip.ParsePrefix(p); err != nil {
				r.problem(fmt.Sprintf("WFM_TRUSTED_PROXIES: %q is not an address or a CIDR (e.g. 10.0.0.1, 10.0.0.0/8)", p))
				continue
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	for _, o := range strings.Split(r.get("WFM_TRUSTED_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			r.problem(fmt.Sprintf("WFM_TRUSTED_ORIGINS: %q is not an origin (scheme://host[:port], e.g. https://wfm.example.com)", o))
			continue
		}
		c.TrustedOrigins = append(c.TrustedOrigins, strings.TrimSuffix(o, "/"))
	}
}

// loadSSO reads the WFM_OIDC_* variables: nil without an issuer.
func loadSSO(get func(string) string) (*auth.SSOConfig, []string) {
	issuer := get("WFM_OIDC_ISSUER")
	if issuer == "" {
		return nil, nil
	}
	var problems []string
	c := &auth.SSOConfig{
		Issuer: issuer, ClientID: get("WFM_OIDC_CLIENT_ID"), ClientSecret: get("WFM_OIDC_CLIENT_SECRET"),
		RedirectURL: get("WFM_OIDC_REDIRECT_URL"), Scopes: strings.Fields(get("WFM_OIDC_SCOPES")),
		RoleClaim: get("WFM_OIDC_ROLE_CLAIM"), GroupsClaim: get("WFM_OIDC_GROUPS_CLAIM"),
		UsernameClaim: get("WFM_OIDC_USERNAME_CLAIM"), AgentClaim: get("WFM_OIDC_AGENT_CLAIM"),
	}
	if u, err := url.Parse(issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		problems = append(problems, "WFM_OIDC_ISSUER: want the provider's URL, e.g. https://login.example.com/realms/center")
	}
	if c.ClientID == "" {
		problems = append(problems, "WFM_OIDC_CLIENT_ID: required with WFM_OIDC_ISSUER")
	}
	if u, err := url.Parse(c.RedirectURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "/auth/oidc/callback" {
		problems = append(problems, "WFM_OIDC_REDIRECT_URL: want this server's callback, https://HOST/auth/oidc/callback")
	}
	roles, err := auth.ParseGroupRoles(get("WFM_OIDC_GROUP_ROLES"))
	if err != nil {
		problems = append(problems, "WFM_OIDC_GROUP_ROLES: "+err.Error())
	}
	c.GroupRoles = roles
	if c.RoleClaim == "" && len(roles) == 0 {
		problems = append(problems, "WFM_OIDC_ROLE_CLAIM or WFM_OIDC_GROUP_ROLES: one is needed, or nobody signing in gets a role")
	}
	switch strings.ToLower(get("WFM_OIDC_LINK_BY_USERNAME")) {
	case "true", "1", "yes":
		c.LinkByUsername = true
	case "false", "0", "no":
	default:
		problems = append(problems, "WFM_OIDC_LINK_BY_USERNAME: want true or false")
	}
	return c, problems
}

func (c config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// engineName is how logs name the database without its password.
func engineName(dsn string) string {
	if store.IsPostgres(dsn) {
		return "postgresql"
	}
	return "sqlite " + strings.TrimPrefix(dsn, "file:")
}
