package setup

import (
	"context"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/schedule"
	"wfm/store"
)

// The declarations to and from the store's rows. A declared row becomes a
// store row (with the ids of the rows it names), is validated by the
// store's own rules (which fill the defaults), and is read back as a
// declaration; a stored row is read the same way. The two declarations are
// compared, so a field the file leaves to its default is no change.

func (d Site) entity() store.Site {
	open := d.OpenHours
	if open == nil {
		open = []store.OpenDays{}
	}
	return store.Site{Name: d.Name, Timezone: d.Timezone, PublicHolidays: d.PublicHolidays, OpenHours: open}
}

func siteDecl(s *store.Site) Site {
	open := make([]store.OpenDays, len(s.OpenHours))
	for i, o := range s.OpenHours {
		open[i] = store.OpenDays{Weekdays: append([]int{}, o.Weekdays...), Open: o.Open, Close: o.Close}
	}
	return Site{Name: s.Name, Timezone: s.Timezone, PublicHolidays: s.PublicHolidays, OpenHours: open}
}

func (d ShiftTemplate) entity(siteID int64) store.ShiftTemplate {
	return store.ShiftTemplate{SiteID: siteID, Code: d.Code, Name: d.Name, Start: d.Start, LatestStart: d.LatestStart,
		DurationMinutes: d.DurationMinutes, Breaks: d.Breaks, CannotBeFollowedBy: d.CannotBeFollowedBy}
}

// templateDecl reads a shift template as a declaration; with nm nil the
// site is left for the caller.
func templateDecl(t *store.ShiftTemplate, nm *names) ShiftTemplate {
	d := ShiftTemplate{Code: t.Code, Name: t.Name, Start: t.Start, LatestStart: t.LatestStart, DurationMinutes: t.DurationMinutes,
		Breaks: append([]schedule.Break{}, t.Breaks...), CannotBeFollowedBy: append([]string{}, t.CannotBeFollowedBy...)}
	if nm != nil {
		d.Site = nm.sites[t.SiteID]
	}
	return d
}

func (k ShiftTemplate) key() string { return k.Site + "/" + k.Code }

func (d Queue) entity(siteID int64, skillID *int64) store.Queue {
	return store.Queue{
		Code: d.Code, Name: d.Name, SiteID: siteID, SkillID: skillID, Channel: d.Channel, Tier: d.Tier,
		SLTarget: d.SLTarget, SLThresholdSeconds: d.SLThresholdSeconds, ASATargetSeconds: d.ASATargetSeconds,
		MaxOccupancy: d.MaxOccupancy, Concurrency: d.Concurrency, PatienceSeconds: d.PatienceSeconds,
		Shrinkage: d.Shrinkage, ShortAbandonSeconds: d.ShortAbandonSeconds, SLFormula: d.SLFormula,
		ResponseDeadlineSeconds: d.ResponseDeadlineSeconds, AbandonTarget: d.AbandonTarget, AHTTargetSeconds: d.AHTTargetSeconds,
	}
}

// queueDecl reads a queue as a declaration; with nm nil the site and skill
// are left for the caller.
func queueDecl(q *store.Queue, nm *names) Queue {
	d := Queue{
		Code: q.Code, Name: q.Name, Channel: q.Channel, Tier: q.Tier,
		SLTarget: q.SLTarget, SLThresholdSeconds: q.SLThresholdSeconds, ASATargetSeconds: q.ASATargetSeconds,
		MaxOccupancy: q.MaxOccupancy, Concurrency: q.Concurrency, PatienceSeconds: q.PatienceSeconds,
		Shrinkage: q.Shrinkage, ShortAbandonSeconds: q.ShortAbandonSeconds, SLFormula: q.SLFormula,
		ResponseDeadlineSeconds: q.ResponseDeadlineSeconds, AbandonTarget: q.AbandonTarget, AHTTargetSeconds: q.AHTTargetSeconds,
	}
	if nm != nil {
		d.Site = nm.sites[q.SiteID]
		if q.SkillID != nil {
			d.Skill = nm.skills[*q.SkillID]
		}
	}
	return d
}

func teamDecl(t *store.Team, nm *names) Team {
	d := Team{Name: t.Name, Site: nm.sites[t.SiteID]}
	if t.SupervisorUserID != nil {
		d.Supervisor = nm.users[*t.SupervisorUserID]
	}
	return d
}

func (d Agent) entity(teamID int64, userID *int64, skills []store.AgentSkill) store.Agent {
	active := d.Active == nil || *d.Active
	hire, _ := civil.Parse(d.HireDate) // a bad one is the zero Date, which Validate refuses; plan names the text
	return store.Agent{Code: d.Code, Name: d.Name, TeamID: teamID, UserID: userID, HireDate: hire,
		Contract: d.Contract, Active: active, Skills: skills}
}

// agentDecl reads an agent as a declaration; with nm nil the team, user
// and skills are left for the caller.
func agentDecl(a *store.Agent, nm *names) Agent {
	active := a.Active
	c := a.Contract
	c.ShiftTemplates = append([]string{}, c.ShiftTemplates...)
	d := Agent{Code: a.Code, Name: a.Name, HireDate: a.HireDate.String(), Active: &active, Contract: c}
	if nm != nil {
		d.Team = nm.teams[a.TeamID]
		if a.UserID != nil {
			d.User = nm.users[*a.UserID]
		}
		d.Skills = map[string]int{}
		for _, s := range a.Skills {
			d.Skills[nm.skills[s.SkillID]] = s.Proficiency
		}
	}
	return d
}

// Export reads the stored center as a declaration: what `wfm apply`
// would leave unchanged, rows in the order they were made.
func Export(ctx context.Context, st *store.Store) (*Center, error) {
	var rows *store.CenterRows
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		rows, err = st.CenterTx(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	nm := storedNames(rows)
	c := &Center{Sites: []Site{}, Skills: []string{}, ShiftTemplates: []ShiftTemplate{}, Queues: []Queue{}, Teams: []Team{}, Agents: []Agent{}}
	for i := range rows.Sites {
		c.Sites = append(c.Sites, siteDecl(&rows.Sites[i]))
	}
	for _, k := range rows.Skills {
		c.Skills = append(c.Skills, k.Name)
	}
	for i := range rows.ShiftTemplates {
		c.ShiftTemplates = append(c.ShiftTemplates, templateDecl(&rows.ShiftTemplates[i], nm))
	}
	for i := range rows.Queues {
		c.Queues = append(c.Queues, queueDecl(&rows.Queues[i], nm))
	}
	for i := range rows.Teams {
		c.Teams = append(c.Teams, teamDecl(&rows.Teams[i], nm))
	}
	for i := range rows.Agents {
		c.Agents = append(c.Agents, agentDecl(&rows.Agents[i], nm))
	}
	return c, nil
}
