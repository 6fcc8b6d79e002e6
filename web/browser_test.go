package web_test

// Browser tests drive a real headless Chromium (Debian's chromium package)
// with chromedp. They are skipped unless WFM_BROWSER=1:
//
//	WFM_BROWSER=1 go test ./web -run Browser
//
// WFM_CHROMIUM names the browser binary (default: chromium on PATH).
// Screenshots of failures go to $WFM_SCREENSHOT_DIR (default: a new temp
// dir, logged); when WFM_SCREENSHOT_DIR is set, passing tests save theirs
// too, so people can look at the pages.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wfm/auth"
	"wfm/batch"
	"wfm/civil"
	"wfm/people"
	"wfm/store"
	"wfm/web"
	"wfm/web/webtest"
)

// browser is webtest's Chromium (see webtest.NewBrowser).
type browser = webtest.Browser

func newBrowser(t *testing.T, base string) *browser { return webtest.NewBrowser(t, base) }

func eval[T any](b *browser, expr string) (T, error) { return webtest.Eval[T](b, expr) }

// chartPage serves a page of every chart builder, with the embedded assets.
func chartPage(t *testing.T, locale web.Locale) http.Handler {
	r, err := web.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	tr := web.NewTranslator(locale, time.UTC)
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var sl []web.IntervalPoint
	var fc []web.ForecastPoint
	var cov []web.CoveragePoint
	for i := 0; i < 48; i++ {
		at := start.Add(time.Duration(i) * 15 * time.Minute)
		v := 0.95 - 0.3*float64(i%12)/12
		sl = append(sl, web.IntervalPoint{Start: at, Value: v, OK: i != 20})
		fc = append(fc, web.ForecastPoint{Start: at, Forecast: 60 + float64(i%16)*3, Low: 50 + float64(i%16)*3, High: 72 + float64(i%16)*3,
			Actual: 58 + float64((i*7)%20)*2, HasActual: i < 36})
		cov = append(cov, web.CoveragePoint{Start: at, Required: 12 + float64(i%16)/2, Scheduled: 15})
	}
	agents := []string{"王芳", "李雷", "Ana", "Bo"}
	days := []string{tr.ShortDate(start), tr.ShortDate(start.AddDate(0, 0, 1)), tr.ShortDate(start.AddDate(0, 0, 2))}
	hm, err := web.HeatMap(web.HeatMapInput{
		ID: "adherence", Title: tr.T("chart.heatmap.adherence"), RowName: "agent", ColumnName: "date", ValueName: "adherence",
		Rows: agents, Columns: days,
		Values: [][]float64{{0.97, 0.91, 0.88}, {0.7, 0.93, 0.99}, {0.85, 0.6, 0.95}, {0.9, 0.9, 0.9}},
		Min:    0.5, Max: 1, Percent: true, HighIsGood: true,
	}, tr)
	if err != nil {
		t.Fatal(err)
	}
	data := web.ChartsData{Charts: []web.ChartView{
		{Chart: web.ServiceLevelChart("service_level", sl, 0.8, tr), CSVURL: "/csv/service_level"},
		{Chart: web.ForecastVsActualChart("forecast", fc, tr), CSVURL: "/csv/forecast"},
		{Chart: web.RequirementVsScheduledChart("coverage", cov, tr), CSVURL: "/csv/coverage"},
		{Chart: hm, CSVURL: "/csv/adherence"},
		{Chart: web.ScorecardBar("scorecards", tr.T("chart.scorecard.score"), []web.ScoreItem{{Label: "Team A", Score: 91, Target: 85}, {Label: "Team B", Score: 78, Target: 85}}, tr)},
	}}
	mux := http.NewServeMux()
	mux.Handle(web.StaticPrefix, web.Static())
	mux.HandleFunc("/csv/", func(w http.ResponseWriter, req *http.Request) {
		id := strings.TrimPrefix(req.URL.Path, "/csv/")
		for _, v := range data.Charts {
			if v.Chart.ID == id {
				_ = web.ServeCSV(w, id, v.Chart.Table)
				return
			}
		}
		http.NotFound(w, req)
	})
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, 2+d, h, m, 0, 0, time.UTC) }
	var schedule []web.AgentDay
	for d := 0; d < 14; d++ {
		if d%7 >= 5 {
			schedule = append(schedule, web.AgentDay{Date: day(d, 0, 0)})
			continue
		}
		schedule = append(schedule, web.AgentDay{Date: day(d, 0, 0), Shift: "E", Spans: []web.Span{
			{Kind: "shift", Start: day(d, 8, 0), End: day(d, 17, 0)},
			{Kind: "break", Start: day(d, 10, 15), End: day(d, 10, 30)},
			{Kind: "lunch", Start: day(d, 12, 0), End: day(d, 13, 0)},
			{Kind: "break", Start: day(d, 15, 0), End: day(d, 15, 15)},
		}})
	}
	weeks, err := web.NewScheduleWeeks(schedule, tr)
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("/my/schedule", func(w http.ResponseWriter, req *http.Request) {
		page := web.Page{Translator: tr, Title: tr.T("schedule.title"), CSRF: "test-token", Path: web.PathMySchedule,
			User: &web.User{Username: "ana", DisplayName: "Ana", Role: web.RoleAgent},
			Data: web.ScheduleData{ICSURL: "/my/schedule.ics", Weeks: weeks}}
		if err := r.WritePage(w, req, http.StatusOK, "schedule", page); err != nil {
			t.Error(err)
		}
	})
	mux.HandleFunc("/dashboard", func(w http.ResponseWriter, req *http.Request) {
		page := web.Page{
			Translator: tr,
			Title:      tr.T("page.dashboard"),
			User:       &web.User{Username: "wang", DisplayName: "王芳", Role: web.RoleManager},
			CSRF:       "test-token",
			Path:       web.PathDashboard,
			Data:       data,
		}
		if err := r.WritePage(w, req, http.StatusOK, "charts", page); err != nil {
			t.Error(err)
		}
	})
	return mux
}

