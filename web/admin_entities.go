package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/holidays"
	"wfm/kpi"
	"wfm/schedule"
	"wfm/store"
)

// adminEditor is any editor, for the route table.
type adminEditor interface {
	routes(p *pages) []pageRoute
}

// editors are the admin's forms, one per kind of entity.
func (p *pages) editors() []adminEditor {
	return []adminEditor{p.siteEditor(), p.skillEditor(), p.queueEditor(), p.teamEditor(), p.agentEditor(), p.userEditor(),
		p.shiftTemplateEditor(), p.scorecardEditor(), p.qualityFormEditor()}
}

func (p *pages) adminRoutes() []pageRoute {
	var out []pageRoute
	for _, e := range p.editors() {
		out = append(out, e.routes(p)...)
	}
	return out
}

// Options the forms choose from.

func (p *pages) siteOptions(ctx context.Context) ([]Option, error) {
	sites, err := p.store.ListSites(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Option, 0, len(sites))
	for _, s := range sites {
		out = append(out, Option{Value: idText(s.ID), Label: s.Name})
	}
	return out, nil
}

func (p *pages) teamOptions(ctx context.Context, pg Page, none bool) ([]Option, error) {
	teams, err := p.store.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	var out []Option
	if none {
		out = append(out, Option{Value: "", Label: pg.T("aform.none")})
	}
	for _, t := range teams {
		out = append(out, Option{Value: idText(t.ID), Label: t.Name})
	}
	return out, nil
}

// userOptions are the users of at least role min, with "none" first.
func (p *pages) userOptions(ctx context.Context, pg Page, min Role) ([]Option, error) {
	users, err := p.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := []Option{{Value: "", Label: pg.T("aform.none")}}
	for _, u := range users {
		if Role(u.Role).AtLeast(min) {
			out = append(out, Option{Value: idText(u.ID), Label: u.DisplayName + " (" + u.Username + ")"})
		}
	}
	return out, nil
}

func keyOptions(pg Page, prefix string, values ...string) []Option {
	out := make([]Option, 0, len(values))
	for _, v := range values {
		out = append(out, Option{Value: v, Label: pg.T(prefix + v)})
	}
	return out
}

// Sites.

func (p *pages) siteEditor() editor[store.Site] {
	return editor[store.Site]{
		kind: "sites", nameKey: "aform.kind.site", readRole: RoleManager,
		blank:  func() *store.Site { return &store.Site{} },
		get:    p.store.GetSite,
		record: func(m *store.Site) *store.Record { return &m.Record },
		label:  func(m *store.Site) string { return m.Name },
		fields: (*pages).siteFields,
		parse:  (*pages).parseSite,
		create: p.store.CreateSite, update: p.store.UpdateSite,
	}
}

// siteFields are a site's form: its name, zone, public holidays and open hours.
func (p *pages) siteFields(c *gin.Context, pg Page, m *store.Site) ([]FormField, any, error) {
	hours := make([]string, 0, len(m.OpenHours))
	for _, o := range m.OpenHours {
		days := make([]string, len(o.Weekdays))
		for i, d := range o.Weekdays {
			days[i] = strconv.Itoa(d)
		}
		hours = append(hours, strings.Join(days, ",")+" "+o.Open+"-"+o.Close)
	}
	tz := textField(pg, "timezone", "admin.timezone", m.Timezone, true)
	tz.Hint = pg.T("aform.hint.timezone")
	oh := FormField{Name: "open_hours", Label: pg.T("aform.open_hours"), Kind: "textarea", Value: strings.Join(hours, "\n"), Hint: pg.T("aform.hint.open_hours")}
	opts := []Option{{Value: store.HolidaysAuto, Label: pg.T("aform.holidays.auto")}, {Value: store.HolidaysNone, Label: pg.T("aform.holidays.none")}}
	for _, c := range holidays.Countries {
		opts = append(opts, Option{Value: c, Label: pg.T("aform.holidays." + c)})
	}
	hol := selectField(pg, "public_holidays", "aform.public_holidays", m.PublicHolidays, opts)
	hol.Hint = pg.T("aform.hint.public_holidays")
	return []FormField{textField(pg, "name", "admin.name", m.Name, true), tz, hol, oh}, nil, nil
}

