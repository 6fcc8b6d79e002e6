package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/api"
	"wfm/civil"
	"wfm/intraday"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// Offers over the API, every request and answer checked against the
// OpenAPI document: the supervisor offers a1 an hour more on Monday 7
// December (the server's today); b1 of another team cannot be offered;
// a1 accepts, a second acceptance is a conflict; the supervisor sees the
// answer and withdraws the offer.
func TestOffersOverTheAPI(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, sh)
	st.SetClock(func() time.Time { return now })
	f := newFixtureWith(t, st, func(c *api.Config) { c.Now = func() time.Time { return now } })
	p := schedule.Problem{StartDate: civil.MustParse("2026-12-07"), Days: 7, IntervalMinutes: 15, Timezone: "Asia/Shanghai",
		Shifts: []schedule.Shift{{ID: "E", Start: "08:00", DurationMinutes: 480}}, Agents: []schedule.Agent{{ID: "a1"}, {ID: "b1"}}}
	v := &store.ScheduleVersion{SiteID: f.site.ID, Problem: p, Solution: schedule.Solution{Assignments: []schedule.Assignment{{Agent: "a1", Day: 0, Shift: "E"}, {Agent: "b1", Day: 0, Shift: "E"}}}}
	must(t, rostering.CreateSchedule(ctx, st, store.System, store.Scope{All: true}, v))
	if _, err := rostering.Publish(ctx, st, store.System, store.Scope{All: true}, v.ID, v.Version); err != nil {
		t.Fatal(err)
	}

	offer := map[string]any{"site_id": f.site.ID, "kind": "overtime", "minutes": 60, "agent_ids": []int64{f.agentA.ID}, "note": "busy"}
	if resp, body := f.do(t, "supervisor", "POST", "/api/v1/offers", map[string]any{"site_id": f.site.ID, "kind": "more", "minutes": 60, "agent_ids": []int64{f.agentA.ID}}); resp.StatusCode != 400 || !strings.Contains(string(body), `"kind"`) {
		t.Errorf("kind more: %d %s", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "supervisor", "POST", "/api/v1/offers", map[string]any{"site_id": f.site.ID, "kind": "overtime", "day": "2026-13-01", "minutes": 60, "agent_ids": []int64{f.agentA.ID}}); resp.StatusCode != 400 || !strings.Contains(string(body), `"day":"\"2026-13-01\" is not a date YYYY-MM-DD"`) {
		t.Errorf("a 13th month: %d %s", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "supervisor", "POST", "/api/v1/offers", map[string]any{"site_id": f.site.ID, "kind": "overtime", "minutes": 60, "agent_ids": []int64{f.agentB.ID}}); resp.StatusCode != 403 {
		t.Errorf("an agent of another team: %d %s", resp.StatusCode, body)
	}
	resp, body := f.do(t, "supervisor", "POST", "/api/v1/offers", offer)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("offer: %d %s", resp.StatusCode, body)
	}
	var made intraday.OfferResult
	must(t, json.Unmarshal(body, &made))
	if made.Offer.State != store.OfferOpen || len(made.Offer.Recipients) != 1 || made.Offer.Recipients[0].Minutes != 60 {
		t.Fatalf("offer made: %+v", made)
	}
	path := fmt.Sprintf("/api/v1/offers/%d", made.Offer.ID)
	if resp, body := f.do(t, "agent", "GET", "/api/v1/offers", nil); resp.StatusCode != 200 || !strings.Contains(string(body), `"state":"open"`) {
		t.Errorf("a1's offers: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, "agent", "POST", path+"/accept", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"state":"filled"`) || !strings.Contains(string(body), `"status":"accepted"`) {
		t.Fatalf("accept: %d %s", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "agent", "POST", path+"/accept", nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("accept again: %d %s", resp.StatusCode, body)
	}
	shifts, err := st.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{AgentID: f.agentA.ID, From: civil.MustParse("2026-12-07"), To: civil.MustParse("2026-12-07")})
	if err != nil || len(shifts) != 1 || !shifts[0].End.Equal(time.Date(2026, 12, 7, 17, 0, 0, 0, sh)) {
		t.Errorf("a1's shift after accepting: %+v %v", shifts, err)
	}
	resp, body = f.do(t, "supervisor", "GET", "/api/v1/offers?day=2026-12-07", nil)
	var list []store.Offer
	must(t, json.Unmarshal(body, &list))
	if resp.StatusCode != 200 || len(list) != 1 || list[0].Recipients[0].Status != store.RecipientAccepted {
		t.Fatalf("the supervisor's list: %d %s", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "supervisor", "POST", path+"/cancel", map[string]any{"version": list[0].Version}); resp.StatusCode != 200 || !strings.Contains(string(body), `"state":"cancelled"`) {
		t.Errorf("withdraw: %d %s", resp.StatusCode, body)
	}
}
