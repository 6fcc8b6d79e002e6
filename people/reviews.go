package people

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"wfm/fault"
	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
)

// GenerateReview computes (or recomputes, while still a draft) an agent's
// review for a cycle: the scorecard, quality, complaints, strengths and
// gaps, and the improvement plan carried over from the previous cycle.
// Only her supervisor or a manager writes it; a review already shared is
// kept as it was (conflict).
func GenerateReview(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, agentID int64, cycle string) (*store.Review, error) {
	ag, err := st.CheckAgentScope(ctx, sc, agentID)
	if err != nil {
		return nil, err
	}
	if !sc.All && !sc.HasTeam(ag.TeamID) {
		return nil, fault.Errorf(fault.Forbidden, "only her supervisor or a manager writes agent %d's review", agentID)
	}
	card, err := scorecardFor(ctx, st, ag.TeamID)
	if err != nil {
		return nil, err
	}
	in, draft, err := reviewInput(ctx, st, ag, cycle, card)
	if err != nil {
		return nil, err
	}
	prev, err := st.ReviewOf(ctx, agentID, previousCycle(cycle))
	switch {
	case err == nil:
		pr := kpi.Review{Agent: in.Agent, Cycle: prev.Cycle}
		for _, p := range prev.Plan {
			pr.Plan = append(pr.Plan, p.Domain())
		}
		in.Previous = &pr
	case fault.CodeOf(err) != fault.NotFound:
		return nil, fmt.Errorf("read previous review: %w", err)
	}
	d, err := kpi.DraftReview(in)
	if err != nil {
		return nil, fault.Errorf(fault.Invalid, "review draft: %v", err)
	}
	draft.Score, draft.Items = store.Ratio(d.Scorecard.Total), itemScores(d.Scorecard.Items)
	draft.Strengths, draft.Gaps = itemScores(d.Strengths), itemScores(d.Gaps)
	plan := []store.PlanItem{}
	for _, p := range d.Plan {
		plan = append(plan, planItem(p))
	}
	r, err := st.ReviewOf(ctx, agentID, cycle)
	switch {
	case fault.CodeOf(err) == fault.NotFound:
		r = &store.Review{}
	case err != nil:
		return nil, err
	case r.Status != store.ReviewDraftStatus:
		return nil, fault.Errorf(fault.Conflict, "the %s review of agent %d was already shared; it is kept as it was", cycle, agentID)
	}
	r.AgentID, r.Cycle, r.Draft, r.Plan, r.Status = agentID, cycle, draft, plan, store.ReviewDraftStatus
	if card.ID != 0 {
		r.ScorecardID = &card.ID
	}
	if err := st.SaveReviewDraft(ctx, a, r); err != nil {
		return nil, err
	}
	r.Comments = []store.ReviewComment{}
	return r, nil
}

// GenerateReviews drafts the cycle's review of every active agent who has
// none yet (or only a draft), and returns how many were written.
func GenerateReviews(ctx context.Context, st *store.Store, cycle string) (int, error) {
	all := store.Scope{All: true}
	agents, err := st.ListAgents(ctx, all)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ag := range agents {
		if !ag.Active {
			continue
		}
		_, err := GenerateReview(ctx, st, store.System, all, ag.ID, cycle)
		if fault.CodeOf(err) == fault.Conflict {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("review of agent %s: %w", ag.Code, err)
		}
		n++
	}
	return n, nil
}

// scorecardFor is the team's scorecard, else the center's default (the
// first scorecard of no team), else the built-in one.
func scorecardFor(ctx context.Context, st *store.Store, teamID int64) (store.Scorecard, error) {
	cards, err := st.ListScorecards(ctx)
	if err != nil {
		return store.Scorecard{}, err
	}
	var fallback *store.Scorecard
	for i := range cards {
		if cards[i].TeamID != nil && *cards[i].TeamID == teamID {
			return cards[i], nil
		}
		if cards[i].TeamID == nil && fallback == nil {
			fallback = &cards[i]
		}
	}
	if fallback == nil {
		return store.DefaultScorecard(), nil
	}
	return *fallback, nil
}

// reviewInput gathers an agent's cycle: her KPIs from the stored agent
// days, her quality evaluations and the complaints about her.
func reviewInput(ctx context.Context, st *store.Store, ag *store.Agent, cycle string, card store.Scorecard) (kpi.ReviewInput, store.ReviewDraft, error) {
	first, last, err := cycleDays(cycle)
	if err != nil {
		return kpi.ReviewInput{}, store.ReviewDraft{}, err
	}
	loc, err := st.AgentZone(ctx, ag)
	if err != nil {
		return kpi.ReviewInput{}, store.ReviewDraft{}, err
	}
	rc := reviewCycle{st: st, agentID: ag.ID, first: first, last: last, from: first.Start(loc), to: last.AddDays(1).Start(loc)}
	c, err := rc.counts(ctx)
	if err != nil {
		return kpi.ReviewInput{}, store.ReviewDraft{}, err
	}
	quality, err := rc.quality(ctx)
	if err != nil {
		return kpi.ReviewInput{}, store.ReviewDraft{}, err
	}
	stats, err := rc.complaints(ctx, c.Handled)
	if err != nil {
		return kpi.ReviewInput{}, store.ReviewDraft{}, err
	}
	scorecard, err := rc.scorecard(ctx, card)
	if err != nil {
		return kpi.ReviewInput{}, store.ReviewDraft{}, err
	}
	in := kpi.ReviewInput{
		Agent: strconv.FormatInt(ag.ID, 10), Cycle: cycle, Scorecard: scorecard, Quality: quality, Complaints: stats,
		Values: map[string]kpi.Ratio{
			"aht_seconds": c.AHTSeconds(), "occupancy": c.Occupancy(), "adherence": c.Adherence(),
			"conformance": c.Conformance(), "fcr": c.FCR(), "csat": c.CSAT(), "quality": quality.Total,
			"complaint_rate": stats.Rate,
		},
	}
	draft := store.ReviewDraft{Scorecard: card.Name, Quality: qualitySummary(quality), Complaints: complaintKPIs(stats, c.Handled)}
	return in, draft, nil
}

