package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"wfm/capacity"
	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
	"wfm/planning"
	"wfm/store"
)

// PathPlans is the capacity planning page.
const PathPlans = "/plans"

// CapacityData is the data of the "capacity" page: a site's skill's
// scenarios side by side, and the form of one.
type CapacityData struct {
	Sites, Skills []Option
	Site, Skill   int64
	Scenarios     []ScenarioView
	Charts        []ChartView
	Form          ScenarioForm
	Errors        []string // what is wrong with the form sent, by field label
	Empty         string
}

// ScenarioView is one scenario's advice, formatted.
type ScenarioView struct {
	ID, Version                             int64
	Name, Start, Weeks, FTE, Growth, Advice string
	Short                                   bool
	Problem                                 string // why it could not be computed ("" when it was)
	EditURL                                 string
}

// ScenarioForm is the new-or-edit form's values, as typed.
type ScenarioForm struct {
	ID, Version                                                  int64
	Name, Start, Weeks, Growth, Shrinkage, Hours, Attrition, FTE string
	ClassWeeks, RampWeeks, RampProductivity, Hires               string
}

func (p *pages) capacityRoutes() []pageRoute {
	return []pageRoute{
		{"GET", PathPlans, RoleManager, p.capacity},
		{"POST", PathPlans, RoleManager, p.saveScenario},
		{"POST", PathPlans + "/:id/copy", RoleManager, p.copyScenario},
		{"POST", PathPlans + "/:id/delete", RoleManager, p.deleteScenario},
	}
}

// capacity shows ?site= and ?skill='s scenarios; ?plan= fills the form
// with one of them to edit.
func (p *pages) capacity(c *gin.Context, pg Page) {
	data, err := p.capacityData(c, &pg, c.Request.URL.Query())
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if planID, _ := strconv.ParseInt(c.Query("plan"), 10, 64); planID > 0 {
		sc, err := p.store.GetCapacityPlan(c.Request.Context(), planID)
		if err != nil {
			p.problem(c, pg, err)
			return
		}
		data.Form = scenarioForm(sc, pg.Translator)
	}
	pg.Data = data
	p.write(c, http.StatusOK, "capacity", pg)
}

// capacityData is the page's selects, scenarios and charts for q.
func (p *pages) capacityData(c *gin.Context, pg *Page, q url.Values) (CapacityData, error) {
	ctx := c.Request.Context()
	pg.Title = pg.T("capacity.title")
	var d CapacityData
	ok, err := p.capacityChoice(ctx, &d, q)
	if err != nil || !ok {
		if err == nil {
			d.Empty = pg.T("capacity.no_center")
		}
		return d, err
	}
	_, loc, err := p.site(ctx, d.Site)
	if err != nil {
		return d, err
	}
	pg.Translator = NewTranslator(pg.Locale(), loc)
	d.Form = newScenarioForm(civil.Of(p.now(), loc), pg.Translator)
	err = p.capacityScenarios(ctx, pg, &d, loc)
	return d, err
}

// capacityChoice is the site and skill asked for (the first of each by
// default) with the pickers' options; false when the center has no site
// or no skill yet.
func (p *pages) capacityChoice(ctx context.Context, d *CapacityData, q url.Values) (bool, error) {
	sites, err := p.store.ListSites(ctx)
	if err != nil {
		return false, err
	}
	skills, err := p.store.ListSkills(ctx)
	if err != nil || len(sites) == 0 || len(skills) == 0 {
		return false, err
	}
	d.Site, d.Skill = sites[0].ID, skills[0].ID
	if id, _ := strconv.ParseInt(q.Get("site"), 10, 64); id > 0 {
		d.Site = id
	}
	if id, _ := strconv.ParseInt(q.Get("skill"), 10, 64); id > 0 {
		d.Skill = id
	}
	for _, s := range sites {
		d.Sites = append(d.Sites, Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Name, Selected: s.ID == d.Site})
	}
	for _, s := range skills {
		d.Skills = append(d.Skills, Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Name, Selected: s.ID == d.Skill})
	}
	return true, nil
}

// capacityScenarios computes the site's and skill's scenarios, with the
// charts of those that could be computed.
func (p *pages) capacityScenarios(ctx context.Context, pg *Page, d *CapacityData, loc *time.Location) error {
	plans, err := p.store.ListCapacityPlans(ctx, d.Site, d.Skill)
	if err != nil {
		return err
	}
	var results []*planning.CapacityResult
	for i := range plans {
		v, r, err := p.scenarioView(ctx, pg, &plans[i], d.Site, d.Skill, loc)
		if err != nil {
			return err
		}
		if r != nil {
			results = append(results, r)
		}
		d.Scenarios = append(d.Scenarios, v)
	}
	if len(results) > 0 {
		d.Charts = []ChartView{
			{Chart: capacityFTEChart(results, pg.Translator)},
			{Chart: capacitySLChart(results, pg.Translator)},
		}
	}
	return nil
}

