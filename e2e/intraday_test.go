package e2e

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	democenter "wfm/demo"
	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
	"wfm/web"
	"wfm/web/webtest"
)

// TestIntradayOnTheDemoCenter runs the intraday page on the shared demo
// center (its real generator, codes and names) at its clock, a Wednesday
// 14:07 in Shanghai, 06:07 in London, with a live feed for Billing A today, as wang.fang, sophie.turner,
// the manager and an agent, for today, yesterday, a day without a roster
// and days the page refuses.
func TestIntradayOnTheDemoCenter(t *testing.T) {
	ctx := context.Background()
	site := webtest.PreferredDemoSite(t)
	st, now := site.Store, site.Now

	all := store.Scope{All: true}
	teams, err := st.ListTeams(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	teamID := map[string]int64{}
	for _, tm := range teams {
		teamID[tm.Name] = tm.ID
	}
	agents, err := st.ListAgents(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	codesOf := func(team string) []string {
		var out []string
		for _, a := range agents {
			if a.TeamID == teamID[team] && a.Active {
				out = append(out, a.Code)
			}
		}
		return out
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	london, _ := time.LoadLocation("Europe/London")
	today := kpi.DateOf(now, shanghai)

	// Billing A's feed today, from its published shifts: the first agent
	// scheduled now keeps to her schedule; the second too, but went on a
	// break 30 minutes ago her schedule does not have; the third sends
	// nothing; an agent with no shift today logged in an hour ago.
	shifts, err := st.PublishedShifts(ctx, all, store.ShiftFilter{TeamID: teamID["Billing A"], From: today, To: today})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(shifts, func(i, j int) bool { return shifts[i].AgentCode < shifts[j].AgentCode })
	shiftOf := map[string]store.AgentShift{}
	var onNow []store.AgentShift
	for _, sh := range shifts {
		shiftOf[sh.AgentCode] = sh
		if !sh.Start.After(now) && sh.End.After(now) {
			onNow = append(onNow, sh)
		}
	}
	if len(onNow) < 3 {
		t.Fatalf("Billing A has %d agents on shift at 14:07, want 3 or more", len(onNow))
	}
	keeper, breaker, silent := onNow[0], onNow[1], onNow[2]
	var loner string
	for _, code := range codesOf("Billing A") {
		if _, ok := shiftOf[code]; !ok {
			loner = code
			break
		}
	}
	if loner == "" {
		t.Fatal("everyone of Billing A works today")
	}
	var feed []batch.AgentState
	follow := func(sh store.AgentShift, until time.Time) {
		for _, s := range scheduleOf(sh) {
			if !s.start.Before(until) {
				break
			}
			end := s.end
			if end.After(until) {
				end = until
			}
			feed = append(feed, batch.AgentState{Line: len(feed) + 2, Agent: sh.AgentCode, State: map[string]string{"work": "available", "break": "break", "lunch": "lunch"}[s.kind], Start: s.start, End: end})
		}
	}
	follow(keeper, now)
	follow(breaker, now.Add(-30*time.Minute))
	feed = append(feed, batch.AgentState{Line: len(feed) + 2, Agent: breaker.AgentCode, State: "break", Start: now.Add(-30 * time.Minute), End: now},
		batch.AgentState{Line: len(feed) + 3, Agent: loner, State: "available", Start: now.Add(-time.Hour), End: now})
	if _, err := st.ImportStates(ctx, store.System, "feed.csv", feed); err != nil {
		t.Fatal(err)
	}

	// What each agent's minutes out must be, worked from her shift: the
	// scheduled minutes of [from, to) not spent as scheduled.
	minutesOut := func(sh store.AgentShift, from, to time.Time, matches func(kind string, at time.Time) bool) int {
		n := 0
		for m := from; m.Before(to); m = m.Add(time.Minute) {
			if kind := scheduledAt(sh, m); kind != "" && !matches(kind, m) {
				n++
			}
		}
		return n
	}
	never := func(string, time.Time) bool { return false }
	dayStart := today.Start(shanghai)

	wang := signIn(t, site.URL, "wang.fang", democenter.Password, "zh-CN")
	r := wang.read("/intraday")
	if r.status != 200 {
		t.Fatalf("wang.fang today: %d\n%s", r.status, r.body)
	}
	rows := webtest.IntradayRows(t, r.body)
	if len(rows) != len(codesOf("Billing A")) {
		t.Errorf("wang.fang today: %d agents listed, want every one of Billing A's %d", len(rows), len(codesOf("Billing A")))
	}
	for _, code := range codesOf("Billing A") {
		row, ok := rows[code]
		sh, scheduled := shiftOf[code]
		var want string
		var out string
		switch {
		case !ok:
			t.Errorf("%s of Billing A is not listed", code)
			continue
		case code == keeper.AgentCode:
			want, out = "in_adherence", "0" // at work, on a break or at lunch as scheduled
		case code == breaker.AgentCode:
			want = "out_of_adherence"
			out = strconv.Itoa(minutesOut(sh, now.Add(-30*time.Minute), now, func(kind string, _ time.Time) bool { return kind == "break" }))
			if scheduledAt(sh, now) == "break" {
				want = "in_adherence"
			}
		case code == loner:
			want, out = "unscheduled_logged_in", "–"
		case !scheduled:
			want, out = "day_off", "–"
		case sh.Start.After(now):
			want, out = "off_shift", "–"
		case !sh.End.After(now):
			want, out = "off_shift", strconv.Itoa(minutesOut(sh, dayStart, now, never))
		default:
			want, out = "not_logged_in", strconv.Itoa(minutesOut(sh, dayStart, now, never))
		}
		if code == silent.AgentCode && want != "not_logged_in" {
			t.Fatalf("%s: scheduled now without a state, yet expected %s", code, want)
		}
		if row.Status != want || row.Out != out {
			t.Errorf("wang.fang today: %s (%s) is %s with %s minutes out, want %s with %s", row.Name, code, row.Status, row.Out, want, out)
		}
	}
	// The page is in wang.fang's Chinese, with no English of its own.
	for _, s := range []string{"排班与实际状态", "未登录", "排班遵守率", "截至 14:07", "每一秒偏离都计入"} {
		if !strings.Contains(r.body, s) {
			t.Errorf("wang.fang's page lacks %q", s)
		}
	}
	for _, s := range []string{"Not logged in", "Day off", "In adherence", "Scheduled now", "Minutes out", "Schedule against states", "intraday."} {
		if strings.Contains(r.body, s) {
			t.Errorf("wang.fang's Chinese page shows %q", s)
		}
	}

	// Yesterday: every agent listed, each adherence the day's KPI.
	kpis := func(team string, loc *time.Location) (kpi.Date, map[string]string) {
		yesterday := kpi.DateOf(now, loc).AddDays(-1)
		days, err := measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: yesterday, To: yesterday, Scope: all, TeamID: teamID[team]})
		if err != nil {
			t.Fatal(err)
		}
		tr := web.NewTranslator(web.Chinese, loc)
		out := map[string]string{}
		for _, d := range days {
			for _, a := range agents {
				if a.ID == d.AgentID && d.Adherence != nil {
					out[a.Code] = tr.Percent(*d.Adherence, 1)
				}
			}
		}
		return yesterday, out
	}
	yesterday, adherence := kpis("Billing A", shanghai)
	r = wang.read(fmt.Sprintf("/intraday?team=%d&day=%s", teamID["Billing A"], yesterday))
	rows = webtest.IntradayRows(t, r.body)
	if r.status != 200 || len(rows) != len(codesOf("Billing A")) || len(adherence) == 0 {
		t.Fatalf("wang.fang yesterday: %d, %d rows, %d KPI days\n%s", r.status, len(rows), len(adherence), r.body)
	}
	for code, row := range rows {
		want, ok := adherence[code]
		if !ok {
			want = "–"
		}
		if row.Adherence != want {
			t.Errorf("yesterday %s: adherence %s, the day's KPI %s", code, row.Adherence, want)
		}
		if row.Status == "in_adherence" || row.Status == "out_of_adherence" || row.Status == "off_shift" {
			t.Errorf("yesterday %s is %s: a day gone by has no 'now'", code, row.Status)
		}
	}

	// A day no roster covers: nobody has a known day off.
	before := today.AddDays(-40)
	r = wang.read("/intraday?day=" + before.String())
	if r.status != 200 || !strings.Contains(r.body, "该日没有已发布的排班表") {
		t.Errorf("wang.fang on %s: %d, no notice of the missing roster", before, r.status)
	}
	for code, row := range webtest.IntradayRows(t, r.body) {
		if row.Status != "no_roster" {
			t.Errorf("%s on %s: %s, want no_roster", code, before, row.Status)
		}
	}
	// Days the page refuses, clearly.
	for _, tc := range []struct{ name, day, want string }{
		{"63 days ahead", today.AddDays(63).String(), "实时管理只显示"},
		{"367 days back", today.AddDays(-367).String(), "实时管理只显示"},
		{"30 February", "2026-02-30", "不是有效日期"},
		{"day zero", "0000-00-00", "不是有效日期"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wang.in(t).read("/intraday?day=" + tc.day)
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, tc.want) {
				t.Errorf("wang.fang day %s: %d, want 400 saying %q", tc.day, r.status, tc.want)
			}
		})
	}

	// sophie.turner: her Chat team in London, in English; not Billing A.
	sophie := signIn(t, site.URL, "sophie.turner", democenter.Password, "en")
	r = sophie.read("/intraday")
	rows = webtest.IntradayRows(t, r.body)
	if r.status != 200 || len(rows) != len(codesOf("Chat")) || !strings.Contains(r.body, "As of 06:07") {
		t.Errorf("sophie.turner today: %d, %d rows of %d\n%s", r.status, len(rows), len(codesOf("Chat")), r.body)
	}
	yesterday, adherence = kpis("Chat", london)
	r = sophie.read("/intraday?day=" + yesterday.String())
	for code, row := range webtest.IntradayRows(t, r.body) {
		want, ok := adherence[code]
		if !ok {
			want = "–"
		}
		if row.Adherence != want {
			t.Errorf("Chat yesterday %s: adherence %s, the day's KPI %s", code, row.Adherence, want)
		}
	}
	if r := sophie.read(fmt.Sprintf("/intraday?team=%d", teamID["Billing A"])); r.status != http.StatusForbidden {
		t.Errorf("sophie.turner asks for Billing A: %d, want 403", r.status)
	}

	// The manager picks any team.
	manager := signIn(t, site.URL, "manager", democenter.Password, "en")
	r = manager.read("/intraday")
	teamPicker := r.body
	if i := strings.Index(teamPicker, `<select name="team">`); i >= 0 {
		teamPicker = teamPicker[i:]
		teamPicker = teamPicker[:strings.Index(teamPicker, "</select>")]
	}
	if n := strings.Count(teamPicker, "<option value="); r.status != 200 || n != len(teams) {
		t.Errorf("manager: %d, %d teams to pick from, want %d", r.status, n, len(teams))
	}
	r = manager.read(fmt.Sprintf("/intraday?team=%d&day=%s", teamID["Chat"], yesterday))
	if rows := webtest.IntradayRows(t, r.body); r.status != 200 || len(rows) != len(codesOf("Chat")) {
		t.Errorf("manager, Chat yesterday: %d, %d rows", r.status, len(rows))
	}

	// An agent is refused, as on every supervisor page.
	liu := signIn(t, site.URL, "liu.jie", democenter.Password, "en")
	if r := liu.read("/intraday"); r.status != http.StatusForbidden {
		t.Errorf("liu.jie: %d, want 403", r.status)
	}
}

