package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/kpi"
	"wfm/limits"
)

// ScorecardItem is one weighted KPI of a scorecard: its points grow from
// floor (0) to target (1), capped at both ends.
type ScorecardItem struct {
	KPI    string  `json:"kpi"` // aht_seconds, occupancy, adherence, conformance, fcr, csat, quality, complaint_rate
	Weight float64 `json:"weight"`
	Floor  float64 `json:"floor"`
	// Target of aht_seconds: each agent is held to her own, the AHT targets
	// of the queues she handled weighted by her contacts; the floor keeps
	// its ratio to this target (600 for 300: twice her target).
	Target    float64 `json:"target"`
	Direction string  `json:"direction"` // higher | lower
}

// ScorecardKPIs are the KPIs a review can score an agent on.
var ScorecardKPIs = []string{"aht_seconds", "occupancy", "adherence", "conformance", "fcr", "csat", "quality", "complaint_rate"}

// Scorecard is the weighted KPIs a team's agents (or, without a team,
// every agent) are reviewed on.
type Scorecard struct {
	bun.BaseModel `bun:"table:scorecards"`
	Record
	Name   string          `bun:"name,notnull" json:"name"`
	TeamID *int64          `bun:"team_id" json:"team_id"` // null: the center's default
	Items  []ScorecardItem `bun:"items,type:text,notnull" json:"items"`
}

// Domain is the Scorecard as the kpi package reads it.
func (c *Scorecard) Domain() kpi.Scorecard {
	out := kpi.Scorecard{ID: strconv.FormatInt(c.ID, 10), Name: c.Name}
	for _, it := range c.Items {
		out.Items = append(out.Items, kpi.ScorecardItem{KPI: it.KPI, Weight: it.Weight, Floor: it.Floor, Target: it.Target, Direction: kpi.Direction(it.Direction)})
	}
	return out
}

// Validate checks the scorecard with the domain's rules and known KPIs.
func (c *Scorecard) Validate() error {
	f := fault.FieldErrors{}
	if c.Name == "" {
		f.Add("name", "required")
	}
	checkText(f, "name", c.Name, limits.Name)
	if err := c.Domain().Validate(); err != nil {
		f.Add("items", "%v", err)
	}
	for i, it := range c.Items {
		if !oneOf(it.KPI, ScorecardKPIs) {
			f.Add(fmt.Sprintf("items[%d].kpi", i), "%q is not one of %v", it.KPI, ScorecardKPIs)
		}
	}
	return f.Err("scorecard")
}

// DefaultScorecard is the scorecard a center starts with.
func DefaultScorecard() Scorecard {
	return Scorecard{Name: "Default", Items: []ScorecardItem{
		{KPI: "adherence", Weight: 25, Floor: 0.80, Target: 0.95, Direction: "higher"},
		{KPI: "aht_seconds", Weight: 15, Floor: 600, Target: 300, Direction: "lower"},
		{KPI: "fcr", Weight: 20, Floor: 0.5, Target: 0.8, Direction: "higher"},
		{KPI: "csat", Weight: 20, Floor: 0.6, Target: 0.9, Direction: "higher"},
		{KPI: "quality", Weight: 20, Floor: 60, Target: 90, Direction: "higher"},
	}}
}

// ListScorecards returns the scorecards, the default one seeded if none.
func (s *Store) ListScorecards(ctx context.Context) ([]Scorecard, error) {
	var out []Scorecard
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list scorecards: %w", err)
	}
	if len(out) > 0 {
		return out, nil
	}
	d := DefaultScorecard()
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return insertRecord(ctx, tx, now, System, "scorecard", &d, &d)
	})
	if err != nil && fault.CodeOf(err) != fault.Conflict {
		return nil, err
	}
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list scorecards: %w", err)
	}
	return out, nil
}

func (s *Store) CreateScorecard(ctx context.Context, a Actor, c *Scorecard) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return insertRecord(ctx, tx, now, a, "scorecard", c, c)
	})
}

func (s *Store) UpdateScorecard(ctx context.Context, a Actor, c *Scorecard) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return updateRecord(ctx, tx, now, a, "scorecard", "update", c, c)
	})
}

