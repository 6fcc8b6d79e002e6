package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/people"
	"wfm/rostering"
	"wfm/store"
	"wfm/web/webtest"
)

func readableEnglish(page string, allowed []string) []string {
	return webtest.ReadableEnglish(page, allowed)
}

func centerNames(ctx context.Context, st *store.Store) ([]string, error) {
	return webtest.CenterNames(ctx, st)
}

func TestReadableEnglish(t *testing.T) {
	for _, c := range []struct {
		name, html string
		allowed    []string
		want       []string
	}{
		{"Chinese only", `<p>排班表 · 班次</p>`, nil, nil},
		{"a word in text", `<p>班次 Shift E 09:00–18:00</p>`, nil, []string{"Shift"}},
		{"each word once, in order", `<title>Roster</title><h1>roster Roster</h1><p>Day off</p>`, nil, []string{"Roster", "roster", "Day", "off"}},
		{"scripts and styles are no text", `<script>var later = "soon";</script><style>.x{color:red}</style><p>好</p>`, nil, nil},
		{"attributes a browser shows", `<a title="Open it" aria-label="Link">链接</a><input placeholder="Your name"><img alt="Chart">`, nil,
			[]string{"Open", "Link", "Your", "name", "Chart"}},
		{"a button's value, not a hidden field's", `<input type="submit" value="Send"><input type="hidden" name="next" value="/roster">`, nil, []string{"Send"}},
		{"options", `<select><option value="en">English words</option><option value="zh">中文</option></select>`, nil, []string{"English", "words"}},
		{"abbreviations, case-sensitive", `<p>SL 80%，ASA 20 秒，AHT，CSAT，KPI；csat Kpi</p>`, nil, []string{"csat", "Kpi"}},
		{"addresses, links, times and zones", `<p>mona@example.com https://example.com/calendar.ics /api/v1/openapi.json 09:00–18:30 Asia/Shanghai</p>`, nil, nil},
		{"the center's names, as whole phrases", `<table><tr><td>Ana Agent</td><td>Agent</td><td>voice-vip</td><td>Billing A 组</td></tr></table>`,
			[]string{"Ana Agent", "voice-vip", "Billing A"}, []string{"Agent"}},
		{"names are not found inside words", `<p>Anarchy</p>`, []string{"Ana"}, []string{"Anarchy"}},
		{"machine text, marked languages and people's words", `<code>kpi-rollup</code><samp>boom</samp><kbd>Ctrl</kbd><button lang="en">English</button>` +
			`<span data-user-text>school run</span><textarea>notes here</textarea><p lang="zh-CN">中文</p>`, nil, nil},
		{"chart options", `<div data-echarts="c1__option"></div><script type="application/json" id="c1__option">` +
			`{"title":{"text":"Service level"},"xAxis":{"type":"category","data":["08:00","09:00"]},"series":[{"type":"line","name":"目标","markLine":{"label":{"formatter":"{b} Target"}}}]}</script>`,
			nil, []string{"Service", "level", "Target"}},
		{"an unrelated JSON script is not a chart", `<script type="application/json" id="x">{"text":"hidden"}</script>`, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := readableEnglish(c.html, c.allowed)
			if len(got) == 0 && len(c.want) == 0 {
				return
			}
			if c.name != "each word once, in order" { // the order of attributes and charts is the parser's
				sort.Strings(got)
				sort.Strings(c.want)
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("readableEnglish = %q, want %q", got, c.want)
			}
		})
	}
}

// zhVisitor signs in and switches the user's language to 中文 with the
// page header's switch, as a user does.
func zhVisitor(t *testing.T, base, username, password string) (*visitor, string) {
	t.Helper()
	v := newVisitor(t, base)
	r := v.login(username, password, "")
	if r.status != http.StatusSeeOther {
		t.Fatalf("login %s: %d", username, r.status)
	}
	v.setLocale("zh-CN")
	return v, r.location
}

