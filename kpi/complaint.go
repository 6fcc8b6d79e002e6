package kpi

import (
	"fmt"
	"time"
)

// ComplaintStatus is where a complaint case stands (DOMAIN.md "Complaints").
type ComplaintStatus string

// The steps of a complaint case, in order. An invalid complaint goes from
// recorded straight to closed; a reopened case goes back to investigating.
const (
	ComplaintRecorded      ComplaintStatus = "recorded"      // who, when, about what, what they want
	ComplaintValid         ComplaintStatus = "valid"         // judged valid
	ComplaintClassified    ComplaintStatus = "classified"    // category set
	ComplaintAssigned      ComplaintStatus = "assigned"      // an owner takes it
	ComplaintInvestigating ComplaintStatus = "investigating" //
	ComplaintResolved      ComplaintStatus = "resolved"      // remedy decided; follow-up due in 24 h
	ComplaintApproved      ComplaintStatus = "approved"      // a supervisor approved the remedy
	ComplaintNotified      ComplaintStatus = "notified"      // the customer was told
	ComplaintReviewed      ComplaintStatus = "reviewed"      // the case was reviewed: done
	ComplaintClosed        ComplaintStatus = "closed"        // judged invalid: done
)

// ComplaintCategory is what a complaint is about.
type ComplaintCategory string

// The complaint categories of DOMAIN.md.
const (
	CategoryContractSales  ComplaintCategory = "contract_sales"
	CategoryProductQuality ComplaintCategory = "product_quality"
	CategoryDelivery       ComplaintCategory = "delivery"
	CategoryService        ComplaintCategory = "service"
)

// Remedy is how a complaint was resolved.
type Remedy string

// The remedies of DOMAIN.md.
const (
	RemedyReturn       Remedy = "return"
	RemedyExchange     Remedy = "exchange"
	RemedyRepair       Remedy = "repair"
	RemedyDiscount     Remedy = "discount"
	RemedyCompensation Remedy = "compensation"
)

// ComplaintAction is a step taken on a case.
type ComplaintAction string

// The actions and the statuses they apply to are in complaintTransitions.
const (
	ActionJudge       ComplaintAction = "judge"
	ActionClassify    ComplaintAction = "classify"
	ActionAssign      ComplaintAction = "assign"
	ActionInvestigate ComplaintAction = "investigate"
	ActionResolve     ComplaintAction = "resolve"
	ActionApprove     ComplaintAction = "approve"
	ActionNotify      ComplaintAction = "notify"
	ActionReview      ComplaintAction = "review"
	ActionReopen      ComplaintAction = "reopen"
)

// FollowUpWithin is how soon after resolution the customer must hear back.
const FollowUpWithin = 24 * time.Hour

// complaintTransitions: for each action, the statuses it may be taken
// from. The status it leads to is in Apply.
var complaintTransitions = map[ComplaintAction][]ComplaintStatus{
	ActionJudge:       {ComplaintRecorded},
	ActionClassify:    {ComplaintValid},
	ActionAssign:      {ComplaintClassified, ComplaintAssigned, ComplaintInvestigating}, // also reassign
	ActionInvestigate: {ComplaintAssigned},
	ActionResolve:     {ComplaintInvestigating},
	ActionApprove:     {ComplaintResolved},
	ActionNotify:      {ComplaintApproved},
	ActionReview:      {ComplaintNotified},
	ActionReopen:      {ComplaintNotified, ComplaintReviewed, ComplaintClosed},
}

// ComplaintStep is one action on a case, with what it decides.
type ComplaintStep struct {
	Action ComplaintAction
	At     time.Time
	By     string
	Note   string

	Valid    bool              // judge
	Category ComplaintCategory // classify
	Owner    string            // assign
	Remedy   Remedy            // resolve
}

// Complaint is one complaint case and its history.
type Complaint struct {
	ID         string
	ContactID  string
	Customer   string
	Agent      string // the agent complained about or who took it, if any
	About      string
	Wants      string
	RecordedAt time.Time

	Status   ComplaintStatus
	Valid    bool
	Category ComplaintCategory
	Owner    string
	Remedy   Remedy

	ResolvedAt  time.Time // last resolution
	NotifiedAt  time.Time // last notification of the customer
	ClosedAt    time.Time // reviewed or closed as invalid
	Resolutions int
	Reopens     int
	Steps       []ComplaintStep
}

// NewComplaint records a complaint.
func NewComplaint(id, customer, about, wants string, at time.Time) (Complaint, error) {
	switch {
	case id == "":
		return Complaint{}, fmt.Errorf("id: required")
	case customer == "":
		return Complaint{}, fmt.Errorf("customer: required")
	case about == "":
		return Complaint{}, fmt.Errorf("about: required")
	case at.IsZero():
		return Complaint{}, fmt.Errorf("recorded_at: required")
	}
	return Complaint{ID: id, Customer: customer, About: about, Wants: wants, RecordedAt: at, Status: ComplaintRecorded}, nil
}

