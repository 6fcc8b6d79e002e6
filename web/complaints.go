package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/fault"
	"wfm/kpi"
	"wfm/people"
	"wfm/store"
)

func (p *pages) complaintRoutes() []pageRoute {
	return []pageRoute{
		{"GET", PathComplaints, RoleSupervisor, p.complaints},
		{"POST", PathComplaints, RoleSupervisor, p.recordComplaint},
		{"GET", PathComplaints + "/:id", RoleSupervisor, p.complaintCase},
		{"POST", PathComplaints + "/:id/steps", RoleSupervisor, p.stepComplaint},
	}
}

// ComplaintsData is the data of the "complaints" page: the KPIs of the
// period, the cases with their state, age and overdue marker, and the
// form to record one.
type ComplaintsData struct {
	Days     int
	OpenOnly bool
	KPIs     []Tile
	Cases    []ComplaintRow
	Record   RecordForm
}

// RecordForm is the form to record a complaint, kept after a refusal.
type RecordForm struct {
	ContactID, Customer, About, Wants string
	Errors                            []string
}

// ComplaintRow is one case in the list.
type ComplaintRow struct {
	ID                                            int64
	Customer, About, Agent, Status, Age, FollowUp string
	Overdue, Open                                 bool
}

// complaintAge is how long a case has been (or was) open.
func complaintAge(c *store.Complaint, now time.Time) time.Duration {
	if c.ClosedAt != nil {
		return c.ClosedAt.Sub(c.RecordedAt)
	}
	return now.Sub(c.RecordedAt)
}

func ageText(pg Page, d time.Duration) string {
	h := d.Hours()
	if h >= 48 {
		return pg.T("complaint.age_days", pg.Number(h/24, 1))
	}
	return pg.T("complaint.age_hours", pg.Number(h, 1))
}

func ratioTile(pg Page, label string, v *float64, decimals int, percent bool) Tile {
	t := Tile{Label: pg.T(label), Value: noValue}
	if v != nil {
		if percent {
			t.Value = pg.Percent(*v, decimals)
		} else {
			t.Value = pg.Number(*v, decimals)
		}
	}
	return t
}

func (p *pages) complaints(c *gin.Context, pg Page) {
	p.complaintsPage(c, pg, http.StatusOK, RecordForm{})
}

func (p *pages) complaintsPage(c *gin.Context, pg Page, status int, form RecordForm) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	pg.Translator = p.scopeTranslator(ctx, pg, pr.Scope)
	now := p.now()
	days, err := strconv.Atoi(c.DefaultQuery("days", "30"))
	if err != nil || days < 1 || days > 366 {
		days = 30
	}
	data := ComplaintsData{Days: days, OpenOnly: c.Query("open") == "1", Record: form}
	from := now.AddDate(0, 0, -days)
	k, err := people.ComplaintStats(ctx, p.store, store.ComplaintFilter{From: from, To: now.Add(time.Second), Scope: pr.Scope})
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data.KPIs = complaintTiles(pg, k)
	cases, err := people.Complaints(ctx, p.store, store.ComplaintFilter{OpenOnly: data.OpenOnly, From: from, Scope: pr.Scope})
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	n, err := p.names(ctx, pr.Scope)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data.Cases = complaintRows(pg, cases, n, now)
	pg.Title = pg.T("complaint.title")
	pg.Data = data
	p.write(c, status, "complaints", pg)
}

// complaintTiles are the period's complaint KPIs.
func complaintTiles(pg Page, k store.ComplaintKPIs) []Tile {
	return []Tile{
		{Label: pg.T("complaint.kpi.cases"), Value: strconv.Itoa(k.Cases)},
		{Label: pg.T("complaint.kpi.open"), Value: strconv.Itoa(k.Open)},
		{Label: pg.T("complaint.kpi.overdue"), Value: strconv.Itoa(k.Overdue), Missed: k.Overdue > 0},
		ratioTile(pg, "complaint.kpi.rate", k.Rate, 2, true),
		ratioTile(pg, "complaint.kpi.open_age", k.MeanOpenAgeHours, 1, false),
		ratioTile(pg, "complaint.kpi.closed_age", k.MeanClosedAgeHours, 1, false),
		ratioTile(pg, "complaint.kpi.reopen_rate", k.ReopenRate, 0, true),
	}
}

// complaintRows are the cases of the list, with their age now.
func complaintRows(pg Page, cases []store.Complaint, n names, now time.Time) []ComplaintRow {
	var out []ComplaintRow
	for i := range cases {
		cs := &cases[i]
		row := ComplaintRow{ID: cs.ID, Customer: cs.Customer, About: cs.About, Agent: noValue, Status: pg.T("complaint.status." + cs.Status),
			Age: ageText(pg, complaintAge(cs, now)), FollowUp: noValue, Overdue: cs.Overdue, Open: cs.ClosedAt == nil}
		if cs.AgentID != nil {
			row.Agent = n.agent(*cs.AgentID)
		}
		if cs.FollowUpDue != nil {
			row.FollowUp = pg.DateTime(*cs.FollowUpDue)
		}
		out = append(out, row)
	}
	return out
}