// parseSite reads the site's form; each line of the open hours is a weekday list and the hours.
func (p *pages) parseSite(r *formReader, m *store.Site) {
	m.Name, m.Timezone, m.PublicHolidays = r.text("name"), r.text("timezone"), r.text("public_holidays")
	m.OpenHours = []store.OpenDays{}
	nums, lines := r.lines("open_hours")
	for i, l := range lines {
		o, ok := parseOpenDays(l)
		if !ok {
			r.fail("open_hours", "aform.err.open_hours_line", nums[i])
			continue
		}
		m.OpenHours = append(m.OpenHours, o)
	}
}

// parseOpenDays reads "1,2,3,4,5 08:00-20:00" (weekdays 0 = Sunday; a
// range "1-5" is allowed).
func parseOpenDays(line string) (store.OpenDays, bool) {
	i := strings.LastIndexAny(line, " \t")
	if i < 0 {
		return store.OpenDays{}, false
	}
	open, close, ok := strings.Cut(strings.TrimSpace(line[i+1:]), "-")
	if !ok {
		return store.OpenDays{}, false
	}
	o := store.OpenDays{Open: open, Close: close, Weekdays: []int{}}
	for _, part := range strings.FieldsFunc(line[:i], func(c rune) bool { return c == ',' || c == ' ' }) {
		from, to, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(from)
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(to)
		}
		if err1 != nil || err2 != nil || b < a || b-a > 6 {
			return store.OpenDays{}, false
		}
		for d := a; d <= b; d++ {
			o.Weekdays = append(o.Weekdays, d)
		}
	}
	return o, len(o.Weekdays) > 0
}

// Skills: what queues ask of agents.

func (p *pages) skillEditor() editor[store.Skill] {
	return editor[store.Skill]{
		kind: "skills", nameKey: "aform.kind.skill", readRole: RoleManager,
		blank:  func() *store.Skill { return &store.Skill{} },
		get:    p.store.GetSkill,
		record: func(m *store.Skill) *store.Record { return &m.Record },
		label:  func(m *store.Skill) string { return m.Name },
		fields: func(p *pages, c *gin.Context, pg Page, m *store.Skill) ([]FormField, any, error) {
			return []FormField{textField(pg, "name", "admin.name", m.Name, true)}, nil, nil
		},
		parse:  func(p *pages, r *formReader, m *store.Skill) { m.Name = r.text("name") },
		create: p.store.CreateSkill, update: p.store.UpdateSkill,
	}
}

// Queues.

func (p *pages) queueEditor() editor[store.Queue] {
	return editor[store.Queue]{
		kind: "queues", nameKey: "aform.kind.queue", readRole: RoleManager,
		blank: func() *store.Queue {
			return &store.Queue{Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Concurrency: 1, SLFormula: store.SLAbandonsCounted}
		},
		get:    p.store.GetQueue,
		record: func(m *store.Queue) *store.Record { return &m.Record },
		label:  func(m *store.Queue) string { return m.Name },
		fields: (*pages).queueFields,
		parse:  (*pages).parseQueue,
		create: p.store.CreateQueue, update: p.store.UpdateQueue,
	}
}