// ItemScore is one KPI's part of a review's score.
type ItemScore struct {
	KPI          string   `json:"kpi"`
	Value        *float64 `json:"value"` // null: no data this cycle
	Target       float64  `json:"target"`
	Points       *float64 `json:"points"`       // 0 to 1
	Contribution float64  `json:"contribution"` // points added to the 0-100 total
	MetTarget    bool     `json:"met_target"`
}

// PlanItem is one improvement action, kept through the cycles as plan,
// do, check, act (kpi.PlanItem as JSON). The goal (from, to) and the
// check are what the system proposed and measured, as numbers; plan, do,
// check and act are what people wrote, empty where the system's proposal
// stands; summary says the whole item in English.
type PlanItem struct {
	KPI       string     `json:"kpi"`
	From      *float64   `json:"from,omitempty"` // the goal: the KPI's value when the item was opened ...
	To        *float64   `json:"to,omitempty"`   // ... and its target
	Plan      string     `json:"plan"`
	Do        string     `json:"do"` // "": coaching on the KPI with the supervisor, two concrete actions agreed
	Checked   *PlanCheck `json:"checked,omitempty"`
	Check     string     `json:"check"`
	Act       string     `json:"act"` // "": as checked decides (met: closed; else carried on)
	FromCycle string     `json:"from_cycle"`
	Done      bool       `json:"done"`
	Summary   string     `json:"summary"` // in English, for integrations; computed, ignored on input
}

// AfterScanRow reads the plans of reviews drafted before plans were kept
// as data: the system's English sentences of then become the goal and
// check they said, so that a page says them in its reader's language
// rather than show them as people's words.
func (r *Review) AfterScanRow(context.Context) error {
	for i := range r.Plan {
		r.Plan[i] = r.Plan[i].fromLegacy()
	}
	return nil
}

// The sentences the review drafts wrote before plans were data.
var (
	legacyGoal      = regexp.MustCompile(`^bring (\S+) from (\S+) to (\S+)$`)
	legacyCheck     = regexp.MustCompile(`^(\S+) (\S+) in (\d{4}-\d{2}): (?:target (\S+) met|still short of (\S+))$`)
	legacyNoData    = regexp.MustCompile(`^(\S+): no data in (\d{4}-\d{2})$`)
	legacyStandards = map[string]bool{"closed: keep the practice": true, "carried on: revise the Do with the coach": true, "carried on": true}
)

func (p PlanItem) fromLegacy() PlanItem {
	if p.From != nil || p.Checked != nil {
		return p
	}
	number := func(s string) (*float64, bool) {
		v, err := strconv.ParseFloat(s, 64)
		return &v, err == nil
	}
	if m := legacyGoal.FindStringSubmatch(p.Plan); m != nil && m[1] == p.KPI {
		from, ok1 := number(m[2])
		to, ok2 := number(m[3])
		if ok1 && ok2 {
			p.From, p.To, p.Plan = from, to, ""
		}
	}
	if p.Do == "coaching on "+p.KPI+" with the supervisor; agree two concrete actions" {
		p.Do = ""
	}
	if m := legacyCheck.FindStringSubmatch(p.Check); m != nil && m[1] == p.KPI {
		value, ok1 := number(m[2])
		target, ok2 := number(m[4] + m[5])
		if ok1 && ok2 {
			p.Checked, p.Check = &PlanCheck{Cycle: m[3], Value: value, Target: *target, Met: m[4] != ""}, ""
		}
	} else if m := legacyNoData.FindStringSubmatch(p.Check); m != nil && m[1] == p.KPI {
		p.Checked, p.Check = &PlanCheck{Cycle: m[2]}, ""
	}
	if p.Checked != nil && legacyStandards[p.Act] {
		p.Act = ""
	}
	if p.Summary == "" {
		p.Summary = p.Domain().Summary()
	}
	return p
}

// PlanCheck is a review's check of a plan item: the KPI over the cycle
// against its target.
type PlanCheck struct {
	Cycle  string   `json:"cycle"`
	Value  *float64 `json:"value"` // null: no data in the cycle
	Target float64  `json:"target"`
	Met    bool     `json:"met"`
}

