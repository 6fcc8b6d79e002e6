package people

import (
	"context"
	"strconv"

	"wfm/fault"
	"wfm/kpi"
	"wfm/store"
)

// QualitySummary sums the evaluations the filter selects per agent.
// Each evaluation is rescored with its form as the form is now.
func QualitySummary(ctx context.Context, st *store.Store, f store.EvaluationFilter) ([]store.AgentQualitySummary, error) {
	evals, err := st.ListEvaluations(ctx, f)
	if err != nil {
		return nil, err
	}
	forms, err := st.QualityFormsByID(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := qualityByAgent(evals, forms)
	if err != nil {
		return nil, err
	}
	out := make([]store.AgentQualitySummary, 0, len(qs))
	for _, q := range qs {
		out = append(out, qualitySummary(q))
	}
	return out, nil
}

// qualityByAgent scores evaluations that still fit their form; one whose
// form has changed under it is left out rather than failing the summary.
func qualityByAgent(evals []store.Evaluation, forms map[string]kpi.QualityForm) ([]kpi.AgentQuality, error) {
	in := make([]kpi.Evaluation, 0, len(evals))
	for i := range evals {
		d := evals[i].Domain()
		if f, ok := forms[d.FormID]; ok && d.Validate(f) == nil {
			in = append(in, d)
		}
	}
	return kpi.QualityByAgent(in, forms)
}

// qualitySummary is an agent's quality as the API answers it.
func qualitySummary(q kpi.AgentQuality) store.AgentQualitySummary {
	id, _ := strconv.ParseInt(q.Agent, 10, 64)
	out := store.AgentQualitySummary{AgentID: id, Evaluations: q.Evaluations, CriticalFailed: q.CriticalFailed,
		Total: store.Ratio(q.Total), Dimensions: map[string]*float64{}}
	for _, d := range kpi.Dimensions {
		out.Dimensions[string(d)] = store.Ratio(q.Dimensions[d])
	}
	return out
}

// CreateEvaluation scores and stores an evaluation of a contact by the
// actor, of an agent in the scope; without a form, with the center's
// default form.
func CreateEvaluation(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, e *store.Evaluation) error {
	if e.ContactID == "" {
		return (fault.FieldErrors{"contact_id": "required"}).Err("evaluation")
	}
	if a.UserID == 0 {
		return fault.Errorf(fault.Invalid, "an evaluation is made by a user (the evaluator), not by the system")
	}
	contact, err := st.ContactOnRecord(ctx, sc, "evaluation", e.ContactID, e.AgentID)
	if err != nil {
		return err
	}
	if contact.AgentID != nil {
		e.AgentID = *contact.AgentID
	}
	var form *store.QualityForm
	if e.FormID == 0 {
		form, err = st.EnsureDefaultQualityForm(ctx)
	} else {
		form, err = st.GetQualityForm(ctx, e.FormID)
	}
	if err != nil {
		return err
	}
	e.FormID, e.EvaluatorUserID = form.ID, a.UserID
	if err := e.Validate(); err != nil {
		return err
	}
	score, err := e.Domain().Score(form.Domain())
	if err != nil {
		return &fault.Error{Code: fault.Invalid, Message: "invalid evaluation", Fields: map[string]string{"answers": err.Error()}}
	}
	e.Total, e.CriticalFailed = store.Ratio(score.Total), append([]string{}, score.CriticalFailed...)
	e.Dimensions = map[string]*float64{}
	for d, r := range score.Dimensions {
		e.Dimensions[string(d)] = store.Ratio(r)
	}
	e.EvaluatedAt = st.Now().UTC()
	return st.InsertEvaluation(ctx, a, e)
}

// CalibrationPeers are the other evaluations e can be calibrated against:
// of the same contact, with the same form, that sc sees.
func CalibrationPeers(ctx context.Context, st *store.Store, sc store.Scope, e *store.Evaluation) ([]store.Evaluation, error) {
	all, err := st.ListEvaluations(ctx, store.EvaluationFilter{AgentID: e.AgentID, Scope: sc})
	if err != nil {
		return nil, err
	}
	var out []store.Evaluation
	for _, o := range all {
		if o.ID != e.ID && o.ContactID == e.ContactID && o.FormID == e.FormID {
			out = append(out, o)
		}
	}
	return out, nil
}

// Calibrate compares two evaluations of the same contact with the same
// form, item by item.
func Calibrate(ctx context.Context, st *store.Store, sc store.Scope, aID, bID int64) (*store.Calibration, error) {
	a, err := st.GetEvaluation(ctx, sc, aID)
	if err != nil {
		return nil, err
	}
	b, err := st.GetEvaluation(ctx, sc, bID)
	if err != nil {
		return nil, err
	}
	if a.ContactID != b.ContactID || a.FormID != b.FormID {
		return nil, fault.Errorf(fault.Invalid, "evaluations %d and %d are not of the same contact with the same form", aID, bID)
	}
	form, err := st.GetQualityForm(ctx, a.FormID)
	if err != nil {
		return nil, err
	}
	c, err := kpi.Calibrate(form.Domain(), a.Domain(), b.Domain())
	if err != nil {
		return nil, fault.Errorf(fault.Invalid, "calibrate: %v", err)
	}
	out := &store.Calibration{ContactID: a.ContactID, A: *a, B: *b, TotalDifference: store.Ratio(c.TotalDifference)}
	for _, d := range c.Items {
		out.Items = append(out.Items, store.ItemDifference{ItemID: d.ItemID, A: a.Answers[d.ItemID], B: b.Answers[d.ItemID], Points: store.Ratio(d.Points)})
	}
	return out, nil
}