// queueFields are a queue's form: its site and skill, channel and targets (with the channel's defaults as hints).
func (p *pages) queueFields(c *gin.Context, pg Page, m *store.Queue) ([]FormField, any, error) {
	ctx := c.Request.Context()
	sites, err := p.siteOptions(ctx)
	if err != nil {
		return nil, nil, err
	}
	skills, err := p.store.ListSkills(ctx)
	if err != nil {
		return nil, nil, err
	}
	skillOpts := []Option{{Value: "", Label: pg.T("aform.none")}}
	for _, s := range skills {
		skillOpts = append(skillOpts, Option{Value: idText(s.ID), Label: s.Name})
	}
	formula := selectField(pg, "sl_formula", "aform.sl_formula", m.SLFormula,
		keyOptions(pg, "aform.sl_formula.", store.SLAbandonsCounted, store.SLAbandonsIgnored, store.SLAllAbandonsCounted))
	return []FormField{
		textField(pg, "code", "admin.code", m.Code, true),
		textField(pg, "name", "admin.name", m.Name, true),
		selectField(pg, "site_id", "admin.site", idText(m.SiteID), sites),
		selectField(pg, "skill_id", "aform.skill", optIDText(m.SkillID), skillOpts),
		selectField(pg, "channel", "admin.channel", m.Channel, keyOptions(pg, "aform.channel.", store.Channels...)),
		selectField(pg, "tier", "aform.tier", m.Tier, keyOptions(pg, "aform.tier.", "standard", "vip")),
		percentField(pg, "sl_target", "aform.sl_target", m.SLTarget),
		wholeField(pg, "sl_threshold_seconds", "aform.sl_threshold_seconds", m.SLThresholdSeconds),
		optWholeField(pg, "asa_target_seconds", "aform.asa_target_seconds", m.ASATargetSeconds),
		withHint(optPercentField(pg, "abandon_target", "aform.abandon_target", m.AbandonTarget),
			pg.T("aform.hint.abandon_target", channelDefaults(pg, func(c store.ChannelTarget) string { return pg.Percent(c.AbandonRate, 0) }))),
		withHint(optWholeField(pg, "aht_target_seconds", "aform.aht_target_seconds", m.AHTTargetSeconds),
			pg.T("aform.hint.aht_target_seconds", channelDefaults(pg, func(c store.ChannelTarget) string { return strconv.Itoa(c.AHTSeconds) }))),
		optPercentField(pg, "max_occupancy", "aform.max_occupancy", m.MaxOccupancy),
		percentField(pg, "shrinkage", "aform.shrinkage", m.Shrinkage),
		wholeField(pg, "concurrency", "aform.concurrency", m.Concurrency),
		optWholeField(pg, "patience_seconds", "aform.patience_seconds", m.PatienceSeconds),
		wholeField(pg, "short_abandon_seconds", "aform.short_abandon_seconds", m.ShortAbandonSeconds),
		formula,
		optWholeField(pg, "response_deadline_seconds", "aform.response_deadline_seconds", m.ResponseDeadlineSeconds),
	}, nil, nil
}

// parseQueue reads the queue's form.
func (p *pages) parseQueue(r *formReader, m *store.Queue) {
	m.Code, m.Name, m.SiteID, m.SkillID = r.text("code"), r.text("name"), r.id("site_id"), r.optID("skill_id")
	m.Channel, m.Tier = r.text("channel"), r.text("tier")
	m.SLTarget, m.SLThresholdSeconds, m.ASATargetSeconds = r.percent("sl_target"), r.whole("sl_threshold_seconds"), r.optWhole("asa_target_seconds")
	m.AbandonTarget, m.AHTTargetSeconds = r.optPercent("abandon_target"), r.optWhole("aht_target_seconds")
	m.MaxOccupancy, m.Shrinkage, m.Concurrency = r.optPercent("max_occupancy"), r.percent("shrinkage"), r.whole("concurrency")
	m.PatienceSeconds, m.ShortAbandonSeconds, m.SLFormula = r.optWhole("patience_seconds"), r.whole("short_abandon_seconds"), r.text("sl_formula")
	m.ResponseDeadlineSeconds = r.optWhole("response_deadline_seconds")
}

// channelDefaults lists each channel's default target, for a form hint:
// "voice 5%, chat 10%, email 5%".
func channelDefaults(pg Page, value func(store.ChannelTarget) string) string {
	parts := make([]string, 0, len(store.Channels))
	for _, ch := range store.Channels {
		parts = append(parts, pg.T("aform.channel_default", pg.T("aform.channel."+ch), value(store.ChannelTargets[ch])))
	}
	return strings.Join(parts, pg.T("list.separator"))
}

func withHint(f FormField, hint string) FormField {
	f.Hint = hint
	return f
}

// Teams.

func (p *pages) teamEditor() editor[store.Team] {
	return editor[store.Team]{
		kind: "teams", nameKey: "aform.kind.team", readRole: RoleManager,
		blank:  func() *store.Team { return &store.Team{} },
		get:    p.store.GetTeam,
		record: func(m *store.Team) *store.Record { return &m.Record },
		label:  func(m *store.Team) string { return m.Name },
		fields: func(p *pages, c *gin.Context, pg Page, m *store.Team) ([]FormField, any, error) {
			ctx := c.Request.Context()
			sites, err := p.siteOptions(ctx)
			if err != nil {
				return nil, nil, err
			}
			sups, err := p.userOptions(ctx, pg, RoleSupervisor)
			if err != nil {
				return nil, nil, err
			}
			return []FormField{
				textField(pg, "name", "admin.name", m.Name, true),
				selectField(pg, "site_id", "admin.site", idText(m.SiteID), sites),
				selectField(pg, "supervisor_user_id", "aform.supervisor", optIDText(m.SupervisorUserID), sups),
			}, nil, nil
		},
		parse: func(p *pages, r *formReader, m *store.Team) {
			m.Name, m.SiteID, m.SupervisorUserID = r.text("name"), r.id("site_id"), r.optID("supervisor_user_id")
		},
		create: p.store.CreateTeam, update: p.store.UpdateTeam,
	}
}

