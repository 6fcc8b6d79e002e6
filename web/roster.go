package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
)

// scheduleWeeks is how far "My schedule" looks: this week and three more.
const scheduleWeeks = 4

// shiftSpans is a published shift as timeline spans: the shift, its paid
// breaks, its unpaid break (lunch) and its activities (meeting, training,
// coaching, with their titles).
func shiftSpans(sh store.AgentShift) []Span {
	spans := []Span{{Kind: "shift", Start: sh.Start, End: sh.End}}
	for _, b := range sh.Breaks {
		kind := "break"
		if !b.Paid {
			kind = "lunch"
		}
		spans = append(spans, Span{Kind: kind, Start: b.Start, End: b.End})
	}
	for _, a := range sh.Activities {
		spans = append(spans, Span{Kind: a.Kind, Start: a.Start, End: a.End, Label: a.Title})
	}
	return spans
}

// shiftNote is a board row's note: the shift's code, then each activity
// with its kind, title and hours.
func shiftNote(sh store.AgentShift, t Translator) string {
	note := sh.Shift
	for _, a := range sh.Activities {
		note += " · " + t.T("timeline.labelled", t.T("term."+a.Kind), a.Title) + " " + t.Time(a.Start) + "–" + t.Time(a.End)
	}
	return note
}

// activityViews lists the activities of shifts for a table.
func activityViews(shifts []store.AgentShift, t Translator) []ActivityView {
	var out []ActivityView
	for _, sh := range shifts {
		for _, a := range sh.Activities {
			out = append(out, ActivityView{Date: t.DayDate(a.Start), Hours: t.Time(a.Start) + "–" + t.Time(a.End), Kind: t.T("term." + a.Kind), Title: a.Title})
		}
	}
	return out
}

// siteOfAgent is the site (and its zone) an agent works at.
func (p *pages) siteOfAgent(ctx context.Context, agentID int64) (*store.Site, *time.Location, error) {
	a, err := p.store.GetAgent(ctx, agentID)
	if err != nil {
		return nil, nil, err
	}
	team, err := p.store.GetTeam(ctx, a.TeamID)
	if err != nil {
		return nil, nil, err
	}
	return p.site(ctx, team.SiteID)
}

func (p *pages) site(ctx context.Context, id int64) (*store.Site, *time.Location, error) {
	site, err := p.store.GetSite(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	loc, err := time.LoadLocation(site.Timezone)
	if err != nil {
		return nil, nil, fmt.Errorf("site %d time zone: %w", id, err)
	}
	return site, loc, nil
}

func localDay(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

// mySchedule is the agent's own published shifts, this week and the next
// three, with her calendar feed.
func (p *pages) mySchedule(c *gin.Context, pg Page) {
	switch s := c.Query("time_off"); s {
	case store.RequestApproved, store.RequestWaitlisted, store.RequestPending, store.RequestCancelled:
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("timeoff.done." + s)})
	}
	switch s := c.Query("swap"); s {
	case store.RequestApproved, store.RequestPending, store.RequestCancelled:
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("swap.done." + s)})
	}
	p.renderSchedule(c, pg, http.StatusOK, TimeOffForm{})
}

// renderSchedule renders "My schedule" with its time-off form (kept as
// typed after a refused request).
func (p *pages) renderSchedule(c *gin.Context, pg Page, status int, form TimeOffForm) {
	p.renderScheduleWith(c, pg, status, form, nil)
}

// renderScheduleWith is renderSchedule with the swap form as typed (nil:
// a fresh one).
func (p *pages) renderScheduleWith(c *gin.Context, pg Page, status int, form TimeOffForm, swap *SwapForm) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	pg.Title = pg.T("schedule.title")
	data, err := p.scheduleData(ctx, &pg, pr)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if pr.Scope.AgentID != 0 {
		if data.TimeOff, err = p.myTimeOff(ctx, pr, pg.Translator); err != nil {
			p.problem(c, pg, err)
			return
		}
		form.Kinds = timeOffKinds(pg.Translator, form.Kind)
		data.Form = &form
		swaps, _, agents, err := p.swapsOf(ctx, pr, pg.Translator)
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		data.Swaps = swaps
		fresh := swapForm(agents, pr.Scope.AgentID)
		if swap != nil {
			fresh.Date, fresh.ToDate, fresh.Note, fresh.Error = swap.Date, swap.ToDate, swap.Note, swap.Error
		}
		data.SwapForm = &fresh
	}
	pg.Data = data
	p.write(c, status, "schedule", pg)
}

