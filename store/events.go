package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"wfm/kpi"
	"wfm/limits"
)

// AgentEvent is one change of an agent's state from the live feed, as
// stored: the ACD's codes and the product's state they map to.
type AgentEvent struct {
	bun.BaseModel `bun:"table:agent_events"`
	Source        string    `bun:"source,pk"`
	EventID       string    `bun:"event_id,pk"`
	AgentID       int64     `bun:"agent_id,notnull"`
	At            time.Time `bun:"at,notnull"`
	ACDState      string    `bun:"acd_state,notnull"`
	Reason        string    `bun:"reason,notnull"`
	State         string    `bun:"state,notnull"`
	ReceivedAt    time.Time `bun:"received_at,notnull"`
	Seq           int64     `bun:"seq,notnull"`
}

// StateMapping maps an ACD's state (and reason) code to the product's
// state; an empty Reason maps the state whatever its reason.
type StateMapping struct {
	bun.BaseModel `bun:"table:state_mappings"`
	ACDState      string `bun:"acd_state,pk" json:"acd_state"`
	Reason        string `bun:"reason,pk" json:"reason"`
	State         string `bun:"state,notnull" json:"state"`
}

// StateMappings lists the mappings by ACD state and reason.
func (s *Store) StateMappings(ctx context.Context) ([]StateMapping, error) {
	out := []StateMapping{}
	if err := s.db.NewSelect().Model(&out).Order("acd_state", "reason").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read state mappings: %w", err)
	}
	return out, nil
}

// ReplaceStateMappings replaces every mapping with ms in one transaction
// (the caller has checked them). Events already received keep the state
// they were mapped to.
func (s *Store) ReplaceStateMappings(ctx context.Context, a Actor, ms []StateMapping) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*StateMapping)(nil)).Where("1 = 1").Exec(ctx); err != nil {
			return fmt.Errorf("clear state mappings: %w", err)
		}
		if len(ms) > 0 {
			if _, err := tx.NewInsert().Model(&ms).Exec(ctx); err != nil {
				return translate(err, "state mappings")
			}
		}
		return auditKey(ctx, tx, now, a, "replace", "state_mappings", "all", map[string]int{"mappings": len(ms)})
	})
}

// RecordAgentEvents stores the events it has not stored before (by source
// and event id: a batch sent again changes nothing) and remakes the state
// spans of their agents from each one's earliest new event on: a late
// event takes its place between the ones around it, and the span before
// it ends where it begins. One transaction; the agents' rows are locked
// so that two batches for the same agent do not interleave. It returns how
// many events were new.
//
// From an agent's first event on, the feed owns her timeline: states
// imported from a file for the same time are replaced.
func (s *Store) RecordAgentEvents(ctx context.Context, events []AgentEvent) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	fresh := 0
	err := s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		byAgent := map[int64]bool{}
		for _, e := range events {
			byAgent[e.AgentID] = true
		}
		agents := make([]int64, 0, len(byAgent))
		for id := range byAgent {
			agents = append(agents, id)
		}
		sort.Slice(agents, func(i, j int) bool { return agents[i] < agents[j] })
		if s.postgres {
			// In id order, so that two batches wait for each other rather than deadlock.
			if _, err := tx.NewSelect().Model((*Agent)(nil)).Column("id").Where("id IN (?)", bun.List(agents)).
				Order("id").For("UPDATE").Exec(ctx); err != nil {
				return fmt.Errorf("lock agents: %w", err)
			}
		}
		news, err := newEvents(ctx, tx, events)
		if err != nil {
			return err
		}
		fresh = len(news)
		if fresh == 0 {
			return nil
		}
		// Each agent's latest stored event, read before the new ones go in:
		// when all her new events come after it (the feed's usual case),
		// her spans from it on are made here, for all such agents in a few
		// statements; an agent's first events, or a late one, take the
		// careful path (remakeStates).
		latest, err := latestEvents(ctx, tx, agents)
		if err != nil {
			return err
		}
		for start := 0; start < len(news); start += 500 {
			chunk := news[start:min(start+500, len(news))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return translate(err, "agent events")
			}
		}
		byAgentNew := map[int64][]AgentEvent{}
		for _, e := range news {
			byAgentNew[e.AgentID] = append(byAgentNew[e.AgentID], e)
		}
		var appended []int64
		for _, id := range agents {
			evs := byAgentNew[id]
			if len(evs) == 0 {
				continue
			}
			last, ok := latest[id]
			after := ok
			for _, e := range evs {
				if !e.At.After(last.At) {
					after = false
				}
			}
			if after {
				appended = append(appended, id)
				continue
			}
			earliest := evs[0].At
			for _, e := range evs {
				if e.At.Before(earliest) {
					earliest = e.At
				}
			}
			if err := remakeStates(ctx, tx, id, earliest); err != nil {
				return err
			}
		}
		if err := appendStates(ctx, tx, appended, latest, byAgentNew); err != nil {
			return err
		}
		return markTeams(ctx, tx, agents, news[len(news)-1].Seq)
	})
	return fresh, err
}

