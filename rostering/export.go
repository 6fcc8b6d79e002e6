package rostering

import (
	"context"
	"sort"
	"strconv"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/sheet"
	"wfm/store"
)

// Say says a message of the interface's catalogs (web/i18n) in the
// reader's language: the doors pass their translator.
type Say func(key string, args ...any) string

// RosterWeek asks for one week of a roster as a spreadsheet: the
// published roster of a site, or one version of it (a draft seen as it
// would be published).
type RosterWeek struct {
	SiteID    int64      // the site whose published roster (VersionID 0)
	VersionID int64      // one version; its site is the site
	TeamID    int64      // one team only; 0: every team of the site in scope
	Day       civil.Date // the week (Monday to Sunday) holding it; zero: the version's first week, or the site's current week
}

// RosterWeekExport is a roster's week as tables, one per team.
type RosterWeekExport struct {
	Site   store.Site
	Monday civil.Date
	Tables []sheet.Table
}

// ExportRosterWeek lays a week of a roster out as one table per team of
// the site in scope (a supervisor: hers only): rows her agents, columns
// the seven days, each cell the shift's hours and breaks in the site's
// zone, "Off" on a rostered day without a shift (or the reason of her
// approved time off), empty on a day no roster covers yet. Refused
// (Forbidden) for a site, a version or a team outside the scope; agents
// read their own shifts elsewhere.
func ExportRosterWeek(ctx context.Context, st *store.Store, sc store.Scope, req RosterWeek, now time.Time, say Say) (RosterWeekExport, error) {
	var out RosterWeekExport
	site, version, err := exportedRoster(ctx, st, sc, req)
	if err != nil {
		return out, err
	}
	loc := site.Location()
	out.Site = *site
	day := req.Day
	if day.IsZero() {
		day = civil.Of(now, loc)
		if version != nil {
			day = version.StartDate
		}
	}
	monday := day.Monday()
	out.Monday = monday
	wk, err := readWeek(ctx, st, sc, req.TeamID, site.ID, version, monday)
	if err != nil {
		return out, err
	}
	g := wk.grid(site.ID, loc, say)
	for _, t := range wk.teams {
		if t.SiteID != site.ID || (req.TeamID != 0 && t.ID != req.TeamID) {
			continue
		}
		out.Tables = append(out.Tables, g.table(t, wk.agents))
	}
	return out, nil
}

// exportedRoster checks who asks and reads the site exported, and the
// version asked for (nil: the published roster).
func exportedRoster(ctx context.Context, st *store.Store, sc store.Scope, req RosterWeek) (*store.Site, *store.ScheduleVersion, error) {
	if !sc.All && len(sc.TeamIDs) == 0 {
		return nil, nil, fault.Errorf(fault.Forbidden, "only supervisors, managers and admins export rosters")
	}
	var version *store.ScheduleVersion
	siteID := req.SiteID
	if req.VersionID != 0 {
		v, err := st.GetScheduleHead(ctx, req.VersionID)
		if err != nil {
			return nil, nil, err
		}
		version, siteID = v, v.SiteID
	}
	site, err := st.GetSite(ctx, siteID)
	if err != nil {
		return nil, nil, err
	}
	if err := st.SiteInScope(ctx, sc, site.ID); err != nil {
		return nil, nil, err
	}
	if req.TeamID != 0 && !sc.HasTeam(req.TeamID) {
		return nil, nil, fault.Errorf(fault.Forbidden, "team %d is not one of yours", req.TeamID)
	}
	return site, version, nil
}

// rosterWeek is what a week's export reads: the teams and agents in scope,
// the week's shifts (of the version, or published), the versions covering
// it and the approved time off.
type rosterWeek struct {
	monday  civil.Date
	teams   []store.Team
	agents  []store.Agent
	shifts  []store.AgentShift
	periods []store.ScheduleVersion
	timeOff []store.TimeOffRequest
}

// readWeek reads the week from monday of a site (one team of it when
// teamID is not 0), of a version or of the published roster.
func readWeek(ctx context.Context, st *store.Store, sc store.Scope, teamID, siteID int64, version *store.ScheduleVersion, monday civil.Date) (rosterWeek, error) {
	wk := rosterWeek{monday: monday, periods: []store.ScheduleVersion{}}
	first, last := monday, monday.AddDays(6)
	var err error
	if wk.teams, err = st.ListTeams(ctx, sc); err != nil {
		return wk, err
	}
	if wk.agents, err = st.ListAgents(ctx, sc); err != nil {
		return wk, err
	}
	filter := store.ShiftFilter{TeamID: teamID, From: first, To: last}
	if version != nil {
		wk.shifts, err = st.VersionShifts(ctx, sc, version.ID, filter)
		wk.periods = append(wk.periods, *version)
	} else {
		wk.shifts, err = st.PublishedShifts(ctx, sc, filter)
		if err == nil {
			wk.periods, err = st.ListScheduleVersions(ctx, sc, store.ScheduleFilter{SiteID: siteID, Status: store.SchedulePublished,
				From: first, To: monday.AddDays(7)})
		}
	}
	if err != nil {
		return wk, err
	}
	wk.timeOff, err = st.ListTimeOff(ctx, sc, store.TimeOffFilter{TeamID: teamID, Status: store.RequestApproved, From: first, To: last})
	return wk, err
}

