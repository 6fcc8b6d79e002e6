package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"wfm/kpi"
)

// queueMix is how many answered contacts an agent handled on each queue
// (by queue id in decimal, as kpi names queues).
type queueMix map[string]int

// agentQueueMixes counts, per agent and local day of her site (days as
// YYYY-MM-DD), the contacts she handled on each queue over [first, last].
// A contact counts as the agent days count it: answered, on the day it
// arrived.
func (s *Store) agentQueueMixes(ctx context.Context, ids []int64, first, last kpi.Date) (map[int64]map[string]queueMix, error) {
	out := map[int64]map[string]queueMix{}
	if len(ids) == 0 {
		return out, nil
	}
	zones, err := s.zones(ctx)
	if err != nil {
		return nil, err
	}
	places, err := s.AgentPlaces(ctx)
	if err != nil {
		return nil, err
	}
	// A day either side covers every zone; each contact is then placed on
	// its agent's local day.
	from, to := first.AddDays(-1).Start(time.UTC), last.AddDays(2).Start(time.UTC)
	var rows []struct {
		AgentID   int64     `bun:"agent_id"`
		QueueID   int64     `bun:"queue_id"`
		ArrivedAt time.Time `bun:"arrived_at"`
	}
	err = s.db.NewSelect().Table("contacts").Column("agent_id", "queue_id", "arrived_at").
		Where("agent_id IN (?)", bun.List(ids)).Where("answered_at IS NOT NULL").
		Where("arrived_at >= ?", from).Where("arrived_at < ?", to).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read agents' contacts by queue: %w", err)
	}
	for _, r := range rows {
		loc := zones[places[r.AgentID].SiteID]
		if loc == nil {
			loc = time.UTC
		}
		d := kpi.DateOf(r.ArrivedAt, loc)
		if d.Before(first) || last.Before(d) {
			continue
		}
		days := out[r.AgentID]
		if days == nil {
			days = map[string]queueMix{}
			out[r.AgentID] = days
		}
		mix := days[d.String()]
		if mix == nil {
			mix = queueMix{}
			days[d.String()] = mix
		}
		mix[strconv.FormatInt(r.QueueID, 10)]++
	}
	return out, nil
}

// queueAHTTargets is the AHT target in force of every queue, by id in
// decimal.
func (s *Store) queueAHTTargets(ctx context.Context) (map[string]float64, error) {
	queues, err := s.ListQueues(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(queues))
	for _, q := range queues {
		out[strconv.FormatInt(q.ID, 10)] = float64(q.AHTTarget())
	}
	return out, nil
}

// AgentAHTTargets is each agent's AHT target per day over the query's
// days (agent id -> day -> seconds), within the scope: the AHT targets in
// force of the queues she handled that day, weighted by her contacts
// (kpi.WeightedTarget). A day she handled nothing has none.
func (s *Store) AgentAHTTargets(ctx context.Context, q KPIQuery) (map[int64]map[string]float64, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	if err := s.CheckAgentTeamScope(ctx, q.Scope, q.AgentID, q.TeamID); err != nil {
		return nil, err
	}
	agents, err := s.ListAgents(ctx, q.Scope)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range agents {
		if (q.AgentID == 0 || a.ID == q.AgentID) && (q.TeamID == 0 || a.TeamID == q.TeamID) {
			ids = append(ids, a.ID)
		}
	}
	mixes, err := s.agentQueueMixes(ctx, ids, q.From, q.To)
	if err != nil {
		return nil, err
	}
	targets, err := s.queueAHTTargets(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]map[string]float64{}
	for agent, days := range mixes {
		out[agent] = map[string]float64{}
		for day, mix := range days {
			t, err := kpi.WeightedTarget(mix, targets)
			if err != nil {
				return nil, fmt.Errorf("agent %d on %s: %w", agent, day, err)
			}
			if t.OK {
				out[agent][day] = t.Value
			}
		}
	}
	return out, nil
}

// AgentAHTTargetOver is an agent's AHT target over [first, last]: her
// contacts of those days on each queue weigh the queues' targets.
func (s *Store) AgentAHTTargetOver(ctx context.Context, agentID int64, first, last kpi.Date) (kpi.Ratio, error) {
	mixes, err := s.agentQueueMixes(ctx, []int64{agentID}, first, last)
	if err != nil {
		return kpi.Ratio{}, err
	}
	total := queueMix{}
	for _, mix := range mixes[agentID] {
		for q, n := range mix {
			total[q] += n
		}
	}
	targets, err := s.queueAHTTargets(ctx)
	if err != nil {
		return kpi.Ratio{}, err
	}
	return kpi.WeightedTarget(total, targets)
}
