package intraday

import (
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"wfm/batch"
)

// TimedEvent is an event with its instant as a time, for pacing a replay.
type TimedEvent struct {
	At    time.Time
	Event Event
}

// EventsFromStates turns recorded agent states (a states CSV) into the
// events a live feed would have sent: one at each state's start, and an
// "offline" one at its end when the agent's next state does not begin
// there (she logged out). Event ids name the file and line, so that a
// replay sent twice is taken once. shift moves every instant (to replay a
// past day as if it were happening now). Sorted by instant.
func EventsFromStates(file string, states []batch.AgentState, shift time.Duration) []TimedEvent {
	base := filepath.Base(file)
	byAgent := map[string][]batch.AgentState{}
	for _, s := range states {
		byAgent[s.Agent] = append(byAgent[s.Agent], s)
	}
	var out []TimedEvent
	add := func(at time.Time, id, agent, state string) {
		at = at.Add(shift)
		out = append(out, TimedEvent{At: at, Event: Event{EventID: id, Agent: agent, State: state, At: at.Format(time.RFC3339Nano)}})
	}
	for agent, ss := range byAgent {
		sort.Slice(ss, func(i, j int) bool { return ss[i].Start.Before(ss[j].Start) })
		for i, s := range ss {
			id := base + ":" + strconv.Itoa(s.Line)
			add(s.Start, id, agent, s.State)
			if i+1 == len(ss) || !ss[i+1].Start.Equal(s.End) {
				if s.State != "offline" {
					add(s.End, id+":end", agent, "offline")
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Event.EventID < out[j].Event.EventID
	})
	return out
}
