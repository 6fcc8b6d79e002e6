package demo

import (
	"context"
	"math"
	"testing"

	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// TestDemoPreferencesBecomeRequests: the demo gives its first agents with a
// login shift preferences, once, and a roster build of their site turns
// them into requests that weigh the per-agent budget.
func TestDemoPreferencesBecomeRequests(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	c := Generate(5, monday, 1)
	if _, err := loadEntities(ctx, st, c); err != nil {
		t.Fatal(err)
	}
	first, err := loadPreferences(ctx, st, c)
	if err != nil {
		t.Fatal(err)
	}
	again, err := loadPreferences(ctx, st, c)
	if err != nil {
		t.Fatal(err)
	}
	if first.made != len(demoPreferenceSets) || again.made != 0 || again.kept != len(demoPreferenceSets) {
		t.Fatalf("first load %+v, second %+v: want %d agents given preferences once", first, again, len(demoPreferenceSets))
	}
	var code string
	for _, a := range c.Agents {
		if a.User != "" {
			code = a.Code
			break
		}
	}
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	var ag store.Agent
	for _, a := range agents {
		if a.Code == code {
			ag = a
		}
	}
	team, err := st.GetTeam(ctx, ag.TeamID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range demoTemplates(team.SiteID) {
		if err := st.CreateShiftTemplate(ctx, store.System, &tm); err != nil {
			t.Fatal(err)
		}
	}
	p, _, _, err := rostering.BuildProblem(ctx, st, team.SiteID, c.End.Format("2006-01-02"), 14)
	if err != nil {
		t.Fatal(err)
	}
	for _, pa := range p.Agents {
		if pa.ID != code {
			continue
		}
		sum := 0.0
		for _, r := range pa.Requests {
			sum += r.Weight
		}
		// Two Mondays and two Wednesdays of E, and the dentist's day.
		if len(pa.Requests) != 5 || math.Abs(sum-rostering.PreferenceBudget) > 1e-9 {
			t.Errorf("agent %s requests %+v (sum %v), want 5 weighing %d", code, pa.Requests, sum, rostering.PreferenceBudget)
		}
		return
	}
	t.Errorf("agent %s is not in the problem", code)
}
