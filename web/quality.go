package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/fault"
	"wfm/kpi"
	"wfm/people"
	"wfm/store"
)

// The quality and complaint pages' paths.
const (
	PathQuality    = "/quality"
	PathComplaints = "/complaints"
)

func (p *pages) qualityRoutes() []pageRoute {
	return []pageRoute{
		{"GET", PathQuality, RoleAgent, p.quality},
		{"GET", PathQuality + "/forms/:id", RoleAgent, p.qualityFormPage},
		{"GET", PathQuality + "/evaluate", RoleSupervisor, p.evaluateForm},
		{"POST", PathQuality + "/evaluations", RoleSupervisor, p.evaluate},
		{"GET", PathQuality + "/evaluations/:id", RoleAgent, p.evaluationPage},
		{"GET", PathQuality + "/calibration", RoleSupervisor, p.calibrationPage},
	}
}

// QualityData is the data of the "quality" page: scores per agent and
// SERVQUAL dimension, the latest evaluations, the forms, and (for
// supervisors) the form to start an evaluation.
type QualityData struct {
	Own         bool     // an agent reading her own
	Dimensions  []string // translated, in SERVQUAL order
	Summary     []QualitySummaryRow
	Evaluations []EvaluationRow
	Forms       []QualityFormRow
	CanEvaluate bool
	FormOptions []Option
	Contacts    []Option
}

// QualitySummaryRow is one agent's evaluations summed.
type QualitySummaryRow struct {
	Agent          string
	Evaluations    int
	CriticalFailed int
	Total          string
	Dimensions     []string
}

// EvaluationRow is one evaluation in a list.
type EvaluationRow struct {
	ID                                    int64
	Date, Agent, Contact, Evaluator, Form string
	Total                                 string
	Failed                                bool
}

// QualityFormRow is one form in the list.
type QualityFormRow struct {
	ID              int64
	Name            string
	Items, Critical int
	Default         bool
}

// DimensionGroup is a form's items of one SERVQUAL dimension.
type DimensionGroup struct {
	Name   string // translated
	Weight string // the dimension's share of the form's weight
	Items  []QualityItemView
}

// QualityItemView is one item of a form: as read, as marked in an
// evaluation, or as an input of the evaluation form.
type QualityItemView struct {
	ID, Weight string
	Text       Said
	Critical   bool
	Options    []Option // evaluation form: the marks to choose from
	Mark       string   // evaluation: the mark given, translated
	Comment    string
	Failed     bool // a critical item failed
}

// dimensionName is a SERVQUAL dimension in the page's language.
func dimensionName(pg Page, d string) string { return pg.T("quality.dim." + d) }

// defaultForm is the form the product gives a center: its name and item
// texts are the product's words, said in the reader's language as long
// as the center has not rewritten them.
var defaultForm = kpi.DefaultQualityForm()

// qualityFormName is a form's name; the default form's, translated.
func qualityFormName(pg Page, name string) string {
	if name == defaultForm.Name {
		return pg.T("quality.form.default")
	}
	return name
}

// qualityItemText is an item's question: the default form's own, in the
// reader's language; one the center wrote or rewrote, as written.
func qualityItemText(pg Page, it store.QualityItem) Said {
	for _, d := range defaultForm.Items {
		if d.ID == it.ID && d.Text == it.Text {
			return Said{Text: pg.T("quality.item." + it.ID)}
		}
	}
	return Said{Text: it.Text, People: true}
}

// scopeTranslator speaks the page's language in the time zone of the
// caller's site (her own, her first team's, else the first site's).
func (p *pages) scopeTranslator(ctx context.Context, pg Page, sc store.Scope) Translator {
	var siteID int64
	switch {
	case sc.AgentID != 0:
		if _, loc, err := p.siteOfAgent(ctx, sc.AgentID); err == nil {
			return NewTranslator(pg.Locale(), loc)
		}
	case len(sc.TeamIDs) > 0:
		if t, err := p.store.GetTeam(ctx, sc.TeamIDs[0]); err == nil {
			siteID = t.SiteID
		}
	default:
		if sites, err := p.store.ListSites(ctx); err == nil && len(sites) > 0 {
			siteID = sites[0].ID
		}
	}
	if siteID != 0 {
		if _, loc, err := p.site(ctx, siteID); err == nil {
			return NewTranslator(pg.Locale(), loc)
		}
	}
	return pg.Translator
}

