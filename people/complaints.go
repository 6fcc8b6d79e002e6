package people

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"wfm/fault"
	"wfm/kpi"
	"wfm/store"
)

// Complaints are the cases the filter selects in scope, newest first, each
// saying whether its customer follow-up is overdue now.
func Complaints(ctx context.Context, st *store.Store, f store.ComplaintFilter) ([]store.Complaint, error) {
	cases, err := st.ListComplaints(ctx, f)
	if err != nil {
		return nil, err
	}
	now := st.Now()
	for i := range cases {
		cases[i].Overdue = cases[i].Domain().Overdue(now)
	}
	return cases, nil
}

// Complaint is one case in scope, saying whether its customer follow-up
// is overdue now.
func Complaint(ctx context.Context, st *store.Store, sc store.Scope, id int64) (*store.Complaint, error) {
	c, err := st.GetComplaint(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	c.Overdue = c.Domain().Overdue(st.Now())
	return c, nil
}

// ComplaintStats computes the complaint KPIs of the cases recorded in
// [From, To) against the answered contacts of the same period, in scope.
func ComplaintStats(ctx context.Context, st *store.Store, f store.ComplaintFilter) (store.ComplaintKPIs, error) {
	if f.From.IsZero() || f.To.IsZero() {
		return store.ComplaintKPIs{}, (fault.FieldErrors{"from": "from and to are required"}).Err("complaint KPI query")
	}
	cases, err := st.ListComplaints(ctx, f)
	if err != nil {
		return store.ComplaintKPIs{}, err
	}
	contacts, err := st.CountAnsweredContacts(ctx, f)
	if err != nil {
		return store.ComplaintKPIs{}, err
	}
	ds := make([]kpi.Complaint, len(cases))
	for i := range cases {
		ds[i] = cases[i].Domain()
	}
	return complaintKPIs(kpi.ComplaintKPIs(ds, contacts, st.Now()), contacts), nil
}

// complaintKPIs are the domain's complaint statistics as the API answers
// them, with the contacts they were counted against.
func complaintKPIs(k kpi.ComplaintStats, contacts int) store.ComplaintKPIs {
	return store.ComplaintKPIs{Cases: k.Cases, Open: k.Open, Overdue: k.Overdue, Contacts: contacts, Rate: store.Ratio(k.Rate),
		MeanOpenAgeHours: store.Ratio(k.MeanOpenAgeHours), MeanClosedAgeHours: store.Ratio(k.MeanClosedAgeHours), ReopenRate: store.Ratio(k.ReopenRate)}
}

// FlagOverdueComplaints raises one alert per case whose customer follow-up
// is overdue at now (once per resolution), and returns how many were new:
// running it twice raises nothing more.
func FlagOverdueComplaints(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	cases, err := st.ListComplaints(ctx, store.ComplaintFilter{OpenOnly: true, Scope: store.Scope{All: true}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cases {
		d := c.Domain()
		if !d.Overdue(now) {
			continue
		}
		due, _ := d.FollowUpDue()
		fresh, err := st.RaiseAlert(ctx, store.Alert{Kind: store.AlertComplaintOverdue, AgentID: c.AgentID,
			Subject:   fmt.Sprintf("complaint %d", c.ID),
			Message:   fmt.Sprintf("complaint %d from %s: the customer follow-up was due %s and has not been made", c.ID, c.Customer, due.UTC().Format(time.RFC3339)),
			DedupeKey: fmt.Sprintf("complaint-overdue:%d:%d", c.ID, c.Resolutions)})
		if err != nil {
			return n, err
		}
		if fresh {
			n++
		}
	}
	return n, nil
}

// FlagHighRiskContacts raises an alert for the supervisor of each contact
// arrived in [from, to) that the escalation rule sends up: high risk
// (anger, or a threat in the x_threat extension), or an unresolved
// medium-risk complaint. It returns how many alerts were new.
func FlagHighRiskContacts(ctx context.Context, st *store.Store, from, to time.Time) (int, error) {
	cs, err := st.RiskContacts(ctx, from, to)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cs {
		kc := kpi.Contact{ID: c.ContactID, Complaint: c.Complaint}
		if c.Emotion != nil {
			kc.Emotion = kpi.Emotion(*c.Emotion)
		}
		if c.Resolved != nil {
			kc.Resolved, kc.ResolvedKnown = *c.Resolved, true
		}
		threat := c.Extensions != nil && threatened(*c.Extensions)
		e := kpi.EscalationFor(kc, threat)
		if !e.Escalate {
			continue
		}
		fresh, err := st.RaiseAlert(ctx, store.Alert{Kind: store.AlertHighRisk, AgentID: c.AgentID,
			Subject:   "contact " + c.ContactID,
			Message:   fmt.Sprintf("contact %s (%s risk): %s", c.ContactID, e.Risk, e.Reason),
			DedupeKey: "high-risk:" + c.ContactID})
		if err != nil {
			return n, err
		}
		if fresh {
			n++
		}
	}
	return n, nil
}

// threatened reads the x_threat extension of a contact (true/yes/1); an
// unreadable extension is no threat.
func threatened(extensions string) bool {
	var ext map[string]string
	if err := json.Unmarshal([]byte(extensions), &ext); err != nil {
		return false
	}
	switch ext["x_threat"] {
	case "true", "yes", "1":
		return true
	}
	return false
}

// CreateComplaint records a complaint (recorded_at defaults to now). A
// case on a contact is about the contact's agent, in her scope; one
// without a contact is about the agent it names (in scope) or nobody.
func CreateComplaint(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, c *store.Complaint) error {
	now := st.Now().UTC()
	if c.RecordedAt.IsZero() {
		c.RecordedAt = now
	}
	if c.ContactID != "" {
		var named int64
		if c.AgentID != nil {
			named = *c.AgentID
		}
		ct, err := st.ContactOnRecord(ctx, sc, "complaint", c.ContactID, named)
		if err != nil {
			return err
		}
		c.AgentID = ct.AgentID
	} else if c.AgentID != nil {
		if _, err := st.CheckAgentScope(ctx, sc, *c.AgentID); err != nil {
			return err
		}
	}
	if err := c.Validate(); err != nil {
		return err
	}
	d, _ := kpi.NewComplaint("new", c.Customer, c.About, c.Wants, c.RecordedAt)
	c.Steps = []store.ComplaintStep{}
	takeCase(c, d, now)
	return st.InsertComplaint(ctx, a, c)
}

// StepComplaint takes one step on a case: the state machine of kpi decides
// whether it is allowed. The step is dated now and signed by the actor.
func StepComplaint(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, step store.ComplaintStep) (*store.Complaint, error) {
	return StepComplaintAt(ctx, st, a, sc, id, 0, step)
}

// StepComplaintAt takes a step on a case still at the version the person
// taking it read (0: whatever it is at): a step decided on a stale page
// (someone else moved the case on meanwhile) is a Conflict, not applied.
func StepComplaintAt(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64, step store.ComplaintStep) (*store.Complaint, error) {
	c, err := st.GetComplaint(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && c.Version != version {
		return nil, &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf(
			"complaint %d was changed by someone else (version %d, you read version %d): reload and try again", id, c.Version, version)}
	}
	if err := step.Validate(); err != nil {
		return nil, err
	}
	now := st.Now().UTC()
	step.At, step.By = now, st.ActorName(ctx, a)
	d, err := c.Domain().Apply(kpi.ComplaintStep{Action: kpi.ComplaintAction(step.Action), At: step.At, By: step.By, Note: step.Note,
		Valid: step.Valid, Category: kpi.ComplaintCategory(step.Category), Owner: step.Owner, Remedy: kpi.Remedy(step.Remedy)})
	if err != nil {
		return nil, store.DomainFieldError(fmt.Sprintf("complaint %d step", id), err)
	}
	takeCase(c, d, now)
	return c, st.SaveComplaintStep(ctx, a, c, step.Action)
}

// StagesReached is when a case last passed each stage, by the action that
// passes it. A reopened case walks the later stages again: a reopen
// forgets its resolution, approval, notice and review.
func StagesReached(steps []store.ComplaintStep) map[kpi.ComplaintAction]time.Time {
	reached := map[kpi.ComplaintAction]time.Time{}
	for _, s := range steps {
		reached[kpi.ComplaintAction(s.Action)] = s.At
		if s.Action == string(kpi.ActionReopen) {
			for _, a := range []kpi.ComplaintAction{kpi.ActionResolve, kpi.ActionApprove, kpi.ActionNotify, kpi.ActionReview} {
				delete(reached, a)
			}
		}
	}
	return reached
}

// takeCase copies the domain case d back onto the stored case c: its
// state, its steps, when its customer follow-up is due while it is open,
// and whether that is overdue at now.
func takeCase(c *store.Complaint, d kpi.Complaint, now time.Time) {
	c.Status, c.Valid, c.Category, c.Owner, c.Remedy = string(d.Status), d.Valid, string(d.Category), d.Owner, string(d.Remedy)
	c.ResolvedAt, c.NotifiedAt, c.ClosedAt = instant(d.ResolvedAt), instant(d.NotifiedAt), instant(d.ClosedAt)
	c.Resolutions, c.Reopens = d.Resolutions, d.Reopens
	c.FollowUpDue = nil
	if due, ok := d.FollowUpDue(); ok && d.Open() {
		c.FollowUpDue = instant(due)
	}
	c.Steps = c.Steps[:0]
	for _, s := range d.Steps {
		c.Steps = append(c.Steps, store.ComplaintStep{Action: string(s.Action), At: s.At.UTC(), By: s.By, Note: s.Note,
			Valid: s.Valid, Category: string(s.Category), Owner: s.Owner, Remedy: string(s.Remedy)})
	}
	c.Overdue = d.Overdue(now)
}

// instant is t in UTC, nil for the zero time.
func instant(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
