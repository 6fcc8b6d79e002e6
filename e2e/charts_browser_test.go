package e2e

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wfm/store/storetest"
	"wfm/web/webtest"
)

// TestBrowserDemoCharts opens, in Chromium, every page with charts as the
// demo center's people see them, in English and in Chinese: each chart is
// drawn with data or says why it has none, and a screenshot of each page
// is kept (set WFM_SCREENSHOT_DIR). It runs on the shared demo center
// (SQLite), or on a served one WFM_DEMO_URL names:
//
//	wfm demo --no-serve --database file:/tmp/d/wfm.db
//	WFM_JOBS=false wfm serve --addr :8103 --database file:/tmp/d/wfm.db
//	WFM_BROWSER=1 WFM_DEMO_URL=http://localhost:8103 go test ./e2e -run BrowserDemoCharts
func TestBrowserDemoCharts(t *testing.T) {
	if os.Getenv("WFM_BROWSER") != "1" {
		t.Skip("browser tests are off: set WFM_BROWSER=1 (needs Debian's chromium)")
	}
	base := os.Getenv("WFM_DEMO_URL")
	if base == "" {
		base = webtest.DemoSiteOn(t, storetest.SQLite).URL
	}
	const password = "wfm-demo-2026"
	pages := []string{"/dashboard", "/dashboard?queue=3", "/strain", "/roster", "/my/kpis", "/roster/builds/1"}
	// Each role's charts in each language (the crawl checks every page's
	// charts for data or a note without a browser; this draws them).
	for _, login := range []struct{ user, locale string }{
		{"manager", "en"}, {"manager", "zh-CN"}, {"wang.fang", "zh-CN"}, {"sophie.turner", "en"},
		{"harry.khan", "zh-CN"}, {"liu.jie", "en"},
	} {
		user, locale := login.user, login.locale
		t.Run(user+"/"+locale, func(t *testing.T) {
			b := webtest.NewBrowser(t, base)
			if err := b.Login(base, user, password); err != nil {
				t.Fatal(err)
			}
			if err := b.SetLocale(locale); err != nil {
				t.Fatal(err)
			}
			for _, path := range pages {
				b.Allow(http.StatusForbidden, http.StatusNotFound)
				if err := b.Do(chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				status, err := webtest.Eval[int](b, `document.querySelectorAll('[data-echarts]').length`)
				if err != nil {
					t.Fatal(err)
				}
				if status == 0 {
					continue // not a chart page for this role (or refused)
				}
				b.Allow()
				time.Sleep(600 * time.Millisecond) // echarts draws after the load event
				bad, err := webtest.Eval[[]string](b, webtest.ChartsWithoutDataOrNote)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range bad {
					t.Errorf("%s: chart %s has neither data nor a note", path, id)
				}
				unitless, err := webtest.Eval[[]string](b, webtest.ChartsWithoutUnitTooltips)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range unitless {
					t.Errorf("%s: chart %s's tooltip gives values without their unit", path, id)
				}
				name := strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.TrimPrefix(path, "/"))
				b.Screenshot("demo-" + user + "-" + locale + "-" + name)
			}
			b.CheckClean()
		})
	}
}
