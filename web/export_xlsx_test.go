package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"wfm/civil"
	"wfm/people"
	"wfm/rostering"
	"wfm/sheet/xlsx"
	"wfm/store"
)

// workbook checks a download's headers and opens it.
func workbook(t *testing.T, what string, r response) *excelize.File {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("%s: %d\n%.400s", what, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != xlsx.ContentType {
		t.Fatalf("%s: Content-Type %q", what, ct)
	}
	if d := r.header.Get("Content-Disposition"); !regexp.MustCompile(`^attachment; filename="[A-Za-z0-9._-]+\.xlsx"$`).MatchString(d) {
		t.Errorf("%s: Content-Disposition %q", what, d)
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: no nosniff", what)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("%s: not a workbook: %v", what, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v (sheets %q)", sheet, err, f.GetSheetList())
	}
	return rows
}

// linkOn is the export link a page offers.
func linkOn(t *testing.T, page response, prefix string) string {
	t.Helper()
	m := regexp.MustCompile(`href="(` + regexp.QuoteMeta(prefix) + `[^"]*)" download`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no link to %s on the page:\n%.2000s", prefix, page.body)
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}

// The roster's week from the roster page and the API: one sheet per team
// of the reader's, shifts in Shanghai's clock, in her language; another
// site or team refused.
func TestRosterExport(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	st := d.store
	sites, err := st.ListSites(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shanghai := sites[0]
	other := store.Team{Name: "Billing B", SiteID: shanghai.ID}
	if err := st.CreateTeam(ctx, store.System, &other); err != nil {
		t.Fatal(err)
	}
	london := store.Site{Name: "London", Timezone: "Europe/London"}
	if err := st.CreateSite(ctx, store.System, &london); err != nil {
		t.Fatal(err)
	}

	// Cy joins after the roster was published: off all week, but for the
	// Thursday she takes as vacation.
	cy := store.Agent{Code: "C3", Name: "Cy New", TeamID: d.team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true}
	if err := st.CreateAgent(ctx, store.System, &cy); err != nil {
		t.Fatal(err)
	}
	leave := store.TimeOffRequest{AgentID: cy.ID, StartDate: civil.MustParse("2026-03-05"), EndDate: civil.MustParse("2026-03-05"), Kind: "vacation"}
	if err := rostering.RequestTimeOff(ctx, st, store.Actor{UserID: d.super.ID}, store.Scope{All: true}, &leave); err != nil {
		t.Fatal(err)
	}
	if leave.Status != store.RequestApproved {
		if _, err := rostering.DecideTimeOff(ctx, st, store.Actor{UserID: d.super.ID}, store.Scope{All: true}, leave.ID, leave.Version, store.RequestApproved); err != nil {
			t.Fatal(err)
		}
	}

	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	page := v.do("GET", "/roster?day=2026-03-03", nil)
	link := linkOn(t, page, "/roster/export.xlsx")
	if !strings.Contains(link, "day=2026-03-03") || !strings.Contains(link, "site="+strconv.FormatInt(shanghai.ID, 10)) {
		t.Errorf("link %q is not the shown week's", link)
	}
	f := workbook(t, "roster page", v.do("GET", link, nil))
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Billing A" {
		t.Fatalf("sheets %q, want her team only", got)
	}
	rows := rowsOf(t, f, "Billing A")
	if strings.Join(rows[0][:3], "|") != "Agent|Code|Monday 2026-03-02" || rows[0][8] != "Sunday 2026-03-08" {
		t.Errorf("header %q", rows[0])
	}
	shifts, err := st.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{From: civil.MustParse("2026-03-02"), To: civil.MustParse("2026-03-08")})
	if err != nil || len(shifts) == 0 {
		t.Fatalf("published shifts: %v %v", shifts, err)
	}
	loc := shanghai.Location()
	byAgent := map[string][]string{} // code -> the seven cells
	for _, r := range rows[1:] {
		byAgent[r[1]] = append(r[2:], make([]string, 9-len(r))...)
	}
	for _, sh := range shifts {
		day := int(sh.Start.In(loc).Weekday()+6) % 7
		want := sh.Start.In(loc).Format("15:04") + "-" + sh.End.In(loc).Format("15:04")
		got := byAgent[sh.AgentCode][day]
		if !strings.HasPrefix(got, want) || !strings.Contains(got, "break ") || !strings.Contains(got, "lunch ") {
			t.Errorf("%s on %s: %q, want %s with its breaks", sh.AgentCode, sh.Date, got, want)
		}
	}
	if !strings.HasPrefix(byAgent["A1"][0], "08:") && !strings.HasPrefix(byAgent["A1"][0], "Off") {
		t.Errorf("Monday of A1 %q is not Shanghai's clock", byAgent["A1"][0])
	}
	if got := strings.Join(byAgent["C3"], "|"); got != "Off|Off|Off|Time off: Vacation|Off|Off|Off" {
		t.Errorf("C3's week %q", got)
	}

	// The API, the same week: sam chose English, and her choice wins over
	// the client's Accept-Language.
	week := "/api/v1/shifts/export.xlsx?site_id=" + strconv.FormatInt(shanghai.ID, 10) + "&week=2026-03-04"
	api := workbook(t, "roster API", v.do("GET", week, nil, "Accept-Language", "zh-CN"))
	if got := rowsOf(t, api, "Billing A"); strings.Join(got[0][:2], "|") != "Agent|Code" || len(got) != len(rows) {
		t.Errorf("API sheet %q, page sheet %q", got, rows)
	}
	for path, want := range map[string]int{
		"/api/v1/shifts/export.xlsx?site_id=" + strconv.FormatInt(london.ID, 10):                             http.StatusForbidden,
		week + "&team_id=" + strconv.FormatInt(other.ID, 10):                                                 http.StatusForbidden,
		"/api/v1/shifts/export.xlsx":                                                                         http.StatusBadRequest,
		"/api/v1/schedules/999999/export.xlsx":                                                               http.StatusNotFound,
		"/roster/export.xlsx?site=" + strconv.FormatInt(london.ID, 10):                                       http.StatusForbidden,
		"/roster/schedules/999999/export.xlsx":                                                               http.StatusNotFound,
		"/api/v1/kpi/queue-intervals/export.xlsx?from=2026-03-02&to=2026-03-03&queue_id=" + idOf(d.queue.ID): http.StatusOK,
	} {
		if r := v.do("GET", path, nil); r.status != want {
			t.Errorf("GET %s as sam: %d, want %d\n%.300s", path, r.status, want, r.body)
		}
	}

	// A version's week, in Chinese: the admin chose zh-CN; she sees every team.
	versions, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{Status: store.SchedulePublished})
	if err != nil || len(versions) != 1 {
		t.Fatalf("versions %v %v", versions, err)
	}
	a := newVisitor(t, ts.URL)
	a.login("ada", adminPassword, "")
	zh := workbook(t, "version API", a.do("GET", "/api/v1/schedules/"+idOf(versions[0].ID)+"/export.xlsx", nil))
	if got := zh.GetSheetList(); strings.Join(got, "|") != "Billing A|Billing B" {
		t.Errorf("admin's sheets %q", got)
	}
	zhRows := rowsOf(t, zh, "Billing A")
	if strings.Join(zhRows[0][:3], "|") != "坐席|工号|周一 2026-03-02" {
		t.Errorf("Chinese header %q", zhRows[0])
	}
	for i, r := range zhRows[1:] {
		for j, c := range r[2:] {
			en := rows[i+1][j+2]
			if en == "Off" && c != "休息" || strings.HasPrefix(en, "Time off") && c != "请假：年假" || strings.Contains(en, "break") && !strings.Contains(c, "小休") {
				t.Errorf("row %d day %d: %q in Chinese for %q", i, j, c, en)
			}
		}
	}
	draftPage := a.do("GET", "/roster/schedules/"+idOf(versions[0].ID)+"?day=2026-03-05", nil)
	zhPage := workbook(t, "version page", a.do("GET", linkOn(t, draftPage, "/roster/schedules/"), nil))
	if got := rowsOf(t, zhPage, "Billing A"); strings.Join(got[0], "|") != strings.Join(zhRows[0], "|") {
		t.Errorf("version page %q, API %q", got[0], zhRows[0])
	}

	// Agents read their own schedule elsewhere.
	ag := newVisitor(t, ts.URL)
	ag.login("ana", agentPassword, "")
	if r := ag.do("GET", week, nil); r.status != http.StatusForbidden {
		t.Errorf("agent exports the roster: %d", r.status)
	}
}

