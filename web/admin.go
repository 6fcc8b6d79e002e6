package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/store"
)

// AdminData is the data of the "admin" page: what the center is made of,
// and how the cron jobs ran. Changes go through the API (the OpenAPI
// document lists them) until the admin forms are built.
type AdminData struct {
	Sections []AdminSection
	Runs     []JobRunView
}

// AdminSection is one kind of thing with its rows, already formatted.
type AdminSection struct {
	Title   string
	Columns []string
	Rows    [][]string
}

// JobRunView is one run of a cron job.
type JobRunView struct {
	Job, Trigger, Started, Duration, Outcome, Error string
	Failed                                          bool
}

func (p *pages) admin(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	var data AdminData
	sites, err := p.store.ListSites(ctx)
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	siteName := map[int64]string{}
	s := AdminSection{Title: pg.T("admin.sites"), Columns: []string{pg.T("admin.name"), pg.T("admin.timezone")}}
	for _, x := range sites {
		siteName[x.ID] = x.Name
		s.Rows = append(s.Rows, []string{x.Name, x.Timezone})
	}
	data.Sections = append(data.Sections, s)

	queues, err := p.store.ListQueues(ctx)
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	s = AdminSection{Title: pg.T("admin.queues"), Columns: []string{pg.T("admin.code"), pg.T("admin.name"), pg.T("admin.site"), pg.T("admin.channel"), pg.T("admin.goal")}}
	for _, q := range queues {
		s.Rows = append(s.Rows, []string{q.Code, q.Name, siteName[q.SiteID], q.Channel, pg.T("dashboard.goal", pg.Percent(q.SLTarget, 0), q.SLThresholdSeconds)})
	}
	data.Sections = append(data.Sections, s)

	all := store.Scope{All: true}
	teams, err := p.store.ListTeams(ctx, all)
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	agents, err := p.store.ListAgents(ctx, all)
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	perTeam := map[int64]int{}
	for _, a := range agents {
		perTeam[a.TeamID]++
	}
	s = AdminSection{Title: pg.T("admin.teams"), Columns: []string{pg.T("admin.name"), pg.T("admin.site"), pg.T("admin.agents")}}
	for _, t := range teams {
		s.Rows = append(s.Rows, []string{t.Name, siteName[t.SiteID], strconv.Itoa(perTeam[t.ID])})
	}
	data.Sections = append(data.Sections, s)

	users, err := p.store.ListUsers(ctx)
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	s = AdminSection{Title: pg.T("admin.users"), Columns: []string{pg.T("login.username"), pg.T("admin.name"), pg.T("admin.role"), pg.T("admin.active")}}
	for _, u := range users {
		active := pg.T("admin.yes")
		if !u.Active {
			active = pg.T("admin.no")
		}
		s.Rows = append(s.Rows, []string{u.Username, u.DisplayName, pg.T("role." + u.Role), active})
	}
	data.Sections = append(data.Sections, s)

	runs, err := p.store.JobRuns(ctx, "", 30)
	if err != nil {
		p.internal(c, pg, err)
		return
	}
	for _, r := range runs {
		v := JobRunView{Job: r.Job, Trigger: r.Trigger, Started: pg.DateTime(r.StartedAt), Duration: noValue, Outcome: r.Outcome, Error: r.Error, Failed: r.Outcome == "failed"}
		if r.EndedAt != nil {
			v.Duration = pg.Seconds(r.EndedAt.Sub(r.StartedAt).Seconds())
		}
		data.Runs = append(data.Runs, v)
	}
	pg.Title = pg.T("nav.admin")
	pg.Data = data
	p.write(c, http.StatusOK, "admin", pg)
}