// scenarioView computes a scenario (planning.CapacityPlan) and says what
// it advises; the result is nil for a scenario that cannot be computed
// (its view says why).
func (p *pages) scenarioView(ctx context.Context, pg *Page, sc *store.CapacityPlan, site, skill int64, loc *time.Location) (ScenarioView, *planning.CapacityResult, error) {
	v := ScenarioView{ID: sc.ID, Version: sc.Version, Name: sc.Name, Start: pg.Date(sc.Start.Start(loc)), Weeks: strconv.Itoa(sc.Weeks),
		FTE: pg.Number(sc.Assumptions.FTE, 1), Growth: pg.Percent(sc.Assumptions.GrowthPerYear, 1),
		EditURL: PathPlans + "?" + url.Values{"site": {strconv.FormatInt(site, 10)}, "skill": {strconv.FormatInt(skill, 10)}, "plan": {strconv.FormatInt(sc.ID, 10)}}.Encode() + "#scenario-form"}
	r, err := planning.CapacityPlan(ctx, p.store, sc)
	var fe *fault.Error
	switch {
	case errors.As(err, &fe) && fe.Code == fault.Invalid:
		v.Problem = pg.T("capacity.cannot_compute") + fieldProblems(err, pg.Translator)
		return v, nil, nil
	case err != nil:
		return v, nil, err
	case r.FirstShort == nil:
		v.Advice = pg.T("capacity.covered", pg.Date(r.Weeks[len(r.Weeks)-1].Week.Start(loc)))
	default:
		v.Short = true
		v.Advice = pg.T("capacity.hire", pg.Date(r.FirstShort.Start(loc)), r.HireCount, pg.Date(r.HireBy.Start(loc)))
	}
	return v, r, nil
}

// newScenarioForm is a new scenario's form: from next Monday, a year,
// the default assumptions.
func newScenarioForm(today civil.Date, t Translator) ScenarioForm {
	a := capacity.DefaultAssumptions()
	return ScenarioForm{Start: capacity.Mondays(today.AddDays(1), 1)[0].String(), Weeks: "52", Growth: "0",
		Shrinkage: pctText(a.Shrinkage), Hours: num(a.HoursPerFTE), Attrition: pctText(a.AttritionPerMonth),
		ClassWeeks: strconv.Itoa(a.ClassWeeks), RampWeeks: strconv.Itoa(a.RampWeeks), RampProductivity: pctText(a.RampProductivity)}
}

func scenarioForm(sc *store.CapacityPlan, t Translator) ScenarioForm {
	a := sc.Assumptions
	var hires []string
	for _, h := range a.Hires {
		hires = append(hires, h.Start.String()+" "+strconv.Itoa(h.Count))
	}
	return ScenarioForm{ID: sc.ID, Version: sc.Version, Name: sc.Name, Start: sc.Start.String(), Weeks: strconv.Itoa(sc.Weeks),
		Growth: pctText(a.GrowthPerYear), Shrinkage: pctText(a.Shrinkage), Hours: num(a.HoursPerFTE), Attrition: pctText(a.AttritionPerMonth),
		FTE: num(a.FTE), ClassWeeks: strconv.Itoa(a.ClassWeeks), RampWeeks: strconv.Itoa(a.RampWeeks),
		RampProductivity: pctText(a.RampProductivity), Hires: strings.Join(hires, "\n")}
}

func pctText(f float64) string { return num(f * 100) }

// saveScenario creates (no id) or changes (id and version) a scenario.
func (p *pages) saveScenario(c *gin.Context, pg Page) {
	r := newFormReader(c, pg)
	q := url.Values{"site": {c.PostForm("site")}, "skill": {c.PostForm("skill")}}
	sc, form := readScenario(c, r)
	if len(r.errs) > 0 { // say what else is wrong too, not one thing at a time
		scenarioFaults(sc.Validate(), r, false)
	} else {
		err := planning.SaveCapacityPlan(c.Request.Context(), p.store, actorOf(c), &sc)
		if err == nil {
			q.Set("plan", strconv.FormatInt(sc.ID, 10))
			c.Redirect(http.StatusSeeOther, PathPlans+"?"+q.Encode())
			return
		}
		if !scenarioFaults(err, r, true) {
			p.problem(c, pg, err)
			return
		}
	}
	data, err := p.capacityData(c, &pg, q)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	data.Form = form
	for _, field := range sortedKeys(r.errs) {
		data.Errors = append(data.Errors, pg.T("capacity.field."+fieldKey(field))+": "+r.errs[field])
	}
	pg.Data = data
	p.write(c, http.StatusBadRequest, "capacity", pg)
}

