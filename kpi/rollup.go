package kpi

import (
	"fmt"
	"sort"
	"time"
)

// Period is a reporting period a rollup adds counts over.
type Period string

// The rollup periods. Weeks start on Monday (ISO 8601).
const (
	PeriodDay   Period = "day"
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
)

// Validate checks p.
func (p Period) Validate() error {
	switch p {
	case PeriodDay, PeriodWeek, PeriodMonth:
		return nil
	}
	return fmt.Errorf("period: unknown period %q (want day, week or month)", string(p))
}

// Start is the first day of the period that holds d.
func (p Period) Start(d Date) Date {
	switch p {
	case PeriodWeek:
		return d.Monday()
	case PeriodMonth:
		return Date{Year: d.Year, Month: d.Month, Day: 1}
	}
	return d
}

// QueuePeriod is one queue's counts over one period.
type QueuePeriod struct {
	Queue  string
	Period Period
	Start  Date // first local day of the period
	Goal   ServiceGoal
	QueueCounts
}

// RollupQueues adds queue intervals into periods. Each queue's intervals are
// placed on days in its own site's zone (zone(queue); nil = UTC). Counts
// are added and ratios recomputed from the sums, never averaged. All of a
// queue's intervals must share one service goal, or the sum would mix
// formulas.
func RollupQueues(rows []QueueInterval, p Period, zone func(queue string) *time.Location) ([]QueuePeriod, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	type key struct {
		queue string
		start Date
	}
	sums := map[key]*QueuePeriod{}
	goals := map[string]ServiceGoal{}
	for _, r := range rows {
		if g, seen := goals[r.Queue]; seen && g != r.Goal {
			return nil, fmt.Errorf("queue %s: intervals measured with different service goals (%s and %s) cannot be added",
				r.Queue, g.Describe(), r.Goal.Describe())
		}
		goals[r.Queue] = r.Goal
		var loc *time.Location
		if zone != nil {
			loc = zone(r.Queue)
		}
		k := key{r.Queue, p.Start(DateOf(r.Start, loc))}
		s := sums[k]
		if s == nil {
			s = &QueuePeriod{Queue: r.Queue, Period: p, Start: k.start, Goal: r.Goal}
			sums[k] = s
		}
		s.Add(r.QueueCounts)
	}
	out := make([]QueuePeriod, 0, len(sums))
	for _, s := range sums {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Queue != out[j].Queue {
			return out[i].Queue < out[j].Queue
		}
		return out[i].Start.Before(out[j].Start)
	})
	return out, nil
}

// GroupPeriod is the summed counts of an agent, or of a team, over a period.
type GroupPeriod struct {
	Group  string // the agent or the team
	Period Period
	Start  Date
	Agents int // distinct agents counted
	AgentCounts
}

// RollupAgents adds each agent's days into periods. Agent days are already
// local days of the agent's site (AgentDays was given its zone).
func RollupAgents(days []AgentDay, p Period) ([]GroupPeriod, error) {
	return rollupGroups(days, p, func(agent string) string { return agent })
}

// RollupTeams adds agent days into team periods; team maps agent to team.
// Agents without a team are added under the team "", so that team totals
// still add up to the whole center.
func RollupTeams(days []AgentDay, p Period, team map[string]string) ([]GroupPeriod, error) {
	return rollupGroups(days, p, func(agent string) string { return team[agent] })
}

func rollupGroups(days []AgentDay, p Period, groupOf func(string) string) ([]GroupPeriod, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	type key struct {
		group string
		start Date
	}
	sums := map[key]*GroupPeriod{}
	members := map[key]map[string]bool{}
	for _, d := range days {
		k := key{groupOf(d.Agent), p.Start(d.Date)}
		s := sums[k]
		if s == nil {
			s = &GroupPeriod{Group: k.group, Period: p, Start: k.start}
			sums[k] = s
			members[k] = map[string]bool{}
		}
		s.Add(d.AgentCounts)
		members[k][d.Agent] = true
	}
	out := make([]GroupPeriod, 0, len(sums))
	for k, s := range sums {
		s.Agents = len(members[k])
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group < out[j].Group
		}
		return out[i].Start.Before(out[j].Start)
	})
	return out, nil
}
