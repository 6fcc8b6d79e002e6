package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/fault"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
)

// ActivityData is the data of the "activity" page: a supervisor asks for
// a meeting, training or coaching in a roster version; the product finds
// where it costs the service least and, asked to, places it.
type ActivityData struct {
	ScheduleID, Version int64
	Status              string // the version's, translated
	Published           bool   // applying makes a new draft (or publishes, when asked)
	Kinds               []Option
	Teams               []Option // "" = none: the agents ticked
	Agents              []AgentChoice
	Title               string
	Duration            int
	From, To            string
	FromTime, ToTime    string
	Together, Publish   bool
	Error               string
	Result              *ActivityResultView
	BoardURL            string
}

// AgentChoice is an agent the supervisor may tick.
type AgentChoice struct {
	ID      int64
	Name    string
	Checked bool
}

// ActivityResultView is the plan (or what was applied), in the reader's
// words.
type ActivityResultView struct {
	Applied     bool
	ScheduleURL string // the version written
	ScheduleID  int64
	Placed      []rostering.AgentActivity
	Unplaced    []UnplacedView
	Cost        string
	Short       string // understaffed agent-minutes before -> after
	Intervals   []rostering.ActivityInterval
	Service     []ServiceView
	ServiceNote string
}

// ServiceView is a queue's simulated service level of a day, before and
// after the activity, as percentages.
type ServiceView struct {
	Queue, Date, Target, Before, After string
}

// UnplacedView is an agent who could not be placed, and why.
type UnplacedView struct {
	Name, Reason, Message string
}

func activityURL(id int64) string {
	return PathRoster + "/schedules/" + strconv.FormatInt(id, 10) + "/activity"
}

// activityForm reads the version and the agents and teams the supervisor
// may ask for (those of her teams at the version's site).
func (p *pages) activityForm(c *gin.Context, pg *Page, pr *auth.Principal) (ActivityData, *store.ScheduleVersion, error) {
	ctx := c.Request.Context()
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	v, err := rostering.GetSchedule(ctx, p.store, pr.Scope, id)
	if err != nil {
		return ActivityData{}, nil, err
	}
	_, loc, err := p.site(ctx, v.SiteID)
	if err != nil {
		return ActivityData{}, nil, err
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	d := ActivityData{ScheduleID: v.ID, Version: v.Version, Status: pg.T("schedule.status." + v.Status), Published: v.Status == store.SchedulePublished,
		Duration: 60, From: v.StartDate.String(), To: v.StartDate.AddDays(v.Days - 1).String(), Together: true,
		BoardURL: PathRoster + "/schedules/" + strconv.FormatInt(v.ID, 10)}
	if err := p.activityChoices(ctx, &d, pr.Scope, v.SiteID, pg.Translator); err != nil {
		return d, v, err
	}
	for _, k := range schedule.ActivityKinds {
		d.Kinds = append(d.Kinds, Option{Value: k, Label: pg.T("term." + k), Selected: k == schedule.ActivityMeeting})
	}
	return d, v, nil
}

// activityChoices are the teams of the site in scope and their active
// agents, to place an activity for.
func (p *pages) activityChoices(ctx context.Context, d *ActivityData, sc store.Scope, siteID int64, t Translator) error {
	teams, err := p.store.ListTeams(ctx, sc)
	if err != nil {
		return err
	}
	atSite := map[int64]bool{}
	d.Teams = append(d.Teams, Option{Value: "", Label: t.T("activity.team_none")})
	for _, team := range teams {
		if team.SiteID == siteID && sc.HasTeam(team.ID) {
			atSite[team.ID] = true
			d.Teams = append(d.Teams, Option{Value: strconv.FormatInt(team.ID, 10), Label: team.Name})
		}
	}
	agents, err := p.store.ListAgents(ctx, sc)
	if err != nil {
		return err
	}
	for _, a := range agents {
		if a.Active && atSite[a.TeamID] {
			d.Agents = append(d.Agents, AgentChoice{ID: a.ID, Name: a.Name})
		}
	}
	return nil
}

func (p *pages) activityPage(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	d, _, err := p.activityForm(c, &pg, pr)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	p.renderActivity(c, pg, http.StatusOK, d)
}

func (p *pages) renderActivity(c *gin.Context, pg Page, status int, d ActivityData) {
	pg.Title = pg.T("activity.title", d.ScheduleID)
	pg.Data = d
	p.write(c, status, "activity", pg)
}

// placeActivity plans the activity ("plan") or places it ("apply"), and
// shows the plan: where, what it costs, who could not be placed and why.
func (p *pages) placeActivity(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	d, v, err := p.activityForm(c, &pg, pr)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	r, err := readActivity(c)
	d.keep(r, c.PostForm("team_id"), c.PostForm("from"), c.PostForm("to"))
	if err == nil {
		var res *rostering.ActivityResult
		if res, err = rostering.ScheduleActivity(c.Request.Context(), p.store, pr.Actor(), pr.Scope, v.ID, r); err == nil {
			d.Result = activityResultView(res, d.Agents, pg.Translator)
			p.renderActivity(c, pg, http.StatusOK, d)
			return
		}
	}
	switch fault.CodeOf(err) {
	case fault.Invalid:
		d.Error = pg.T("activity.invalid") + fieldProblems(err, pg.Translator)
	case fault.Conflict:
		d.Error = pg.T("activity.stale")
	default:
		p.problem(c, pg, err)
		return
	}
	p.renderActivity(c, pg, http.StatusUnprocessableEntity, d)
}

// readActivity reads the activity form; days that are not dates, or else
// a duration that is not a number, are refused naming them (the request
// is read all the same, to show again).
func readActivity(c *gin.Context) (rostering.ActivityRequest, error) {
	version, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	duration, durErr := strconv.Atoi(c.PostForm("duration_minutes"))
	r := rostering.ActivityRequest{Version: version, Kind: c.PostForm("kind"), Title: c.PostForm("title"), DurationMinutes: duration,
		FromTime: c.PostForm("from_time"), ToTime: c.PostForm("to_time"),
		Together: c.PostForm("together") == "1", Apply: c.PostForm("apply") == "1", Publish: c.PostForm("publish") == "1"}
	bad := fault.FieldErrors{}
	r.From, r.To = postedDay(c, "from", "from", bad), postedDay(c, "to", "to", bad)
	if team := c.PostForm("team_id"); team != "" {
		r.TeamID, _ = strconv.ParseInt(team, 10, 64)
	}
	for _, s := range c.PostFormArray("agent_id") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			r.AgentIDs = append(r.AgentIDs, id)
		}
	}
	if len(bad) > 0 {
		return r, bad.Err("activity")
	}
	if durErr != nil {
		return r, &fault.Error{Code: fault.Invalid, Message: "invalid activity", Fields: map[string]string{"duration_minutes": fmt.Sprintf("%q is not a number of minutes", c.PostForm("duration_minutes"))}}
	}
	return r, nil
}

