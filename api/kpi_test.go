package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/measure"
	"wfm/people"
	"wfm/rostering"
	"wfm/schedule"
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

// postCSV posts a raw CSV body to path as the manager.
func (f *fixture) postCSV(t *testing.T, path, csv string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader(csv))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+f.tokens[store.RoleManager])
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// importContacts imports a contacts CSV as the manager and rolls up its day.
func (f *fixture) importContacts(t *testing.T, csv string) {
	t.Helper()
	if resp, body := f.postCSV(t, "/api/v1/imports/contacts?tz=Asia/Shanghai", csv); resp.StatusCode != 200 {
		t.Fatalf("import contacts: %d %s", resp.StatusCode, body)
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

		var agentDays []measure.AgentDayKPI
		resp, body = f.do(t, store.RoleAgent, "GET", "/api/v1/kpi/agent-days?"+days, nil)
		expect(t, resp, body, 200, &agentDays)
		if len(agentDays) != 1 || agentDays[0].Agent != "a1" || agentDays[0].Handled != 2 || !strings.Contains(string(body), `"adherence":null`) {
			t.Errorf("agent's own days: %s", body)
		}
		resp, body = f.do(t, store.RoleAgent, "GET", fmt.Sprintf("/api/v1/kpi/agent-days?agent_id=%d&%s", f.agentB.ID, days), nil)
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleSupervisor, "GET", "/api/v1/kpi/agents?period=month&"+days, nil)
		var periods []measure.GroupPeriodKPI
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
		resp, body = f.do(t, store.RoleSupervisor, "GET", "/api/v1/complaints/kpis?from=2026-03-02T00:00:00Z&to=2027-03-02T00:00:00Z", nil)
		expect(t, resp, body, 200, nil)
		if !strings.Contains(string(body), `"reopen_rate":null`) {
			t.Errorf("no case resolved yet: the reopen rate has no base: %s", body)
		}

		n, err := people.FlagHighRiskContacts(t.Context(), st, mustTime("2026-03-02T00:00:00+08:00"), mustTime("2026-03-03T00:00:00+08:00"))
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

// rtStates is a morning of states: a1 comes in five minutes late and back
// from her break five minutes late, and the feed has her available since
// 10:20; b1 went on a break at 10:30 she was not scheduled for.
const rtStates = `agent,state,start,end
a1,offline,2026-03-02 08:00:00,2026-03-02 09:05:00
a1,available,2026-03-02 09:05:00,2026-03-02 10:00:00
a1,break,2026-03-02 10:00:00,2026-03-02 10:20:00
a1,available,2026-03-02 10:20:00,2026-03-02 10:40:00
b1,available,2026-03-02 09:00:00,2026-03-02 10:30:00
b1,break,2026-03-02 10:30:00,2026-03-02 10:50:00
`

// publishMorning publishes the site's roster of 2026-03-02: a1 and b1 work
// 09:00-13:00, a1 with a paid break at 10:00.
func (f *fixture) publishMorning(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	v := &store.ScheduleVersion{SiteID: f.site.ID, Problem: schedule.Problem{
		StartDate: civil.MustParse("2026-03-02"), Days: 1, IntervalMinutes: 15,
		Shifts: []schedule.Shift{
			{ID: "M", Start: "09:00", DurationMinutes: 240, Breaks: []schedule.Break{{DurationMinutes: 15, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 60}}},
			{ID: "N", Start: "09:00", DurationMinutes: 240},
		},
		Agents: []schedule.Agent{{ID: "a1"}, {ID: "b1"}},
	}, Solution: schedule.Solution{Assignments: []schedule.Assignment{
		{Agent: "a1", Day: 0, Shift: "M", Start: "09:00", Breaks: []schedule.BreakPlacement{{Start: "10:00", DurationMinutes: 15}}},
		{Agent: "b1", Day: 0, Shift: "N", Start: "09:00"},
	}}}
	must(t, rostering.CreateSchedule(ctx, f.st, store.System, store.Scope{All: true}, v))
	_, err := rostering.Publish(ctx, f.st, store.System, store.Scope{All: true}, v.ID, v.Version)
	must(t, err)
}

func TestRealTimeAdherenceOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		f.publishMorning(t)
		if resp, body := f.postCSV(t, "/api/v1/imports/states?tz=Asia/Shanghai", rtStates); resp.StatusCode != 200 {
			t.Fatalf("import states: %d %s", resp.StatusCode, body)
		}
		const now = "/api/v1/adherence/now?tz=Asia/Shanghai&at=2026-03-02%2010:45"
		var view measure.RealTimeAdherence
		resp, body := f.do(t, store.RoleManager, "GET", now, nil)
		expect(t, resp, body, 200, &view)
		if len(view.Agents) != 2 || view.InAdherence != 1 || view.OutOfAdherence != 1 || view.ThresholdSeconds != 0 {
			t.Fatalf("manager's view: %s", body)
		}
		a1, b1 := view.Agents[0], view.Agents[1]
		// a1: available (the feed's latest, taken to go on) while scheduled
		// to work; out 09:00-09:05 and 10:15-10:20.
		if a1.Agent != "a1" || a1.State != "available" || a1.Scheduled != "work" || !a1.InAdherence || a1.OutOfAdherenceMinutes != 10 {
			t.Errorf("a1 %+v", a1)
		}
		if a1.StateRecordedUntil == nil || !a1.StateRecordedUntil.Equal(time.Date(2026, 3, 2, 2, 40, 0, 0, time.UTC)) {
			t.Errorf("a1 recorded until %v, want 10:40 Shanghai", a1.StateRecordedUntil)
		}
		if a1.ScheduledUntil == nil || !a1.ScheduledUntil.Equal(time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC)) {
			t.Errorf("a1 scheduled until %v, want 13:00 Shanghai", a1.ScheduledUntil)
		}
		// b1: on an unscheduled break since 10:30: fifteen minutes out, now.
		if b1.Agent != "b1" || b1.State != "break" || b1.InAdherence || b1.OutOfAdherenceMinutes != 15 {
			t.Errorf("b1 %+v", b1)
		}

		// A 20-minute threshold forgives a1's five-minute runs and b1's
		// break so far; b1 is still out of adherence now.
		resp, body = f.do(t, store.RoleManager, "GET", now+"&threshold=20m", nil)
		expect(t, resp, body, 200, &view)
		if view.ThresholdSeconds != 1200 || view.Agents[0].OutOfAdherenceSeconds != 0 || view.Agents[1].OutOfAdherenceSeconds != 0 || view.Agents[1].InAdherence {
			t.Errorf("with a 20m threshold: %s", body)
		}
		// Before the day's shifts nothing is scheduled: neither in nor out
		// of adherence, but off shift; b1, with nothing recorded so far
		// today, is listed too.
		resp, body = f.do(t, store.RoleManager, "GET", "/api/v1/adherence/now?tz=Asia/Shanghai&at=2026-03-02%2008:30", nil)
		expect(t, resp, body, 200, &view)
		if len(view.Agents) != 2 || view.Agents[0].State != "offline" || view.Agents[0].Scheduled != "" || view.Agents[0].InAdherence ||
			view.Agents[0].Status != "off_shift" || view.Agents[1].Status != "off_shift" || view.InAdherence != 0 || view.OutOfAdherence != 0 {
			t.Errorf("before the shifts: %s", body)
		}
		// The day gone by, asked for the next morning: the whole day counts
		// and no state is taken to go on. a1: out 09:00-09:05, 10:15-10:20
		// and 10:40-13:00; b1: out 10:30-13:00; 150 of 240 minutes each.
		resp, body = f.do(t, store.RoleManager, "GET", "/api/v1/adherence/now?tz=Asia/Shanghai&at=2026-03-03%2009:00&day=2026-03-02", nil)
		expect(t, resp, body, 200, &view)
		if len(view.Agents) != 2 || view.Agents[0].Status != "scheduled" || view.Agents[0].OutOfAdherenceMinutes != 150 || view.Agents[1].OutOfAdherenceMinutes != 150 ||
			view.Adherence == nil || *view.Adherence != 1-300.0/480 || view.ScheduledSeconds != 2*240*60 || len(view.Agents[0].Activities) != 3 || len(view.Agents[0].States) != 4 {
			t.Errorf("the day gone by: %s", body)
		}
		for _, bad := range []string{"&day=2026-3-2", "&day=2024-01-01"} {
			resp, body = f.do(t, store.RoleManager, "GET", now+bad, nil)
			expect(t, resp, body, 400, nil)
			if !strings.Contains(string(body), `"day"`) {
				t.Errorf("%s: the refusal does not name day: %s", bad, body)
			}
		}

		// Scope: the agent and the supervisor (team A) see a1 alone.
		for _, role := range []string{store.RoleAgent, store.RoleSupervisor} {
			resp, body = f.do(t, role, "GET", now, nil)
			expect(t, resp, body, 200, &view)
			if len(view.Agents) != 1 || view.Agents[0].Agent != "a1" {
				t.Errorf("%s sees %s", role, body)
			}
		}
		resp, body = f.do(t, store.RoleAgent, "GET", fmt.Sprintf("%s&agent_id=%d", now, f.agentB.ID), nil)
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleSupervisor, "GET", fmt.Sprintf("%s&team_id=%d", now, f.agentB.TeamID), nil)
		expect(t, resp, body, 403, nil)
		resp, body = f.do(t, store.RoleManager, "GET", fmt.Sprintf("%s&site_id=%d&team_id=%d", now, f.site.ID, f.agentB.TeamID), nil)
		expect(t, resp, body, 200, &view)
		if len(view.Agents) != 1 || view.Agents[0].Agent != "b1" {
			t.Errorf("manager, team B: %s", body)
		}
		for _, bad := range []string{now + "&threshold=soon", now + "&threshold=-5m", "/api/v1/adherence/now?at=yesterday", now + "&site_id=x"} {
			resp, body = f.do(t, store.RoleManager, "GET", bad, nil)
			expect(t, resp, body, 400, nil)
		}
		resp, body = f.do(t, store.RoleManager, "GET", now+"&site_id=424242", nil)
		expect(t, resp, body, 404, nil)
	})
}
