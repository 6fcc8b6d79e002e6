package rostering

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/store"
)

// TimeOffDay is one date of a team's time-off calendar: how many agents the
// allowance lets off (Limited false: no allowance, every request waits for
// the supervisor) and how many requests hold or wait for the date.
type TimeOffDay struct {
	Date       civil.Date `json:"date"`
	Limited    bool       `json:"limited"`
	Allowed    int        `json:"allowed"`
	Approved   int        `json:"approved"`
	Waitlisted int        `json:"waitlisted"`
	Pending    int        `json:"pending"`
}

// Room is how many more requests the allowance would approve on the date
// (0 when none or when the date has no allowance).
func (d TimeOffDay) Room() int {
	if !d.Limited || d.Approved >= d.Allowed {
		return 0
	}
	return d.Allowed - d.Approved
}

// maxCalendarDays bounds one read of a team's time-off calendar.
const maxCalendarDays = 92

// TimeOffCalendar is a team's time-off days from a date: the allowance in
// force each day (the dated row, else the team's default) against the
// requests approved, waitlisted and pending on it. The same arithmetic as
// allowanceStatus, so what the page shows as room is what a request gets.
func TimeOffCalendar(ctx context.Context, st *store.Store, sc store.Scope, teamID int64, from civil.Date, days int) ([]TimeOffDay, error) {
	f := fault.FieldErrors{}
	if from.IsZero() {
		f.Add("from", "required")
	}
	if days < 1 || days > maxCalendarDays {
		f.Add("days", "must be 1 to %d", maxCalendarDays)
	}
	if err := f.Err("time off calendar"); err != nil {
		return nil, err
	}
	allowances, err := st.ListTimeOffAllowances(ctx, sc, teamID) // checks the team and the scope
	if err != nil {
		return nil, err
	}
	allowed := map[civil.Date]int{}
	for _, a := range allowances {
		allowed[a.Date] = a.Allowed
	}
	to := from.AddDays(days - 1)
	requests, err := st.ListTimeOff(ctx, sc, store.TimeOffFilter{TeamID: teamID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	out := make([]TimeOffDay, 0, days)
	for date := from; !date.After(to); date = date.AddDays(1) {
		day := TimeOffDay{Date: date}
		day.Allowed, day.Limited = allowanceOn(allowed, date)
		for _, r := range requests {
			if r.StartDate.After(date) || r.EndDate.Before(date) {
				continue
			}
			switch r.Status {
			case store.RequestApproved:
				day.Approved++
			case store.RequestWaitlisted:
				day.Waitlisted++
			case store.RequestPending:
				day.Pending++
			}
		}
		out = append(out, day)
	}
	return out, nil
}

// allowanceOn is the allowance in force on a date: its own row, else the
// team's default (the zero Date); false when the team has neither.
func allowanceOn(allowed map[civil.Date]int, date civil.Date) (int, bool) {
	if n, ok := allowed[date]; ok {
		return n, true
	}
	n, ok := allowed[civil.Date{}]
	return n, ok
}

// allowanceStatus is what the team's allowances make of a request:
// approved when every day has room, waitlisted when one has none, pending
// (for a supervisor to decide) when the team has no allowance at all.
func allowanceStatus(ctx context.Context, st *store.Store, tx bun.IDB, r *store.TimeOffRequest) (string, error) {
	rows, err := st.LockTimeOffAllowances(ctx, tx, r.TeamID) // requests of one team are decided one at a time
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return store.RequestPending, nil
	}
	allowed := map[civil.Date]int{}
	for _, row := range rows {
		allowed[row.Date] = row.Allowed
	}
	for _, date := range r.Days() {
		limit, ok := allowanceOn(allowed, date)
		if !ok {
			return store.RequestPending, nil
		}
		n, err := st.CountApprovedTimeOffTx(ctx, tx, r.TeamID, date, r.ID)
		if err != nil {
			return "", err
		}
		if n >= limit {
			return store.RequestWaitlisted, nil
		}
	}
	return store.RequestApproved, nil
}

// RequestTimeOff records a request for an agent in scope (agent 0: the
// caller's own; no end day: the start day), approved at once when the
// team's allowance has room on every day, waitlisted when not.
func RequestTimeOff(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, r *store.TimeOffRequest) error {
	if r.AgentID == 0 {
		r.AgentID = sc.AgentID
	}
	if r.EndDate.IsZero() {
		r.EndDate = r.StartDate
	}
	ag, err := st.GetAgent(ctx, r.AgentID)
	if err != nil {
		return err
	}
	if !sc.HasAgent(ag.ID, ag.TeamID) {
		return fault.Errorf(fault.Forbidden, "agent %d is not in your scope", ag.ID)
	}
	r.ID, r.TeamID, r.Status, r.DecidedBy, r.DecidedAt = 0, ag.TeamID, store.RequestPending, nil, nil
	if err := st.ValidateTimeOff(r); err != nil {
		return err
	}
	now := st.Now().UTC()
	return st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		n, err := st.CountOverlappingTimeOffTx(ctx, tx, r.AgentID, r.StartDate, r.EndDate)
		if err != nil {
			return err
		}
		if n > 0 {
			return fault.Errorf(fault.Conflict, "agent %s already asked for time off overlapping %s to %s", ag.Code, r.StartDate, r.EndDate)
		}
		if r.Status, err = allowanceStatus(ctx, st, tx, r); err != nil {
			return err
		}
		if r.Status == store.RequestApproved {
			r.DecidedAt = &now
		}
		if err := st.InsertTimeOff(ctx, tx, a, r); err != nil {
			return err
		}
		if r.Status == store.RequestApproved {
			return timeOffDecided(ctx, st, tx, r)
		}
		return requestPending(ctx, st, tx, "time off", r.ID, r.AgentID)
	})
}

