package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
)

// PathMyPreferences is the agent's page of shift preferences (and, for a
// supervisor, her teams').
const PathMyPreferences = "/my/preferences"

// PreferenceView is a shift preference as the page shows it.
type PreferenceView struct {
	ID, Version int64
	Agent       string // for the team table
	When        string // translated weekday ("every Monday") or the date
	What        string // translated: work (shift X) / rather not work
	Strength    string // translated
	Note        string
}

// PreferenceForm is the add form, kept after a refused submit.
type PreferenceForm struct {
	Repeat    string // "weekday" or "date"
	Weekdays  []Option
	Date      string
	Wishes    []Option // work / off
	Shifts    []Option // "" = any shift, then the site's templates
	StartTime string   // HH:MM, instead of a shift
	Strengths []Option
	Note      string
	Error     string // translated
}

// PreferencesData is the data of the preferences page.
type PreferencesData struct {
	Intro  string // translated, with the budget
	Mine   []PreferenceView
	Form   *PreferenceForm // nil when the user is not an agent
	Team   []PreferenceView
	IsTeam bool // the user reads teams' preferences (supervisor and up)
	// Granted is, per site in scope, how the published roster from today
	// treats the preferences: fairness a supervisor (and an agent) can see.
	Granted []GrantedView
}

// GrantedView is one published roster's tally of granted preferences.
type GrantedView struct {
	Period string // translated
	Rows   []GrantedRow
}

// GrantedRow is one agent's tally.
type GrantedRow struct {
	Agent   string
	Granted string // "2 / 3"
	Share   string // of her weight, as a percentage
}

func preferenceView(p store.ShiftPreference, agent string, t Translator) PreferenceView {
	v := PreferenceView{ID: p.ID, Version: p.Version, Agent: agent, Note: p.Note,
		Strength: t.T("prefs.strength." + strconv.Itoa(p.Strength))}
	if p.Weekday != nil {
		v.When = t.T("prefs.every", t.T("prefs.weekday."+strconv.Itoa(*p.Weekday)))
	} else {
		v.When = p.Date.String()
	}
	switch {
	case !p.Work:
		v.What = t.T("prefs.wish.off")
	case p.ShiftCode != "":
		v.What = t.T("prefs.wish.work_shift", p.ShiftCode)
	case p.StartTime != "":
		v.What = t.T("prefs.wish.work_start", p.StartTime)
	default:
		v.What = t.T("prefs.wish.work")
	}
	return v
}

func (p *pages) preferenceForm(ctx context.Context, agentID int64, t Translator, in store.ShiftPreference, repeat string) (*PreferenceForm, error) {
	f := &PreferenceForm{Repeat: repeat, Date: in.Date.String(), Note: in.Note, StartTime: in.StartTime}
	if f.Repeat == "" {
		f.Repeat = "weekday"
	}
	wd := 1
	if in.Weekday != nil {
		wd = *in.Weekday
	}
	for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		f.Weekdays = append(f.Weekdays, Option{Value: strconv.Itoa(d), Label: t.T("prefs.weekday." + strconv.Itoa(d)), Selected: d == wd})
	}
	f.Wishes = []Option{
		{Value: "off", Label: t.T("prefs.wish.off"), Selected: !in.Work},
		{Value: "work", Label: t.T("prefs.wish.work"), Selected: in.Work},
	}
	f.Shifts = []Option{{Value: "", Label: t.T("prefs.any_shift"), Selected: in.ShiftCode == ""}}
	site, _, err := p.siteOfAgent(ctx, agentID)
	if err != nil {
		return nil, err
	}
	templates, err := p.store.ListShiftTemplates(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	for _, tm := range templates {
		f.Shifts = append(f.Shifts, Option{Value: tm.Code, Label: tm.Code + " · " + tm.Name + " (" + tm.Start + ")", Selected: tm.Code == in.ShiftCode})
	}
	strength := in.Strength
	if strength == 0 {
		strength = 1
	}
	for s := 1; s <= store.MaxPreferenceStrength; s++ {
		f.Strengths = append(f.Strengths, Option{Value: strconv.Itoa(s), Label: t.T("prefs.strength." + strconv.Itoa(s)), Selected: s == strength})
	}
	return f, nil
}

// myPreferences shows the agent's preferences with the add form, and a
// supervisor's teams' preferences (read only).
func (p *pages) myPreferences(c *gin.Context, pg Page) {
	if s := c.Query("done"); s == "added" || s == "removed" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("prefs.done." + s)})
	}
	p.renderPreferences(c, pg, http.StatusOK, nil)
}

func (p *pages) renderPreferences(c *gin.Context, pg Page, status int, form *PreferenceForm) {
	pg.Title = pg.T("prefs.title")
	data, err := p.preferencesData(c.Request.Context(), pg, auth.Current(c), form)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	p.write(c, status, "preferences", withData(pg, data))
}

// preferencesData is the page's data: an agent's own preferences and the
// form (form, or a blank one), a supervisor's team's, and what the
// published rosters granted.
func (p *pages) preferencesData(ctx context.Context, pg Page, pr *auth.Principal, form *PreferenceForm) (PreferencesData, error) {
	data := PreferencesData{Intro: pg.T("prefs.intro", store.MaxPreferenceStrength)}
	if id := pr.Scope.AgentID; id != 0 {
		mine, err := p.store.ListPreferences(ctx, pr.Scope, store.PreferenceFilter{AgentID: id})
		if err != nil {
			return data, err
		}
		for _, m := range mine {
			data.Mine = append(data.Mine, preferenceView(m, "", pg.Translator))
		}
		if form == nil {
			if form, err = p.preferenceForm(ctx, id, pg.Translator, store.ShiftPreference{}, ""); err != nil {
				return data, err
			}
		}
		data.Form = form
	}
	if pg.User.Role.AtLeast(RoleSupervisor) {
		data.IsTeam = true
		team, err := p.teamPreferences(ctx, pr, pg.Translator)
		if err != nil {
			return data, err
		}
		data.Team = team
	}
	var err error
	data.Granted, err = p.grantedViews(ctx, pr, pg.Translator)
	return data, err
}