// Agents, with their skills and contract (the work rules a roster keeps
// for them).

func (p *pages) agentEditor() editor[store.Agent] {
	return editor[store.Agent]{
		kind: "agents", nameKey: "aform.kind.agent", readRole: RoleManager,
		blank:  func() *store.Agent { return &store.Agent{Active: true, Contract: store.Contract{Kind: "full-time"}} },
		get:    p.store.GetAgent,
		record: func(m *store.Agent) *store.Record { return &m.Record },
		label:  func(m *store.Agent) string { return m.Name },
		fields: (*pages).agentFields,
		parse:  (*pages).parseAgent,
		create: p.store.CreateAgent, update: p.store.UpdateAgent,
	}
}

// agentFields are an agent's form: who she is, her skills, her contract.
func (p *pages) agentFields(c *gin.Context, pg Page, m *store.Agent) ([]FormField, any, error) {
	ctx := c.Request.Context()
	teams, err := p.teamOptions(ctx, pg, false)
	if err != nil {
		return nil, nil, err
	}
	users, err := p.userOptions(ctx, pg, RoleAgent)
	if err != nil {
		return nil, nil, err
	}
	skills, err := p.store.ListSkills(ctx)
	if err != nil {
		return nil, nil, err
	}
	hire := textField(pg, "hire_date", "aform.hire_date", m.HireDate.String(), true)
	hire.Kind = "date"
	fields := []FormField{
		textField(pg, "code", "admin.code", m.Code, true),
		textField(pg, "name", "admin.name", m.Name, true),
		selectField(pg, "team_id", "aform.team", idText(m.TeamID), teams),
		selectField(pg, "user_id", "aform.user", optIDText(m.UserID), users),
		hire,
		checkField(pg, "active", "admin.active", m.Active),
	}
	fields = append(fields, skillFields(pg, skills, m.Skills)...)
	return append(fields, contractFields(pg, m.Contract)...), nil, nil
}

// skillFields are a proficiency (or none) for each skill.
func skillFields(pg Page, skills []store.Skill, has []store.AgentSkill) []FormField {
	have := map[int64]int{}
	for _, s := range has {
		have[s.SkillID] = s.Proficiency
	}
	var fields []FormField
	for _, s := range skills {
		opts := []Option{{Value: "", Label: pg.T("aform.skill_none")}} // each field its own: selectField marks the chosen one
		for lvl := 1; lvl <= 5; lvl++ {
			opts = append(opts, Option{Value: strconv.Itoa(lvl), Label: pg.T("aform.proficiency", lvl)})
		}
		v := ""
		if lvl, ok := have[s.ID]; ok {
			v = strconv.Itoa(lvl)
		}
		f := selectField(pg, "skill."+idText(s.ID), "aform.skill_of", v, opts)
		f.Label = pg.T("aform.skill_of", s.Name)
		fields = append(fields, f)
	}
	return fields
}

// contractFields are the rules of an agent's contract.
func contractFields(pg Page, ct store.Contract) []FormField {
	templates := textField(pg, "contract.shift_templates", "aform.contract.shift_templates", strings.Join(ct.ShiftTemplates, ", "), false)
	templates.Hint = pg.T("aform.hint.codes")
	return []FormField{
		selectField(pg, "contract.kind", "aform.contract.kind", ct.Kind, keyOptions(pg, "aform.contract.kind.", "full-time", "part-time")),
		wholeField(pg, "contract.weekly_minutes_min", "aform.contract.weekly_minutes_min", ct.WeeklyMinutesMin),
		wholeField(pg, "contract.weekly_minutes_max", "aform.contract.weekly_minutes_max", ct.WeeklyMinutesMax),
		wholeField(pg, "contract.max_consecutive_days", "aform.contract.max_consecutive_days", ct.MaxConsecutiveDays),
		wholeField(pg, "contract.min_consecutive_days_off", "aform.contract.min_consecutive_days_off", ct.MinConsecutiveDaysOff),
		wholeField(pg, "contract.min_rest_minutes", "aform.contract.min_rest_minutes", ct.MinRestMinutes),
		wholeField(pg, "contract.max_weekends_per_4_weeks", "aform.contract.max_weekends_per_4_weeks", ct.MaxWeekendsPer4Weeks),
		templates,
	}
}

