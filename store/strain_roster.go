package store

import (
	"context"
	"fmt"
	"time"

	"wfm/kpi"
	"wfm/schedule"
)

// StrainShortNotice is how close to a shift's start a published change to
// it counts as short notice for the strain index.
const StrainShortNotice = 48 * time.Hour

// rosterStrain is what a site's rosters say of one local day for the
// strain index, by agent id.
type rosterStrain struct {
	// restShortfall is the agent's rule (min_rest_minutes of her
	// contract) minus the rest between her previous published shift and
	// the one that starts that day, when positive.
	restShortfall map[int64]time.Duration
	// shortNotice counts the published changes to her day made less than
	// StrainShortNotice before its shift started (the earlier of the shift
	// before and after the change; a day made free counts too).
	shortNotice map[int64]int
}

// rosterStrainOf reads the published rosters of a site around day d (in
// its zone loc) and the edits published to them.
func (s *Store) rosterStrainOf(ctx context.Context, siteID int64, d kpi.Date, loc *time.Location) (rosterStrain, error) {
	out := rosterStrain{restShortfall: map[int64]time.Duration{}, shortNotice: map[int64]int{}}
	agents, err := s.ListAgents(ctx, Scope{All: true})
	if err != nil {
		return out, err
	}
	rule := map[int64]time.Duration{}
	idOf := map[string]int64{}
	for _, a := range agents {
		rule[a.ID] = time.Duration(a.Contract.MinRestMinutes) * time.Minute
		idOf[a.Code] = a.ID
	}

	// Rest: the day's shift against the one before it (yesterday's, or an
	// earlier one the same day); a rule is at most a day.
	shifts, err := s.PublishedShifts(ctx, Scope{All: true}, ShiftFilter{From: d.AddDays(-1).String(), To: d.String()})
	if err != nil {
		return out, err
	}
	last := map[int64]AgentShift{} // shifts come in start order
	for _, sh := range shifts {
		if sh.SiteID != siteID {
			continue
		}
		prev, seen := last[sh.AgentID]
		last[sh.AgentID] = sh
		if !seen || sh.Date != d.String() || rule[sh.AgentID] <= 0 {
			continue
		}
		if short := rule[sh.AgentID] - sh.Start.Sub(prev.End); short > out.restShortfall[sh.AgentID] {
			out.restShortfall[sh.AgentID] = short
		}
	}

	// Short notice: every published version made from another (an edit of
	// a published roster, a swap) whose period holds d, against the
	// version it was made from.
	var versions []ScheduleVersion
	if err := s.db.NewSelect().Model(&versions).Where("site_id = ?", siteID).
		Where("published_at IS NOT NULL").Where("based_on IS NOT NULL").
		Where("start_date <= ?", d.String()).Order("id").Scan(ctx); err != nil {
		return out, fmt.Errorf("read edited schedules: %w", err)
	}
	for i := range versions {
		v := &versions[i]
		if v.EndDate() <= d.String() {
			continue
		}
		base, err := s.GetScheduleVersion(ctx, *v.BasedOn)
		if err != nil {
			return out, fmt.Errorf("schedule %d based on %d: %w", v.ID, *v.BasedOn, err)
		}
		for _, c := range DiffSchedules(base, v) {
			if c.Date != d.String() {
				continue
			}
			var starts []time.Time
			for _, side := range []struct {
				v  *ScheduleVersion
				as *schedule.Assignment
			}{{base, c.Before}, {v, c.After}} {
				if side.as == nil {
					continue
				}
				sh, err := placeShift(side.v.Problem, *side.as, loc)
				if err != nil {
					return out, fmt.Errorf("schedule %d: %w", side.v.ID, err)
				}
				starts = append(starts, sh.Start)
			}
			first := starts[0]
			for _, t := range starts[1:] {
				if t.Before(first) {
					first = t
				}
			}
			if id, ok := idOf[c.Agent]; ok && first.Sub(*v.PublishedAt) < StrainShortNotice {
				out.shortNotice[id]++
			}
		}
	}
	return out, nil
}
