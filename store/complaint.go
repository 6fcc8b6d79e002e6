package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/kpi"
	"wfm/limits"
)

// ComplaintStep is one action taken on a complaint case.
type ComplaintStep struct {
	Action   string    `json:"action"` // judge, classify, assign, investigate, resolve, approve, notify, review, reopen
	At       time.Time `json:"at"`     // set by the store: when it was taken
	By       string    `json:"by"`     // set by the store: who took it
	Note     string    `json:"note,omitempty"`
	Valid    bool      `json:"valid,omitempty"`    // judge
	Category string    `json:"category,omitempty"` // classify
	Owner    string    `json:"owner,omitempty"`    // assign
	Remedy   string    `json:"remedy,omitempty"`   // resolve
}

// Complaint is a complaint case (DOMAIN.md "Complaints"): recorded, judged,
// classified, owned, investigated, resolved, approved, the customer
// notified within 24 hours of the resolution, and reviewed.
type Complaint struct {
	bun.BaseModel `bun:"table:complaints"`
	Record
	ContactID   string          `bun:"contact_id,notnull" json:"contact_id"`
	Customer    string          `bun:"customer,notnull" json:"customer"`
	AgentID     *int64          `bun:"agent_id" json:"agent_id"`
	About       string          `bun:"about,notnull" json:"about"`
	Wants       string          `bun:"wants,notnull" json:"wants"`
	RecordedAt  time.Time       `bun:"recorded_at,notnull" json:"recorded_at"`
	Status      string          `bun:"status,notnull" json:"status"`
	Valid       bool            `bun:"valid,notnull" json:"valid"`
	Category    string          `bun:"category,notnull" json:"category"`
	Owner       string          `bun:"owner,notnull" json:"owner"`
	Remedy      string          `bun:"remedy,notnull" json:"remedy"`
	ResolvedAt  *time.Time      `bun:"resolved_at" json:"resolved_at"`
	NotifiedAt  *time.Time      `bun:"notified_at" json:"notified_at"`
	ClosedAt    *time.Time      `bun:"closed_at" json:"closed_at"`
	FollowUpDue *time.Time      `bun:"follow_up_due" json:"follow_up_due"`
	Resolutions int             `bun:"resolutions,notnull" json:"resolutions"`
	Reopens     int             `bun:"reopens,notnull" json:"reopens"`
	Steps       []ComplaintStep `bun:"steps,type:text,notnull" json:"steps"`
	Overdue     bool            `bun:"-" json:"overdue"` // at the time it was read
}

// Validate checks the case's texts and the domain's rules for a new
// complaint.
func (c *Complaint) Validate() error {
	f := fault.FieldErrors{}
	checkText(f, "contact_id", c.ContactID, limits.Code)
	checkText(f, "customer", c.Customer, limits.Name)
	checkText(f, "about", c.About, limits.Note)
	checkText(f, "wants", c.Wants, limits.Note)
	for i, st := range c.Steps {
		st.checkTexts(f, fmt.Sprintf("steps[%d].", i))
	}
	if err := f.Err("complaint"); err != nil {
		return err
	}
	if _, err := kpi.NewComplaint("x", c.Customer, c.About, c.Wants, c.RecordedAt); err != nil {
		return DomainFieldError("complaint", err)
	}
	return nil
}

func (c *Complaint) checkDates(f fault.FieldErrors, now time.Time) {
	if err := limits.Record.CheckTime(c.RecordedAt, now); err != nil && !c.RecordedAt.IsZero() {
		f.Add("recorded_at", "%v", err)
	}
}

// Validate checks what a person typed into a step, each field within its
// bounds.
func (st ComplaintStep) Validate() error {
	f := fault.FieldErrors{}
	st.checkTexts(f, "")
	return f.Err("complaint step")
}

// checkTexts checks what a person typed into a step, each field named
// with prefix.
func (st ComplaintStep) checkTexts(f fault.FieldErrors, prefix string) {
	checkText(f, prefix+"action", st.Action, limits.Code)
	checkText(f, prefix+"note", st.Note, limits.Note)
	checkText(f, prefix+"category", st.Category, limits.Code)
	checkText(f, prefix+"owner", st.Owner, limits.Name)
	checkText(f, prefix+"remedy", st.Remedy, limits.Code)
}