// parseAgent reads an agent's form onto m.
func (p *pages) parseAgent(r *formReader, m *store.Agent) {
	m.Code, m.Name, m.TeamID, m.UserID = r.text("code"), r.text("name"), r.id("team_id"), r.optID("user_id")
	m.HireDate, m.Active = r.day("hire_date"), r.checked("active")
	skills, err := p.store.ListSkills(r.c.Request.Context())
	if err != nil {
		r.fail("skills", "error.500")
	}
	m.Skills = []store.AgentSkill{}
	for _, s := range skills {
		name := "skill." + idText(s.ID)
		if r.text(name) == "" {
			continue
		}
		m.Skills = append(m.Skills, store.AgentSkill{SkillID: s.ID, Proficiency: r.whole(name)})
	}
	m.Contract = store.Contract{
		Kind:                  r.text("contract.kind"),
		WeeklyMinutesMin:      r.whole("contract.weekly_minutes_min"),
		WeeklyMinutesMax:      r.whole("contract.weekly_minutes_max"),
		MaxConsecutiveDays:    r.whole("contract.max_consecutive_days"),
		MinConsecutiveDaysOff: r.whole("contract.min_consecutive_days_off"),
		MinRestMinutes:        r.whole("contract.min_rest_minutes"),
		MaxWeekendsPer4Weeks:  r.whole("contract.max_weekends_per_4_weeks"),
		ShiftTemplates:        r.list("contract.shift_templates"),
	}
}

// Users: role, language, active, a password reset, and the agent the user
// signs in as.

func (p *pages) userEditor() editor[store.User] {
	return editor[store.User]{
		kind: "users", nameKey: "aform.kind.user", readRole: RoleAdmin,
		blank:  func() *store.User { return &store.User{Role: store.RoleAgent, Active: true} },
		get:    p.store.GetUser,
		record: func(m *store.User) *store.Record { return &m.Record },
		label:  func(m *store.User) string { return m.Username },
		fields: (*pages).userFields,
		parse: func(p *pages, r *formReader, m *store.User) {
			m.Username, m.DisplayName, m.Role, m.Locale = r.text("username"), r.text("display_name"), r.text("role"), r.text("locale")
			m.Active = r.checked("active")
			r.id("agent_id")
			if pw := r.c.PostForm("password"); pw != "" || m.ID == 0 {
				if len(pw) < store.MinPasswordLength {
					r.fail("password", "aform.err.password", store.MinPasswordLength)
				} else {
					m.PasswordHash = store.HashPassword(pw)
				}
			}
		},
		saveWith: func(ctx context.Context, a store.Actor, r *formReader, m *store.User, isNew bool) error {
			if isNew {
				return p.store.CreateUserLinked(ctx, a, m, r.id("agent_id"))
			}
			return p.store.UpdateUserLinked(ctx, a, m, r.id("agent_id"))
		},
	}
}

// userFields are a user's form: who she is, her role and language, the
// agent she signs in as, and a password (a reset for a stored user).
func (p *pages) userFields(c *gin.Context, pg Page, m *store.User) ([]FormField, any, error) {
	agents, err := p.store.ListAgents(c.Request.Context(), store.Scope{All: true})
	if err != nil {
		return nil, nil, err
	}
	linked, opts := linkOptions(pg, agents, m.ID)
	roles := []Option{}
	for _, r := range []string{store.RoleAgent, store.RoleSupervisor, store.RoleManager, store.RoleAdmin} {
		roles = append(roles, Option{Value: r, Label: pg.T("role." + r)})
	}
	locales := []Option{{Value: "", Label: pg.T("aform.locale.browser")}}
	for _, l := range Locales { // the user's language named in the admin's
		locales = append(locales, Option{Value: string(l), Label: pg.T("aform.locale." + string(l))})
	}
	pw := FormField{Name: "password", Label: pg.T("aform.password"), Kind: "password", Hint: pg.T("aform.hint.password", store.MinPasswordLength)}
	if m.ID != 0 {
		pw.Label, pw.Hint = pg.T("aform.password_reset"), pg.T("aform.hint.password_reset", store.MinPasswordLength)
	}
	return []FormField{
		textField(pg, "username", "login.username", m.Username, true),
		textField(pg, "display_name", "admin.name", m.DisplayName, true),
		selectField(pg, "role", "admin.role", m.Role, roles),
		selectField(pg, "locale", "aform.locale", m.Locale, locales),
		checkField(pg, "active", "admin.active", m.Active),
		selectField(pg, "agent_id", "aform.linked_agent", linked, opts),
		pw,
	}, nil, nil
}

