package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"wfm/version"
)

// latencyBuckets are the upper bounds (seconds) of the latency histograms:
// from a cached page (5 ms) to a roster build started synchronously (10 s).
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// jobBuckets reach further: a nightly forecast of every queue takes minutes.
var jobBuckets = []float64{0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600}

// Metrics is the product's Prometheus registry: requests by route and
// status, cron job runs by job and outcome, the build, and the Go runtime
// and process collectors every Go service exposes. A registry of its own
// (not the global default) so that tests and several servers in one
// process do not share counts.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
	jobs     *prometheus.HistogramVec
	events   *prometheus.CounterVec
	imports  *prometheus.CounterVec
	handle   http.Handler
}

// NewMetrics is a registry with nothing observed yet.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wfm_http_request_duration_seconds",
			Help:    "HTTP requests by route and status.",
			Buckets: latencyBuckets,
		}, []string{"method", "route", "status"}),
		jobs: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wfm_job_run_duration_seconds",
			Help:    "Cron job runs by job and outcome.",
			Buckets: jobBuckets,
		}, []string{"job", "outcome"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wfm_agent_events_total",
			Help: "Agent state events received from the live feed, by outcome (accepted, duplicate, refused).",
		}, []string{"outcome"}),
		imports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wfm_import_rows_total",
			Help: "Rows taken by imports, by kind (history, contacts, states).",
		}, []string{"kind"}),
	}
	b := version.Get()
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "wfm_build_info",
		Help: "The running build: always 1, its labels name it.",
	}, []string{"version", "commit", "goversion"})
	build.WithLabelValues(b.Version, b.Commit, b.GoVersion).Set(1)
	m.registry.MustRegister(m.requests, m.jobs, m.events, m.imports, build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handle = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
	return m
}

// ObserveJob records a job run (the jobs runner calls it).
func (m *Metrics) ObserveJob(job, outcome string, d time.Duration) {
	m.jobs.WithLabelValues(job, outcome).Observe(d.Seconds())
}

// ObserveAgentEvents counts a batch of the live feed.
func (m *Metrics) ObserveAgentEvents(accepted, duplicates, refused int) {
	m.events.WithLabelValues("accepted").Add(float64(accepted))
	m.events.WithLabelValues("duplicate").Add(float64(duplicates))
	m.events.WithLabelValues("refused").Add(float64(refused))
}

// ObserveImport counts the rows an import took.
func (m *Metrics) ObserveImport(kind string, rows int) {
	m.imports.WithLabelValues(kind).Add(float64(rows))
}

func (m *Metrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		// The route pattern, never the path: /api/v1/agents/:id is one
		// series, not one per agent.
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).
			Observe(time.Since(start).Seconds())
	}
}

// handler serves GET /metrics on the main listener (behind the metrics token).
func (m *Metrics) handler(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	m.handle.ServeHTTP(c.Writer, c.Request)
}

// ServeHTTP serves GET /metrics, without credentials, on a listener of its
// own (WFM_METRICS_ADDR): an address only the scraper can reach.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/metrics" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	m.handle.ServeHTTP(w, r)
}
