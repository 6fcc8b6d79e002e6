package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/people"
	"wfm/store"
)

// ReviewsData is the data of the "reviews" page: the agent's own reviews
// and coaching notes.
type ReviewsData struct {
	Reviews  []ReviewView
	Feedback []FeedbackView
}

// ReviewView is one review cycle as the agent reads it.
type ReviewView struct {
	ID           int64
	Cycle        string
	Score        string
	Status       string // shared or acknowledged
	StatusText   string
	Items        []ReviewItem
	Strengths    []string
	Gaps         []string
	Plan         []PlanView
	Comments     []string
	AgentComment string
	CanAck       bool
}

// PlanView is one improvement plan item as the page says it: the
// system's proposal and check worded from their numbers, people's words
// as they wrote them.
type PlanView struct {
	KPI                  string
	Plan, Do, Check, Act Said
	Done                 bool
}

// Said is a text of a page and who said it: the interface (translated)
// or people (shown as written, marked as theirs).
type Said struct {
	Text   string
	People bool
}

func planView(p store.PlanItem, t Translator) PlanView {
	name := kpiName(p.KPI, t)
	v := PlanView{KPI: name, Done: p.Done}
	said := func(people string, key string, args ...any) Said {
		if people != "" {
			return Said{Text: people, People: true}
		}
		if key == "" {
			return Said{}
		}
		return Said{Text: t.T(key, args...)}
	}
	switch {
	case p.From != nil && p.To != nil:
		v.Plan = said(p.Plan, "review.plan.goal", name, kpiValue(p.KPI, *p.From, t), kpiValue(p.KPI, *p.To, t))
	default:
		v.Plan = said(p.Plan, "")
	}
	v.Do = said(p.Do, "review.plan.do_standard", name)
	c := p.Checked
	switch {
	case c == nil:
		v.Check, v.Act = said(p.Check, ""), said(p.Act, "")
	case c.Value == nil:
		v.Check, v.Act = said(p.Check, "review.plan.check_no_data", c.Cycle, name), said(p.Act, "review.plan.act_carried")
	case c.Met:
		v.Check = said(p.Check, "review.plan.check_met", c.Cycle, name, kpiValue(p.KPI, *c.Value, t), kpiValue(p.KPI, c.Target, t))
		v.Act = said(p.Act, "review.plan.act_closed")
	default:
		v.Check = said(p.Check, "review.plan.check_short", c.Cycle, name, kpiValue(p.KPI, *c.Value, t), kpiValue(p.KPI, c.Target, t))
		v.Act = said(p.Act, "review.plan.act_revise")
	}
	return v
}

// ReviewItem is one KPI line of a review.
type ReviewItem struct {
	Name, Value, Target, Points string
	Met                         bool
}

// FeedbackView is a coaching note.
type FeedbackView struct {
	ID     int64
	Date   string
	Body   string
	Acked  bool
	CanAck bool
}

// kpiValue formats a scorecard KPI in its unit: seconds, a 0-100 score,
// or a ratio shown as a percentage.
func kpiValue(name string, v float64, t Translator) string {
	switch {
	case strings.HasSuffix(name, "_seconds"):
		return t.Seconds(v)
	case name == "quality":
		return t.Number(v, 1)
	case name == "complaint_rate":
		return t.Percent(v, 2)
	}
	return t.Percent(v, 1)
}

func kpiName(name string, t Translator) string {
	if t.Has("kpi." + name) {
		return t.T("kpi." + name)
	}
	return name
}

func reviewView(r *store.Review, t Translator) ReviewView {
	v := ReviewView{ID: r.ID, Cycle: r.Cycle, Score: noValue, Status: r.Status, StatusText: t.T("review.status." + r.Status),
		AgentComment: r.AgentComment, CanAck: r.Status == store.ReviewShared}
	for _, p := range r.Plan {
		v.Plan = append(v.Plan, planView(p, t))
	}
	if r.Draft.Score != nil {
		v.Score = t.Number(*r.Draft.Score, 1)
	}
	for _, it := range r.Draft.Items {
		item := ReviewItem{Name: kpiName(it.KPI, t), Value: noValue, Target: kpiValue(it.KPI, it.Target, t), Points: noValue, Met: it.MetTarget}
		if it.Value != nil {
			item.Value = kpiValue(it.KPI, *it.Value, t)
		}
		if it.Points != nil {
			item.Points = t.Number(it.Contribution, 1)
		}
		v.Items = append(v.Items, item)
	}
	for _, s := range r.Draft.Strengths {
		v.Strengths = append(v.Strengths, kpiName(s.KPI, t))
	}
	for _, g := range r.Draft.Gaps {
		v.Gaps = append(v.Gaps, kpiName(g.KPI, t))
	}
	for _, c := range r.Comments {
		v.Comments = append(v.Comments, c.Body)
	}
	return v
}

// myReviews shows the agent's shared reviews (reading one leaves a read
// receipt, as the API does) and her coaching notes (marked read).
func (p *pages) myReviews(c *gin.Context, pg Page) {
	pg.Title = pg.T("nav.my_reviews")
	var data ReviewsData
	if id := auth.Current(c).Scope.AgentID; id != 0 {
		var err error
		if data, err = p.reviewsData(c.Request.Context(), &pg, auth.Current(c).Scope, id); err != nil {
			p.problem(c, pg, err)
			return
		}
	}
	if c.Query("acknowledged") == "1" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("review.acknowledged")})
	}
	pg.Data = data
	p.write(c, http.StatusOK, "reviews", pg)
}

// reviewsData is an agent's reviews and coaching notes; the notes she
// had not read are read now.
func (p *pages) reviewsData(ctx context.Context, pg *Page, sc store.Scope, id int64) (ReviewsData, error) {
	var data ReviewsData
	if _, loc, err := p.siteOfAgent(ctx, id); err == nil {
		pg.Translator = NewTranslator(pg.Locale(), loc)
	}
	list, err := p.store.ListReviews(ctx, store.ReviewFilter{AgentID: id, Scope: sc})
	if err != nil {
		return data, err
	}
	for _, r := range list {
		full, err := people.ReadReview(ctx, p.store, sc, r.ID)
		if err != nil {
			return data, err
		}
		data.Reviews = append(data.Reviews, reviewView(full, pg.Translator))
	}
	notes, err := p.store.ListFeedback(ctx, sc, id)
	if err != nil {
		return data, err
	}
	for _, f := range notes {
		if f.ReadAt == nil {
			if _, err := people.ReceiveFeedback(ctx, p.store, sc, f.ID, false); err != nil {
				return data, err
			}
		}
		data.Feedback = append(data.Feedback, FeedbackView{ID: f.ID, Date: pg.Date(f.CreatedAt), Body: f.Body,
			Acked: f.AcknowledgedAt != nil, CanAck: f.AcknowledgedAt == nil})
	}
	return data, nil
}

func (p *pages) acknowledgeReview(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	comment := strings.TrimSpace(c.PostForm("comment"))
	if _, err := people.AcknowledgeReview(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, comment); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathMyReviews+"?acknowledged=1")
}

func (p *pages) acknowledgeFeedback(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if _, err := people.ReceiveFeedback(c.Request.Context(), p.store, pr.Scope, id, true); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathMyReviews+"?acknowledged=1")
}