// linkOptions are the agents a user may sign in as (those linked to
// another user say so), and the one linked to user userID.
func linkOptions(pg Page, agents []store.Agent, userID int64) (linked string, opts []Option) {
	opts = []Option{{Value: "", Label: pg.T("aform.none")}}
	for _, a := range agents {
		label := a.Name + " (" + a.Code + ")"
		if a.UserID != nil && userID != 0 && *a.UserID == userID {
			linked = idText(a.ID)
		} else if a.UserID != nil {
			label += " · " + pg.T("aform.linked_elsewhere")
		}
		opts = append(opts, Option{Value: idText(a.ID), Label: label})
	}
	return linked, opts
}

// Shift templates.

func (p *pages) shiftTemplateEditor() editor[store.ShiftTemplate] {
	return editor[store.ShiftTemplate]{
		kind: "shift-templates", nameKey: "aform.kind.shift_template", readRole: RoleManager,
		blank:  func() *store.ShiftTemplate { return &store.ShiftTemplate{Start: "09:00", DurationMinutes: 480} },
		get:    p.store.GetShiftTemplate,
		record: func(m *store.ShiftTemplate) *store.Record { return &m.Record },
		label:  func(m *store.ShiftTemplate) string { return m.Code + " " + m.Name },
		fields: (*pages).shiftTemplateFields,
		parse:  (*pages).parseShiftTemplate,
		create: p.store.CreateShiftTemplate, update: p.store.UpdateShiftTemplate,
	}
}

// shiftTemplateFields are a shift template's form: its hours and breaks, a break a line.
func (p *pages) shiftTemplateFields(c *gin.Context, pg Page, m *store.ShiftTemplate) ([]FormField, any, error) {
	sites, err := p.siteOptions(c.Request.Context())
	if err != nil {
		return nil, nil, err
	}
	breaks := make([]string, 0, len(m.Breaks))
	for _, b := range m.Breaks {
		l := fmt.Sprintf("%d %d-%d", b.DurationMinutes, b.EarliestOffsetMinutes, b.LatestOffsetMinutes)
		if !b.IsPaid() {
			l += " " + pg.T("aform.word.unpaid")
		}
		breaks = append(breaks, l)
	}
	start := textField(pg, "start", "aform.start", m.Start, true)
	start.Kind = "time"
	latest := textField(pg, "latest_start", "aform.latest_start", m.LatestStart, false)
	latest.Kind, latest.Hint = "time", pg.T("aform.hint.latest_start")
	follow := textField(pg, "cannot_be_followed_by", "aform.cannot_be_followed_by", strings.Join(m.CannotBeFollowedBy, ", "), false)
	follow.Hint = pg.T("aform.hint.codes")
	return []FormField{
		selectField(pg, "site_id", "admin.site", idText(m.SiteID), sites),
		textField(pg, "code", "admin.code", m.Code, true),
		textField(pg, "name", "admin.name", m.Name, true),
		start, latest,
		wholeField(pg, "duration_minutes", "aform.duration_minutes", m.DurationMinutes),
		{Name: "breaks", Label: pg.T("aform.breaks"), Kind: "textarea", Value: strings.Join(breaks, "\n"), Hint: pg.T("aform.hint.breaks")},
		follow,
	}, nil, nil
}