// names maps agents in scope and every user to how pages show them.
type names struct {
	agents map[int64]string
	users  map[int64]string
}

func (p *pages) names(ctx context.Context, sc store.Scope) (names, error) {
	n := names{agents: map[int64]string{}, users: map[int64]string{}}
	agents, err := p.store.ListAgents(ctx, sc)
	if err != nil {
		return n, err
	}
	for _, a := range agents {
		n.agents[a.ID] = a.Name
	}
	users, err := p.store.ListUsers(ctx)
	if err != nil {
		return n, err
	}
	for _, u := range users {
		n.users[u.ID] = u.DisplayName
	}
	return n, nil
}

func (n names) agent(id int64) string {
	if s, ok := n.agents[id]; ok {
		return s
	}
	return "#" + strconv.FormatInt(id, 10)
}

func scoreText(pg Page, v *float64) string {
	if v == nil {
		return noValue
	}
	return pg.Number(*v, 1)
}

func (p *pages) quality(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	pg.Translator = p.scopeTranslator(ctx, pg, pr.Scope)
	data := QualityData{Own: pg.User.Role == RoleAgent, CanEvaluate: pg.User.Role.AtLeast(RoleSupervisor)}
	for _, d := range kpi.Dimensions {
		data.Dimensions = append(data.Dimensions, dimensionName(pg, string(d)))
	}
	filter := store.EvaluationFilter{Scope: pr.Scope}
	if pr.Scope.AgentID != 0 && !pr.Scope.All && len(pr.Scope.TeamIDs) == 0 {
		filter.AgentID = pr.Scope.AgentID // an agent: only her own, whatever the query says
	}
	n, err := p.names(ctx, pr.Scope)
	if err == nil {
		err = p.qualityLists(ctx, pg, filter, n, &data)
	}
	if err == nil && data.CanEvaluate {
		data.Contacts, err = p.evaluableContacts(ctx, pg, pr.Scope, n)
	}
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if c.Query("saved") == "1" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("quality.saved")})
	}
	pg.Title = pg.T("quality.title")
	pg.Data = data
	p.write(c, http.StatusOK, "quality", pg)
}

// qualityLists fills the quality page's summary by agent, its forms and
// its latest 50 evaluations.
func (p *pages) qualityLists(ctx context.Context, pg Page, filter store.EvaluationFilter, n names, data *QualityData) error {
	summary, err := people.QualitySummary(ctx, p.store, filter)
	if err != nil {
		return err
	}
	data.Summary = qualitySummaryRows(pg, summary, n)
	evals, err := p.store.ListEvaluations(ctx, filter)
	if err != nil {
		return err
	}
	forms, err := p.store.ListQualityForms(ctx)
	if err != nil {
		return err
	}
	formName := map[int64]string{}
	for _, f := range forms {
		formName[f.ID] = qualityFormName(pg, f.Name)
		row := QualityFormRow{ID: f.ID, Name: formName[f.ID], Items: len(f.Items), Default: f.IsDefault}
		for _, it := range f.Items {
			if it.Critical {
				row.Critical++
			}
		}
		data.Forms = append(data.Forms, row)
		data.FormOptions = append(data.FormOptions, Option{Value: idText(f.ID), Label: formName[f.ID], Selected: f.IsDefault})
	}
	for _, e := range evals[:min(len(evals), 50)] {
		data.Evaluations = append(data.Evaluations, EvaluationRow{ID: e.ID, Date: pg.DateTime(e.EvaluatedAt), Agent: n.agent(e.AgentID),
			Contact: e.ContactID, Evaluator: n.users[e.EvaluatorUserID], Form: formName[e.FormID], Total: scoreText(pg, e.Total), Failed: len(e.CriticalFailed) > 0})
	}
	return nil
}

// qualitySummaryRows are the agents' scores by dimension, by name.
func qualitySummaryRows(pg Page, summary []store.AgentQualitySummary, n names) []QualitySummaryRow {
	var out []QualitySummaryRow
	for _, s := range summary {
		row := QualitySummaryRow{Agent: n.agent(s.AgentID), Evaluations: s.Evaluations, CriticalFailed: s.CriticalFailed, Total: scoreText(pg, s.Total)}
		for _, d := range kpi.Dimensions {
			row.Dimensions = append(row.Dimensions, scoreText(pg, s.Dimensions[string(d)]))
		}
		out = append(out, row)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agent < out[j].Agent })
	return out
}