func (p *pages) scheduleData(ctx context.Context, pg *Page, pr *auth.Principal) (ScheduleData, error) {
	var data ScheduleData
	agentID := pr.Scope.AgentID
	if agentID == 0 {
		return data, nil // a user who is not an agent has no schedule of her own
	}
	_, loc, err := p.siteOfAgent(ctx, agentID)
	if err != nil {
		return data, err
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	monday := civil.Of(p.now(), loc).Monday()
	last := monday.AddDays(7*scheduleWeeks - 1)
	// The scope is the agent's own: the store returns only her shifts.
	shifts, err := p.store.PublishedShifts(ctx, pr.Scope, store.ShiftFilter{AgentID: agentID, From: monday, To: last})
	if err != nil {
		return data, err
	}
	days := agentDays(shifts, monday, last, loc)
	if len(shifts) == 0 {
		return data, nil
	}
	data.Activities = activityViews(shifts, pg.Translator)
	data.Weeks, err = NewScheduleWeeks(days, pg.Translator)
	return data, err
}

// agentDays are the agent's days from first to last with their shifts,
// in the weeks that have published shifts only: a day of a week not yet
// published is unknown, not a day off.
func agentDays(shifts []store.AgentShift, first, last civil.Date, loc *time.Location) []AgentDay {
	byDate := map[civil.Date][]store.AgentShift{}
	published := map[civil.Date]bool{}
	for _, sh := range shifts {
		byDate[sh.Date] = append(byDate[sh.Date], sh)
		published[sh.Date.Monday()] = true
	}
	var days []AgentDay
	for d := first; !d.After(last); d = d.AddDays(1) {
		if !published[d.Monday()] {
			continue
		}
		day := AgentDay{Date: d.Start(loc)}
		for _, sh := range byDate[d] {
			day.Shift = sh.Shift
			day.Spans = append(day.Spans, shiftSpans(sh)...)
		}
		days = append(days, day)
	}
	return days
}

// calendarLink makes a new secret calendar-feed URL for the agent and
// shows it once (the old one stops working).
func (p *pages) calendarLink(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	pg.Title = pg.T("schedule.title")
	if pr.Scope.AgentID == 0 {
		p.problem(c, pg, refuse(fault.Invalid, "schedule.not_agent"))
		return
	}
	key, err := rostering.CreateFeedKey(ctx, p.store, pr.Actor(), pr.Scope, pr.Scope.AgentID)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data, err := p.scheduleData(ctx, &pg, pr)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	scheme := "http"
	if c.Request.TLS != nil || p.secure {
		scheme = "https"
	}
	data.ICSURL = scheme + "://" + c.Request.Host + "/api/v1/agents/" + strconv.FormatInt(pr.Scope.AgentID, 10) + "/schedule.ics?" + url.Values{"key": {key}}.Encode()
	pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("schedule.ics_made")})
	pg.Data = data
	p.write(c, http.StatusOK, "schedule", pg)
}

// rosterDay is the supervisor's board for one day at one site: every
// agent in scope with a published shift, and the coverage beneath.
func (p *pages) rosterDay(c *gin.Context, pg Page) {
	data, err := p.rosterData(c.Request.Context(), &pg, auth.Current(c), c.Request.URL.Query())
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Title = pg.T("roster.title")
	pg.Data = data
	p.write(c, http.StatusOK, "roster", pg)
}

func (p *pages) rosterData(ctx context.Context, pg *Page, pr *auth.Principal, q url.Values) (RosterData, error) {
	var data RosterData
	teams, err := p.store.ListTeams(ctx, pr.Scope)
	if err != nil {
		return data, err
	}
	if len(teams) == 0 {
		data.Timeline = Timeline{}
		return data, nil
	}
	siteID := teams[0].SiteID
	if want, err := strconv.ParseInt(q.Get("site"), 10, 64); err == nil {
		for _, t := range teams {
			if t.SiteID == want {
				siteID = want
			}
		}
	}
	_, loc, err := p.site(ctx, siteID)
	if err != nil {
		return data, err
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	day := localDay(p.now(), loc)
	if d, err := civil.ParseIn(q.Get("day"), loc); err == nil {
		day = d
	}
	if q.Get("published") == "1" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("build.published")})
	}
	data, err = p.boardData(ctx, pg, pr, rosterBoard{siteID: siteID}, day)
	data.BuildLimits = buildLimits
	data.BuildStart = civil.Of(day, loc).Monday().AddDays(7)
	return data, err
}