func TestBrowserChartsRender(t *testing.T) {
	ids := []string{"service_level", "forecast", "coverage", "adherence", "scorecards"}
	for _, locale := range web.Locales {
		t.Run(string(locale), func(t *testing.T) {
			srv := httptest.NewServer(chartPage(t, locale))
			defer srv.Close()
			b := newBrowser(t, srv.URL)
			defer b.Screenshot("charts-" + string(locale))

			if err := b.Do(
				chromedp.Navigate(srv.URL+"/dashboard"),
				chromedp.WaitVisible(chromedp.ID("service_level")),
			); err != nil {
				t.Fatal(err)
			}
			// charts.js runs at the end of the body; give echarts a moment.
			var lengths map[string]int
			var err error
			for try := 0; try < 20; try++ {
				if lengths, err = b.ChartDataLengths(ids); err == nil && allPositive(lengths, ids) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if lengths[id] <= 0 {
					t.Errorf("chart %s: echarts instance with data missing (series[0].data.length = %d)", id, lengths[id])
				}
			}
			if lengths["service_level"] != 48 {
				t.Errorf("service level chart has %d points, want 48", lengths["service_level"])
			}
			if unitless, err := eval[[]string](b, webtest.ChartsWithoutUnitTooltips); err != nil || len(unitless) > 0 {
				t.Errorf("tooltips without units: %v %v", unitless, err)
			}
			b.CheckClean()
		})
	}
}

func allPositive(m map[string]int, ids []string) bool {
	for _, id := range ids {
		if m[id] <= 0 {
			return false
		}
	}
	return true
}

