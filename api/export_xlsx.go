package api

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/measure"
	"wfm/people"
	"wfm/rostering"
	"wfm/sheet"
	"wfm/sheet/xlsx"
)

// exportRoutes are the spreadsheet exports (.xlsx), each the workbook of
// a JSON route beside it, with the same query and scope, in the caller's
// language (her saved locale, else Accept-Language). CSV stays where it
// was.
func (s *Server) exportRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/schedules/:id/export.xlsx", supervisor, "a roster version's week as a spreadsheet, one sheet per team of mine: agents by the seven days, shifts and breaks in the site's zone (?week= a date in the week, default the version's first; ?team_id=)", nil, nil, s.exportScheduleXLSX},
		{"GET", "/api/v1/shifts/export.xlsx", supervisor, "the published roster's week of a site as a spreadsheet, one sheet per team of mine (?site_id= required; ?week= a date in the week, default this week; ?team_id=)", nil, nil, s.exportShiftsXLSX},
		{"GET", "/api/v1/kpi/queue-intervals/export.xlsx", supervisor, "queue x interval KPIs as a spreadsheet, one sheet per queue, intervals in its site's zone (the query of /api/v1/kpi/queue-intervals)", nil, nil, s.exportQueueIntervalsXLSX},
		{"GET", "/api/v1/kpi/agent-days/export.xlsx", agent, "agent x day KPIs in my scope as a spreadsheet (the query of /api/v1/kpi/agent-days)", nil, nil, s.exportAgentDaysXLSX},
		{"GET", "/api/v1/reviews/:id/export.xlsx", agent, "a review's scorecard as a spreadsheet: metric, weight, target, actual, score (in scope as reading the review)", nil, nil, s.exportReviewXLSX},
	}
}

// xlsxContent is the OpenAPI content of a workbook answer.
func xlsxContent() map[string]any {
	return map[string]any{xlsx.ContentType: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
}

// exportWords says the exports' words in the caller's language: her own
// choice, else the client's Accept-Language, as the calendar feed does.
// Without the catalogs wired in (Config.Translate), the message keys.
func (s *Server) exportWords(c *gin.Context) func(key string, args ...any) string {
	if s.translate == nil {
		return func(key string, _ ...any) string { return key }
	}
	locale := ""
	if p := principal(c); p != nil && p.User != nil {
		locale = p.User.Locale
	}
	if locale == "" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(c.GetHeader("Accept-Language"))), "zh") {
		locale = "zh-CN"
	}
	return func(key string, args ...any) string { return s.translate(locale, key, args...) }
}

// serveXLSX sends the tables as a download, or the error.
func (s *Server) serveXLSX(c *gin.Context, name string, tables []sheet.Table, err error) {
	if err == nil {
		err = xlsx.Serve(c.Writer, name, tables)
	}
	if err != nil {
		fail(c, s.log, err)
	}
}

// rosterWeek reads the week and the team of a roster export.
func rosterWeek(c *gin.Context) (rostering.RosterWeek, error) {
	var req rostering.RosterWeek
	var err error
	if req.Day, err = queryDate(c, "week"); err != nil {
		return req, err
	}
	req.TeamID, err = queryInt(c, "team_id")
	return req, err
}

func (s *Server) exportScheduleXLSX(c *gin.Context) {
	req, err := rosterWeek(c)
	if err == nil {
		req.VersionID, err = pathID(c)
	}
	s.serveRosterWeek(c, req, err, "schedule_"+c.Param("id"))
}

func (s *Server) exportShiftsXLSX(c *gin.Context) {
	req, err := rosterWeek(c)
	if err == nil {
		req.SiteID, err = queryInt(c, "site_id")
	}
	if err == nil && req.SiteID == 0 {
		err = invalidQuery("site_id", "required")
	}
	s.serveRosterWeek(c, req, err, "roster")
}

func (s *Server) serveRosterWeek(c *gin.Context, req rostering.RosterWeek, err error, name string) {
	if err != nil {
		fail(c, s.log, err)
		return
	}
	week, err := rostering.ExportRosterWeek(c.Request.Context(), s.store, principal(c).Scope, req, s.now(), s.exportWords(c))
	s.serveXLSX(c, name+"_"+week.Monday.String(), week.Tables, err)
}

func (s *Server) exportQueueIntervalsXLSX(c *gin.Context) {
	q, err := kpiQuery(c)
	var tables []sheet.Table
	if err == nil {
		tables, err = measure.QueueIntervalTables(c.Request.Context(), s.store, q, s.exportWords(c))
	}
	s.serveXLSX(c, "queue_intervals_"+q.From.String()+"_"+q.To.String(), tables, err)
}

func (s *Server) exportAgentDaysXLSX(c *gin.Context) {
	q, err := kpiQuery(c)
	var table sheet.Table
	if err == nil {
		table, err = measure.AgentDayTable(c.Request.Context(), s.store, q, s.exportWords(c))
	}
	s.serveXLSX(c, "agent_days_"+q.From.String()+"_"+q.To.String(), []sheet.Table{table}, err)
}

func (s *Server) exportReviewXLSX(c *gin.Context) {
	id, err := pathID(c)
	var r people.ReviewExport
	if err == nil {
		r, err = people.ExportReview(c.Request.Context(), s.store, principal(c).Scope, id, s.exportWords(c))
	}
	s.serveXLSX(c, "review_"+r.Agent.Code+"_"+r.Review.Cycle+"_"+strconv.FormatInt(id, 10), []sheet.Table{r.Table}, err)
}
