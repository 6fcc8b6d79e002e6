package kpi

import (
	"strings"
	"testing"
	"time"
)

func TestComplaintLifecycle(t *testing.T) {
	t0 := at(9, 0, 0)
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	c, err := NewComplaint("K1", "cust-7", "charged twice", "refund", t0)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		step ComplaintStep
		want ComplaintStatus
	}{
		{ComplaintStep{Action: ActionJudge, At: h(1), By: "S", Valid: true}, ComplaintValid},
		{ComplaintStep{Action: ActionClassify, At: h(1), By: "S", Category: CategoryContractSales}, ComplaintClassified},
		{ComplaintStep{Action: ActionAssign, At: h(2), By: "S", Owner: "A1"}, ComplaintAssigned},
		{ComplaintStep{Action: ActionInvestigate, At: h(3), By: "A1"}, ComplaintInvestigating},
		{ComplaintStep{Action: ActionResolve, At: h(5), By: "A1", Remedy: RemedyCompensation}, ComplaintResolved},
		{ComplaintStep{Action: ActionApprove, At: h(6), By: "S"}, ComplaintApproved},
	}
	for _, s := range steps {
		if c, err = c.Apply(s.step); err != nil {
			t.Fatalf("%s: %v", s.step.Action, err)
		}
		if c.Status != s.want {
			t.Fatalf("after %s: %s, want %s", s.step.Action, c.Status, s.want)
		}
	}
	due, ok := c.FollowUpDue()
	if !ok || !due.Equal(h(29)) {
		t.Errorf("follow-up due %s, want resolution + 24 h (%s)", due, h(29))
	}
	if c.Overdue(h(29)) || !c.Overdue(h(29.01)) {
		t.Error("overdue must start just after resolution + 24 h")
	}
	if c, err = c.Apply(ComplaintStep{Action: ActionNotify, At: h(30), By: "A1"}); err != nil {
		t.Fatal(err)
	}
	if c.Overdue(h(40)) {
		t.Error("overdue after the customer was told")
	}
	if c, err = c.Apply(ComplaintStep{Action: ActionReview, At: h(48), By: "M"}); err != nil || c.Status != ComplaintReviewed || c.Open() {
		t.Fatalf("review: %v, %s", err, c.Status)
	}
	if c.Age(h(100)) != 48*time.Hour {
		t.Errorf("age of the closed case %s, want 48h", c.Age(h(100)))
	}
	// The customer calls back: reopened, investigated again.
	if c, err = c.Apply(ComplaintStep{Action: ActionReopen, At: h(50), By: "S"}); err != nil || c.Status != ComplaintInvestigating || c.Reopens != 1 || !c.Open() {
		t.Fatalf("reopen: %v, %+v", err, c)
	}
	if c.Overdue(h(100)) {
		t.Error("a reopened case is not waiting for a follow-up until resolved again")
	}
	if len(c.Steps) != 9 {
		t.Errorf("history has %d steps, want 9", len(c.Steps))
	}
}

func TestComplaintRejectsBadSteps(t *testing.T) {
	t0 := at(9, 0, 0)
	c, _ := NewComplaint("K1", "cust", "rude agent", "apology", t0)
	tests := []struct {
		name string
		step ComplaintStep
		want string
	}{
		{"skip to resolve", ComplaintStep{Action: ActionResolve, At: t0, By: "A", Remedy: RemedyRepair}, "cannot resolve a complaint that is recorded"},
		{"unknown action", ComplaintStep{Action: "shred", At: t0, By: "A"}, "unknown action"},
		{"before the record", ComplaintStep{Action: ActionJudge, At: t0.Add(-time.Minute), By: "S", Valid: true}, "before"},
		{"nobody", ComplaintStep{Action: ActionJudge, At: t0}, "by: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Apply(tt.step)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
			}
			if got.Status != ComplaintRecorded || len(got.Steps) != 0 {
				t.Errorf("%s: a refused step changed the case", tt.name)
			}
		})
	}
	c, _ = c.Apply(ComplaintStep{Action: ActionJudge, At: t0, By: "S", Valid: true})
	if _, err := c.Apply(ComplaintStep{Action: ActionClassify, At: t0, By: "S", Category: "weather"}); err == nil {
		t.Error("unknown category accepted")
	}
	c, _ = c.Apply(ComplaintStep{Action: ActionClassify, At: t0, By: "S", Category: CategoryService})
	c, _ = c.Apply(ComplaintStep{Action: ActionAssign, At: t0, By: "S", Owner: "A"})
	c, _ = c.Apply(ComplaintStep{Action: ActionInvestigate, At: t0, By: "A"})
	if _, err := c.Apply(ComplaintStep{Action: ActionResolve, At: t0, By: "A", Remedy: "hug"}); err == nil {
		t.Error("unknown remedy accepted")
	}
	c, _ = c.Apply(ComplaintStep{Action: ActionResolve, At: t0, By: "A", Remedy: RemedyDiscount})
	if _, err := c.Apply(ComplaintStep{Action: ActionApprove, At: t0, By: "A"}); err == nil {
		t.Error("the owner approved her own resolution")
	}
}