// TestBrowserSchedulePhone opens an agent's schedule on a phone.
func TestBrowserSchedulePhone(t *testing.T) {
	srv := httptest.NewServer(chartPage(t, web.English))
	defer srv.Close()
	b := newBrowser(t, srv.URL)
	defer b.Screenshot("schedule-phone")
	if err := b.Do(
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/my/schedule"),
		chromedp.WaitVisible(chromedp.CSS(".timeline")),
	); err != nil {
		t.Fatal(err)
	}
	// 10 working days of 4 segments, each drawn with a width.
	drawn, err := eval[int](b, `Array.from(document.querySelectorAll('.seg')).filter(function(e){ return e.getBoundingClientRect().width > 0; }).length`)
	if err != nil {
		t.Fatal(err)
	}
	if drawn != 40 {
		t.Errorf("%d segments drawn, want 40", drawn)
	}
	overflow, err := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`)
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("schedule is wider than a 390px phone screen")
	}
	b.CheckClean()
}

// TestBrowserPhoneLayout checks the page fits a phone's width: no
// sideways scrolling, and the menu folds behind its button.
func TestBrowserPhoneLayout(t *testing.T) {
	srv := httptest.NewServer(chartPage(t, web.Chinese))
	defer srv.Close()
	b := newBrowser(t, srv.URL)
	defer b.Screenshot("charts-phone")
	err := b.Do(
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/dashboard"),
		chromedp.WaitVisible(chromedp.ID("service_level")),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	navVisible := `getComputedStyle(document.querySelector('.nav')).display !== 'none'`
	overflow, err := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`)
	if err != nil {
		t.Fatal(err)
	}
	navShown, err := eval[bool](b, navVisible)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Do(chromedp.Click(chromedp.CSS("label.nav-toggle-label"))); err != nil {
		t.Fatal(err)
	}
	navAfterTap, err := eval[bool](b, navVisible)
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("page is wider than a 390px phone screen")
	}
	if navShown || !navAfterTap {
		t.Errorf("phone menu: shown before tap %v, after tap %v", navShown, navAfterTap)
	}
	b.CheckClean()
}

