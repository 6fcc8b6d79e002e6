// Package people holds the workflows about the people of the center:
// quality evaluations, complaints, performance reviews from scorecards,
// coaching. This file: a review's scorecard as a spreadsheet.
package people

import (
	"context"
	"strings"
	"time"

	"wfm/sheet"
	"wfm/store"
)

// Say says a message of the interface's catalogs (web/i18n) in the
// reader's language: the doors pass their translator.
type Say func(key string, args ...any) string

// ReviewExport is a review's scorecard as a table, and the names a
// download is called by.
type ReviewExport struct {
	Review store.Review
	Agent  store.Agent
	Table  sheet.Table
}

// ExportReview is a review's scorecard (metric, weight, target, actual,
// points, met), a total row with the review's score, in scope as reading
// the review is (an agent: her own, once shared, and reading it leaves
// the read receipt reading it does; a supervisor: her teams'). A weight is
// the scorecard's as it stands: a review keeps the points it earned, not
// the weights they were earned with.
func ExportReview(ctx context.Context, st *store.Store, sc store.Scope, id int64, say Say) (ReviewExport, error) {
	var out ReviewExport
	r, err := ReadReview(ctx, st, sc, id)
	if err != nil {
		return out, err
	}
	a, err := st.GetAgent(ctx, r.AgentID)
	if err != nil {
		return out, err
	}
	weights := map[string]float64{}
	if r.ScorecardID != nil {
		cards, err := st.ListScorecards(ctx)
		if err != nil {
			return out, err
		}
		for _, c := range cards {
			if c.ID == *r.ScorecardID {
				for _, it := range c.Items {
					weights[it.KPI] = it.Weight
				}
			}
		}
	}
	out.Review, out.Agent = *r, *a
	t := sheet.Table{Name: say("export.review.sheet", a.Name, r.Cycle), Header: []string{say("export.review.metric"), say("export.review.weight"),
		say("export.review.target"), say("export.review.actual"), say("export.review.points"), say("export.review.met")}}
	total := 0.0
	for _, it := range r.Draft.Items {
		w, has := weights[it.KPI]
		weight := sheet.Cell{}
		if has {
			weight, total = sheet.NumberCell(w, 2), total+w
		}
		value := func(v float64) sheet.Cell { return kpiCell(it.KPI, v) }
		met := say("review.missed")
		if it.MetTarget {
			met = say("review.met")
		}
		points := sheet.Cell{}
		if it.Points != nil {
			points = sheet.NumberCell(it.Contribution, 1)
		}
		t.Rows = append(t.Rows, []sheet.Cell{sheet.TextCell(kpiName(it.KPI, say)), weight, kpiCell(it.KPI, it.Target),
			sheet.Optional(it.Value, value), points, sheet.TextCell(met)})
	}
	score := sheet.Optional(r.Draft.Score, func(v float64) sheet.Cell { return sheet.NumberCell(v, 1) })
	sum := sheet.Cell{}
	if total > 0 {
		sum = sheet.NumberCell(total, 2)
	}
	t.Rows = append(t.Rows, []sheet.Cell{sheet.TextCell(say("export.review.total")), sum, {}, {}, score, {}})
	out.Table = t
	return out, nil
}

// kpiCell is a scorecard KPI's value in its unit, as the reviews page
// shows it: seconds as a duration, quality as a 0-100 score, the others
// as percentages.
func kpiCell(name string, v float64) sheet.Cell {
	switch {
	case strings.HasSuffix(name, "_seconds"):
		return sheet.DurationCell(time.Duration(v * float64(time.Second)).Round(time.Second))
	case name == "quality":
		return sheet.NumberCell(v, 1)
	case name == "complaint_rate":
		return sheet.PercentCell(v, 2)
	}
	return sheet.PercentCell(v, 1)
}

// kpiName is the KPI's name in the reader's language; its code when the
// catalogs do not know it (the catalog answers the key itself).
func kpiName(name string, say Say) string {
	if s := say("kpi." + name); s != "kpi."+name {
		return s
	}
	return name
}
