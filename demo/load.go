package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"wfm/store"
)

// Load writes the center into the store through its public methods. What
// already exists (a site, skill, queue, user, team or agent with the demo's
// name or code) is left as it is; history, contacts and states are
// re-imported, and re-importing replaces rows by their keys, so loading
// twice never duplicates anything.
func Load(ctx context.Context, st *store.Store, c Center) error {
	return LoadProgress(ctx, st, c, io.Discard)
}

// LoadProgress is Load, writing a line to log for each step: what it
// wrote and how long it took.
func LoadProgress(ctx context.Context, st *store.Store, c Center, log io.Writer) error {
	step := func(format string, args ...any) func() {
		began := time.Now()
		return func() {
			fmt.Fprintf(log, format+" (%s)\n", append(args, time.Since(began).Round(time.Millisecond))...)
		}
	}
	done := step("entities: sites, skills, queues, users, teams, agents")
	created, err := loadEntities(ctx, st, c)
	if err != nil {
		return err
	}
	done()
	fmt.Fprintf(log, "  %d created, %d already there\n", created.made, created.kept)
	prefs, err := loadPreferences(ctx, st, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "  shift preferences: %d agents given some, %d already had them\n", prefs.made, prefs.kept)

	done = step("history: %d intervals of %d queues, %s to %s", len(c.History.Rows), len(c.Queues),
		c.First.Format(time.DateOnly), c.End.AddDate(0, 0, -1).Format(time.DateOnly))
	if _, err := st.ImportHistory(ctx, store.System, "demo-history", c.History); err != nil {
		return fmt.Errorf("demo history: %w", err)
	}
	done()
	done = step("contacts: %d from %s", len(c.Contacts), c.ContactsFrom.Format(time.DateOnly))
	if _, err := st.ImportContacts(ctx, store.System, "demo-contacts", c.Contacts); err != nil {
		return fmt.Errorf("demo contacts: %w", err)
	}
	done()
	done = step("agent states: %d", len(c.States))
	if _, err := st.ImportStates(ctx, store.System, "demo-states", c.States); err != nil {
		return fmt.Errorf("demo agent states: %w", err)
	}
	done()
	return nil
}

type tally struct{ made, kept int }

func (t *tally) count(made bool) {
	if made {
		t.made++
	} else {
		t.kept++
	}
}

// loadEntities creates what is missing, in dependency order (a queue needs
// its site and skill, a team its site and supervisor, an agent her team,
// user and skills), and returns how many were created and kept.
func loadEntities(ctx context.Context, st *store.Store, c Center) (tally, error) {
	l := entityLoader{ctx: ctx, st: st}
	for _, step := range []func(Center) error{l.sites, l.skills, l.queues, l.users, l.teams, l.agents} {
		if err := step(c); err != nil {
			return l.t, err
		}
	}
	return l.t, nil
}

// entityLoader is one loadEntities run: the ids by name of what exists or
// was just created, for the later steps to refer to, and the tally.
type entityLoader struct {
	ctx     context.Context
	st      *store.Store
	t       tally
	siteID  map[string]int64 // by name
	skillID map[string]int64 // by name
	userID  map[string]int64 // by username
	teamID  map[string]int64 // by name
}

func (l *entityLoader) sites(c Center) error {
	sites, err := l.st.ListSites(l.ctx)
	if err != nil {
		return err
	}
	l.siteID = map[string]int64{}
	for _, s := range sites {
		l.siteID[s.Name] = s.ID
	}
	for _, s := range c.Sites {
		_, ok := l.siteID[s.Name]
		l.t.count(!ok)
		if ok {
			continue
		}
		m := store.Site{Name: s.Name, Timezone: s.Timezone, OpenHours: s.OpenHours}
		if err := l.st.CreateSite(l.ctx, store.System, &m); err != nil {
			return fmt.Errorf("demo site %s: %w", s.Name, err)
		}
		l.siteID[s.Name] = m.ID
	}
	return nil
}

