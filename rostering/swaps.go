package rostering

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/schedule"
	"wfm/store"
)

// swapped is the roster with the swap applied, and the new violations it
// brings (against both agents' rules and skills).
func swapped(v *store.ScheduleVersion, from, to *store.Agent, r *store.SwapRequest) (schedule.Solution, []schedule.Violation, error) {
	fromDay, toDay := r.FromDate.DaysSince(v.StartDate), r.ToDate.DaysSince(v.StartDate)
	for field, d := range map[string]int{"from_date": fromDay, "to_date": toDay} {
		if d < 0 || d >= v.Days {
			return schedule.Solution{}, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{field: "outside the published schedule"}}
		}
	}
	if !hasAgent(v.Problem, from.Code) || !hasAgent(v.Problem, to.Code) {
		return schedule.Solution{}, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{"to_agent_id": "both agents must be on the published schedule"}}
	}
	given := findAssignment(v.Solution, from.Code, fromDay)
	taken := findAssignment(v.Solution, to.Code, toDay)
	if given == nil && taken == nil {
		return schedule.Solution{}, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{"from_date": "neither agent works the days named: nothing to swap"}}
	}
	sol := v.Solution
	as := replaceAssignment(sol.Assignments, from.Code, fromDay, nil)
	as = replaceAssignment(as, to.Code, toDay, nil)
	// A shift changes hands without its activities: a meeting or coaching
	// was asked for the person, not for the shift.
	if given != nil {
		g := *given
		g.Agent, g.Activities = to.Code, nil
		as = replaceAssignment(as, to.Code, fromDay, &g)
	}
	if taken != nil {
		t := *taken
		t.Agent, t.Activities = from.Code, nil
		as = replaceAssignment(as, from.Code, toDay, &t)
	}
	sol.Assignments = as
	before, err := schedule.Check(v.Problem, v.Solution)
	if err != nil {
		return sol, nil, fmt.Errorf("check schedule %d: %w", v.ID, err)
	}
	after, err := schedule.Check(v.Problem, sol)
	if err != nil {
		return sol, nil, fmt.Errorf("check schedule %d: %w", v.ID, err)
	}
	sol.Objective, sol.Feasible, sol.Violations = after.Objective, after.Feasible, after.Violations
	return sol, newViolations(before.Violations, after.Violations), nil
}

// swapParties loads the two agents of a swap, who must work at one site,
// and the published version their site follows on the from date.
func swapParties(ctx context.Context, st *store.Store, db bun.IDB, r *store.SwapRequest) (*store.Agent, *store.Agent, *store.ScheduleVersion, error) {
	from, err := st.GetAgentTx(ctx, db, r.FromAgentID)
	if err != nil {
		return nil, nil, nil, err
	}
	to, err := st.GetAgentTx(ctx, db, r.ToAgentID)
	if err != nil {
		return nil, nil, nil, err
	}
	site, err := st.TeamSitesTx(ctx, db, []int64{from.TeamID, to.TeamID})
	if err != nil {
		return nil, nil, nil, err
	}
	if site[from.TeamID] != site[to.TeamID] {
		return nil, nil, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{"to_agent_id": "works at another site"}}
	}
	v, err := st.PublishedCoveringTx(ctx, db, site[from.TeamID], r.FromDate.String())
	if err != nil {
		return nil, nil, nil, err
	}
	return from, to, v, nil
}

// RequestSwap records an agent's swap offer, checked against both agents'
// rules and skills. It is approved and applied at once when it breaks no
// rule and the center's policy says so; else it waits for a supervisor.
func RequestSwap(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, r *store.SwapRequest) error {
	r.ID, r.Status, r.DecidedBy, r.DecidedAt, r.Violations = 0, store.RequestPending, nil, nil, nil
	if err := st.ValidateSwap(r); err != nil {
		return err
	}
	auto, err := st.SwapAutoApprove(ctx)
	if err != nil {
		return err
	}
	now := st.Now().UTC()
	return st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		from, to, v, err := swapParties(ctx, st, tx, r)
		if err != nil {
			return err
		}
		if !sc.HasAgent(from.ID, from.TeamID) {
			return fault.Errorf(fault.Forbidden, "only %s (or her supervisor) may offer her shifts", from.Code)
		}
		sol, added, err := swapped(v, from, to, r)
		if err != nil {
			return err
		}
		r.ScheduleID, r.Violations = v.ID, added
		if r.Violations == nil {
			r.Violations = []schedule.Violation{}
		}
		if auto && len(added) == 0 {
			r.Status, r.DecidedAt = store.RequestApproved, &now
		}
		if err := st.InsertSwap(ctx, tx, a, r); err != nil {
			return err
		}
		if r.Status == store.RequestApproved {
			if err := swapDecided(ctx, st, tx, r); err != nil {
				return err
			}
			return applySwap(ctx, st, tx, now, a, v, sol, r)
		}
		return requestPending(ctx, st, tx, "swap", r.ID, from.ID)
	})
}

