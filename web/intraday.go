package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/batch"
	"wfm/fault"
	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
)

// IntradayData is the data of the "intraday" page: one team's day, each
// agent's schedule against her states, her adherence and the team's.
type IntradayData struct {
	Teams                      []Option
	Day                        time.Time // local midnight of the day shown
	Date                       string    // the day as the date input holds it (as typed when refused)
	Min, Max                   kpi.Date  // the days the page shows
	PrevURL, NextURL, TodayURL string
	Problem                    string // why the day or team asked for is refused ("" when fine)
	Notice                     string // what the reader must know to read the day (no roster)
	// Live is the day being lived (the "now" columns); Future a day to
	// come (the schedule alone).
	Live, Future bool
	When         string // what the numbers cover: up to now, the whole day, nothing yet
	Threshold    string
	Tiles        []IntradayTile
	Timeline     Timeline
	Agents       []IntradayRow
	HasTeam      bool // a team was found and computed (else only the form)
	// The filters and the order of the agents' rows: ?state= (a state, or
	// "none"), ?skill= (a skill id), ?sort= (status, out, name).
	States, Skills, Sorts []Option
	Shown, Total          int    // rows shown after the filters, agents of the team
	LiveURL               string // the board's stream on the day being lived ("" otherwise)
}

// IntradayRow is one agent's line, ready to show.
type IntradayRow struct {
	Agent, Name string
	Status      string // kpi.AdherenceStatus: a CSS class, status-<status>
	StatusText  string
	Detail      string // scheduled vs doing, when out of adherence
	Scheduled   string // now: the activity and until when
	State       string // now: the state and since when
	Shift       string // the day's shift, "Day off", or the leave
	Adherence   string
	OutMinutes  string
	Conformance string
}

// IntradayTile is one number of the team's day. Kind colours it: "good",
// "bad", or "neutral" for a count that is neither (no target says so).
type IntradayTile struct {
	Label, Value, Kind string
}

// statusOrder puts the agents who need the supervisor first.
var statusOrder = []kpi.AdherenceStatus{kpi.StatusOutOfAdherence, kpi.StatusNotLoggedIn, kpi.StatusUnscheduled,
	kpi.StatusInAdherence, kpi.StatusOffShift, kpi.StatusScheduled, kpi.StatusOnLeave, kpi.StatusDayOff, kpi.StatusNoRoster}

// stateSpanKind is the timeline kind of an agent state: state_<state>.
func stateSpanKind(s string) string { return "state_" + s }

// intraday is one team's day: ?team= (default her first team), ?day=
// (default today at the team's site).
func (p *pages) intraday(c *gin.Context, pg Page) {
	pg.Title = pg.T("nav.intraday")
	data, status, err := p.intradayData(c.Request.Context(), &pg, auth.Current(c), c.Request.URL.Query())
	switch {
	case fault.CodeOf(err) == fault.NotFound:
		p.problem(c, pg, refuse(fault.NotFound, "intraday.no_such_team"))
	case err != nil:
		p.problem(c, pg, err)
	default:
		pg.Data = data
		p.write(c, status, "intraday", pg)
	}
}

