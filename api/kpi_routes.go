package api

import (
	"wfm/measure"
	"wfm/store"
)

// kpiRoutes are the routes for KPIs, quality, complaints, reviews,
// feedback and strain. Scope is enforced by the store: an agent sees only
// her own numbers, reviews and feedback; a supervisor her teams; managers
// everything.
func (s *Server) kpiRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/kpi/queue-intervals", supervisor, "queue x interval KPIs from the stored counts (?from=&to= dates in each queue's zone, &queue_id=, &interval=15m|30m|60m); each queue says which service-level formula was used", nil, []measure.QueueKPIs{}, s.queueIntervalKPIs},
		{"GET", "/api/v1/kpi/queues", supervisor, "queue KPIs by day, week or month (?period=&from=&to=&queue_id=)", nil, []measure.QueueKPIs{}, s.queuePeriodKPIs},
		{"GET", "/api/v1/kpi/agent-days", agent, "agent x day KPIs in my scope (?from=&to=&agent_id=&team_id=)", nil, []measure.AgentDayKPI{}, s.agentDayKPIs},
		{"GET", "/api/v1/kpi/agents", agent, "agent KPIs by day, week or month in my scope (?period=&from=&to=&agent_id=&team_id=)", nil, []measure.GroupPeriodKPI{}, s.agentPeriodKPIs},
		{"GET", "/api/v1/kpi/teams", supervisor, "team KPIs by day, week or month for my teams (?period=&from=&to=&team_id=)", nil, []measure.GroupPeriodKPI{}, s.teamPeriodKPIs},
		{"GET", "/api/v1/adherence/now", agent, "intraday adherence: every agent in scope with her status (in_adherence, out_of_adherence, not_logged_in, unscheduled_logged_in, off_shift, scheduled, on_leave, day_off, no_roster), her latest state against what the published schedule says now, the day's activities and states, and her adherence, conformance and minutes out of adherence over the part of the day that has happened (?site_id=&team_id=&agent_id=&threshold=2m&at= time, default now&tz= its zone&day=YYYY-MM-DD, default the day of at, within 366 days back and 62 ahead); agents: herself, supervisors: their teams", nil, measure.RealTimeAdherence{}, s.realTimeAdherence},
		{"POST", "/api/v1/kpi/rollups", manager, "recompute the stored KPI counts touched by a window (?from=&to= times, &tz= their zone)", nil, measure.RollupResult{}, s.rollupKPIs},

		{"GET", "/api/v1/alerts", supervisor, "alerts for my teams: high-risk contacts, overdue complaint follow-ups, strained agents (?kind=&unread=true)", nil, []store.Alert{}, s.listAlerts},
		{"POST", "/api/v1/alerts/:id/read", supervisor, "mark an alert read", nil, store.Alert{}, s.readAlert},
		{"GET", "/api/v1/strain", supervisor, "strain heat map, agents x days, with each day's drivers and 3R action (?from=&to=&team_id=&agent_id=)", nil, store.StrainHeatMap{}, s.strainMap},
		{"POST", "/api/v1/strain/compute", manager, "compute every agent's strain for the day holding ?at= (default: now; &tz= its zone)", nil, []store.StrainDay{}, s.computeStrain},

		{"GET", "/api/v1/quality/forms", agent, "quality forms (the default one, with the seven don'ts, is seeded)", nil, []store.QualityForm{}, s.listQualityForms},
		{"GET", "/api/v1/quality/forms/:id", agent, "a quality form", nil, store.QualityForm{}, s.getQualityForm},
		{"POST", "/api/v1/quality/forms", manager, "create a quality form", store.QualityForm{}, store.QualityForm{}, s.createQualityForm},
		{"PUT", "/api/v1/quality/forms/:id", manager, "update a quality form (send the version you read)", store.QualityForm{}, store.QualityForm{}, s.updateQualityForm},
		{"GET", "/api/v1/quality/evaluations", agent, "evaluations in my scope (?agent_id=&from=&to= times, &tz= their zone)", nil, []store.Evaluation{}, s.listEvaluations},
		{"GET", "/api/v1/quality/evaluations/:id", agent, "an evaluation in my scope", nil, store.Evaluation{}, s.getEvaluation},
		{"POST", "/api/v1/quality/evaluations", supervisor, "evaluate a contact of my teams (form_id 0: the default form; agent_id 0: the contact's agent)", store.Evaluation{}, store.Evaluation{}, s.createEvaluation},
		{"GET", "/api/v1/quality/summary", agent, "quality per agent and SERVQUAL dimension in my scope (?agent_id=&from=&to= times, &tz= their zone)", nil, []store.AgentQualitySummary{}, s.qualitySummary},
		{"GET", "/api/v1/quality/calibration", supervisor, "two evaluations of one contact compared item by item (?a=&b= evaluation ids)", nil, store.Calibration{}, s.calibrate},

		{"GET", "/api/v1/complaints", supervisor, "complaint cases of my teams (?status=&open=true&agent_id=&from=&to= times, &tz= their zone)", nil, []store.Complaint{}, s.listComplaints},
		{"GET", "/api/v1/complaints/kpis", supervisor, "complaint rate, age and reopen rate of cases recorded in [from, to) (?from=&to= times, &tz= their zone, &agent_id=)", nil, store.ComplaintKPIs{}, s.complaintKPIs},
		{"GET", "/api/v1/complaints/:id", supervisor, "a complaint case with its steps", nil, store.Complaint{}, s.getComplaint},
		{"POST", "/api/v1/complaints", supervisor, "record a complaint", store.Complaint{}, store.Complaint{}, s.createComplaint},
		{"POST", "/api/v1/complaints/:id/steps", supervisor, "take a step on a case (judge, classify, assign, investigate, resolve, approve, notify, review, reopen)", store.ComplaintStep{}, store.Complaint{}, s.stepComplaint},

		{"GET", "/api/v1/scorecards", agent, "scorecards: weighted KPIs with floors and targets (the default one is seeded)", nil, []store.Scorecard{}, s.listScorecards},
		{"POST", "/api/v1/scorecards", manager, "create a scorecard (team_id null: the center's default)", store.Scorecard{}, store.Scorecard{}, s.createScorecard},
		{"PUT", "/api/v1/scorecards/:id", manager, "update a scorecard (send the version you read)", store.Scorecard{}, store.Scorecard{}, s.updateScorecard},
		{"GET", "/api/v1/reviews", agent, "reviews in my scope, history kept (agents: their own, once shared) (?agent_id=&cycle=)", nil, []store.Review{}, s.listReviews},
		{"GET", "/api/v1/reviews/:id", agent, "a review with its comments; the agent reading her own leaves a read receipt", nil, store.Review{}, s.getReview},
		{"POST", "/api/v1/reviews", supervisor, "compute (or recompute, while a draft) an agent's review for a cycle", reviewRequest{}, store.Review{}, s.createReview},
		{"POST", "/api/v1/reviews/:id/comments", supervisor, "comment on a review of my teams", commentRequest{}, store.Review{}, s.commentReview},
		{"PUT", "/api/v1/reviews/:id/plan", supervisor, "replace a review's improvement plan (PDCA; send the version you read)", planRequest{}, store.Review{}, s.updateReviewPlan},
		{"POST", "/api/v1/reviews/:id/share", supervisor, "share a draft review with the agent", nil, store.Review{}, s.shareReview},
		{"POST", "/api/v1/reviews/:id/acknowledge", agent, "the agent herself acknowledges her review, with an optional comment", acknowledgeRequest{}, store.Review{}, s.acknowledgeReview},
		{"GET", "/api/v1/feedback", agent, "coaching notes in my scope (agents: their own) (?agent_id=)", nil, []store.Feedback{}, s.listFeedback},
		{"POST", "/api/v1/feedback", supervisor, "write a coaching note to an agent of my teams", store.Feedback{}, store.Feedback{}, s.createFeedback},
		{"POST", "/api/v1/feedback/:id/read", agent, "the agent herself marks a note read", nil, store.Feedback{}, s.readFeedback},
		{"POST", "/api/v1/feedback/:id/acknowledge", agent, "the agent herself acknowledges a note", nil, store.Feedback{}, s.acknowledgeFeedback},
	}
}