// evaluableContacts are the last 30 days' answered contacts in scope (at
// most 100 of the newest 200), to choose one to evaluate.
func (p *pages) evaluableContacts(ctx context.Context, pg Page, sc store.Scope, n names) ([]Option, error) {
	now := p.now()
	contacts, err := p.store.Contacts(ctx, store.ContactFilter{From: now.AddDate(0, 0, -30), To: now, Scope: sc, Newest: true, Limit: 200})
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, ct := range contacts {
		if ct.AgentID == nil || ct.AnsweredAt == nil || len(out) == 100 {
			continue
		}
		out = append(out, Option{Value: ct.ContactID, Label: fmt.Sprintf("%s · %s · %s", ct.ContactID, n.agent(*ct.AgentID), pg.DateTime(ct.ArrivedAt))})
	}
	return out, nil
}

// groups lays a form's items out by SERVQUAL dimension.
func groups(pg Page, f *store.QualityForm, item func(it store.QualityItem) QualityItemView) []DimensionGroup {
	total := 0.0
	for _, it := range f.Items {
		total += it.Weight
	}
	var out []DimensionGroup
	for _, d := range kpi.Dimensions {
		g := DimensionGroup{Name: dimensionName(pg, string(d))}
		w := 0.0
		for _, it := range f.Items {
			if it.Dimension == string(d) {
				v := item(it)
				v.ID, v.Text, v.Weight, v.Critical = it.ID, qualityItemText(pg, it), num(it.Weight), it.Critical
				g.Items = append(g.Items, v)
				w += it.Weight
			}
		}
		if len(g.Items) > 0 {
			if total > 0 {
				g.Weight = pg.Percent(w/total, 0)
			}
			out = append(out, g)
		}
	}
	return out
}

// QualityFormData is the data of the "quality_form" page.
type QualityFormData struct {
	ID     int64
	Name   string
	Groups []DimensionGroup
	Edit   string // the admin's form, for those who may open it
}

func (p *pages) qualityFormPage(c *gin.Context, pg Page) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	f, err := p.store.GetQualityForm(c.Request.Context(), id)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data := QualityFormData{ID: f.ID, Name: qualityFormName(pg, f.Name), Groups: groups(pg, f, func(store.QualityItem) QualityItemView { return QualityItemView{} })}
	if pg.User.Role.AtLeast(RoleManager) {
		data.Edit = adminEditURL("quality-forms", f.ID)
	}
	pg.Title = data.Name
	pg.Data = data
	p.write(c, http.StatusOK, "quality_form", pg)
}

// EvaluateData is the data of the "quality_evaluate" page: a form's items
// to mark for one contact.
type EvaluateData struct {
	FormID    int64
	FormName  string
	ContactID string
	Contact   string // who handled it, when, on which queue
	Groups    []DimensionGroup
	Comments  string
	Errors    []string
}

// The marks of an item that is not critical, as a share of its points.
var markValues = []string{"1", "0.75", "0.5", "0.25", "0", "na"}

func markOptions(pg Page, critical bool, chosen string) []Option {
	if critical {
		return []Option{{Value: "1", Label: pg.T("quality.mark.pass"), Selected: chosen == "1"}, {Value: "0", Label: pg.T("quality.mark.fail"), Selected: chosen == "0"}}
	}
	var out []Option
	for _, v := range markValues {
		o := Option{Value: v, Selected: v == chosen}
		if v == "na" {
			o.Label = pg.T("quality.mark.na")
		} else {
			f, _ := strconv.ParseFloat(v, 64)
			o.Label = pg.Percent(f, 0)
		}
		out = append(out, o)
	}
	return out
}

