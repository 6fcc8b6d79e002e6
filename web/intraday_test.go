package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	democenter "wfm/demo"
	"wfm/kpi"
	"wfm/store"
	"wfm/web"
)

// intradayRow is an agent's line of the intraday page as the page shows it.
type intradayRow struct {
	name, code, status, adherence, out, conformance string
}

var intradayRowPattern = regexp.MustCompile(`<tr><td>([^<]*) \(([^)]*)\)</td><td><span class="status status-([a-z_]+)">[^<]*</span>` +
	`(?:<span class="tl-note">[^<]*</span>)?</td>(?:\s*<td>[^<]*</td>)*\s*<td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>`)

// intradayRows reads the agents' lines of an intraday page, by code.
func intradayRows(t *testing.T, body string) map[string]intradayRow {
	t.Helper()
	out := map[string]intradayRow{}
	for _, m := range intradayRowPattern.FindAllStringSubmatch(body, -1) {
		out[m[2]] = intradayRow{name: m[1], code: m[2], status: m[3], adherence: m[4], out: m[5], conformance: m[6]}
	}
	return out
}

// TestIntradayPage shows the supervisor her team's day on the small
// center: both agents, whatever they have, and the threshold as it is.
func TestIntradayPage(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, sh) }
	states := []batch.AgentState{
		{Line: 2, Agent: "A1", State: "available", Start: at(7, 0), End: at(9, 40)},
		{Line: 3, Agent: "A1", State: "lunch", Start: at(9, 40), End: at(9, 58)},
		{Line: 4, Agent: "B2", State: "offline", Start: at(0, 0), End: at(9, 50)},
	}
	if _, err := d.store.ImportStates(ctx, store.System, "states.csv", states); err != nil {
		t.Fatal(err)
	}
	want, err := d.store.RealTimeAdherence(ctx, store.RealTimeQuery{Scope: store.Scope{All: true}, TeamID: d.team.ID, At: at(10, 0)})
	if err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	r := v.do("GET", "/intraday", nil, "Accept-Language", "en")
	if r.status != 200 {
		t.Fatalf("intraday: %d\n%s", r.status, r.body)
	}
	rows := intradayRows(t, r.body)
	if len(want.Agents) != 2 || len(rows) != 2 {
		t.Fatalf("want both agents listed: store %d, page %d\n%s", len(want.Agents), len(rows), r.body)
	}
	for _, a := range want.Agents {
		if rows[a.Agent].status != a.Status {
			t.Errorf("%s: page says %s, store %s", a.Agent, rows[a.Agent].status, a.Status)
		}
	}
	for _, s := range []string{"As of 10:00", "Every second out of adherence counts (no exception threshold).", "Ana Agent (A1)", "Bo Other (B2)",
		`<input type="date" name="day" value="2026-03-04" min="2025-03-03" max="2026-05-05">`, `href="/intraday?day=2026-03-03&amp;team=`} {
		if !strings.Contains(r.body, s) {
			t.Errorf("intraday page lacks %q", s)
		}
	}
	if strings.Contains(r.body, "shorter than 0s") {
		t.Error("the page forgives runs shorter than 0s")
	}
	for _, c := range []struct {
		query  string
		status int
		says   string
	}{
		{"?day=2026-03-03", 200, "The whole day."},
		{"?day=2026-03-05", 200, "This day has not begun"},
		{"?day=2026-05-06", 400, "The intraday view shows the days from Mon 3 Mar 2025 to Tue 5 May 2026."},
		{"?day=2026-13-01", 400, "“2026-13-01” is not a date: use YYYY-MM-DD."},
		{"?team=424242", 404, "There is no such team."},
		{"?team=x", 404, "There is no such team."},
	} {
		r := v.do("GET", "/intraday"+c.query, nil)
		if r.status != c.status || !strings.Contains(r.body, c.says) {
			t.Errorf("GET /intraday%s: %d, want %d saying %q", c.query, r.status, c.status, c.says)
		}
	}
	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	if r := agent.do("GET", "/intraday", nil); r.status != http.StatusForbidden {
		t.Errorf("agent GET /intraday: %d", r.status)
	}
}

