package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
)

// TimeOffView is a time-off request as a page shows it.
type TimeOffView struct {
	ID, Version int64
	Agent       string
	From, To    civil.Date
	Kind, Note  string // Kind translated
	Status      string // pending, approved, waitlisted, refused, cancelled: a CSS class and a message key suffix
	StatusText  string // translated
	CanCancel   bool
	CanDecide   bool
}

// TimeOffForm is the agent's request form, kept after a refused submit.
type TimeOffForm struct {
	From, To, Kind, Note string
	Kinds                []Option
	Error                string // translated
}

// RequestsData is the data of the "requests" page (supervisors).
type RequestsData struct {
	Open    []TimeOffView // pending and waitlisted: to decide
	Decided []TimeOffView // the rest, newest last
	Swaps   []SwapView    // newest first
	Teams   []TeamAllowanceView
}

// TeamAllowanceView is one team's time-off allowance as the requests page
// shows it: the default, the dated exceptions and the next two weeks.
type TeamAllowanceView struct {
	ID      int64
	Name    string
	Default string // "" when the team has none (every request waits for the supervisor)
	Dated   []store.TimeOffAllowance
	Days    []rostering.TimeOffDay
}

// allowanceDays is how far ahead the requests page shows each team's room.
const allowanceDays = 14

func timeOffKinds(t Translator, selected string) []Option {
	var out []Option
	for _, k := range store.TimeOffKinds {
		out = append(out, Option{Value: k, Label: t.T("timeoff.kind." + k), Selected: k == selected})
	}
	return out
}

func timeOffView(r store.TimeOffRequest, agent string, t Translator) TimeOffView {
	return TimeOffView{
		ID: r.ID, Version: r.Version, Agent: agent, From: r.StartDate, To: r.EndDate,
		Kind: t.T("timeoff.kind." + r.Kind), Note: r.Note, Status: r.Status, StatusText: t.T("timeoff.status." + r.Status),
		CanCancel: r.Status == store.RequestPending || r.Status == store.RequestWaitlisted || r.Status == store.RequestApproved,
		CanDecide: r.Status == store.RequestPending || r.Status == store.RequestWaitlisted,
	}
}

// myTimeOff lists the agent's own requests (scope: herself).
func (p *pages) myTimeOff(ctx context.Context, pr *auth.Principal, t Translator) ([]TimeOffView, error) {
	if pr.Scope.AgentID == 0 {
		return nil, nil
	}
	rs, err := p.store.ListTimeOff(ctx, pr.Scope, store.TimeOffFilter{AgentID: pr.Scope.AgentID})
	if err != nil {
		return nil, err
	}
	var out []TimeOffView
	for _, r := range rs {
		out = append(out, timeOffView(r, "", t))
	}
	return out, nil
}

// requestRefusal is how the schedule page answers an agent's refused
// request (time off, a swap): its status and what it says, by the
// refusal's code (invalid; no such roster, "" to leave it to the error
// page; conflict); ok false for an error it does not word (the error page
// answers then).
func requestRefusal(err error, invalid, notFound, conflict string) (status int, key string, ok bool) {
	switch fault.CodeOf(err) {
	case fault.Invalid:
		return http.StatusUnprocessableEntity, invalid, true
	case fault.NotFound:
		return http.StatusUnprocessableEntity, notFound, notFound != ""
	case fault.Conflict:
		return http.StatusConflict, conflict, true
	}
	return 0, "", false
}

// requestTimeOff records the agent's request; the store approves it at
// once when the team's allowance has room, else waitlists it.
func (p *pages) requestTimeOff(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	if pr.Scope.AgentID == 0 {
		p.problem(c, pg, refuse(fault.Invalid, "schedule.not_agent"))
		return
	}
	bad := fault.FieldErrors{}
	r := store.TimeOffRequest{AgentID: pr.Scope.AgentID, StartDate: postedDay(c, "from", "start_date", bad),
		EndDate: postedDay(c, "to", "end_date", bad), Kind: c.PostForm("kind"), Note: strings.TrimSpace(c.PostForm("note"))}
	err := bad.Err("time off request")
	if err == nil {
		err = rostering.RequestTimeOff(ctx, p.store, pr.Actor(), pr.Scope, &r)
	}
	if err != nil {
		status, key, ok := requestRefusal(err, "timeoff.error.invalid", "", "timeoff.error.overlap")
		if !ok {
			p.problem(c, pg, err)
			return
		}
		var se *fault.Error
		if key == "timeoff.error.invalid" && errors.As(err, &se) && len(se.Fields) == 1 && se.Fields["note"] != "" {
			key = "timeoff.error.note" // the dates are fine: say so
		}
		form := TimeOffForm{From: strings.TrimSpace(c.PostForm("from")), To: strings.TrimSpace(c.PostForm("to")), Kind: r.Kind, Note: r.Note, Error: pg.T(key) + fieldProblems(err, pg.Translator)}
		p.renderSchedule(c, pg, status, form)
		return
	}
	c.Redirect(http.StatusSeeOther, PathMySchedule+"?time_off="+r.Status)
}

