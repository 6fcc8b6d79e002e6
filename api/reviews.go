package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/people"
	"wfm/store"
)

func (s *Server) listScorecards(c *gin.Context)  { serveList(s, c, s.store.ListScorecards) }
func (s *Server) createScorecard(c *gin.Context) { serveCreate(s, c, s.store.CreateScorecard) }
func (s *Server) updateScorecard(c *gin.Context) { serveUpdate(s, c, s.store.UpdateScorecard) }

type reviewRequest struct {
	AgentID int64  `json:"agent_id"`
	Cycle   string `json:"cycle"` // YYYY-MM
}

type commentRequest struct {
	Body string `json:"body"`
}

type planRequest struct {
	Version int64            `json:"version"`
	Plan    []store.PlanItem `json:"plan"`
}

type acknowledgeRequest struct {
	Comment string `json:"comment"`
}

func (s *Server) listReviews(c *gin.Context) {
	f := store.ReviewFilter{Scope: principal(c).Scope, Cycle: c.Query("cycle")}
	var err error
	if f.AgentID, err = queryInt(c, "agent_id"); err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.Review, error) { return s.store.ListReviews(ctx, f) })
}

func (s *Server) getReview(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Review, error) {
		return people.ReadReview(ctx, s.store, sc, id)
	})
}

func (s *Server) createReview(c *gin.Context) {
	var in reviewRequest
	if err := c.ShouldBindJSON(&in); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	r, err := people.GenerateReview(c.Request.Context(), s.store, p.Actor(), p.Scope, in.AgentID, in.Cycle)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, r)
}

// serveReviewChange binds a body, then applies a change to the review of
// the path.
func serveReviewChange[T any](s *Server, c *gin.Context, change func(ctx context.Context, p *auth.Principal, id int64, in T) (*store.Review, error)) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var in T
	if c.Request.ContentLength != 0 {
		if err := c.ShouldBindJSON(&in); err != nil {
			fail(c, s.log, bindError(err))
			return
		}
	}
	r, err := change(c.Request.Context(), principal(c), id, in)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *Server) commentReview(c *gin.Context) {
	serveReviewChange(s, c, func(ctx context.Context, p *auth.Principal, id int64, in commentRequest) (*store.Review, error) {
		return people.CommentReview(ctx, s.store, p.Actor(), p.Scope, id, in.Body)
	})
}

func (s *Server) updateReviewPlan(c *gin.Context) {
	serveReviewChange(s, c, func(ctx context.Context, p *auth.Principal, id int64, in planRequest) (*store.Review, error) {
		return people.UpdateReviewPlan(ctx, s.store, p.Actor(), p.Scope, id, in.Version, in.Plan)
	})
}

func (s *Server) shareReview(c *gin.Context) {
	serveReviewChange(s, c, func(ctx context.Context, p *auth.Principal, id int64, _ struct{}) (*store.Review, error) {
		return people.ShareReview(ctx, s.store, p.Actor(), p.Scope, id)
	})
}

func (s *Server) acknowledgeReview(c *gin.Context) {
	serveReviewChange(s, c, func(ctx context.Context, p *auth.Principal, id int64, in acknowledgeRequest) (*store.Review, error) {
		return people.AcknowledgeReview(ctx, s.store, p.Actor(), p.Scope, id, in.Comment)
	})
}

func (s *Server) listFeedback(c *gin.Context) {
	sc := principal(c).Scope
	agentID, err := queryInt(c, "agent_id")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.Feedback, error) { return s.store.ListFeedback(ctx, sc, agentID) })
}

func (s *Server) createFeedback(c *gin.Context) {
	sc := principal(c).Scope
	serveCreate(s, c, func(ctx context.Context, a store.Actor, f *store.Feedback) error {
		return people.CreateFeedback(ctx, s.store, a, sc, f)
	})
}

func (s *Server) readFeedback(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Feedback, error) {
		return people.ReceiveFeedback(ctx, s.store, sc, id, false)
	})
}

func (s *Server) acknowledgeFeedback(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Feedback, error) {
		return people.ReceiveFeedback(ctx, s.store, sc, id, true)
	})
}