// intradayData is the page's data and status: 400 with the form and the
// problem for a day that is not a date or outside the window.
func (p *pages) intradayData(ctx context.Context, pg *Page, pr *auth.Principal, q url.Values) (IntradayData, int, error) {
	var data IntradayData
	team, err := p.intradayTeam(ctx, pr, q.Get("team"), &data)
	if err != nil || team == nil {
		if err == nil {
			data.Notice = pg.T("intraday.no_teams")
		}
		return data, http.StatusOK, err
	}
	site, loc, err := p.site(ctx, team.SiteID)
	if err != nil {
		return data, 0, err
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	now := p.now()
	w := intradayWindow(team.ID, kpi.DateOf(now, loc), &data)
	day, ok := w.day(q.Get("day"), &data, pg.Translator)
	if !ok {
		return data, http.StatusBadRequest, nil
	}
	v, err := measure.RealTime(ctx, p.store, measure.RealTimeQuery{Scope: pr.Scope, TeamID: team.ID, At: now, Day: day, Threshold: measure.AdherenceThreshold})
	if outOfWindow(err) {
		data.Problem = pg.T("intraday.day_out_of_window", pg.Date(w.first.Start(loc)), pg.Date(w.last.Start(loc)))
		return data, http.StatusBadRequest, nil
	}
	if err != nil {
		return data, 0, err
	}
	w.show(day, loc, &data)
	f, err := p.intradayFilter(ctx, pr, team.ID, q, &data, pg.Translator)
	if err != nil {
		return data, 0, err
	}
	if err := intradayView(&data, v, day.AddDays(1).Start(loc), now, site.Name, pg.Translator, f); err != nil {
		return data, 0, err
	}
	data.LiveURL = liveURL(data.Live, team.ID, day, q)
	return data, http.StatusOK, nil
}

// intradayDays are the days a team's board shows (today's window) and
// the link to one of them.
type intradayDays struct {
	teamID             int64
	today, first, last kpi.Date
}

// intradayWindow is the board's window around today, with its bounds
// and today's link in data.
func intradayWindow(teamID int64, today kpi.Date, data *IntradayData) intradayDays {
	w := intradayDays{teamID: teamID, today: today}
	w.first, w.last = measure.IntradayDays(today)
	data.Min, data.Max = w.first, w.last
	data.TodayURL = w.link(today)
	return w
}

func (w intradayDays) link(d kpi.Date) string {
	return PathIntraday + "?" + url.Values{"team": {strconv.FormatInt(w.teamID, 10)}, "day": {d.String()}}.Encode()
}

// day is the day asked for (today when none); false, with the problem in
// data, when it is not a date.
func (w intradayDays) day(asked string, data *IntradayData, t Translator) (kpi.Date, bool) {
	data.Date = asked
	if asked == "" {
		return w.today, true
	}
	day, err := kpi.ParseDate(asked)
	if err != nil {
		data.Problem = t.T("intraday.bad_day", asked)
		return day, false
	}
	return day, true
}

// show puts the day shown in data, with the links to the days either
// side within the window.
func (w intradayDays) show(day kpi.Date, loc *time.Location, data *IntradayData) {
	data.Date, data.Day, data.HasTeam = day.String(), day.Start(loc), true
	if w.first.Before(day) {
		data.PrevURL = w.link(day.AddDays(-1))
	}
	if day.Before(w.last) {
		data.NextURL = w.link(day.AddDays(1))
	}
}

// outOfWindow reports whether the use case refused the day as outside
// the board's window.
func outOfWindow(err error) bool {
	var se *fault.Error
	return fault.CodeOf(err) == fault.Invalid && errors.As(err, &se) && se.Fields["day"] != ""
}

// liveURL is the stream of a team's board on the day being lived, with
// the page's filters ("" for a day not live).
func liveURL(live bool, teamID int64, day kpi.Date, q url.Values) string {
	if !live {
		return ""
	}
	v := url.Values{"team": {strconv.FormatInt(teamID, 10)}, "day": {day.String()}}
	for _, k := range []string{"state", "skill", "sort"} {
		if f := q.Get(k); f != "" {
			v.Set(k, f)
		}
	}
	return PathIntraday + "/live?" + v.Encode()
}

// intradayFilter is which agents the rows show and in what order.
type intradayFilter struct {
	state string         // "" for all, "none" for no state received
	agent map[int64]bool // nil for all; else the agents with the skill asked for
	sort  string         // status (who needs the supervisor first), out (minutes out, most first), name
}

func (f intradayFilter) keep(a measure.RealTimeAgent) bool {
	switch {
	case f.agent != nil && !f.agent[a.AgentID]:
		return false
	case f.state == "none":
		return a.State == ""
	case f.state != "":
		return a.State == f.state
	}
	return true
}

// intradayFilter reads the filters (an unknown value shows everyone, as
// a stale bookmark should) and fills in their options.
func (p *pages) intradayFilter(ctx context.Context, pr *auth.Principal, teamID int64, q url.Values, d *IntradayData, t Translator) (intradayFilter, error) {
	f := intradayFilter{sort: "status"}
	d.States = []Option{pick("", t.T("intraday.filter.all_states"), q.Get("state")), pick("none", t.T("intraday.state.none"), q.Get("state"))}
	for _, s := range batch.States {
		d.States = append(d.States, pick(s, t.T("intraday.state."+s), q.Get("state")))
		if s == q.Get("state") {
			f.state = s
		}
	}
	if q.Get("state") == "none" {
		f.state = "none"
	}
	for _, s := range []string{"status", "out", "name"} {
		d.Sorts = append(d.Sorts, pick(s, t.T("intraday.sort."+s), q.Get("sort")))
		if s == q.Get("sort") {
			f.sort = s
		}
	}
	var err error
	f.agent, err = p.skillFilter(ctx, pr, teamID, q.Get("skill"), d, t)
	return f, err
}

// pick is an option of a filter, selected when it is the value asked for.
func pick(value, label, want string) Option {
	return Option{Value: value, Label: label, Selected: value == want}
}

// skillFilter fills in the skill filter's options and is the team's
// agents with the skill asked for (nil: no skill asked for, everyone).
func (p *pages) skillFilter(ctx context.Context, pr *auth.Principal, teamID int64, asked string, d *IntradayData, t Translator) (map[int64]bool, error) {
	skills, err := p.store.ListSkills(ctx)
	if err != nil {
		return nil, err
	}
	d.Skills = []Option{pick("", t.T("intraday.filter.all_skills"), asked)}
	for _, sk := range skills {
		d.Skills = append(d.Skills, pick(strconv.FormatInt(sk.ID, 10), sk.Name, asked))
	}
	want, _ := strconv.ParseInt(asked, 10, 64)
	if want <= 0 {
		return nil, nil
	}
	agents, err := p.store.ListAgents(ctx, pr.Scope)
	if err != nil {
		return nil, err
	}
	with := map[int64]bool{}
	for _, a := range agents {
		for _, s := range a.Skills {
			if a.TeamID == teamID && s.SkillID == want {
				with[a.ID] = true
			}
		}
	}
	return with, nil
}

// intradayTeam is the team asked for (want, "" for her first) among the
// caller's, with the picker's options in data; nil when she has none. A
// team that exists but is not hers is forbidden, as the API says; one
// that does not exist (or a bad id) is not found.
func (p *pages) intradayTeam(ctx context.Context, pr *auth.Principal, want string, data *IntradayData) (*store.Team, error) {
	teams, err := p.store.ListTeams(ctx, pr.Scope)
	if err != nil || len(teams) == 0 {
		return nil, err
	}
	team := &teams[0]
	if want != "" {
		id, err := strconv.ParseInt(want, 10, 64)
		if err != nil {
			return nil, fault.Errorf(fault.NotFound, "team %q", want)
		}
		team = nil
		for i := range teams {
			if teams[i].ID == id {
				team = &teams[i]
			}
		}
		if team == nil {
			if _, err := p.store.GetTeam(ctx, id); err != nil {
				return nil, err
			}
			return nil, fault.Errorf(fault.Forbidden, "team %d is not in your scope", id)
		}
	}
	for _, t := range teams {
		data.Teams = append(data.Teams, Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name, Selected: t.ID == team.ID})
	}
	return team, nil
}

