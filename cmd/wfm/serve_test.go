package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"wfm/store"
	"wfm/store/storetest"
)

func testEnv(getenv map[string]string) (env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return getenv[k] }}, &out, &errb
}

// TestServeAnswersThenStopsInOrder starts the real server on a free port,
// checks it answers, and cancels it as SIGTERM would.
func TestServeAnswersThenStopsInOrder(t *testing.T) {
	dsn := storetest.DSN(t, storetest.SQLite)
	e, _, logs := testEnv(map[string]string{"WFM_DATABASE_URL": dsn, "WFM_ADDR": "127.0.0.1:0"})
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, e, cfg, func(u string) { urls <- u }) }()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("serve ended early: %v\n%s", err, logs)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(url + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("serve did not stop")
	}
	log := logs.String()
	if !strings.Contains(log, "shutting down") || !strings.Contains(log, "stopped") {
		t.Errorf("shutdown not logged:\n%s", log)
	}
}

func TestServeRefusesAPostgresSchemaThatIsBehind(t *testing.T) {
	if len(storetest.Engines()) < 2 {
		t.Skip("needs WFM_TEST_DATABASE_URL")
	}
	dsn := storetest.DSN(t, storetest.Postgres)
	e, _, _ := testEnv(map[string]string{"WFM_DATABASE_URL": dsn, "WFM_ADDR": "127.0.0.1:0"})
	cfg, _ := loadConfig(e.getenv)
	err := serve(context.Background(), e, cfg, nil)
	if err == nil || !strings.Contains(err.Error(), "run `wfm migrate` first") {
		t.Fatalf("err = %v, want a refusal naming wfm migrate", err)
	}
	if err := run(context.Background(), e, []string{"migrate", "--database", dsn}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if pending, _ := st.PendingMigrations(context.Background()); len(pending) != 0 {
		t.Errorf("after wfm migrate, pending: %v", pending)
	}
}

func TestConfigurationIsValidated(t *testing.T) {
	_, err := loadConfig(func(k string) string {
		return map[string]string{"WFM_LOG_FORMAT": "xml", "WFM_SESSION_TTL": "soon", "WFM_JOBS": "maybe", "WFM_JOB_RESCUE_AFTER": "2s", "WFM_DB_CONNECTIONS": "1"}[k]
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, name := range []string{"WFM_LOG_FORMAT", "WFM_SESSION_TTL", "WFM_JOBS", "WFM_JOB_RESCUE_AFTER", "WFM_DB_CONNECTIONS"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

// The rescue delay is the job engine's default (0) unless set.
func TestJobRescueDelay(t *testing.T) {
	for _, tc := range []struct {
		name, v string
		want    time.Duration
	}{
		{"unset", "", 0},
		{"90s", "90s", 90 * time.Second},
		{"20m", "20m", 20 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := loadConfig(func(k string) string { return map[string]string{"WFM_JOB_RESCUE_AFTER": tc.v}[k] })
			if err != nil || cfg.RescueAfter != tc.want {
				t.Errorf("WFM_JOB_RESCUE_AFTER=%q: %v, %v; want %v", tc.v, cfg.RescueAfter, err, tc.want)
			}
		})
	}
}

func TestTrustedProxiesAreAddressesOrCIDRs(t *testing.T) {
	cfg, err := loadConfig(func(k string) string {
		return map[string]string{"WFM_TRUSTED_PROXIES": " 10.0.0.1, 192.168.0.0/16 ,::1,"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"10.0.0.1", "192.168.0.0/16", "::1"}; strings.Join(cfg.TrustedProxies, " ") != strings.Join(want, " ") {
		t.Errorf("trusted proxies %q, want %q", cfg.TrustedProxies, want)
	}
	if cfg, _ := loadConfig(func(string) string { return "" }); cfg.TrustedProxies != nil {
		t.Errorf("unset: %q, want none trusted", cfg.TrustedProxies)
	}
	_, err = loadConfig(func(k string) string {
		return map[string]string{"WFM_TRUSTED_PROXIES": "10.0.0.1,proxy.local"}[k]
	})
	if err == nil || !strings.Contains(err.Error(), `WFM_TRUSTED_PROXIES: "proxy.local"`) {
		t.Errorf("a host name: %v, want an error naming it", err)
	}
}

// The README's configuration table lists every variable the product reads.
func TestREADMEDocumentsEveryVariable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range configVars {
		if !strings.Contains(string(readme), "| `"+v.name+"` |") {
			t.Errorf("README's configuration table lacks %s", v.name)
		}
	}
}

// WFM_METRICS_ADDR serves /metrics alone on a listener of its own; the
// main address serves none without WFM_METRICS_TOKEN.
func TestMetricsListenOnTheirOwnAddress(t *testing.T) {
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := free.Addr().String()
	free.Close()
	e, _, logs := testEnv(map[string]string{"WFM_DATABASE_URL": storetest.DSN(t, storetest.SQLite), "WFM_ADDR": "127.0.0.1:0",
		"WFM_METRICS_ADDR": metricsAddr, "WFM_JOBS": "false"})
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, e, cfg, func(u string) { urls <- u }) }()
	defer func() { cancel(); <-done }()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("serve ended early: %v\n%s", err, logs)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	get := func(u string) (int, string) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	get(url + "/healthz")
	if status, body := get("http://" + metricsAddr + "/metrics"); status != 200 || !strings.Contains(body, `route="/healthz"`) {
		t.Errorf("metrics listener: %d\n%s", status, body)
	}
	if status, _ := get("http://" + metricsAddr + "/api/v1/me"); status != http.StatusNotFound {
		t.Errorf("the metrics listener serves the API: %d", status)
	}
	if status, _ := get(url + "/metrics"); status != http.StatusNotFound {
		t.Errorf("main address without WFM_METRICS_TOKEN: %d, want 404", status)
	}
}

func TestMetricsSettingsAreValidated(t *testing.T) {
	_, err := loadConfig(func(k string) string {
		return map[string]string{"WFM_METRICS_TOKEN": "short", "WFM_METRICS_ADDR": "9090"}[k]
	})
	for _, name := range []string{"WFM_METRICS_TOKEN", "WFM_METRICS_ADDR"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
}
