package kpi

import (
	"fmt"
	"math"
	"sort"
)

// WeightedTarget is the target an agent meets when she meets each queue's
// target on each contact she handled there: the queues' targets weighted
// by her contacts, sum(n_q x t_q) / sum(n_q). For AHT this is exact: her
// AHT is sum(handle) / sum(n), and handle_q <= n_q x t_q on every queue
// sums to AHT <= the weighted target. Absent when she handled nothing; a
// queue with contacts but no target is an error.
func WeightedTarget(handled map[string]int, targets map[string]float64) (Ratio, error) {
	queues := make([]string, 0, len(handled))
	for q := range handled {
		queues = append(queues, q)
	}
	sort.Strings(queues) // the same sum, in the same order, every time
	var sum, n float64
	for _, q := range queues {
		c := handled[q]
		if c < 0 {
			return Ratio{}, fmt.Errorf("queue %s: %d contacts handled", q, c)
		}
		if c == 0 {
			continue
		}
		t, ok := targets[q]
		if !ok || math.IsNaN(t) || math.IsInf(t, 0) || t <= 0 {
			return Ratio{}, fmt.Errorf("queue %s: no target", q)
		}
		sum += float64(c) * t
		n += float64(c)
	}
	return NewRatio(sum, n), nil
}

// WithTarget is the scorecard with the target of one KPI replaced, for one
// agent (her own AHT target, from the queues she handled). The floor keeps
// its ratio to the target (600 for 300 becomes 1,200 for 600), so the
// points fall off at the same relative distance from any target.
func (s Scorecard) WithTarget(kpiName string, target float64) (Scorecard, error) {
	out := Scorecard{ID: s.ID, Name: s.Name, Items: append([]ScorecardItem(nil), s.Items...)}
	for i, it := range out.Items {
		if it.KPI != kpiName {
			continue
		}
		if !(it.Target > 0) || !(target > 0) || math.IsInf(target, 0) {
			return Scorecard{}, fmt.Errorf("items[%d]: a target %v cannot stand for %v", i, target, it.Target)
		}
		out.Items[i].Floor = it.Floor * target / it.Target
		out.Items[i].Target = target
	}
	return out, out.Validate()
}