// The dashboard's data and the queue-interval KPIs: intervals as
// Shanghai's wall clock, numbers as numbers.
func TestKPIExports(t *testing.T) {
	ts, d := newSite(t)
	m := newVisitor(t, ts.URL)
	m.login("mona", managerPassword, "")
	page := m.do("GET", "/dashboard?queue="+idOf(d.queue.ID)+"&from=2026-03-02&to=2026-03-03", nil)
	f := workbook(t, "dashboard", m.do("GET", linkOn(t, page, "/dashboard/export.xlsx"), nil))
	if got := f.GetSheetList(); strings.Join(got, "|") != "Billing|Agents by day" {
		t.Fatalf("sheets %q", got)
	}
	rows := rowsOf(t, f, "Billing")
	if strings.Join(rows[0][:4], "|") != "Queue|Interval start|Offered|Answered" || len(rows) != 5 {
		t.Fatalf("intervals %q", rows)
	}
	if strings.Join(rows[1][:6], "|") != "Billing|2026-03-02 09:00|10|9|1|80.0%" {
		t.Errorf("first interval %q", rows[1])
	}
	offered, _ := f.GetCellValue("Billing", "C2", excelize.Options{RawCellValue: true})
	if ct, _ := f.GetCellType("Billing", "C2"); offered != "10" || ct == excelize.CellTypeInlineString {
		t.Errorf("offered %q is not a number (%v)", offered, ct)
	}
	if got := rowsOf(t, f, "Agents by day")[0]; got[0] != "Team" || got[3] != "Day" {
		t.Errorf("agent-day header %q", got)
	}

	// The admin reads Chinese.
	a := newVisitor(t, ts.URL)
	a.login("ada", adminPassword, "")
	zh := workbook(t, "agent days API", a.do("GET", "/api/v1/kpi/agent-days/export.xlsx?from=2026-03-02&to=2026-03-03", nil))
	if got := zh.GetSheetList(); len(got) != 1 || got[0] != "坐席每日指标" {
		t.Errorf("sheets %q", got)
	}
	if got := rowsOf(t, zh, "坐席每日指标")[0]; got[0] != "班组" || got[4] != "处理量" {
		t.Errorf("Chinese header %q", got)
	}
	qi := workbook(t, "queue intervals API", a.do("GET", "/api/v1/kpi/queue-intervals/export.xlsx?from=2026-03-02&to=2026-03-03", nil))
	if got := rowsOf(t, qi, "Billing")[0]; got[0] != "队列" || got[5] != "服务水平" {
		t.Errorf("queue intervals header %q", got)
	}

	// An agent: herself only, from My KPIs and the API.
	ag := newVisitor(t, ts.URL)
	ag.login("ana", agentPassword, "")
	mine := workbook(t, "my KPIs", ag.do("GET", "/my/kpis/export.xlsx", nil))
	if got := rowsOf(t, mine, "Agents by day"); len(got) < 1 || got[0][1] != "Agent" {
		t.Errorf("my KPIs %q", got)
	}
	for _, row := range rowsOf(t, mine, "Agents by day")[1:] {
		if row[2] != "A1" {
			t.Errorf("another agent's row %q", row)
		}
	}
	agents, err := d.store.ListAgents(context.Background(), store.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range agents {
		if other.Code == "B2" {
			if r := ag.do("GET", "/api/v1/kpi/agent-days/export.xlsx?from=2026-03-02&to=2026-03-03&agent_id="+idOf(other.ID), nil); r.status != http.StatusForbidden {
				t.Errorf("agent exports another's KPIs: %d", r.status)
			}
		}
	}
	if r := ag.do("GET", "/api/v1/kpi/queue-intervals/export.xlsx?from=2026-03-02&to=2026-03-03", nil); r.status != http.StatusForbidden {
		t.Errorf("agent exports queue KPIs: %d", r.status)
	}
	if r := ag.do("GET", "/dashboard/export.xlsx", nil); r.status != http.StatusForbidden {
		t.Errorf("agent exports the dashboard: %d", r.status)
	}
}

// A review's scorecard from My reviews and the API; another agent's
// review refused.
func TestReviewExport(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	st := d.store
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	supervisor := store.Actor{UserID: d.super.ID}
	scope := store.Scope{TeamIDs: []int64{d.team.ID}}
	ids := map[string]int64{}
	for _, a := range agents {
		r, err := people.GenerateReview(ctx, st, supervisor, scope, a.ID, "2026-02")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := people.ShareReview(ctx, st, supervisor, scope, r.ID); err != nil {
			t.Fatal(err)
		}
		ids[a.Code] = r.ID
	}
	ag := newVisitor(t, ts.URL)
	ag.login("ana", agentPassword, "")
	page := ag.do("GET", "/my/reviews", nil)
	link := linkOn(t, page, "/my/reviews/")
	if link != "/my/reviews/"+idOf(ids["A1"])+"/export.xlsx" {
		t.Errorf("link %q", link)
	}
	f := workbook(t, "review page", ag.do("GET", link, nil))
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "Ana Agent 2026-02" {
		t.Fatalf("sheets %q", sheets)
	}
	rows := rowsOf(t, f, sheets[0])
	if strings.Join(rows[0], "|") != "Metric|Weight|Target|Actual|Score|Met" || len(rows) < 3 || rows[len(rows)-1][0] != "Total" {
		t.Errorf("scorecard %q", rows)
	}
	if rows[1][1] == "" || rows[1][2] == "" {
		t.Errorf("a line without weight or target: %q", rows[1])
	}
	if r := ag.do("GET", "/api/v1/reviews/"+idOf(ids["B2"])+"/export.xlsx", nil); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
		t.Errorf("agent exports another's review: %d", r.status)
	}
	if r := ag.do("GET", "/my/reviews/"+idOf(ids["B2"])+"/export.xlsx", nil); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
		t.Errorf("agent's page exports another's review: %d", r.status)
	}
	// The admin, over the API, in the Chinese she chose.
	a := newVisitor(t, ts.URL)
	a.login("ada", adminPassword, "")
	zh := workbook(t, "review API", a.do("GET", "/api/v1/reviews/"+idOf(ids["B2"])+"/export.xlsx", nil))
	if got := rowsOf(t, zh, zh.GetSheetList()[0])[0]; strings.Join(got, "|") != "指标|权重|目标|实际|得分|是否达标" {
		t.Errorf("Chinese header %q", got)
	}
}

func idOf(n int64) string { return strconv.FormatInt(n, 10) }