// evaluateData builds the evaluation form for a contact with a form; the
// marks chosen (by item id) are kept when it is shown again.
func (p *pages) evaluateData(ctx context.Context, pg Page, sc store.Scope, formID int64, contactID string, marks, comments map[string]string) (*EvaluateData, error) {
	var f *store.QualityForm
	var err error
	if formID == 0 {
		f, err = p.store.EnsureDefaultQualityForm(ctx)
	} else {
		f, err = p.store.GetQualityForm(ctx, formID)
	}
	if err != nil {
		return nil, err
	}
	data := &EvaluateData{FormID: f.ID, FormName: qualityFormName(pg, f.Name), ContactID: contactID}
	data.Groups = groups(pg, f, func(it store.QualityItem) QualityItemView {
		chosen, ok := marks[it.ID]
		if !ok {
			chosen = "1"
		}
		return QualityItemView{Options: markOptions(pg, it.Critical, chosen), Comment: comments[it.ID]}
	})
	return data, nil
}

func (p *pages) evaluateForm(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	contactID := strings.TrimSpace(c.Query("contact_id")) // typed, else chosen from the list
	if contactID == "" {
		contactID = c.Query("contact")
	}
	formID, _ := strconv.ParseInt(c.Query("form"), 10, 64)
	ct, err := p.contactInScope(ctx, pr.Scope, contactID)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data, err := p.evaluateData(ctx, pg, pr.Scope, formID, contactID, nil, nil)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Translator = p.scopeTranslator(ctx, pg, pr.Scope)
	data.Contact = p.contactLine(ctx, pg, pr.Scope, ct)
	pg.Title = pg.T("quality.evaluate_title", contactID)
	pg.Data = data
	p.write(c, http.StatusOK, "quality_evaluate", pg)
}

// contactInScope reads a contact whose agent the scope holds.
func (p *pages) contactInScope(ctx context.Context, sc store.Scope, contactID string) (*store.Contact, error) {
	if contactID == "" {
		return nil, fault.Errorf(fault.Invalid, "contact: required")
	}
	return p.store.GetContact(ctx, sc, contactID)
}

func (p *pages) contactLine(ctx context.Context, pg Page, sc store.Scope, ct *store.Contact) string {
	agent := noValue
	if ct.AgentID != nil {
		if n, err := p.names(ctx, sc); err == nil {
			agent = n.agent(*ct.AgentID)
		}
	}
	queue := noValue
	if q, err := p.store.GetQueue(ctx, ct.QueueID); err == nil {
		queue = q.Name
	}
	return pg.T("quality.contact_line", agent, queue, pg.DateTime(ct.ArrivedAt))
}

func (p *pages) evaluate(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	formID, _ := strconv.ParseInt(c.PostForm("form_id"), 10, 64)
	contactID := c.PostForm("contact_id")
	ct, err := p.contactInScope(ctx, pr.Scope, contactID)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	f, err := p.store.GetQualityForm(ctx, formID)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	e := store.Evaluation{FormID: f.ID, ContactID: contactID, Comments: c.PostForm("comments")}
	var marks, comments map[string]string
	e.Answers, marks, comments = readMarks(c, f)
	problems, err := p.saveEvaluation(ctx, pg, pr, f, &e)
	switch {
	case err != nil:
		p.problem(c, pg, err)
	case problems == nil:
		c.Redirect(http.StatusSeeOther, PathQuality+"/evaluations/"+strconv.FormatInt(e.ID, 10)+"?saved=1")
	default:
		p.evaluateAgain(c, pg, pr, ct, &e, marks, comments, problems)
	}
}

// saveEvaluation saves e when every item of f has a mark; else, or when
// the evaluation is refused for a reason the evaluator can fix, the
// problems to show with the form (nil: saved).
func (p *pages) saveEvaluation(ctx context.Context, pg Page, pr *auth.Principal, f *store.QualityForm, e *store.Evaluation) ([]string, error) {
	var problems []string
	for _, it := range f.Items {
		if _, ok := e.Answers[it.ID]; !ok {
			problems = append(problems, pg.T("quality.err.mark", qualityItemText(pg, it).Text))
		}
	}
	if len(problems) > 0 {
		return problems, nil
	}
	err := people.CreateEvaluation(ctx, p.store, pr.Actor(), pr.Scope, e)
	if err == nil {
		return nil, nil
	}
	switch fault.CodeOf(err) {
	case fault.Invalid:
		return []string{pg.T("aform.err.other", err.Error())}, nil
	case fault.Conflict:
		return []string{pg.T("quality.err.twice")}, nil
	}
	return nil, err
}