// ReviewDraft is what the system computed for a review cycle.
type ReviewDraft struct {
	Scorecard  string              `json:"scorecard"`
	Score      *float64            `json:"score"` // 0-100; null when no KPI had data
	Items      []ItemScore         `json:"items"`
	Quality    AgentQualitySummary `json:"quality"`
	Complaints ComplaintKPIs       `json:"complaints"`
	Strengths  []ItemScore         `json:"strengths"`
	Gaps       []ItemScore         `json:"gaps"`
}

// Review statuses.
const (
	ReviewDraftStatus  = "draft"        // computed; the supervisor comments and shares it
	ReviewShared       = "shared"       // the agent can read it
	ReviewAcknowledged = "acknowledged" // the agent acknowledged it
)

// Review is one agent's performance review for one cycle (YYYY-MM).
type Review struct {
	bun.BaseModel `bun:"table:reviews"`
	Record
	AgentID        int64           `bun:"agent_id,notnull" json:"agent_id"`
	Cycle          string          `bun:"cycle,notnull" json:"cycle"`
	ScorecardID    *int64          `bun:"scorecard_id" json:"scorecard_id"`
	Draft          ReviewDraft     `bun:"draft,type:text,notnull" json:"draft"`
	Plan           []PlanItem      `bun:"plan,type:text,notnull" json:"plan"`
	Status         string          `bun:"status,notnull" json:"status"`
	ReadAt         *time.Time      `bun:"read_at" json:"read_at"`
	AcknowledgedAt *time.Time      `bun:"acknowledged_at" json:"acknowledged_at"`
	AgentComment   string          `bun:"agent_comment,notnull" json:"agent_comment"`
	Comments       []ReviewComment `bun:"-" json:"comments"`
}

// Validate checks the review's fields.
func (r *Review) Validate() error {
	f := fault.FieldErrors{}
	if r.AgentID <= 0 {
		f.Add("agent_id", "required")
	}
	if _, err := time.Parse("2006-01", r.Cycle); err != nil {
		f.Add("cycle", "%q is not a month YYYY-MM", r.Cycle)
	}
	if !oneOf(r.Status, []string{ReviewDraftStatus, ReviewShared, ReviewAcknowledged}) {
		f.Add("status", "%q is not draft, shared or acknowledged", r.Status)
	}
	for i, p := range r.Plan {
		switch {
		case p.KPI == "" || (p.Plan == "" && p.From == nil):
			f.Add(fmt.Sprintf("plan[%d]", i), "kpi and plan (or from and to) are required")
		case (p.From == nil) != (p.To == nil):
			f.Add(fmt.Sprintf("plan[%d]", i), "from and to go together")
		}
		p.checkTexts(f, fmt.Sprintf("plan[%d].", i))
	}
	checkText(f, "agent_comment", r.AgentComment, limits.Note)
	return f.Err("review")
}

// checkTexts checks what a supervisor typed into a plan item, each field
// named with prefix.
func (p PlanItem) checkTexts(f fault.FieldErrors, prefix string) {
	checkText(f, prefix+"kpi", p.KPI, limits.Code)
	checkText(f, prefix+"from_cycle", p.FromCycle, limits.Code)
	for field, v := range map[string]string{"plan": p.Plan, "do": p.Do, "check": p.Check, "act": p.Act} {
		checkText(f, prefix+field, v, limits.Note)
	}
}

// ReviewComment is a supervisor's comment on a review.
type ReviewComment struct {
	bun.BaseModel `bun:"table:review_comments"`
	ID            int64     `bun:"id,pk,autoincrement" json:"id"`
	ReviewID      int64     `bun:"review_id,notnull" json:"review_id"`
	AuthorUserID  int64     `bun:"author_user_id,notnull" json:"author_user_id"`
	Body          string    `bun:"body,notnull" json:"body"`
	CreatedAt     time.Time `bun:"created_at,notnull" json:"created_at"`
}