// activitySpan is a stretch of a shift: work, break or lunch.
type activitySpan struct {
	kind       string
	start, end time.Time
}

// scheduleOf cuts a shift at its breaks, in time order.
func scheduleOf(sh store.AgentShift) []activitySpan {
	breaks := append([]store.ShiftBreak(nil), sh.Breaks...)
	sort.Slice(breaks, func(i, j int) bool { return breaks[i].Start.Before(breaks[j].Start) })
	var out []activitySpan
	cur := sh.Start
	for _, b := range breaks {
		if b.Start.After(cur) {
			out = append(out, activitySpan{"work", cur, b.Start})
		}
		kind := "lunch"
		if b.Paid {
			kind = "break"
		}
		out = append(out, activitySpan{kind, b.Start, b.End})
		cur = b.End
	}
	if sh.End.After(cur) {
		out = append(out, activitySpan{"work", cur, sh.End})
	}
	return out
}

// scheduledAt is what the shift has at a moment ("" for nothing).
func scheduledAt(sh store.AgentShift, at time.Time) string {
	for _, s := range scheduleOf(sh) {
		if !at.Before(s.start) && at.Before(s.end) {
			return s.kind
		}
	}
	return ""
}

// page is a page as a reader got it.
type page struct {
	status int
	body   string
}

// signIn is a person signed in, reading in her language: a crawler used
// as a browser without script.
func signIn(t *testing.T, base, username, password, locale string) *crawler {
	t.Helper()
	cr := newCrawler(t, base)
	cr.login(username, password, locale)
	return cr
}

// in is the same signed-in reader reporting to t (a subtest's), so that
// a failed fetch stops the subtest, not its parent.
func (cr *crawler) in(t *testing.T) *crawler {
	return &crawler{t: t, base: cr.base, client: cr.client}
}

// read fetches a page.
func (cr *crawler) read(path string) page {
	body, res := cr.get(path)
	return page{status: res.StatusCode, body: body}
}