// parseShiftTemplate reads the shift template's form; a bad break line is named by its number.
func (p *pages) parseShiftTemplate(r *formReader, m *store.ShiftTemplate) {
	m.SiteID, m.Code, m.Name = r.id("site_id"), r.text("code"), r.text("name")
	m.Start, m.LatestStart, m.DurationMinutes = r.text("start"), r.text("latest_start"), r.whole("duration_minutes")
	m.CannotBeFollowedBy = r.list("cannot_be_followed_by")
	m.Breaks = []schedule.Break{}
	nums, lines := r.lines("breaks")
	for i, l := range lines {
		b, ok := parseBreak(l)
		if !ok {
			r.fail("breaks", "aform.err.breaks_line", nums[i])
			continue
		}
		m.Breaks = append(m.Breaks, b)
	}
}

// parseBreak reads "15 90-150" or "60 210-300 unpaid": minutes, then the
// window of its start as minutes after the shift starts.
func parseBreak(line string) (schedule.Break, bool) {
	f := strings.Fields(line)
	if len(f) < 2 || len(f) > 3 {
		return schedule.Break{}, false
	}
	d, err := strconv.Atoi(f[0])
	from, to, ok := strings.Cut(f[1], "-")
	a, err1 := strconv.Atoi(from)
	b, err2 := strconv.Atoi(to)
	if err != nil || !ok || err1 != nil || err2 != nil {
		return schedule.Break{}, false
	}
	br := schedule.Break{DurationMinutes: d, EarliestOffsetMinutes: a, LatestOffsetMinutes: b}
	if len(f) == 3 {
		switch strings.ToLower(f[2]) {
		case "unpaid", "不带薪":
			unpaid := false
			br.Paid = &unpaid
		case "paid", "带薪":
		default:
			return schedule.Break{}, false
		}
	}
	return br, true
}

// Scorecards: weighted KPIs, one line each.

func (p *pages) scorecardEditor() editor[store.Scorecard] {
	return editor[store.Scorecard]{
		kind: "scorecards", nameKey: "aform.kind.scorecard", readRole: RoleManager,
		blank:  func() *store.Scorecard { return &store.Scorecard{} },
		get:    p.getScorecard,
		record: func(m *store.Scorecard) *store.Record { return &m.Record },
		label:  func(m *store.Scorecard) string { return m.Name },
		fields: (*pages).scorecardFields,
		parse:  (*pages).parseScorecard,
		create: p.store.CreateScorecard, update: p.store.UpdateScorecard,
	}
}

// scorecardFields are a scorecard's form: its team (none: the center's default) and its items, one a line.
func (p *pages) scorecardFields(c *gin.Context, pg Page, m *store.Scorecard) ([]FormField, any, error) {
	teams, err := p.teamOptions(c.Request.Context(), pg, true)
	if err != nil {
		return nil, nil, err
	}
	teams[0].Label = pg.T("aform.center_default")
	items := make([]string, 0, len(m.Items))
	for _, it := range m.Items {
		items = append(items, fmt.Sprintf("%s | %s | %s | %s | %s", kpiName(it.KPI, pg.Translator), num(it.Weight), num(it.Floor), num(it.Target),
			pg.T("aform.word."+it.Direction)))
	}
	return []FormField{
		textField(pg, "name", "admin.name", m.Name, true),
		selectField(pg, "team_id", "aform.team", optIDText(m.TeamID), teams),
		{Name: "items", Label: pg.T("aform.scorecard_items"), Kind: "textarea", Value: strings.Join(items, "\n"),
			Hint: pg.T("aform.hint.scorecard_items", strings.Join(kpiNames(store.ScorecardKPIs, pg.Translator), pg.T("problem.separator")))},
	}, nil, nil
}

// parseScorecard reads the scorecard's form; a bad item line is named by its number.
func (p *pages) parseScorecard(r *formReader, m *store.Scorecard) {
	m.Name, m.TeamID = r.text("name"), r.optID("team_id")
	m.Items = []store.ScorecardItem{}
	nums, lines := r.lines("items")
	for i, l := range lines {
		f := splitPipes(l)
		if len(f) != 5 {
			r.fail("items", "aform.err.scorecard_line", nums[i])
			continue
		}
		w, e1 := strconv.ParseFloat(f[1], 64)
		lo, e2 := strconv.ParseFloat(f[2], 64)
		hi, e3 := strconv.ParseFloat(f[3], 64)
		if e1 != nil || e2 != nil || e3 != nil {
			r.fail("items", "aform.err.scorecard_line", nums[i])
			continue
		}
		m.Items = append(m.Items, store.ScorecardItem{KPI: formWord(f[0], "kpi.", store.ScorecardKPIs),
			Weight: w, Floor: lo, Target: hi, Direction: formWord(f[4], "aform.word.", []string{"higher", "lower"})})
	}
}

