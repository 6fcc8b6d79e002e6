package store

import (
	"context"
	"fmt"
	"wfm/fault"

	"github.com/uptrace/bun"
)

// CreateSchedule keeps a roster made elsewhere (a solution of `wfm
// schedule solve`, or one a center kept before it used this product) as a
// draft of a site: its problem is validated, its solution checked against
// it and the violations kept, as for a roster built here. Publish it with
// PublishSchedule.
func (s *Store) CreateSchedule(ctx context.Context, a Actor, sc Scope, v *ScheduleVersion) error {
	if err := s.SiteInScope(ctx, sc, v.SiteID); err != nil {
		return err
	}
	site, err := s.GetSite(ctx, v.SiteID)
	if err != nil {
		return err
	}
	if v.Problem.Timezone == "" {
		v.Problem.Timezone = site.Timezone
	}
	if v.Problem.Timezone != site.Timezone {
		return &fault.Error{Code: fault.Invalid, Message: "invalid schedule", Fields: map[string]string{
			"problem.timezone": fmt.Sprintf("%q is not the site's zone %q", v.Problem.Timezone, site.Timezone)}}
	}
	if v.StartDate == "" {
		v.StartDate = v.Problem.StartDate
	}
	if v.Days == 0 {
		v.Days = v.Problem.Days
	}
	if v.StartDate != v.Problem.StartDate || v.Days != v.Problem.Days {
		return &fault.Error{Code: fault.Invalid, Message: "invalid schedule", Fields: map[string]string{
			"start_date": fmt.Sprintf("%s + %d days differs from the problem's %s + %d days", v.StartDate, v.Days, v.Problem.StartDate, v.Problem.Days)}}
	}
	if err := v.Problem.Validate(); err != nil {
		return &fault.Error{Code: fault.Invalid, Message: "invalid schedule problem: " + err.Error()}
	}
	v.ID, v.Status, v.CreatedBy, v.PublishedAt, v.PublishedBy = 0, ScheduleDraft, rosterActorID(a), nil, nil
	if _, err := v.recheck(); err != nil {
		return &fault.Error{Code: fault.Invalid, Message: err.Error()}
	}
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return insertRecord(ctx, tx, now, a, "schedule", v, v.summary())
	})
}