// applySwap publishes the swapped roster as a new version superseding v.
func applySwap(ctx context.Context, st *store.Store, tx bun.IDB, now time.Time, a store.Actor, v *store.ScheduleVersion, sol schedule.Solution, r *store.SwapRequest) error {
	next := *v
	next.ID, next.BasedOn, next.CreatedBy, next.PublishedAt, next.PublishedBy = 0, &v.ID, a.Ref(), &now, a.Ref()
	next.Solution = sol
	next.Objective, next.Feasible, next.Violations = sol.Objective, sol.Feasible, sol.Violations
	if next.Violations == nil {
		next.Violations = []schedule.Violation{}
	}
	if err := st.InsertScheduleVersion(ctx, tx, a, &next, map[string]any{"swap": r.ID, "based_on": v.ID}); err != nil {
		return err
	}
	return supersedeOverlapping(ctx, st, tx, a, &next)
}

// DecideSwap is a supervisor's decision on a pending swap of her teams.
// Approval re-checks the swap against the roster published now: a swap
// that breaks rules is refused unless forced.
func DecideSwap(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64, approve, force bool) (*store.SwapRequest, error) {
	var r *store.SwapRequest
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if r, err = st.GetSwapTx(ctx, tx, id); err != nil {
			return err
		}
		from, to, v, err := swapParties(ctx, st, tx, r)
		if err != nil {
			return err
		}
		if !sc.HasTeam(from.TeamID) && !sc.HasTeam(to.TeamID) {
			return fault.Errorf(fault.Forbidden, "swap request %d is not of your teams", id)
		}
		if r.Status != store.RequestPending {
			return fault.Errorf(fault.Conflict, "swap request %d is already %s", id, r.Status)
		}
		now := st.Now().UTC()
		r.Version, r.DecidedBy, r.DecidedAt, r.Status = version, a.Ref(), &now, store.RequestRefused
		var sol schedule.Solution
		if approve {
			var added []schedule.Violation
			if sol, added, err = swapped(v, from, to, r); err != nil {
				return err
			}
			if len(added) > 0 && !force {
				return violationError("the swap breaks rules (send force to approve it anyway)", added)
			}
			r.Status, r.ScheduleID, r.Violations = store.RequestApproved, v.ID, added
			if r.Violations == nil {
				r.Violations = []schedule.Violation{}
			}
		}
		if err := st.UpdateSwap(ctx, tx, a, "decide", r, map[string]any{"status": r.Status, "forced": force && len(r.Violations) > 0}); err != nil {
			return err
		}
		if err := swapDecided(ctx, st, tx, r); err != nil {
			return err
		}
		if approve {
			return applySwap(ctx, st, tx, now, a, v, sol, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// CancelSwap withdraws a pending swap offer: the offering agent's own, or
// one of a supervisor's teams.
func CancelSwap(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64) (*store.SwapRequest, error) {
	var r *store.SwapRequest
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if r, err = st.GetSwapTx(ctx, tx, id); err != nil {
			return err
		}
		from, err := st.GetAgentTx(ctx, tx, r.FromAgentID)
		if err != nil {
			return err
		}
		if !sc.HasAgent(from.ID, from.TeamID) {
			return fault.Errorf(fault.Forbidden, "swap request %d is not yours", id)
		}
		if r.Status != store.RequestPending {
			return fault.Errorf(fault.Conflict, "swap request %d is already %s", id, r.Status)
		}
		r.Version, r.Status = version, store.RequestCancelled
		return st.UpdateSwap(ctx, tx, a, "cancel", r, nil)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