// readScenario reads the scenario form: the plan to save and the form as
// typed, to show again when it is refused; what does not parse goes to r.
func readScenario(c *gin.Context, r *formReader) (store.CapacityPlan, ScenarioForm) {
	sc := store.CapacityPlan{SiteID: r.id("site"), SkillID: r.id("skill"), Name: r.text("name")}
	form := ScenarioForm{Name: sc.Name, Start: r.text("start"), Weeks: r.text("weeks"), Growth: r.text("growth"), Shrinkage: r.text("shrinkage"),
		Hours: r.text("hours"), Attrition: r.text("attrition"), FTE: r.text("fte"), ClassWeeks: r.text("class_weeks"),
		RampWeeks: r.text("ramp_weeks"), RampProductivity: r.text("ramp_productivity"), Hires: r.text("hires")}
	var err error
	if sc.Start, err = civil.Parse(form.Start); err != nil {
		r.fail("start", "capacity.err.start")
	}
	sc.Weeks = r.whole("weeks")
	a := capacity.Assumptions{GrowthPerYear: r.percent("growth"), Shrinkage: r.percent("shrinkage"), AttritionPerMonth: r.percent("attrition"),
		ClassWeeks: r.whole("class_weeks"), RampWeeks: r.whole("ramp_weeks"), RampProductivity: r.percent("ramp_productivity"), Hires: readHires(r, form.Hires)}
	if a.HoursPerFTE, err = strconv.ParseFloat(form.Hours, 64); err != nil {
		r.fail("hours", "capacity.err.number")
	}
	if form.FTE != "" {
		if a.FTE, err = strconv.ParseFloat(form.FTE, 64); err != nil {
			r.fail("fte", "capacity.err.number")
		}
	}
	sc.Assumptions = a
	if form.ID, _ = strconv.ParseInt(c.PostForm("id"), 10, 64); form.ID > 0 {
		sc.ID = form.ID
		sc.Version, _ = strconv.ParseInt(c.PostForm("version"), 10, 64)
		form.Version = sc.Version
	}
	return sc, form
}

// readHires reads the hires, a line each: "YYYY-MM-DD COUNT".
func readHires(r *formReader, text string) []capacity.Hire {
	hires := []capacity.Hire{}
	for i, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		d, derr := civil.Parse(f[0])
		n, nerr := 0, errors.New("missing")
		if len(f) == 2 {
			n, nerr = strconv.Atoi(f[1])
		}
		if derr != nil || nerr != nil {
			r.fail("hires", "capacity.err.hire_line", i+1)
			continue
		}
		hires = append(hires, capacity.Hire{Start: d, Count: n})
	}
	return hires
}

// scenarioFaults puts the fields a refusal names into r (over the form's
// own messages when override), and tells whether err was a refusal the
// form shows (invalid, or a name taken): anything else is the error page.
func scenarioFaults(err error, r *formReader, override bool) bool {
	var fe *fault.Error
	if !errors.As(err, &fe) || (fe.Code != fault.Invalid && fe.Code != fault.Conflict) {
		return false
	}
	if fe.Code == fault.Conflict {
		r.errs["name"] = r.pg.T("capacity.err.conflict")
	}
	for field, msg := range fe.Fields {
		field = strings.TrimPrefix(field, "assumptions.")
		if _, seen := r.errs[field]; override || !seen {
			r.errs[field] = msg
		}
	}
	return true
}

// fieldKey maps a store or domain field name to the form's.
func fieldKey(field string) string {
	switch {
	case field == "growth_per_year":
		return "growth"
	case field == "attrition_per_month":
		return "attrition"
	case field == "hours_per_fte":
		return "hours"
	case strings.HasPrefix(field, "hires"):
		return "hires"
	case field == "site_id":
		return "site"
	case field == "skill_id":
		return "skill"
	}
	return field
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (p *pages) copyScenario(c *gin.Context, pg Page) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	name := strings.TrimSpace(c.PostForm("name"))
	if name == "" {
		name = pg.T("capacity.copy_of", c.PostForm("of"))
	}
	sc, err := planning.CopyCapacityPlan(c.Request.Context(), p.store, actorOf(c), id, name)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathPlans+"?"+url.Values{"site": {strconv.FormatInt(sc.SiteID, 10)}, "skill": {strconv.FormatInt(sc.SkillID, 10)}, "plan": {strconv.FormatInt(sc.ID, 10)}}.Encode())
}