func (p *pages) recordComplaint(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	form := RecordForm{ContactID: c.PostForm("contact_id"), Customer: c.PostForm("customer"), About: c.PostForm("about"), Wants: c.PostForm("wants")}
	cs := store.Complaint{ContactID: form.ContactID, Customer: form.Customer, About: form.About, Wants: form.Wants}
	if err := people.CreateComplaint(c.Request.Context(), p.store, pr.Actor(), pr.Scope, &cs); err != nil {
		switch fault.CodeOf(err) {
		case fault.Invalid, fault.NotFound:
			form.Errors = append(form.Errors, complaintError(pg, err))
			p.complaintsPage(c, pg, http.StatusBadRequest, form)
		case fault.Forbidden: // the store's scope rule, the API's too
			form.Errors = append(form.Errors, pg.T("complaint.err.not_yours"))
			p.complaintsPage(c, pg, http.StatusForbidden, form)
		default:
			p.problem(c, pg, err)
		}
		return
	}
	c.Redirect(http.StatusSeeOther, PathComplaints+"/"+strconv.FormatInt(cs.ID, 10)+"?done=record")
}

// complaintError translates what the store said of a complaint or a step.
func complaintError(pg Page, err error) string {
	msg := err.Error()
	for _, k := range []string{"customer", "about", "owner", "category", "remedy"} {
		if strings.Contains(msg, k+": required") || strings.Contains(msg, k+": unknown") {
			return pg.T("complaint.err." + k)
		}
	}
	if strings.Contains(msg, "cannot approve her own") {
		return pg.T("complaint.err.four_eyes")
	}
	if fault.CodeOf(err) == fault.NotFound {
		return pg.T("complaint.err.no_contact")
	}
	return pg.T("aform.err.other", msg)
}

// ComplaintCaseData is the data of the "complaint" page: one case walking
// the steps of DOMAIN.md, its history, and the form for what comes next.
type ComplaintCaseData struct {
	ID, Version                                    int64
	Customer, About, Wants, Contact, Agent, Status string
	Recorded, Age, FollowUp                        string
	Overdue, Closed                                bool
	Category, Owner, Remedy                        string
	Stages                                         []ComplaintStage
	History                                        []ComplaintHistoryRow
	Next                                           []string // actions allowed now: judge, classify...
	Categories, Remedies                           []Option
	Error                                          string
}

// ComplaintStage is one of the nine steps of a case.
type ComplaintStage struct {
	Name          string
	Done, Current bool
	At            string
}

// ComplaintHistoryRow is one step taken.
type ComplaintHistoryRow struct {
	At, By, Action, Note string
	Detail               Said // the step's decision; the owner's name as written
}

// complaintStages are the steps of a case, each with the status that says
// it is done and the action that does it.
var complaintStages = []struct {
	key    string
	status kpi.ComplaintStatus
	action kpi.ComplaintAction
}{
	{"record", kpi.ComplaintRecorded, ""},
	{"validity", kpi.ComplaintValid, kpi.ActionJudge},
	{"category", kpi.ComplaintClassified, kpi.ActionClassify},
	{"owner", kpi.ComplaintAssigned, kpi.ActionAssign},
	{"investigation", kpi.ComplaintInvestigating, kpi.ActionInvestigate},
	{"resolution", kpi.ComplaintResolved, kpi.ActionResolve},
	{"approval", kpi.ComplaintApproved, kpi.ActionApprove},
	{"notified", kpi.ComplaintNotified, kpi.ActionNotify},
	{"review", kpi.ComplaintReviewed, kpi.ActionReview},
}

// nextActions are the steps the case's status allows, the usual one first.
var nextActions = map[string][]string{
	"recorded":      {"judge"},
	"valid":         {"classify"},
	"classified":    {"assign"},
	"assigned":      {"investigate", "assign"},
	"investigating": {"resolve", "assign"},
	"resolved":      {"approve"},
	"approved":      {"notify"},
	"notified":      {"review", "reopen"},
	"reviewed":      {"reopen"},
	"closed":        {"reopen"},
}

func (p *pages) complaintCase(c *gin.Context, pg Page) {
	switch d := c.Query("done"); d {
	case "record", "step":
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("complaint.done." + d)})
	}
	p.complaintCasePage(c, pg, http.StatusOK, "")
}