// Apply takes one step on the case and returns the updated case; the
// case itself is unchanged when the step is not allowed.
func (c Complaint) Apply(s ComplaintStep) (Complaint, error) {
	from, ok := complaintTransitions[s.Action]
	if !ok {
		return c, fmt.Errorf("action: unknown action %q", string(s.Action))
	}
	allowed := false
	for _, st := range from {
		allowed = allowed || st == c.Status
	}
	if !allowed {
		return c, fmt.Errorf("action: cannot %s a complaint that is %s (allowed from %v)", s.Action, c.Status, from)
	}
	if s.At.IsZero() {
		return c, fmt.Errorf("at: required")
	}
	last := c.RecordedAt
	if n := len(c.Steps); n > 0 {
		last = c.Steps[n-1].At
	}
	if s.At.Before(last) {
		return c, fmt.Errorf("at: %s is before the case's last step (%s)", s.At.Format(time.RFC3339), last.Format(time.RFC3339))
	}
	if s.By == "" {
		return c, fmt.Errorf("by: required")
	}
	next := c
	next.Steps = append(append([]ComplaintStep(nil), c.Steps...), s)
	switch s.Action {
	case ActionJudge:
		next.Valid = s.Valid
		next.Status = ComplaintValid
		if !s.Valid {
			next.Status, next.ClosedAt = ComplaintClosed, s.At
		}
	case ActionClassify:
		switch s.Category {
		case CategoryContractSales, CategoryProductQuality, CategoryDelivery, CategoryService:
		default:
			return c, fmt.Errorf("category: unknown category %q", string(s.Category))
		}
		next.Category, next.Status = s.Category, ComplaintClassified
	case ActionAssign:
		if s.Owner == "" {
			return c, fmt.Errorf("owner: required")
		}
		next.Owner = s.Owner
		if c.Status == ComplaintClassified {
			next.Status = ComplaintAssigned
		}
	case ActionInvestigate:
		next.Status = ComplaintInvestigating
	case ActionResolve:
		switch s.Remedy {
		case RemedyReturn, RemedyExchange, RemedyRepair, RemedyDiscount, RemedyCompensation:
		default:
			return c, fmt.Errorf("remedy: unknown remedy %q", string(s.Remedy))
		}
		next.Remedy, next.ResolvedAt, next.Status = s.Remedy, s.At, ComplaintResolved
		next.Resolutions++
	case ActionApprove:
		// Four eyes: the owner does not approve her own remedy.
		if s.By == c.Owner {
			return c, fmt.Errorf("by: the owner %s cannot approve her own resolution; a supervisor approves", s.By)
		}
		next.Status = ComplaintApproved
	case ActionNotify:
		next.NotifiedAt, next.Status = s.At, ComplaintNotified
	case ActionReview:
		next.ClosedAt, next.Status = s.At, ComplaintReviewed
	case ActionReopen:
		next.Reopens++
		next.ClosedAt, next.Remedy = time.Time{}, ""
		next.Status = ComplaintInvestigating
		if c.Status == ComplaintClosed { // judged invalid, then found valid after all
			next.Valid = true
			next.Status = ComplaintValid
		}
	}
	return next, nil
}

// FollowUpDue is when the customer must have heard back: 24 hours after
// the (last) resolution. ok is false before the case is resolved.
func (c Complaint) FollowUpDue() (due time.Time, ok bool) {
	if c.ResolvedAt.IsZero() {
		return time.Time{}, false
	}
	return c.ResolvedAt.Add(FollowUpWithin), true
}

// Overdue reports whether the follow-up is late at now: the case is
// resolved (approved or not) but the customer has not been told since, and
// the due time has passed.
func (c Complaint) Overdue(now time.Time) bool {
	due, ok := c.FollowUpDue()
	waiting := c.Status == ComplaintResolved || c.Status == ComplaintApproved
	return ok && waiting && now.After(due)
}

// Open reports whether the case still needs work.
func (c Complaint) Open() bool { return c.Status != ComplaintReviewed && c.Status != ComplaintClosed }

// Age is how long the case has been (or was) open: recorded to closed, or
// to now while open.
func (c Complaint) Age(now time.Time) time.Duration {
	if !c.Open() {
		return c.ClosedAt.Sub(c.RecordedAt)
	}
	return now.Sub(c.RecordedAt)
}

// ComplaintStats are the complaint KPIs over a set of cases.
type ComplaintStats struct {
	Cases, Open, Overdue int
	// Rate is complaints per contact handled in the same period.
	Rate Ratio
	// MeanOpenAgeHours is the mean age of the open cases at now;
	// MeanClosedAgeHours the mean time from record to close of the closed.
	MeanOpenAgeHours   Ratio
	MeanClosedAgeHours Ratio
	// ReopenRate is the share of resolved-at-least-once cases that were
	// reopened.
	ReopenRate Ratio
}

// ComplaintKPIs computes the complaint KPIs at now; contacts is the
// number of contacts in the period the cases were recorded in.
func ComplaintKPIs(cases []Complaint, contacts int, now time.Time) ComplaintStats {
	s := ComplaintStats{Cases: len(cases), Rate: NewRatio(float64(len(cases)), float64(contacts))}
	var openAge, closedAge float64
	closed, resolved, reopened := 0, 0, 0
	for _, c := range cases {
		if c.Open() {
			s.Open++
			openAge += c.Age(now).Hours()
		} else {
			closed++
			closedAge += c.Age(now).Hours()
		}
		if c.Overdue(now) {
			s.Overdue++
		}
		if c.Resolutions > 0 {
			resolved++
			if c.Reopens > 0 {
				reopened++
			}
		}
	}
	s.MeanOpenAgeHours = NewRatio(openAge, float64(s.Open))
	s.MeanClosedAgeHours = NewRatio(closedAge, float64(closed))
	s.ReopenRate = NewRatio(float64(reopened), float64(resolved))
	return s
}
