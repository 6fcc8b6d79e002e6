package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wfm/api"
	"wfm/auth"
	"wfm/batch"
	"wfm/civil"
	"wfm/people"
	"wfm/planning"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
	"wfm/web"
)

// demo is a small center: a Shanghai site, a queue with two days of
// history, a manager and an agent.
type demo struct {
	store   *store.Store
	queue   store.Queue
	manager store.User
	agent   store.User
	super   store.User
	admin   store.User
	team    store.Team
}

const (
	managerPassword = "manager-pass-1"
	agentPassword   = "agent-pass-1"
	superPassword   = "super-pass-1"
	adminPassword   = "admin-pass-1"
)

// hashes are the users' password hashes, made once: argon2 takes most of
// a second per hash on a busy machine, and a salted hash is as good in
// every test's database.
var hashes = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, pw := range []string{managerPassword, agentPassword, superPassword, adminPassword} {
		m[pw] = store.HashPassword(pw)
	}
	return m
})

func seed(t *testing.T, st *store.Store) demo {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai",
		OpenHours: []store.OpenDays{{Weekdays: []int{1, 2, 3, 4, 5}, Open: "08:00", Close: "20:00"}}}
	must(st.CreateSite(ctx, store.System, &site))
	asa := 30
	q := store.Queue{Code: "billing", Name: "Billing", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, ASATargetSeconds: &asa, Shrinkage: 0.3}
	must(st.CreateQueue(ctx, store.System, &q))
	d := demo{store: st, queue: q}
	d.manager = store.User{Username: "mona", DisplayName: "Mona", Role: store.RoleManager, Locale: "en", Active: true, PasswordHash: hashes()[managerPassword]}
	must(st.CreateUser(ctx, store.System, &d.manager))
	d.agent = store.User{Username: "ana", DisplayName: "Ana", Role: store.RoleAgent, Locale: "en", Active: true, PasswordHash: hashes()[agentPassword]}
	must(st.CreateUser(ctx, store.System, &d.agent))
	d.super = store.User{Username: "sam", DisplayName: "Sam", Role: store.RoleSupervisor, Locale: "en", Active: true, PasswordHash: hashes()[superPassword]}
	must(st.CreateUser(ctx, store.System, &d.super))
	d.admin = store.User{Username: "ada", DisplayName: "Ada", Role: store.RoleAdmin, Locale: "zh-CN", Active: true, PasswordHash: hashes()[adminPassword]}
	must(st.CreateUser(ctx, store.System, &d.admin))

	// A team led by sam, with ana (who signs in) and Bo (who does not), and
	// a published roster for the week of 2 March.
	d.team = store.Team{Name: "Billing A", SiteID: site.ID, SupervisorUserID: &d.super.ID}
	must(st.CreateTeam(ctx, store.System, &d.team))
	skill := store.Skill{Name: "billing"}
	must(st.CreateSkill(ctx, store.System, &skill))
	d.queue.SkillID = &skill.ID
	must(st.UpdateQueue(ctx, store.System, &d.queue))
	tmpl := store.ShiftTemplate{SiteID: site.ID, Code: "E", Name: "Early", Start: "08:00", DurationMinutes: 540,
		Breaks: []schedule.Break{
			{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 150},
			{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 300, Paid: new(false)},
		}}
	must(st.CreateShiftTemplate(ctx, store.System, &tmpl))
	for _, a := range []*store.Agent{
		{Code: "A1", Name: "Ana Agent", UserID: &d.agent.ID},
		{Code: "B2", Name: "Bo Other"},
	} {
		a.TeamID, a.HireDate, a.Active = d.team.ID, civil.MustParse("2025-01-01"), true
		a.Skills = []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}}
		a.Contract = store.Contract{ShiftTemplates: []string{"E"}}
		must(st.CreateAgent(ctx, store.System, a))
	}
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no tzdata")
	}
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, sh)
	var reqs []store.Requirement
	for day := 0; day < 14; day++ {
		for k := 0; k < 32; k++ { // 09:00-17:00: two agents wanted
			reqs = append(reqs, store.Requirement{IntervalStart: monday.AddDate(0, 0, day).Add(9*time.Hour + time.Duration(k)*15*time.Minute),
				IntervalSeconds: 900, Agents: 2, Scheduled: 2, Source: "test"})
		}
	}
	must(st.ReplaceRequirements(ctx, store.System, d.queue.ID, monday, monday.AddDate(0, 0, 14), reqs))
	if _, err := rostering.BuildAndPublish(ctx, st, store.System, site.ID, civil.MustParse("2026-03-02"), 7, rostering.BuildOptions{TimeLimit: time.Second, Seed: 1}); err != nil {
		t.Fatalf("build the roster: %v", err)
	}

	n := func(v int) *int { return &v }
	f := func(v float64) *float64 { return &v }
	at := func(day, h, m int) time.Time { return time.Date(2026, 3, day, h, m, 0, 0, sh) }
	h := batch.History{Interval: 15 * time.Minute, Rows: []batch.HistoryRow{
		{Line: 2, Queue: "billing", Start: at(2, 9, 0), Offered: 10, Answered: n(9), Abandoned: n(1), AnsweredInSL: n(8), ASASeconds: f(12), AHTSeconds: f(200)},
		{Line: 3, Queue: "billing", Start: at(2, 9, 15), Offered: 20, Answered: n(16), Abandoned: n(4), AnsweredInSL: n(10), ASASeconds: f(40), AHTSeconds: f(220)},
		{Line: 4, Queue: "billing", Start: at(3, 9, 0), Offered: 5, Answered: n(5), Abandoned: n(0), AnsweredInSL: n(5), ASASeconds: f(5), AHTSeconds: f(180)},
		{Line: 5, Queue: "billing", Start: at(3, 9, 15), Offered: 0, Answered: n(0), Abandoned: n(0), AnsweredInSL: n(0)},
	}}
	if _, err := st.ImportHistory(ctx, store.System, "history.csv", h); err != nil {
		t.Fatal(err)
	}
	return d
}

