package kpi

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Direction says which way a KPI is good.
type Direction string

// The directions of a scorecard item.
const (
	HigherIsBetter Direction = "higher" // service level, adherence, FCR, CSAT, quality
	LowerIsBetter  Direction = "lower"  // AHT, complaint rate
)

// ScorecardItem is one weighted KPI of a scorecard. Its points (0 to 1)
// grow linearly from Floor (0 points) to Target (1 point) and are capped
// at both ends: beating the target earns nothing more, falling below the
// floor costs nothing more.
type ScorecardItem struct {
	KPI       string
	Weight    float64
	Floor     float64
	Target    float64
	Direction Direction
}

// Points is the item's points for value v, 0 to 1.
func (it ScorecardItem) Points(v float64) float64 {
	p := (v - it.Floor) / (it.Target - it.Floor) // the same formula serves both directions
	return math.Max(0, math.Min(1, p))
}

// Scorecard is the weighted KPIs an agent (of a team or role) is measured by.
type Scorecard struct {
	ID    string
	Name  string
	Items []ScorecardItem
}

// Validate checks the scorecard: KPIs named once, weights > 0, a floor on
// the bad side of the target.
func (s Scorecard) Validate() error {
	if len(s.Items) == 0 {
		return fmt.Errorf("items: a scorecard needs at least one KPI")
	}
	seen := map[string]bool{}
	for i, it := range s.Items {
		finite := !math.IsNaN(it.Floor) && !math.IsInf(it.Floor, 0) && !math.IsNaN(it.Target) && !math.IsInf(it.Target, 0)
		switch {
		case it.KPI == "":
			return fmt.Errorf("items[%d].kpi: required", i)
		case seen[it.KPI]:
			return fmt.Errorf("items[%d].kpi: %q given twice", i, it.KPI)
		case !(it.Weight > 0) || math.IsInf(it.Weight, 0):
			return fmt.Errorf("items[%d].weight: must be > 0", i)
		case !finite:
			return fmt.Errorf("items[%d]: floor and target must be numbers", i)
		case it.Direction == HigherIsBetter && !(it.Floor < it.Target):
			return fmt.Errorf("items[%d].floor: must be below the target when higher is better", i)
		case it.Direction == LowerIsBetter && !(it.Floor > it.Target):
			return fmt.Errorf("items[%d].floor: must be above the target when lower is better", i)
		case it.Direction != HigherIsBetter && it.Direction != LowerIsBetter:
			return fmt.Errorf("items[%d].direction: want higher or lower, got %q", i, string(it.Direction))
		}
		seen[it.KPI] = true
	}
	return nil
}

// ItemScore is one KPI's part of an agent's score.
type ItemScore struct {
	KPI    string
	Value  Ratio // absent: no data this cycle
	Target float64
	Points Ratio // 0 to 1; absent with the value
	// Contribution is the points this KPI adds to the 0-100 total:
	// weight share x points x 100.
	Contribution float64
	MetTarget    bool
}

// ScorecardResult is an agent's score on a scorecard.
type ScorecardResult struct {
	// Total is 0 to 100: the sum of the contributions. KPIs without data
	// are left out and the others' weights scaled up to fill the 100;
	// absent when no KPI has data.
	Total Ratio
	Items []ItemScore // in scorecard order
}

// Score scores values (by KPI name) on the scorecard.
func (s Scorecard) Score(values map[string]Ratio) (ScorecardResult, error) {
	if err := s.Validate(); err != nil {
		return ScorecardResult{}, err
	}
	weight := 0.0
	for _, it := range s.Items {
		if values[it.KPI].OK {
			weight += it.Weight
		}
	}
	var r ScorecardResult
	total := 0.0
	for _, it := range s.Items {
		v := values[it.KPI]
		is := ItemScore{KPI: it.KPI, Value: v, Target: it.Target}
		if v.OK {
			p := it.Points(v.Value)
			is.Points = Ratio{Value: p, OK: true}
			is.Contribution = 100 * it.Weight / weight * p
			is.MetTarget = p >= 1
			total += is.Contribution
		}
		r.Items = append(r.Items, is)
	}
	if weight > 0 {
		r.Total = Ratio{Value: total, OK: true}
	}
	return r, nil
}

// PlanItem is one improvement action of a review, kept through the cycles
// as plan, do, check, act (PDCA). What the system proposes and measures is
// structure (Goal, Checked), for an interface to say in its language; the
// text fields are what people wrote, empty where the system's proposal
// stands (Summary says it all in English).
type PlanItem struct {
	KPI       string
	Goal      *PlanGoal  // Plan: from what to what; nil for an item people wrote without one
	Plan      string     // people's words for the goal
	Do        string     // what the agent and coach will do; "" = coaching on the KPI with the supervisor, two concrete actions agreed
	Checked   *PlanCheck // what the latest review measured; nil until one did
	Check     string     // people's words for the check
	Act       string     // people's words for what follows; "" = as Checked decides
	FromCycle string     // the cycle that opened the item
	Done      bool
}

// PlanGoal is the goal of a plan item: bring the KPI from its value when
// the item was opened to its target.
type PlanGoal struct {
	From, To float64
}

// PlanCheck is a review's check of a plan item: the KPI over the cycle
// against its target. Met closes the item; otherwise it is carried on
// (with no data, nothing could be judged).
type PlanCheck struct {
	Cycle  string
	Value  Ratio // not OK: no data in the cycle
	Target float64
	Met    bool
}

