package people

import (
	"context"
	"strconv"

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
