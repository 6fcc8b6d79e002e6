package web

import (
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/measure"
	"wfm/people"
	"wfm/rostering"
	"wfm/sheet"
	"wfm/sheet/xlsx"
	"wfm/store"
)

// The spreadsheet downloads (.xlsx) of the pages: what a page shows, for
// its filters, in the reader's language, with the page's scope. The
// pages link to them (the ExportURL methods below, which the templates
// call); the API has the same workbooks (api/export_xlsx.go).

// ExportURL is the download of the roster week shown: the version's
// when the board shows one, else the site's published roster.
func (d RosterData) ExportURL() string {
	day := url.Values{"day": {civil.Of(d.Day, d.Day.Location()).String()}}
	if d.Draft != nil {
		return versionURL(d.Draft.ID) + "/export.xlsx?" + day.Encode()
	}
	day.Set("site", strconv.FormatInt(d.SiteID, 10))
	return PathRoster + "/export.xlsx?" + day.Encode()
}

// ExportURL is the download of the dashboard's data for its filters.
func (d DashboardData) ExportURL() string {
	v := url.Values{"from": {d.From.String()}, "to": {d.To.String()}}
	for _, q := range d.Queues {
		if q.Selected {
			v.Set("queue", q.Value)
		}
	}
	for _, t := range d.Teams {
		if t.Selected && t.Value != "" {
			v.Set("team", t.Value)
		}
	}
	return PathDashboard + "/export.xlsx?" + v.Encode()
}

// ExportURL is the download of the review's scorecard.
func (v ReviewView) ExportURL() string {
	return PathMyReviews + "/" + strconv.FormatInt(v.ID, 10) + "/export.xlsx"
}

// ExportURL is the download of a charts page's table, on the pages that
// have one (My KPIs); "" elsewhere.
func (p Page) ExportURL() string {
	if p.Path == PathMyKPIs {
		return PathMyKPIs + "/export.xlsx"
	}
	return ""
}

// sendXLSX sends the tables, or the error page.
func (p *pages) sendXLSX(c *gin.Context, pg Page, name string, tables []sheet.Table, err error) {
	if err == nil {
		err = xlsx.Serve(c.Writer, name, tables)
	}
	if err != nil {
		p.problem(c, pg, err)
	}
}

// rosterXLSX is the published roster's week of a site (?site=, default
// the first site of the reader's teams, as the board; ?day= in the week).
func (p *pages) rosterXLSX(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	req := rostering.RosterWeek{Day: dayParam(c)}
	req.SiteID, _ = strconv.ParseInt(c.Query("site"), 10, 64)
	if req.SiteID == 0 {
		teams, err := p.store.ListTeams(ctx, pr.Scope)
		if err != nil || len(teams) == 0 {
			p.problem(c, pg, firstErr(err, refuse(fault.NotFound, "error.404")))
			return
		}
		req.SiteID = teams[0].SiteID
	}
	week, err := rostering.ExportRosterWeek(ctx, p.store, pr.Scope, req, p.now(), pg.T)
	p.sendXLSX(c, pg, "roster_"+week.Monday.String(), week.Tables, err)
}

// draftXLSX is a roster version's week (?day= in the week, default its
// first).
func (p *pages) draftXLSX(c *gin.Context, pg Page) {
	req := rostering.RosterWeek{Day: dayParam(c)}
	req.VersionID, _ = strconv.ParseInt(c.Param("id"), 10, 64)
	week, err := rostering.ExportRosterWeek(c.Request.Context(), p.store, auth.Current(c).Scope, req, p.now(), pg.T)
	p.sendXLSX(c, pg, "schedule_"+c.Param("id")+"_"+week.Monday.String(), week.Tables, err)
}

// dayParam is ?day= as a date; zero when absent or no date (the board
// then shows the current week too).
func dayParam(c *gin.Context) civil.Date {
	d, _ := civil.Parse(c.Query("day"))
	return d
}

// dashboardXLSX is the dashboard's data for its filters, read as the
// dashboard reads them (the default range, the cap on days).
func (p *pages) dashboardXLSX(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	data, err := p.dashboardData(ctx, &pg, c.Request.URL.Query())
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	d := measure.Dashboard{}
	d.QueueID, _ = strconv.ParseInt(selected(data.Queues), 10, 64)
	d.TeamID, _ = strconv.ParseInt(c.Query("team"), 10, 64)
	if d.QueueID == 0 || data.From.IsZero() || data.To.IsZero() {
		p.problem(c, pg, refuse(fault.NotFound, "error.404"))
		return
	}
	d.From, d.To = data.From, data.To
	tables, err := measure.DashboardTables(ctx, p.store, d, pg.T)
	p.sendXLSX(c, pg, "dashboard_"+data.From.String()+"_"+data.To.String(), tables, err)
}

func selected(options []Option) string {
	for _, o := range options {
		if o.Selected {
			return o.Value
		}
	}
	return ""
}

// myKPIsXLSX is the agent's own days, over the days My KPIs shows.
func (p *pages) myKPIsXLSX(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	id := pr.Scope.AgentID
	if id == 0 {
		p.problem(c, pg, refuse(fault.NotFound, "error.404"))
		return
	}
	_, loc, err := p.siteOfAgent(ctx, id)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	to := kpi.DateOf(p.now(), loc)
	from := to.AddDays(-(kpiDays - 1))
	table, err := measure.AgentDayTable(ctx, p.store, store.KPIQuery{From: from, To: to, AgentID: id, Scope: pr.Scope}, pg.T)
	p.sendXLSX(c, pg, "my_kpis_"+from.String()+"_"+to.String(), []sheet.Table{table}, err)
}

// reviewXLSX is a review's scorecard, in scope as reading it.
func (p *pages) reviewXLSX(c *gin.Context, pg Page) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	r, err := people.ExportReview(c.Request.Context(), p.store, auth.Current(c).Scope, id, pg.T)
	p.sendXLSX(c, pg, "review_"+r.Agent.Code+"_"+r.Review.Cycle, []sheet.Table{r.Table}, err)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
