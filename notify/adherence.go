package notify

import (
	"context"
	"fmt"
	"time"

	"wfm/measure"
	"wfm/store"
)

// ExceptionAfter is how long an agent is out of adherence (against the
// published schedule, as the intraday view shows) before it is an
// adherence exception: shorter runs are forgiven.
const ExceptionAfter = 10 * time.Minute

// AdherenceExceptions appends an adherence.exception event for each run
// out of adherence of today (each site's day) that has lasted
// ExceptionAfter by now: once per run, however often it runs (a run's
// start is its key). It returns how many events were new.
func AdherenceExceptions(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	rt, err := measure.RealTime(ctx, st, measure.RealTimeQuery{Scope: store.Scope{All: true}, At: now, Threshold: ExceptionAfter})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range rt.Agents {
		for _, run := range a.OutOfAdherenceRuns {
			if run.End.Sub(run.Start) < ExceptionAfter {
				continue
			}
			fresh, err := st.AppendEvent(ctx, nil, store.NewEvent(store.EventAdherenceAlert, fmt.Sprintf("%d:%d", a.AgentID, run.Start.Unix()),
				fmt.Sprintf("agent %s", a.Agent), map[string]any{"agent_id": a.AgentID, "agent": a.Agent, "name": a.Name, "team_id": a.TeamID,
					"site_id": a.SiteID, "date": a.Date, "start": run.Start.UTC(), "seen_until": run.End.UTC(), "state": a.State, "scheduled": a.Scheduled}))
			if err != nil {
				return n, err
			}
			if fresh {
				n++
			}
		}
	}
	return n, nil
}
