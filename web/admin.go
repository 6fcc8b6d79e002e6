package web

import (
	"context"
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
	center, err := p.loadAdminCenter(ctx, pg.User.Role.AtLeast(RoleAdmin))
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data.Sections = center.sections(pg)
	if err := p.adminSettings(ctx, pg, &data); err != nil {
		p.problem(c, pg, err)
		return
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

// adminCenter is what the center is made of, as the admin page lists it.
// Users are read only for admins (the API shows them to admins only).
type adminCenter struct {
	sites     []store.Site
	skills    []store.Skill
	queues    []store.Queue
	teams     []store.Team
	agents    []store.Agent
	users     []store.User // only when withUsers
	withUsers bool
	templates []store.ShiftTemplate
	cards     []store.Scorecard
	forms     []store.QualityForm
}

func (p *pages) loadAdminCenter(ctx context.Context, withUsers bool) (adminCenter, error) {
	ac := adminCenter{withUsers: withUsers}
	all := store.Scope{All: true}
	var err error
	if ac.sites, err = p.store.ListSites(ctx); err != nil {
		return ac, err
	}
	if ac.skills, err = p.store.ListSkills(ctx); err != nil {
		return ac, err
	}
	if ac.queues, err = p.store.ListQueues(ctx); err != nil {
		return ac, err
	}
	if ac.teams, err = p.store.ListTeams(ctx, all); err != nil {
		return ac, err
	}
	if ac.agents, err = p.store.ListAgents(ctx, all); err != nil {
		return ac, err
	}
	if withUsers {
		if ac.users, err = p.store.ListUsers(ctx); err != nil {
			return ac, err
		}
	}
	if ac.templates, err = p.store.ListShiftTemplates(ctx, 0); err != nil {
		return ac, err
	}
	if ac.cards, err = p.store.ListScorecards(ctx); err != nil {
		return ac, err
	}
	ac.forms, err = p.store.ListQualityForms(ctx)
	return ac, err
}

// sections are the page's tables, one per kind, in the order a new center
// is set up: sites, skills, queues, teams, agents, users, shifts, scorecards,
// quality forms.
func (ac adminCenter) sections(pg Page) []AdminSection {
	t := adminTables{pg: pg, siteName: map[int64]string{}, teamName: map[int64]string{}, perTeam: map[int64]int{}}
	for _, x := range ac.sites {
		t.siteName[x.ID] = x.Name
	}
	for _, x := range ac.teams {
		t.teamName[x.ID] = x.Name
	}
	for _, a := range ac.agents {
		t.perTeam[a.TeamID]++
	}
	out := append(ac.placeSections(t), ac.peopleSections(t)...)
	return append(out, ac.formSections(t)...)
}

// adminTables builds the admin page's tables, naming sites and teams.
type adminTables struct {
	pg                 Page
	siteName, teamName map[int64]string
	perTeam            map[int64]int // agents
}

// section is an empty table of kind, with its columns.
func (t adminTables) section(titleKey, kind string, columns ...string) AdminSection {
	s := AdminSection{Title: t.pg.T(titleKey), NewURL: PathAdmin + "/" + kind + "/new"}
	for _, col := range columns {
		s.Columns = append(s.Columns, t.pg.T(col))
	}
	return s
}

// addRow adds a row that opens the editor of the kind's entity id.
func addRow(s *AdminSection, kind string, id int64, cells ...string) {
	s.Rows = append(s.Rows, AdminRow{Cells: cells, Edit: adminEditURL(kind, id)})
}

// placeSections are sites, skills, queues and teams.
func (ac adminCenter) placeSections(t adminTables) []AdminSection {
	pg := t.pg
	sites := t.section("admin.sites", "sites", "admin.name", "admin.timezone")
	for _, x := range ac.sites {
		addRow(&sites, "sites", x.ID, x.Name, x.Timezone)
	}
	skills := t.section("aform.skills", "skills", "admin.name")
	for _, k := range ac.skills {
		addRow(&skills, "skills", k.ID, k.Name)
	}
	queues := t.section("admin.queues", "queues", "admin.code", "admin.name", "admin.site", "admin.channel", "admin.goal")
	for _, q := range ac.queues {
		addRow(&queues, "queues", q.ID, q.Code, q.Name, t.siteName[q.SiteID], pg.T("aform.channel."+q.Channel),
			pg.T("dashboard.goal", pg.Percent(q.SLTarget, 0), q.SLThresholdSeconds))
	}
	teams := t.section("admin.teams", "teams", "admin.name", "admin.site", "admin.agents")
	for _, x := range ac.teams {
		addRow(&teams, "teams", x.ID, x.Name, t.siteName[x.SiteID], strconv.Itoa(t.perTeam[x.ID]))
	}
	return []AdminSection{sites, skills, queues, teams}
}

// peopleSections are agents and, for those who see them, users.
func (ac adminCenter) peopleSections(t adminTables) []AdminSection {
	pg := t.pg
	agents := t.section("aform.agents", "agents", "admin.code", "admin.name", "aform.team", "admin.active")
	for _, a := range ac.agents {
		addRow(&agents, "agents", a.ID, a.Code, a.Name, t.teamName[a.TeamID], yesNo(pg, a.Active))
	}
	if !ac.withUsers {
		return []AdminSection{agents}
	}
	users := t.section("admin.users", "users", "login.username", "admin.name", "admin.role", "admin.active")
	for _, u := range ac.users {
		addRow(&users, "users", u.ID, u.Username, u.DisplayName, pg.T("role."+u.Role), yesNo(pg, u.Active))
	}
	return []AdminSection{agents, users}
}

// formSections are shift templates, scorecards and quality forms.
func (ac adminCenter) formSections(t adminTables) []AdminSection {
	pg := t.pg
	templates := t.section("aform.shift_templates", "shift-templates", "admin.code", "admin.name", "admin.site", "aform.start", "aform.duration_minutes")
	for _, x := range ac.templates {
		addRow(&templates, "shift-templates", x.ID, x.Code, x.Name, t.siteName[x.SiteID], x.Start, strconv.Itoa(x.DurationMinutes))
	}
	cards := t.section("aform.scorecards", "scorecards", "admin.name", "aform.team", "aform.items")
	for _, sc := range ac.cards {
		team := pg.T("aform.center_default")
		if sc.TeamID != nil {
			team = t.teamName[*sc.TeamID]
		}
		addRow(&cards, "scorecards", sc.ID, sc.Name, team, strconv.Itoa(len(sc.Items)))
	}
	forms := t.section("aform.quality_forms", "quality-forms", "admin.name", "aform.items", "aform.default")
	for _, f := range ac.forms {
		addRow(&forms, "quality-forms", f.ID, f.Name, strconv.Itoa(len(f.Items)), yesNo(pg, f.IsDefault))
	}
	return []AdminSection{templates, cards, forms}
}

// adminSettings fills the page's center settings, sign-in policy, job
// catalog and the engine's recent jobs.
func (p *pages) adminSettings(ctx context.Context, pg Page, data *AdminData) error {
	var err error
	if data.Settings.SwapAutoApprove, err = p.store.SwapAutoApprove(ctx); err != nil {
		return err
	}
	data.SignIn.SSO = p.auth.SSOEnabled()
	if data.SignIn.Passwords, err = p.auth.PasswordLoginAllowed(ctx); err != nil {
		return err
	}
	j := p.jobs
	if j == nil {
		return nil
	}
	for _, info := range j.List() {
		data.Jobs = append(data.Jobs, JobView{Name: info.Name, Title: jobTitle(info.Name, pg.Translator),
			Schedule: cronText(info.Schedule, pg.Translator), About: jobAbout(info.Name, info.About, pg.Translator)})
	}
	runs, err := j.Runs(ctx, "", 30)
	if err != nil {
		return err
	}
	for _, r := range runs {
		data.Runs = append(data.Runs, jobRunView(r, pg))
	}
	return nil
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