// Summary says the item in English, for the command line and for
// integrations: people's words where they wrote some, else the system's.
func (p PlanItem) Summary() string {
	var parts []string
	switch {
	case p.Plan != "":
		parts = append(parts, "plan: "+p.Plan)
	case p.Goal != nil:
		parts = append(parts, fmt.Sprintf("plan: bring %s from %s to %s", p.KPI, formatValue(p.Goal.From), formatValue(p.Goal.To)))
	}
	if p.Do != "" {
		parts = append(parts, "do: "+p.Do)
	} else {
		parts = append(parts, "do: coaching on "+p.KPI+" with the supervisor; agree two concrete actions")
	}
	switch c := p.Checked; {
	case p.Check != "":
		parts = append(parts, "check: "+p.Check)
	case c != nil && !c.Value.OK:
		parts = append(parts, fmt.Sprintf("check: %s: no data in %s", p.KPI, c.Cycle))
	case c != nil && c.Met:
		parts = append(parts, fmt.Sprintf("check: %s %s in %s: target %s met", p.KPI, formatValue(c.Value.Value), c.Cycle, formatValue(c.Target)))
	case c != nil:
		parts = append(parts, fmt.Sprintf("check: %s %s in %s: still short of %s", p.KPI, formatValue(c.Value.Value), c.Cycle, formatValue(c.Target)))
	}
	switch c := p.Checked; {
	case p.Act != "":
		parts = append(parts, "act: "+p.Act)
	case c != nil && c.Met:
		parts = append(parts, "act: closed: keep the practice")
	case c != nil && c.Value.OK:
		parts = append(parts, "act: carried on: revise the Do with the coach")
	case c != nil:
		parts = append(parts, "act: carried on")
	}
	return strings.Join(parts, "; ")
}

// Review is the draft of an agent's review for one cycle, for the
// supervisor to comment on and the agent to acknowledge.
type Review struct {
	Agent      string
	Cycle      string // e.g. "2026-03"
	Scorecard  ScorecardResult
	Quality    AgentQuality
	Complaints ComplaintStats
	// Strengths are the KPIs that met their target, largest contribution
	// first (at most three); Gaps the KPIs below target, furthest first.
	Strengths []ItemScore
	Gaps      []ItemScore
	Plan      []PlanItem
}

// ReviewInput is what a review draft is built from.
type ReviewInput struct {
	Agent      string
	Cycle      string
	Scorecard  Scorecard
	Values     map[string]Ratio // the agent's KPIs over the cycle
	Quality    AgentQuality
	Complaints ComplaintStats // of the cases about the agent
	Previous   *Review        // the last cycle's review, for its plan
}

// DraftReview builds the review draft: the score, strengths and gaps, and
// the improvement plan. The previous plan is carried over: an item whose
// KPI now meets its target is checked and closed; one still short is
// checked and carried on; a new gap gets a new item.
func DraftReview(in ReviewInput) (Review, error) {
	if in.Agent == "" {
		return Review{}, fmt.Errorf("agent: required")
	}
	if in.Cycle == "" {
		return Review{}, fmt.Errorf("cycle: required")
	}
	score, err := in.Scorecard.Score(in.Values)
	if err != nil {
		return Review{}, fmt.Errorf("scorecard %s: %w", in.Scorecard.ID, err)
	}
	r := Review{Agent: in.Agent, Cycle: in.Cycle, Scorecard: score, Quality: in.Quality, Complaints: in.Complaints}
	for _, is := range score.Items {
		switch {
		case is.MetTarget:
			r.Strengths = append(r.Strengths, is)
		case is.Value.OK:
			r.Gaps = append(r.Gaps, is)
		}
	}
	sort.SliceStable(r.Strengths, func(i, j int) bool { return r.Strengths[i].Contribution > r.Strengths[j].Contribution })
	if len(r.Strengths) > 3 {
		r.Strengths = r.Strengths[:3]
	}
	sort.SliceStable(r.Gaps, func(i, j int) bool { return r.Gaps[i].Points.Value < r.Gaps[j].Points.Value })

	byKPI := map[string]ItemScore{}
	for _, is := range score.Items {
		byKPI[is.KPI] = is
	}
	planned := map[string]bool{}
	if in.Previous != nil {
		for _, old := range in.Previous.Plan {
			if old.Done {
				continue
			}
			item := old
			// A new check: the last cycle's words about the last check
			// are superseded.
			item.Check, item.Act = "", ""
			check := &PlanCheck{Cycle: in.Cycle}
			if is, ok := byKPI[old.KPI]; ok {
				check.Value, check.Target, check.Met = is.Value, is.Target, is.Value.OK && is.MetTarget
			}
			item.Checked, item.Done = check, check.Met
			r.Plan = append(r.Plan, item)
			planned[old.KPI] = true
		}
	}
	for _, g := range r.Gaps {
		if planned[g.KPI] {
			continue
		}
		r.Plan = append(r.Plan, PlanItem{KPI: g.KPI, Goal: &PlanGoal{From: g.Value.Value, To: g.Target}, FromCycle: in.Cycle})
	}
	return r, nil
}

func formatValue(v float64) string { return fmt.Sprintf("%.4g", v) }
