package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/intraday"
	"wfm/store"
)

// offerRoutes are overtime and voluntary time off offers: a supervisor
// sends them from the queue monitor, agents accept or decline.
func (s *Server) offerRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/offers", agent, "overtime and time off offers in my scope: my sites' (a supervisor's), or those made to me with my answer (an agent's) (?day=)", nil, []store.Offer{}, s.listOffers},
		{"POST", "/api/v1/offers", supervisor, "offer overtime (a longer shift: stay on at its end, or come in earlier) or voluntary time off (leave early, come in later) to agents of my teams: by default the queue monitor's candidates and, for overtime, the minutes that cover its worst gap; each agent's changed shift is checked against her contract first, those who could not take it are left out with the reason; the agents are notified (offer.made)", intraday.OfferInput{}, intraday.OfferResult{}, s.createOffer},
		{"POST", "/api/v1/offers/:id/accept", agent, "accept an offer made to me: first come, up to the number needed (409 when already filled, expired or withdrawn); my shift is changed on the published roster, checked against my contract (400 with the broken rules, the place left open)", nil, store.Offer{}, s.acceptOffer},
		{"POST", "/api/v1/offers/:id/decline", agent, "decline an offer made to me", nil, store.Offer{}, s.declineOffer},
		{"POST", "/api/v1/offers/:id/cancel", supervisor, "withdraw an offer of my sites (what was accepted stays on the roster)", versionRequest{}, store.Offer{}, s.cancelOffer},
	}
}

func (s *Server) listOffers(c *gin.Context) {
	sc := principal(c).Scope
	day, err := queryDay(c, "day")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.Offer, error) {
		return intraday.ListOffers(ctx, s.store, sc, day, s.now())
	})
}

func (s *Server) createOffer(c *gin.Context) {
	var in intraday.OfferInput
	if err := c.ShouldBindJSON(&in); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	res, err := intraday.CreateOffer(c.Request.Context(), s.store, p.Actor(), p.Scope, in, s.now())
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, res)
}

func (s *Server) acceptOffer(c *gin.Context)  { s.answerOffer(c, intraday.AcceptOffer) }
func (s *Server) declineOffer(c *gin.Context) { s.answerOffer(c, intraday.DeclineOffer) }

func (s *Server) answerOffer(c *gin.Context, act func(context.Context, *store.Store, store.Actor, store.Scope, int64, time.Time) (*store.Offer, error)) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	p := principal(c)
	o, err := act(c.Request.Context(), s.store, p.Actor(), p.Scope, id, s.now())
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

func (s *Server) cancelOffer(c *gin.Context) {
	serveVersioned(s, c, func(ctx context.Context, a store.Actor, sc store.Scope, id, version int64) (*store.Offer, error) {
		return intraday.CancelOffer(ctx, s.store, a, sc, id, version, s.now())
	})
}
