package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"wfm/auth"
	"wfm/store"
	"wfm/store/storetest"
)

// counts is how much of the demo a store holds.
type counts struct {
	sites, skills, queues, users, teams, agents, history, contacts, states int
}

func countAll(t *testing.T, st *store.Store) counts {
	t.Helper()
	ctx := context.Background()
	var n counts
	sites, err1 := st.ListSites(ctx)
	skills, err2 := st.ListSkills(ctx)
	queues, err3 := st.ListQueues(ctx)
	users, err4 := st.ListUsers(ctx)
	teams, err5 := st.ListTeams(ctx, store.Scope{All: true})
	agents, err6 := st.ListAgents(ctx, store.Scope{All: true})
	history, err7 := st.History(ctx, store.HistoryFilter{})
	contacts, err8 := st.CountContacts(ctx)
	states, err9 := st.AgentStates(ctx, store.StateFilter{Scope: store.Scope{All: true}})
	for _, err := range []error{err1, err2, err3, err4, err5, err6, err7, err8, err9} {
		if err != nil {
			t.Fatal(err)
		}
	}
	n.sites, n.skills, n.queues, n.users, n.teams, n.agents = len(sites), len(skills), len(queues), len(users), len(teams), len(agents)
	n.history, n.contacts, n.states = len(history), contacts, len(states)
	return n
}

func TestLoadTwiceRefreshesWithoutDuplicates(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	c := Generate(5, monday, 1)
	var log bytes.Buffer
	began := time.Now()
	if err := LoadProgress(ctx, st, c, &log); err != nil {
		t.Fatal(err)
	}
	t.Logf("first load %s:\n%s", time.Since(began), log.String())
	want := counts{len(c.Sites), len(c.Skills), len(c.Queues), len(c.Users), len(c.Teams), len(c.Agents),
		len(c.History.Rows), len(c.Contacts), len(c.States)}
	if got := countAll(t, st); got != want {
		t.Fatalf("after the first load: %+v, want %+v", got, want)
	}
	if !strings.Contains(log.String(), "contacts: ") {
		t.Errorf("no progress line for contacts:\n%s", log.String())
	}

	// Refresh a day later: the same entities, and the rows of the days both
	// windows share replaced, not added: what is stored is the union of
	// the two loads.
	later := Generate(5, monday.AddDate(0, 0, 1), 1)
	if err := Load(ctx, st, later); err != nil {
		t.Fatal(err)
	}
	got := countAll(t, st)
	if got.sites != want.sites || got.skills != want.skills || got.queues != want.queues || got.users != want.users ||
		got.teams != want.teams || got.agents != want.agents {
		t.Fatalf("entities duplicated on refresh: %+v, first %+v", got, want)
	}
	history, contacts, states := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, cc := range []Center{c, later} {
		for _, r := range cc.History.Rows {
			history[r.Queue+r.Start.UTC().String()] = true
		}
		for _, k := range cc.Contacts {
			contacts[k.ID] = true
		}
		for _, s := range cc.States {
			states[s.Agent+s.Start.UTC().String()] = true
		}
	}
	if got.history != len(history) || got.contacts != len(contacts) || got.states != len(states) {
		t.Errorf("after refresh: %d history rows, %d contacts, %d states; want the union %d, %d, %d",
			got.history, got.contacts, got.states, len(history), len(contacts), len(states))
	}
	if got.history <= want.history || got.history >= want.history+len(later.History.Rows)/2 {
		t.Errorf("history rows %d after refresh, first load %d: the new day is missing or old days were added again", got.history, want.history)
	}

	// The demo logins work, and the agent logins see their own agent.
	checked := map[string]bool{} // argon2 is slow: one password per role
	for _, u := range c.Users {
		m, err := st.UserByUsername(ctx, u.Username)
		if err != nil {
			t.Fatal(err)
		}
		if m.Role != u.Role || !m.Active {
			t.Errorf("user %s: role %s, active %v", u.Username, m.Role, m.Active)
		}
		if !checked[u.Role] && !store.CheckPassword(m.PasswordHash, u.Password) {
			t.Errorf("user %s: the demo password does not work", u.Username)
		}
		checked[u.Role] = true
		sc, err := auth.ScopeOf(ctx, st, m)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role == store.RoleAgent && sc.AgentID == 0 || u.Role == store.RoleSupervisor && len(sc.TeamIDs) != 1 {
			t.Errorf("user %s (%s): scope %+v", u.Username, u.Role, sc)
		}
	}
}