// Domain is the PlanItem as the kpi package reads it.
func (p PlanItem) Domain() kpi.PlanItem {
	d := kpi.PlanItem{KPI: p.KPI, Plan: p.Plan, Do: p.Do, Check: p.Check, Act: p.Act, FromCycle: p.FromCycle, Done: p.Done}
	if p.From != nil && p.To != nil {
		d.Goal = &kpi.PlanGoal{From: *p.From, To: *p.To}
	}
	if c := p.Checked; c != nil {
		d.Checked = &kpi.PlanCheck{Cycle: c.Cycle, Target: c.Target, Met: c.Met}
		if c.Value != nil {
			d.Checked.Value = kpi.Ratio{Value: *c.Value, OK: true}
		}
	}
	return d
}

// AgentZone is the time zone of an agent's site.
func (s *Store) AgentZone(ctx context.Context, a *Agent) (*time.Location, error) {
	team, err := s.GetTeam(ctx, a.TeamID)
	if err != nil {
		return nil, err
	}
	zones, err := s.zones(ctx)
	if err != nil {
		return nil, err
	}
	return zones[team.SiteID], nil
}

// ReviewOf is an agent's review of a cycle, whatever its state, for the
// use cases that draft reviews; not found when there is none.
func (s *Store) ReviewOf(ctx context.Context, agentID int64, cycle string) (*Review, error) {
	var r Review
	err := s.db.NewSelect().Model(&r).Where("agent_id = ?", agentID).Where("cycle = ?", cycle).Scan(ctx)
	if isNoRows(err) {
		return nil, fault.Errorf(fault.NotFound, "agent %d has no %s review", agentID, cycle)
	}
	if err != nil {
		return nil, fmt.Errorf("read review: %w", err)
	}
	return &r, nil
}

// SaveReviewDraft writes a drafted review in one transaction with its
// history: a new one (no ID yet) is inserted, a stored one recomputed.
func (s *Store) SaveReviewDraft(ctx context.Context, a Actor, r *Review) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		if r.ID != 0 {
			return updateRecord(ctx, tx, now, a, "review", "recompute", r, r)
		}
		return insertRecord(ctx, tx, now, a, "review", r, r)
	})
}

// LoadReview reads a review with its comments, and its agent, as the
// scope sees it: a draft is not found but by her supervisor or a manager.
// It leaves no read receipt (people.ReadReview does).
func (s *Store) LoadReview(ctx context.Context, sc Scope, id int64) (*Review, *Agent, error) {
	var r Review
	if err := s.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, nil, translate(err, fmt.Sprintf("review %d", id))
	}
	ag, err := s.CheckAgentScope(ctx, sc, r.AgentID)
	if err != nil {
		return nil, nil, err
	}
	if !sc.All && !sc.HasTeam(ag.TeamID) && r.Status == ReviewDraftStatus {
		return nil, nil, fault.Errorf(fault.NotFound, "review %d not found", id)
	}
	if err := s.db.NewSelect().Model(&r.Comments).Where("review_id = ?", id).Order("id").Scan(ctx); err != nil {
		return nil, nil, fmt.Errorf("read review comments: %w", err)
	}
	if r.Comments == nil {
		r.Comments = []ReviewComment{}
	}
	return &r, ag, nil
}

// MarkReviewRead records when the review's agent first read it.
func (s *Store) MarkReviewRead(ctx context.Context, r *Review, at time.Time) error {
	at = at.UTC()
	r.ReadAt = &at
	if _, err := s.db.NewUpdate().Model(r).Column("read_at").WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("read receipt of review %d: %w", r.ID, err)
	}
	return nil
}

// ReviewFilter selects reviews.
type ReviewFilter struct {
	AgentID int64
	Cycle   string
	Scope   Scope
}

