package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
)

// BuildData is the data of the "build" page: a roster build in progress
// or done, and the draft it made.
type BuildData struct {
	ID             int64
	Status         string // running, done, failed
	StatusText     string
	StartDate      civil.Date
	Days           int
	ElapsedSeconds int
	LimitSeconds   int
	Progress       *ChartView // the objective over time
	Notes          []string
	Error          string
	Draft          *DraftView
}

// DraftView sums up a roster version (mostly a draft) for the decision
// to publish it.
type DraftView struct {
	ID, Version int64
	Status      string
	StatusText  string
	StartDate   civil.Date
	Days        int
	Objective   string
	Feasible    bool
	Violations  []ViolationView // the first few broken rules
	More        []ViolationView // the rest, folded away
	BoardURL    string          // the published board on the version's first day
	PreviewURL  string          // the version shown as a board: shifts, coverage, simulated service
	BasedOnURL  string          // the version it was edited from ("" when built)
	BasedOn     int64
	// Replaced says why the draft may no longer be published (the roster
	// it was edited from has been replaced since); "" when it may.
	Replaced   string
	CanPublish bool
	// Bound says how far the roster is at most above the best possible
	// one, from the lower bound its build proved, and BoundHelp what that
	// means; both "" when there is no bound or the roster breaks rules.
	Bound, BoundHelp string
}

// ProgressPoint is the best objective a solver had found after some time.
type ProgressPoint struct {
	Seconds, Objective float64
}

// buildLimits are the time limits offered for a build, in seconds.
var buildLimits = []int{10, 30, 60, 120}

// startBuild starts a roster build of a site in the background (the
// store keeps its progress) and sends the supervisor to watch it.
func (p *pages) startBuild(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	siteID, _ := strconv.ParseInt(c.PostForm("site"), 10, 64)
	days, _ := strconv.Atoi(c.PostForm("days"))
	limit, _ := strconv.Atoi(c.PostForm("seconds"))
	if limit < 1 || limit > 600 {
		limit = 30
	}
	bad := fault.FieldErrors{}
	start := postedDay(c, "start", "start_date", bad)
	if err := bad.Err("schedule build"); err != nil {
		p.problem(c, pg, err)
		return
	}
	b, err := p.builds.Start(ctx, pr.Actor(), pr.Scope, siteID, start, days, time.Duration(limit)*time.Second, 0)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathRoster+"/builds/"+strconv.FormatInt(b.ID, 10)+"?"+url.Values{"limit": {strconv.Itoa(limit)}}.Encode())
}

// build shows a build: while it runs the page reloads itself every second
// (no script needed), with a progress bar and the objective over time.
func (p *pages) build(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	b, err := rostering.GetBuild(ctx, p.store, pr.Scope, id)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	_, loc, err := p.site(ctx, b.SiteID)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	limit, _ := strconv.Atoi(c.Query("limit"))
	data := BuildData{ID: b.ID, Status: b.Status, StatusText: pg.T("build.status." + b.Status), StartDate: b.StartDate, Days: b.Days,
		LimitSeconds: limit, Notes: buildNotes(b, pg.Translator), Error: b.Error}
	data.ElapsedSeconds = buildElapsed(b, p.now(), data.LimitSeconds)
	data.Progress = buildProgress(b, pg.Translator)
	if b.Status == store.BuildRunning {
		pg.Refresh = 1
	}
	if b.ScheduleVersionID != nil {
		v, err := p.store.GetScheduleVersion(ctx, *b.ScheduleVersionID)
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		if data.Draft, err = p.draftView(ctx, v, pg.Translator); err != nil {
			p.problem(c, pg, err)
			return
		}
	}
	pg.Title = pg.T("build.title")
	pg.Data = data
	p.write(c, http.StatusOK, "build", pg)
}

// buildElapsed is how long a build ran (runs, until now), in seconds, at
// most its limit when it has one.
func buildElapsed(b *store.ScheduleBuild, now time.Time, limit int) int {
	end := now
	if b.EndedAt != nil {
		end = *b.EndedAt
	}
	elapsed := int(end.Sub(b.StartedAt).Seconds())
	if limit > 0 && elapsed > limit {
		elapsed = limit
	}
	return elapsed
}

// buildProgress charts a build's objective as it ran; nil before any.
func buildProgress(b *store.ScheduleBuild, t Translator) *ChartView {
	var points []ProgressPoint
	for _, pt := range b.Progress {
		points = append(points, ProgressPoint{Seconds: float64(pt.ElapsedMS) / 1000, Objective: pt.Objective})
	}
	if len(points) == 0 {
		return nil
	}
	return &ChartView{Chart: ObjectiveChart("objective", points, t)}
}

// buildNotes says what a build left out, in the reader's language (builds
// from before the notes were kept as data have only their English).
func buildNotes(b *store.ScheduleBuild, t Translator) []string {
	if len(b.NoteDetails) == 0 {
		return b.Notes
	}
	out := make([]string, 0, len(b.NoteDetails))
	for _, n := range b.NoteDetails {
		out = append(out, t.T("build.note."+n.Kind, n.Subject, strings.Join(n.Templates, t.T("problem.separator"))))
	}
	return out
}

const maxViolationsShown = 10

