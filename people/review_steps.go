package people

import (
	"context"
	"fmt"

	"wfm/fault"
	"wfm/limits"
	"wfm/store"
)

// supervisesReview refuses changes by anyone but the agent's supervisor or
// a manager.
func supervisesReview(sc store.Scope, ag *store.Agent, id int64) error {
	if sc.All || sc.HasTeam(ag.TeamID) {
		return nil
	}
	return fault.Errorf(fault.Forbidden, "only the agent's supervisor or a manager changes review %d", id)
}

// ownReview tells whether the viewer is the review's agent herself.
func ownReview(sc store.Scope, r *store.Review) bool {
	return sc.AgentID != 0 && sc.AgentID == r.AgentID
}

// ReadReview reads a review with its comments as the scope sees it; the
// agent reading her own for the first time leaves a read receipt.
func ReadReview(ctx context.Context, st *store.Store, sc store.Scope, id int64) (*store.Review, error) {
	r, _, err := st.LoadReview(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if ownReview(sc, r) && r.ReadAt == nil {
		if err := st.MarkReviewRead(ctx, r, st.Now()); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// CommentReview adds a supervisor's comment to a review.
func CommentReview(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, body string) (*store.Review, error) {
	r, ag, err := st.LoadReview(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if err := supervisesReview(sc, ag, id); err != nil {
		return nil, err
	}
	if body == "" {
		return nil, (fault.FieldErrors{"body": "required"}).Err("comment")
	}
	if err := store.TextError("comment", "body", body, limits.Note); err != nil {
		return nil, err
	}
	if a.UserID == 0 {
		return nil, fault.Errorf(fault.Invalid, "a review comment is written by a user, not by the system")
	}
	c := store.ReviewComment{ReviewID: id, AuthorUserID: a.UserID, Body: body, CreatedAt: st.Now().UTC()}
	if err := st.AddReviewComment(ctx, a, &c); err != nil {
		return nil, err
	}
	r.Comments = append(r.Comments, c)
	return r, nil
}

// UpdateReviewPlan replaces the improvement plan of a review not yet
// acknowledged (version: the one the editor read).
func UpdateReviewPlan(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64, plan []store.PlanItem) (*store.Review, error) {
	r, ag, err := st.LoadReview(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if err := supervisesReview(sc, ag, id); err != nil {
		return nil, err
	}
	if r.Status == store.ReviewAcknowledged {
		return nil, fault.Errorf(fault.Conflict, "review %d was acknowledged; its plan is kept as agreed", id)
	}
	r.Plan, r.Version = []store.PlanItem{}, version
	for _, p := range plan {
		p.Summary = p.Domain().Summary()
		r.Plan = append(r.Plan, p)
	}
	return r, st.SaveReview(ctx, a, r, "plan")
}

// ShareReview makes a draft visible to the agent.
func ShareReview(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64) (*store.Review, error) {
	r, ag, err := st.LoadReview(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if err := supervisesReview(sc, ag, id); err != nil {
		return nil, err
	}
	if r.Status != store.ReviewDraftStatus {
		return r, nil
	}
	r.Status = store.ReviewShared
	if err := st.SaveReview(ctx, a, r, "share"); err != nil {
		return nil, err
	}
	// After the review's own transaction: a review shared whose event was
	// lost to a crash in between is still on the agent's reviews page.
	_, err = st.AppendEvent(ctx, nil, store.NewEvent(store.EventReviewShared, fmt.Sprint(r.ID), fmt.Sprintf("review %d", r.ID),
		map[string]any{"review_id": r.ID, "agent_id": r.AgentID, "cycle": r.Cycle}))
	return r, err
}

// AcknowledgeReview is the agent herself acknowledging her shared review,
// with an optional comment.
func AcknowledgeReview(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, comment string) (*store.Review, error) {
	r, _, err := st.LoadReview(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if !ownReview(sc, r) {
		return nil, fault.Errorf(fault.Forbidden, "only the agent herself acknowledges review %d", id)
	}
	if r.Status == store.ReviewAcknowledged {
		return r, nil
	}
	if err := store.TextError("review", "comment", comment, limits.Note); err != nil {
		return nil, err
	}
	now := st.Now().UTC()
	r.Status, r.AcknowledgedAt, r.AgentComment = store.ReviewAcknowledged, &now, comment
	if r.ReadAt == nil {
		r.ReadAt = &now
	}
	return r, st.SaveReview(ctx, a, r, "acknowledge")
}

// CreateFeedback writes a note to an agent of the actor's teams.
func CreateFeedback(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, f *store.Feedback) error {
	fe := fault.FieldErrors{}
	if f.AgentID <= 0 {
		fe.Add("agent_id", "required")
	}
	if f.Body == "" {
		fe.Add("body", "required")
	}
	if err := limits.Note.Check(f.Body); err != nil {
		fe.Add("body", "%v", err)
	}
	if a.UserID == 0 {
		fe.Add("author_user_id", "feedback is written by a user, not by the system")
	}
	if err := fe.Err("feedback"); err != nil {
		return err
	}
	ag, err := st.CheckAgentScope(ctx, sc, f.AgentID)
	if err != nil {
		return err
	}
	if !sc.All && !sc.HasTeam(ag.TeamID) {
		return fault.Errorf(fault.Forbidden, "only her supervisor or a manager writes feedback to agent %d", f.AgentID)
	}
	f.AuthorUserID, f.CreatedAt, f.ReadAt, f.AcknowledgedAt = a.UserID, st.Now().UTC(), nil, nil
	return st.InsertFeedback(ctx, a, f)
}

// ReceiveFeedback records that the agent herself read (and, with ack,
// acknowledged) a note. Receipts are kept at their first time.
func ReceiveFeedback(ctx context.Context, st *store.Store, sc store.Scope, id int64, ack bool) (*store.Feedback, error) {
	f, err := st.FeedbackByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if sc.AgentID == 0 || sc.AgentID != f.AgentID {
		if _, err := st.CheckAgentScope(ctx, sc, f.AgentID); err != nil {
			return nil, err
		}
		return nil, fault.Errorf(fault.Forbidden, "only the agent herself marks feedback %d read", id)
	}
	now := st.Now().UTC()
	if f.ReadAt == nil {
		f.ReadAt = &now
	}
	if ack && f.AcknowledgedAt == nil {
		f.AcknowledgedAt = &now
	}
	if err := st.SaveFeedbackReceipts(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}
