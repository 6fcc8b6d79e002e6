package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/store"
	"wfm/version"
)

// AdminData is the data of the "admin" page: what the center is made of,
// each row linking to its form, the cron jobs with a "run now" button, and
// how they ran.
type AdminData struct {
	Sections []AdminSection
	Jobs     []JobView
	Runs     []JobRunView
	CanEdit  bool // admins edit; managers read
	Settings RosterSettingsView
	Build    string // the running build, as `wfm version` prints it, for a bug report
	SignIn   SignInView
}

// AdminSection is one kind of thing with its rows, already formatted.
type AdminSection struct {
	Title   string
	NewURL  string // the form for a new one
	Columns []string
	Rows    []AdminRow
}

// AdminRow is one thing: its cells and the link to its form.
type AdminRow struct {
	Cells []string
	Edit  string
}

// JobView is a job of the catalog: its name (the id the API and the
// run button use), and what it does and when, in the reader's language.
type JobView struct {
	Name, Title, Schedule, About string
}

// JobRunView is one job of the engine (a catalog job's run, one of its
// parts, a roster build): queued, running, retried, failed or done.
// Error is its last attempt's report of a failure (a Go error chain, in
// English, for whoever looks into it); Reason says the attempts.
type JobRunView struct {
	Job, Name, Trigger, Started, Duration, Outcome, Reason, Error string
	Failed                                                        bool
}

// RosterSettingsView is the center's roster policy as the admin page shows it.
type RosterSettingsView struct {
	SwapAutoApprove bool
}

func adminEditURL(kind string, id int64) string {
	return PathAdmin + "/" + kind + "/" + strconv.FormatInt(id, 10)
}