// DecideTimeOff is a supervisor's decision on a request of her teams
// (approved or refused), whatever the allowance says. Refusing an approved
// request frees its days for the waitlist.
func DecideTimeOff(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64, status string) (*store.TimeOffRequest, error) {
	if status != store.RequestApproved && status != store.RequestRefused {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid decision", Fields: map[string]string{"status": fmt.Sprintf("%q is not approved or refused", status)}}
	}
	return changeTimeOff(ctx, st, a, id, version, func(r *store.TimeOffRequest) error {
		if !sc.HasTeam(r.TeamID) {
			return fault.Errorf(fault.Forbidden, "time off request %d is not of your teams", id)
		}
		if r.Status == store.RequestCancelled {
			return fault.Errorf(fault.Conflict, "time off request %d was cancelled", id)
		}
		r.Status = status
		return nil
	}, "decide")
}

// CancelTimeOff withdraws a request: the agent's own, or one of a
// supervisor's teams.
func CancelTimeOff(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64) (*store.TimeOffRequest, error) {
	return changeTimeOff(ctx, st, a, id, version, func(r *store.TimeOffRequest) error {
		if !sc.HasAgent(r.AgentID, r.TeamID) {
			return fault.Errorf(fault.Forbidden, "time off request %d is not yours", id)
		}
		if r.Status == store.RequestCancelled || r.Status == store.RequestRefused {
			return fault.Errorf(fault.Conflict, "time off request %d is already %s", id, r.Status)
		}
		r.Status = store.RequestCancelled
		return nil
	}, "cancel")
}

func changeTimeOff(ctx context.Context, st *store.Store, a store.Actor, id, version int64, change func(*store.TimeOffRequest) error, action string) (*store.TimeOffRequest, error) {
	var r *store.TimeOffRequest
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if r, err = st.GetTimeOffTx(ctx, tx, id); err != nil {
			return err
		}
		was := r.Status
		if err := change(r); err != nil {
			return err
		}
		now := st.Now().UTC()
		r.Version = version
		if action == "decide" {
			r.DecidedBy, r.DecidedAt = a.Ref(), &now
		}
		if err := st.UpdateTimeOff(ctx, tx, a, action, r, map[string]string{"from": was, "to": r.Status}); err != nil {
			return err
		}
		if action == "decide" {
			if err := timeOffDecided(ctx, st, tx, r); err != nil {
				return err
			}
		}
		if was == store.RequestApproved && r.Status != store.RequestApproved {
			return promoteWaitlist(ctx, st, tx, now, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// promoteWaitlist approves, oldest first, the waitlisted requests of the
// team that now fit the allowance on the days freed.
func promoteWaitlist(ctx context.Context, st *store.Store, tx bun.IDB, now time.Time, freed *store.TimeOffRequest) error {
	waiting, err := st.WaitlistedTimeOffTx(ctx, tx, freed.TeamID, freed.StartDate, freed.EndDate)
	if err != nil {
		return err
	}
	for i := range waiting {
		w := &waiting[i]
		status, err := allowanceStatus(ctx, st, tx, w)
		if err != nil {
			return err
		}
		if status != store.RequestApproved {
			continue
		}
		w.Status, w.DecidedAt = store.RequestApproved, &now
		if err := st.UpdateTimeOff(ctx, tx, store.System, "approve-from-waitlist", w, map[string]int64{"freed_by": freed.ID}); err != nil {
			return err
		}
		if err := timeOffDecided(ctx, st, tx, w); err != nil {
			return err
		}
	}
	return nil
}
