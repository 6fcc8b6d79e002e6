package kpi

import (
	"fmt"
	"math"
	"sort"
)

// Dimension is one of the five SERVQUAL dimensions a quality form groups
// its items by (DOMAIN.md "Quality evaluation").
type Dimension string

// The SERVQUAL dimensions.
const (
	Reliability    Dimension = "reliability"    // 可靠性: right the first time
	Responsiveness Dimension = "responsiveness" // 响应性: prompt, willing
	Assurance      Dimension = "assurance"      // 安全性/专业: competent, trustworthy, discreet
	Empathy        Dimension = "empathy"        // 移情性: individual attention
	Tangibles      Dimension = "tangibles"      // 有形性: voice, words, records
)

// Dimensions lists the SERVQUAL dimensions in their usual order.
var Dimensions = []Dimension{Reliability, Responsiveness, Assurance, Empathy, Tangibles}

func (d Dimension) known() bool {
	for _, k := range Dimensions {
		if d == k {
			return true
		}
	}
	return false
}

// QualityItem is one question of a quality form. A critical item is
// pass/fail: failing it fails the whole evaluation, whatever the other
// items scored; its weight may be 0.
type QualityItem struct {
	ID        string
	Text      string
	Dimension Dimension
	Weight    float64
	Critical  bool
}

// QualityForm is a weighted checklist a contact is evaluated with.
type QualityForm struct {
	ID    string
	Name  string
	Items []QualityItem
}

// Validate checks the form: ids unique, dimensions known, weights finite
// and >= 0, some weight to score with.
func (f QualityForm) Validate() error {
	if f.ID == "" {
		return fmt.Errorf("id: required")
	}
	seen := map[string]bool{}
	total := 0.0
	for i, it := range f.Items {
		switch {
		case it.ID == "":
			return fmt.Errorf("items[%d].id: required", i)
		case seen[it.ID]:
			return fmt.Errorf("items[%d].id: %q given twice", i, it.ID)
		case !it.Dimension.known():
			return fmt.Errorf("items[%d].dimension: unknown dimension %q", i, string(it.Dimension))
		case it.Weight < 0 || math.IsNaN(it.Weight) || math.IsInf(it.Weight, 0):
			return fmt.Errorf("items[%d].weight: must be a number >= 0", i)
		}
		seen[it.ID] = true
		total += it.Weight
	}
	if total <= 0 {
		return fmt.Errorf("items: the weights add up to 0; nothing to score")
	}
	return nil
}

func (f QualityForm) item(id string) (QualityItem, bool) {
	for _, it := range f.Items {
		if it.ID == id {
			return it, true
		}
	}
	return QualityItem{}, false
}

// Answer is the evaluator's mark for one item: Score is the share of the
// item's points earned, 0 to 1; a critical item is 1 (passed) or 0
// (failed). NA marks an item that did not apply to this contact; it is
// left out of the score. Critical items cannot be NA.
type Answer struct {
	Score float64
	NA    bool
}

// Evaluation is one evaluator's marks for one contact.
type Evaluation struct {
	FormID    string
	ContactID string
	Agent     string
	Evaluator string
	Answers   map[string]Answer // by item id
}

// Validate checks the evaluation against its form: every item answered,
// no unknown item, scores in range.
func (e Evaluation) Validate(f QualityForm) error {
	if e.FormID != f.ID {
		return fmt.Errorf("form_id: %q, but scored with form %q", e.FormID, f.ID)
	}
	if e.Agent == "" {
		return fmt.Errorf("agent: required")
	}
	for _, it := range f.Items {
		a, ok := e.Answers[it.ID]
		switch {
		case !ok:
			return fmt.Errorf("answers[%s]: not answered", it.ID)
		case it.Critical && a.NA:
			return fmt.Errorf("answers[%s]: a critical item cannot be not applicable", it.ID)
		case it.Critical && a.Score != 0 && a.Score != 1:
			return fmt.Errorf("answers[%s].score: a critical item is passed (1) or failed (0), got %v", it.ID, a.Score)
		case !a.NA && (a.Score < 0 || a.Score > 1 || math.IsNaN(a.Score)):
			return fmt.Errorf("answers[%s].score: must be 0 to 1, got %v", it.ID, a.Score)
		}
	}
	ids := make([]string, 0, len(e.Answers))
	for id := range e.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if _, ok := f.item(id); !ok {
			return fmt.Errorf("answers[%s]: no such item on form %s", id, f.ID)
		}
	}
	return nil
}