// DomainFieldError turns a domain package's "field: what is wrong" error
// into an Invalid error naming the field.
func DomainFieldError(entity string, err error) error {
	field, msg, ok := strings.Cut(err.Error(), ": ")
	if !ok || field == "" || strings.ContainsAny(field, " ") {
		return fault.Errorf(fault.Invalid, "invalid %s: %v", entity, err)
	}
	return &fault.Error{Code: fault.Invalid, Message: "invalid " + entity, Fields: map[string]string{field: msg}}
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// Domain is the case as the complaint workflow of the kpi package reads
// it.
func (c *Complaint) Domain() kpi.Complaint {
	d := kpi.Complaint{
		ID: strconv.FormatInt(c.ID, 10), ContactID: c.ContactID, Customer: c.Customer, About: c.About, Wants: c.Wants,
		RecordedAt: c.RecordedAt, Status: kpi.ComplaintStatus(c.Status), Valid: c.Valid,
		Category: kpi.ComplaintCategory(c.Category), Owner: c.Owner, Remedy: kpi.Remedy(c.Remedy),
		ResolvedAt: timeOrZero(c.ResolvedAt), NotifiedAt: timeOrZero(c.NotifiedAt), ClosedAt: timeOrZero(c.ClosedAt),
		Resolutions: c.Resolutions, Reopens: c.Reopens,
	}
	if c.AgentID != nil {
		d.Agent = strconv.FormatInt(*c.AgentID, 10)
	}
	for _, s := range c.Steps {
		d.Steps = append(d.Steps, kpi.ComplaintStep{Action: kpi.ComplaintAction(s.Action), At: s.At, By: s.By, Note: s.Note,
			Valid: s.Valid, Category: kpi.ComplaintCategory(s.Category), Owner: s.Owner, Remedy: kpi.Remedy(s.Remedy)})
	}
	return d
}

// ActorName is how a case's history names who took a step.
func (s *Store) ActorName(ctx context.Context, a Actor) string {
	if a.UserID == 0 {
		return "system"
	}
	if u, err := s.GetUser(ctx, a.UserID); err == nil {
		return u.Username
	}
	return "user " + strconv.FormatInt(a.UserID, 10)
}

// complaintInScope refuses a case about an agent outside the scope; cases
// about nobody in particular are the center's, seen by every supervisor.
func (s *Store) complaintInScope(ctx context.Context, sc Scope, agentID *int64) error {
	if agentID == nil {
		return nil
	}
	_, err := s.CheckAgentScope(ctx, sc, *agentID)
	return err
}

// GetComplaint reads one case in scope (Overdue unset: people.Complaint
// sets it).
func (s *Store) GetComplaint(ctx context.Context, sc Scope, id int64) (*Complaint, error) {
	var c Complaint
	if err := s.db.NewSelect().Model(&c).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("complaint %d", id))
	}
	if err := s.complaintInScope(ctx, sc, c.AgentID); err != nil {
		return nil, err
	}
	return &c, nil
}

// ComplaintFilter selects cases recorded in [From, To) (zero = open).
type ComplaintFilter struct {
	Status   string
	OpenOnly bool
	AgentID  int64
	From, To time.Time
	Scope    Scope
}

// ListComplaints returns the cases in scope, newest first (Overdue unset:
// people.Complaints sets it).
func (s *Store) ListComplaints(ctx context.Context, f ComplaintFilter) ([]Complaint, error) {
	if f.AgentID != 0 {
		if _, err := s.CheckAgentScope(ctx, f.Scope, f.AgentID); err != nil {
			return nil, err
		}
	}
	out := []Complaint{}
	q := s.db.NewSelect().Model(&out).OrderExpr("recorded_at DESC, id DESC")
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.OpenOnly {
		q = q.Where("status NOT IN (?)", bun.List([]string{string(kpi.ComplaintReviewed), string(kpi.ComplaintClosed)}))
	}
	if f.AgentID != 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if !f.From.IsZero() {
		q = q.Where("recorded_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("recorded_at < ?", f.To.UTC())
	}
	if !f.Scope.All {
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("agent_id IS NULL").WhereOr("agent_id IN (?)", agentsInScope(s.db, f.Scope))
		})
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list complaints: %w", err)
	}
	return out, nil
}

// ComplaintKPIs are the complaint measures over a period, as JSON: the
// ratios are null when their denominator is zero.
type ComplaintKPIs struct {
	Cases              int      `json:"cases"`
	Open               int      `json:"open"`
	Overdue            int      `json:"overdue"`
	Contacts           int      `json:"contacts"` // handled contacts in the period, the rate's base
	Rate               *float64 `json:"rate"`     // complaints per contact
	MeanOpenAgeHours   *float64 `json:"mean_open_age_hours"`
	MeanClosedAgeHours *float64 `json:"mean_closed_age_hours"`
	ReopenRate         *float64 `json:"reopen_rate"`
}

