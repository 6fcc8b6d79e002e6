package api

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// latencyBuckets are the upper bounds (seconds) of the request latency
// histogram.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Metrics counts requests by route and status with their latencies, and
// job runs by job and outcome, in the Prometheus text format.
type Metrics struct {
	mu       sync.Mutex
	requests map[requestKey]*histogram
	jobs     map[jobKey]*histogram
}

type requestKey struct{ method, route, status string }
type jobKey struct{ job, outcome string }

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	total  uint64
}

func (h *histogram) observe(v float64) {
	if h.counts == nil {
		h.counts = make([]uint64, len(latencyBuckets))
	}
	for i, b := range latencyBuckets {
		if v <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += v
	h.total++
}

// NewMetrics is an empty registry.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[requestKey]*histogram{}, jobs: map[jobKey]*histogram{}}
}

// ObserveJob records a job run (the jobs runner calls it).
func (m *Metrics) ObserveJob(job, outcome string, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := jobKey{job, outcome}
	if m.jobs[k] == nil {
		m.jobs[k] = &histogram{}
	}
	m.jobs[k].observe(d.Seconds())
}

func (m *Metrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		k := requestKey{c.Request.Method, route, strconv.Itoa(c.Writer.Status())}
		m.mu.Lock()
		if m.requests[k] == nil {
			m.requests[k] = &histogram{}
		}
		m.requests[k].observe(time.Since(start).Seconds())
		m.mu.Unlock()
	}
}

func (m *Metrics) handler(c *gin.Context) {
	c.Header("Content-Type", "text/plain; version=0.0.4")
	c.String(http.StatusOK, m.text())
}

// ServeHTTP serves GET /metrics, without credentials, on a listener of its
// own (WFM_METRICS_ADDR): an address only the scraper can reach.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/metrics" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, m.text())
}

// text renders every series, sorted so that scrapes are stable.
func (m *Metrics) text() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString("# HELP wfm_http_request_duration_seconds HTTP requests by route and status.\n# TYPE wfm_http_request_duration_seconds histogram\n")
	reqKeys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqKeys = append(reqKeys, k)
	}
	sort.Slice(reqKeys, func(i, j int) bool {
		return fmt.Sprint(reqKeys[i]) < fmt.Sprint(reqKeys[j])
	})
	for _, k := range reqKeys {
		writeHistogram(&b, "wfm_http_request_duration_seconds",
			fmt.Sprintf(`method=%q,route=%q,status=%q`, k.method, k.route, k.status), m.requests[k])
	}
	b.WriteString("# HELP wfm_job_run_duration_seconds Cron job runs by job and outcome.\n# TYPE wfm_job_run_duration_seconds histogram\n")
	jobKeys := make([]jobKey, 0, len(m.jobs))
	for k := range m.jobs {
		jobKeys = append(jobKeys, k)
	}
	sort.Slice(jobKeys, func(i, j int) bool { return fmt.Sprint(jobKeys[i]) < fmt.Sprint(jobKeys[j]) })
	for _, k := range jobKeys {
		writeHistogram(&b, "wfm_job_run_duration_seconds", fmt.Sprintf(`job=%q,outcome=%q`, k.job, k.outcome), m.jobs[k])
	}
	return b.String()
}

func writeHistogram(b *strings.Builder, name, labels string, h *histogram) {
	var cum uint64
	for i, le := range latencyBuckets {
		cum += h.counts[i]
		fmt.Fprintf(b, "%s_bucket{%s,le=\"%g\"} %d\n", name, labels, le, cum)
	}
	fmt.Fprintf(b, "%s_bucket{%s,le=\"+Inf\"} %d\n", name, labels, h.total)
	fmt.Fprintf(b, "%s_sum{%s} %g\n", name, labels, h.sum)
	fmt.Fprintf(b, "%s_count{%s} %d\n", name, labels, h.total)
}