// rosterBoard is what a board shows: the published roster of a site
// (version nil), or one version of it (a draft before anyone publishes
// it), seen the same way.
type rosterBoard struct {
	siteID  int64
	version *store.ScheduleVersion
}

// link is the board on another day.
func (b rosterBoard) link(d time.Time) string {
	day := civil.Of(d, d.Location()).String()
	if b.version != nil {
		return PathRoster + "/schedules/" + strconv.FormatInt(b.version.ID, 10) + "?" + url.Values{"day": {day}}.Encode()
	}
	return PathRoster + "?" + url.Values{"site": {strconv.FormatInt(b.siteID, 10)}, "day": {day}}.Encode()
}

// shifts are the board's shifts of the agents in scope at the board's
// site, dates from and to inclusive.
func (p *pages) boardShifts(ctx context.Context, b rosterBoard, sc store.Scope, from, to civil.Date) ([]store.AgentShift, error) {
	f := store.ShiftFilter{SiteID: b.siteID, From: from, To: to}
	if b.version != nil {
		return p.store.VersionShifts(ctx, sc, b.version.ID, f)
	}
	return p.store.PublishedShifts(ctx, sc, f)
}

// boardData is a board on one day: the agents' shifts on a timeline, the
// week around it, the coverage against the requirement and the
// simulated service of the week.
func (p *pages) boardData(ctx context.Context, pg *Page, pr *auth.Principal, b rosterBoard, day time.Time) (RosterData, error) {
	var data RosterData
	siteID := b.siteID
	next := day.AddDate(0, 0, 1)
	data.Day, data.SiteID = day, siteID
	data.PrevURL, data.NextURL = b.link(day.AddDate(0, 0, -1)), b.link(next)

	date := civil.Of(day, day.Location())
	shifts, err := p.boardShifts(ctx, b, pr.Scope, date, date)
	if err != nil {
		return data, err
	}
	names, _, err := p.agentNames(ctx, pr.Scope)
	if err != nil {
		return data, err
	}
	data.Week, err = p.rosterWeek(ctx, pr, b, day, names, pg.Translator)
	if err != nil {
		return data, err
	}
	if data.Simulation, err = p.rosterSimulation(ctx, pr, b, day, pg.Translator); err != nil {
		return data, err
	}
	markMissedDays(data.Week, data.Simulation)
	rows, siteShifts := boardRows(&data, b, shifts, names, date, pg.Translator)
	if data.Timeline, err = NewTimeline(day, next, 2, rows, pg.Translator); err != nil {
		return data, err
	}
	data.Coverage, err = p.siteCoverage(ctx, pg, pr, b, day, siteShifts)
	return data, err
}