// draftView sums up a version: its objective, the rules it breaks, and
// whether it may still be published.
func (p *pages) draftView(ctx context.Context, v *store.ScheduleVersion, t Translator) (*DraftView, error) {
	d := &DraftView{ID: v.ID, Version: v.Version, Status: v.Status, StatusText: t.T("schedule.status." + v.Status), StartDate: v.StartDate, Days: v.Days,
		Objective: t.Number(v.Objective, 0), Feasible: v.Feasible,
		BoardURL:   PathRoster + "?" + url.Values{"site": {strconv.FormatInt(v.SiteID, 10)}, "day": {v.StartDate.String()}}.Encode(),
		PreviewURL: versionURL(v.ID)}
	names, err := p.agentCodes(ctx)
	if err != nil {
		return nil, err
	}
	all := violationViews(v.Violations, names, t)
	if len(all) > maxViolationsShown {
		all, d.More = all[:maxViolationsShown], all[maxViolationsShown:]
	}
	d.Violations = all
	d.Bound, d.BoundHelp = boundTexts(v, t)
	if v.BasedOn != nil {
		d.BasedOn, d.BasedOnURL = *v.BasedOn, versionURL(*v.BasedOn)
	}
	ok, r, err := rostering.Publishable(ctx, p.store, v)
	if err != nil || r == nil {
		d.CanPublish = ok
		return d, err
	}
	d.Replaced = replacedText(r, t)
	return d, nil
}

// boundTexts say how far the version's objective can be from the best
// roster, when the build proved a lower bound and the roster is feasible.
func boundTexts(v *store.ScheduleVersion, t Translator) (bound, help string) {
	if v.LowerBound == nil || !v.Feasible {
		return "", ""
	}
	lb := *v.LowerBound
	if g, ok := schedule.BoundGap(v.Objective, lb); ok {
		return t.T("build.bound", t.Percent(g, 1)), t.T("build.bound_help", t.Number(lb, 0), t.Number(v.Objective, 0))
	}
	return "", t.T("build.bound_weak", t.Number(lb, 0))
}

// replacedText says why a draft cannot be published: the version it was
// based on is no longer the published one.
func replacedText(r *rostering.BaseReplacement, t Translator) string {
	if r.Current == nil {
		return t.T("build.replaced_none", r.BaseID)
	}
	by := r.PublishedBy
	if by == "" {
		by = t.T("build.replaced_by_system")
	}
	when := "–"
	if r.Current.PublishedAt != nil {
		when = t.DateTime(*r.Current.PublishedAt)
	}
	return t.T("build.replaced", r.BaseID, r.Current.ID, by, when)
}

func versionURL(id int64) string { return PathRoster + "/schedules/" + strconv.FormatInt(id, 10) }

// draft shows a roster version (a draft after a build or an edit, or any
// other) as the board shows the published roster: its shifts by day and
// week, the coverage, the simulated service, with what it would take to
// publish it.
func (p *pages) draft(c *gin.Context, pg Page) {
	p.renderDraft(c, pg, http.StatusOK, false)
}

// renderDraft renders a version's page; refused says a publication of it
// was just refused as a conflict.
func (p *pages) renderDraft(c *gin.Context, pg Page, status int, refused bool) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	v, err := rostering.GetSchedule(ctx, p.store, pr.Scope, id)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	_, loc, err := p.site(ctx, v.SiteID)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	day := versionDay(v, c.Query("day"), civil.Of(p.now(), loc), loc)
	data, err := p.boardData(ctx, &pg, pr, rosterBoard{siteID: v.SiteID, version: v}, day)
	if err == nil {
		data.Draft, err = p.draftView(ctx, v, pg.Translator)
	}
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data.Draft.PreviewURL = "" // this is the preview
	if refused {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "error", Message: refusedText(data.Draft, pg.Translator)})
	}
	pg.Title = pg.T("roster.version_title", data.Draft.StatusText, v.ID)
	pg.Data = data
	p.write(c, status, "roster", pg)
}

// versionDay is the day a version's board shows: the one asked for,
// else today when the version covers it, else its first day.
func versionDay(v *store.ScheduleVersion, asked string, today civil.Date, loc *time.Location) time.Time {
	if day, err := civil.ParseIn(asked, loc); err == nil {
		return day
	}
	if !today.Before(v.StartDate) && today.Before(v.EndDate()) {
		return today.Start(loc)
	}
	return v.StartDate.Start(loc)
}

// refusedText says why publishing was refused: another version was
// published since the draft's base, or the draft changed meanwhile.
func refusedText(d *DraftView, t Translator) string {
	if d.Replaced != "" {
		return t.T("build.not_published")
	}
	return t.T("error.409")
}

// publishDraft publishes a draft roster; agents see it at once. A draft
// that can no longer be published (changed meanwhile, or edited from a
// roster replaced since) comes back with the reason.
func (p *pages) publishDraft(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, version := postedIDVersion(c)
	v, err := rostering.Publish(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version)
	if fault.CodeOf(err) == fault.Conflict {
		p.renderDraft(c, pg, http.StatusConflict, true)
		return
	}
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathRoster+"?"+url.Values{"site": {strconv.FormatInt(v.SiteID, 10)}, "day": {v.StartDate.String()}, "published": {"1"}}.Encode())
}