// intradayView fills in the day's rows, timeline and team tiles from the
// store's view of the day [d.Day, end) at now, at the site named site
// (whose zone the translator has).
func intradayView(d *IntradayData, v *measure.RealTimeAdherence, end, now time.Time, site string, t Translator, f intradayFilter) error {
	d.Live = !now.Before(d.Day) && now.Before(end)
	d.Future = now.Before(d.Day)
	switch {
	case d.Live:
		d.When = t.T("intraday.live", t.Time(now), site)
	case d.Future:
		d.When = t.T("intraday.future", site)
	default:
		d.When = t.T("intraday.past", site)
	}
	d.Threshold = thresholdText(v.ThresholdSeconds, t)
	if v.Statuses[string(kpi.StatusNoRoster)] > 0 {
		d.Notice = t.T("intraday.no_roster")
	}
	var agents []measure.RealTimeAgent
	for _, a := range v.Agents {
		if f.keep(a) {
			agents = append(agents, a)
		}
	}
	d.Shown, d.Total = len(agents), len(v.Agents)
	sortIntradayAgents(agents, f.sort, end)
	var rows []TimelineRow
	for _, a := range agents {
		r, tr := intradayRow(a, d.Live, now, t)
		d.Agents = append(d.Agents, r)
		rows = append(rows, tr)
	}
	tl, err := NewTimeline(d.Day, end, 2, rows, t)
	if err != nil {
		return err
	}
	d.Timeline = tl
	d.Tiles = intradayTiles(v, d.Future, t)
	return nil
}

