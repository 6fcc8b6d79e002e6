package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/store"
)

// TestIntradayPage shows the supervisor her agents' real-time adherence
// (the same numbers the API gives) and refuses agents.
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
	want, err := d.store.RealTimeAdherence(ctx, store.RealTimeQuery{Scope: store.Scope{All: true}, At: at(10, 0)})
	if err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	r := v.do("GET", "/intraday", nil, "Accept-Language", "en")
	if r.status != 200 {
		t.Fatalf("intraday: %d\n%s", r.status, r.body)
	}
	summary := fmt.Sprintf("At 10:00: %d out of adherence, %d in adherence.", want.OutOfAdherence, want.InAdherence)
	if len(want.Agents) != 2 || !strings.Contains(r.body, summary) || !strings.Contains(r.body, "Ana Agent (A1)") ||
		!strings.Contains(r.body, "<td>Lunch</td>") || !strings.Contains(r.body, "<td>Offline</td>") {
		t.Errorf("intraday page lacks %q or the agents' states (store: %+v):\n%s", summary, want, r.body)
	}
	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	if r := agent.do("GET", "/intraday", nil); r.status != http.StatusForbidden {
		t.Errorf("agent GET /intraday: %d", r.status)
	}
}
