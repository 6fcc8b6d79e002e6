package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/batch"
	"wfm/fault"
	"wfm/kpi"
	"wfm/limits"
	"wfm/measure"
	"wfm/store"
)

func invalidQuery(name, msg string) error {
	return &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{name: msg}}
}

// queryDate reads an optional date query parameter (YYYY-MM-DD).
func queryDate(c *gin.Context, name string) (kpi.Date, error) {
	v := c.Query(name)
	if v == "" {
		return kpi.Date{}, nil
	}
	d, err := kpi.ParseDate(v)
	if err != nil {
		return kpi.Date{}, invalidQuery(name, err.Error())
	}
	return d, nil
}

// kpiQuery reads the query parameters the KPI views share.
func kpiQuery(c *gin.Context) (store.KPIQuery, error) {
	q := store.KPIQuery{Scope: principal(c).Scope, Period: kpi.Period(c.DefaultQuery("period", "day"))}
	var err error
	if q.From, err = queryDate(c, "from"); err != nil {
		return q, err
	}
	if q.To, err = queryDate(c, "to"); err != nil {
		return q, err
	}
	if q.From != (kpi.Date{}) && q.To != (kpi.Date{}) {
		if err := limits.CheckRange(q.From.Start(nil), q.To.Start(nil)); err != nil {
			return q, invalidQuery("to", err.Error())
		}
	}
	if v := c.Query("interval"); v != "" {
		if q.Interval, err = batch.ParseDuration(v); err != nil {
			return q, invalidQuery("interval", err.Error())
		}
	}
	for name, dst := range map[string]*int64{"queue_id": &q.QueueID, "agent_id": &q.AgentID, "team_id": &q.TeamID} {
		if *dst, err = queryInt(c, name); err != nil {
			return q, err
		}
	}
	return q, nil
}

// serveKPI answers a KPI view (a use case of measure) of the request's
// query.
func serveKPI[T any](s *Server, c *gin.Context, view func(context.Context, *store.Store, store.KPIQuery) (T, error)) {
	q, err := kpiQuery(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	out, err := view(c.Request.Context(), s.store, q)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) queueIntervalKPIs(c *gin.Context) { serveKPI(s, c, measure.QueueIntervalKPIs) }
func (s *Server) queuePeriodKPIs(c *gin.Context)   { serveKPI(s, c, measure.QueuePeriodKPIs) }
func (s *Server) agentDayKPIs(c *gin.Context)      { serveKPI(s, c, measure.AgentDayKPIs) }
func (s *Server) agentPeriodKPIs(c *gin.Context)   { serveKPI(s, c, measure.AgentPeriodKPIs) }
func (s *Server) teamPeriodKPIs(c *gin.Context)    { serveKPI(s, c, measure.TeamPeriodKPIs) }
func (s *Server) strainMap(c *gin.Context)         { serveKPI(s, c, measure.StrainMap) }

func (s *Server) rollupKPIs(c *gin.Context) {
	from, to, err := queryTimes(c)
	if err == nil {
		var res measure.RollupResult
		if res, err = measure.RollupKPIs(c.Request.Context(), s.store, from, to); err == nil {
			c.JSON(http.StatusOK, res)
			return
		}
	}
	fail(c, s.log, err)
}

func (s *Server) realTimeAdherence(c *gin.Context) {
	q := measure.RealTimeQuery{Scope: principal(c).Scope, Threshold: measure.AdherenceThreshold}
	var err error
	for name, dst := range map[string]*int64{"site_id": &q.SiteID, "team_id": &q.TeamID, "agent_id": &q.AgentID} {
		if *dst, err = queryInt(c, name); err != nil {
			fail(c, s.log, err)
			return
		}
	}
	if v := c.Query("threshold"); v != "" {
		if q.Threshold, err = batch.ParseDuration(v); err != nil {
			fail(c, s.log, invalidQuery("threshold", err.Error()))
			return
		}
	}
	if q.At, err = queryTime(c, "at"); err != nil {
		fail(c, s.log, err)
		return
	}
	if q.At.IsZero() {
		q.At = s.now()
	}
	if q.Day, err = queryDate(c, "day"); err != nil {
		fail(c, s.log, err)
		return
	}
	out, err := measure.RealTime(c.Request.Context(), s.store, q)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) computeStrain(c *gin.Context) {
	at, err := queryTime(c, "at")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	if at.IsZero() {
		at = s.now()
	}
	days, err := measure.ComputeStrain(c.Request.Context(), s.store, at)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	if days == nil {
		days = []store.StrainDay{}
	}
	c.JSON(http.StatusOK, days)
}

func (s *Server) listAlerts(c *gin.Context) {
	f := store.AlertFilter{Scope: principal(c).Scope, Kind: c.Query("kind"), UnreadOnly: c.Query("unread") == "true"}
	serveList(s, c, func(ctx context.Context) ([]store.Alert, error) { return s.store.ListAlerts(ctx, f) })
}

func (s *Server) readAlert(c *gin.Context) {
	p := principal(c)
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Alert, error) {
		return s.store.MarkAlertRead(ctx, p.Actor(), p.Scope, id)
	})
}
