package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/measure"
	"wfm/store"
	"wfm/web/webtest"
)

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
	want, err := measure.RealTime(ctx, d.store, measure.RealTimeQuery{Scope: store.Scope{All: true}, TeamID: d.team.ID, At: at(10, 0)})
	if err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	r := v.do("GET", "/intraday", nil, "Accept-Language", "en")
	if r.status != 200 {
		t.Fatalf("intraday: %d\n%s", r.status, r.body)
	}
	rows := webtest.IntradayRows(t, r.body)
	if len(want.Agents) != 2 || len(rows) != 2 {
		t.Fatalf("want both agents listed: store %d, page %d\n%s", len(want.Agents), len(rows), r.body)
	}
	for _, a := range want.Agents {
		if rows[a.Agent].Status != a.Status {
			t.Errorf("%s: page says %s, store %s", a.Agent, rows[a.Agent].Status, a.Status)
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
		t.Run(c.query, func(t *testing.T) {
			r := v.reportingTo(t).do("GET", "/intraday"+c.query, nil)
			if r.status != c.status || !strings.Contains(r.body, c.says) {
				t.Errorf("GET /intraday%s: %d, want %d saying %q", c.query, r.status, c.status, c.says)
			}
		})
	}
	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	if r := agent.do("GET", "/intraday", nil); r.status != http.StatusForbidden {
		t.Errorf("agent GET /intraday: %d", r.status)
	}
}