// feedMark is a team's latest feed change (see FeedMark).
type feedMark struct {
	bun.BaseModel `bun:"table:feed_marks"`
	TeamID        int64 `bun:"team_id,pk"`
	Seq           int64 `bun:"seq,notnull"`
}

// markTeams moves the feed marks of the agents' teams to seq.
func markTeams(ctx context.Context, tx bun.Tx, agents []int64, seq int64) error {
	var teams []int64
	if err := tx.NewSelect().Model((*Agent)(nil)).Distinct().Column("team_id").Where("id IN (?)", bun.List(agents)).
		Order("team_id").Scan(ctx, &teams); err != nil {
		return fmt.Errorf("teams of the feed's agents: %w", err)
	}
	marks := make([]feedMark, len(teams))
	for i, t := range teams {
		marks[i] = feedMark{TeamID: t, Seq: seq}
	}
	if len(marks) == 0 {
		return nil
	}
	if _, err := tx.NewInsert().Model(&marks).On("CONFLICT (team_id) DO UPDATE").Set("seq = EXCLUDED.seq").Exec(ctx); err != nil {
		return fmt.Errorf("mark the feed's teams: %w", err)
	}
	return nil
}

// FeedMark is a number that changes whenever the live feed changes a
// state of one of the team's agents (0 before any): a live board polls it
// to know when to redraw, whichever replica took the events.
func (s *Store) FeedMark(ctx context.Context, teamID int64) (int64, error) {
	var seq []int64
	if err := s.db.NewSelect().Model((*feedMark)(nil)).Column("seq").Where("team_id = ?", teamID).Scan(ctx, &seq); err != nil {
		return 0, fmt.Errorf("read the feed mark of team %d: %w", teamID, err)
	}
	if len(seq) == 0 {
		return 0, nil
	}
	return seq[0], nil
}

// newEvents are the events whose (source, event id) is not stored yet.
func newEvents(ctx context.Context, tx bun.Tx, events []AgentEvent) ([]AgentEvent, error) {
	bySource := map[string][]string{}
	for _, e := range events {
		bySource[e.Source] = append(bySource[e.Source], e.EventID)
	}
	seen := map[[2]string]bool{}
	for source, ids := range bySource {
		for start := 0; start < len(ids); start += 500 {
			var got []string
			if err := tx.NewSelect().Model((*AgentEvent)(nil)).Column("event_id").
				Where("source = ? AND event_id IN (?)", source, bun.List(ids[start:min(start+500, len(ids))])).Scan(ctx, &got); err != nil {
				return nil, fmt.Errorf("read known events: %w", err)
			}
			for _, id := range got {
				seen[[2]string{source, id}] = true
			}
		}
	}
	var out []AgentEvent
	for _, e := range events {
		k := [2]string{e.Source, e.EventID}
		if !seen[k] {
			seen[k] = true // once, should a batch name an event twice
			out = append(out, e)
		}
	}
	return out, nil
}