// reviewCycle is an agent's review cycle: its days [first, last] and, in
// her zone, [from, to).
type reviewCycle struct {
	st          *store.Store
	agentID     int64
	first, last kpi.Date
	from, to    time.Time
}

// counts sums her stored agent days of the cycle.
func (rc reviewCycle) counts(ctx context.Context) (kpi.AgentCounts, error) {
	var c kpi.AgentCounts
	rows, _, err := rc.st.AgentDayRows(ctx, store.KPIQuery{From: rc.first, To: rc.last, AgentID: rc.agentID, Scope: store.Scope{All: true}})
	if err != nil {
		return c, err
	}
	for _, r := range rows {
		c.Add(r.Counts())
	}
	return c, nil
}

// quality is her quality over the cycle's evaluations (nothing scored
// without one).
func (rc reviewCycle) quality(ctx context.Context) (kpi.AgentQuality, error) {
	evals, err := rc.st.ListEvaluations(ctx, store.EvaluationFilter{AgentID: rc.agentID, From: rc.from, To: rc.to, Scope: store.Scope{All: true}})
	if err != nil {
		return kpi.AgentQuality{}, err
	}
	forms, err := rc.st.QualityFormsByID(ctx)
	if err != nil {
		return kpi.AgentQuality{}, err
	}
	qs, err := qualityByAgent(evals, forms)
	if err != nil {
		return kpi.AgentQuality{}, err
	}
	quality := kpi.AgentQuality{Agent: strconv.FormatInt(rc.agentID, 10)}
	if len(qs) == 1 {
		quality = qs[0]
	}
	return quality, nil
}

// complaints are the KPIs of the complaints about her in the cycle, over
// the contacts she handled.
func (rc reviewCycle) complaints(ctx context.Context, handled int) (kpi.ComplaintStats, error) {
	cases, err := rc.st.ListComplaints(ctx, store.ComplaintFilter{AgentID: rc.agentID, From: rc.from, To: rc.to, Scope: store.Scope{All: true}})
	if err != nil {
		return kpi.ComplaintStats{}, err
	}
	ds := make([]kpi.Complaint, len(cases))
	for i := range cases {
		ds[i] = cases[i].Domain()
	}
	return kpi.ComplaintKPIs(ds, handled, rc.st.Now()), nil
}

// scorecard is the card she is reviewed on. Her AHT is judged against the
// targets of the queues she handled (a chat agent against chat's), not
// against one number for every channel: the scorecard's AHT item takes her
// own target.
func (rc reviewCycle) scorecard(ctx context.Context, card store.Scorecard) (kpi.Scorecard, error) {
	scorecard := card.Domain()
	aht, err := measure.AgentAHTTargetOver(ctx, rc.st, rc.agentID, rc.first, rc.last)
	if err != nil {
		return kpi.Scorecard{}, err
	}
	if aht.OK {
		if scorecard, err = scorecard.WithTarget("aht_seconds", aht.Value); err != nil {
			return kpi.Scorecard{}, fault.Errorf(fault.Invalid, "scorecard %s: %v", card.Name, err)
		}
	}
	return scorecard, nil
}

// cycleDays is the first and last day of a cycle YYYY-MM.
func cycleDays(cycle string) (kpi.Date, kpi.Date, error) {
	t, err := time.Parse("2006-01", cycle)
	if err != nil {
		return kpi.Date{}, kpi.Date{}, &fault.Error{Code: fault.Invalid, Message: "invalid review", Fields: map[string]string{"cycle": fmt.Sprintf("%q is not a month YYYY-MM", cycle)}}
	}
	first := kpi.Date{Year: t.Year(), Month: t.Month(), Day: 1}
	next := time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	return first, kpi.DateOf(next, time.UTC).AddDays(-1), nil
}

// previousCycle is the month before cycle.
func previousCycle(cycle string) string {
	t, _ := time.Parse("2006-01", cycle)
	return t.AddDate(0, -1, 0).Format("2006-01")
}

// itemScores are the domain's scored items as a stored draft keeps them.
func itemScores(in []kpi.ItemScore) []store.ItemScore {
	out := make([]store.ItemScore, 0, len(in))
	for _, is := range in {
		out = append(out, store.ItemScore{KPI: is.KPI, Value: store.Ratio(is.Value), Target: is.Target, Points: store.Ratio(is.Points),
			Contribution: is.Contribution, MetTarget: is.MetTarget})
	}
	return out
}

// planItem is a domain plan item as stored, with its English summary.
func planItem(d kpi.PlanItem) store.PlanItem {
	p := store.PlanItem{KPI: d.KPI, Plan: d.Plan, Do: d.Do, Check: d.Check, Act: d.Act, FromCycle: d.FromCycle, Done: d.Done, Summary: d.Summary()}
	if g := d.Goal; g != nil {
		p.From, p.To = &g.From, &g.To
	}
	if c := d.Checked; c != nil {
		p.Checked = &store.PlanCheck{Cycle: c.Cycle, Value: store.Ratio(c.Value), Target: c.Target, Met: c.Met}
	}
	return p
}