// TestIntradayOnTheDemoCenter runs the intraday page on the shared demo
// center (its real generator, codes and names) at its clock, a Wednesday
// 14:07 in Shanghai, 06:07 in London, with a live feed for Billing A today, as wang.fang, sophie.turner,
// the manager and an agent, for today, yesterday, a day without a roster
// and days the page refuses.
func TestIntradayOnTheDemoCenter(t *testing.T) {
	ctx := context.Background()
	site := preferredDemoSite(t)
	st, now := site.store, site.now

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
	shifts, err := st.PublishedShifts(ctx, all, store.ShiftFilter{TeamID: teamID["Billing A"], From: today.String(), To: today.String()})
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

	wang := newVisitor(t, site.url)
	wang.login("wang.fang", democenter.Password, "")
	r := wang.do("GET", "/intraday", nil)
	if r.status != 200 {
		t.Fatalf("wang.fang today: %d\n%s", r.status, r.body)
	}
	rows := intradayRows(t, r.body)
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
		if row.status != want || row.out != out {
			t.Errorf("wang.fang today: %s (%s) is %s with %s minutes out, want %s with %s", row.name, code, row.status, row.out, want, out)
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
		days, err := st.AgentDayKPIs(ctx, store.KPIQuery{From: yesterday, To: yesterday, Scope: all, TeamID: teamID[team]})
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
	r = wang.do("GET", fmt.Sprintf("/intraday?team=%d&day=%s", teamID["Billing A"], yesterday), nil)
	rows = intradayRows(t, r.body)
	if r.status != 200 || len(rows) != len(codesOf("Billing A")) || len(adherence) == 0 {
		t.Fatalf("wang.fang yesterday: %d, %d rows, %d KPI days\n%s", r.status, len(rows), len(adherence), r.body)
	}
	for code, row := range rows {
		want, ok := adherence[code]
		if !ok {
			want = "–"
		}
		if row.adherence != want {
			t.Errorf("yesterday %s: adherence %s, the day's KPI %s", code, row.adherence, want)
		}
		if row.status == "in_adherence" || row.status == "out_of_adherence" || row.status == "off_shift" {
			t.Errorf("yesterday %s is %s: a day gone by has no 'now'", code, row.status)
		}
	}

	// A day no roster covers: nobody has a known day off.
	before := today.AddDays(-40)
	r = wang.do("GET", "/intraday?day="+before.String(), nil)
	if r.status != 200 || !strings.Contains(r.body, "该日没有已发布的排班表") {
		t.Errorf("wang.fang on %s: %d, no notice of the missing roster", before, r.status)
	}
	for code, row := range intradayRows(t, r.body) {
		if row.status != "no_roster" {
			t.Errorf("%s on %s: %s, want no_roster", code, before, row.status)
		}
	}
	// Days the page refuses, clearly.
	for day, want := range map[string]string{
		today.AddDays(63).String():   "实时管理只显示",
		today.AddDays(-367).String(): "实时管理只显示",
		"2026-02-30":                 "不是有效日期",
		"0000-00-00":                 "不是有效日期",
	} {
		r = wang.do("GET", "/intraday?day="+day, nil)
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
			t.Errorf("wang.fang day %s: %d, want 400 saying %q", day, r.status, want)
		}
	}

	// sophie.turner: her Chat team in London, in English; not Billing A.
	sophie := newVisitor(t, site.url)
	sophie.login("sophie.turner", democenter.Password, "")
	r = sophie.do("GET", "/intraday", nil)
	rows = intradayRows(t, r.body)
	if r.status != 200 || len(rows) != len(codesOf("Chat")) || !strings.Contains(r.body, "As of 06:07") {
		t.Errorf("sophie.turner today: %d, %d rows of %d\n%s", r.status, len(rows), len(codesOf("Chat")), r.body)
	}
	yesterday, adherence = kpis("Chat", london)
	r = sophie.do("GET", "/intraday?day="+yesterday.String(), nil)
	for code, row := range intradayRows(t, r.body) {
		want, ok := adherence[code]
		if !ok {
			want = "–"
		}
		if row.adherence != want {
			t.Errorf("Chat yesterday %s: adherence %s, the day's KPI %s", code, row.adherence, want)
		}
	}
	if r := sophie.do("GET", fmt.Sprintf("/intraday?team=%d", teamID["Billing A"]), nil); r.status != http.StatusForbidden {
		t.Errorf("sophie.turner asks for Billing A: %d, want 403", r.status)
	}

	// The manager picks any team.
	manager := newVisitor(t, site.url)
	manager.login("manager", democenter.Password, "")
	r = manager.do("GET", "/intraday", nil)
	if n := strings.Count(r.body, "<option value="); r.status != 200 || n != len(teams) {
		t.Errorf("manager: %d, %d teams to pick from, want %d", r.status, n, len(teams))
	}
	r = manager.do("GET", fmt.Sprintf("/intraday?team=%d&day=%s", teamID["Chat"], yesterday), nil)
	if rows := intradayRows(t, r.body); r.status != 200 || len(rows) != len(codesOf("Chat")) {
		t.Errorf("manager, Chat yesterday: %d, %d rows", r.status, len(rows))
	}

	// An agent is refused, as on every supervisor page.
	liu := newVisitor(t, site.url)
	liu.login("liu.jie", democenter.Password, "")
	if r := liu.do("GET", "/intraday", nil); r.status != http.StatusForbidden {
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
