package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wfm/api"
	"wfm/auth"
	"wfm/jobs"
	"wfm/store"
	"wfm/store/storetest"
	"wfm/version"
	"wfm/web"
)

// newSiteWithJobs is newSite with a job engine whose catalog holds one
// job, so the admin's "run now" has something to queue and run.
func newSiteWithJobs(t *testing.T) (*httptest.Server, demo, *atomic.Int32) {
	t.Helper()
	st := storetest.Open(t)
	d := seed(t, st)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	now := func() time.Time { return time.Date(2026, 3, 4, 2, 0, 0, 0, time.UTC) }
	runs := new(atomic.Int32)
	runner, err := jobs.New(context.Background(), jobs.Config{Store: st, Log: log, Workers: 1, PollEvery: 100 * time.Millisecond,
		Catalog: []jobs.Job{{Name: "tidy-up", Schedule: "@every 1h", About: "a test job",
			Run: func(context.Context) error { runs.Add(1); return nil }}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		runner.Stop(ctx) //nolint:errcheck // the test is over
		runner.Close()
	})
	srv := api.New(api.Config{Store: st, Log: log, Now: now, Jobs: runner})
	engine := srv.Engine()
	if err := web.Mount(engine, web.Config{Auth: srv.Auth(), Builds: srv.Builds(), Jobs: srv.Jobs(), NotFound: srv.NoRoute, Store: st, Log: log, Now: now}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(engine)
	t.Cleanup(ts.Close)
	return ts, d, runs
}

var (
	inputValue    = regexp.MustCompile(`<input id="[^"]*" type="(?:text|number|date|time)" name="([^"]+)" value="([^"]*)"`)
	selectedValue = regexp.MustCompile(`<select id="[^"]*" name="([^"]+)"[^>]*>(?:<option value="[^"]*">[^<]*</option>)*<option value="([^"]*)" selected>`)
	hiddenValue   = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)
	checkedBox    = regexp.MustCompile(`type="checkbox" name="([^"]+)" value="1" checked`)
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// queueForm is the queue's form as the page fills it, with changes.
func queueForm(t *testing.T, page string, changes map[string]string) url.Values {
	t.Helper()
	f := url.Values{"csrf_token": {csrfOf(t, page)}}
	for _, m := range inputValue.FindAllStringSubmatch(page, -1) {
		f.Set(m[1], m[2])
	}
	for _, m := range selectedValue.FindAllStringSubmatch(page, -1) {
		f.Set(m[1], m[2])
	}
	for _, m := range checkedBox.FindAllStringSubmatch(page, -1) {
		f.Set(m[1], "1")
	}
	for _, m := range hiddenValue.FindAllStringSubmatch(page, -1) {
		if m[1] != "csrf_token" && m[1] != "next" {
			f.Set(m[1], m[2])
		}
	}
	for k, v := range changes {
		f.Set(k, v)
	}
	return f
}

func TestAdminEditsAQueueWithVersionCheck(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	admin := newVisitor(t, ts.URL)
	admin.login("ada", adminPassword, "")
	path := "/admin/queues/" + id(d.queue.ID)
	page := admin.do("GET", path, nil)
	if page.status != 200 || !strings.Contains(page.body, `name="sl_target" value="80"`) || !strings.Contains(page.body, `name="version" value="`+id(d.queue.Version)+`"`) {
		t.Fatalf("queue form: %d\n%s", page.status, page.body)
	}
	// A value that does not parse, and one the store refuses: both shown
	// next to their fields, in the admin's language (zh-CN), nothing saved.
	r := admin.do("POST", path, queueForm(t, page.body, map[string]string{"sl_target": "abc", "concurrency": "50"}))
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `id="f-sl-target-error">请输入百分比，例如 80。`) || !strings.Contains(r.body, `value="abc"`) {
		t.Errorf("bad percent: %d\n%s", r.status, r.body)
	}
	r = admin.do("POST", path, queueForm(t, page.body, map[string]string{"sl_target": "150"}))
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `id="f-sl-target-error">请输入大于 0 且小于 100 的百分比。`) {
		t.Errorf("SL target above 100%%: %d\n%s", r.status, r.body)
	}
	if q, _ := d.store.GetQueue(ctx, d.queue.ID); q.SLTarget != 0.8 || q.Version != d.queue.Version {
		t.Fatalf("refused forms changed the queue: %+v", q)
	}
	r = admin.do("POST", path, queueForm(t, page.body, map[string]string{"sl_target": "85", "max_occupancy": "88"}))
	if r.status != http.StatusSeeOther || r.location != path+"?saved=1" {
		t.Fatalf("save: %d %s\n%s", r.status, r.location, r.body)
	}
	q, err := d.store.GetQueue(ctx, d.queue.ID)
	if err != nil || q.SLTarget != 0.85 || q.MaxOccupancy == nil || *q.MaxOccupancy != 0.88 || q.ASATargetSeconds == nil || *q.ASATargetSeconds != 30 || q.SkillID == nil {
		t.Fatalf("after save: %+v %v", q, err)
	}
	if r := admin.do("GET", r.location, nil); !strings.Contains(r.body, `name="sl_target" value="85"`) || !strings.Contains(r.body, "已保存。") {
		t.Errorf("saved form:\n%s", r.body)
	}
	// The same (now stale) form again: a conflict, said plainly, nothing overwritten.
	r = admin.do("POST", path, queueForm(t, page.body, map[string]string{"sl_target": "70"}))
	if r.status != http.StatusConflict || !strings.Contains(r.body, "其他人已保存了此队列") || !strings.Contains(r.body, `name="sl_target" value="85"`) {
		t.Errorf("stale form: %d\n%s", r.status, r.body)
	}
	if q, _ := d.store.GetQueue(ctx, d.queue.ID); q.SLTarget != 0.85 {
		t.Errorf("a stale form overwrote the queue: %v", q.SLTarget)
	}
	// Without the CSRF token, nothing happens.
	f := queueForm(t, page.body, nil)
	f.Del("csrf_token")
	if r := admin.do("POST", path, f); r.status != http.StatusForbidden {
		t.Errorf("no CSRF token: %d", r.status)
	}
}