func (p *pages) complaintCasePage(c *gin.Context, pg Page, status int, problem string) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	cs, err := people.Complaint(ctx, p.store, pr.Scope, id)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Translator = p.scopeTranslator(ctx, pg, pr.Scope)
	now := p.now()
	data := ComplaintCaseData{ID: cs.ID, Version: cs.Version, Customer: cs.Customer, About: cs.About, Wants: cs.Wants, Contact: cs.ContactID,
		Agent: noValue, Status: pg.T("complaint.status." + cs.Status), Recorded: pg.DateTime(cs.RecordedAt), Age: ageText(pg, complaintAge(cs, now)),
		FollowUp: noValue, Overdue: cs.Overdue, Closed: cs.ClosedAt != nil, Owner: cs.Owner, Error: problem, Next: nextActions[cs.Status]}
	if cs.AgentID != nil {
		if n, err := p.names(ctx, pr.Scope); err == nil {
			data.Agent = n.agent(*cs.AgentID)
		}
	}
	caseDecisions(pg, cs, &data)
	data.Stages = caseStages(pg, cs)
	data.History = caseHistory(pg, cs)
	data.Categories, data.Remedies = caseOptions(pg)
	// The customer is named in the facts, as written; the title is the
	// interface's (it is also the window's title).
	pg.Title = pg.T("complaint.case_title", cs.ID)
	pg.Data = data
	p.write(c, status, "complaint", pg)
}

// caseDecisions says what the case's steps decided, in the reader's language.
func caseDecisions(pg Page, cs *store.Complaint, data *ComplaintCaseData) {
	if cs.Category != "" {
		data.Category = pg.T("complaint.category." + cs.Category)
	}
	if cs.Remedy != "" {
		data.Remedy = pg.T("complaint.remedy." + cs.Remedy)
	}
	if cs.FollowUpDue != nil {
		data.FollowUp = pg.DateTime(*cs.FollowUpDue)
	}
}

// caseStages are the nine stages of the case: done and dated when the
// case has passed them (people.StagesReached); the first not done is the
// current one, unless the case is closed.
func caseStages(pg Page, cs *store.Complaint) []ComplaintStage {
	reached := people.StagesReached(cs.Steps)
	var out []ComplaintStage
	current := false
	for i, st := range complaintStages {
		stage := ComplaintStage{Name: pg.T("complaint.stage." + st.key)}
		if i == 0 {
			stage.Done, stage.At = true, pg.DateTime(cs.RecordedAt)
		} else if at, ok := reached[st.action]; ok {
			stage.Done, stage.At = true, pg.DateTime(at)
		}
		if !stage.Done && !current && cs.Status != string(kpi.ComplaintClosed) {
			stage.Current, current = true, true
		}
		out = append(out, stage)
	}
	return out
}

// caseHistory is the steps taken, the last first, with what each decided.
func caseHistory(pg Page, cs *store.Complaint) []ComplaintHistoryRow {
	var out []ComplaintHistoryRow
	for i := len(cs.Steps) - 1; i >= 0; i-- {
		s := cs.Steps[i]
		row := ComplaintHistoryRow{At: pg.DateTime(s.At), By: s.By, Action: pg.T("complaint.action." + s.Action), Note: s.Note}
		switch s.Action {
		case "judge":
			row.Detail = Said{Text: pg.T("complaint.invalid")}
			if s.Valid {
				row.Detail = Said{Text: pg.T("complaint.valid")}
			}
		case "classify":
			row.Detail = Said{Text: pg.T("complaint.category." + s.Category)}
		case "assign":
			row.Detail = Said{Text: s.Owner, People: true}
		case "resolve":
			row.Detail = Said{Text: pg.T("complaint.remedy." + s.Remedy)}
		}
		out = append(out, row)
	}
	return out
}

// caseOptions are the categories and remedies a step may choose.
func caseOptions(pg Page) (categories, remedies []Option) {
	for _, k := range []kpi.ComplaintCategory{kpi.CategoryContractSales, kpi.CategoryProductQuality, kpi.CategoryDelivery, kpi.CategoryService} {
		categories = append(categories, Option{Value: string(k), Label: pg.T("complaint.category." + string(k))})
	}
	for _, r := range []kpi.Remedy{kpi.RemedyReturn, kpi.RemedyExchange, kpi.RemedyRepair, kpi.RemedyDiscount, kpi.RemedyCompensation} {
		remedies = append(remedies, Option{Value: string(r), Label: pg.T("complaint.remedy." + string(r))})
	}
	return categories, remedies
}

func (p *pages) stepComplaint(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, err1 := strconv.ParseInt(c.Param("id"), 10, 64)
	version, err2 := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err1 != nil || err2 != nil || version <= 0 {
		p.problem(c, pg, refuse(fault.Invalid, "error.400"))
		return
	}
	step := store.ComplaintStep{Action: c.PostForm("action"), Note: c.PostForm("note"), Valid: c.PostForm("valid") == "1",
		Category: c.PostForm("category"), Owner: c.PostForm("owner"), Remedy: c.PostForm("remedy")}
	if _, err := people.StepComplaintAt(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version, step); err != nil {
		switch fault.CodeOf(err) {
		case fault.Invalid:
			p.complaintCasePage(c, pg, http.StatusBadRequest, complaintError(pg, err))
		case fault.Conflict:
			p.complaintCasePage(c, pg, http.StatusConflict, pg.T("complaint.err.conflict"))
		default:
			p.problem(c, pg, err)
		}
		return
	}
	c.Redirect(http.StatusSeeOther, PathComplaints+"/"+strconv.FormatInt(id, 10)+"?done=step")
}
