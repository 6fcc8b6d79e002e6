package rostering

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"wfm/store"
)

// The outbox events of the roster's workflows, appended in the
// transaction of the change (see store.AppendEvent): the notifications and
// webhooks jobs fan them out.

func rosterPublished(ctx context.Context, st *store.Store, tx bun.IDB, v *store.ScheduleVersion) error {
	_, err := st.AppendEvent(ctx, tx, store.NewEvent(store.EventRosterPublished, fmt.Sprint(v.ID), fmt.Sprintf("schedule %d", v.ID),
		map[string]any{"schedule_id": v.ID, "site_id": v.SiteID, "start_date": v.StartDate, "days": v.Days, "based_on": v.BasedOn}))
	return err
}

func timeOffDecided(ctx context.Context, st *store.Store, tx bun.IDB, r *store.TimeOffRequest) error {
	_, err := st.AppendEvent(ctx, tx, store.NewEvent(store.EventTimeOffDecided, fmt.Sprintf("%d:%d", r.ID, r.Version), fmt.Sprintf("time off request %d", r.ID),
		map[string]any{"request_id": r.ID, "agent_id": r.AgentID, "team_id": r.TeamID, "status": r.Status, "start_date": r.StartDate, "end_date": r.EndDate}))
	return err
}

func swapDecided(ctx context.Context, st *store.Store, tx bun.IDB, r *store.SwapRequest) error {
	_, err := st.AppendEvent(ctx, tx, store.NewEvent(store.EventSwapDecided, fmt.Sprintf("%d:%d", r.ID, r.Version), fmt.Sprintf("swap request %d", r.ID),
		map[string]any{"swap_id": r.ID, "from_agent_id": r.FromAgentID, "to_agent_id": r.ToAgentID, "status": r.Status}))
	return err
}

// requestPending tells the supervisors of the agent that a request waits
// for their decision (what "time off" or "swap", its id).
func requestPending(ctx context.Context, st *store.Store, tx bun.IDB, what string, id, agentID int64) error {
	_, err := st.AppendEvent(ctx, tx, store.NewEvent(store.EventRequestPending, fmt.Sprintf("%s:%d", what, id), fmt.Sprintf("%s request %d", what, id),
		map[string]any{"request": what, "request_id": id, "agent_id": agentID}))
	return err
}