// crawl visits every page a user's pages link to (GET only, the site's
// own paths, at most limit pages; of paths that differ only in numbers,
// such as the board's days or the cases of a list, the first three) and
// returns each page's English words.
func crawl(t *testing.T, v *visitor, start string, allowed []string, limit int) map[string][]string {
	t.Helper()
	found := map[string][]string{}
	seen := map[string]bool{}
	shapes := map[string]int{}
	digits := regexp.MustCompile(`\d+`)
	queue := []string{start}
	for len(queue) > 0 && len(seen) < limit {
		path := queue[0]
		queue = queue[1:]
		if seen[path] || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/api/") || strings.Contains(path, "/csv/") {
			continue
		}
		seen[path] = true
		if shape := digits.ReplaceAllString(path, "N"); shapes[shape] >= 3 {
			continue
		} else {
			shapes[shape]++
		}
		r := v.do("GET", path, nil)
		if r.status >= 500 {
			t.Errorf("GET %s: %d", path, r.status)
		}
		if r.status >= 300 && r.status < 400 {
			queue = append(queue, r.location) // a browser follows; nobody reads the body
			continue
		}
		if !strings.Contains(r.header.Get("Content-Type"), "text/html") {
			continue
		}
		if w := readableEnglish(r.body, allowed); len(w) > 0 {
			found[path] = w
		}
		for _, m := range pageLinks.FindAllStringSubmatch(r.body, -1) {
			queue = append(queue, html.UnescapeString(m[1]))
		}
	}
	t.Logf("%d pages visited from %s", len(seen), start)
	return found
}

var pageLinks = regexp.MustCompile(`href="(/[^"#]*)"`)

