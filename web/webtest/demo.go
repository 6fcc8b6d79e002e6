package webtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"wfm/api"
	democenter "wfm/demo"
	"wfm/store"
	"wfm/store/storetest"
	"wfm/web"
)

// DemoSite is the demo center `wfm demo` builds (the real generator, its
// codes and names), served as `wfm serve` serves it: the data users have,
// for the tests that must see it (the crawl, the intraday view, the
// browser's charts). It is built once per engine and test run and shared;
// tests may add to it (the intraday test feeds states) but change nothing
// another relies on.
type DemoSite struct {
	Store  *store.Store
	Center democenter.Center
	Now    time.Time // the clock of the center and its server
	URL    string
	API    *api.Server
}

// demoWeeks of history: the demo's past forecast needs four weeks before
// its two weeks of contacts.
const demoWeeks = 6

// demoNow is the shared center's clock: the last Wednesday before today,
// 06:07 UTC (14:07 in Shanghai, 06:07 in London): a working day, midday in
// one site and morning in the other, off the 15-minute grid so that no
// shift starts or ends at that instant.
func demoNow() time.Time {
	d := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	for d.Weekday() != time.Wednesday {
		d = d.AddDate(0, 0, -1)
	}
	return d.Add(6*time.Hour + 7*time.Minute)
}

var shared = struct {
	sync.Mutex
	sites   map[storetest.Engine]*DemoSite
	failed  map[storetest.Engine]error
	closers []func()
}{sites: map[storetest.Engine]*DemoSite{}, failed: map[storetest.Engine]error{}}

// CloseDemoSites closes the demo centers a test binary built: its TestMain
// calls it after m.Run.
func CloseDemoSites() {
	for i := len(shared.closers) - 1; i >= 0; i-- {
		shared.closers[i]() // servers before their stores
	}
}

// DemoSiteOn is the shared demo center on the engine, built on first use.
func DemoSiteOn(t *testing.T, e storetest.Engine) *DemoSite {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the demo center")
	}
	shared.Lock()
	defer shared.Unlock()
	if s, ok := shared.sites[e]; ok {
		return s
	}
	if err, ok := shared.failed[e]; ok {
		t.Fatalf("the demo center on %s: %v", e, err)
	}
	began := time.Now()
	s, err := buildDemoSite(e)
	if err != nil {
		shared.failed[e] = err
		t.Fatalf("the demo center on %s: %v", e, err)
	}
	t.Logf("demo center on %s built in %s (its clock: %s)", e, time.Since(began).Round(time.Millisecond), s.Now.Format(time.RFC3339))
	shared.sites[e] = s
	return s
}

// PreferredDemoSite is the shared center on PostgreSQL when the run has
// it, else on SQLite: for tests that need one engine, not both.
func PreferredDemoSite(t *testing.T) *DemoSite {
	engines := storetest.Engines()
	return DemoSiteOn(t, engines[len(engines)-1])
}

func buildDemoSite(e storetest.Engine) (*DemoSite, error) {
	st, closeStore, err := storetest.OpenShared(e)
	if err != nil {
		return nil, err
	}
	shared.closers = append(shared.closers, closeStore)
	ctx := context.Background()
	now := demoNow()
	c := democenter.Generate(1, now, demoWeeks)
	if err := democenter.Load(ctx, st, c); err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := democenter.Operate(ctx, st, c, now, 2*time.Second, io.Discard); err != nil {
		return nil, fmt.Errorf("operate: %w", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := func() time.Time { return now }
	srv := api.New(api.Config{Store: st, Log: log, Now: clock, Translate: web.Translate})
	engine := srv.Engine()
	if err := web.Mount(engine, web.Config{Auth: srv.Auth(), Builds: srv.Builds(), Jobs: srv.Jobs(), NotFound: srv.NoRoute, Store: st, Log: log, Now: clock}); err != nil {
		return nil, err
	}
	ts := httptest.NewServer(engine)
	shared.closers = append(shared.closers, ts.Close)
	return &DemoSite{Store: st, Center: c, Now: now, URL: ts.URL, API: srv}, nil
}