func (p *pages) deleteScenario(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	id, version := postedIDVersion(c)
	sc, err := p.store.GetCapacityPlan(ctx, id)
	if err == nil {
		err = p.store.DeleteCapacityPlan(ctx, actorOf(c), id, version)
	}
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathPlans+"?"+url.Values{"site": {strconv.FormatInt(sc.SiteID, 10)}, "skill": {strconv.FormatInt(sc.SkillID, 10)}}.Encode())
}

// The scenarios' colours, in order; need dashed, supply solid.
var scenarioColors = []string{"#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f"}

// capacityFTEChart draws each scenario's FTE need (dashed) and supply
// (solid) week by week.
func capacityFTEChart(rs []*planning.CapacityResult, t Translator) Chart {
	weeks := rs[0].Weeks
	labels := make([]string, len(weeks))
	for i, w := range weeks {
		labels[i] = t.Date(w.Week.Start(time.UTC))
	}
	table := Table{Header: []string{"scenario", "week", "need_fte", "supply_fte", "base_fte"}}
	const height = 360
	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts("capacity_fte", height, len(weeks))...)
	line.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0}))
	line.SetXAxis(labels)
	for i, r := range rs {
		color := scenarioColors[i%len(scenarioColors)]
		need := make([]opts.LineData, len(weeks))
		supply := make([]opts.LineData, len(weeks))
		for k := range weeks {
			if k >= len(r.Weeks) {
				need[k], supply[k] = opts.LineData{Value: "-"}, opts.LineData{Value: "-"}
				continue
			}
			w := r.Weeks[k]
			need[k], supply[k] = opts.LineData{Value: round(w.NeedFTE, 1)}, opts.LineData{Value: round(w.SupplyFTE, 1)}
			table.Rows = append(table.Rows, []string{r.Scenario.Name, w.Week.String(), csvFloat(w.NeedFTE, true), csvFloat(w.SupplyFTE, true), csvFloat(w.BaseFTE, true)})
		}
		line.AddSeries(t.T("capacity.chart.need", r.Scenario.Name), need,
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.ShowSymbol = opts.Bool(false) }),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Type: "dashed", Width: 2}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
		line.AddSeries(t.T("capacity.chart.supply", r.Scenario.Name), supply,
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.ShowSymbol = opts.Bool(false) }),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
	}
	c := Chart{ID: "capacity_fte", Title: t.T("capacity.chart.fte_title"), Note: t.T("capacity.chart.fte_note"), Height: height, ECharts: line, Table: table}
	return finish(c, conventions{unit: UnitAgents}, t)
}

// capacitySLChart draws each scenario's service level with nobody hired,
// against the goal.
func capacitySLChart(rs []*planning.CapacityResult, t Translator) Chart {
	weeks := rs[0].Weeks
	labels := make([]string, len(weeks))
	for i, w := range weeks {
		labels[i] = t.Date(w.Week.Start(time.UTC))
	}
	table := Table{Header: []string{"scenario", "week", "service_level_no_hire", "service_level_planned"}}
	const height = 320
	line := charts.NewLine()
	line.SetGlobalOptions(commonOpts("capacity_sl", height, len(weeks))...)
	line.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100}))
	line.SetXAxis(labels)
	for i, r := range rs {
		color := scenarioColors[i%len(scenarioColors)]
		vals := make([]opts.LineData, len(weeks))
		for k := range weeks {
			vals[k] = opts.LineData{Value: "-"}
			if k < len(r.Weeks) && r.Weeks[k].ServiceLevelNoHire != nil {
				w := r.Weeks[k]
				vals[k] = opts.LineData{Value: round(UnitPercent.display(*w.ServiceLevelNoHire), 1)}
				planned := math.NaN()
				if w.ServiceLevelPlanned != nil {
					planned = *w.ServiceLevelPlanned
				}
				table.Rows = append(table.Rows, []string{r.Scenario.Name, w.Week.String(), csvFloat(*w.ServiceLevelNoHire, true), csvFloat(planned, limits.Finite(planned))})
			}
		}
		so := []charts.SeriesOpts{
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.ShowSymbol = opts.Bool(false) }),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		}
		if i == 0 {
			so = append(so, targetLine(t.T("chart.goal"), UnitPercent.display(r.ServiceLevel))...)
		}
		line.AddSeries(t.T("capacity.chart.sl", r.Scenario.Name), vals, so...)
	}
	c := Chart{ID: "capacity_sl", Title: t.T("capacity.chart.sl_title"), Note: t.T("capacity.chart.sl_note", t.Percent(rs[0].ServiceLevel, 0), fmt.Sprint(rs[0].ThresholdSeconds)), Height: height, ECharts: line, Table: table}
	return finish(c, conventions{unit: UnitPercent}, t)
}