// newSite starts the real server (API and pages) on a fresh store.
func newSite(t *testing.T) (*httptest.Server, demo) {
	t.Helper()
	st := storetest.Open(t)
	d := seed(t, st)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// "Today" is Wednesday 4 March 2026, 10:00 in Shanghai.
	now := func() time.Time { return time.Date(2026, 3, 4, 2, 0, 0, 0, time.UTC) }
	srv := api.New(api.Config{Store: st, Log: log, Now: now, Translate: web.Translate})
	engine := srv.Engine()
	if err := web.Mount(engine, web.Config{Auth: srv.Auth(), Builds: srv.Builds(), Jobs: srv.Jobs(), NotFound: srv.NoRoute, Store: st, Log: log, Now: now}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(engine)
	t.Cleanup(ts.Close)
	return ts, d
}

// visitor is a browser without script: a cookie jar that does not follow
// redirects, so tests see them.
type visitor struct {
	t      testing.TB
	base   string
	client *http.Client
}

func newVisitor(t testing.TB, base string) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{t: t, base: base, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (v *visitor) do(method, path string, form url.Values, header ...string) response {
	v.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, v.base+path, body)
	if err != nil {
		v.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := v.client.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b), header: res.Header}
}

// reportingTo returns the visitor, with its session, failing on t: a
// subtest must fail on its own t, never its parent's.
func (v *visitor) reportingTo(t testing.TB) *visitor {
	w := *v
	w.t = t
	return &w
}

var csrfValue = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func csrfOf(t testing.TB, html string) string {
	t.Helper()
	m := csrfValue.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no CSRF field in:\n%s", html)
	}
	return m[1]
}

// login signs in through the login form and returns where it redirected.
func (v *visitor) login(username, password, next string) response {
	v.t.Helper()
	form := v.do("GET", "/login", nil)
	return v.do("POST", "/login", url.Values{"csrf_token": {csrfOf(v.t, form.body)}, "username": {username}, "password": {password}, "next": {next}})
}

// setLocale switches the signed-in visitor's language from the header's
// language form, as a person does (the choice is kept on her user).
func (v *visitor) setLocale(locale string) {
	v.t.Helper()
	page := v.do("GET", web.PathMySchedule, nil)
	if r := v.do("POST", "/locale", url.Values{"csrf_token": {csrfOf(v.t, page.body)}, "locale": {locale}, "next": {"/"}}); r.status != http.StatusSeeOther {
		v.t.Fatalf("language switch to %s: %d", locale, r.status)
	}
}

func TestLoginFlow(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)

	if r := v.do("GET", "/", nil); r.status != http.StatusSeeOther || r.location != "/login" {
		t.Fatalf("GET / signed out: %d %s", r.status, r.location)
	}
	if r := v.do("GET", "/dashboard?queue=1", nil); r.status != http.StatusSeeOther || r.location != "/login?next=%2Fdashboard%3Fqueue%3D1" {
		t.Fatalf("GET /dashboard signed out: %d %s", r.status, r.location)
	}
	form := v.do("GET", "/login?next=/dashboard", nil)
	if form.status != 200 || !strings.Contains(form.body, `<input type="hidden" name="next" value="/dashboard">`) {
		t.Fatalf("login form: %d\n%s", form.status, form.body)
	}
	if csp := form.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	// A post without the form's token is refused (login CSRF).
	r := v.do("POST", "/login", url.Values{"username": {"mona"}, "password": {managerPassword}})
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "The form had expired") {
		t.Errorf("login without CSRF: %d", r.status)
	}
	r = v.login("mona", "wrong", "")
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "The user name or password is not correct.") || !strings.Contains(r.body, `value="mona"`) {
		t.Errorf("wrong password: %d\n%s", r.status, r.body)
	}
	// An open redirect is refused: next must be a path on this site.
	r = v.login("mona", managerPassword, "//evil.example/x")
	if r.status != http.StatusSeeOther || r.location != "/dashboard" {
		t.Errorf("login with foreign next: %d %s", r.status, r.location)
	}
	if r := v.do("GET", "/login", nil); r.status != http.StatusSeeOther || r.location != "/dashboard" {
		t.Errorf("login page when signed in: %d %s", r.status, r.location)
	}
	page := v.do("GET", "/dashboard", nil)
	if page.status != 200 {
		t.Fatalf("dashboard: %d\n%s", page.status, page.body)
	}
	// Logging out needs the session's CSRF token.
	if r := v.do("POST", "/logout", url.Values{"csrf_token": {"forged"}}); r.status != http.StatusForbidden {
		t.Errorf("logout with a forged token: %d", r.status)
	}
	r = v.do("POST", "/logout", url.Values{"csrf_token": {csrfOf(t, page.body)}})
	if r.status != http.StatusSeeOther || r.location != "/login?bye=1" {
		t.Fatalf("logout: %d %s", r.status, r.location)
	}
	if r := v.do("GET", "/login?bye=1", nil); !strings.Contains(r.body, "You have been signed out.") {
		t.Error("no signed-out message")
	}
	if r := v.do("GET", "/dashboard", nil); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Errorf("dashboard after logout: %d %s", r.status, r.location)
	}
}

func TestSessionExpiredAsksToSignInAgain(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)
	u, _ := url.Parse(ts.URL)
	v.client.Jar.SetCookies(u, []*http.Cookie{{Name: auth.SessionCookie, Value: "a-session-the-server-forgot"}})
	r := v.do("GET", "/my/schedule", nil)
	if r.status != http.StatusSeeOther || !strings.Contains(r.location, "expired=1") {
		t.Fatalf("unknown session: %d %s", r.status, r.location)
	}
	if r := v.do("GET", r.location, nil); !strings.Contains(r.body, "Your session has expired.") {
		t.Errorf("login page does not say the session expired:\n%s", r.body)
	}
}