// getScorecard finds a scorecard among the list (the store has no single
// read; the list is short).
func (p *pages) getScorecard(ctx context.Context, id int64) (*store.Scorecard, error) {
	cards, err := p.store.ListScorecards(ctx)
	if err != nil {
		return nil, err
	}
	for i := range cards {
		if cards[i].ID == id {
			return &cards[i], nil
		}
	}
	return nil, fault.Errorf(fault.NotFound, "scorecard %d not found", id)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func splitPipes(line string) []string {
	parts := strings.Split(line, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// formWord reads a word of a form's line syntax: one of words as the
// store spells it, or its name in either language (the catalogs' prefix
// + word), so that an admin types and reads her own language. Anything
// else comes back as typed, for the store to refuse with its reason.
func formWord(typed, prefix string, words []string) string {
	typed = strings.TrimSpace(typed)
	for _, w := range words {
		if strings.EqualFold(typed, w) {
			return w
		}
		for _, l := range Locales {
			if t := NewTranslator(l, nil); t.Has(prefix+w) && strings.EqualFold(typed, t.T(prefix+w)) {
				return w
			}
		}
	}
	return typed
}

// kpiNames are KPI ids as the reader calls them.
func kpiNames(ids []string, t Translator) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, kpiName(id, t))
	}
	return out
}

// dimensionIDs are the SERVQUAL dimensions as the store spells them.
func dimensionIDs() []string {
	out := make([]string, 0, len(kpi.Dimensions))
	for _, d := range kpi.Dimensions {
		out = append(out, string(d))
	}
	return out
}

// Quality forms: weighted items by SERVQUAL dimension, one line each.

func (p *pages) qualityFormEditor() editor[store.QualityForm] {
	return editor[store.QualityForm]{
		kind: "quality-forms", nameKey: "aform.kind.quality_form", readRole: RoleManager,
		blank:  func() *store.QualityForm { return &store.QualityForm{} },
		get:    p.store.GetQualityForm,
		record: func(m *store.QualityForm) *store.Record { return &m.Record },
		label:  func(m *store.QualityForm) string { return m.Name },
		fields: (*pages).qualityFormFields,
		parse:  (*pages).parseQualityForm,
		create: p.store.CreateQualityForm, update: p.store.UpdateQualityForm,
	}
}

// qualityFormFields are a quality form's form: its items, one a line.
func (p *pages) qualityFormFields(c *gin.Context, pg Page, m *store.QualityForm) ([]FormField, any, error) {
	items := make([]string, 0, len(m.Items))
	for _, it := range m.Items {
		crit := "-"
		if it.Critical {
			crit = pg.T("aform.word.critical")
		}
		items = append(items, fmt.Sprintf("%s | %s | %s | %s | %s", it.ID, dimensionName(pg, it.Dimension), num(it.Weight), crit, it.Text))
	}
	return []FormField{
		textField(pg, "name", "admin.name", m.Name, true),
		{Name: "items", Label: pg.T("aform.quality_items"), Kind: "textarea", Value: strings.Join(items, "\n"), Hint: pg.T("aform.hint.quality_items")},
	}, nil, nil
}

// parseQualityForm reads the quality form's form; a bad item line is named by its number.
func (p *pages) parseQualityForm(r *formReader, m *store.QualityForm) {
	m.Name = r.text("name")
	m.Items = []store.QualityItem{}
	nums, lines := r.lines("items")
	for i, l := range lines {
		f := strings.SplitN(l, "|", 5)
		for j := range f {
			f[j] = strings.TrimSpace(f[j])
		}
		if len(f) != 5 {
			r.fail("items", "aform.err.quality_line", nums[i])
			continue
		}
		w, err := strconv.ParseFloat(f[2], 64)
		crit := formWord(f[3], "aform.word.", []string{"critical"})
		if err != nil || (crit != "critical" && crit != "-" && crit != "") {
			r.fail("items", "aform.err.quality_line", nums[i])
			continue
		}
		m.Items = append(m.Items, store.QualityItem{ID: f[0], Dimension: formWord(f[1], "quality.dim.", dimensionIDs()), Weight: w, Critical: crit == "critical", Text: f[4]})
	}
}
