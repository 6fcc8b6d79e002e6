package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/kpi"
	"wfm/limits"
)

// QualityItem is one question of a quality form (kpi.QualityItem as JSON).
type QualityItem struct {
	ID        string  `json:"id"`
	Text      string  `json:"text"`
	Dimension string  `json:"dimension"` // a SERVQUAL dimension
	Weight    float64 `json:"weight"`
	Critical  bool    `json:"critical"` // pass/fail: failing it fails the whole evaluation
}

// QualityForm is a weighted checklist contacts are evaluated with.
type QualityForm struct {
	bun.BaseModel `bun:"table:quality_forms"`
	Record
	Name      string        `bun:"name,notnull" json:"name"`
	Items     []QualityItem `bun:"items,type:text,notnull" json:"items"`
	IsDefault bool          `bun:"is_default,notnull" json:"is_default"`
}

// Domain is the QualityForm as the kpi package reads it.
func (f *QualityForm) Domain() kpi.QualityForm {
	out := kpi.QualityForm{ID: strconv.FormatInt(f.ID, 10), Name: f.Name}
	for _, it := range f.Items {
		out.Items = append(out.Items, kpi.QualityItem{ID: it.ID, Text: it.Text, Dimension: kpi.Dimension(it.Dimension), Weight: it.Weight, Critical: it.Critical})
	}
	return out
}

// Validate checks the form with the domain's rules.
func (f *QualityForm) Validate() error {
	fe := fault.FieldErrors{}
	if f.Name == "" {
		fe.Add("name", "required")
	}
	checkText(fe, "name", f.Name, limits.Name)
	for i, it := range f.Items {
		checkText(fe, fmt.Sprintf("items[%d].id", i), it.ID, limits.Code)
		checkText(fe, fmt.Sprintf("items[%d].text", i), it.Text, limits.Note)
		checkText(fe, fmt.Sprintf("items[%d].dimension", i), it.Dimension, limits.Code)
	}
	if err := f.Domain().Validate(); err != nil {
		fe.Add("items", "%v", err)
	}
	return fe.Err("quality form")
}

func (s *Store) inTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx, now time.Time) error) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error { return fn(ctx, tx, now) })
}

// EnsureDefaultQualityForm gives the center its default form, the service
// standards and the "seven don'ts" as critical items, when it has none.
func (s *Store) EnsureDefaultQualityForm(ctx context.Context) (*QualityForm, error) {
	var f QualityForm
	err := s.db.NewSelect().Model(&f).Where("is_default = ?", true).Order("id").Limit(1).Scan(ctx)
	if err == nil {
		return &f, nil
	}
	if !isNoRows(err) {
		return nil, fmt.Errorf("read default quality form: %w", err)
	}
	d := kpi.DefaultQualityForm()
	f = QualityForm{Name: d.Name, IsDefault: true}
	for _, it := range d.Items {
		f.Items = append(f.Items, QualityItem{ID: it.ID, Text: it.Text, Dimension: string(it.Dimension), Weight: it.Weight, Critical: it.Critical})
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return insertRecord(ctx, tx, now, System, "quality_form", &f, &f)
	})
	if fault.CodeOf(err) == fault.Conflict { // another request seeded it first
		return s.EnsureDefaultQualityForm(ctx)
	}
	return &f, err
}

// ListQualityForms returns the forms, the default one seeded if missing.
func (s *Store) ListQualityForms(ctx context.Context) ([]QualityForm, error) {
	if _, err := s.EnsureDefaultQualityForm(ctx); err != nil {
		return nil, err
	}
	var out []QualityForm
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list quality forms: %w", err)
	}
	return out, nil
}

func (s *Store) GetQualityForm(ctx context.Context, id int64) (*QualityForm, error) {
	var f QualityForm
	err := s.db.NewSelect().Model(&f).Where("id = ?", id).Scan(ctx)
	return &f, translate(err, fmt.Sprintf("quality form %d", id))
}

func (s *Store) CreateQualityForm(ctx context.Context, a Actor, f *QualityForm) error {
	f.IsDefault = false
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return insertRecord(ctx, tx, now, a, "quality_form", f, f)
	})
}

// UpdateQualityForm changes a form. Past evaluations keep their scores;
// new ones are scored with the new items.
func (s *Store) UpdateQualityForm(ctx context.Context, a Actor, f *QualityForm) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		var cur QualityForm
		if err := tx.NewSelect().Model(&cur).Column("is_default").Where("id = ?", f.ID).Scan(ctx); err != nil {
			return translate(err, fmt.Sprintf("quality form %d", f.ID))
		}
		f.IsDefault = cur.IsDefault
		return updateRecord(ctx, tx, now, a, "quality_form", "update", f, f)
	})
}

// Answer is an evaluator's mark for one item: score 0 to 1 (critical
// items 0 or 1), or na when it did not apply.
type Answer struct {
	Score   float64 `json:"score"`
	NA      bool    `json:"na,omitempty"`
	Comment string  `json:"comment,omitempty"`
}