// keep shows the form again as it was typed (the days as text: a day
// that is not a date is shown as it was).
func (d *ActivityData) keep(r rostering.ActivityRequest, team, from, to string) {
	d.Title, d.Duration, d.From, d.To, d.FromTime, d.ToTime, d.Together, d.Publish = r.Title, r.DurationMinutes, from, to, r.FromTime, r.ToTime, r.Together, r.Publish
	checked := map[int64]bool{}
	for _, id := range r.AgentIDs {
		checked[id] = true
	}
	for i := range d.Kinds {
		d.Kinds[i].Selected = d.Kinds[i].Value == r.Kind
	}
	for i := range d.Teams {
		d.Teams[i].Selected = d.Teams[i].Value == team
	}
	for i := range d.Agents {
		d.Agents[i].Checked = checked[d.Agents[i].ID]
	}
}

func activityResultView(res *rostering.ActivityResult, agents []AgentChoice, t Translator) *ActivityResultView {
	names := map[int64]string{}
	for _, a := range agents {
		names[a.ID] = a.Name
	}
	out := &ActivityResultView{Applied: res.Applied, Placed: res.Placed, Intervals: res.Intervals,
		Cost:  fmt.Sprintf("%+.1f", res.Cost),
		Short: t.T("activity.short_value", fmt.Sprintf("%.0f", res.UnderstaffedBefore), fmt.Sprintf("%.0f", res.UnderstaffedAfter))}
	pct := func(v *float64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100**v)
	}
	for _, sv := range res.Service {
		out.Service = append(out.Service, ServiceView{Queue: sv.Queue, Date: sv.Date.String(), Target: pct(&sv.SLTarget), Before: pct(sv.Before), After: pct(sv.After)})
	}
	out.ServiceNote = res.ServiceNote
	for _, u := range res.Unplaced {
		name := u.Name
		if name == "" {
			name = names[u.AgentID]
		}
		out.Unplaced = append(out.Unplaced, UnplacedView{Name: name, Reason: t.T("activity.reason." + u.Reason), Message: u.Message})
	}
	if res.Schedule != nil {
		out.ScheduleID = res.Schedule.ID
		out.ScheduleURL = PathRoster + "/schedules/" + strconv.FormatInt(res.Schedule.ID, 10) + "?" + url.Values{"day": {firstDate(res)}}.Encode()
	}
	return out
}

func firstDate(res *rostering.ActivityResult) string {
	if len(res.Placed) > 0 {
		return res.Placed[0].Date.String()
	}
	return ""
}
