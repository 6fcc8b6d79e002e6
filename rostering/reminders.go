package rostering

import (
	"context"
	"fmt"
	"sort"

	"wfm/store"
)

// RemindPendingRequests leaves each supervisor a notification counting the
// time off and swap requests of her teams that wait for her decision, and
// returns how many reminders were left.
func RemindPendingRequests(ctx context.Context, st *store.Store, a store.Actor) (int, error) {
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return 0, err
	}
	waiting := map[int64][2]int{} // supervisor -> time off, swaps
	for _, t := range teams {
		if t.SupervisorUserID == nil {
			continue
		}
		off, err := st.CountTeamTimeOff(ctx, t.ID, store.RequestPending, store.RequestWaitlisted)
		if err != nil {
			return 0, err
		}
		swaps, err := st.CountTeamSwaps(ctx, t.ID, store.RequestPending)
		if err != nil {
			return 0, err
		}
		w := waiting[*t.SupervisorUserID]
		waiting[*t.SupervisorUserID] = [2]int{w[0] + off, w[1] + swaps}
	}
	users := make([]int64, 0, len(waiting))
	for u, w := range waiting {
		if w[0]+w[1] > 0 {
			users = append(users, u)
		}
	}
	sort.Slice(users, func(i, j int) bool { return users[i] < users[j] })
	notes := make([]store.Notification, 0, len(users))
	for _, u := range users {
		w := waiting[u]
		notes = append(notes, store.Notification{UserID: u, Kind: "pending-requests",
			Message: fmt.Sprintf("%d time off and %d shift swap requests wait for your decision", w[0], w[1])})
	}
	if err := st.LeaveReminders(ctx, a, notes); err != nil {
		return 0, err
	}
	return len(users), nil
}