// sortIntradayAgents orders the board's agents: by name, by minutes out
// of adherence (most first), else by status (out of adherence first),
// then by when their day starts and by name.
func sortIntradayAgents(agents []measure.RealTimeAgent, by string, end time.Time) {
	rank := map[string]int{}
	for i, s := range statusOrder {
		rank[string(s)] = i
	}
	firstStart := func(a measure.RealTimeAgent) time.Time {
		if len(a.Activities) == 0 {
			return end
		}
		return a.Activities[0].Start
	}
	sort.SliceStable(agents, func(i, j int) bool {
		a, b := agents[i], agents[j]
		switch by {
		case "name":
			return a.Name < b.Name
		case "out":
			if a.OutOfAdherenceMinutes != b.OutOfAdherenceMinutes {
				return a.OutOfAdherenceMinutes > b.OutOfAdherenceMinutes
			}
		}
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		if !firstStart(a).Equal(firstStart(b)) {
			return firstStart(a).Before(firstStart(b))
		}
		return a.Name < b.Name
	})
}

// intradayRow is an agent's row of the table and of the timeline: what
// she should do and does now (live days only), her shift, her activities,
// states and runs out of adherence, and her ratios.
func intradayRow(a measure.RealTimeAgent, live bool, now time.Time, t Translator) (IntradayRow, TimelineRow) {
	r := IntradayRow{Agent: a.Agent, Name: a.Name, Status: a.Status, StatusText: t.T("intraday.status." + a.Status),
		Shift: shiftText(a, t), Adherence: noValue, OutMinutes: noValue, Conformance: noValue}
	if a.Status == string(kpi.StatusOutOfAdherence) {
		r.Detail = t.T("intraday.detail.out", activityText(a.Scheduled, t), stateText(a.State, t))
	}
	if live {
		r.Scheduled, r.State = nowTexts(a, t)
	}
	if a.ScheduledSeconds > 0 {
		r.OutMinutes = t.Number(a.OutOfAdherenceMinutes, 0)
	}
	if a.Adherence != nil {
		r.Adherence = t.Percent(*a.Adherence, 1)
	}
	if a.Conformance != nil {
		r.Conformance = t.Percent(*a.Conformance, 1)
	}
	return r, TimelineRow{Label: a.Name, Note: r.StatusText, Spans: agentSpans(a, live, now)}
}

func activityText(k string, t Translator) string { return t.T("intraday.activity." + k) }