func (p *pages) cancelTimeOff(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, version := postedIDVersion(c)
	if _, err := rostering.CancelTimeOff(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathMySchedule+"?time_off=cancelled")
}

// requests is the supervisor's list of her teams' time-off requests.
func (p *pages) requests(c *gin.Context, pg Page) {
	data, err := p.requestsData(c.Request.Context(), pg, auth.Current(c))
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Flashes = append(pg.Flashes, requestsFlashes(c.Request.URL.Query(), pg)...)
	pg.Title = pg.T("nav.requests")
	pg.Data = data
	p.write(c, http.StatusOK, "requests", pg)
}

// requestsData is the requests in scope (open first), the swaps and the
// teams' allowances.
func (p *pages) requestsData(ctx context.Context, pg Page, pr *auth.Principal) (RequestsData, error) {
	var data RequestsData
	rs, err := p.store.ListTimeOff(ctx, pr.Scope, store.TimeOffFilter{})
	if err != nil {
		return data, err
	}
	names, _, err := p.agentNames(ctx, pr.Scope)
	if err != nil {
		return data, err
	}
	for _, r := range rs {
		v := timeOffView(r, names[r.AgentID], pg.Translator)
		if v.CanDecide {
			data.Open = append(data.Open, v)
		} else {
			data.Decided = append(data.Decided, v)
		}
	}
	if data.Swaps, _, _, err = p.swapsOf(ctx, pr, pg.Translator); err != nil {
		return data, err
	}
	data.Teams, err = p.teamAllowances(ctx, pr)
	return data, err
}

// requestsFlashes say what the redirect to the page was done for: an
// allowance set, a swap or a request decided.
func requestsFlashes(q url.Values, pg Page) []Flash {
	var out []Flash
	if q.Get("allowance") == "set" {
		out = append(out, Flash{Kind: "success", Message: pg.T("timeoff.allowance.saved")})
	}
	switch s := q.Get("swap"); s {
	case store.RequestApproved, store.RequestRefused:
		out = append(out, Flash{Kind: "success", Message: pg.T("swap.decided." + s)})
	}
	switch s := q.Get("done"); s {
	case store.RequestApproved, store.RequestRefused:
		out = append(out, Flash{Kind: "success", Message: pg.T("timeoff.decided." + s)})
	}
	return out
}

func (p *pages) decideTimeOff(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, version := postedIDVersion(c)
	status := c.PostForm("status")
	if _, err := rostering.DecideTimeOff(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version, status); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathRequests+"?done="+status)
}

// teamAllowances is the allowance and the next days' room of every team in
// the supervisor's scope.
func (p *pages) teamAllowances(ctx context.Context, pr *auth.Principal) ([]TeamAllowanceView, error) {
	teams, err := p.store.ListTeams(ctx, pr.Scope)
	if err != nil {
		return nil, err
	}
	now := p.now()
	today := civil.Of(now, now.Location())
	var out []TeamAllowanceView
	for _, team := range teams {
		v := TeamAllowanceView{ID: team.ID, Name: team.Name}
		rows, err := p.store.ListTimeOffAllowances(ctx, pr.Scope, team.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			switch {
			case r.Date.IsZero():
				v.Default = strconv.Itoa(r.Allowed)
			case !r.Date.Before(today):
				v.Dated = append(v.Dated, r)
			}
		}
		if v.Days, err = rostering.TimeOffCalendar(ctx, p.store, pr.Scope, team.ID, today, allowanceDays); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// setAllowance sets a team's default allowance (date empty) or one date's.
func (p *pages) setAllowance(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	teamID, _ := strconv.ParseInt(c.PostForm("team_id"), 10, 64)
	allowed, err := strconv.Atoi(strings.TrimSpace(c.PostForm("allowed")))
	if err != nil {
		p.problem(c, pg, refuse(fault.Invalid, "timeoff.allowance.invalid"))
		return
	}
	bad := fault.FieldErrors{}
	date := postedDay(c, "date", "date", bad)
	if len(bad) > 0 {
		p.problem(c, pg, refuse(fault.Invalid, "timeoff.allowance.invalid"))
		return
	}
	if err := p.store.SetTimeOffAllowance(c.Request.Context(), pr.Actor(), pr.Scope, teamID, date, allowed); err != nil {
		if fault.CodeOf(err) == fault.Invalid {
			p.problem(c, pg, refuse(fault.Invalid, "timeoff.allowance.invalid"))
			return
		}
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathRequests+"?allowance=set#allowances")
}
