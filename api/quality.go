package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/people"
	"wfm/store"
)

func (s *Server) listQualityForms(c *gin.Context) { serveList(s, c, s.store.ListQualityForms) }
func (s *Server) getQualityForm(c *gin.Context)   { serveGet(s, c, s.store.GetQualityForm) }
func (s *Server) createQualityForm(c *gin.Context) {
	serveCreate(s, c, s.store.CreateQualityForm)
}
func (s *Server) updateQualityForm(c *gin.Context) {
	serveUpdate(s, c, s.store.UpdateQualityForm)
}

// evaluationFilter reads ?agent_id=&from=&to= in the caller's scope.
func evaluationFilter(c *gin.Context) (store.EvaluationFilter, error) {
	f := store.EvaluationFilter{Scope: principal(c).Scope}
	var err error
	if f.AgentID, err = queryInt(c, "agent_id"); err == nil {
		f.From, f.To, err = queryTimes(c)
	}
	return f, err
}

func (s *Server) listEvaluations(c *gin.Context) {
	f, err := evaluationFilter(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.Evaluation, error) { return s.store.ListEvaluations(ctx, f) })
}

func (s *Server) qualitySummary(c *gin.Context) {
	f, err := evaluationFilter(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.AgentQualitySummary, error) {
		return people.QualitySummary(ctx, s.store, f)
	})
}

func (s *Server) getEvaluation(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Evaluation, error) {
		return s.store.GetEvaluation(ctx, sc, id)
	})
}

func (s *Server) createEvaluation(c *gin.Context) {
	sc := principal(c).Scope
	serveCreate(s, c, func(ctx context.Context, a store.Actor, e *store.Evaluation) error {
		return people.CreateEvaluation(ctx, s.store, a, sc, e)
	})
}

func (s *Server) calibrate(c *gin.Context) {
	a, err := queryInt(c, "a")
	if err == nil {
		var b int64
		if b, err = queryInt(c, "b"); err == nil {
			var cal *store.Calibration
			if cal, err = people.Calibrate(c.Request.Context(), s.store, principal(c).Scope, a, b); err == nil {
				c.JSON(http.StatusOK, cal)
				return
			}
		}
	}
	fail(c, s.log, err)
}

// complaintFilter reads ?status=&open=&agent_id=&from=&to= in the caller's scope.
func complaintFilter(c *gin.Context) (store.ComplaintFilter, error) {
	f := store.ComplaintFilter{Scope: principal(c).Scope, Status: c.Query("status"), OpenOnly: c.Query("open") == "true"}
	var err error
	if f.AgentID, err = queryInt(c, "agent_id"); err == nil {
		f.From, f.To, err = queryTimes(c)
	}
	return f, err
}

func (s *Server) listComplaints(c *gin.Context) {
	f, err := complaintFilter(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.Complaint, error) { return people.Complaints(ctx, s.store, f) })
}

func (s *Server) complaintKPIs(c *gin.Context) {
	f, err := complaintFilter(c)
	if err == nil {
		var k store.ComplaintKPIs
		if k, err = people.ComplaintStats(c.Request.Context(), s.store, f); err == nil {
			c.JSON(http.StatusOK, k)
			return
		}
	}
	fail(c, s.log, err)
}

func (s *Server) getComplaint(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Complaint, error) {
		return people.Complaint(ctx, s.store, sc, id)
	})
}

func (s *Server) createComplaint(c *gin.Context) {
	sc := principal(c).Scope
	serveCreate(s, c, func(ctx context.Context, a store.Actor, m *store.Complaint) error {
		return people.CreateComplaint(ctx, s.store, a, sc, m)
	})
}

func (s *Server) stepComplaint(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var step store.ComplaintStep
	if err := c.ShouldBindJSON(&step); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	out, err := people.StepComplaint(c.Request.Context(), s.store, p.Actor(), p.Scope, id, step)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
