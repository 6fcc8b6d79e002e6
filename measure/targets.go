package measure

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"wfm/kpi"
	"wfm/store"
)

// queueMix is how many answered contacts an agent handled on each queue
// (by queue id in decimal, as kpi names queues).
type queueMix map[string]int

// agentQueueMixes counts, per agent and local day of her site, the
// contacts she handled on each queue over [first, last]. A contact counts
// as the agent days count it: answered, on the day it arrived.
func agentQueueMixes(ctx context.Context, st *store.Store, ids []int64, first, last kpi.Date) (map[int64]map[kpi.Date]queueMix, error) {
	out := map[int64]map[kpi.Date]queueMix{}
	if len(ids) == 0 {
		return out, nil
	}
	zones, err := st.SiteZones(ctx)
	if err != nil {
		return nil, err
	}
	places, err := st.AgentPlaces(ctx)
	if err != nil {
		return nil, err
	}
	// A day either side covers every zone; each contact is then placed on
	// its agent's local day.
	rows, err := st.AnsweredContactsOf(ctx, ids, first.AddDays(-1).Start(time.UTC), last.AddDays(2).Start(time.UTC))
	if err != nil {
		return nil, err
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
			days = map[kpi.Date]queueMix{}
			out[r.AgentID] = days
		}
		mix := days[d]
		if mix == nil {
			mix = queueMix{}
			days[d] = mix
		}
		mix[strconv.FormatInt(r.QueueID, 10)]++
	}
	return out, nil
}

// queueAHTTargets is the AHT target in force of every queue, by id in
// decimal.
func queueAHTTargets(ctx context.Context, st *store.Store) (map[string]float64, error) {
	queues, err := st.ListQueues(ctx)
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
// days (agent id -> day YYYY-MM-DD -> seconds), within the scope: the AHT
// targets in force of the queues she handled that day, weighted by her
// contacts (kpi.WeightedTarget). A day she handled nothing has none.
func AgentAHTTargets(ctx context.Context, st *store.Store, q store.KPIQuery) (map[int64]map[string]float64, error) {
	agents, err := st.QueryAgents(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(agents))
	for _, a := range agents {
		ids = append(ids, a.ID)
	}
	mixes, err := agentQueueMixes(ctx, st, ids, q.From, q.To)
	if err != nil {
		return nil, err
	}
	targets, err := queueAHTTargets(ctx, st)
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
				out[agent][day.String()] = t.Value
			}
		}
	}
	return out, nil
}

// AgentAHTTargetOver is an agent's AHT target over [first, last]: her
// contacts of those days on each queue weigh the queues' targets.
func AgentAHTTargetOver(ctx context.Context, st *store.Store, agentID int64, first, last kpi.Date) (kpi.Ratio, error) {
	mixes, err := agentQueueMixes(ctx, st, []int64{agentID}, first, last)
	if err != nil {
		return kpi.Ratio{}, err
	}
	total := queueMix{}
	for _, mix := range mixes[agentID] {
		for q, n := range mix {
			total[q] += n
		}
	}
	targets, err := queueAHTTargets(ctx, st)
	if err != nil {
		return kpi.Ratio{}, err
	}
	return kpi.WeightedTarget(total, targets)
}
