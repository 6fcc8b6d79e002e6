package measure

import (
	"context"
	"time"

	"wfm/kpi"
	"wfm/store"
)

// StrainShortNotice is how close to a shift's start a published change to
// it counts as short notice for the strain index.
const StrainShortNotice = 48 * time.Hour

// RosterStrain is what a site's rosters say of one local day for the
// strain index, by agent id.
type RosterStrain struct {
	// RestShortfall is the agent's rule (min_rest_minutes of her
	// contract) minus the rest between her previous published shift and
	// the one that starts that day, when positive.
	RestShortfall map[int64]time.Duration
	// ShortNotice counts the published changes to her day made less than
	// StrainShortNotice before its shift started (the earlier of the shift
	// before and after the change; a day made free counts too).
	ShortNotice map[int64]int
	// Overtime is the overtime she accepted from offers for that day
	// (store.Offer): worked on request beyond her shift as first
	// published, though now on the roster.
	Overtime map[int64]time.Duration
}

// RosterStrainOf is what the published rosters of a site around local day
// d, and the edits published to them, say of that day's strain.
func RosterStrainOf(ctx context.Context, st *store.Store, siteID int64, d kpi.Date) (RosterStrain, error) {
	out := RosterStrain{RestShortfall: map[int64]time.Duration{}, ShortNotice: map[int64]int{}, Overtime: map[int64]time.Duration{}}
	if err := out.addRest(ctx, st, siteID, d); err != nil {
		return out, err
	}
	if err := out.addShortNotice(ctx, st, siteID, d); err != nil {
		return out, err
	}
	taken, err := st.AcceptedOvertimeOn(ctx, siteID, d)
	if err != nil {
		return out, err
	}
	for _, r := range taken {
		out.Overtime[r.AgentID] += time.Duration(r.Minutes) * time.Minute
	}
	return out, nil
}

// addRest counts each agent's rest short of her contract's rule before
// her shift of day d: the day's shift against the one before it
// (yesterday's, or an earlier one the same day); a rule is at most a day.
func (out *RosterStrain) addRest(ctx context.Context, st *store.Store, siteID int64, d kpi.Date) error {
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return err
	}
	rule := map[int64]time.Duration{}
	for _, a := range agents {
		rule[a.ID] = time.Duration(a.Contract.MinRestMinutes) * time.Minute
	}
	shifts, err := st.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{SiteID: siteID, From: d.AddDays(-1), To: d})
	if err != nil {
		return err
	}
	last := map[int64]store.AgentShift{} // shifts come in start order
	for _, sh := range shifts {
		if sh.SiteID != siteID {
			continue
		}
		prev, seen := last[sh.AgentID]
		last[sh.AgentID] = sh
		if !seen || sh.Date != d || rule[sh.AgentID] <= 0 {
			continue
		}
		if short := rule[sh.AgentID] - sh.Start.Sub(prev.End); short > out.RestShortfall[sh.AgentID] {
			out.RestShortfall[sh.AgentID] = short
		}
	}
	return nil
}

// addShortNotice counts the changes of day d published at short notice:
// every published version made from another (an edit of a published
// roster, a swap) whose period holds d, against the version it was made
// from, both as their placed rows of day d.
func (out *RosterStrain) addShortNotice(ctx context.Context, st *store.Store, siteID int64, d kpi.Date) error {
	versions, err := st.EditedVersionsOn(ctx, siteID, d)
	if err != nil {
		return err
	}
	for i := range versions {
		v := &versions[i]
		rows, err := st.PlacedRowsOn(ctx, []int64{*v.BasedOn, v.ID}, d)
		if err != nil {
			return err
		}
		sides := editSides(rows, v.ID)
		for _, agent := range changedAgents(sides[0], sides[1]) {
			var first time.Time
			for _, side := range sides {
				if rs := side[agent]; len(rs) > 0 && (first.IsZero() || rs[0].StartAt.Before(first)) {
					first = rs[0].StartAt
				}
			}
			if first.Sub(*v.PublishedAt) < StrainShortNotice {
				out.ShortNotice[agent]++
			}
		}
	}
	return nil
}

// editSides are each agent's day before an edit (0) and in the edited
// version (1, version id): her last assignment of the day (as the diff by
// agent and day kept it), its shift row then its breaks (the rows come in
// that order).
func editSides(rows []store.PlacedRow, id int64) [2]map[int64][]store.PlacedRow {
	sides := [2]map[int64][]store.PlacedRow{{}, {}}
	for _, r := range rows {
		side := sides[0]
		if r.ScheduleVersionID == id {
			side = sides[1]
		}
		if r.Position == 0 {
			side[r.AgentID] = nil
		}
		side[r.AgentID] = append(side[r.AgentID], r)
	}
	return sides
}

// changedAgents lists the agents whose placed day differs between before
// and after: a shift added or removed, or another template, start, skill
// or break.
func changedAgents(before, after map[int64][]store.PlacedRow) []int64 {
	same := func(x, y []store.PlacedRow) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Shift != y[i].Shift || x[i].Skill != y[i].Skill || !x[i].StartAt.Equal(y[i].StartAt) || !x[i].EndAt.Equal(y[i].EndAt) {
				return false
			}
		}
		return true
	}
	var out []int64
	for id, b := range before {
		a, ok := after[id]
		if !ok || !same(b, a) {
			out = append(out, id)
		}
	}
	for id := range after {
		if _, ok := before[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}
