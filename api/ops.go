package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/jobs"
	"wfm/store"
	"wfm/version"
)

type contextT = context.Context

func (s *Server) healthz(c *gin.Context) {
	v := version.Get()
	c.JSON(http.StatusOK, statusBody{Status: "ok", Version: &v})
}

// readyz is ready when the database answers and no migration is pending.
func (s *Server) readyz(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.store.Ping(ctx); err != nil {
		c.JSON(http.StatusServiceUnavailable, statusBody{Status: "database unreachable", Detail: []string{err.Error()}})
		return
	}
	pending, err := s.store.PendingMigrations(ctx)
	if err != nil {
		c.JSON(http.StatusServiceUnavailable, statusBody{Status: "cannot read the schema version", Detail: []string{err.Error()}})
		return
	}
	if len(pending) > 0 {
		c.JSON(http.StatusServiceUnavailable, statusBody{Status: "schema is behind: run wfm migrate", Detail: pending})
		return
	}
	c.JSON(http.StatusOK, statusBody{Status: "ready"})
}

func (s *Server) listJobs(c *gin.Context) {
	if s.jobs == nil {
		c.JSON(http.StatusOK, []jobs.Info{})
		return
	}
	c.JSON(http.StatusOK, s.jobs.List())
}

func (s *Server) listJobRuns(c *gin.Context) {
	if s.jobs == nil {
		c.JSON(http.StatusOK, []jobs.Run{})
		return
	}
	limit, _ := strconv.Atoi(c.Query("limit"))
	serveList(s, c, func(ctx context.Context) ([]jobs.Run, error) { return s.jobs.Runs(ctx, c.Query("job"), limit) })
}

func (s *Server) runJob(c *gin.Context) {
	if s.jobs == nil {
		fail(c, s.log, fault.Errorf(fault.NotFound, "no jobs in this process"))
		return
	}
	run, err := s.jobs.RunNow(c.Request.Context(), c.Param("name"))
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, run)
}

func (s *Server) listAudit(c *gin.Context) {
	limit, _ := strconv.Atoi(c.Query("limit"))
	f := store.AuditFilter{Entity: c.Query("entity"), EntityID: c.Query("entity_id"), Limit: limit}
	serveList(s, c, func(ctx context.Context) ([]store.AuditEntry, error) { return s.store.ListAudit(ctx, f) })
}

// Jobs is the job engine the server queues jobs through (nil when this
// process runs none), for the web's job page.
func (s *Server) Jobs() Jobs { return s.jobs }
