package rostering_test

import (
	"context"
	"testing"

	"wfm/civil"
	"wfm/store"
)

// center creates a site, a queue "sales" and an agent "A1" in a team.
func center(t *testing.T, st *store.Store) (store.Site, store.Queue, store.Team, store.Agent) {
	t.Helper()
	ctx := context.Background()
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai",
		OpenHours: []store.OpenDays{{Weekdays: []int{1, 2, 3, 4, 5}, Open: "08:00", Close: "20:00"}}}
	must(t, st.CreateSite(ctx, store.System, &site))
	q := store.Queue{Code: "sales", Name: "Sales", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
	must(t, st.CreateQueue(ctx, store.System, &q))
	team := store.Team{Name: "Team A", SiteID: site.ID}
	must(t, st.CreateTeam(ctx, store.System, &team))
	ag := store.Agent{Code: "A1", Name: "Li Na", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
	must(t, st.CreateAgent(ctx, store.System, &ag))
	return site, q, team, ag
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