// ListReviews returns the reviews in scope (agents: their own, shared),
// newest cycle first; history is kept, one review per agent and cycle.
func (s *Store) ListReviews(ctx context.Context, f ReviewFilter) ([]Review, error) {
	if f.AgentID != 0 {
		if _, err := s.CheckAgentScope(ctx, f.Scope, f.AgentID); err != nil {
			return nil, err
		}
	}
	var rows []Review
	q := s.db.NewSelect().Model(&rows).OrderExpr("cycle DESC, agent_id")
	if f.AgentID != 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if f.Cycle != "" {
		q = q.Where("cycle = ?", f.Cycle)
	}
	if !f.Scope.All {
		q = q.Where("agent_id IN (?)", agentsInScope(s.db, f.Scope))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	teamOf := map[int64]int64{}
	if !f.Scope.All {
		agents, err := s.ListAgents(ctx, f.Scope)
		if err != nil {
			return nil, err
		}
		for _, a := range agents {
			teamOf[a.ID] = a.TeamID
		}
	}
	out := []Review{}
	for _, r := range rows {
		if !f.Scope.All && !f.Scope.HasTeam(teamOf[r.AgentID]) && r.Status == ReviewDraftStatus {
			continue
		}
		r.Comments = nil
		out = append(out, r)
	}
	return out, nil
}

// Feedback is a coaching note from a supervisor to an agent, with read
// and acknowledgement receipts.
type Feedback struct {
	bun.BaseModel  `bun:"table:feedback"`
	ID             int64      `bun:"id,pk,autoincrement" json:"id"`
	AgentID        int64      `bun:"agent_id,notnull" json:"agent_id"`
	AuthorUserID   int64      `bun:"author_user_id,notnull" json:"author_user_id"`
	Body           string     `bun:"body,notnull" json:"body"`
	CreatedAt      time.Time  `bun:"created_at,notnull" json:"created_at"`
	ReadAt         *time.Time `bun:"read_at" json:"read_at"`
	AcknowledgedAt *time.Time `bun:"acknowledged_at" json:"acknowledged_at"`
}

// ListFeedback returns the notes in scope (an agent: hers), newest first.
func (s *Store) ListFeedback(ctx context.Context, sc Scope, agentID int64) ([]Feedback, error) {
	if agentID != 0 {
		if _, err := s.CheckAgentScope(ctx, sc, agentID); err != nil {
			return nil, err
		}
	}
	out := []Feedback{}
	q := s.db.NewSelect().Model(&out).OrderExpr("created_at DESC, id DESC")
	if agentID != 0 {
		q = q.Where("agent_id = ?", agentID)
	}
	if !sc.All {
		q = q.Where("agent_id IN (?)", agentsInScope(s.db, sc))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	return out, nil
}

// AddReviewComment stores a comment on a review with its audit line.
func (s *Store) AddReviewComment(ctx context.Context, a Actor, c *ReviewComment) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		if _, err := tx.NewInsert().Model(c).Exec(ctx); err != nil {
			return translate(err, "review comment")
		}
		return audit(ctx, tx, now, a, "comment", "review", c.ReviewID, c)
	})
}

// SaveReview stores a changed review with its history, the change named by
// action; a review changed by someone else since its version was read is
// a conflict.
func (s *Store) SaveReview(ctx context.Context, a Actor, r *Review, action string) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return updateRecord(ctx, tx, now, a, "review", action, r, r)
	})
}

// InsertFeedback stores a new note with its audit line.
func (s *Store) InsertFeedback(ctx context.Context, a Actor, f *Feedback) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		if _, err := tx.NewInsert().Model(f).Returning("id").Exec(ctx); err != nil {
			return translate(err, "feedback")
		}
		return audit(ctx, tx, now, a, "create", "feedback", f.ID, f)
	})
}

// FeedbackByID reads a note whatever the scope: the use case decides who
// may mark it.
func (s *Store) FeedbackByID(ctx context.Context, id int64) (*Feedback, error) {
	var f Feedback
	if err := s.db.NewSelect().Model(&f).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("feedback %d", id))
	}
	return &f, nil
}

// SaveFeedbackReceipts stores a note's read and acknowledgement times.
func (s *Store) SaveFeedbackReceipts(ctx context.Context, f *Feedback) error {
	if _, err := s.db.NewUpdate().Model(f).Column("read_at", "acknowledged_at").WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("feedback %d receipt: %w", f.ID, err)
	}
	return nil
}
