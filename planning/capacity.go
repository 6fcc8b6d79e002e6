package planning

import (
	"context"
	"math"
	"time"

	"wfm/capacity"
	"wfm/fault"
	"wfm/staffing"
	"wfm/store"
)

// CapacityResult is a scenario with its weeks and what they advise.
type CapacityResult struct {
	Scenario store.CapacityPlan `json:"scenario"`
	capacity.Plan
	// The goal the need is computed for: the strictest service level of
	// the site's queues of the skill.
	ServiceLevel     float64 `json:"service_level"`
	ThresholdSeconds float64 `json:"threshold_seconds"`
}

// NewCapacityPlan saves a new scenario. An FTE of 0 takes today's: the
// site's active agents with the skill.
func NewCapacityPlan(ctx context.Context, st *store.Store, a store.Actor, p *store.CapacityPlan) error {
	if p.Assumptions.FTE == 0 && p.SiteID > 0 && p.SkillID > 0 {
		fte, err := TodaysFTE(ctx, st, p.SiteID, p.SkillID)
		if err != nil {
			return err
		}
		p.Assumptions.FTE = fte
	}
	return st.CreateCapacityPlan(ctx, a, p)
}

// SaveCapacityPlan saves a scenario: a new one (no ID) as NewCapacityPlan
// does, else the changes to a stored one (its ID and the Version they were
// made at: a stale version is a conflict, never saved over).
func SaveCapacityPlan(ctx context.Context, st *store.Store, a store.Actor, p *store.CapacityPlan) error {
	if p.ID > 0 {
		return st.UpdateCapacityPlan(ctx, a, p)
	}
	return NewCapacityPlan(ctx, st, a, p)
}

// CopyCapacityPlan saves a copy of a scenario under another name, to
// change some of its assumptions and compare.
func CopyCapacityPlan(ctx context.Context, st *store.Store, a store.Actor, id int64, name string) (*store.CapacityPlan, error) {
	p, err := st.GetCapacityPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	cp := *p
	cp.Record = store.Record{}
	cp.Name = name
	cp.Assumptions.Hires = append([]capacity.Hire{}, p.Assumptions.Hires...)
	if err := st.CreateCapacityPlan(ctx, a, &cp); err != nil {
		return nil, err
	}
	return &cp, nil
}

// TodaysFTE is the site's active agents with the skill.
func TodaysFTE(ctx context.Context, st *store.Store, siteID, skillID int64) (float64, error) {
	agents, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return 0, err
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return 0, err
	}
	siteOf := map[int64]int64{}
	for _, t := range teams {
		siteOf[t.ID] = t.SiteID
	}
	n := 0.0
	for _, ag := range agents {
		if !ag.Active || siteOf[ag.TeamID] != siteID {
			continue
		}
		for _, s := range ag.Skills {
			if s.SkillID == skillID {
				n++
				break
			}
		}
	}
	return n, nil
}

// CapacityPlan computes a scenario: the demand of the site's queues of
// the skill from their history, the goal from their targets, the weeks
// from the assumptions.
func CapacityPlan(ctx context.Context, st *store.Store, p *store.CapacityPlan) (*CapacityResult, error) {
	site, err := st.GetSite(ctx, p.SiteID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(site.Timezone)
	if err != nil {
		return nil, fault.Errorf(fault.Internal, "site %s: zone %q: %v", site.Name, site.Timezone, err)
	}
	queues, err := st.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	res := &CapacityResult{Scenario: *p, ThresholdSeconds: math.Inf(1)}
	from := p.Start.AddDays(-7*capacity.BaselineWeeks - 364).Start(loc)
	to := p.Start.Start(loc)
	var history []capacity.Interval
	served := 0
	for _, q := range queues {
		if q.SiteID != p.SiteID || q.SkillID == nil || *q.SkillID != p.SkillID {
			continue
		}
		served++
		if q.SLTarget > res.ServiceLevel || (q.SLTarget == res.ServiceLevel && float64(q.SLThresholdSeconds) < res.ThresholdSeconds) {
			res.ServiceLevel, res.ThresholdSeconds = q.SLTarget, float64(q.SLThresholdSeconds)
		}
		rows, err := st.History(ctx, store.HistoryFilter{QueueID: q.ID, From: from, To: to})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			iv := capacity.Interval{Start: r.IntervalStart, Seconds: r.IntervalSeconds, Offered: float64(r.Offered)}
			if r.AHTSeconds != nil {
				iv.AHTSeconds = *r.AHTSeconds
			}
			history = append(history, iv)
		}
	}
	if served == 0 {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid capacity plan",
			Fields: map[string]string{"skill_id": "no queue of site " + site.Name + " is served by this skill"}}
	}
	demand, err := capacity.DemandFromHistory(history, loc, p.Start, p.Weeks)
	if err != nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid capacity plan", Fields: map[string]string{"start": err.Error()}}
	}
	plan, err := capacity.Compute(demand, staffing.Goal{ServiceLevel: res.ServiceLevel, ThresholdSeconds: res.ThresholdSeconds}, p.Assumptions)
	if err != nil {
		return nil, fault.Errorf(fault.Invalid, "capacity plan %s: %v", p.Name, err)
	}
	res.Plan = plan
	return res, nil
}