func stateText(s string, t Translator) string {
	if s == "" {
		return t.T("intraday.state.none")
	}
	return t.T("intraday.state." + s)
}

// nowTexts are what the agent should be doing now (until when) and what
// she is doing (since when).
func nowTexts(a measure.RealTimeAgent, t Translator) (scheduled, state string) {
	scheduled, state = activityText("none", t), stateText(a.State, t)
	if a.Scheduled != "" {
		scheduled = activityText(a.Scheduled, t)
		if a.ScheduledUntil != nil {
			scheduled += " " + t.T("intraday.detail.until", t.Time(*a.ScheduledUntil))
		}
	}
	if a.StateSince != nil {
		state += " " + t.T("intraday.detail.since", t.Time(*a.StateSince))
	}
	return scheduled, state
}

// shiftText is the agent's day: her shift's hours, her leave, no roster,
// or a day off.
func shiftText(a measure.RealTimeAgent, t Translator) string {
	if first, last, ok := activityBounds(a.Activities); ok {
		return t.T("schedule.shift_time", t.Time(first), t.Time(last))
	}
	switch {
	case a.Leave != "":
		return t.T("intraday.leave", t.T("timeoff.kind."+a.Leave))
	case a.Status == string(kpi.StatusNoRoster):
		return t.T("intraday.status.no_roster")
	}
	return t.T("roster.day_off")
}

// agentSpans are the agent's timeline: her activities, her states, her
// runs out of adherence, and on a live day a mark where now is.
func agentSpans(a measure.RealTimeAgent, live bool, now time.Time) []Span {
	var spans []Span
	for _, s := range a.Activities {
		kind := s.Kind
		if kind == string(kpi.ActivityWork) {
			kind = "shift"
		}
		spans = append(spans, Span{Kind: kind, Start: s.Start, End: s.End})
	}
	for _, s := range a.States {
		spans = append(spans, Span{Kind: stateSpanKind(s.Kind), Start: s.Start, End: s.End})
	}
	for _, s := range a.OutOfAdherenceRuns {
		spans = append(spans, Span{Kind: "out", Start: s.Start, End: s.End})
	}
	if live {
		// A mark a minute wide (drawn at least 2 pixels) where now is.
		spans = append(spans, Span{Kind: "now", Start: now, End: now.Add(time.Minute)})
	}
	return spans
}

// intradayTiles are the day's counts above the table: agents, scheduled,
// each status met, and (from the day's start) adherence, minutes out and
// conformance.
func intradayTiles(v *measure.RealTimeAdherence, future bool, t Translator) []IntradayTile {
	scheduled := 0
	for _, a := range v.Agents {
		if len(a.Activities) > 0 {
			scheduled++
		}
	}
	tiles := []IntradayTile{{t.T("intraday.tile.agents"), strconv.Itoa(len(v.Agents)), "neutral"}, {t.T("intraday.tile.scheduled"), strconv.Itoa(scheduled), "neutral"}}
	for _, s := range statusOrder {
		n := v.Statuses[string(s)]
		if n == 0 {
			continue
		}
		kind := "neutral"
		if s.Out() {
			kind = "bad"
		} else if s == kpi.StatusInAdherence {
			kind = "good"
		}
		tiles = append(tiles, IntradayTile{t.T("intraday.status." + string(s)), strconv.Itoa(n), kind})
	}
	if future {
		return tiles
	}
	ratio := func(r *float64) string {
		if r == nil {
			return noValue
		}
		return t.Percent(*r, 1)
	}
	out := noValue
	if v.ScheduledSeconds > 0 {
		out = t.Number(v.OutOfAdherenceSeconds/60, 0)
	}
	return append(tiles, IntradayTile{t.T("intraday.tile.adherence"), ratio(v.Adherence), "neutral"},
		IntradayTile{t.T("intraday.tile.out_minutes"), out, "neutral"}, IntradayTile{t.T("intraday.tile.conformance"), ratio(v.Conformance), "neutral"})
}