// Alert is something a supervisor should look at: a high-risk contact, a
// complaint whose follow-up is overdue, a strained agent.
type Alert struct {
	bun.BaseModel `bun:"table:alerts"`
	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	Kind          string     `bun:"kind,notnull" json:"kind"`
	TeamID        *int64     `bun:"team_id" json:"team_id"`
	AgentID       *int64     `bun:"agent_id" json:"agent_id"`
	Subject       string     `bun:"subject,notnull" json:"subject"`
	Message       string     `bun:"message,notnull" json:"message"`
	DedupeKey     string     `bun:"dedupe_key,notnull" json:"-"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	ReadAt        *time.Time `bun:"read_at" json:"read_at"`
	ReadBy        *int64     `bun:"read_by" json:"read_by"`
}

// Alert kinds.
const (
	AlertHighRisk         = "high_risk_contact"
	AlertComplaintOverdue = "complaint_overdue"
	AlertStrain           = "strain"
)

// CountAnsweredContacts counts the answered contacts arrived in
// [From, To) of the filter's agent (0: any) within its scope: the base of
// the complaint rate.
func (s *Store) CountAnsweredContacts(ctx context.Context, f ComplaintFilter) (int, error) {
	q := s.db.NewSelect().Model((*Contact)(nil)).Where("answered_at IS NOT NULL").
		Where("arrived_at >= ?", f.From.UTC()).Where("arrived_at < ?", f.To.UTC())
	if f.AgentID != 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if !f.Scope.All {
		q = q.Where("agent_id IN (?)", agentsInScope(s.db, f.Scope))
	}
	contacts, err := q.Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count contacts: %w", err)
	}
	return int(contacts), nil
}

// raiseAlert stores an alert unless one with its key exists; it tells
// whether it was new. The agent's team is filled in from the agent.
func (s *Store) raiseAlert(ctx context.Context, db bun.IDB, al Alert) (bool, error) {
	if al.AgentID != nil && al.TeamID == nil {
		var team int64
		if err := db.NewSelect().Model((*Agent)(nil)).Column("team_id").Where("id = ?", *al.AgentID).Scan(ctx, &team); err == nil {
			al.TeamID = &team
		}
	}
	al.CreatedAt = s.now().UTC()
	res, err := db.NewInsert().Model(&al).On("CONFLICT (dedupe_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("raise alert %s: %w", al.DedupeKey, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// AlertFilter selects alerts.
type AlertFilter struct {
	Kind       string
	UnreadOnly bool
	Scope      Scope
	Limit      int
}

// ListAlerts returns the alerts of the teams in scope (managers: all),
// newest first.
func (s *Store) ListAlerts(ctx context.Context, f AlertFilter) ([]Alert, error) {
	out := []Alert{}
	q := s.db.NewSelect().Model(&out).OrderExpr("created_at DESC, id DESC").Limit(int64(limitOrDefault(f.Limit)))
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.UnreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if !f.Scope.All {
		q = q.Where("team_id IN (?)", bun.List(append([]int64{0}, f.Scope.TeamIDs...)))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return out, nil
}

// MarkAlertRead records that the actor read an alert of her teams.
func (s *Store) MarkAlertRead(ctx context.Context, a Actor, sc Scope, id int64) (*Alert, error) {
	var al Alert
	if err := s.db.NewSelect().Model(&al).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("alert %d", id))
	}
	if !sc.All && (al.TeamID == nil || !sc.HasTeam(*al.TeamID)) {
		return nil, fault.Errorf(fault.Forbidden, "alert %d is not about your teams", id)
	}
	if al.ReadAt != nil {
		return &al, nil
	}
	now := s.now().UTC()
	al.ReadAt, al.ReadBy = &now, &a.UserID
	if _, err := s.db.NewUpdate().Model(&al).Column("read_at", "read_by").WherePK().Exec(ctx); err != nil {
		return nil, fmt.Errorf("mark alert %d read: %w", id, err)
	}
	return &al, nil
}

// InsertComplaint stores a new case with its history.
func (s *Store) InsertComplaint(ctx context.Context, a Actor, c *Complaint) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return insertRecord(ctx, tx, now, a, "complaint", c, c)
	})
}

// SaveComplaintStep stores a case after a step, the step's action in its
// history; a case changed by someone else since it was read is a conflict.
func (s *Store) SaveComplaintStep(ctx context.Context, a Actor, c *Complaint, action string) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		return updateRecord(ctx, tx, now, a, "complaint", action, c, c)
	})
}

// RaiseAlert stores an alert unless one with its key exists (the use
// cases raise alerts once however often a job runs); it tells whether it
// was new.
func (s *Store) RaiseAlert(ctx context.Context, al Alert) (bool, error) {
	return s.raiseAlert(ctx, s.db, al)
}

// RiskContacts are the contacts arrived in [from, to) that carry a sign
// of risk (an emotion, a complaint or extensions), by arrival: what the
// escalation rule reads.
func (s *Store) RiskContacts(ctx context.Context, from, to time.Time) ([]Contact, error) {
	var cs []Contact
	err := s.db.NewSelect().Model(&cs).Where("arrived_at >= ?", from.UTC()).Where("arrived_at < ?", to.UTC()).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("emotion IS NOT NULL").WhereOr("complaint = ?", true).WhereOr("extensions IS NOT NULL")
		}).Order("arrived_at").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("read contacts for risk: %w", err)
	}
	return cs, nil
}