func (p *pages) admin(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	data := AdminData{CanEdit: pg.User.Role.AtLeast(RoleAdmin), Build: version.Get().String()}
	sites, err := p.store.ListSites(ctx)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	section := func(titleKey, kind string, columns ...string) AdminSection {
		s := AdminSection{Title: pg.T(titleKey), NewURL: PathAdmin + "/" + kind + "/new"}
		for _, col := range columns {
			s.Columns = append(s.Columns, pg.T(col))
		}
		return s
	}
	siteName := map[int64]string{}
	s := section("admin.sites", "sites", "admin.name", "admin.timezone")
	for _, x := range sites {
		siteName[x.ID] = x.Name
		s.Rows = append(s.Rows, AdminRow{Cells: []string{x.Name, x.Timezone}, Edit: adminEditURL("sites", x.ID)})
	}
	data.Sections = append(data.Sections, s)

	skills, err := p.store.ListSkills(ctx)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	s = section("aform.skills", "skills", "admin.name")
	for _, k := range skills {
		s.Rows = append(s.Rows, AdminRow{Cells: []string{k.Name}, Edit: adminEditURL("skills", k.ID)})
	}
	data.Sections = append(data.Sections, s)

	queues, err := p.store.ListQueues(ctx)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	s = section("admin.queues", "queues", "admin.code", "admin.name", "admin.site", "admin.channel", "admin.goal")
	for _, q := range queues {
		s.Rows = append(s.Rows, AdminRow{Cells: []string{q.Code, q.Name, siteName[q.SiteID], pg.T("aform.channel." + q.Channel),
			pg.T("dashboard.goal", pg.Percent(q.SLTarget, 0), q.SLThresholdSeconds)}, Edit: adminEditURL("queues", q.ID)})
	}
	data.Sections = append(data.Sections, s)

	all := store.Scope{All: true}
	teams, err := p.store.ListTeams(ctx, all)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	agents, err := p.store.ListAgents(ctx, all)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	perTeam := map[int64]int{}
	teamName := map[int64]string{}
	for _, a := range agents {
		perTeam[a.TeamID]++
	}
	s = section("admin.teams", "teams", "admin.name", "admin.site", "admin.agents")
	for _, t := range teams {
		teamName[t.ID] = t.Name
		s.Rows = append(s.Rows, AdminRow{Cells: []string{t.Name, siteName[t.SiteID], strconv.Itoa(perTeam[t.ID])}, Edit: adminEditURL("teams", t.ID)})
	}
	data.Sections = append(data.Sections, s)

	s = section("aform.agents", "agents", "admin.code", "admin.name", "aform.team", "admin.active")
	for _, a := range agents {
		s.Rows = append(s.Rows, AdminRow{Cells: []string{a.Code, a.Name, teamName[a.TeamID], yesNo(pg, a.Active)}, Edit: adminEditURL("agents", a.ID)})
	}
	data.Sections = append(data.Sections, s)

	if pg.User.Role.AtLeast(RoleAdmin) { // the API shows users to admins only
		users, err := p.store.ListUsers(ctx)
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		s = section("admin.users", "users", "login.username", "admin.name", "admin.role", "admin.active")
		for _, u := range users {
			s.Rows = append(s.Rows, AdminRow{Cells: []string{u.Username, u.DisplayName, pg.T("role." + u.Role), yesNo(pg, u.Active)}, Edit: adminEditURL("users", u.ID)})
		}
		data.Sections = append(data.Sections, s)
	}

	templates, err := p.store.ListShiftTemplates(ctx, 0)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	s = section("aform.shift_templates", "shift-templates", "admin.code", "admin.name", "admin.site", "aform.start", "aform.duration_minutes")
	for _, t := range templates {
		s.Rows = append(s.Rows, AdminRow{Cells: []string{t.Code, t.Name, siteName[t.SiteID], t.Start, strconv.Itoa(t.DurationMinutes)}, Edit: adminEditURL("shift-templates", t.ID)})
	}
	data.Sections = append(data.Sections, s)

	cards, err := p.store.ListScorecards(ctx)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	s = section("aform.scorecards", "scorecards", "admin.name", "aform.team", "aform.items")
	for _, sc := range cards {
		team := pg.T("aform.center_default")
		if sc.TeamID != nil {
			team = teamName[*sc.TeamID]
		}
		s.Rows = append(s.Rows, AdminRow{Cells: []string{sc.Name, team, strconv.Itoa(len(sc.Items))}, Edit: adminEditURL("scorecards", sc.ID)})
	}
	data.Sections = append(data.Sections, s)

	forms, err := p.store.ListQualityForms(ctx)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	s = section("aform.quality_forms", "quality-forms", "admin.name", "aform.items", "aform.default")
	for _, f := range forms {
		s.Rows = append(s.Rows, AdminRow{Cells: []string{f.Name, strconv.Itoa(len(f.Items)), yesNo(pg, f.IsDefault)}, Edit: adminEditURL("quality-forms", f.ID)})
	}
	data.Sections = append(data.Sections, s)

	if data.Settings.SwapAutoApprove, err = p.store.SwapAutoApprove(ctx); err != nil {
		p.problem(c, pg, err)
		return
	}
	data.SignIn.SSO = p.auth.SSOEnabled()
	if data.SignIn.Passwords, err = p.auth.PasswordLoginAllowed(ctx); err != nil {
		p.problem(c, pg, err)
		return
	}
	if j := p.jobs; j != nil {
		for _, info := range j.List() {
			data.Jobs = append(data.Jobs, JobView{Name: info.Name, Title: jobTitle(info.Name, pg.Translator),
				Schedule: cronText(info.Schedule, pg.Translator), About: jobAbout(info.Name, info.About, pg.Translator)})
		}
	}
	if j := p.jobs; j != nil {
		runs, err := j.Runs(ctx, "", 30)
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		for _, r := range runs {
			data.Runs = append(data.Runs, jobRunView(r, pg))
		}
	}
	switch c.Query("done") {
	case "run":
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("aform.job_ran", c.Query("job"))})
	case "settings":
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("aform.saved")})
	}
	pg.Title = pg.T("nav.admin")
	pg.Data = data
	p.write(c, http.StatusOK, "admin", pg)
}

func yesNo(pg Page, v bool) string {
	if v {
		return pg.T("admin.yes")
	}
	return pg.T("admin.no")
}

// runJob queues a catalog job now, as the API's run-now does, and comes
// back to the jobs.
func (p *pages) runJob(c *gin.Context, pg Page) {
	j := p.jobs
	if j == nil {
		p.problem(c, pg, refuse(fault.NotFound, "error.404"))
		return
	}
	name := c.Param("name")
	if _, err := j.RunNow(c.Request.Context(), name); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathAdmin+"?done=run&job="+url.QueryEscape(name)+"#jobs")
}

// setRosterSettings saves the roster policy: whether swaps that keep
// every rule are approved without a supervisor.
func (p *pages) setRosterSettings(c *gin.Context, pg Page) {
	if err := p.store.SetSwapAutoApprove(c.Request.Context(), actorOf(c), c.PostForm("swap_auto_approve") != ""); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathAdmin+"?done=settings#settings")
}