// thresholdText says which runs out of adherence count: a zero threshold
// forgives nothing.
func thresholdText(seconds float64, t Translator) string {
	if seconds == 0 {
		return t.T("intraday.threshold_zero")
	}
	return t.T("intraday.threshold", t.Seconds(seconds))
}

// activityBounds is the first start and last end of a day's activities.
func activityBounds(spans []measure.RealTimeSpan) (first, last time.Time, ok bool) {
	for i, s := range spans {
		if i == 0 || s.Start.Before(first) {
			first = s.Start
		}
		if i == 0 || s.End.After(last) {
			last = s.End
		}
	}
	return first, last, len(spans) > 0
}

// liveBoardMaxAge ends a board's stream now and then: the browser's
// EventSource opens a new one, so that no stream outlives a deploy or a
// session by much.
const liveBoardMaxAge = 15 * time.Minute

// liveBoardRedraw is how often a live board is redrawn without news: the
// minutes out of adherence grow by themselves.
const liveBoardRedraw = 30 * time.Second

// intradayLive streams the intraday board of the day being lived as
// server-sent events: a "board" event with the board's HTML whenever the
// live feed changes a state of one of the team's agents (the team's feed
// mark, which every replica sees), and every liveBoardRedraw anyway. The
// page's script swaps it in; without script the page is as it was.
func (p *pages) intradayLive(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	q := c.Request.URL.Query()
	teamID, _ := strconv.ParseInt(q.Get("team"), 10, 64)
	// The first answer is a normal one, so that a refusal is a status.
	data, status, err := p.intradayData(ctx, &pg, pr, q)
	if err == nil && (status != http.StatusOK || !data.Live || teamID == 0) {
		err = refuse(fault.Invalid, "intraday.not_live")
	}
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // a proxy must pass each event on at once
	c.Status(http.StatusOK)
	p.streamBoard(c, pg, pr, teamID)
}

// streamBoard sends the board whenever the team's feed mark moves, and
// every liveBoardRedraw, until the day is over, the stream is old or the
// reader has gone.
func (p *pages) streamBoard(c *gin.Context, pg Page, pr *auth.Principal, teamID int64) {
	ctx := c.Request.Context()
	began, drawn := time.Now(), time.Time{}
	mark := int64(-1)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		m, err := p.store.FeedMark(ctx, teamID)
		if err != nil {
			p.log.Warn("live board: feed mark", "team", teamID, "err", err)
			return
		}
		if m != mark || time.Since(drawn) >= liveBoardRedraw {
			if !p.sendBoard(c, pg, pr, teamID) {
				return
			}
			mark, drawn = m, time.Now()
		}
		if time.Since(began) > liveBoardMaxAge {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// sendBoard sends the board as it is now as a "board" event; false when
// the stream is to end (an error, or midnight passed: the day is over).
func (p *pages) sendBoard(c *gin.Context, page Page, pr *auth.Principal, teamID int64) bool {
	data, _, err := p.intradayData(c.Request.Context(), &page, pr, c.Request.URL.Query())
	if err != nil {
		p.log.Warn("live board: redraw", "team", teamID, "err", err)
		return false
	}
	page.Data = data
	var buf bytes.Buffer
	if err := p.rend.RenderFragment(&buf, "intraday", "intraday_board", page); err != nil {
		p.log.Error("live board: render", "err", err)
		return false
	}
	writeEvent(c.Writer, "board", buf.String())
	c.Writer.Flush()
	return data.Live
}

// writeEvent writes one server-sent event; each line of data is a data
// field (the browser joins them with newlines).
func writeEvent(w io.Writer, name, data string) {
	var b strings.Builder
	b.WriteString("event: " + name + "\n")
	for _, line := range strings.Split(data, "\n") {
		b.WriteString("data: " + strings.TrimRight(line, "\r") + "\n")
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}
