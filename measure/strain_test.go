package measure_test

import (
	"context"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/measure"
	"wfm/store"
	"wfm/store/storetest"
)

// The strain heat map is agents x days: a row per agent the query selects
// within the scope, a column per day, the index where one was computed.
func TestStrainMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai",
			OpenHours: []store.OpenDays{{Weekdays: []int{1, 2, 3, 4, 5}, Open: "08:00", Close: "20:00"}}}
		must(t, st.CreateSite(ctx, store.System, &site))
		var teams [2]store.Team
		var agents [3]store.Agent
		for i := range teams {
			teams[i] = store.Team{Name: []string{"Team A", "Team B"}[i], SiteID: site.ID}
			must(t, st.CreateTeam(ctx, store.System, &teams[i]))
		}
		for i := range agents {
			agents[i] = store.Agent{Code: []string{"A1", "A2", "B1"}[i], Name: "Agent", TeamID: teams[i/2].ID,
				HireDate: civil.MustParse("2024-05-01"), Active: true}
			must(t, st.CreateAgent(ctx, store.System, &agents[i]))
		}
		day := civil.MustParse
		strain := func(a store.Agent, d string, index float64) store.StrainDay {
			return store.StrainDay{AgentID: a.ID, Day: day(d), Index: index, Action: "reduce",
				Factors: []store.StrainFactor{}, Reasons: []store.StrainFactor{}, ComputedAt: time.Now().UTC()}
		}
		must(t, st.SaveStrain(ctx, []store.StrainDay{
			strain(agents[0], "2026-03-01", 40), strain(agents[0], "2026-03-03", 70),
			strain(agents[1], "2026-03-02", 20), strain(agents[2], "2026-03-02", 90),
			strain(agents[0], "2026-03-04", 99), // after the map
		}, nil))
		teamA := store.Scope{TeamIDs: []int64{teams[0].ID}}
		for _, tc := range []struct {
			name  string
			q     store.KPIQuery
			want  map[string][]float64 // agent code -> index per day, -1 for none
			fails fault.Code
		}{
			{"every agent", store.KPIQuery{Scope: store.Scope{All: true}},
				map[string][]float64{"A1": {40, -1, 70}, "A2": {-1, 20, -1}, "B1": {-1, 90, -1}}, ""},
			{"the scope's agents", store.KPIQuery{Scope: teamA}, map[string][]float64{"A1": {40, -1, 70}, "A2": {-1, 20, -1}}, ""},
			{"one team", store.KPIQuery{Scope: store.Scope{All: true}, TeamID: teams[1].ID}, map[string][]float64{"B1": {-1, 90, -1}}, ""},
			{"one agent", store.KPIQuery{Scope: teamA, AgentID: agents[1].ID}, map[string][]float64{"A2": {-1, 20, -1}}, ""},
			{"an agent out of scope", store.KPIQuery{Scope: teamA, AgentID: agents[2].ID}, nil, fault.Forbidden},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := tc.q
				q.From, q.To = day("2026-03-01"), day("2026-03-03")
				m, err := measure.StrainMap(ctx, st, q)
				if tc.fails != "" {
					if fault.CodeOf(err) != tc.fails {
						t.Fatalf("err = %v, want %s", err, tc.fails)
					}
					return
				}
				must(t, err)
				if len(m.Days) != 3 || m.Days[0] != "2026-03-01" || m.Days[2] != "2026-03-03" || len(m.Agents) != len(tc.want) {
					t.Fatalf("days %v, %d agents; want 3 days from 2026-03-01, %d agents", m.Days, len(m.Agents), len(tc.want))
				}
				for _, r := range m.Agents {
					want := tc.want[r.Agent]
					if want == nil {
						t.Errorf("agent %s shown", r.Agent)
						continue
					}
					shown := 0
					for i, v := range r.Index {
						switch {
						case want[i] < 0 && v != nil, want[i] >= 0 && (v == nil || *v != want[i]):
							t.Errorf("agent %s day %d = %v, want %v", r.Agent, i, v, want[i])
						case v != nil:
							shown++
						}
					}
					if len(r.Days) != shown {
						t.Errorf("agent %s has %d days, want %d", r.Agent, len(r.Days), shown)
					}
				}
			})
		}
	})
}