// grid lays the week out by day, agent and date: the days a version
// covers, the site's shifts and the days off.
func (wk rosterWeek) grid(siteID int64, loc *time.Location, say Say) weekGrid {
	monday, last := wk.monday, wk.monday.AddDays(6)
	g := weekGrid{monday: monday, loc: loc, say: say, shifts: map[cellKey][]store.AgentShift{}, off: map[cellKey]string{}}
	for i := range 7 {
		date := monday.AddDays(i)
		for _, v := range wk.periods {
			if !v.StartDate.After(date) && date.Before(v.EndDate()) {
				g.rostered[i] = true
			}
		}
	}
	for _, sh := range wk.shifts {
		if sh.SiteID == siteID {
			g.shifts[cellKey{sh.AgentID, sh.Date}] = append(g.shifts[cellKey{sh.AgentID, sh.Date}], sh)
		}
	}
	for _, r := range wk.timeOff {
		for d := r.StartDate; !d.After(r.EndDate) && !d.After(last); d = d.AddDays(1) {
			g.off[cellKey{r.AgentID, d}] = r.Kind
		}
	}
	return g
}

type cellKey struct {
	agentID int64
	date    civil.Date
}

// weekGrid is what a week's tables are made from.
type weekGrid struct {
	monday   civil.Date
	loc      *time.Location
	say      Say
	rostered [7]bool                        // a published (or the exported) version covers the day
	shifts   map[cellKey][]store.AgentShift // by agent and date
	off      map[cellKey]string             // approved time off: its kind
}

// table is one team's week: her active agents and anyone with a shift
// that week, by name.
func (g weekGrid) table(t store.Team, agents []store.Agent) sheet.Table {
	tab := sheet.Table{Name: t.Name, Header: []string{g.say("export.roster.agent"), g.say("export.roster.code")}}
	for i := range 7 {
		d := g.monday.AddDays(i)
		tab.Header = append(tab.Header, g.say("export.roster.day", g.say("prefs.weekday."+strconv.Itoa(int(d.Weekday()))), d.String()))
	}
	var members []store.Agent
	for _, a := range agents {
		if a.TeamID == t.ID && (a.Active || g.hasShift(a.ID)) {
			members = append(members, a)
		}
	}
	sort.SliceStable(members, func(i, j int) bool { return members[i].Name < members[j].Name })
	for _, a := range members {
		row := []sheet.Cell{sheet.TextCell(a.Name), sheet.TextCell(a.Code)}
		for i := range 7 {
			row = append(row, g.cell(a.ID, i))
		}
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

func (g weekGrid) hasShift(agentID int64) bool {
	for i := range 7 {
		if len(g.shifts[cellKey{agentID, g.monday.AddDays(i)}]) > 0 {
			return true
		}
	}
	return false
}

// cell is an agent's day: her shifts' hours and breaks, else her time
// off, else Off on a rostered day; empty on a day no roster covers.
func (g weekGrid) cell(agentID int64, i int) sheet.Cell {
	date := g.monday.AddDays(i)
	clock := func(t time.Time) string { return t.In(g.loc).Format("15:04") }
	text := ""
	for _, sh := range g.shifts[cellKey{agentID, date}] {
		if text != "" {
			text += g.say("export.roster.separator")
		}
		text += clock(sh.Start) + "-" + clock(sh.End)
		for _, b := range sh.Breaks {
			key := "export.roster.break"
			if !b.Paid {
				key = "export.roster.lunch"
			}
			text += g.say("export.roster.separator") + g.say(key, clock(b.Start), clock(b.End))
		}
	}
	switch kind, off := g.off[cellKey{agentID, date}]; {
	case text != "":
	case off:
		text = g.say("export.roster.time_off", g.say("timeoff.kind."+kind))
	case g.rostered[i]:
		text = g.say("export.roster.off")
	default:
		return sheet.Cell{}
	}
	return sheet.TextCell(text)
}
