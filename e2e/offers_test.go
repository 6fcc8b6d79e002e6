package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	democenter "wfm/demo"
	"wfm/intraday"
	"wfm/planning"
	"wfm/store"
	"wfm/web/webtest"
)

// TestOfferLoopOnTheDemoCenter drives item 4 of issue 15 on the demo
// center at its clock: the ACD's interval reports of Billing voice come in
// at twice the forecast, the intraday reforecast raises the rest of the
// day's requirement, the gap alert reaches the site's supervisors; the
// supervisor of a candidate's team sends an overtime offer from the queue
// monitor, the candidate accepts it from her offers page, and the change
// is on her schedule page, her calendar feed and the published rows.
//
// It changes one agent's shift today, and so runs after the tests that
// read the demo's roster as built (file order).
func TestOfferLoopOnTheDemoCenter(t *testing.T) {
	ctx := context.Background()
	site := webtest.PreferredDemoSite(t)
	st, now := site.Store, site.Now
	all := store.Scope{All: true}

	var billing store.Queue
	queues, err := st.ListQueues(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queues {
		if q.Code == democenter.QueueBilling {
			billing = q
		}
	}
	before, err := intraday.QueueDay(ctx, st, billing.ID, now)
	if err != nil {
		t.Fatal(err)
	}

	// Events in: the day's reports so far, at twice the forecast.
	var rows []batch.HistoryRow
	for _, iv := range before.Intervals {
		if !iv.Elapsed || iv.ForecastVolume == nil || *iv.ForecastVolume == 0 {
			continue
		}
		offered := int(2**iv.ForecastVolume + 0.5)
		answered, inSL, abandoned := offered*8/10, offered/2, offered-offered*8/10
		aht, asa := 300.0, 90.0
		rows = append(rows, batch.HistoryRow{Line: len(rows) + 2, Queue: billing.Code, Start: iv.Start, Offered: offered,
			Answered: &answered, Abandoned: &abandoned, AnsweredInSL: &inSL, AHTSeconds: &aht, ASASeconds: &asa})
	}
	if len(rows) < 8 {
		t.Fatalf("Billing voice has %d elapsed forecast intervals at %s", len(rows), now)
	}
	if _, err := st.ImportHistory(ctx, store.System, "acd-intervals.csv", batch.History{Interval: time.Duration(before.IntervalSeconds) * time.Second, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	if n, err := planning.Reforecast(ctx, st, billing.ID, now); err != nil || n == 0 {
		t.Fatalf("reforecast: %d intervals, %v", n, err)
	}
	m, err := intraday.QueueDay(ctx, st, billing.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if m.WorstGap == nil || m.ShortHours < intraday.GapThresholdHours || len(m.CanExtend) == 0 {
		t.Fatalf("after the reforecast: worst gap %v, %.1f agent-hours short, %d could stay on", m.WorstGap, m.ShortHours, len(m.CanExtend))
	}

	// The gap alert reaches the site's supervisors.
	if _, err := intraday.GapAlerts(ctx, st, store.System, now); err != nil {
		t.Fatal(err)
	}
	agents, err := st.ListAgents(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	teams, err := st.ListTeams(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	cand := m.CanExtend[0]
	var agent store.Agent
	for _, a := range agents {
		if a.ID == cand.AgentID {
			agent = a
		}
	}
	var supID int64
	for _, tm := range teams {
		if tm.ID == agent.TeamID && tm.SupervisorUserID != nil {
			supID = *tm.SupervisorUserID
		}
	}
	sup, err := st.GetUser(ctx, supID)
	if err != nil {
		t.Fatalf("the supervisor of %s: %v", cand.Agent, err)
	}
	notes, err := st.ListNotifications(ctx, supID)
	if err != nil {
		t.Fatal(err)
	}
	alerted := false
	for _, n := range notes {
		alerted = alerted || n.Kind == store.NotificationGapWarning && strings.Contains(n.Message, billing.Name) && strings.Contains(n.Message, cand.Name)
	}
	if !alerted {
		t.Fatalf("%s has no gap alert naming %s: %+v", sup.Username, cand.Name, notes)
	}

	// The supervisor sends the offer from the monitor.
	boss := signIn(t, site.URL, sup.Username, democenter.Password, "en")
	page := boss.read(fmt.Sprintf("/intraday/queues?queue=%d", billing.ID))
	if page.status != http.StatusOK || !strings.Contains(page.body, `id="monitor-offer"`) {
		t.Fatalf("%s's monitor has no offer form: %d", sup.Username, page.status)
	}
	sent := postPage(t, boss, "/intraday/offers", url.Values{"csrf_token": {csrfIn(t, page.body)}, "queue": {fmt.Sprint(billing.ID)}, "kind": {"overtime/end"}, "needed": {"1"}})
	if sent.status != http.StatusOK || !strings.Contains(sent.body, `id="offer-made"`) || !strings.Contains(sent.body, cand.Name) {
		t.Fatalf("sending the offer: %d\n%s", sent.status, excerpt(sent.body))
	}
	offers, err := intraday.ListOffers(ctx, st, all, civil.Date{}, now)
	if err != nil || len(offers) == 0 {
		t.Fatalf("offers: %v", err)
	}
	offer := offers[0]
	// The offer goes to the monitor's candidates of the supervisor's teams
	// whose day, stretched, keeps their rules: the first candidate may be
	// left out (the demo's roster is built against a time limit, so which
	// one varies with the machine's load). Go on with the first who got it.
	var minutes int
	for _, c := range m.CanExtend {
		for _, r := range offer.Recipients {
			if minutes == 0 && r.AgentID == c.AgentID {
				cand, minutes = c, r.Minutes
			}
		}
	}
	if minutes == 0 {
		t.Fatalf("the offer was made to none of the monitor's candidates: %+v\n%s", offer.Recipients, excerpt(sent.body))
	}
	for _, a := range agents {
		if a.ID == cand.AgentID {
			agent = a
		}
	}

	// The candidate accepts from her offers page (a login made for her
	// when she has none).
	username := ""
	for _, u := range site.Center.Logins() {
		if u.Role == store.RoleAgent {
			if id, err := st.UserIDByName(ctx, u.Username); err == nil && agent.UserID != nil && *agent.UserID == id {
				username = u.Username
			}
		}
	}
	if username == "" {
		username = "offer." + strings.ToLower(agent.Code)
		u := store.User{Username: username, DisplayName: agent.Name, Role: store.RoleAgent, Locale: "zh-CN", Active: true}
		if err := u.SetPassword(democenter.Password); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateUserLinked(ctx, store.System, &u, agent.ID); err != nil {
			t.Fatal(err)
		}
	}
	her := signIn(t, site.URL, username, democenter.Password, "zh-CN")
	mine := her.read("/my/offers")
	if mine.status != http.StatusOK || !strings.Contains(mine.body, fmt.Sprintf(`action="/my/offers/%d/accept"`, offer.ID)) {
		t.Fatalf("%s's offers page: %d\n%s", username, mine.status, excerpt(mine.body))
	}
	accepted := postPage(t, her, fmt.Sprintf("/my/offers/%d/accept", offer.ID), url.Values{"csrf_token": {csrfIn(t, mine.body)}})
	if accepted.status != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%s", accepted.status, excerpt(accepted.body))
	}

	// On her roster: the published rows, her schedule page, her feed.
	shifts, err := st.PublishedShifts(ctx, all, store.ShiftFilter{AgentID: agent.ID, From: m.Day, To: m.Day})
	if err != nil || len(shifts) != 1 {
		t.Fatalf("%s's shifts today: %v %v", cand.Agent, shifts, err)
	}
	want := cand.ShiftEnd.Add(time.Duration(minutes) * time.Minute)
	if !shifts[0].End.Equal(want) || !shifts[0].Start.Equal(cand.ShiftStart) {
		t.Fatalf("%s's shift %s-%s, want %s-%s", cand.Agent, shifts[0].Start, shifts[0].End, cand.ShiftStart, want)
	}
	loc, _ := time.LoadLocation(m.Timezone)
	schedule := her.read("/my/schedule?day=" + m.Day.String())
	if !strings.Contains(schedule.body, want.In(loc).Format("15:04")) {
		t.Errorf("her schedule page does not show her shift ending at %s", want.In(loc).Format("15:04"))
	}
	key := regexp.MustCompile(`schedule\.ics\?key=([A-Za-z0-9_-]+)`)
	feedPage := postPage(t, her, "/my/schedule/calendar-link", url.Values{"csrf_token": {csrfIn(t, schedule.body)}})
	if k := key.FindStringSubmatch(feedPage.body); k == nil {
		t.Errorf("no calendar link: %d", feedPage.status)
	} else {
		ics := her.read(fmt.Sprintf("/api/v1/agents/%d/schedule.ics?key=%s", agent.ID, k[1]))
		end := fmt.Sprintf("DTEND;TZID=%s:%s", m.Timezone, want.In(loc).Format("20060102T150405"))
		if !strings.Contains(ics.body, end) {
			t.Errorf("her calendar feed has no shift ending %s", end)
		}
	}
	// The supervisor sees who took it.
	list := boss.read("/intraday/offers")
	row := regexp.MustCompile(fmt.Sprintf(`(?s)<tr id="offer-%d">.*?</tr>`, offer.ID)).FindString(list.body)
	if !strings.Contains(row, `class="recipient-accepted">`+cand.Name) {
		t.Errorf("%s's offers page does not show %s took it:\n%s", sup.Username, cand.Name, row)
	}
}

// postPage posts a form as the signed-in reader and returns the answer.
func postPage(t *testing.T, cr *crawler, path string, form url.Values) page {
	t.Helper()
	res, err := cr.client.PostForm(cr.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, body: string(b)}
}

func csrfIn(t *testing.T, body string) string {
	t.Helper()
	m := crawlCSRF.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF field in the page")
	}
	return m[1]
}
