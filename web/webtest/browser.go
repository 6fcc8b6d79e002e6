// Package webtest is what the tests of the pages share: a real headless
// Chromium driven with chromedp (Browser), the check that a Chinese page
// shows no English (ReadableEnglish), and the demo center served as users
// meet it (DemoSite).
//
// Browser tests are skipped unless WFM_BROWSER=1 (Debian's chromium):
//
//	WFM_BROWSER=1 go test ./web ./e2e -run Browser
//
// WFM_CHROMIUM names the browser binary (default: chromium on PATH).
// Screenshots of failures go to $WFM_SCREENSHOT_DIR (default: a new temp
// dir, logged); when WFM_SCREENSHOT_DIR is set, passing tests save theirs
// too, so people can look at the pages.
package webtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with a fresh profile, watching the page
// for script errors and for requests to any host but the test server's.
type Browser struct {
	ctx  context.Context
	t    *testing.T
	host string // host:port of the server under test

	mu       sync.Mutex
	problems []string
	allowed  map[int]bool // HTTP statuses the current step expects (a 403 page)
}

// NewBrowser starts Chromium for a test against the server at base, or
// skips the test when browser tests are not asked for.
func NewBrowser(t *testing.T, base string) *Browser {
	t.Helper()
	if os.Getenv("WFM_BROWSER") != "1" {
		t.Skip("browser tests are off: set WFM_BROWSER=1 (needs Debian's chromium)")
	}
	exe := os.Getenv("WFM_CHROMIUM")
	if exe == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				exe = p
				break
			}
		}
	}
	if exe == "" {
		t.Fatal("WFM_BROWSER=1 but no chromium found: apt-get install -y chromium, or set WFM_CHROMIUM")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })

	b := &Browser{ctx: ctx, t: t, host: u.Host}
	err = chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.Problem("script exception: %s (%s:%d)", msg, d.URL, d.LineNumber)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.Problem("console.%s: %s", ev.Type, strings.Join(parts, " "))
			}
		case *cdplog.EventEntryAdded:
			// CSP violations and failed loads are reported here (an expected
			// error status is logged as a failed load too).
			if ev.Entry.Level == cdplog.EntryLevelError && !(ev.Entry.Source == "network" && b.anyAllowed()) {
				b.Problem("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			r, err := url.Parse(ev.Request.URL)
			if err == nil && (r.Scheme == "data" || r.Scheme == "blob" || r.Scheme == "about") {
				return
			}
			if err != nil || r.Host != b.host {
				b.Problem("request to an outside host: %s", ev.Request.URL)
			}
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && !b.isAllowed(int(ev.Response.Status)) {
				b.Problem("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
			}
		}
	})
	if err != nil {
		t.Fatalf("start chromium (%s): %v", exe, err)
	}
	ctx2, cancel := b.timeout()
	defer cancel()
	if _, err := chromedp.Call(ctx2, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx2, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("log.enable: %v", err)
	}
	return b
}

// timeout bounds one step of a test, leaving the tab open for a screenshot.
func (b *Browser) timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, 45*time.Second)
}

// Do runs steps with a time limit.
func (b *Browser) Do(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := b.timeout()
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// Eval evaluates a JavaScript expression and decodes its value into T.
func Eval[T any](b *Browser, expr string) (T, error) {
	ctx, cancel := b.timeout()
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// Allow makes the next steps accept these HTTP error statuses.
func (b *Browser) Allow(statuses ...int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowed = map[int]bool{}
	for _, s := range statuses {
		b.allowed[s] = true
	}
}

func (b *Browser) isAllowed(status int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.allowed[status]
}

func (b *Browser) anyAllowed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.allowed) > 0
}

func (b *Browser) Problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// CheckClean fails the test for every script error or outside request seen.
func (b *Browser) CheckClean() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Error(p)
	}
	b.problems = nil
}

// Screenshot saves a full-page PNG named name when the test failed, or
// always when WFM_SCREENSHOT_DIR is set.
func (b *Browser) Screenshot(name string) {
	dir := os.Getenv("WFM_SCREENSHOT_DIR")
	if !b.t.Failed() && dir == "" {
		return
	}
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "wfm-screenshots-"); err != nil {
			b.t.Log(err)
			return
		}
	}
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Log(err)
		return
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Log(err)
		return
	}
	b.t.Logf("screenshot: %s", path)
}

// ChartDataLengths returns, per element id, the number of data points of
// the first series of the echarts instance drawn there (-1: no instance).
func (b *Browser) ChartDataLengths(ids []string) (map[string]int, error) {
	js := `(function(ids){ var out = {}; ids.forEach(function(id){
		var el = document.getElementById(id);
		var c = el && window.echarts && echarts.getInstanceByDom(el);
		out[id] = c ? c.getOption().series[0].data.length : -1; });
		return out; })(` + jsStrings(ids) + `)`
	return Eval[map[string]int](b, js)
}

func jsStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// Login signs in through the login form, as a person would.
func (b *Browser) Login(base, username, password string) error {
	return b.Do(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS("form.stack button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/logout']")),
	)
}

func (b *Browser) Path() string {
	loc, err := Eval[string](b, `location.pathname`)
	if err != nil {
		b.t.Fatal(err)
	}
	return loc
}

// drawing when the button would be clicked).
func (b *Browser) SetLocale(locale string) error {
	if err := b.Do(chromedp.Navigate("http://"+b.host+"/my/schedule"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		return err
	}
	pressed, err := Eval[bool](b, `!!document.querySelector('form.lang button[value="`+locale+`"][aria-pressed="true"]')`)
	if err != nil || pressed {
		return err
	}
	return b.Do(
		chromedp.Click(chromedp.CSS(`form.lang button[value="`+locale+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.lang button[value="`+locale+`"][aria-pressed="true"]`)),
	)
}

// Context is the browser's tab, for a step with its own deadline.
func (b *Browser) Context() context.Context { return b.ctx }