func TestInvalidComplaintClosesEarly(t *testing.T) {
	t0 := at(9, 0, 0)
	c, _ := NewComplaint("K2", "cust", "weather", "sun", t0)
	c, err := c.Apply(ComplaintStep{Action: ActionJudge, At: t0.Add(time.Hour), By: "S", Valid: false})
	if err != nil || c.Status != ComplaintClosed || c.Open() || c.Age(t0.Add(99*time.Hour)) != time.Hour {
		t.Fatalf("invalid: %v %+v", err, c)
	}
	if _, err := c.Apply(ComplaintStep{Action: ActionClassify, At: t0.Add(time.Hour), By: "S", Category: CategoryService}); err == nil {
		t.Error("a closed invalid complaint was classified")
	}
	c, err = c.Apply(ComplaintStep{Action: ActionReopen, At: t0.Add(2 * time.Hour), By: "M"})
	if err != nil || c.Status != ComplaintValid || !c.Valid {
		t.Errorf("reopened invalid complaint: %v %s", err, c.Status)
	}
}

func TestComplaintKPIs(t *testing.T) {
	t0 := at(0, 0, 0)
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	open := Complaint{Status: ComplaintInvestigating, RecordedAt: h(0)}                                  // age 10 h at now
	late := Complaint{Status: ComplaintResolved, RecordedAt: h(-40), ResolvedAt: h(-30), Resolutions: 1} // age 50 h, overdue
	reopened := Complaint{Status: ComplaintReviewed, RecordedAt: h(-10), ClosedAt: h(-4), Resolutions: 2, Reopens: 1}
	done := Complaint{Status: ComplaintReviewed, RecordedAt: h(-10), ClosedAt: h(-8), Resolutions: 1}
	invalid := Complaint{Status: ComplaintClosed, RecordedAt: h(-2), ClosedAt: h(-1)}
	s := ComplaintKPIs([]Complaint{open, late, reopened, done, invalid}, 1000, h(10))
	if s.Cases != 5 || s.Open != 2 || s.Overdue != 1 {
		t.Errorf("counts %+v", s)
	}
	if !near(s.Rate.Value, 0.005) {
		t.Errorf("rate %v, want 5/1000", s.Rate)
	}
	if !near(s.MeanOpenAgeHours.Value, 30) { // (10 + 50) / 2
		t.Errorf("open age %v, want 30", s.MeanOpenAgeHours)
	}
	if !near(s.MeanClosedAgeHours.Value, 3) { // (6 + 2 + 1) / 3
		t.Errorf("closed age %v, want 3", s.MeanClosedAgeHours)
	}
	if !near(s.ReopenRate.Value, 1.0/3) { // 1 of 3 resolved cases
		t.Errorf("reopen rate %v, want 1/3", s.ReopenRate)
	}
	if empty := ComplaintKPIs(nil, 0, h(0)); empty.Rate.OK || empty.ReopenRate.OK || empty.MeanOpenAgeHours.OK {
		t.Errorf("no cases, no contacts: ratios must be absent: %+v", empty)
	}
}