func TestAdminCreatesAndEditsTheCenter(t *testing.T) {
	ts, d, runs := newSiteWithJobs(t)
	ctx := context.Background()
	admin := newVisitor(t, ts.URL)
	admin.login("ada", adminPassword, "")
	post := func(path string, form url.Values) response {
		t.Helper()
		page := admin.do("GET", "/admin", nil)
		form.Set("csrf_token", csrfOf(t, page.body))
		return admin.do("POST", path, form)
	}
	// The admin page names the running build, for a bug report.
	if page := admin.do("GET", "/admin", nil); !strings.Contains(page.body, version.Get().String()) {
		t.Errorf("the admin page does not name the build %q", version.Get().String())
	}
	r := post("/admin/sites", url.Values{"name": {"Chengdu"}, "timezone": {"Asia/Chongqing"}, "open_hours": {"1-5 08:00-20:00\n6,0 09:00-17:00"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new site: %d\n%s", r.status, r.body)
	}
	sites, _ := d.store.ListSites(ctx)
	if len(sites) != 2 || sites[1].Name != "Chengdu" || len(sites[1].OpenHours) != 2 || len(sites[1].OpenHours[0].Weekdays) != 5 {
		t.Fatalf("sites: %+v", sites)
	}
	r = post("/admin/sites", url.Values{"name": {""}, "timezone": {"Mars/Olympus"}, "open_hours": {"weekdays 8-5"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `id="f-name-error">必填。`) || !strings.Contains(r.body, `id="f-timezone-error">不是有效的 IANA 时区`) || !strings.Contains(r.body, "第 1 行") {
		t.Errorf("bad site: %d\n%s", r.status, r.body)
	}
	r = post("/admin/skills", url.Values{"name": {"English"}})
	if skills, _ := d.store.ListSkills(ctx); r.status != http.StatusSeeOther || len(skills) != 2 || skills[1].Name != "English" {
		t.Errorf("new skill: %d %+v", r.status, skills)
	}
	// A user linked to Bo, with a password; then the password reset.
	agents, _ := d.store.ListAgents(ctx, store.Scope{All: true})
	bo := agents[1]
	// Linked to an agent that is not there (deleted meanwhile): no user is
	// left behind by the failed link.
	r = post("/admin/users", url.Values{"username": {"ghost"}, "display_name": {"Ghost"}, "role": {"agent"}, "locale": {""}, "active": {"1"},
		"agent_id": {"9999"}, "password": {"ghost-password-1"}})
	if _, err := d.store.UserByUsername(ctx, "ghost"); r.status == http.StatusSeeOther || err == nil {
		t.Errorf("user linked to a missing agent: %d, and the user is there (lookup: %v)", r.status, err)
	}
	r = post("/admin/users", url.Values{"username": {"bo"}, "display_name": {"Bo"}, "role": {"agent"}, "locale": {""}, "active": {"1"},
		"agent_id": {id(bo.ID)}, "password": {"bo-password-1"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new user: %d\n%s", r.status, r.body)
	}
	u, err := d.store.UserByUsername(ctx, "bo")
	if err != nil || !store.CheckPassword(u.PasswordHash, "bo-password-1") {
		t.Fatalf("user bo: %+v %v", u, err)
	}
	if sc, _ := auth.ScopeOf(ctx, d.store, u); sc.AgentID != bo.ID {
		t.Errorf("bo is linked to agent %d, want %d", sc.AgentID, bo.ID)
	}
	userPage := admin.do("GET", "/admin/users/"+id(u.ID), nil)
	r = admin.do("POST", "/admin/users/"+id(u.ID), url.Values{"csrf_token": {csrfOf(t, userPage.body)}, "version": {id(u.Version)},
		"username": {"bo"}, "display_name": {"Bo"}, "role": {"supervisor"}, "active": {"1"}, "agent_id": {id(bo.ID)}, "password": {"short"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `id="f-password-error">至少 10 个字符。`) {
		t.Errorf("short password: %d\n%s", r.status, r.body)
	}
	r = admin.do("POST", "/admin/users/"+id(u.ID), url.Values{"csrf_token": {csrfOf(t, userPage.body)}, "version": {id(u.Version)},
		"username": {"bo"}, "display_name": {"Bo"}, "role": {"supervisor"}, "active": {"1"}, "agent_id": {id(bo.ID)}, "password": {"a-new-password"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("reset: %d\n%s", r.status, r.body)
	}
	if u, _ = d.store.GetUser(ctx, u.ID); u.Role != "supervisor" || !store.CheckPassword(u.PasswordHash, "a-new-password") {
		t.Errorf("after reset: %+v", u)
	}
	// A team under bo, an agent with skills and a contract, a shift
	// template, a scorecard and a quality form.
	r = post("/admin/teams", url.Values{"name": {"Billing B"}, "site_id": {id(d.queue.SiteID)}, "supervisor_user_id": {id(u.ID)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new team: %d\n%s", r.status, r.body)
	}
	teams, _ := d.store.ListTeams(ctx, store.Scope{All: true})
	if len(teams) != 2 || teams[1].SupervisorUserID == nil || *teams[1].SupervisorUserID != u.ID {
		t.Fatalf("teams: %+v", teams)
	}
	skill := d.queue.SkillID
	r = post("/admin/agents", url.Values{"code": {"C3"}, "name": {"Cai"}, "team_id": {id(teams[1].ID)}, "hire_date": {"2026-01-05"}, "active": {"1"},
		"skill." + id(*skill): {"4"}, "contract.kind": {"part-time"}, "contract.weekly_minutes_min": {"1200"}, "contract.weekly_minutes_max": {"1800"},
		"contract.max_consecutive_days": {"5"}, "contract.min_consecutive_days_off": {"2"}, "contract.min_rest_minutes": {"660"},
		"contract.max_weekends_per_4_weeks": {"2"}, "contract.shift_templates": {"E, L"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new agent: %d\n%s", r.status, r.body)
	}
	agents, _ = d.store.ListAgents(ctx, store.Scope{All: true})
	c3 := agents[2]
	if c3.Code != "C3" || len(c3.Skills) != 1 || c3.Skills[0].Proficiency != 4 || c3.Contract.Kind != "part-time" || c3.Contract.WeeklyMinutesMax != 1800 || len(c3.Contract.ShiftTemplates) != 2 {
		t.Fatalf("agent C3: %+v", c3)
	}
	r = post("/admin/agents", url.Values{"code": {"C4"}, "name": {"Dai"}, "team_id": {id(teams[1].ID)}, "hire_date": {"2026-02-30"},
		"contract.kind": {"full-time"}, "contract.weekly_minutes_min": {"2400"}, "contract.weekly_minutes_max": {"1800"},
		"contract.max_consecutive_days": {"0"}, "contract.min_consecutive_days_off": {"0"}, "contract.min_rest_minutes": {"x"}, "contract.max_weekends_per_4_weeks": {"0"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `id="f-contract-min-rest-minutes-error">请输入整数。`) ||
		!strings.Contains(r.body, `id="f-hire-date-error">请输入日期`) {
		t.Errorf("bad contract: %d\n%s", r.status, r.body)
	}
	r = post("/admin/shift-templates", url.Values{"site_id": {id(d.queue.SiteID)}, "code": {"L"}, "name": {"Late"}, "start": {"12:00"}, "latest_start": {"13:00"},
		"duration_minutes": {"540"}, "breaks": {"15 90-150\n60 210-300 unpaid"}, "cannot_be_followed_by": {"E"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new template: %d\n%s", r.status, r.body)
	}
	tmpls, _ := d.store.ListShiftTemplates(ctx, d.queue.SiteID)
	if len(tmpls) != 2 || tmpls[1].Code != "L" || len(tmpls[1].Breaks) != 2 || tmpls[1].Breaks[1].IsPaid() || tmpls[1].CannotBeFollowedBy[0] != "E" {
		t.Fatalf("templates: %+v", tmpls)
	}
	r = post("/admin/scorecards", url.Values{"name": {"Billing B card"}, "team_id": {id(teams[1].ID)}, "items": {"adherence | 50 | 0.8 | 0.95 | higher\ncsat | 50 | 0.6 | 0.9 | higher"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new scorecard: %d\n%s", r.status, r.body)
	}
	r = post("/admin/scorecards", url.Values{"name": {"Bad"}, "items": {"speed | 50 | 0 | 1 | higher"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "speed") {
		t.Errorf("unknown KPI: %d\n%s", r.status, r.body)
	}
	r = post("/admin/quality-forms", url.Values{"name": {"Chat form"}, "items": {"greet | empathy | 2 | - | Greets by name\nprivacy | assurance | 0 | critical | Asks nothing private"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new quality form: %d\n%s", r.status, r.body)
	}
	// The roster policy and a job run now.
	r = post("/admin/roster-settings", url.Values{"swap_auto_approve": {"1"}})
	if on, _ := d.store.SwapAutoApprove(ctx); r.status != http.StatusSeeOther || !on {
		t.Errorf("roster settings: %d, auto approve %v", r.status, on)
	}
	overview := admin.do("GET", "/admin", nil)
	if !strings.Contains(overview.body, `action="/admin/jobs/tidy-up/run"`) {
		t.Fatalf("no run-now button:\n%s", overview.body)
	}
	r = post("/admin/jobs/tidy-up/run", url.Values{})
	if r.status != http.StatusSeeOther {
		t.Fatalf("run now: %d", r.status)
	}
	for deadline := time.Now().Add(30 * time.Second); runs.Load() != 1; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the queued job ran %d times", runs.Load())
		}
	}
	if r := admin.do("GET", r.location, nil); !strings.Contains(r.body, "<td>tidy-up</td><td>手动</td>") { // ada reads Chinese
		t.Errorf("the manual run is not listed:\n%s", r.body)
	}
	if r := post("/admin/jobs/no-such-job/run", url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("unknown job: %d", r.status)
	}
}

// Every admin page refuses the roles below it; managers read (without a
// save button) what the API lets them read, and save nothing.
func TestAdminPagesRefuseRoles(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	forms, _ := d.store.ListQualityForms(ctx)
	cards, _ := d.store.ListScorecards(ctx)
	tmpls, _ := d.store.ListShiftTemplates(ctx, 0)
	agents, _ := d.store.ListAgents(ctx, store.Scope{All: true})
	read := []string{"/admin/sites/" + id(d.queue.SiteID), "/admin/skills/" + id(*d.queue.SkillID), "/admin/queues/" + id(d.queue.ID), "/admin/teams/" + id(d.team.ID),
		"/admin/agents/" + id(agents[0].ID), "/admin/shift-templates/" + id(tmpls[0].ID), "/admin/scorecards/" + id(cards[0].ID),
		"/admin/quality-forms/" + id(forms[0].ID)}
	adminOnly := []string{"/admin/users/" + id(d.agent.ID)}
	for _, kind := range []string{"sites", "skills", "queues", "teams", "agents", "users", "shift-templates", "scorecards", "quality-forms"} {
		adminOnly = append(adminOnly, "/admin/"+kind+"/new")
	}
	posts := append([]string{"/admin/jobs/x/run", "/admin/roster-settings", "/admin/sites", "/admin/queues", "/admin/users"}, read...)
	for _, who := range []struct{ user, password string }{{"ana", agentPassword}, {"sam", superPassword}, {"mona", managerPassword}} {
		t.Run(who.user, func(t *testing.T) {
			v := newVisitor(t, ts.URL)
			v.login(who.user, who.password, "")
			page := v.do("GET", "/my/schedule", nil)
			token := csrfOf(t, page.body)
			manager := who.user == "mona"
			for _, path := range append([]string{"/admin"}, read...) {
				r := v.do("GET", path, nil, "Accept-Language", "en")
				switch {
				case manager && (r.status != 200 || strings.Contains(r.body, `type="submit" class="primary"`) || !strings.Contains(r.body, "only an administrator can change it")):
					t.Errorf("manager GET %s: %d, or editable", path, r.status)
				case !manager && r.status != http.StatusForbidden:
					t.Errorf("%s GET %s: %d", who.user, path, r.status)
				}
			}
			for _, path := range adminOnly {
				if r := v.do("GET", path, nil); r.status != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", who.user, path, r.status)
				}
			}
			for _, path := range posts {
				if r := v.do("POST", path, url.Values{"csrf_token": {token}, "version": {"1"}, "name": {"x"}}); r.status != http.StatusForbidden {
					t.Errorf("%s POST %s: %d", who.user, path, r.status)
				}
			}
		})
	}
	if q, _ := d.store.GetQueue(ctx, d.queue.ID); q.Version != d.queue.Version {
		t.Errorf("a refused post changed the queue")
	}
	if r := newVisitor(t, ts.URL).do("GET", "/admin/queues/1", nil); r.status != http.StatusSeeOther {
		t.Errorf("signed out: %d", r.status)
	}
}
