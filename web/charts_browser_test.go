package web_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wfm/store/storetest"
)

// TestBrowserDemoCharts opens, in Chromium, every page with charts as the
// demo center's people see them, in English and in Chinese: each chart is
// drawn with data or says why it has none, and a screenshot of each page
// is kept (set WFM_SCREENSHOT_DIR). It runs on the shared demo center
// (SQLite), or on a served one WFM_DEMO_URL names:
//
//	wfm demo --no-serve --database file:/tmp/d/wfm.db
//	WFM_JOBS=false wfm serve --addr :8103 --database file:/tmp/d/wfm.db
//	WFM_BROWSER=1 WFM_DEMO_URL=http://localhost:8103 go test ./web -run BrowserDemoCharts
func TestBrowserDemoCharts(t *testing.T) {
	if os.Getenv("WFM_BROWSER") != "1" {
		t.Skip("browser tests are off: set WFM_BROWSER=1 (needs Debian's chromium)")
	}
	base := os.Getenv("WFM_DEMO_URL")
	if base == "" {
		base = demoSiteOn(t, storetest.SQLite).url
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
			b := newBrowser(t, base)
			if err := b.login(base, user, password); err != nil {
				t.Fatal(err)
			}
			if err := b.setLocale(locale); err != nil {
				t.Fatal(err)
			}
			for _, path := range pages {
				b.allow(http.StatusForbidden, http.StatusNotFound)
				if err := b.do(chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				status, err := eval[int](b, `document.querySelectorAll('[data-echarts]').length`)
				if err != nil {
					t.Fatal(err)
				}
				if status == 0 {
					continue // not a chart page for this role (or refused)
				}
				b.allow()
				time.Sleep(600 * time.Millisecond) // echarts draws after the load event
				bad, err := eval[[]string](b, chartsWithoutDataOrNote)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range bad {
					t.Errorf("%s: chart %s has neither data nor a note", path, id)
				}
				unitless, err := eval[[]string](b, chartsWithoutUnitTooltips)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range unitless {
					t.Errorf("%s: chart %s's tooltip gives values without their unit", path, id)
				}
				name := strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.TrimPrefix(path, "/"))
				b.screenshot("demo-" + user + "-" + locale + "-" + name)
			}
			b.checkClean()
		})
	}
}

// chartsWithoutDataOrNote lists the ids of drawn charts none of whose
// series has a value, and whose card has no note saying why.
const chartsWithoutDataOrNote = `(function(){
  var out = [];
  document.querySelectorAll('[data-echarts]').forEach(function(el){
    var c = window.echarts && echarts.getInstanceByDom(el);
    var has = false;
    if (c) {
      (c.getOption().series || []).forEach(function(s){
        (s.data || []).forEach(function(d){
          var v = (d && typeof d === 'object' && !Array.isArray(d)) ? d.value : d;
          if (v !== '-' && v !== null && v !== undefined) { has = true; }
        });
      });
    }
    var card = el.closest('.chart');
    var note = card && card.querySelector('.chart-note');
    if (!has && !(note && note.innerText.trim())) { out.push(el.id); }
  });
  return out;
})()`

// chartsWithoutUnitTooltips lists the ids of drawn charts whose tooltip
// has no value formatter (charts.js makes one from the option's unit).
const chartsWithoutUnitTooltips = `(function(){
  var out = [];
  document.querySelectorAll('[data-echarts]').forEach(function(el){
    var c = window.echarts && echarts.getInstanceByDom(el);
    var tip = c && (c.getOption().tooltip || [])[0];
    if (!tip || typeof tip.valueFormatter !== 'function' || tip.valueFormatter(12) === '12') { out.push(el.id); }
  });
  return out;
})()`

// setLocale switches the interface language with the header's buttons,
// from a light page (a supervisor lands on the roster board, still
// drawing when the button would be clicked).
func (b *browser) setLocale(locale string) error {
	if err := b.do(chromedp.Navigate("http://"+b.host+"/my/schedule"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		return err
	}
	pressed, err := eval[bool](b, `!!document.querySelector('form.lang button[value="`+locale+`"][aria-pressed="true"]')`)
	if err != nil || pressed {
		return err
	}
	return b.do(
		chromedp.Click(chromedp.CSS(`form.lang button[value="`+locale+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.lang button[value="`+locale+`"][aria-pressed="true"]`)),
	)
}