// teamPreferences are the preferences of the agents in scope but the
// reader's own.
func (p *pages) teamPreferences(ctx context.Context, pr *auth.Principal, t Translator) ([]PreferenceView, error) {
	all, err := p.store.ListPreferences(ctx, pr.Scope, store.PreferenceFilter{})
	if err != nil {
		return nil, err
	}
	agents, err := p.store.ListAgents(ctx, pr.Scope)
	if err != nil {
		return nil, err
	}
	name := agentLabels(agents, func(a store.Agent) string { return a.Code + " " + a.Name })
	var out []PreferenceView
	for _, m := range all {
		if m.AgentID != pr.Scope.AgentID {
			out = append(out, preferenceView(m, name[m.AgentID], t))
		}
	}
	return out, nil
}

// grantedViews tallies, for each site of the user's scope (her own site for
// an agent), the published roster from today: per agent in scope, how
// many of her requests it grants.
func (p *pages) grantedViews(ctx context.Context, pr *auth.Principal, t Translator) ([]GrantedView, error) {
	siteIDs, err := rostering.ScopeSites(ctx, p.store, pr.Scope)
	if err != nil {
		return nil, err
	}
	agents, err := p.store.ListAgents(ctx, pr.Scope)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range agents {
		names[a.Code] = a.Code + " " + a.Name
	}
	var out []GrantedView
	for _, id := range siteIDs {
		site, loc, err := p.site(ctx, id)
		if err != nil {
			return nil, err
		}
		v, tally, err := rostering.PublishedPreferences(ctx, p.store, pr.Scope, id, civil.Of(p.now(), loc))
		if fault.CodeOf(err) == fault.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if len(tally) > 0 {
			out = append(out, grantedView(site, v, tally, names, t))
		}
	}
	return out, nil
}

// grantedView is how many of each agent's preferences a site's published
// roster granted.
func grantedView(site *store.Site, v *store.ScheduleVersion, tally []rostering.PreferenceTally, names map[string]string, t Translator) GrantedView {
	g := GrantedView{Period: t.T("prefs.granted.period", site.Name, v.StartDate, v.StartDate.AddDays(v.Days-1).String())}
	for _, row := range tally {
		share := 0.0
		if row.Weight > 0 {
			share = row.GrantedWeight / row.Weight
		}
		g.Rows = append(g.Rows, GrantedRow{Agent: names[row.Agent], Granted: strconv.Itoa(row.Granted) + " / " + strconv.Itoa(row.Requests), Share: t.Percent(share, 0)})
	}
	return g
}

// addPreference records one of the agent's own preferences.
func (p *pages) addPreference(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	if pr.Scope.AgentID == 0 {
		p.problem(c, pg, refuse(fault.Invalid, "schedule.not_agent"))
		return
	}
	repeat := c.PostForm("repeat")
	m, bad := postedPreference(c, pr.Scope.AgentID, repeat)
	err := bad.Err("shift preference")
	if err == nil {
		err = rostering.CreatePreference(ctx, p.store, pr.Actor(), pr.Scope, &m)
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, PathMyPreferences+"?done=added")
		return
	}
	if fault.CodeOf(err) != fault.Invalid {
		p.problem(c, pg, err)
		return
	}
	form, ferr := p.preferenceForm(ctx, pr.Scope.AgentID, pg.Translator, m, repeat)
	if ferr != nil {
		p.problem(c, pg, ferr)
		return
	}
	if repeat == "date" {
		form.Date = strings.TrimSpace(c.PostForm("date")) // as typed
	}
	form.Error = pg.T("prefs.error.invalid") + fieldProblems(err, pg.Translator)
	p.renderPreferences(c, pg, http.StatusUnprocessableEntity, form)
}

// postedPreference reads the add form: a wish on a date (repeat "date")
// or on a weekday, and what is wrong with it.
func postedPreference(c *gin.Context, agentID int64, repeat string) (store.ShiftPreference, fault.FieldErrors) {
	strength, _ := strconv.Atoi(c.PostForm("strength"))
	m := store.ShiftPreference{AgentID: agentID, Work: c.PostForm("wish") == "work",
		Strength: strength, Note: strings.TrimSpace(c.PostForm("note"))}
	if m.Work {
		m.ShiftCode = c.PostForm("shift")
		m.StartTime = strings.TrimSpace(c.PostForm("start_time"))
	}
	bad := fault.FieldErrors{}
	if repeat == "date" {
		if m.Date = postedDay(c, "date", "date", bad); m.Date.IsZero() {
			bad.Add("date", "required: a date YYYY-MM-DD")
		}
		return m, bad
	}
	wd, err := strconv.Atoi(c.PostForm("weekday"))
	if err != nil {
		wd = -1
	}
	m.Weekday = &wd
	return m, bad
}

// removePreference deletes one of the agent's own preferences at the
// version the page showed.
func (p *pages) removePreference(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, version := postedIDVersion(c)
	if err := rostering.DeletePreference(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathMyPreferences+"?done=removed")
}
