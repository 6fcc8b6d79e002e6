package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/store"
	"wfm/store/storetest"
)

// kpiDay is a morning in Shanghai: a1 (team A) answers two contacts, b1
// (team B) one; the 09:30 interval has only an abandoned contact.
const kpiDay = `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,acw_seconds,resolved,csat,emotion
k1,sales,2026-03-02 09:00:00,2026-03-02 09:00:10,2026-03-02 09:03:00,a1,150,20,true,5,
k2,sales,2026-03-02 09:10:00,2026-03-02 09:10:40,2026-03-02 09:14:00,a1,180,20,false,3,anger
k3,sales,2026-03-02 09:20:00,2026-03-02 09:20:05,2026-03-02 09:22:00,b1,100,15,true,4,
k4,sales,2026-03-02 09:35:00,,2026-03-02 09:36:00,,0,0,,,
`

// postCSV imports a contacts CSV as the manager.
func (f *fixture) importContacts(t *testing.T, csv string) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/imports/contacts?tz=Asia/Shanghai", strings.NewReader(csv))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+f.tokens[store.RoleManager])
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("import contacts: %d", resp.StatusCode)
	}
	resp, body := f.do(t, store.RoleManager, "POST", "/api/v1/kpi/rollups?from=2026-03-02T00:00:00%2B08:00&to=2026-03-03T00:00:00%2B08:00", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("rollup: %d %s", resp.StatusCode, body)
	}
}

// expect checks a status and decodes the body into out (may be nil).
func expect(t *testing.T, resp *http.Response, body []byte, status int, out any) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: %d, want %d: %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, status, body)
	}
	if out != nil {
		must(t, json.Unmarshal(body, out))
	}
}

func TestKPIViewsAndScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		f.importContacts(t, kpiDay)
		const days = "from=2026-03-02&to=2026-03-02"

		resp, body := f.do(t, store.RoleSupervisor, "GET", "/api/v1/kpi/queue-intervals?interval=30m&"+days, nil)
		var queues []struct {
			Queue     string                       `json:"queue"`
			Used      string                       `json:"sl_formula_used"`
			Intervals []map[string]json.RawMessage `json:"intervals"`
		}
		expect(t, resp, body, 200, &queues)
		if len(queues) != 1 || !strings.HasPrefix(queues[0].Used, "abandons-counted") || len(queues[0].Intervals) != 2 {
			t.Fatalf("queue intervals: %s", body)
		}
		// 09:00: three answered, waits 10, 40, 5: two within 20 s.
		first, second := queues[0].Intervals[0], queues[0].Intervals[1]
		if string(first["offered"]) != "3" || string(first["service_level"]) != fmt.Sprint(2.0/3) || string(first["asa_seconds"]) != "18.333333333333332" {
			t.Errorf("09:00: %s", body)
		}
		// 09:30: one abandon, nothing answered: ASA and AHT have no
		// denominator and are null, not 0.
		if string(second["asa_seconds"]) != "null" || string(second["aht_seconds"]) != "null" || string(second["abandon_rate"]) != "1" {
			t.Errorf("09:30 empty denominators: %s", body)
		}

		var agentDays []store.AgentDayKPI
		resp, body = f.do(t, store.RoleAgent, "GET", "/api/v1/kpi/agent-days?"+days, nil)
		expect(t, resp, body, 200, &agentDays)
		if len(agentDays) != 1 || agentDays[0].Agent != "a1" || agentDays[0].Handled != 2 || !strings.Contains(string(body), `"adherence":null`) {
			t.Errorf("agent's own days: %s", body)
		}
		resp, body = f.do(t, store.RoleAgent, "GET", fmt.Sprintf("/api/v1/kpi/agent-days?agent_id=%d&%s", f.agentB.ID, days), nil)
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleSupervisor, "GET", "/api/v1/kpi/agents?period=month&"+days, nil)
		var periods []store.GroupPeriodKPI
		expect(t, resp, body, 200, &periods)
		if len(periods) != 1 || periods[0].Agent != "a1" {
			t.Errorf("supervisor sees her team only: %s", body)
		}
		resp, body = f.do(t, store.RoleManager, "GET", "/api/v1/kpi/agent-days?"+days, nil)
		expect(t, resp, body, 200, &agentDays)
		if len(agentDays) != 2 {
			t.Errorf("manager sees all: %s", body)
		}
		resp, body = f.do(t, store.RoleSupervisor, "GET", fmt.Sprintf("/api/v1/kpi/teams?team_id=%d&%s", f.agentB.TeamID, days), nil)
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleManager, "GET", "/api/v1/kpi/teams?period=week&"+days, nil)
		expect(t, resp, body, 200, &periods)
		if len(periods) != 2 {
			t.Errorf("team weeks: %s", body)
		}
		for _, bad := range []string{"/api/v1/kpi/queue-intervals?to=2026-03-02", "/api/v1/kpi/queue-intervals?interval=7m&" + days,
			"/api/v1/kpi/queues?period=year&" + days, "/api/v1/kpi/agent-days?from=2026-13-01&to=2026-03-02"} {
			resp, body = f.do(t, store.RoleManager, "GET", bad, nil)
			expect(t, resp, body, 400, nil)
		}
	})
}

func TestReviewsAndFeedbackOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		f.importContacts(t, kpiDay)
		var r store.Review
		resp, body := f.do(t, store.RoleSupervisor, "POST", "/api/v1/reviews", map[string]any{"agent_id": f.agentA.ID, "cycle": "2026-03"})
		expect(t, resp, body, 201, &r)
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/reviews", map[string]any{"agent_id": f.agentB.ID, "cycle": "2026-03"})
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/reviews", map[string]any{"agent_id": f.agentA.ID, "cycle": "March"})
		expect(t, resp, body, 400, nil)

		var list []store.Review
		resp, body = f.do(t, store.RoleAgent, "GET", "/api/v1/reviews", nil)
		expect(t, resp, body, 200, &list)
		if len(list) != 0 {
			t.Errorf("agent sees a draft: %s", body)
		}
		path := fmt.Sprintf("/api/v1/reviews/%d", r.ID)
		resp, body = f.do(t, store.RoleSupervisor, "POST", path+"/comments", map[string]string{"body": "well done on CSAT"})
		expect(t, resp, body, 200, nil)
		resp, body = f.do(t, store.RoleSupervisor, "POST", path+"/share", nil)
		expect(t, resp, body, 200, nil)
		resp, body = f.do(t, store.RoleAgent, "GET", "/api/v1/reviews", nil)
		expect(t, resp, body, 200, &list)
		if len(list) != 1 {
			t.Errorf("agent's shared reviews: %s", body)
		}
		resp, body = f.do(t, store.RoleSupervisor, "POST", path+"/acknowledge", map[string]string{})
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleAgent, "GET", path, nil)
		expect(t, resp, body, 200, &r)
		if r.ReadAt == nil || len(r.Comments) != 1 {
			t.Errorf("agent's read: %s", body)
		}
		resp, body = f.do(t, store.RoleAgent, "POST", path+"/acknowledge", map[string]string{"comment": "agreed"})
		expect(t, resp, body, 200, &r)
		if r.Status != "acknowledged" || r.AcknowledgedAt == nil || r.AgentComment != "agreed" {
			t.Errorf("acknowledged: %s", body)
		}

		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/feedback", map[string]any{"agent_id": f.agentB.ID, "body": "hi"})
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/feedback", map[string]any{"agent_id": f.agentA.ID})
		expect(t, resp, body, 400, nil)
		var fb store.Feedback
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/feedback", map[string]any{"agent_id": f.agentA.ID, "body": "calm handling of k2"})
		expect(t, resp, body, 201, &fb)
		resp, body = f.do(t, store.RoleSupervisor, "POST", fmt.Sprintf("/api/v1/feedback/%d/read", fb.ID), nil)
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleAgent, "POST", fmt.Sprintf("/api/v1/feedback/%d/acknowledge", fb.ID), nil)
		expect(t, resp, body, 200, &fb)
		if fb.ReadAt == nil || fb.AcknowledgedAt == nil {
			t.Errorf("receipts: %s", body)
		}
		var notes []store.Feedback
		resp, body = f.do(t, store.RoleAgent, "GET", "/api/v1/feedback", nil)
		expect(t, resp, body, 200, &notes)
		if len(notes) != 1 {
			t.Errorf("agent's notes: %s", body)
		}
	})
}

func TestQualityComplaintsAndAlertsOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		f.importContacts(t, kpiDay)
		var forms []store.QualityForm
		resp, body := f.do(t, store.RoleAgent, "GET", "/api/v1/quality/forms", nil)
		expect(t, resp, body, 200, &forms)
		if len(forms) != 1 || !forms[0].IsDefault {
			t.Fatalf("forms: %s", body)
		}
		answers := map[string]store.Answer{}
		for _, it := range forms[0].Items {
			answers[it.ID] = store.Answer{Score: 1}
		}
		var ev store.Evaluation
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/quality/evaluations", map[string]any{"contact_id": "k1", "answers": answers})
		expect(t, resp, body, 201, &ev)
		if ev.AgentID != f.agentA.ID || ev.Total == nil || *ev.Total != 100 {
			t.Errorf("evaluation: %s", body)
		}
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/quality/evaluations", map[string]any{"contact_id": "k3", "answers": answers})
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/quality/evaluations", map[string]any{"contact_id": "k2", "answers": map[string]any{"x": map[string]float64{"score": 1}}})
		expect(t, resp, body, 400, nil)
		resp, body = f.do(t, store.RoleManager, "POST", "/api/v1/quality/forms", map[string]any{"name": "empty", "items": []any{}})
		expect(t, resp, body, 400, nil)
		var sums []store.AgentQualitySummary
		resp, body = f.do(t, store.RoleAgent, "GET", "/api/v1/quality/summary", nil)
		expect(t, resp, body, 200, &sums)
		if len(sums) != 1 || sums[0].AgentID != f.agentA.ID {
			t.Errorf("agent's quality: %s", body)
		}

		var c store.Complaint
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/complaints", map[string]any{"contact_id": "k2", "customer": "Ms Chen", "about": "rude", "wants": "an apology"})
		expect(t, resp, body, 201, &c)
		resp, body = f.do(t, store.RoleSupervisor, "POST", "/api/v1/complaints", map[string]any{"contact_id": "k3", "customer": "Ms Chen", "about": "rude"})
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleSupervisor, "POST", fmt.Sprintf("/api/v1/complaints/%d/steps", c.ID), map[string]any{"action": "judge", "valid": true})
		expect(t, resp, body, 200, &c)
		if c.Status != "valid" || len(c.Steps) != 1 || c.Steps[0].By != store.RoleSupervisor {
			t.Errorf("judged: %s", body)
		}
		resp, body = f.do(t, store.RoleSupervisor, "POST", fmt.Sprintf("/api/v1/complaints/%d/steps", c.ID), map[string]any{"action": "notify"})
		expect(t, resp, body, 400, nil)
		resp, body = f.do(t, store.RoleSupervisor, "GET", "/api/v1/complaints/kpis?from=2026-03-02T00:00:00Z&to=2030-01-01T00:00:00Z", nil)
		expect(t, resp, body, 200, nil)
		if !strings.Contains(string(body), `"reopen_rate":null`) {
			t.Errorf("no case resolved yet: the reopen rate has no base: %s", body)
		}

		n, err := st.FlagHighRiskContacts(t.Context(), mustTime("2026-03-02T00:00:00+08:00"), mustTime("2026-03-03T00:00:00+08:00"))
		must(t, err)
		if n != 1 {
			t.Errorf("high-risk alerts %d, want 1 (k2, angry)", n)
		}
		var alerts []store.Alert
		resp, body = f.do(t, store.RoleSupervisor, "GET", "/api/v1/alerts", nil)
		expect(t, resp, body, 200, &alerts)
		if len(alerts) != 1 || alerts[0].Kind != store.AlertHighRisk {
			t.Fatalf("supervisor's alerts: %s", body)
		}
		resp, body = f.do(t, store.RoleSupervisor, "POST", fmt.Sprintf("/api/v1/alerts/%d/read", alerts[0].ID), nil)
		expect(t, resp, body, 200, nil)
		resp, body = f.do(t, store.RoleSupervisor, "GET", "/api/v1/alerts?unread=true", nil)
		expect(t, resp, body, 200, &alerts)
		if len(alerts) != 0 {
			t.Errorf("unread after reading: %s", body)
		}
	})
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