func TestRolesAndLanguage(t *testing.T) {
	ts, d := newSite(t)
	v := newVisitor(t, ts.URL)
	if r := v.login("ana", agentPassword, ""); r.status != http.StatusSeeOther || r.location != "/my/schedule" {
		t.Fatalf("agent login: %d %s", r.status, r.location)
	}
	home := v.do("GET", "/my/schedule", nil)
	if home.status != 200 || strings.Contains(home.body, `href="/roster"`) || strings.Contains(home.body, `href="/dashboard"`) {
		t.Errorf("agent page: %d, shows supervisor links: %v", home.status, strings.Contains(home.body, `href="/roster"`))
	}
	for _, path := range []string{"/roster", "/requests", "/strain", "/dashboard", "/dashboard/csv/sl_day", "/admin"} {
		r := v.do("GET", path, nil)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "You do not have access to this page.") {
			t.Errorf("agent GET %s: %d", path, r.status)
		}
	}
	// The language switch saves the choice on the user.
	r := v.do("POST", "/locale", url.Values{"csrf_token": {csrfOf(t, home.body)}, "locale": {"zh-CN"}, "next": {"/my/schedule"}})
	if r.status != http.StatusSeeOther || r.location != "/my/schedule" {
		t.Fatalf("locale: %d %s", r.status, r.location)
	}
	u, err := d.store.GetUser(context.Background(), d.agent.ID)
	if err != nil || u.Locale != "zh-CN" || !store.CheckPassword(u.PasswordHash, agentPassword) {
		t.Fatalf("user after locale switch: %+v, %v", u, err)
	}
	if r := v.do("GET", "/my/schedule", nil, "Accept-Language", "en-US"); !strings.Contains(r.body, `<html lang="zh-CN">`) || !strings.Contains(r.body, "我的排班表") {
		t.Errorf("preference does not win over Accept-Language:\n%s", r.body)
	}
	// The admin's overview.
	admin := newVisitor(t, ts.URL)
	admin.login("ada", adminPassword, "")
	if r := admin.do("GET", "/admin", nil, "Accept-Language", "en"); r.status != 200 || !strings.Contains(r.body, "Billing A") || !strings.Contains(r.body, "Asia/Shanghai") || !strings.Contains(r.body, "<td>mona</td>") {
		t.Errorf("admin page: %d", r.status)
	}
	// Signed out, Accept-Language decides, until the switch is used.
	anon := newVisitor(t, ts.URL)
	login := anon.do("GET", "/login", nil, "Accept-Language", "zh-CN,zh;q=0.9")
	if !strings.Contains(login.body, "<h1>登录</h1>") {
		t.Error("login page ignores Accept-Language")
	}
	if r := anon.do("POST", "/locale", url.Values{"csrf_token": {csrfOf(t, login.body)}, "locale": {"en"}, "next": {"/login"}}); r.status != http.StatusSeeOther || r.location != "/login" {
		t.Errorf("signed-out language switch: %d %s", r.status, r.location)
	}
	if r := anon.do("GET", "/login", nil, "Accept-Language", "zh-CN,zh;q=0.9"); !strings.Contains(r.body, "<h1>Sign in</h1>") {
		t.Error("the signed-out choice does not win over Accept-Language")
	}
	if r := newVisitor(t, ts.URL).do("POST", "/locale", url.Values{"locale": {"en"}}); r.status != http.StatusForbidden {
		t.Errorf("language switch without the form token: %d", r.status)
	}
}

