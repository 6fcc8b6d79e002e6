package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"wfm/civil"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestScheduleActivityOverTheAPI: a supervisor plans a meeting for her
// team's agent in the published roster, applies and publishes it, and the
// agent's shifts carry it; another team's agent is forbidden, a bad
// request names its fields, an agent may not ask.
func TestScheduleActivityOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		req := make([]float64, 96)
		for k := 32; k < 48; k++ {
			req[k] = 2 // a busy morning
		}
		p := schedule.Problem{StartDate: civil.MustParse("2026-12-07"), Days: 1, IntervalMinutes: 15, Timezone: f.site.Timezone,
			Shifts: []schedule.Shift{{ID: "E", Start: "08:00", DurationMinutes: 480}},
			Agents: []schedule.Agent{{ID: "a1"}, {ID: "b1"}},
			Demand: schedule.Demand{Intervals: []schedule.IntervalDemand{{Day: 0, Required: req, UnderWeight: 10, OverWeight: 1}}}}
		v := &store.ScheduleVersion{SiteID: f.site.ID, Problem: p, Solution: schedule.Solution{Assignments: []schedule.Assignment{
			{Agent: "a1", Day: 0, Shift: "E"}, {Agent: "b1", Day: 0, Shift: "E"}}}}
		all := store.Scope{All: true}
		must(t, rostering.CreateSchedule(ctx, st, store.System, all, v))
		pub, err := rostering.Publish(ctx, st, store.System, all, v.ID, v.Version)
		must(t, err)
		path := fmt.Sprintf("/api/v1/schedules/%d/activities", pub.ID)
		ask := map[string]any{"version": pub.Version, "kind": "training", "title": "Refunds", "agent_ids": []int64{f.agentA.ID},
			"duration_minutes": 60, "from": "2026-12-07", "to": "2026-12-07"}

		if resp, body := f.do(t, "agent", "POST", path, ask); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an agent asking: %d %s", resp.StatusCode, body)
		}
		other := map[string]any{"version": pub.Version, "kind": "training", "title": "x", "agent_ids": []int64{f.agentB.ID},
			"duration_minutes": 60, "from": "2026-12-07", "to": "2026-12-07"}
		if resp, body := f.do(t, "supervisor", "POST", path, other); resp.StatusCode != http.StatusForbidden {
			t.Errorf("another team's agent: %d %s", resp.StatusCode, body)
		}
		resp, body := f.do(t, "supervisor", "POST", path, map[string]any{"kind": "party", "from": "2026-12-07", "to": "2026-12-07"})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"kind"`) || !strings.Contains(string(body), `"duration_minutes"`) {
			t.Errorf("a bad request: %d %s", resp.StatusCode, body)
		}

		resp, body = f.do(t, "supervisor", "POST", path, ask)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("plan: %d %s", resp.StatusCode, body)
		}
		plan := decodeRoster[rostering.ActivityResult](t, body)
		// 12:00 on: nothing wanted, so nothing lost; the morning would cost.
		if plan.Applied || len(plan.Placed) != 1 || plan.Placed[0].Start != "12:00" || plan.Cost > 0 {
			t.Fatalf("plan %s", body)
		}
		ask["apply"], ask["publish"] = true, true
		resp, body = f.do(t, "supervisor", "POST", path, ask)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("apply: %d %s", resp.StatusCode, body)
		}
		done := decodeRoster[rostering.ActivityResult](t, body)
		if !done.Applied || done.Schedule == nil || done.Schedule.Status != store.SchedulePublished {
			t.Fatalf("applied %s", body)
		}
		resp, body = f.do(t, "agent", "GET", fmt.Sprintf("/api/v1/shifts?agent_id=%d&from=2026-12-07&to=2026-12-07", f.agentA.ID), nil)
		shifts := decodeRoster[[]store.AgentShift](t, body)
		if resp.StatusCode != 200 || len(shifts) != 1 || len(shifts[0].Activities) != 1 || shifts[0].Activities[0].Title != "Refunds" || shifts[0].Activities[0].Kind != "training" {
			t.Fatalf("the agent's shifts: %d %s", resp.StatusCode, body)
		}
		ask["version"] = pub.Version
		if resp, body := f.do(t, "supervisor", "POST", path, ask); resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusConflict {
			t.Errorf("applying to the superseded version: %d %s", resp.StatusCode, body)
		}
	})
}