// remakeStates rewrites agentID's state spans from the event before from
// (whose span now ends at the next event) to her latest.
// latestEvents is each agent's latest stored event (the one received last
// among those of the latest instant).
func latestEvents(ctx context.Context, tx bun.Tx, agents []int64) (map[int64]AgentEvent, error) {
	out := map[int64]AgentEvent{}
	for start := 0; start < len(agents); start += 500 {
		ids := agents[start:min(start+500, len(agents))]
		var evs []AgentEvent
		if err := tx.NewSelect().Model(&evs).
			Join("JOIN (SELECT agent_id AS l_agent, MAX(at) AS l_at FROM agent_events WHERE agent_id IN (?) GROUP BY agent_id) AS l", bun.List(ids)).
			JoinOn("agent_event.agent_id = l.l_agent AND agent_event.at = l.l_at").Scan(ctx); err != nil {
			return nil, fmt.Errorf("read the agents' latest events: %w", err)
		}
		for _, e := range evs {
			if cur, ok := out[e.AgentID]; !ok || e.Seq > cur.Seq {
				out[e.AgentID] = e
			}
		}
	}
	return out, nil
}

// appendStates remakes the spans of agents whose new events all follow
// their latest stored one: from that event on, in a statement or two for
// them all.
func appendStates(ctx context.Context, tx bun.Tx, agents []int64, latest map[int64]AgentEvent, news map[int64][]AgentEvent) error {
	for start := 0; start < len(agents); start += 200 {
		ids := agents[start:min(start+200, len(agents))]
		q := tx.NewDelete().Model((*AgentStateRecord)(nil))
		var rows []AgentStateRecord
		for _, id := range ids {
			from := latest[id]
			q = q.WhereOr("(agent_id = ? AND start_at >= ?)", id, from.At.UTC())
			changes := []kpi.StateEvent{{At: from.At, State: kpi.State(from.State)}}
			for _, e := range news[id] {
				changes = append(changes, kpi.StateEvent{At: e.At, State: kpi.State(e.State)})
			}
			for _, sp := range kpi.StatesFromEvents("", changes, limits.MaxState) {
				rows = append(rows, AgentStateRecord{AgentID: id, StartAt: sp.Start.UTC(), EndAt: sp.End.UTC(), State: string(sp.State)})
			}
		}
		if _, err := q.Exec(ctx); err != nil {
			return fmt.Errorf("clear the agents' latest states: %w", err)
		}
		for k := 0; k < len(rows); k += 500 {
			chunk := rows[k:min(k+500, len(rows))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return fmt.Errorf("write the agents' states: %w", err)
			}
		}
	}
	return nil
}

func remakeStates(ctx context.Context, tx bun.Tx, agentID int64, from time.Time) error {
	var prev []time.Time
	if err := tx.NewSelect().Model((*AgentEvent)(nil)).ColumnExpr("at").Where("agent_id = ? AND at < ?", agentID, from.UTC()).
		Order("at DESC").Limit(1).Scan(ctx, &prev); err != nil {
		return fmt.Errorf("read agent %d's previous event: %w", agentID, err)
	}
	if len(prev) > 0 {
		from = prev[0]
	}
	var evs []AgentEvent
	if err := tx.NewSelect().Model(&evs).Where("agent_id = ? AND at >= ?", agentID, from.UTC()).Order("at", "seq").Scan(ctx); err != nil {
		return fmt.Errorf("read agent %d's events: %w", agentID, err)
	}
	changes := make([]kpi.StateEvent, len(evs))
	for i, e := range evs {
		changes[i] = kpi.StateEvent{At: e.At, State: kpi.State(e.State)}
	}
	spans := kpi.StatesFromEvents("", changes, limits.MaxState)
	// A state imported from a file that runs into the feed's first event
	// ends there; those after it are the feed's to say.
	if _, err := tx.NewUpdate().Model((*AgentStateRecord)(nil)).Set("end_at = ?", from.UTC()).
		Where("agent_id = ? AND start_at < ? AND end_at > ?", agentID, from.UTC(), from.UTC()).Exec(ctx); err != nil {
		return fmt.Errorf("clip agent %d's states: %w", agentID, err)
	}
	if _, err := tx.NewDelete().Model((*AgentStateRecord)(nil)).Where("agent_id = ? AND start_at >= ?", agentID, from.UTC()).Exec(ctx); err != nil {
		return fmt.Errorf("clear agent %d's states: %w", agentID, err)
	}
	rows := make([]AgentStateRecord, len(spans))
	for i, sp := range spans {
		rows[i] = AgentStateRecord{AgentID: agentID, StartAt: sp.Start.UTC(), EndAt: sp.End.UTC(), State: string(sp.State)}
	}
	if len(rows) > 0 {
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return fmt.Errorf("write agent %d's states: %w", agentID, err)
		}
	}
	return nil
}
