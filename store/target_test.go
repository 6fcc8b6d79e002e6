package store_test

import (
	"context"
	"testing"
	"time"

	"wfm/fault"
	"wfm/measure"
	"wfm/people"
	"wfm/store"
	"wfm/store/storetest"
)

// mixedContacts: agent A1 handles two calls on the voice queue "sales"
// (no AHT target of its own: voice's 300 s) and two chats on "web-chat"
// (its own target, 540 s), one either side of Shanghai midnight; a chat
// nobody answered does not count.
const mixedContacts = `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,hold_seconds,acw_seconds,resolved,csat,emotion,complaint
v1,sales,2026-03-02 09:00:00,2026-03-02 09:00:10,2026-03-02 09:02:20,A1,100,10,20,,,,false
v2,sales,2026-03-02 10:00:00,2026-03-02 10:00:10,2026-03-02 10:03:40,A1,200,0,10,,,,false
c1,web-chat,2026-03-02 23:30:00,2026-03-02 23:30:20,2026-03-02 23:43:40,A1,800,0,0,,,,false
c2,web-chat,2026-03-03 00:30:00,2026-03-03 00:30:20,2026-03-03 00:47:00,A1,1000,0,0,,,,false
x1,web-chat,2026-03-03 01:00:00,,2026-03-03 01:02:00,,0,0,0,,,,false
`

// TestAgentAHTTargetFollowsHerQueues: an agent's AHT target is the
// targets of the queues she handled, weighted by her contacts, per day
// and over a review cycle; the review scores her AHT against it.
func TestAgentAHTTargetFollowsHerQueues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, team, ag := kpiCenter(t, st)
		chatTarget := 540
		chat := store.Queue{Code: "web-chat", Name: "Chat", SiteID: site.ID, Channel: "chat", Concurrency: 3,
			SLTarget: 0.8, SLThresholdSeconds: 60, AHTTargetSeconds: &chatTarget}
		must(t, st.CreateQueue(ctx, store.System, &chat))
		importKPIInput(t, st, mixedContacts, "")
		_, err := measure.RollupKPIs(ctx, st, at("00:00"), at("00:00").Add(48*time.Hour))
		must(t, err)

		sup := store.Scope{TeamIDs: []int64{team.ID}}
		targets, err := measure.AgentAHTTargets(ctx, st, store.KPIQuery{From: day("2026-03-01"), To: day("2026-03-04"), AgentID: ag.ID, Scope: sup})
		must(t, err)
		// By hand: 2 March, two calls and a chat: (300 + 300 + 540) / 3 = 380;
		// 3 March, one chat: 540. No contacts on 1 and 4 March.
		got := targets[ag.ID]
		if len(got) != 2 || got["2026-03-02"] != 380 || got["2026-03-03"] != 540 {
			t.Errorf("targets per day = %v, want 2026-03-02: 380, 2026-03-03: 540", got)
		}
		if _, err := measure.AgentAHTTargets(ctx, st, store.KPIQuery{From: day("2026-03-01"), To: day("2026-03-04"), AgentID: ag.ID,
			Scope: store.Scope{TeamIDs: []int64{team.ID + 100}}}); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another team's supervisor: %v, want forbidden", err)
		}

		r, err := people.GenerateReview(ctx, st, store.System, sup, ag.ID, "2026-03")
		must(t, err)
		var item *store.ItemScore
		for i := range r.Draft.Items {
			if r.Draft.Items[i].KPI == "aht_seconds" {
				item = &r.Draft.Items[i]
			}
		}
		// The cycle: (2 x 300 + 2 x 540) / 4 = 420 s. Her AHT: (130 + 210 +
		// 800 + 1000) / 4 = 535 s. The default card's floor 600 for 300 is
		// 840 for 420, so her points are (535 - 840) / (420 - 840) = 305/420;
		// against 300 s for everyone she would have had 65/300.
		if item == nil || item.Target != 420 || !near(item.Value, 535) || !near(item.Points, 305.0/420) || item.MetTarget {
			t.Fatalf("AHT item %+v", item)
		}
		planned := false
		for _, p := range r.Plan {
			planned = planned || (p.KPI == "aht_seconds" && near(p.From, 535) && p.To != nil && *p.To == 420)
		}
		if !planned {
			t.Errorf("the plan does not aim at her own target: %+v", r.Plan)
		}
	})
}
