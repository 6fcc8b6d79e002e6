package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/fault"
	"wfm/kpi"
	"wfm/store"
)

// IntradayData is the data of the "intraday" page: one team's day, each
// agent's schedule against her states, her adherence and the team's.
type IntradayData struct {
	Teams                      []Option
	Day                        time.Time // local midnight of the day shown
	Date                       string    // the day as the date input holds it (as typed when refused)
	Min, Max                   string    // the days the page shows
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
	today := kpi.DateOf(now, loc)
	first, last := store.IntradayDays(today)
	data.Min, data.Max = first.String(), last.String()
	link := func(d kpi.Date) string {
		return PathIntraday + "?" + url.Values{"team": {strconv.FormatInt(team.ID, 10)}, "day": {d.String()}}.Encode()
	}
	data.TodayURL = link(today)

	day := today
	if data.Date = q.Get("day"); data.Date != "" {
		if day, err = kpi.ParseDate(data.Date); err != nil {
			data.Problem = pg.T("intraday.bad_day", data.Date)
			return data, http.StatusBadRequest, nil
		}
	}
	v, err := p.store.RealTimeAdherence(ctx, store.RealTimeQuery{Scope: pr.Scope, TeamID: team.ID, At: now, Day: day, Threshold: store.AdherenceThreshold})
	var se *fault.Error
	if fault.CodeOf(err) == fault.Invalid && errors.As(err, &se) && se.Fields["day"] != "" {
		data.Problem = pg.T("intraday.day_out_of_window", pg.Date(first.Start(loc)), pg.Date(last.Start(loc)))
		return data, http.StatusBadRequest, nil
	}
	if err != nil {
		return data, 0, err
	}
	data.Date, data.Day, data.HasTeam = day.String(), day.Start(loc), true
	if first.Before(day) {
		data.PrevURL = link(day.AddDays(-1))
	}
	if day.Before(last) {
		data.NextURL = link(day.AddDays(1))
	}
	return data, http.StatusOK, intradayView(&data, v, day.AddDays(1).Start(loc), now, site.Name, pg.Translator)
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
func intradayView(d *IntradayData, v *store.RealTimeAdherence, end, now time.Time, site string, t Translator) error {
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
	agents := append([]store.RealTimeAgent(nil), v.Agents...)
	rank := map[string]int{}
	for i, s := range statusOrder {
		rank[string(s)] = i
	}
	firstStart := func(a store.RealTimeAgent) time.Time {
		if len(a.Activities) == 0 {
			return end
		}
		return a.Activities[0].Start
	}
	sort.SliceStable(agents, func(i, j int) bool {
		a, b := agents[i], agents[j]
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		if !firstStart(a).Equal(firstStart(b)) {
			return firstStart(a).Before(firstStart(b))
		}
		return a.Name < b.Name
	})

	activity := func(k string) string { return t.T("intraday.activity." + k) }
	state := func(s string) string {
		if s == "" {
			return t.T("intraday.state.none")
		}
		return t.T("intraday.state." + s)
	}
	var rows []TimelineRow
	scheduled := 0
	for _, a := range agents {
		r := IntradayRow{Agent: a.Agent, Name: a.Name, Status: a.Status, StatusText: t.T("intraday.status." + a.Status),
			Adherence: noValue, OutMinutes: noValue, Conformance: noValue}
		if a.Status == string(kpi.StatusOutOfAdherence) {
			r.Detail = t.T("intraday.detail.out", activity(a.Scheduled), state(a.State))
		}
		if d.Live {
			r.Scheduled, r.State = activity("none"), state(a.State)
			if a.Scheduled != "" {
				r.Scheduled = activity(a.Scheduled)
				if a.ScheduledUntil != nil {
					r.Scheduled += " " + t.T("intraday.detail.until", t.Time(*a.ScheduledUntil))
				}
			}
			if a.StateSince != nil {
				r.State += " " + t.T("intraday.detail.since", t.Time(*a.StateSince))
			}
		}
		var spans []Span
		if first, last, ok := activityBounds(a.Activities); ok {
			scheduled++
			r.Shift = t.T("schedule.shift_time", t.Time(first), t.Time(last))
		} else if a.Leave != "" {
			r.Shift = t.T("intraday.leave", t.T("timeoff.kind."+a.Leave))
		} else if a.Status == string(kpi.StatusNoRoster) {
			r.Shift = t.T("intraday.status.no_roster")
		} else {
			r.Shift = t.T("roster.day_off")
		}
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
		if d.Live {
			// A mark a minute wide (drawn at least 2 pixels) where now is.
			spans = append(spans, Span{Kind: "now", Start: now, End: now.Add(time.Minute)})
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
		d.Agents = append(d.Agents, r)
		rows = append(rows, TimelineRow{Label: a.Name, Note: r.StatusText, Spans: spans})
	}
	tl, err := NewTimeline(d.Day, end, 2, rows, t)
	if err != nil {
		return err
	}
	d.Timeline = tl

	d.Tiles = []IntradayTile{{t.T("intraday.tile.agents"), strconv.Itoa(len(agents)), "neutral"}, {t.T("intraday.tile.scheduled"), strconv.Itoa(scheduled), "neutral"}}
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
		d.Tiles = append(d.Tiles, IntradayTile{t.T("intraday.status." + string(s)), strconv.Itoa(n), kind})
	}
	if !d.Future {
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
		d.Tiles = append(d.Tiles, IntradayTile{t.T("intraday.tile.adherence"), ratio(v.Adherence), "neutral"},
			IntradayTile{t.T("intraday.tile.out_minutes"), out, "neutral"}, IntradayTile{t.T("intraday.tile.conformance"), ratio(v.Conformance), "neutral"})
	}
	return nil
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
func activityBounds(spans []store.RealTimeSpan) (first, last time.Time, ok bool) {
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