// QualityScore is an evaluation's result, in points out of 100.
type QualityScore struct {
	// Total is the weighted score of the applicable items, or 0 when a
	// critical item failed.
	Total Ratio
	// Dimensions are the weighted scores of each dimension's applicable
	// items (absent when none applied). They are kept as marked even when
	// a critical item failed, so coaching can still see strong and weak
	// points.
	Dimensions map[Dimension]Ratio
	// CriticalFailed lists the failed critical items; Reason says why the
	// total is 0.
	CriticalFailed []string
	Reason         string
}

// Score scores an evaluation with its form.
func (e Evaluation) Score(f QualityForm) (QualityScore, error) {
	if err := f.Validate(); err != nil {
		return QualityScore{}, fmt.Errorf("form %s: %w", f.ID, err)
	}
	if err := e.Validate(f); err != nil {
		return QualityScore{}, err
	}
	var earned, possible float64
	dimEarned := map[Dimension]float64{}
	dimPossible := map[Dimension]float64{}
	s := QualityScore{Dimensions: map[Dimension]Ratio{}}
	var failedText []string
	for _, it := range f.Items {
		a := e.Answers[it.ID]
		if it.Critical && a.Score == 0 {
			s.CriticalFailed = append(s.CriticalFailed, it.ID)
			failedText = append(failedText, fmt.Sprintf("%s (%s)", it.ID, it.Text))
		}
		if a.NA {
			continue
		}
		earned += it.Weight * a.Score
		possible += it.Weight
		dimEarned[it.Dimension] += it.Weight * a.Score
		dimPossible[it.Dimension] += it.Weight
	}
	for _, d := range Dimensions {
		if r := NewRatio(100*dimEarned[d], dimPossible[d]); r.OK {
			s.Dimensions[d] = r
		}
	}
	s.Total = NewRatio(100*earned, possible)
	if len(s.CriticalFailed) > 0 {
		s.Total = Ratio{Value: 0, OK: true}
		s.Reason = fmt.Sprintf("critical item failed: %v", failedText)
	}
	return s, nil
}

// AgentQuality sums an agent's evaluations.
type AgentQuality struct {
	Agent          string
	Evaluations    int
	CriticalFailed int // evaluations failed on a critical item
	// Total and Dimensions are the mean of the evaluations' scores: each
	// evaluated contact counts once.
	Total      Ratio
	Dimensions map[Dimension]Ratio
}

// QualityByAgent scores every evaluation with its form (forms by id) and
// averages per agent, sorted by agent.
func QualityByAgent(evals []Evaluation, forms map[string]QualityForm) ([]AgentQuality, error) {
	type acc struct {
		n, failed int
		total     float64
		totalN    int
		dim       map[Dimension]float64
		dimN      map[Dimension]int
	}
	byAgent := map[string]*acc{}
	for i, e := range evals {
		f, ok := forms[e.FormID]
		if !ok {
			return nil, fmt.Errorf("evaluations[%d].form_id: unknown form %q", i, e.FormID)
		}
		s, err := e.Score(f)
		if err != nil {
			return nil, fmt.Errorf("evaluations[%d]: %w", i, err)
		}
		a := byAgent[e.Agent]
		if a == nil {
			a = &acc{dim: map[Dimension]float64{}, dimN: map[Dimension]int{}}
			byAgent[e.Agent] = a
		}
		a.n++
		if len(s.CriticalFailed) > 0 {
			a.failed++
		}
		if s.Total.OK {
			a.total += s.Total.Value
			a.totalN++
		}
		for d, r := range s.Dimensions {
			a.dim[d] += r.Value
			a.dimN[d]++
		}
	}
	out := make([]AgentQuality, 0, len(byAgent))
	for agent, a := range byAgent {
		q := AgentQuality{Agent: agent, Evaluations: a.n, CriticalFailed: a.failed,
			Total: NewRatio(a.total, float64(a.totalN)), Dimensions: map[Dimension]Ratio{}}
		for d, sum := range a.dim {
			q.Dimensions[d] = NewRatio(sum, float64(a.dimN[d]))
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agent < out[j].Agent })
	return out, nil
}