// evaluateAgain shows the evaluation form again, as posted, with its
// problems (400).
func (p *pages) evaluateAgain(c *gin.Context, pg Page, pr *auth.Principal, ct *store.Contact, e *store.Evaluation, marks, comments map[string]string, problems []string) {
	ctx := c.Request.Context()
	data, err := p.evaluateData(ctx, pg, pr.Scope, e.FormID, e.ContactID, marks, comments)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Translator = p.scopeTranslator(ctx, pg, pr.Scope)
	data.Contact, data.Comments, data.Errors = p.contactLine(ctx, pg, pr.Scope, ct), e.Comments, problems
	pg.Title = pg.T("quality.evaluate_title", e.ContactID)
	pg.Data = data
	p.write(c, http.StatusBadRequest, "quality_evaluate", pg)
}

// readMarks reads the posted mark and comment of each of f's items: the
// answers of the marks that read (a share of the points 0 to 1, pass 1 or
// fail 0 for a critical item, "na" for one that is not), and the marks
// and comments as posted, to show the form again.
func readMarks(c *gin.Context, f *store.QualityForm) (answers map[string]store.Answer, marks, comments map[string]string) {
	answers, marks, comments = map[string]store.Answer{}, map[string]string{}, map[string]string{}
	for _, it := range f.Items {
		v := c.PostForm("item." + it.ID)
		marks[it.ID], comments[it.ID] = v, c.PostForm("comment."+it.ID)
		a := store.Answer{Comment: comments[it.ID]}
		if v == "na" && !it.Critical {
			a.NA = true
		} else {
			score, err := strconv.ParseFloat(v, 64)
			if err != nil || score < 0 || score > 1 || (it.Critical && score != 0 && score != 1) {
				continue
			}
			a.Score = score
		}
		answers[it.ID] = a
	}
	return answers, marks, comments
}

// EvaluationData is the data of the "quality_evaluation" page.
type EvaluationData struct {
	ID                                           int64
	Form, Contact, Agent, Evaluator, Date, Total string
	Failed                                       bool
	Dimensions                                   []NamedValue
	Groups                                       []DimensionGroup
	Comments                                     string
	Others                                       []EvaluationRow // other evaluations of the same contact with the same form
	CanCalibrate                                 bool
}

// NamedValue is a named value already formatted.
type NamedValue struct{ Name, Value string }

func (p *pages) evaluationPage(c *gin.Context, pg Page) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	data, contact, err := p.evaluationData(c.Request.Context(), &pg, auth.Current(c), id)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if c.Query("saved") == "1" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("quality.saved")})
	}
	pg.Title = pg.T("quality.evaluation_title", contact)
	pg.Data = data
	p.write(c, http.StatusOK, "quality_evaluation", pg)
}

// evaluationData is an evaluation as its page shows it, with the others
// of the same contact for a calibrating supervisor, and its contact.
func (p *pages) evaluationData(ctx context.Context, pg *Page, pr *auth.Principal, id int64) (EvaluationData, string, error) {
	e, err := p.store.GetEvaluation(ctx, pr.Scope, id)
	if err != nil {
		return EvaluationData{}, "", err
	}
	f, err := p.store.GetQualityForm(ctx, e.FormID)
	if err != nil {
		return EvaluationData{}, "", err
	}
	n, err := p.names(ctx, pr.Scope)
	if err != nil {
		return EvaluationData{}, "", err
	}
	pg.Translator = p.scopeTranslator(ctx, *pg, pr.Scope)
	data := EvaluationData{ID: e.ID, Form: qualityFormName(*pg, f.Name), Contact: e.ContactID, Agent: n.agent(e.AgentID), Evaluator: n.users[e.EvaluatorUserID],
		Date: pg.DateTime(e.EvaluatedAt), Total: scoreText(*pg, e.Total), Failed: len(e.CriticalFailed) > 0, Comments: e.Comments,
		CanCalibrate: pg.User.Role.AtLeast(RoleSupervisor)}
	for _, d := range kpi.Dimensions {
		data.Dimensions = append(data.Dimensions, NamedValue{Name: dimensionName(*pg, string(d)), Value: scoreText(*pg, e.Dimensions[string(d)])})
	}
	data.Groups = evaluationMarks(*pg, f, e)
	if !data.CanCalibrate {
		return data, e.ContactID, nil
	}
	others, err := people.CalibrationPeers(ctx, p.store, pr.Scope, e)
	for _, o := range others {
		data.Others = append(data.Others, EvaluationRow{ID: o.ID, Evaluator: n.users[o.EvaluatorUserID], Date: pg.DateTime(o.EvaluatedAt), Total: scoreText(*pg, o.Total)})
	}
	return data, e.ContactID, err
}

