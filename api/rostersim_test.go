package api_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"wfm/civil"
	"wfm/rostering"

	"wfm/store"
	"wfm/store/storetest"
)

func TestRosterSimulationRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rc := newRosterCenter(t, st)
		draft := rc.build(t)
		path := fmt.Sprintf("/api/v1/schedules/%d/simulation", draft.ID)

		resp, body := rc.do(t, "supervisor", "GET", path+"?seed=2&runs=3&from=2026-12-08&to=2026-12-09", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("simulation: %d %s", resp.StatusCode, body)
		}
		sim := decodeRoster[rostering.RosterSimulation](t, body)
		if sim.ScheduleID != draft.ID || sim.Status != store.ScheduleDraft || sim.Runs != 3 || sim.Seed != 2 || sim.From != civil.MustParse("2026-12-08") || sim.To != civil.MustParse("2026-12-09") {
			t.Errorf("header %+v", sim)
		}
		var billing *rostering.QueueSimulation
		for i := range sim.Queues {
			if sim.Queues[i].Code == "billing" {
				billing = &sim.Queues[i]
			}
		}
		if billing == nil || len(billing.Days) != 2 || billing.Skill != "billing" {
			t.Fatalf("billing queue: %s", body)
		}
		for _, d := range billing.Days {
			if d.Offered < 400 || d.Offered > 720 || d.ServiceLevel == nil || len(d.Intervals) == 0 {
				t.Errorf("day %s: %+v (28 half hours of 20 calls: about 560)", d.Date, d.SimulatedOutcome)
			}
		}
		again := decodeRoster[rostering.RosterSimulation](t, must2(rc.do(t, "manager", "GET", path+"?seed=2&runs=3&from=2026-12-08&to=2026-12-09", nil)))
		if !reflect.DeepEqual(again, sim) {
			t.Error("same seed, another simulation")
		}

		for q, field := range map[string]string{"runs=500": "runs", "runs=x": "runs", "seed=-1": "seed", "shrinkage=1.5": "shrinkage",
			"shrinkage=lots": "shrinkage", "from=2027-01-01": "from", "to=never": "to"} {
			resp, body := rc.do(t, "supervisor", "GET", path+"?"+q, nil)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"`+field+`"`) {
				t.Errorf("?%s: %d %s, want 400 naming %s", q, resp.StatusCode, body, field)
			}
		}
		if resp, _ := rc.do(t, "supervisor", "GET", "/api/v1/schedules/424242/simulation", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("missing schedule: %d", resp.StatusCode)
		}

		// A supervisor of another site only.
		other := store.Site{Name: "London", Timezone: "Europe/London"}
		must(t, st.CreateSite(ctx, store.System, &other))
		u := &store.User{Username: "sup2", DisplayName: "sup2", Role: store.RoleSupervisor, Active: true}
		must(t, u.SetPassword(password))
		must(t, st.CreateUser(ctx, store.System, u))
		team := store.Team{Name: "L", SiteID: other.ID, SupervisorUserID: &u.ID}
		must(t, st.CreateTeam(ctx, store.System, &team))
		_, secret, err := st.CreateToken(ctx, store.System, u.ID, "test", store.DefaultTokenDays)
		must(t, err)
		rc.tokens["sup2"] = secret
		if resp, body := rc.do(t, "sup2", "GET", path, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("another site's supervisor: %d %s, want 403", resp.StatusCode, body)
		}
	})
}

func must2(_ *http.Response, body []byte) []byte { return body }
