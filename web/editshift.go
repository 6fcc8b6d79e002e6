package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
)

// EditData is the data of the "edit" page: one agent's day of a roster,
// to change; after a refused try, the rules the change would break.
type EditData struct {
	ScheduleID, Version, AgentID int64
	Agent, Date                  string
	Shifts                       []Option // "" = day off
	Shift, Start                 string   // as read, to tell a moved break from a new shift
	Breaks                       []BreakField
	Violations                   []ViolationView
	Error                        string
	BoardURL                     string
}

// BreakField is one break of the shift being edited.
type BreakField struct {
	Start   string // HH:MM
	Minutes int
}

func editURL(scheduleID, agentID int64, date string) string {
	return PathRoster + "/edit?" + url.Values{"schedule": {strconv.FormatInt(scheduleID, 10)}, "agent": {strconv.FormatInt(agentID, 10)}, "date": {date}}.Encode()
}

// editData reads the roster version and the agent's assignment that day.
func (p *pages) editData(c *gin.Context, pr *auth.Principal, scheduleID, agentID int64, date string) (EditData, error) {
	ctx := c.Request.Context()
	v, err := rostering.GetSchedule(ctx, p.store, pr.Scope, scheduleID)
	if err != nil {
		return EditData{}, err
	}
	a, err := p.store.CheckAgentScope(ctx, pr.Scope, agentID)
	if err != nil {
		return EditData{}, err
	}
	d := EditData{ScheduleID: v.ID, Version: v.Version, AgentID: a.ID, Agent: a.Name, Date: date,
		BoardURL: PathRoster + "?" + url.Values{"site": {strconv.FormatInt(v.SiteID, 10)}, "day": {date}}.Encode()}
	first := v.StartDate
	day, err := civil.Parse(date)
	if err != nil {
		return d, &fault.Error{Code: fault.Invalid, Message: "invalid date", Fields: map[string]string{"date": date}}
	}
	index := day.DaysSince(first)
	for _, as := range v.Solution.Assignments {
		if as.Agent == a.Code && as.Day == index {
			d.Shift, d.Start = as.Shift, as.Start
			for _, b := range as.Breaks {
				d.Breaks = append(d.Breaks, BreakField{Start: b.Start, Minutes: b.DurationMinutes})
			}
		}
	}
	codes := make([]string, 0, len(v.Problem.Shifts))
	for _, sh := range v.Problem.Shifts {
		codes = append(codes, sh.ID)
	}
	sort.Strings(codes)
	d.Shifts = append(d.Shifts, Option{Value: "", Selected: d.Shift == ""})
	for _, code := range codes {
		d.Shifts = append(d.Shifts, Option{Value: code, Label: code, Selected: code == d.Shift})
	}
	return d, nil
}

func (p *pages) editForm(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	sid, _ := strconv.ParseInt(c.Query("schedule"), 10, 64)
	aid, _ := strconv.ParseInt(c.Query("agent"), 10, 64)
	d, err := p.editData(c, pr, sid, aid, c.Query("date"))
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	p.renderEdit(c, pg, http.StatusOK, d)
}

func (p *pages) renderEdit(c *gin.Context, pg Page, status int, d EditData) {
	d.Shifts[0].Label = pg.T("roster.day_off")
	pg.Title = pg.T("edit.title", d.Agent, d.Date)
	pg.Data = d
	p.write(c, status, "edit", pg)
}

// editShift saves an edit: the store re-checks the roster, refuses an edit
// that breaks rules the roster kept (the page then shows them and offers
// to keep it anyway), and makes a new draft when the version was
// published.
func (p *pages) editShift(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	sid, _ := strconv.ParseInt(c.PostForm("schedule"), 10, 64)
	e, err := readShiftEdit(c)
	if err == nil {
		var v *store.ScheduleVersion
		if v, err = rostering.EditSchedule(c.Request.Context(), p.store, pr.Actor(), pr.Scope, sid, e); err == nil {
			c.Redirect(http.StatusSeeOther, PathRoster+"/schedules/"+strconv.FormatInt(v.ID, 10))
			return
		}
	}
	var se *fault.Error
	if fault.CodeOf(err) != fault.Invalid || !errors.As(err, &se) {
		p.problem(c, pg, err)
		return
	}
	d, err := p.editData(c, pr, sid, e.AgentID, c.PostForm("date"))
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	names, err := p.agentCodes(c.Request.Context())
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	d.Violations = violationViews(se.Violations, names, pg.Translator)
	if len(d.Violations) == 0 {
		d.Error = pg.T("edit.invalid") + fieldProblems(se, pg.Translator)
	}
	d.keep(e)
	p.renderEdit(c, pg, http.StatusUnprocessableEntity, d)
}

// readShiftEdit reads the edit form: the day's shift and start, and its
// breaks as typed only when the shift stays (a break moved); a new shift
// or start gets its template's breaks from the store. A day that is not
// a date is refused naming it.
func readShiftEdit(c *gin.Context) (rostering.ShiftEdit, error) {
	aid, _ := strconv.ParseInt(c.PostForm("agent"), 10, 64)
	version, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	bad := fault.FieldErrors{}
	e := rostering.ShiftEdit{Version: version, AgentID: aid, Date: postedDay(c, "date", "date", bad), Shift: c.PostForm("shift"), Start: c.PostForm("start"),
		Force: c.PostForm("force") == "1"}
	if e.Shift == c.PostForm("orig_shift") && e.Start == c.PostForm("orig_start") {
		starts, minutes := c.PostFormArray("break_start"), c.PostFormArray("break_minutes")
		for i := range starts {
			if i < len(minutes) {
				m, _ := strconv.Atoi(minutes[i])
				e.Breaks = append(e.Breaks, schedule.BreakPlacement{Start: starts[i], DurationMinutes: m})
			}
		}
	}
	return e, bad.Err("edit")
}

// keep shows the edit again as it was typed, so that "keep it anyway"
// sends the same edit.
func (d *EditData) keep(e rostering.ShiftEdit) {
	for i := range d.Shifts {
		d.Shifts[i].Selected = d.Shifts[i].Value == e.Shift
	}
	d.Start = e.Start
	if e.Breaks != nil {
		d.Breaks = nil
		for _, b := range e.Breaks {
			d.Breaks = append(d.Breaks, BreakField{Start: b.Start, Minutes: b.DurationMinutes})
		}
	}
}
