package measure

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"wfm/civil"
	"wfm/kpi"
	"wfm/store"
)

// ActivitySource gives the scheduled activities of agents (ids) in
// [from, to), with Agent the agent's id in decimal.
type ActivitySource func(ctx context.Context, agentIDs []int64, from, to time.Time) ([]kpi.Activity, error)

// PublishedSchedule is the schedule adherence is measured against: each
// published shift is work, minus its breaks (paid: break, unpaid: lunch)
// and its activities (meetings, training, coaching). A shift on a day of
// approved time off is not: the leave, granted after the roster was
// published, replaces it (she is not expected at work, so she is not out
// of adherence).
func PublishedSchedule(st *store.Store) ActivitySource {
	return func(ctx context.Context, agentIDs []int64, from, to time.Time) ([]kpi.Activity, error) {
		// Shift dates are local to each site: a day either side covers every zone.
		first, last := from.UTC().AddDate(0, 0, -1), to.UTC().AddDate(0, 0, 1)
		shifts, err := st.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{From: civil.Of(first, time.UTC), To: civil.Of(last, time.UTC)})
		if err != nil {
			return nil, fmt.Errorf("published shifts: %w", err)
		}
		wanted := make(map[int64]bool, len(agentIDs))
		for _, id := range agentIDs {
			wanted[id] = true
		}
		off, err := st.ApprovedDaysOff(ctx, agentIDs, first.Format(time.DateOnly), last.AddDate(0, 0, 1).Format(time.DateOnly))
		if err != nil {
			return nil, err
		}
		onLeave := map[int64]map[string]bool{}
		for id, dates := range off {
			onLeave[id] = map[string]bool{}
			for _, d := range dates {
				onLeave[id][d] = true
			}
		}
		var out []kpi.Activity
		for _, sh := range shifts {
			if !wanted[sh.AgentID] || !sh.Start.Before(to) || !sh.End.After(from) || onLeave[sh.AgentID][sh.Date.String()] {
				continue
			}
			out = append(out, shiftActivities(strconv.FormatInt(sh.AgentID, 10), sh)...)
		}
		return out, nil
	}
}

// shiftActivities cuts a shift into work between its breaks and
// activities (meetings, training, coaching), and those.
func shiftActivities(agent string, sh store.AgentShift) []kpi.Activity {
	var off []kpi.Activity
	for _, b := range sh.Breaks {
		kind := kpi.ActivityLunch
		if b.Paid {
			kind = kpi.ActivityBreak
		}
		off = append(off, kpi.Activity{Agent: agent, Kind: kind, Start: b.Start, End: b.End})
	}
	for _, a := range sh.Activities {
		off = append(off, kpi.Activity{Agent: agent, Kind: kpi.ActivityKind(a.Kind), Start: a.Start, End: a.End})
	}
	sort.Slice(off, func(i, j int) bool { return off[i].Start.Before(off[j].Start) })
	var out []kpi.Activity
	cur := sh.Start
	for _, b := range off {
		if b.Start.After(cur) {
			out = append(out, kpi.Activity{Agent: agent, Kind: kpi.ActivityWork, Start: cur, End: b.Start})
		}
		out = append(out, b)
		if b.End.After(cur) {
			cur = b.End
		}
	}
	if sh.End.After(cur) {
		out = append(out, kpi.Activity{Agent: agent, Kind: kpi.ActivityWork, Start: cur, End: sh.End})
	}
	return out
}
