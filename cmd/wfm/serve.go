package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wfm/api"
	"wfm/auth"
	"wfm/jobs"
	"wfm/notify"
	"wfm/rostering"
	"wfm/store"
	"wfm/web"
)

func serveCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "serve",
		Short: "run the HTTP server and the cron jobs",
		Long: "Runs the HTTP server (the web pages and the JSON API) and the periodic jobs.\n" +
			"Every setting is read from its WFM_* environment variable or given as a flag;\n" +
			"the flag wins.",
		Args: usageArgs(cobra.NoArgs),
	}
	c.RunE = func(c *cobra.Command, _ []string) error {
		cfg, err := loadConfig(e.getenv)
		if err != nil {
			return err
		}
		return serve(c.Context(), e, cfg, nil)
	}
	return c
}

// openSchema opens the store with its schema current: migrations run on
// SQLite (a file belongs to one process), while a PostgreSQL schema that
// is behind is refused: on a shared server the operator runs wfm migrate.
func openSchema(ctx context.Context, cfg config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	st.SetConnections(cfg.Connections)
	if st.Postgres() {
		pending, err := st.PendingMigrations(ctx)
		if err == nil && len(pending) > 0 {
			err = fmt.Errorf("the database schema is behind (%s): run `wfm migrate` first", strings.Join(pending, ", "))
		}
		if err != nil {
			st.Close()
			return nil, err
		}
		return st, nil
	}
	applied, err := st.Migrate(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "migrations", applied)
	}
	return st, nil
}

// serve runs the HTTP server and the job engine until ctx ends, then shuts
// down in order: the job engine (waiting for running jobs), HTTP, database. ready,
// when given, is told the server's URL once it listens.
func serve(ctx context.Context, e env, cfg config, ready func(url string)) error {
	log := cfg.logger(e.stderr)
	st, err := openSchema(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := assemble(ctx, e, cfg, st, log)
	if err != nil {
		return err
	}
	defer srv.engine.Close()
	ln, metricsLn, err := listen(cfg)
	if err != nil {
		return err
	}
	if err := srv.engine.Start(ctx); err != nil {
		ln.Close()
		if metricsLn != nil {
			metricsLn.Close()
		}
		return err
	}
	serveErr := make(chan error, 2)
	go func() { serveErr <- srv.http.Serve(ln) }()
	if metricsLn != nil {
		go func() { serveErr <- srv.metrics.Serve(metricsLn) }()
		log.Info("serving metrics", "url", "http://"+displayAddr(metricsLn.Addr().String())+"/metrics")
	}
	url := "http://" + displayAddr(ln.Addr().String())
	// The replica is the name the job list gives the process of each job.
	log.Info("serving", "url", url, "database", engineName(cfg.DatabaseURL), "jobs", cfg.Jobs, "workers", srv.workers, "replica", srv.engine.Replica())
	if ready != nil {
		ready(url)
	}

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("http server: %w", err)
	}
	srv.shutdown(log)
	return nil
}

// servers are what serve runs: the job engine, the HTTP server of the web
// pages and the API, and the metrics' own server.
type servers struct {
	engine        *jobs.Engine
	http, metrics *http.Server
	workers       int // jobs worked at a time here, 0 when this replica only queues
}

// assemble wires the job engine, the API and the web pages on st. The
// caller closes the engine.
func assemble(ctx context.Context, e env, cfg config, st *store.Store, log *slog.Logger) (*servers, error) {
	metrics := api.NewMetrics()
	// The job engine: every replica queues jobs (run now, roster builds);
	// with WFM_JOBS it also works them, WFM_WORKERS at a time.
	workers := 0
	if cfg.Jobs {
		workers = cfg.Workers
	}
	// Email of the notifications (WFM_SMTP_*; no host: email off).
	mail, err := notify.SMTPFromEnv(e.getenv)
	if err != nil {
		return nil, err
	}
	engine, err := jobs.New(ctx, jobs.Config{Store: st, Log: log, Observe: metrics.ObserveJob, Workers: workers, RescueAfter: cfg.RescueAfter, Mail: mail, Sealer: cfg.Credentials})
	if err != nil {
		return nil, err
	}
	// The two doors share who is asking (sessions, tokens) and the roster
	// builds running in this process.
	authn := auth.New(auth.Config{Store: st, SessionTTL: cfg.SessionTTL, SecureCookie: cfg.SecureCookie, SSO: cfg.SSO})
	builds := rostering.NewQueuedBuilds(st, log, engine)
	srv := api.New(api.Config{Store: st, Log: log, Jobs: engine, Metrics: metrics, Auth: authn, Builds: builds,
		TrustedProxies: cfg.TrustedProxies, TrustedOrigins: cfg.TrustedOrigins, MetricsToken: cfg.MetricsToken, Translate: web.Translate, Sealer: cfg.Credentials, EmailEnabled: mail.Enabled()})
	handler := srv.Engine()
	if err := web.Mount(handler, web.Config{Auth: authn, Builds: builds, Jobs: engine, NotFound: srv.NoRoute, Store: st, Log: log, SecureCookie: cfg.SecureCookie, Sealer: cfg.Credentials, EmailEnabled: mail.Enabled()}); err != nil {
		engine.Close()
		return nil, fmt.Errorf("web pages: %w", err)
	}
	return &servers{
		engine:  engine,
		http:    &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second},
		metrics: &http.Server{Handler: metrics, ReadHeaderTimeout: 10 * time.Second},
		workers: workers,
	}, nil
}

// listen opens the HTTP listener and, when asked for, the metrics one,
// which serves /metrics alone, without token: its address is one only the
// scraper reaches.
func listen(cfg config) (ln, metricsLn net.Listener, err error) {
	ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	if cfg.MetricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			ln.Close()
			return nil, nil, fmt.Errorf("listen on %s (WFM_METRICS_ADDR): %w", cfg.MetricsAddr, err)
		}
	}
	return ln, metricsLn, nil
}

// shutdown stops the job engine first, then HTTP, giving them a minute
// together. Running jobs finish, or are cancelled and handed back to the
// queue (another replica, or this one when it comes back, runs them again).
func (s *servers) shutdown(log *slog.Logger) {
	log.Info("shutting down")
	stopCtx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.engine.Stop(stopCtx); err != nil {
		log.Error("job engine stop", "err", err)
	}
	if err := s.http.Shutdown(stopCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("http shutdown", "err", err)
	}
	if err := s.metrics.Shutdown(stopCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("metrics shutdown", "err", err)
	}
	log.Info("stopped")
}

// displayAddr makes a listen address clickable: ":8080" -> "localhost:8080".
func displayAddr(a string) string {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return a
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