// evaluationMarks lays out an evaluation's marks on its form's items.
func evaluationMarks(pg Page, f *store.QualityForm, e *store.Evaluation) []DimensionGroup {
	failed := map[string]bool{}
	for _, id := range e.CriticalFailed {
		failed[id] = true
	}
	return groups(pg, f, func(it store.QualityItem) QualityItemView {
		a, ok := e.Answers[it.ID]
		v := QualityItemView{Comment: a.Comment, Failed: failed[it.ID], Mark: noValue}
		if ok {
			v.Mark = markText(pg, it, a)
		}
		return v
	})
}

// markText is an item's mark: n/a, pass or fail for a critical item,
// else the share of its points.
func markText(pg Page, it store.QualityItem, a store.Answer) string {
	switch {
	case a.NA:
		return pg.T("quality.mark.na")
	case it.Critical && a.Score == 1:
		return pg.T("quality.mark.pass")
	case it.Critical:
		return pg.T("quality.mark.fail")
	}
	return pg.Percent(a.Score, 0)
}

// calibrationItems are the two evaluations' marks, item by item.
func calibrationItems(pg Page, f *store.QualityForm, cal *store.Calibration) []CalibrationItem {
	items := map[string]store.QualityItem{}
	for _, it := range f.Items {
		items[it.ID] = it
	}
	var out []CalibrationItem
	for _, d := range cal.Items {
		it := items[d.ItemID]
		ci := CalibrationItem{Text: qualityItemText(pg, it), Dimension: dimensionName(pg, it.Dimension), A: markText(pg, it, d.A), B: markText(pg, it, d.B), Points: scoreText(pg, d.Points)}
		ci.Differs = d.A.Score != d.B.Score || d.A.NA != d.B.NA
		out = append(out, ci)
	}
	return out
}

// CalibrationData is the data of the "quality_calibration" page: two
// evaluators' marks of one contact, item by item, and the difference.
type CalibrationData struct {
	Contact    string
	A, B       EvaluationRow
	Items      []CalibrationItem
	Difference string
	Wide       bool // the totals differ by more than the calibration tolerance
}

// CalibrationItem is one item as the two evaluators marked it.
type CalibrationItem struct {
	Text                    Said
	Dimension, A, B, Points string
	Differs                 bool
}

// calibrationTolerance is how far apart (points of 100) two evaluators'
// totals may be before the page asks them to talk it over.
const calibrationTolerance = 5.0

func (p *pages) calibrationPage(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	a, _ := strconv.ParseInt(c.Query("a"), 10, 64)
	b, _ := strconv.ParseInt(c.Query("b"), 10, 64)
	cal, err := people.Calibrate(ctx, p.store, pr.Scope, a, b)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	f, err := p.store.GetQualityForm(ctx, cal.A.FormID)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	n, err := p.names(ctx, pr.Scope)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Translator = p.scopeTranslator(ctx, pg, pr.Scope)
	side := func(e store.Evaluation) EvaluationRow {
		return EvaluationRow{ID: e.ID, Evaluator: n.users[e.EvaluatorUserID], Date: pg.DateTime(e.EvaluatedAt), Total: scoreText(pg, e.Total), Failed: len(e.CriticalFailed) > 0}
	}
	data := CalibrationData{Contact: cal.ContactID, A: side(cal.A), B: side(cal.B), Difference: scoreText(pg, cal.TotalDifference)}
	if cal.TotalDifference != nil && (*cal.TotalDifference > calibrationTolerance || *cal.TotalDifference < -calibrationTolerance) {
		data.Wide = true
	}
	data.Items = calibrationItems(pg, f, cal)
	pg.Title = pg.T("quality.calibration_title", cal.ContactID)
	pg.Data = data
	p.write(c, http.StatusOK, "quality_calibration", pg)
}