// TestBrowserEndToEnd drives the real server (API, pages, store with a
// small demo center) in Chromium: each role signs in through the form and
// lands on its home page; the manager's dashboard draws its charts from
// the stored history; an agent is refused the dashboard; signing out works.
func TestBrowserEndToEnd(t *testing.T) {
	ts, _ := newSite(t)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("end-to-end")
	for _, c := range []struct {
		user, password, home string
		links                int
	}{
		{"ana", agentPassword, "/my/schedule", 6},
		{"sam", superPassword, "/roster", 12},
		{"mona", managerPassword, "/dashboard", 15},
		{"ada", adminPassword, "/dashboard", 15},
	} {
		if err := b.Login(ts.URL, c.user, c.password); err != nil {
			t.Fatalf("%s: sign in: %v", c.user, err)
		}
		if got := b.Path(); got != c.home {
			t.Errorf("%s landed on %s, want %s", c.user, got, c.home)
		}
		links, err := eval[int](b, `document.querySelectorAll('nav.nav a').length`)
		if err != nil || links != c.links {
			t.Errorf("%s sees %d menu links (%v), want %d", c.user, links, err, c.links)
		}
		if c.home == "/roster" {
			lengths, err := b.ChartDataLengths([]string{"coverage"})
			for try := 0; try < 20 && (err != nil || lengths["coverage"] <= 0); try++ {
				time.Sleep(100 * time.Millisecond)
				lengths, err = b.ChartDataLengths([]string{"coverage"})
			}
			if err != nil || lengths["coverage"] != 96 {
				t.Errorf("roster board coverage chart: %v %v, want 96 slots", lengths, err)
			}
			b.Screenshot("roster-sam")
		}
		if c.home == "/dashboard" {
			ids := []string{"sl_day", "sl_interval", "asa", "abandon_rate", "offered"}
			var lengths map[string]int
			for try := 0; try < 20; try++ {
				if lengths, err = b.ChartDataLengths(ids); err == nil && allPositive(lengths, ids) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err != nil || !allPositive(lengths, ids) {
				t.Errorf("%s: dashboard charts not drawn with data: %v %v", c.user, lengths, err)
			}
			if lengths["sl_interval"] != 4 || lengths["sl_day"] != 2 {
				t.Errorf("%s: %d interval points and %d days, want 4 and 2", c.user, lengths["sl_interval"], lengths["sl_day"])
			}
			b.Screenshot("dashboard-" + c.user)
		}
		if c.user == "ana" {
			drawn, err := eval[int](b, `document.querySelectorAll('.timeline .seg').length`)
			if err != nil || drawn < 3 {
				t.Errorf("agent's schedule draws %d segments (%v)", drawn, err)
			}
			b.Screenshot("schedule-ana")
			b.Allow(http.StatusForbidden)
			if err := b.Do(chromedp.Navigate(ts.URL+"/dashboard"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
				t.Fatal(err)
			}
			text, err := eval[string](b, `document.querySelector('main').innerText`)
			if err != nil || !strings.Contains(text, "You do not have access to this page.") {
				t.Errorf("agent on the dashboard sees %q (%v)", text, err)
			}
			b.Allow()
		}
		if err := b.Do(
			chromedp.Click(chromedp.CSS("form[action='/logout'] button")),
			chromedp.WaitVisible(chromedp.ID("username")),
		); err != nil {
			t.Fatalf("%s: sign out: %v", c.user, err)
		}
		b.CheckClean()
	}
}

// TestBrowserTimeOff: in Chromium, an agent asks for time off through the
// form on a phone-sized screen, and her supervisor approves it.
func TestBrowserTimeOff(t *testing.T) {
	ts, d := newSite(t)
	if err := d.store.SetTimeOffAllowance(context.Background(), store.System, store.Scope{All: true}, d.team.ID, civil.Date{}, 0); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("time-off")
	if err := b.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	if err := b.Login(ts.URL, "ana", agentPassword); err != nil {
		t.Fatal(err)
	}
	// Date inputs take keyboard input in the locale's order; set the values directly.
	if err := b.Do(
		chromedp.SetValue(chromedp.ID("to-from"), "2026-03-10"),
		chromedp.SetValue(chromedp.ID("to-to"), "2026-03-11"),
		chromedp.SendKeys(chromedp.ID("to-note"), "family"),
		chromedp.Click(chromedp.CSS(".time-off-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".status-waitlisted")),
	); err != nil {
		t.Fatalf("request time off: %v", err)
	}
	b.Screenshot("time-off-agent")
	if err := b.Do(chromedp.Click(chromedp.CSS("form[action='/logout'] button")), chromedp.WaitVisible(chromedp.ID("username"))); err != nil {
		t.Fatal(err)
	}
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/requests"),
		chromedp.WaitVisible(chromedp.CSS("td.actions")),
		chromedp.Click(chromedp.CSS("td.actions button[value=approved]")),
		chromedp.WaitVisible(chromedp.CSS(".status-approved")),
	); err != nil {
		t.Fatalf("approve: %v", err)
	}
	text, err := eval[string](b, `document.querySelector('main').innerText`)
	if err != nil || !strings.Contains(text, "The request is approved.") || !strings.Contains(text, "Ana Agent") {
		t.Errorf("after approving: %q (%v)", text, err)
	}
	b.CheckClean()
}

// TestBrowserBuildAndPublish: in Chromium, the supervisor builds next
// week's roster from the board, watches the progress page until the
// draft is ready, publishes it, and sees the shifts on the board.
func TestBrowserBuildAndPublish(t *testing.T) {
	ts, d := newSite(t)
	// A queue coded as the demo's are, with calls on Monday 9 March, so
	// that the draft's simulated service has a chart.
	ctx := context.Background()
	d.queue.Code = "voice-billing"
	if err := d.store.UpdateQueue(ctx, store.System, &d.queue); err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	monday := time.Date(2026, 3, 9, 0, 0, 0, 0, sh)
	var reqs []store.Requirement
	for k := 0; k < 32; k++ {
		reqs = append(reqs, store.Requirement{IntervalStart: monday.Add(9*time.Hour + time.Duration(k)*15*time.Minute),
			IntervalSeconds: 900, Volume: 5, AHTSeconds: 120, Agents: 2, Scheduled: 2, Source: "test"})
	}
	if err := d.store.ReplaceRequirements(ctx, store.System, d.queue.ID, monday, monday.AddDate(0, 0, 1), reqs); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("build")
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/roster?day=2026-03-09"),
		chromedp.Click(chromedp.CSS("details.build-form summary")),
		chromedp.SetValue(chromedp.CSS("details.build-form input[name=start]"), "2026-03-09"),
		chromedp.SetValue(chromedp.CSS("details.build-form select[name=seconds]"), "10"),
		chromedp.Click(chromedp.CSS("details.build-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("build-progress")),
	); err != nil {
		t.Fatalf("start the build: %v", err)
	}
	b.Screenshot("build-running")
	// The page reloads itself each second until the draft is ready.
	ctx, cancel := context.WithTimeout(b.Context(), 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#draft button[type=submit]"))); err != nil {
		t.Fatalf("the draft did not appear: %v", err)
	}
	lengths, err := b.ChartDataLengths([]string{"objective"})
	if err != nil || lengths["objective"] <= 0 {
		t.Errorf("objective chart: %v %v", lengths, err)
	}
	b.Screenshot("build-done")
	// The draft as a board before it is published: its shifts, coverage
	// and simulated service drawn; published from there.
	if err := b.Do(
		chromedp.Click(chromedp.ID("draft-preview")),
		chromedp.WaitVisible(chromedp.CSS(".timeline .seg")),
		chromedp.WaitVisible(chromedp.CSS("#simulation")),
	); err != nil {
		t.Fatalf("preview the draft: %v", err)
	}
	simulated := "simulated_sl_" + id(d.queue.ID)
	ids := []string{"coverage", simulated}
	lengths, err = b.ChartDataLengths(ids)
	for try := 0; try < 20 && (err != nil || !allPositive(lengths, ids)); try++ {
		time.Sleep(100 * time.Millisecond)
		lengths, err = b.ChartDataLengths(ids)
	}
	if err != nil || !allPositive(lengths, ids) {
		t.Errorf("the draft's charts: %v %v", lengths, err)
	}
	if text, err := eval[string](b, `document.querySelector('main').innerText`); err != nil || !strings.Contains(text, "Draft roster #") || !strings.Contains(text, "Ana Agent") {
		t.Errorf("the draft's board: %q (%v)", text, err)
	}
	b.Screenshot("build-preview")
	if err := b.Do(
		chromedp.Click(chromedp.CSS("#draft button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
		chromedp.WaitVisible(chromedp.CSS(".timeline .seg")),
	); err != nil {
		t.Fatalf("publish: %v", err)
	}
	text, err := eval[string](b, `document.querySelector('main').innerText`)
	if err != nil || !strings.Contains(text, "The roster is published") || !strings.Contains(text, "Ana Agent") {
		t.Errorf("board after publishing: %q (%v)", text, err)
	}
	b.CheckClean()
}

// TestBrowserReviewAcknowledge: in Chromium on a phone, the agent reads
// her shared review and acknowledges it with a comment.
func TestBrowserReviewAcknowledge(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	sc, err := auth.ScopeOf(ctx, d.store, &d.super)
	if err != nil {
		t.Fatal(err)
	}
	sam := store.Actor{UserID: d.super.ID}
	r, err := people.GenerateReview(ctx, d.store, sam, sc, findAgent(t, d, "A1"), "2026-02")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := people.ShareReview(ctx, d.store, sam, sc, r.ID); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("review")
	if err := b.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	if err := b.Login(ts.URL, "ana", agentPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/my/reviews"),
		chromedp.WaitVisible(chromedp.CSS(".ack-form textarea")),
		chromedp.SendKeys(chromedp.CSS(".ack-form textarea"), "Thanks"),
		chromedp.Click(chromedp.CSS(".ack-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatalf("acknowledge: %v", err)
	}
	got, err := people.ReadReview(ctx, d.store, sc, r.ID)
	if err != nil || got.Status != store.ReviewAcknowledged || got.AgentComment != "Thanks" {
		t.Errorf("review after acknowledging in the browser: %+v %v", got, err)
	}
	b.CheckClean()
}

// TestBrowserAdminEditsQueueGoal: in Chromium, the admin (who reads
// Chinese) opens the queue's form from the admin overview, is told beside
// the field when the service level target is out of range, sets it to 85%
// and sees it saved; the admin overview shows the new goal.
func TestBrowserAdminEditsQueueGoal(t *testing.T) {
	ts, d := newSite(t)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("admin-queue")
	if err := b.Login(ts.URL, "ada", adminPassword); err != nil {
		t.Fatal(err)
	}
	field := chromedp.ID("f-sl-target")
	b.Allow(http.StatusBadRequest)
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/admin"),
		chromedp.Click(chromedp.CSS("a[href='/admin/queues/"+id(d.queue.ID)+"']")),
		chromedp.WaitVisible(field),
		chromedp.SetValue(field, "150"),
		chromedp.Click(chromedp.CSS(".admin-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("f-sl-target-error")),
	); err != nil {
		t.Fatalf("out-of-range target: %v", err)
	}
	msg, err := eval[string](b, `document.getElementById('f-sl-target-error').innerText`)
	if err != nil || msg != "请输入大于 0 且小于 100 的百分比。" {
		t.Errorf("error beside the field: %q %v", msg, err)
	}
	b.Screenshot("admin-queue-error")
	b.Allow()
	if err := b.Do(
		chromedp.SetValue(field, "85"),
		chromedp.Click(chromedp.CSS(".admin-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	); err != nil {
		t.Fatalf("save: %v", err)
	}
	value, err := eval[string](b, `document.getElementById('f-sl-target').value`)
	if err != nil || value != "85" {
		t.Errorf("saved form shows %q (%v)", value, err)
	}
	q, err := d.store.GetQueue(context.Background(), d.queue.ID)
	if err != nil || q.SLTarget != 0.85 {
		t.Errorf("stored target %v (%v), want 0.85", q.SLTarget, err)
	}
	if err := b.Do(chromedp.Navigate(ts.URL+"/admin"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	text, err := eval[string](b, `document.querySelector('main').innerText`)
	if err != nil || !strings.Contains(text, "85%") {
		t.Errorf("overview does not show the new goal: %v\n%s", err, text)
	}
	b.CheckClean()
}

// TestBrowserSupervisorEvaluatesContact: in Chromium, the supervisor
// picks a contact of her team on the quality page, fails a critical item
// of the default form, and sees the evaluation score 0 with the item
// marked; the agent then sees it among her own.
func TestBrowserSupervisorEvaluatesContact(t *testing.T) {
	ts, d := newSite(t)
	withContacts(t, d)
	critical := firstItem(t, d, true)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("evaluate")
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/quality"),
		chromedp.WaitVisible(chromedp.ID("ev-contact")),
		chromedp.SetValue(chromedp.ID("ev-contact"), "k1"),
		chromedp.Click(chromedp.CSS(".evaluate-start button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".evaluate-form")),
		chromedp.SetValue(chromedp.ID("it-"+critical.ID), "0"),
		chromedp.SendKeys(chromedp.ID("ev-comments"), "asked about her income"),
	); err != nil {
		t.Fatalf("open the form: %v", err)
	}
	b.Screenshot("evaluate-form")
	if err := b.Do(
		chromedp.Click(chromedp.CSS(".evaluate-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("critical-failed")),
	); err != nil {
		t.Fatalf("save the evaluation: %v", err)
	}
	total, err := eval[string](b, `document.getElementById('evaluation-total').innerText`)
	if err != nil || total != "0.0" {
		t.Errorf("total %q (%v), want 0.0", total, err)
	}
	evals, err := d.store.ListEvaluations(context.Background(), store.EvaluationFilter{Scope: store.Scope{All: true}})
	if err != nil || len(evals) != 1 || evals[0].ContactID != "k1" || evals[0].EvaluatorUserID != d.super.ID || len(evals[0].CriticalFailed) != 1 {
		t.Fatalf("stored: %+v %v", evals, err)
	}
	if err := b.Do(chromedp.Click(chromedp.CSS("form[action='/logout'] button")), chromedp.WaitVisible(chromedp.ID("username"))); err != nil {
		t.Fatal(err)
	}
	if err := b.Login(ts.URL, "ana", agentPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(chromedp.Navigate(ts.URL+"/quality"), chromedp.WaitVisible(chromedp.ID("evaluations"))); err != nil {
		t.Fatalf("agent's quality page: %v", err)
	}
	rows, err := eval[int](b, `document.querySelectorAll('#evaluations tbody tr').length`)
	if err != nil || rows != 1 {
		t.Errorf("agent sees %d evaluations (%v), want 1", rows, err)
	}
	b.CheckClean()
}

// TestBrowserComplaintMovesAStep: in Chromium, the supervisor records a
// complaint about a contact of her team, judges it valid and classifies
// it; the case page shows each stage done and the next one current.
func TestBrowserComplaintMovesAStep(t *testing.T) {
	ts, d := newSite(t)
	withContacts(t, d)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("complaint")
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/complaints"),
		chromedp.WaitVisible(chromedp.ID("cp-customer")),
		chromedp.SendKeys(chromedp.ID("cp-contact"), "k1"),
		chromedp.SendKeys(chromedp.ID("cp-customer"), "Mr Zhang"),
		chromedp.SendKeys(chromedp.ID("cp-about"), "charged twice"),
		chromedp.SendKeys(chromedp.ID("cp-wants"), "a refund"),
		chromedp.Click(chromedp.CSS(".record-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("step-judge")),
		chromedp.Click(chromedp.CSS("#step-judge button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("step-classify")),
		chromedp.SetValue(chromedp.ID("cp-category"), "service"),
		chromedp.Click(chromedp.CSS("#step-classify button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("step-assign")),
	); err != nil {
		t.Fatalf("record and step: %v", err)
	}
	status, err := eval[string](b, `document.getElementById('complaint-status').innerText`)
	if err != nil || status != "Classified" {
		t.Errorf("status %q (%v), want Classified", status, err)
	}
	current, err := eval[string](b, `document.querySelector('#complaint-stages [aria-current=step] span').innerText`)
	if err != nil || current != "Owner" {
		t.Errorf("current stage %q (%v), want Owner", current, err)
	}
	cs, err := d.store.ListComplaints(context.Background(), store.ComplaintFilter{Scope: store.Scope{All: true}})
	if err != nil || len(cs) != 1 || cs[0].Status != "classified" || cs[0].Category != "service" || len(cs[0].Steps) != 2 {
		t.Errorf("stored: %+v %v", cs, err)
	}
	b.CheckClean()
}

// TestBrowserIntraday: in Chromium, the supervisor reads her team's day
// (schedule above, states beneath, the runs out of adherence in red),
// steps to the day before with the pager and picks a day with the date
// input.
func TestBrowserIntraday(t *testing.T) {
	ts, d := newSite(t)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, sh) }
	if _, err := d.store.ImportStates(context.Background(), store.System, "states.csv", []batch.AgentState{
		{Line: 2, Agent: "A1", State: "available", Start: at(8, 10), End: at(9, 40)},
		{Line: 3, Agent: "A1", State: "lunch", Start: at(9, 40), End: at(9, 58)},
	}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("intraday")
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(chromedp.Navigate(ts.URL+"/intraday"), chromedp.WaitVisible(chromedp.CSS(".adherence .seg-out"))); err != nil {
		t.Fatalf("intraday: %v", err)
	}
	// The schedule sits in the upper half of a row, the states in the lower.
	layout, err := eval[map[string]float64](b, `(function(){
		var r = function(sel){ var el = document.querySelector(sel); return el ? el.getBoundingClientRect() : {top: -1, bottom: -1}; };
		var shift = r('.adherence .seg-shift'), state = r('.adherence .seg-state_available'), out = r('.adherence .seg-out');
		return {shiftBottom: shift.bottom, stateTop: state.top, stateBottom: state.bottom, outTop: out.top, rows: document.querySelectorAll('.adherence .tl-row:not(.tl-head)').length};
	})()`)
	if err != nil || layout["rows"] != 2 || layout["stateTop"] < layout["shiftBottom"] || layout["outTop"] < layout["stateBottom"] {
		t.Errorf("timeline layout %v (%v): want two rows, the states under the schedule, the red runs beneath", layout, err)
	}
	b.Screenshot("intraday-today")
	// The next page's date input holds the day in its value attribute.
	if err := b.Do(chromedp.Click(chromedp.CSS(".pager a[rel=prev]")), chromedp.WaitVisible(chromedp.CSS(`input[name=day][value="2026-03-03"]`))); err != nil {
		t.Fatalf("the day before: %v", err)
	}
	if err := b.Do(
		chromedp.SetValue(chromedp.CSS("input[name=day]"), "2026-03-02"),
		chromedp.Click(chromedp.CSS("form.filters button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`input[name=day][value="2026-03-02"]`)),
	); err != nil {
		t.Fatalf("pick a day: %v", err)
	}
	text, err := eval[string](b, `document.querySelector('main').innerText`)
	if err != nil || !strings.Contains(text, "2 Mar 2026") || !strings.Contains(text, "The whole day") {
		t.Errorf("after picking 2 March: %q (%v)", text, err)
	}
	b.CheckClean()
}

// TestBrowserRefusedInput: in Chromium, a time-off note longer than a note
// may be (set past the field's maxlength, as a script or an old page
// could) is refused on the form with the reason, and an address holding
// a NUL is a 400 page that says why in the reader's language.
func TestBrowserRefusedInput(t *testing.T) {
	ts, _ := newSite(t)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("refused-input")
	if err := b.Login(ts.URL, "ana", agentPassword); err != nil {
		t.Fatal(err)
	}
	b.Allow(http.StatusUnprocessableEntity, http.StatusBadRequest)
	if err := b.Do(
		chromedp.SetValue(chromedp.ID("to-from"), "2026-03-20"),
		chromedp.SetValue(chromedp.ID("to-note"), strings.Repeat("x", 2001)),
		chromedp.Click(chromedp.CSS(".time-off-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.form-error")),
	); err != nil {
		t.Fatalf("send a long note: %v", err)
	}
	text, err := eval[string](b, `document.querySelector('main').innerText`)
	if err != nil || !strings.Contains(text, "The note cannot be sent as it is. (note: 2001 characters, at most 2000)") {
		t.Errorf("after a long note: %q (%v)", text, err)
	}
	if err := b.Do(chromedp.Navigate(ts.URL+"/my/schedule?week=%00"), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	text, err = eval[string](b, `document.querySelector('main').innerText`)
	if err != nil || !strings.Contains(text, "values must be text without NUL") || !strings.Contains(text, "week: holds a NUL character") {
		t.Errorf("an address with a NUL: %q (%v)", text, err)
	}
	b.CheckClean()
}

// TestBrowserIntradayUpdatesWithoutReload: a supervisor's intraday board
// shows an agent's new state from the live feed while the page stays the
// same page (a mark set on it survives).
func TestBrowserIntradayUpdatesWithoutReload(t *testing.T) {
	ts, d := newSite(t)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("intraday-live")
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(chromedp.Navigate(fmt.Sprintf("%s/intraday?team=%d", ts.URL, d.team.ID)), chromedp.WaitVisible(chromedp.ID("intraday-board"))); err != nil {
		t.Fatal(err)
	}
	if _, err := eval[bool](b, "window.__sameBoardPage = true"); err != nil {
		t.Fatal(err)
	}
	// Wait for the stream's first board, then move Ana to lunch.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if live, _ := eval[bool](b, `!document.getElementById("intraday-live").hidden`); live {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the board never went live")
		}
		time.Sleep(100 * time.Millisecond)
	}
	ctx := context.Background()
	agents, _ := d.store.AgentCodes(ctx, d.store.DB())
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if _, err := d.store.RecordAgentEvents(ctx, []store.AgentEvent{{Source: "acd", EventID: "b1", AgentID: agents["A1"],
		At: time.Date(2026, 3, 4, 9, 58, 0, 0, sh), ACDState: "lunch", State: "lunch", ReceivedAt: time.Now(), Seq: 1}}); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	for {
		shown, _ := eval[bool](b, `document.getElementById("intraday-board").innerText.indexOf("Lunch since 09:58") >= 0`)
		if shown {
			break
		}
		if time.Since(sent) > 5*time.Second {
			t.Fatal("the board did not show Ana's lunch within 5s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if same, _ := eval[bool](b, "window.__sameBoardPage === true"); !same {
		t.Error("the page was reloaded to show the change")
	}
	t.Logf("the browser showed the feed's event %s after it was recorded", time.Since(sent).Round(time.Millisecond))
}

// TestBrowserCapacityPlan: a manager saves a scenario from the capacity
// page's form in a browser and sees both charts drawn with a point a week.
func TestBrowserCapacityPlan(t *testing.T) {
	ts, _ := newSite(t)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("capacity-plan")
	if err := b.Login(ts.URL, "mona", managerPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/plans"),
		chromedp.WaitVisible(chromedp.ID("scenario-form")),
		chromedp.SetValue(chromedp.ID("f-name"), "Base"),
		chromedp.SetValue(chromedp.ID("f-start"), "2026-03-09"),
		chromedp.SetValue(chromedp.ID("f-weeks"), "26"),
		chromedp.Click(chromedp.CSS("#scenario-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("capacity_fte")),
	); err != nil {
		t.Fatalf("save a scenario: %v", err)
	}
	ids := []string{"capacity_fte", "capacity_sl"}
	var lengths map[string]int
	var err error
	for try := 0; try < 20; try++ {
		if lengths, err = b.ChartDataLengths(ids); err == nil && allPositive(lengths, ids) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if lengths[id] != 26 {
			t.Errorf("chart %s: %d points, want 26 (a week each)", id, lengths[id])
		}
	}
	b.CheckClean()
}