// Evaluation is one evaluator's marks for one contact, with its score.
type Evaluation struct {
	bun.BaseModel `bun:"table:evaluations"`
	Record
	FormID          int64               `bun:"form_id,notnull" json:"form_id"` // 0 on create = the default form
	ContactID       string              `bun:"contact_id,notnull" json:"contact_id"`
	AgentID         int64               `bun:"agent_id,notnull" json:"agent_id"` // 0 on create = the contact's agent
	EvaluatorUserID int64               `bun:"evaluator_user_id,notnull" json:"evaluator_user_id"`
	Answers         map[string]Answer   `bun:"answers,type:text,notnull" json:"answers"`
	Comments        string              `bun:"comments,notnull" json:"comments"`
	Total           *float64            `bun:"total" json:"total"` // 0-100; 0 when a critical item failed
	CriticalFailed  []string            `bun:"critical_failed,type:text,notnull" json:"critical_failed"`
	Dimensions      map[string]*float64 `bun:"dimensions,type:text,notnull" json:"dimensions"`
	EvaluatedAt     time.Time           `bun:"evaluated_at,notnull" json:"evaluated_at"`
}

// Validate checks what can be checked without the form.
func (e *Evaluation) Validate() error {
	f := fault.FieldErrors{}
	if e.ContactID == "" {
		f.Add("contact_id", "required")
	}
	if e.AgentID <= 0 {
		f.Add("agent_id", "required (the contact has no agent)")
	}
	if len(e.Answers) == 0 {
		f.Add("answers", "required: one per item of the form")
	}
	checkText(f, "contact_id", e.ContactID, limits.Code)
	checkText(f, "comments", e.Comments, limits.Note)
	for id, a := range e.Answers {
		if err := limits.Code.Check(id); err != nil {
			f.Add("answers", "item id %v", err)
			continue
		}
		checkText(f, "answers."+id+".comment", a.Comment, limits.Note)
	}
	return f.Err("evaluation")
}

// Domain is the Evaluation as the kpi package reads it.
func (e *Evaluation) Domain() kpi.Evaluation {
	out := kpi.Evaluation{FormID: strconv.FormatInt(e.FormID, 10), ContactID: e.ContactID,
		Agent: strconv.FormatInt(e.AgentID, 10), Evaluator: strconv.FormatInt(e.EvaluatorUserID, 10), Answers: map[string]kpi.Answer{}}
	for id, a := range e.Answers {
		out.Answers[id] = kpi.Answer{Score: a.Score, NA: a.NA}
	}
	return out
}

// EvaluationFilter selects evaluations: an agent (0 = all in scope) and
// evaluated in [From, To) (zero = open).
type EvaluationFilter struct {
	AgentID  int64
	From, To time.Time
	Scope    Scope
}

// InsertEvaluation stores a scored evaluation with its history.
func (s *Store) InsertEvaluation(ctx context.Context, a Actor, e *Evaluation) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return insertRecord(ctx, tx, now, a, "evaluation", e, e)
	})
}

// ListEvaluations returns evaluations in scope, newest first.
func (s *Store) ListEvaluations(ctx context.Context, f EvaluationFilter) ([]Evaluation, error) {
	if f.AgentID != 0 {
		if _, err := s.CheckAgentScope(ctx, f.Scope, f.AgentID); err != nil {
			return nil, err
		}
	}
	out := []Evaluation{}
	q := s.db.NewSelect().Model(&out).OrderExpr("evaluated_at DESC, id DESC")
	if f.AgentID != 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if !f.From.IsZero() {
		q = q.Where("evaluated_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("evaluated_at < ?", f.To.UTC())
	}
	if !f.Scope.All {
		q = q.Where("agent_id IN (?)", agentsInScope(s.db, f.Scope))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list evaluations: %w", err)
	}
	return out, nil
}

// GetEvaluation reads one evaluation in scope.
func (s *Store) GetEvaluation(ctx context.Context, sc Scope, id int64) (*Evaluation, error) {
	var e Evaluation
	if err := s.db.NewSelect().Model(&e).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("evaluation %d", id))
	}
	if _, err := s.CheckAgentScope(ctx, sc, e.AgentID); err != nil {
		return nil, err
	}
	return &e, nil
}

// AgentQualitySummary is an agent's evaluations summed: the mean total and
// the mean per SERVQUAL dimension (null when nothing applied).
type AgentQualitySummary struct {
	AgentID        int64               `json:"agent_id"`
	Evaluations    int                 `json:"evaluations"`
	CriticalFailed int                 `json:"critical_failed"`
	Total          *float64            `json:"total"`
	Dimensions     map[string]*float64 `json:"dimensions"`
}

// QualityFormsByID are the quality forms as the kpi package reads them,
// by their ID in decimal (an evaluation's form ID).
func (s *Store) QualityFormsByID(ctx context.Context) (map[string]kpi.QualityForm, error) {
	forms, err := s.ListQualityForms(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]kpi.QualityForm{}
	for i := range forms {
		out[strconv.FormatInt(forms[i].ID, 10)] = forms[i].Domain()
	}
	return out, nil
}

// ItemDifference is how two evaluators marked one item.
type ItemDifference struct {
	ItemID string   `json:"item_id"`
	A      Answer   `json:"a"`
	B      Answer   `json:"b"`
	Points *float64 `json:"points"` // A minus B on the form's 0-100 scale; null when not applicable to one of them
}

// Calibration compares two evaluators' marks of one contact.
type Calibration struct {
	ContactID       string           `json:"contact_id"`
	A               Evaluation       `json:"a"`
	B               Evaluation       `json:"b"`
	Items           []ItemDifference `json:"items"`
	TotalDifference *float64         `json:"total_difference"` // A's total minus B's
}