// ItemDifference is how two evaluators marked one item.
type ItemDifference struct {
	ItemID string
	A, B   Answer
	// Points is A's points minus B's on the 0-100 scale of the form
	// (weight x score / total applicable weight); absent when the item was
	// not applicable for one of them.
	Points Ratio
}

// Calibration compares two evaluators' marks of the same contact.
type Calibration struct {
	ContactID string
	Items     []ItemDifference // in form order
	A, B      QualityScore
	// TotalDifference is A's total minus B's.
	TotalDifference Ratio
}

// Calibrate compares two evaluations of one contact made with one form.
func Calibrate(f QualityForm, a, b Evaluation) (Calibration, error) {
	if a.ContactID != b.ContactID {
		return Calibration{}, fmt.Errorf("contact_id: calibration compares one contact, got %q and %q", a.ContactID, b.ContactID)
	}
	sa, err := a.Score(f)
	if err != nil {
		return Calibration{}, fmt.Errorf("first evaluation: %w", err)
	}
	sb, err := b.Score(f)
	if err != nil {
		return Calibration{}, fmt.Errorf("second evaluation: %w", err)
	}
	possible := func(e Evaluation) float64 {
		p := 0.0
		for _, it := range f.Items {
			if !e.Answers[it.ID].NA {
				p += it.Weight
			}
		}
		return p
	}
	pa, pb := possible(a), possible(b)
	c := Calibration{ContactID: a.ContactID, A: sa, B: sb}
	for _, it := range f.Items {
		x, y := a.Answers[it.ID], b.Answers[it.ID]
		d := ItemDifference{ItemID: it.ID, A: x, B: y}
		if !x.NA && !y.NA && pa > 0 && pb > 0 {
			d.Points = Ratio{Value: 100*it.Weight*x.Score/pa - 100*it.Weight*y.Score/pb, OK: true}
		}
		c.Items = append(c.Items, d)
	}
	if sa.Total.OK && sb.Total.OK {
		c.TotalDifference = Ratio{Value: sa.Total.Value - sb.Total.Value, OK: true}
	}
	return c, nil
}

// DefaultQualityForm is the form a new center starts with: the service
// standards of DOMAIN.md as weighted items (weights add up to 100), and
// the "seven don'ts" (七不问) privacy questions as critical items: asking
// any of them without need fails the contact.
func DefaultQualityForm() QualityForm {
	items := []QualityItem{
		{ID: "accurate", Text: "Gave correct and complete information", Dimension: Reliability, Weight: 15},
		{ID: "resolved", Text: "Resolved the request, or set a clear next step and kept it", Dimension: Reliability, Weight: 15},
		{ID: "prompt_answer", Text: "Picked up within three rings and greeted at once", Dimension: Responsiveness, Weight: 10},
		{ID: "hold_etiquette", Text: "Asked before putting on hold and said for how long", Dimension: Responsiveness, Weight: 10},
		{ID: "transfer_etiquette", Text: "Explained a transfer and made sure someone picked up", Dimension: Responsiveness, Weight: 5},
		{ID: "verification", Text: "Verified the customer's identity as the policy says", Dimension: Assurance, Weight: 10},
		{ID: "knowledge", Text: "Showed product and policy knowledge; inspired confidence", Dimension: Assurance, Weight: 10},
		{ID: "acknowledged_feelings", Text: "Acknowledged the customer's feelings and situation", Dimension: Empathy, Weight: 10},
		{ID: "courtesy", Text: "Courteous words; listened without interrupting", Dimension: Empathy, Weight: 5},
		{ID: "voice", Text: "Clear voice, pace and standard greeting and closing", Dimension: Tangibles, Weight: 5},
		{ID: "record", Text: "Accurate, complete notes in the contact record", Dimension: Tangibles, Weight: 5},
	}
	for _, q := range []struct{ id, topic string }{
		{"no_age", "age"}, {"no_marriage", "marital status"}, {"no_income", "income"},
		{"no_address", "home address"}, {"no_history", "personal history"},
		{"no_religion", "religion"}, {"no_health", "health"},
	} {
		items = append(items, QualityItem{ID: q.id, Dimension: Assurance, Critical: true,
			Text: "Did not ask about the customer's " + q.topic + " without need (七不问)"})
	}
	return QualityForm{ID: "default", Name: "Contact quality (SERVQUAL)", Items: items}
}