// weekAnaMustWork gives Ana a contract of at least 50 hours a week and
// publishes the week of 9 March, which gives her all seven days (56
// hours, 48 paid): a swap that takes one away breaks her contract.
func weekAnaMustWork(t *testing.T, d demo) (ana, bo store.Agent) {
	t.Helper()
	ctx := context.Background()
	agents, err := d.store.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range agents {
		switch a.Code {
		case "A1":
			ana = a
		case "B2":
			bo = a
		}
	}
	ana.Contract.WeeklyMinutesMin = 3000
	if err := d.store.UpdateAgent(ctx, store.System, &ana); err != nil {
		t.Fatal(err)
	}
	if _, err := rostering.BuildAndPublish(ctx, d.store, store.System, d.queue.SiteID, civil.MustParse("2026-03-09"), 7, rostering.BuildOptions{TimeLimit: time.Second, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	return ana, bo
}

// TestChinesePagesHaveNoEnglish: every role of the small center, reading
// Chinese, sees no English on any page its pages link to, nor on the
// pages only a form leads to: a swap that breaks a rule, a roster edit
// that does, a refused request, a review's improvement plan, the error
// pages and the calendar feed.
func TestChinesePagesHaveNoEnglish(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	st := d.store
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ana, bo := weekAnaMustWork(t, d)
	// A review with an improvement plan: adherence from 68.04% to 95%,
	// checked in March and still short.
	sup := store.Scope{TeamIDs: []int64{d.team.ID}}
	r, err := people.GenerateReview(ctx, st, store.System, sup, ana.ID, "2026-02")
	must(err)
	from, to, march := 0.6804, 0.95, 0.7
	r, err = people.UpdateReviewPlan(ctx, st, store.System, sup, r.ID, r.Version, []store.PlanItem{{KPI: "adherence", From: &from, To: &to, FromCycle: "2026-01",
		Checked: &store.PlanCheck{Cycle: "2026-02", Value: &march, Target: 0.95}}})
	must(err)
	_, err = people.ShareReview(ctx, st, store.System, sup, r.ID)
	must(err)

	allowed, err := centerNames(ctx, st)
	must(err)
	check := func(who, path, body string) {
		t.Helper()
		if w := readableEnglish(body, allowed); len(w) > 0 {
			t.Errorf("%s %s shows English: %q", who, path, w)
		}
	}

	// Ana offers her Monday for Bo's Tuesday: she would work six days,
	// 48 paid hours, short of her 50.
	agent, home := zhVisitor(t, ts.URL, "ana", agentPassword)
	page := agent.do("GET", "/my/schedule", nil)
	offer := agent.do("POST", "/my/schedule/swaps", url.Values{"csrf_token": {csrfOf(t, page.body)}, "date": {"2026-03-09"}, "to_date": {"2026-03-10"},
		"colleague": {strconv.FormatInt(bo.ID, 10)}, "note": {"dentist"}})
	if offer.status != http.StatusSeeOther {
		t.Fatalf("swap offer: %d\n%s", offer.status, offer.body)
	}
	// A refused request: the end before the start.
	refused := agent.do("POST", "/my/schedule/time-off", url.Values{"csrf_token": {csrfOf(t, page.body)}, "from": {"2026-03-20"}, "to": {"2026-03-18"}, "kind": {"vacation"}})
	if refused.status != http.StatusUnprocessableEntity {
		t.Errorf("time off ending before it starts: %d", refused.status)
	}
	check("ana", "refused time off", refused.body)
	reviews := agent.do("GET", "/my/reviews", nil)
	for _, want := range []string{"将排班遵守率从 68.0% 改善至 95.0%", "2026-02：排班遵守率 70.0%，仍未达到目标 95.0%", "继续：与主管一起修订执行措施"} {
		if !strings.Contains(reviews.body, want) {
			t.Errorf("the review's plan does not say %q", want)
		}
	}
	for path, words := range crawl(t, agent, home, allowed, 60) {
		t.Errorf("ana %s shows English: %q", path, words)
	}
	// Her calendar, in her language.
	link := agent.do("POST", "/my/schedule/calendar-link", url.Values{"csrf_token": {csrfOf(t, page.body)}})
	if m := regexp.MustCompile(`id="ics-url" type="text" readonly value="([^"]+)"`).FindStringSubmatch(link.body); m == nil {
		t.Error("no calendar link")
	} else if ics := newVisitor(t, "").do("GET", html.UnescapeString(m[1]), nil); !strings.Contains(ics.body, "SUMMARY:班次 E") || strings.Contains(ics.body, "SUMMARY:Shift") {
		t.Errorf("calendar feed of a Chinese reader:\n%.600s", ics.body)
	}

	super, home := zhVisitor(t, ts.URL, "sam", superPassword)
	requests := super.do("GET", "/requests", nil)
	if !strings.Contains(requests.body, "Ana Agent：排班期内带薪工时 48 小时，至少应为 50 小时") || strings.Contains(requests.body, "paid minutes") {
		t.Errorf("the swap's broken rule, in Chinese:\n%s", requests.body)
	}
	// A roster edit that breaks a rule: Ana's Wednesday starting at 10:00.
	board := super.do("GET", "/roster?day=2026-03-04", nil)
	if m := regexp.MustCompile(`<a href="(/roster/edit\?[^"]+)">Ana Agent</a>`).FindStringSubmatch(board.body); m == nil {
		t.Error("no edit link on the board")
	} else {
		form := super.do("GET", html.UnescapeString(m[1]), nil)
		field := func(name string) string {
			if f := regexp.MustCompile(`name="` + name + `" value="([^"]*)"`).FindStringSubmatch(form.body); f != nil {
				return f[1]
			}
			return ""
		}
		edit := url.Values{"csrf_token": {csrfOf(t, form.body)}, "schedule": {field("schedule")}, "version": {field("version")}, "agent": {field("agent")},
			"date": {"2026-03-04"}, "orig_shift": {"E"}, "orig_start": {"08:00"}, "shift": {"E"}, "start": {"10:00"}}
		r := super.do("POST", "/roster/edit", edit)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "E 班次 10:00 开始，应为 08:00") {
			t.Errorf("edit breaking a rule: %d\n%s", r.status, r.body)
		}
		check("sam", "refused edit", r.body)
		edit.Set("force", "1")
		if r := super.do("POST", "/roster/edit", edit); r.status != http.StatusSeeOther {
			t.Errorf("forced edit: %d", r.status)
		} else {
			check("sam", r.location, super.do("GET", r.location, nil).body)
		}
	}
	for path, words := range crawl(t, super, home, allowed, 300) {
		t.Errorf("sam %s shows English: %q", path, words)
	}
	// The error pages.
	for path, status := range map[string]int{"/no-such-page": 404, "/dashboard": 403, "/roster/schedules/99999": 404} {
		r := super.do("GET", path, nil)
		if r.status != status {
			t.Errorf("GET %s: %d, want %d", path, r.status, status)
		}
		check("sam", path, r.body)
	}

	for _, u := range []struct{ name, password string }{{"mona", managerPassword}, {"ada", adminPassword}} {
		t.Run(u.name, func(t *testing.T) {
			v, home := zhVisitor(t, ts.URL, u.name, u.password)
			for path, words := range crawl(t, v, home, allowed, 300) {
				t.Errorf("%s %s shows English: %q", u.name, path, words)
			}
		})
	}
	// Signed out: the login page and its refusal.
	anon := newVisitor(t, ts.URL)
	login := anon.do("GET", "/login", nil, "Accept-Language", "zh-CN")
	check("anonymous", "/login", login.body)
	wrong := anon.do("POST", "/login", url.Values{"csrf_token": {csrfOf(t, login.body)}, "username": {"mona"}, "password": {"wrong"}}, "Accept-Language", "zh-CN")
	check("anonymous", "wrong password", wrong.body)
}
