package kpi

import (
	"fmt"
	"strings"
	"testing"
)

func testScorecard() Scorecard {
	return Scorecard{ID: "agents", Items: []ScorecardItem{
		{KPI: "adherence", Weight: 40, Floor: 0.80, Target: 0.95, Direction: HigherIsBetter},
		{KPI: "aht_seconds", Weight: 30, Floor: 420, Target: 300, Direction: LowerIsBetter},
		{KPI: "csat", Weight: 30, Floor: 0.6, Target: 0.9, Direction: HigherIsBetter},
	}}
}

func TestScorecardPoints(t *testing.T) {
	s := testScorecard()
	tests := []struct {
		item int
		v    float64
		want float64
	}{
		{0, 0.95, 1}, {0, 0.99, 1}, {0, 0.80, 0}, {0, 0.5, 0}, {0, 0.875, 0.5},
		{1, 300, 1}, {1, 250, 1}, {1, 420, 0}, {1, 500, 0}, {1, 390, 0.25},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s at %v", s.Items[tt.item].KPI, tt.v), func(t *testing.T) {
			if got := s.Items[tt.item].Points(tt.v); !near(got, tt.want) {
				t.Errorf("%s at %v: %v points, want %v", s.Items[tt.item].KPI, tt.v, got, tt.want)
			}
		})
	}
}

func TestScorecardScore(t *testing.T) {
	s := testScorecard()
	// adherence 0.875 -> 0.5 x 40 = 20; AHT 390 -> 0.25 x 30 = 7.5;
	// csat 0.95 -> 1 x 30 = 30. Total 57.5.
	r, err := s.Score(map[string]Ratio{"adherence": {0.875, true}, "aht_seconds": {390, true}, "csat": {0.95, true}})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{20, 7.5, 30}
	for i, is := range r.Items {
		if !near(is.Contribution, want[i]) {
			t.Errorf("%s contributes %v, want %v", is.KPI, is.Contribution, want[i])
		}
	}
	if !near(r.Total.Value, 57.5) || !r.Items[2].MetTarget || r.Items[0].MetTarget {
		t.Errorf("total %v, items %+v", r.Total, r.Items)
	}
	// No CSAT data: adherence and AHT share the 100: 20/70*100... =
	// (40 x 0.5 + 30 x 0.25) / 70 x 100 = 27.5 / 70 x 100.
	r, _ = s.Score(map[string]Ratio{"adherence": {0.875, true}, "aht_seconds": {390, true}})
	if !near(r.Total.Value, 2750.0/70) || r.Items[2].Points.OK {
		t.Errorf("without csat: total %v, csat %+v", r.Total, r.Items[2])
	}
	if r, _ := s.Score(nil); r.Total.OK {
		t.Errorf("no data: total %v, want absent", r.Total)
	}
	bad := testScorecard()
	bad.Items[1].Floor = 200 // lower is better but the floor is below the target
	if _, err := bad.Score(nil); err == nil {
		t.Error("inverted floor accepted")
	}
}

func TestDraftReviewCarriesThePlan(t *testing.T) {
	s := testScorecard()
	march, err := DraftReview(ReviewInput{Agent: "A", Cycle: "2026-03", Scorecard: s,
		Values: map[string]Ratio{"adherence": {0.85, true}, "aht_seconds": {400, true}, "csat": {0.95, true}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(march.Strengths) != 1 || march.Strengths[0].KPI != "csat" {
		t.Errorf("strengths %+v", march.Strengths)
	}
	// adherence 1/3 of its points, AHT 1/6: AHT is the bigger gap.
	if len(march.Gaps) != 2 || march.Gaps[0].KPI != "aht_seconds" || march.Gaps[1].KPI != "adherence" {
		t.Errorf("gaps %+v", march.Gaps)
	}
	if len(march.Plan) != 2 || march.Plan[0].FromCycle != "2026-03" || !strings.Contains(march.Plan[0].Summary(), "400") {
		t.Errorf("plan %+v", march.Plan)
	}
	// The goal is numbers, for an interface to show in its units: AHT
	// from 400 s to its 300 s target; the text fields are people's, empty.
	if g := march.Plan[0].Goal; g == nil || g.From != 400 || g.To != 300 || march.Plan[0].Plan != "" || march.Plan[0].Do != "" {
		t.Errorf("AHT item %+v goal %+v, want from 400 to 300 and no text", march.Plan[0], g)
	}
	// April: adherence met, AHT still short, CSAT dropped below target.
	april, err := DraftReview(ReviewInput{Agent: "A", Cycle: "2026-04", Scorecard: s, Previous: &march,
		Values: map[string]Ratio{"adherence": {0.96, true}, "aht_seconds": {350, true}, "csat": {0.8, true}}})
	if err != nil {
		t.Fatal(err)
	}
	plan := map[string]PlanItem{}
	for _, p := range april.Plan {
		plan[p.KPI] = p
	}
	if p := plan["adherence"]; !p.Done || p.FromCycle != "2026-03" || !strings.Contains(p.Summary(), "met") ||
		p.Checked == nil || !p.Checked.Met || p.Checked.Cycle != "2026-04" || p.Checked.Value != (Ratio{0.96, true}) || p.Checked.Target != 0.95 {
		t.Errorf("adherence item %+v, want checked and closed", p)
	}
	if p := plan["aht_seconds"]; p.Done || p.FromCycle != "2026-03" || !strings.Contains(p.Summary(), "carried") ||
		p.Checked == nil || p.Checked.Met || p.Checked.Value != (Ratio{350, true}) {
		t.Errorf("AHT item %+v, want carried on", p)
	}
	if p := plan["csat"]; p.Done || p.FromCycle != "2026-04" {
		t.Errorf("csat item %+v, want a new item", p)
	}
	if len(april.Plan) != 3 {
		t.Errorf("plan has %d items, want 3", len(april.Plan))
	}
}
