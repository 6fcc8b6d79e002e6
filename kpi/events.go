package kpi

import (
	"sort"
	"time"
)

// StateEvent is one change of an agent's state as a live feed reports it:
// from At on, she is in State.
type StateEvent struct {
	At    time.Time
	State State
}

// StatesFromEvents turns an agent's state changes into the spans between
// them: each state lasts until the next change. The last is still going
// on: its span ends where it starts (open), and the intraday board runs it
// on to the present. A span is cut at maxState: a longer silence is a
// feed that lost the agent's changes, not a state that lasted.
//
// Events at the same instant: the later in the list wins (the caller lists
// them in the order they were received).
func StatesFromEvents(agent string, events []StateEvent, maxState time.Duration) []AgentState {
	evs := append([]StateEvent(nil), events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	var out []AgentState
	for i, e := range evs {
		if i+1 < len(evs) && evs[i+1].At.Equal(e.At) {
			continue // a later report of the same instant replaces this one
		}
		end := e.At
		if i+1 < len(evs) {
			end = evs[i+1].At
			if end.Sub(e.At) > maxState {
				end = e.At.Add(maxState)
			}
		}
		out = append(out, AgentState{Agent: agent, State: e.State, Start: e.At, End: end})
	}
	return out
}
