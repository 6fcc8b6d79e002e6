package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/connector"
)

// pullResult is what a connector's run now did.
type pullResult struct {
	Imported int                `json:"imported"`
	Settings connector.Settings `json:"settings"`
}

func (s *Server) listConnectors(c *gin.Context) {
	serveList(s, c, func(ctx contextT) ([]connector.Settings, error) { return connector.List(ctx, s.store) })
}

func (s *Server) getConnector(c *gin.Context) {
	id, err := pathID(c)
	if err == nil {
		var set connector.Settings
		if set, err = connector.Get(c.Request.Context(), s.store, id); err == nil {
			c.JSON(http.StatusOK, set)
			return
		}
	}
	fail(c, s.log, err)
}

func (s *Server) saveConnector(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var in connector.Input
	if !s.bindBody(c, &in) {
		return
	}
	set, err := connector.Save(c.Request.Context(), s.store, s.sealer, principal(c).Actor(), id, in)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, set)
}

func (s *Server) deleteConnector(c *gin.Context) {
	id, err := pathID(c)
	if err == nil {
		err = connector.Delete(c.Request.Context(), s.store, principal(c).Actor(), id)
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// pullConnector runs a site's connector now, as the job would; its
// outcome is recorded on the connector either way.
func (s *Server) pullConnector(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	ctx := c.Request.Context()
	n, err := connector.PullNow(ctx, s.store, s.sealer, id, s.now())
	if err != nil {
		fail(c, s.log, err)
		return
	}
	set, err := connector.Get(ctx, s.store, id)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, pullResult{Imported: n, Settings: set})
}