func TestDashboard(t *testing.T) {
	ts, d := newSite(t)
	// A published forecast of the two intervals of 2 March: 12 and 18
	// against actuals of 10 and 20, so WAPE = (2 + 2) / 30 = 13.3%.
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, sh)
	run := store.ForecastRun{QueueID: d.queue.ID, HorizonStart: start, HorizonEnd: start.Add(30 * time.Minute), IntervalSeconds: 900, Method: "test"}
	if err := d.store.CreateForecastRun(ctx, store.System, &run, []store.ForecastInterval{
		{IntervalStart: start, Volume: 12, VolumeLow: 9, VolumeHigh: 15, AHTSeconds: 200},
		{IntervalStart: start.Add(15 * time.Minute), Volume: 18, VolumeLow: 14, VolumeHigh: 22, AHTSeconds: 200},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := planning.PublishRun(ctx, d.store, store.System, run.ID, run.Version, false); err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, ts.URL)
	v.login("mona", managerPassword, "")
	r := v.do("GET", "/dashboard", nil)
	if r.status != 200 {
		t.Fatalf("dashboard: %d\n%s", r.status, r.body)
	}
	// By hand from the four rows of seed: offered 35, answered 30, in SL 23,
	// abandoned 5; SL = 23 / (30 + 5) = 65.7%; ASA = (12*9 + 40*16 + 5*5) / 30
	// = 25.8 s; AHT = (200*9 + 220*16 + 180*5) / 30 = 207.3 s; abandonment 5/35.
	for _, want := range []string{
		`<span class="tile-value">35</span>`,
		`<div class="tile tile-missed"><span class="tile-label">Service level</span><span class="tile-value">65.7%</span>`,
		`<span class="tile-label">Average speed of answer</span><span class="tile-value">26s</span>`,
		`<span class="tile-value">14.3%</span>`,
		`<span class="tile-value">3m 27s</span>`,
		`value="2026-02-25"`, `value="2026-03-03"`, // the last week with data, in Shanghai dates
		`id="sl_day"`, `id="sl_interval"`, `id="asa"`, `id="abandon_rate"`, `id="offered"`,
		// 3 March 09:00 (and so the day) has 5 contacts: too few to judge.
		"1 of 2 intervals missed the goal of 80%. Grey: 1 intervals with fewer than 10 contacts, too few to judge",
		"1 of 1 days missed the goal of 80%. Grey: 1 days with fewer than 10 contacts, too few to judge",
		`id="forecast"`, "Forecast error (WAPE): 13.3%.",
		`<option value="" selected>All teams</option>`, ">Billing A</option>",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
	csv := v.do("GET", "/dashboard/csv/sl_interval?queue="+itoa(d.queue.ID)+"&from=2026-03-02&to=2026-03-03", nil)
	wantCSV := "\uFEFFinterval_start,service_level,goal,met_goal\n" +
		"2026-03-02T09:00:00+08:00,0.8,0.8,true\n" +
		"2026-03-02T09:15:00+08:00,0.5,0.8,false\n" +
		"2026-03-03T09:00:00+08:00,1,0.8,true\n" +
		"2026-03-03T09:15:00+08:00,,0.8,\n"
	if csv.status != 200 || csv.body != wantCSV || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV: %d %q\n%s", csv.status, csv.header.Get("Content-Disposition"), csv.body)
	}
	day := v.do("GET", "/dashboard/csv/sl_day?from=2026-03-03&to=2026-03-03", nil)
	if !strings.Contains(day.body, "2026-03-03T00:00:00+08:00,1,0.8,true\n") || strings.Contains(day.body, "2026-03-02T") {
		t.Errorf("one-day range:\n%s", day.body)
	}
	bad := v.do("GET", "/dashboard?from=2026-03-05&to=2026-03-01", nil)
	if !strings.Contains(bad.body, "Dates are YYYY-MM-DD") {
		t.Error("reversed dates not reported")
	}
	if r := v.do("GET", "/dashboard/csv/nope", nil); r.status != http.StatusNotFound {
		t.Errorf("unknown chart CSV: %d", r.status)
	}
	// The assets come from the binary.
	if r := v.do("GET", web.AssetURL("vendor/echarts/echarts.min.js"), nil); r.status != 200 || len(r.body) < 500_000 {
		t.Errorf("echarts asset: %d, %d bytes", r.status, len(r.body))
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

// BenchmarkDashboardPage measures the server time of the manager
// dashboard for 30 days of 15-minute history (one queue of four shown, as
// the page does), store query included, on the test engine (SQLite, or
// PostgreSQL with WFM_TEST_DATABASE_URL):
//
//	go test ./web -run '^$' -bench DashboardPage -benchtime 20x
func BenchmarkDashboardPage(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	if err := st.CreateSite(ctx, store.System, &site); err != nil {
		b.Fatal(err)
	}
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Skip("no tzdata")
	}
	var h batch.History
	h.Interval = 15 * time.Minute
	var queueIDs []int64
	for q := 0; q < 4; q++ {
		qu := store.Queue{Code: "q" + itoa(int64(q)), Name: "Queue " + itoa(int64(q)), SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20}
		if err := st.CreateQueue(ctx, store.System, &qu); err != nil {
			b.Fatal(err)
		}
		queueIDs = append(queueIDs, qu.ID)
		for i := 0; i < 30*96; i++ {
			start := time.Date(2026, 3, 1, 0, 0, 0, 0, sh).Add(time.Duration(i) * 15 * time.Minute)
			ans, ab, insl := 20+i%13, i%4, 15+i%9
			aht, asa := 200.0+float64(i%50), 5.0+float64(i%40)
			h.Rows = append(h.Rows, batch.HistoryRow{Queue: qu.Code, Start: start, Offered: ans + ab, Answered: &ans, Abandoned: &ab, AnsweredInSL: &insl, AHTSeconds: &aht, ASASeconds: &asa})
		}
	}
	if _, err := st.ImportHistory(ctx, store.System, "bench.csv", h); err != nil {
		b.Fatal(err)
	}
	u := store.User{Username: "mona", DisplayName: "Mona", Role: store.RoleManager, Active: true, PasswordHash: store.HashPassword(managerPassword)}
	if err := st.CreateUser(ctx, store.System, &u); err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := api.New(api.Config{Store: st, Log: log})
	engine := srv.Engine()
	if err := web.Mount(engine, web.Config{Auth: srv.Auth(), Builds: srv.Builds(), Jobs: srv.Jobs(), NotFound: srv.NoRoute, Store: st, Log: log}); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(engine)
	defer ts.Close()
	v := newVisitor(b, ts.URL)
	if r := v.login("mona", managerPassword, ""); r.status != http.StatusSeeOther {
		b.Fatalf("login: %d", r.status)
	}
	path := "/dashboard?queue=" + itoa(queueIDs[2]) + "&from=2026-03-01&to=2026-03-30"
	var size int
	for b.Loop() {
		r := v.do("GET", path, nil)
		if r.status != 200 {
			b.Fatalf("dashboard: %d", r.status)
		}
		size = len(r.body)
	}
	b.ReportMetric(float64(size)/1e6, "MB/page")
}

func TestMySchedule(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)
	v.login("ana", agentPassword, "")
	r := v.do("GET", "/my/schedule", nil)
	if r.status != 200 {
		t.Fatalf("my schedule: %d\n%s", r.status, r.body)
	}
	for _, want := range []string{"Week of 2 Mar", "Mon 2 Mar", "08:00–17:00 · E", `class="seg seg-shift"`, `class="seg seg-lunch"`, `class="seg seg-break"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("my schedule lacks %s", want)
		}
	}
	// Her teammate appears once: as a swap partner, never on her schedule.
	if strings.Count(r.body, "Bo Other") != 1 || !regexp.MustCompile(`<option value="\d+">Bo Other</option>`).MatchString(r.body) {
		t.Error("an agent sees another agent on her own schedule")
	}
	if k := v.do("GET", "/my/kpis", nil); k.status != 200 || !strings.Contains(k.body, "Your measures per day, 2026-02-03 to 2026-03-04") {
		t.Errorf("my KPIs: %d", k.status)
	}
	if strings.Contains(r.body, "Week of 9 Mar") {
		t.Error("a week without a published roster is shown (as days off)")
	}
	// The calendar link is made on request, shown once, and opens the feed.
	r = v.do("POST", "/my/schedule/calendar-link", url.Values{"csrf_token": {csrfOf(t, r.body)}})
	m := regexp.MustCompile(`id="ics-url" type="text" readonly value="([^"]+)"`).FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("calendar link: %d\n%s", r.status, r.body)
	}
	feed := strings.ReplaceAll(m[1], "&amp;", "&")
	if !strings.HasPrefix(feed, ts.URL+"/api/v1/agents/") || !strings.Contains(feed, "key=cal_") {
		t.Fatalf("feed URL %q", feed)
	}
	ics := newVisitor(t, "").do("GET", feed, nil)
	if ics.status != 200 || !strings.Contains(ics.body, "BEGIN:VCALENDAR") || strings.Count(ics.body, "BEGIN:VEVENT") < 5 {
		t.Errorf("feed: %d\n%.300s", ics.status, ics.body)
	}
}

func TestRosterBoard(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)
	if r := v.login("sam", superPassword, ""); r.location != "/roster" {
		t.Fatalf("supervisor lands on %s", r.location)
	}
	r := v.do("GET", "/roster", nil)
	if r.status != 200 {
		t.Fatalf("roster: %d\n%s", r.status, r.body)
	}
	for _, want := range []string{"Wed 4 Mar 2026", "Ana Agent", "Bo Other", `id="coverage"`, `rel="prev"`, "day=2026-03-05",
		`<th class="today"><a href="/roster?day=2026-03-04&amp;site=`, "Mon 2 Mar", "Sun 8 Mar", "E 08:00–17:00"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("roster board lacks %s", want)
		}
	}
	// The coverage: two wanted 09:00-17:00, and the CSV-ready table says how
	// many the roster has at work; it can never be more than the two agents.
	if strings.Count(r.body, `class="tl-row"`) != 2 {
		t.Errorf("%d agent rows, want 2", strings.Count(r.body, `class="tl-row"`))
	}
	strain := v.do("GET", "/strain", nil)
	if strain.status != 200 || !strings.Contains(strain.body, "2026-02-19 to 2026-03-04") || !strings.Contains(strain.body, "Nobody crossed the alert line") ||
		!strings.Contains(strain.body, `id="strain"`) {
		t.Errorf("strain page: %d\n%s", strain.status, strain.body)
	}
	empty := v.do("GET", "/roster?day=2026-04-01", nil)
	if !strings.Contains(empty.body, "No published shifts on this day.") {
		t.Error("a day without shifts does not say so")
	}
}

