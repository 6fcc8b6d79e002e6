package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
)

// EditedVersionsOn are the versions of a site published from another (an
// edit of a published roster, a swap, an offer taken) whose period holds
// day d, without their problem and solution, in id order.
func (s *Store) EditedVersionsOn(ctx context.Context, siteID int64, d civil.Date) ([]ScheduleVersion, error) {
	var versions []ScheduleVersion
	if err := s.db.NewSelect().Model(&versions).ExcludeColumn("problem", "solution").Where("site_id = ?", siteID).
		Where("published_at IS NOT NULL").Where("based_on IS NOT NULL").
		Where("start_date <= ?", d.String()).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read edited schedules: %w", err)
	}
	kept := versions[:0]
	for _, v := range versions {
		if v.EndDate().After(d) {
			kept = append(kept, v)
		}
	}
	return kept, nil
}

// PlacedRow is one placed row of a version's day: a shift (position 0)
// or one of its breaks and activities.
type PlacedRow struct {
	ScheduleVersionID int64     `bun:"schedule_version_id"`
	AgentID           int64     `bun:"agent_id"`
	Assignment        int       `bun:"assignment"`
	Position          int       `bun:"position"`
	Shift             string    `bun:"shift"`
	Skill             string    `bun:"skill"`
	StartAt           time.Time `bun:"start_at"`
	EndAt             time.Time `bun:"end_at"`
}

// PlacedRowsOn are the placed rows of the versions on day d, by version,
// assignment and position (each shift's row before its breaks).
func (s *Store) PlacedRowsOn(ctx context.Context, versionIDs []int64, d civil.Date) ([]PlacedRow, error) {
	var rows []PlacedRow
	if len(versionIDs) == 0 {
		return rows, nil
	}
	if err := s.db.NewSelect().TableExpr("published_activities").
		Column("schedule_version_id", "agent_id", "assignment", "position", "shift", "skill", "start_at", "end_at").
		Where("schedule_version_id IN (?)", bun.List(versionIDs)).Where("day = ?", d.String()).
		Order("schedule_version_id", "assignment", "position").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("read the shifts of schedules %v: %w", versionIDs, err)
	}
	return rows, nil
}

// AcceptedOvertimeOn are the accepted answers to the overtime offers of a
// site for day d.
func (s *Store) AcceptedOvertimeOn(ctx context.Context, siteID int64, d civil.Date) ([]OfferRecipient, error) {
	var taken []OfferRecipient
	if err := s.db.NewSelect().Model(&taken).Where("status = ?", RecipientAccepted).
		Where("offer_id IN (SELECT id FROM offers WHERE site_id = ? AND day = ? AND kind = ?)", siteID, d.String(), OfferOvertime).Scan(ctx); err != nil {
		return nil, fmt.Errorf("read accepted overtime: %w", err)
	}
	return taken, nil
}