// boardRows lays the day's shifts of the board's site out as timeline
// rows, earliest start first, and returns those shifts too.
func boardRows(data *RosterData, b rosterBoard, shifts []store.AgentShift, names map[int64]string, date civil.Date, t Translator) ([]TimelineRow, []store.AgentShift) {
	var rows []TimelineRow
	var siteShifts []store.AgentShift
	for _, sh := range shifts {
		if sh.SiteID != b.siteID {
			continue
		}
		siteShifts = append(siteShifts, sh)
		if b.version == nil && data.ActivityURL == "" {
			data.ActivityURL = activityURL(sh.ScheduleID)
		}
		rows = append(rows, TimelineRow{Link: editURL(sh.ScheduleID, sh.AgentID, date.String()), Label: names[sh.AgentID], Note: shiftNote(sh, t), Spans: shiftSpans(sh)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Spans[0].Start.Before(rows[j].Spans[0].Start) })
	return rows, siteShifts
}

// siteCoverage is the chart of the site's requirement against its
// scheduled agents on day; nil when the site has no queues or nothing to
// show. shifts are the site's shifts the principal sees.
func (p *pages) siteCoverage(ctx context.Context, pg *Page, pr *auth.Principal, b rosterBoard, day time.Time, shifts []store.AgentShift) (*ChartView, error) {
	next := day.AddDate(0, 0, 1)
	queues, err := p.store.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	var queueIDs []int64
	for _, qu := range queues {
		if qu.SiteID == b.siteID {
			queueIDs = append(queueIDs, qu.ID)
		}
	}
	if len(queueIDs) == 0 {
		return nil, nil
	}
	reqs, err := p.store.Requirements(ctx, queueIDs, day, next)
	if err != nil {
		return nil, err
	}
	// The requirement is the whole site's, so the coverage counts every
	// agent of the site, not only the supervisor's teams (a count, no names).
	if !pr.Scope.All {
		date := civil.Of(day, day.Location())
		everyone, err := p.boardShifts(ctx, b, store.Scope{All: true}, date, date)
		if err != nil {
			return nil, err
		}
		shifts = nil
		for _, sh := range everyone {
			if sh.SiteID == b.siteID {
				shifts = append(shifts, sh)
			}
		}
	}
	if points := coveragePoints(day, next, 15*time.Minute, reqs, shifts); points != nil {
		return &ChartView{Chart: RequirementVsScheduledChart("coverage", points, pg.Translator)}, nil
	}
	return nil, nil
}

// coveragePoints is, per slot of [from, to), the agents the requirements
// ask to be scheduled (summed over the site's queues) and the agents the
// published shifts have working (on shift, not on a break) at the middle
// of the slot. nil when there is neither requirement nor shift.
func coveragePoints(from, to time.Time, slot time.Duration, reqs []store.Requirement, shifts []store.AgentShift) []CoveragePoint {
	if len(reqs) == 0 && len(shifts) == 0 {
		return nil
	}
	var points []CoveragePoint
	for at := from; at.Before(to); at = at.Add(slot) {
		mid := at.Add(slot / 2)
		p := CoveragePoint{Start: at}
		for _, r := range reqs {
			end := r.IntervalStart.Add(time.Duration(r.IntervalSeconds) * time.Second)
			if !mid.Before(r.IntervalStart) && mid.Before(end) {
				p.Required += r.Scheduled
			}
		}
		for _, sh := range shifts {
			if mid.Before(sh.Start) || !mid.Before(sh.End) {
				continue
			}
			onBreak := false
			for _, b := range sh.Breaks {
				if !mid.Before(b.Start) && mid.Before(b.End) {
					onBreak = true
				}
			}
			for _, a := range sh.Activities {
				if !mid.Before(a.Start) && mid.Before(a.End) {
					onBreak = true // in a meeting or training: off the queues
				}
			}
			if !onBreak {
				p.Scheduled++
			}
		}
		points = append(points, p)
	}
	return points
}

// rosterWeek is the week (Monday to Sunday) holding day: agents in scope
// at the site by day, each cell the shift and its hours.
func (p *pages) rosterWeek(ctx context.Context, pr *auth.Principal, b rosterBoard, day time.Time, names map[int64]string, t Translator) (*RosterWeek, error) {
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	sunday := monday.AddDate(0, 0, 6)
	first, last := civil.Of(monday, monday.Location()), civil.Of(sunday, sunday.Location())
	shifts, err := p.boardShifts(ctx, b, pr.Scope, first, last)
	if err != nil {
		return nil, err
	}
	periods := []store.ScheduleVersion{}
	if b.version != nil {
		periods = append(periods, *b.version)
	} else if periods, err = p.store.ListScheduleVersions(ctx, pr.Scope, store.ScheduleFilter{SiteID: b.siteID, Status: store.SchedulePublished,
		From: first, To: last.AddDays(1)}); err != nil {
		return nil, err
	}
	w := weekView(shifts, b.siteID, monday, day, names, b.link, t)
	for i := range w.Days {
		date := first.AddDays(i)
		for _, v := range periods {
			if !v.StartDate.After(date) && date.Before(v.EndDate()) {
				w.Days[i].Rostered = true
			}
		}
	}
	return w, nil
}

// weekView lays shifts out as agents by the seven days from monday.
func weekView(shifts []store.AgentShift, siteID int64, monday, day time.Time, names map[int64]string, link func(time.Time) string, t Translator) *RosterWeek {
	w := &RosterWeek{}
	col := map[civil.Date]int{}
	for i := 0; i < 7; i++ {
		d := monday.AddDate(0, 0, i)
		col[civil.Of(d, d.Location())] = i
		w.Days = append(w.Days, WeekDay{Label: t.DayDate(d), URL: link(d), Today: d.Equal(day)})
	}
	row := map[int64]int{}
	for _, sh := range shifts {
		j, ok := col[sh.Date]
		if sh.SiteID != siteID || !ok {
			continue
		}
		i, seen := row[sh.AgentID]
		if !seen {
			i = len(w.Rows)
			row[sh.AgentID] = i
			w.Rows = append(w.Rows, WeekRow{Agent: names[sh.AgentID], Cells: make([]string, 7)})
		}
		w.Rows[i].Cells[j] = sh.Shift + " " + t.Time(sh.Start) + "–" + t.Time(sh.End)
	}
	sort.SliceStable(w.Rows, func(a, b int) bool { return w.Rows[a].Agent < w.Rows[b].Agent })
	return w
}