func (l *entityLoader) skills(c Center) error {
	skills, err := l.st.ListSkills(l.ctx)
	if err != nil {
		return err
	}
	l.skillID = map[string]int64{}
	for _, k := range skills {
		l.skillID[k.Name] = k.ID
	}
	for _, name := range c.Skills {
		_, ok := l.skillID[name]
		l.t.count(!ok)
		if ok {
			continue
		}
		m := store.Skill{Name: name}
		if err := l.st.CreateSkill(l.ctx, store.System, &m); err != nil {
			return fmt.Errorf("demo skill %s: %w", name, err)
		}
		l.skillID[name] = m.ID
	}
	return nil
}

func (l *entityLoader) queues(c Center) error {
	queues, err := l.st.ListQueues(l.ctx)
	if err != nil {
		return err
	}
	queueIDs := map[string]bool{}
	for _, q := range queues {
		queueIDs[q.Code] = true
	}
	for _, q := range c.Queues {
		l.t.count(!queueIDs[q.Code])
		if queueIDs[q.Code] {
			continue
		}
		m := q.Queue
		m.SiteID = l.siteID[q.Site]
		m.SkillID = ptr(l.skillID[q.Skill])
		if err := l.st.CreateQueue(l.ctx, store.System, &m); err != nil {
			return fmt.Errorf("demo queue %s: %w", q.Code, err)
		}
	}
	return nil
}

func (l *entityLoader) users(c Center) error {
	users, err := l.st.ListUsers(l.ctx)
	if err != nil {
		return err
	}
	l.userID = map[string]int64{}
	hashes := map[string]string{}
	for _, u := range users {
		l.userID[u.Username] = u.ID
	}
	for _, u := range c.Users {
		_, ok := l.userID[u.Username]
		l.t.count(!ok)
		if ok {
			continue
		}
		m := store.User{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Locale: u.Locale, Active: true}
		if hash, ok := hashes[u.Password]; ok {
			m.PasswordHash = hash // a password hashes slowly: once is enough
		} else if err := m.SetPassword(u.Password); err != nil {
			return fmt.Errorf("demo user %s: %w", u.Username, err)
		}
		hashes[u.Password] = m.PasswordHash
		if err := l.st.CreateUser(l.ctx, store.System, &m); err != nil {
			return fmt.Errorf("demo user %s: %w", u.Username, err)
		}
		l.userID[u.Username] = m.ID
	}
	return nil
}

func (l *entityLoader) teams(c Center) error {
	teams, err := l.st.ListTeams(l.ctx, store.Scope{All: true})
	if err != nil {
		return err
	}
	l.teamID = map[string]int64{}
	for _, tm := range teams {
		l.teamID[tm.Name] = tm.ID
	}
	for _, tm := range c.Teams {
		_, ok := l.teamID[tm.Name]
		l.t.count(!ok)
		if ok {
			continue
		}
		m := store.Team{Name: tm.Name, SiteID: l.siteID[tm.Site]}
		if id, ok := l.userID[tm.Supervisor]; ok {
			m.SupervisorUserID = ptr(id)
		}
		if err := l.st.CreateTeam(l.ctx, store.System, &m); err != nil {
			return fmt.Errorf("demo team %s: %w", tm.Name, err)
		}
		l.teamID[tm.Name] = m.ID
	}
	return nil
}

func (l *entityLoader) agents(c Center) error {
	agents, err := l.st.ListAgents(l.ctx, store.Scope{All: true})
	if err != nil {
		return err
	}
	agentIDs := map[string]bool{}
	for _, a := range agents {
		agentIDs[a.Code] = true
	}
	for _, a := range c.Agents {
		l.t.count(!agentIDs[a.Code])
		if agentIDs[a.Code] {
			continue
		}
		m := store.Agent{Code: a.Code, Name: a.Name, TeamID: l.teamID[a.Team], HireDate: a.HireDate, Contract: a.Contract, Active: true}
		if id, ok := l.userID[a.User]; ok && a.User != "" {
			m.UserID = ptr(id)
		}
		for _, s := range a.Skills {
			m.Skills = append(m.Skills, store.AgentSkill{SkillID: l.skillID[s.Skill], Proficiency: s.Proficiency})
		}
		if err := l.st.CreateAgent(l.ctx, store.System, &m); err != nil {
			return fmt.Errorf("demo agent %s: %w", a.Code, err)
		}
	}
	return nil
}
