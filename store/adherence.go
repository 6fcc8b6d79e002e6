package store

import (
	"context"
	"fmt"

	"wfm/civil"
)

// The reads of the intraday adherence view (measure.RealTimeAdherence)
// that are the store's: whether a roster covers a day, who is on leave.

// RosteredOn reports whether a published roster of the site covers date.
func (s *Store) RosteredOn(ctx context.Context, siteID int64, date civil.Date) (bool, error) {
	var vs []ScheduleVersion
	if err := s.db.NewSelect().Model(&vs).Column("start_date", "days").
		Where("site_id = ? AND status = ? AND start_date <= ?", siteID, SchedulePublished, date).Scan(ctx); err != nil {
		return false, fmt.Errorf("find published rosters: %w", err)
	}
	for _, v := range vs {
		if v.EndDate().After(date) {
			return true, nil
		}
	}
	return false, nil
}

// LeaveOn is the kind of each wanted agent's approved time off on date.
func (s *Store) LeaveOn(ctx context.Context, wanted map[int64]bool, date civil.Date) (map[int64]string, error) {
	rs, err := s.ListTimeOff(ctx, Scope{All: true}, TimeOffFilter{Status: RequestApproved, From: date, To: date})
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, r := range rs {
		if wanted[r.AgentID] {
			out[r.AgentID] = r.Kind
		}
	}
	return out, nil
}