// TestTimeOffRequestAndApproval: the agent asks for two days; the team
// allows nobody off, so the request waits; the supervisor approves it and
// the agent sees it approved. Another agent's requests are not hers.
func TestTimeOffRequestAndApproval(t *testing.T) {
	ts, d := newSite(t)
	if err := d.store.SetTimeOffAllowance(context.Background(), store.System, store.Scope{All: true}, d.team.ID, civil.Date{}, 0); err != nil {
		t.Fatal(err)
	}
	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	page := agent.do("GET", "/my/schedule", nil)
	token := csrfOf(t, page.body)

	// A reversed range is refused with the form kept.
	r := agent.do("POST", "/my/schedule/time-off", url.Values{"csrf_token": {token}, "from": {"2026-03-12"}, "to": {"2026-03-10"}, "kind": {"vacation"}, "note": {"family"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Please check the dates") || !strings.Contains(r.body, `value="family"`) {
		t.Errorf("reversed dates: %d", r.status)
	}
	// A day that is not one is refused naming it, the text as typed kept.
	r = agent.do("POST", "/my/schedule/time-off", url.Values{"csrf_token": {token}, "from": {"2026-02-30"}, "kind": {"vacation"}, "note": {"family"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Please check the dates") || !strings.Contains(r.body, `value="2026-02-30"`) ||
		!strings.Contains(r.body, "2026-02-30") {
		t.Errorf("30 February: %d", r.status)
	}
	r = agent.do("POST", "/my/schedule/time-off", url.Values{"csrf_token": {token}, "from": {"2026-03-10"}, "to": {"2026-03-11"}, "kind": {"vacation"}, "note": {"family"}})
	if r.status != http.StatusSeeOther || r.location != "/my/schedule?time_off=waitlisted" {
		t.Fatalf("request: %d %s", r.status, r.location)
	}
	page = agent.do("GET", r.location, nil)
	if !strings.Contains(page.body, "your request is on the waitlist") || !strings.Contains(page.body, `<span class="status status-waitlisted">Waitlisted</span>`) {
		t.Errorf("agent does not see her waitlisted request")
	}
	// Overlapping days are refused.
	if r := agent.do("POST", "/my/schedule/time-off", url.Values{"csrf_token": {token}, "from": {"2026-03-11"}, "kind": {"sick"}}); r.status != http.StatusConflict {
		t.Errorf("overlapping request: %d", r.status)
	}
	// An agent cannot decide.
	if r := agent.do("POST", "/requests/time-off/1", url.Values{"csrf_token": {token}, "version": {"1"}, "status": {"approved"}}); r.status != http.StatusForbidden {
		t.Errorf("agent deciding: %d", r.status)
	}

	super := newVisitor(t, ts.URL)
	super.login("sam", superPassword, "")
	list := super.do("GET", "/requests", nil)
	m := regexp.MustCompile(`(?s)<tr id="time-off-(\d+)">.*?Ana Agent.*?name="version" value="(\d+)"`).FindStringSubmatch(list.body)
	if list.status != 200 || m == nil {
		t.Fatalf("requests page: %d\n%s", list.status, list.body)
	}
	r = super.do("POST", "/requests/time-off/"+m[1], url.Values{"csrf_token": {csrfOf(t, list.body)}, "version": {m[2]}, "status": {"approved"}})
	if r.status != http.StatusSeeOther || r.location != "/requests?done=approved" {
		t.Fatalf("approve: %d %s", r.status, r.location)
	}
	// A stale version (the page was open in two tabs) is a conflict, not a second decision.
	if r := super.do("POST", "/requests/time-off/"+m[1], url.Values{"csrf_token": {csrfOf(t, list.body)}, "version": {m[2]}, "status": {"refused"}}); r.status != http.StatusConflict {
		t.Errorf("stale decision: %d", r.status)
	}
	if page := agent.do("GET", "/my/schedule", nil); !strings.Contains(page.body, `<span class="status status-approved">Approved</span>`) {
		t.Error("agent does not see the approval")
	}
}

// TestBuildAndPublishFromTheBoard: the supervisor builds the next week's
// roster from the board, watches it (the page reloads itself while it
// runs), looks at the draft as a board (shifts, week, coverage, simulated
// service; agents and supervisors of other sites may not), publishes it,
// and the agents' shifts appear on the board.
func TestBuildAndPublishFromTheBoard(t *testing.T) {
	ts, d := newSite(t)
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	board := v.do("GET", "/roster?day=2026-03-09", nil)
	if !strings.Contains(board.body, `name="start" required value="2026-03-16"`) || !strings.Contains(board.body, "No published shifts on this day.") {
		t.Fatalf("board of 9 March:\n%s", board.body)
	}
	site := regexp.MustCompile(`name="site" value="(\d+)"`).FindStringSubmatch(board.body)
	r := v.do("POST", "/roster/builds", url.Values{"csrf_token": {csrfOf(t, board.body)}, "site": {site[1]}, "start": {"2026-03-09"}, "days": {"7"}, "seconds": {"1"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/roster/builds/") {
		t.Fatalf("start build: %d %s\n%s", r.status, r.location, r.body)
	}
	var page response
	for try := 0; try < 100; try++ {
		page = v.do("GET", r.location, nil)
		if !strings.Contains(page.body, `data-status="running"`) {
			break
		}
		if !strings.Contains(page.body, `<meta http-equiv="refresh" content="1">`) {
			t.Fatal("a running build's page does not reload itself")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(page.body, `data-status="done"`) || !strings.Contains(page.body, `id="objective"`) || strings.Contains(page.body, `http-equiv="refresh"`) {
		t.Fatalf("build page:\n%s", page.body)
	}
	m := regexp.MustCompile(`action="(/roster/schedules/\d+/publish)">\s*<input type="hidden" name="csrf_token" value="[^"]+">\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no publish form:\n%s", page.body)
	}
	// The draft, before anyone publishes it, seen as the board sees the
	// published roster; the published board does not show it yet.
	preview := regexp.MustCompile(`<a href="(/roster/schedules/\d+)" id="draft-preview">`).FindStringSubmatch(page.body)
	if preview == nil || preview[1]+"/publish" != m[1] {
		t.Fatalf("the build page does not link to the draft:\n%s", page.body)
	}
	// The lower bound the build proved says how far the draft is at most
	// from the best possible roster, on the build page and the draft's.
	if !strings.Contains(page.body, `id="draft-bound"`) || !strings.Contains(page.body, "best possible roster") {
		t.Errorf("the build page does not show the bound:\n%s", page.body)
	}
	draft := v.do("GET", preview[1], nil)
	for _, want := range []string{"Draft roster #", `id="draft-bound"`, "Mon 9 Mar", `class="tl-row"`, "Ana Agent", "The week", `id="coverage"`,
		`id="simulation"`, "Simulated service of this roster version", `action="` + m[1] + `"`, `href="` + preview[1] + `?day=2026-03-10" rel="next"`} {
		if !strings.Contains(draft.body, want) {
			t.Errorf("the draft's board lacks %s", want)
		}
	}
	if draft.status != 200 || strings.Contains(draft.body, `action="/roster/builds"`) {
		t.Errorf("the draft's board: %d, offers a build %v", draft.status, strings.Contains(draft.body, `action="/roster/builds"`))
	}
	if r := v.do("GET", preview[1]+"?day=2026-03-11", nil); r.status != 200 || !strings.Contains(r.body, "Wed 11 Mar") || !strings.Contains(r.body, "Ana Agent") {
		t.Errorf("the draft's Wednesday: %d", r.status)
	}
	if b := v.do("GET", "/roster?day=2026-03-09", nil); !strings.Contains(b.body, "No published shifts on this day.") {
		t.Error("the published board shows the draft's shifts")
	}
	mona := newVisitor(t, ts.URL)
	mona.login("mona", managerPassword, "")
	if r := mona.do("GET", preview[1], nil); r.status != 200 || !strings.Contains(r.body, "Ana Agent") {
		t.Errorf("the manager sees the draft: %d", r.status)
	}
	ana := newVisitor(t, ts.URL)
	ana.login("ana", agentPassword, "")
	if r := ana.do("GET", preview[1], nil); r.status != http.StatusForbidden || strings.Contains(r.body, "Ana Agent") {
		t.Errorf("an agent asks for the draft: %d, want 403", r.status)
	}
	other := store.User{Username: "sue", DisplayName: "Sue", Role: store.RoleSupervisor, Locale: "en", Active: true, PasswordHash: hashes()[superPassword]}
	if err := d.store.CreateUser(context.Background(), store.System, &other); err != nil {
		t.Fatal(err)
	}
	sue := newVisitor(t, ts.URL)
	sue.login("sue", superPassword, "")
	if r := sue.do("GET", preview[1], nil); r.status != http.StatusForbidden || strings.Contains(r.body, "Ana Agent") {
		t.Errorf("a supervisor of none of the site's teams asks for the draft: %d, want 403", r.status)
	}

	r = v.do("POST", m[1], url.Values{"csrf_token": {csrfOf(t, page.body)}, "version": {m[2]}})
	if r.status != http.StatusSeeOther || !strings.Contains(r.location, "day=2026-03-09") {
		t.Fatalf("publish: %d %s", r.status, r.location)
	}
	board = v.do("GET", r.location, nil)
	if !strings.Contains(board.body, "The roster is published") || !strings.Contains(board.body, "Ana Agent") {
		t.Errorf("board after publishing:\n%s", board.body)
	}
	// Publishing the same draft twice is refused (it is no longer a draft).
	if r := v.do("POST", m[1], url.Values{"csrf_token": {csrfOf(t, page.body)}, "version": {m[2]}}); r.status == http.StatusSeeOther {
		t.Error("a published roster was published again")
	}
}

// TestDraftBoardWeekShowsItsPeriod: a draft of three days from a
// Wednesday, seen as a board: its week marks the days it does not cover
// as unplanned ("–"), not as days off, and an agent it leaves without a
// shift on one of its days has that day off.
func TestDraftBoardWeekShowsItsPeriod(t *testing.T) {
	ts, d := newSite(t)
	p := schedule.Problem{StartDate: civil.MustParse("2026-03-11"), Days: 3, IntervalMinutes: 15,
		Shifts: []schedule.Shift{{ID: "E", Start: "08:00", DurationMinutes: 540}},
		Agents: []schedule.Agent{{ID: "A1"}, {ID: "B2"}}}
	v := &store.ScheduleVersion{SiteID: d.queue.SiteID, Problem: p, Solution: schedule.Solution{Assignments: []schedule.Assignment{
		{Agent: "A1", Day: 0, Shift: "E"}, {Agent: "A1", Day: 1, Shift: "E"}, {Agent: "B2", Day: 2, Shift: "E"}}}}
	if err := rostering.CreateSchedule(context.Background(), d.store, store.System, store.Scope{All: true}, v); err != nil {
		t.Fatal(err)
	}
	sam := newVisitor(t, ts.URL)
	sam.login("sam", superPassword, "")
	r := sam.do("GET", "/roster/schedules/"+itoa(v.ID), nil)
	if r.status != 200 || !strings.Contains(r.body, "Draft roster #"+itoa(v.ID)+" · Wed 11 Mar") {
		t.Fatalf("the draft's board: %d\n%s", r.status, r.body)
	}
	row := regexp.MustCompile(`<tr><td>Ana Agent</td>(.*?)</tr>`).FindStringSubmatch(r.body)
	if row == nil {
		t.Fatalf("no week row for Ana:\n%s", r.body)
	}
	cells := regexp.MustCompile(`<td>(.*?)</td>`).FindAllStringSubmatch(row[1], -1)
	var got []string
	for _, c := range cells {
		got = append(got, regexp.MustCompile(`<[^>]+>`).ReplaceAllString(c[1], ""))
	}
	want := []string{"–", "–", "E 08:00–17:00", "E 08:00–17:00", "Day off", "–", "–"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Ana's week in the draft = %q, want %q", got, want)
	}
}

// TestReviewAcknowledged: the supervisor's shared review and coaching note
// reach the agent, who acknowledges both; a draft stays hidden from her.
func TestReviewAcknowledged(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	sc, err := auth.ScopeOf(ctx, d.store, &d.super)
	if err != nil {
		t.Fatal(err)
	}
	sam := store.Actor{UserID: d.super.ID}
	agentID := findAgent(t, d, "A1")
	shared, err := people.GenerateReview(ctx, d.store, sam, sc, agentID, "2026-02")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := people.CommentReview(ctx, d.store, sam, sc, shared.ID, "Steady month, well done."); err != nil {
		t.Fatal(err)
	}
	if _, err := people.ShareReview(ctx, d.store, sam, sc, shared.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := people.GenerateReview(ctx, d.store, sam, sc, agentID, "2026-03"); err != nil { // a draft
		t.Fatal(err)
	}
	if err := people.CreateFeedback(ctx, d.store, sam, sc, &store.Feedback{AgentID: agentID, Body: "Great empathy on the billing call."}); err != nil {
		t.Fatal(err)
	}

	v := newVisitor(t, ts.URL)
	v.login("ana", agentPassword, "")
	page := v.do("GET", "/my/reviews", nil)
	for _, want := range []string{"Review for 2026-02", "Steady month, well done.", "Great empathy on the billing call.", "Adherence", `action="/my/reviews/` + itoa(shared.ID) + `/acknowledge"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("reviews page lacks %s", want)
		}
	}
	if strings.Contains(page.body, "2026-03") {
		t.Error("the agent sees a draft review")
	}
	r := v.do("POST", "/my/reviews/"+itoa(shared.ID)+"/acknowledge", url.Values{"csrf_token": {csrfOf(t, page.body)}, "comment": {"Thanks, I will work on adherence."}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d\n%s", r.status, r.body)
	}
	got, err := people.ReadReview(ctx, d.store, sc, shared.ID)
	if err != nil || got.Status != store.ReviewAcknowledged || got.AgentComment != "Thanks, I will work on adherence." {
		t.Fatalf("review after acknowledging: %+v %v", got, err)
	}
	fid := regexp.MustCompile(`action="/my/reviews/feedback/(\d+)/acknowledge"`).FindStringSubmatch(page.body)
	if fid == nil {
		t.Fatal("no feedback acknowledge form")
	}
	if r := v.do("POST", "/my/reviews/feedback/"+fid[1]+"/acknowledge", url.Values{"csrf_token": {csrfOf(t, page.body)}}); r.status != http.StatusSeeOther {
		t.Fatalf("acknowledge feedback: %d", r.status)
	}
	notes, err := d.store.ListFeedback(ctx, sc, agentID)
	if err != nil || len(notes) != 1 || notes[0].ReadAt == nil || notes[0].AcknowledgedAt == nil {
		t.Errorf("feedback receipts: %+v %v", notes, err)
	}
	// Bo's supervisor reads nothing of Ana's here; but Ana cannot acknowledge for someone else either.
	if r := v.do("POST", "/my/reviews/999/acknowledge", url.Values{"csrf_token": {csrfOf(t, page.body)}}); r.status != http.StatusNotFound {
		t.Errorf("acknowledging an unknown review: %d", r.status)
	}
}

func findAgent(t *testing.T, d demo, code string) int64 {
	t.Helper()
	agents, err := d.store.ListAgents(context.Background(), store.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range agents {
		if a.Code == code {
			return a.ID
		}
	}
	t.Fatalf("no agent %s", code)
	return 0
}

// TestShiftSwap: Ana offers Bo her shift of Thursday 5 March; the center
// leaves swaps to supervisors, so it waits; Sam approves it, and the store
// applies it to the published roster.
func TestShiftSwap(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	ana := newVisitor(t, ts.URL)
	ana.login("ana", agentPassword, "")
	page := ana.do("GET", "/my/schedule", nil)
	bo := regexp.MustCompile(`<option value="(\d+)">Bo Other</option>`).FindStringSubmatch(page.body)
	if bo == nil {
		t.Fatal("no swap partner offered")
	}
	// A day without a published roster is refused with the form kept.
	r := ana.do("POST", "/my/schedule/swaps", url.Values{"csrf_token": {csrfOf(t, page.body)}, "date": {"2026-06-01"}, "colleague": {bo[1]}, "note": {"dentist"}})
	if r.status == http.StatusSeeOther || !strings.Contains(r.body, `value="dentist"`) {
		t.Errorf("swap on a day without a roster: %d", r.status)
	}
	r = ana.do("POST", "/my/schedule/swaps", url.Values{"csrf_token": {csrfOf(t, page.body)}, "date": {"2026-03-05"}, "colleague": {bo[1]}, "note": {"dentist"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/my/schedule?swap=") {
		t.Fatalf("offer: %d %s\n%s", r.status, r.location, r.body)
	}
	if strings.HasSuffix(r.location, "approved") {
		t.Skip("the center approves swaps by itself")
	}
	if page := ana.do("GET", r.location, nil); !strings.Contains(page.body, "Your offer waits for your supervisor.") {
		t.Error("no word that the offer waits")
	}
	sam := newVisitor(t, ts.URL)
	sam.login("sam", superPassword, "")
	list := sam.do("GET", "/requests", nil)
	m := regexp.MustCompile(`(?s)<tr id="swap-(\d+)">.*?Ana Agent.*?Bo Other.*?name="version" value="(\d+)"`).FindStringSubmatch(list.body)
	if m == nil {
		t.Fatalf("no swap to decide:\n%s", list.body)
	}
	r = sam.do("POST", "/requests/swaps/"+m[1], url.Values{"csrf_token": {csrfOf(t, list.body)}, "version": {m[2]}, "decision": {"approve"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/requests?swap=") {
		t.Fatalf("approve: %d %s\n%s", r.status, r.location, r.body)
	}
	swaps, err := d.store.ListSwaps(ctx, store.Scope{All: true}, "")
	if err != nil || len(swaps) != 1 || swaps[0].Status != strings.TrimPrefix(r.location, "/requests?swap=") {
		t.Errorf("swaps after the decision: %+v %v (page said %s)", swaps, err, r.location)
	}
}

// TestEditShiftWithRuleCheck: the supervisor moves Ana's Wednesday shift
// to a start its template does not allow; the page shows the broken rule
// before anything is saved; she keeps it anyway, which makes a draft she
// then publishes.
func TestEditShiftWithRuleCheck(t *testing.T) {
	ts, _ := newSite(t)
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	board := v.do("GET", "/roster?day=2026-03-04", nil)
	m := regexp.MustCompile(`<a href="(/roster/edit\?[^"]+)">Ana Agent</a>`).FindStringSubmatch(board.body)
	if m == nil {
		t.Fatalf("no edit link for Ana on the board:\n%s", board.body)
	}
	form := v.do("GET", strings.ReplaceAll(m[1], "&amp;", "&"), nil)
	if form.status != 200 || !strings.Contains(form.body, `name="start" step="900" value="08:00"`) {
		t.Fatalf("edit form: %d\n%s", form.status, form.body)
	}
	field := func(name string) string {
		mm := regexp.MustCompile(`name="` + name + `" value="([^"]*)"`).FindStringSubmatch(form.body)
		if mm == nil {
			t.Fatalf("no field %s", name)
		}
		return mm[1]
	}
	edit := url.Values{"csrf_token": {csrfOf(t, form.body)}, "schedule": {field("schedule")}, "version": {field("version")}, "agent": {field("agent")},
		"date": {"2026-03-04"}, "orig_shift": {"E"}, "orig_start": {"08:00"}, "shift": {"E"}, "start": {"10:00"}}
	r := v.do("POST", "/roster/edit", edit)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "This change breaks rules the roster kept:") || !strings.Contains(r.body, `name="force" value="1"`) {
		t.Fatalf("edit breaking a rule: %d\n%s", r.status, r.body)
	}
	edit.Set("force", "1")
	r = v.do("POST", "/roster/edit", edit)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/roster/schedules/") {
		t.Fatalf("forced edit: %d %s\n%s", r.status, r.location, r.body)
	}
	first := r.location
	publishForm := regexp.MustCompile(`action="(/roster/schedules/\d+/publish)">\s*<input type="hidden" name="csrf_token" value="[^"]+">\s*<input type="hidden" name="version" value="(\d+)"`)
	// Meanwhile a second draft of the same published roster: the same
	// shift kept as it is (no rule broken, nothing to force).
	edit.Set("start", "08:00")
	edit.Del("force")
	r = v.do("POST", "/roster/edit", edit)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/roster/schedules/") || r.location == first {
		t.Fatalf("second edit of the published roster: %d %s\n%s", r.status, r.location, r.body)
	}
	second := v.do("GET", r.location, nil)
	pm2 := publishForm.FindStringSubmatch(second.body)
	if pm2 == nil {
		t.Fatalf("no publish form on the second draft:\n%s", second.body)
	}

	draft := v.do("GET", first, nil)
	pm := publishForm.FindStringSubmatch(draft.body)
	if pm == nil {
		t.Fatalf("no publish form on the draft:\n%s", draft.body)
	}
	r = v.do("POST", pm[1], url.Values{"csrf_token": {csrfOf(t, draft.body)}, "version": {pm[2]}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	after := v.do("GET", "/roster?day=2026-03-04", nil)
	if !strings.Contains(after.body, "Shift 10:00–19:00") {
		t.Errorf("the board does not show Ana's moved shift")
	}
	// The second draft would undo the first: its page says so and offers
	// no publication; the stale form is refused with the reason (409).
	publishedID := strings.TrimPrefix(first, "/roster/schedules/")
	replaced := "published by Sam at "
	page := v.do("GET", "/roster/schedules/"+strings.Split(pm2[1], "/")[3], nil)
	if page.status != 200 || !strings.Contains(page.body, `id="draft-replaced"`) || !strings.Contains(page.body, "roster #"+publishedID+", "+replaced) || publishForm.MatchString(page.body) {
		t.Errorf("the replaced draft's page: %d\n%s", page.status, page.body)
	}
	r = v.do("POST", pm2[1], url.Values{"csrf_token": {csrfOf(t, second.body)}, "version": {pm2[2]}})
	if r.status != http.StatusConflict || !strings.Contains(r.body, "The draft was not published") || !strings.Contains(r.body, replaced) {
		t.Errorf("publishing the replaced draft: %d\n%s", r.status, r.body)
	}
	if after := v.do("GET", "/roster?day=2026-03-04", nil); !strings.Contains(after.body, "Shift 10:00–19:00") {
		t.Errorf("the refused draft changed the board")
	}
}

// TestTimeOffAllowanceFromTheRequestsPage: the supervisor sets her team's
// default and one date's allowance on the requests page and sees the room
// left per day; an agent may not.
func TestTimeOffAllowanceFromTheRequestsPage(t *testing.T) {
	ts, d := newSite(t)
	super := newVisitor(t, ts.URL)
	super.login("sam", superPassword, "")
	list := super.do("GET", "/requests", nil)
	if list.status != 200 || !strings.Contains(list.body, "no allowance (requests wait for you)") {
		t.Fatalf("requests page before any allowance: %d", list.status)
	}
	token := csrfOf(t, list.body)
	team := strconv.FormatInt(d.team.ID, 10)
	r := super.do("POST", "/requests/allowance", url.Values{"csrf_token": {token}, "team_id": {team}, "allowed": {"2"}})
	if r.status != http.StatusSeeOther || r.location != "/requests?allowance=set#allowances" {
		t.Fatalf("set default: %d %s", r.status, r.location)
	}
	if r := super.do("POST", "/requests/allowance", url.Values{"csrf_token": {token}, "team_id": {team}, "date": {"2028-01-03"}, "allowed": {"0"}}); r.status != http.StatusSeeOther {
		t.Fatalf("set a date: %d", r.status)
	}
	if r := super.do("POST", "/requests/allowance", url.Values{"csrf_token": {token}, "team_id": {team}, "date": {"01/02/2099"}, "allowed": {"1"}}); r.status != http.StatusBadRequest {
		t.Errorf("bad date: %d, want 400", r.status)
	}
	if r := super.do("POST", "/requests/allowance", url.Values{"csrf_token": {token}, "team_id": {team}, "allowed": {"-1"}}); r.status != http.StatusBadRequest {
		t.Errorf("negative allowance: %d, want 400", r.status)
	}
	page := super.do("GET", "/requests?allowance=set", nil)
	for _, want := range []string{"Allowance saved.", "default per day 2", "2028-01-03 = 0", `<tr><th>Room left</th><td class="">2</td>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("requests page lacks %q", want)
		}
	}
	rows, err := d.store.ListTimeOffAllowances(context.Background(), store.Scope{All: true}, d.team.ID)
	if err != nil || len(rows) != 2 || rows[0].Allowed != 2 || rows[1].Date != civil.MustParse("2028-01-03") {
		t.Errorf("stored allowances %v %v", rows, err)
	}

	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	page = agent.do("GET", "/my/schedule", nil)
	if r := agent.do("POST", "/requests/allowance", url.Values{"csrf_token": {csrfOf(t, page.body)}, "team_id": {team}, "allowed": {"9"}}); r.status != http.StatusForbidden {
		t.Errorf("agent setting an allowance: %d, want 403", r.status)
	}
}
