package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/intraday"
	"wfm/store"
)

// intradayRoutes are the live feed's routes: agent events in, and the
// mapping of the ACD's codes.
func (s *Server) intradayRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/agent-events", Integration, "agent state changes from an ACD or connector (an integration token: POST /api/v1/tokens with scope integration): at most 10,000 per batch, each placed on its agent's timeline in order of time; a resent event (same source and event_id) changes nothing; each bad event is refused with its index, field and reason while the others are taken", intraday.Batch{}, intraday.Result{}, s.recordAgentEvents},
		{"GET", "/api/v1/intraday/queues/:id", supervisor, "the intraday queue monitor: today's intervals of the queue (at its site) with the forecast, what happened (offered, answered, abandoned, SL, ASA, AHT), the requirement (re-made for the rest of the day by the intraday reforecast), agents scheduled and staffed, and the gap; the day so far against the targets and the rest of the day's shortfall", nil, intraday.QueueMonitor{}, s.queueMonitor},
		{"GET", "/api/v1/state-mappings", supervisor, "how the ACD's state and reason codes map to the product's states (available, contact, acw, break, lunch, meeting, training, offline, other)", nil, stateMappings{}, s.getStateMappings},
		{"PUT", "/api/v1/state-mappings", admin, "replace the state mappings (an empty reason maps the state whatever its reason; a code that is already a product state maps to itself unless mapped)", stateMappings{}, stateMappings{}, s.setStateMappings},
	}
}

// Integration marks a route for integration tokens only.
const Integration = auth.Integration

func (s *Server) recordAgentEvents(c *gin.Context) {
	var b intraday.Batch
	if err := c.ShouldBindJSON(&b); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	res, err := intraday.RecordEvents(c.Request.Context(), s.store, b)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	s.metrics.ObserveAgentEvents(res.Accepted, res.Duplicates, len(res.Refused))
	c.JSON(http.StatusOK, res)
}

// stateMappings is the whole list, edited as one.
type stateMappings struct {
	Mappings []store.StateMapping `json:"mappings"`
}

func (s *Server) getStateMappings(c *gin.Context) {
	ms, err := intraday.Mappings(c.Request.Context(), s.store)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, stateMappings{Mappings: ms})
}

func (s *Server) setStateMappings(c *gin.Context) {
	var req stateMappings
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	if req.Mappings == nil {
		req.Mappings = []store.StateMapping{}
	}
	if err := intraday.ReplaceMappings(c.Request.Context(), s.store, principal(c).Actor(), req.Mappings); err != nil {
		fail(c, s.log, err)
		return
	}
	s.getStateMappings(c)
}

func (s *Server) queueMonitor(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	m, err := intraday.QueueDay(c.Request.Context(), s.store, id, s.now())
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, m)
}
