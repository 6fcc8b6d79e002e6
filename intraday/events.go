// Package intraday is the live center, as it happens: the agent state
// feed from the ACD (events in, mapped to the product's states, spans
// made), and what the supervisors watch and do during the day.
package intraday

import (
	"context"
	"fmt"
	"strings"
	"time"

	"wfm/batch"
	"wfm/fault"
	"wfm/limits"
	"wfm/store"
)

// MaxBatchEvents is the most events one request may carry: a connector
// sends what arrived since its last call, a few seconds' worth.
const MaxBatchEvents = 10000

// Event is one change of an agent's state as a connector sends it.
type Event struct {
	EventID string `json:"event_id"`         // the source's id of the event: a resent event is recognised by it
	Agent   string `json:"agent"`            // the agent's code (as the ACD names her)
	State   string `json:"state"`            // the ACD's state code
	Reason  string `json:"reason,omitempty"` // the ACD's reason code (e.g. of a not-ready state)
	At      string `json:"at"`               // when the state began, RFC 3339 with its offset
}

// Batch is what a connector sends at once.
type Batch struct {
	Source string  `json:"source"` // the ACD or connector (event ids are unique within it)
	Events []Event `json:"events"`
}

// Refusal says why one event of a batch was not taken.
type Refusal struct {
	Index   int    `json:"index"` // its place in the batch, from 0
	EventID string `json:"event_id"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Result is what became of a batch.
type Result struct {
	Received   int       `json:"received"`
	Accepted   int       `json:"accepted"`   // new events, now on the agents' timelines
	Duplicates int       `json:"duplicates"` // events received before (by source and event id): nothing changed
	Refused    []Refusal `json:"refused"`
}

// RecordEvents takes a batch from a connector: each event is checked and
// mapped on its own (a bad one is refused with its place and reason, the
// others go on), the good ones are stored once each and placed on their
// agents' timelines in order of time, late ones included.
func RecordEvents(ctx context.Context, st *store.Store, b Batch) (Result, error) {
	res := Result{Received: len(b.Events), Refused: []Refusal{}}
	if err := b.check(); err != nil {
		return res, err
	}
	mappings, err := st.StateMappings(ctx)
	if err != nil {
		return res, err
	}
	codes, err := st.AgentCodes(ctx, st.DB())
	if err != nil {
		return res, err
	}
	r := eventReader{source: b.Source, mappings: mappings, codes: codes, now: st.Now()}
	var good []store.AgentEvent
	for i, e := range b.Events {
		ev, refused := r.read(i, e)
		if refused != nil {
			res.Refused = append(res.Refused, *refused)
			continue
		}
		good = append(good, ev)
	}
	accepted, err := st.RecordAgentEvents(ctx, good)
	if err != nil {
		return res, err
	}
	res.Accepted, res.Duplicates = accepted, len(good)-accepted
	return res, nil
}

// check refuses a batch without a source, or too big to take at once.
func (b Batch) check() error {
	f := fault.FieldErrors{}
	if strings.TrimSpace(b.Source) == "" {
		f.Add("source", "required: the ACD or connector sending the events")
	} else if err := limits.Code.Check(b.Source); err != nil {
		f.Add("source", "%v", err)
	}
	if len(b.Events) > MaxBatchEvents {
		f.Add("events", "%d events: send at most %d at once", len(b.Events), MaxBatchEvents)
	}
	return f.Err("agent events")
}

// eventReader reads a batch's events as the product records them: the
// source's agent codes and states mapped to the product's, received now.
type eventReader struct {
	source   string
	mappings []store.StateMapping
	codes    map[string]int64 // agent code -> id
	now      time.Time
}

// read is event i of the batch as recorded, or why it is refused.
func (r eventReader) read(i int, e Event) (store.AgentEvent, *Refusal) {
	refuse := func(field, format string, args ...any) (store.AgentEvent, *Refusal) {
		return store.AgentEvent{}, &Refusal{Index: i, EventID: e.EventID, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	if msg, field := checkEventText(e); msg != "" {
		return refuse(field, "%s", msg)
	}
	at, err := time.Parse(time.RFC3339Nano, e.At)
	if err != nil {
		return refuse("at", "%q is not an instant in RFC 3339 with its offset (2026-12-07T09:00:00+08:00)", e.At)
	}
	if err := limits.Record.CheckTime(at, r.now); err != nil {
		return refuse("at", "%v", err)
	}
	agentID, ok := r.codes[e.Agent]
	if !ok {
		return refuse("agent", "unknown agent %q", e.Agent)
	}
	state, ok := MapState(r.mappings, e.State, e.Reason)
	if !ok {
		return refuse("state", "state %q (reason %q) maps to none of the product's states: add it to the state mappings (admin page, PUT /api/v1/state-mappings)", e.State, e.Reason)
	}
	return store.AgentEvent{Source: r.source, EventID: e.EventID, AgentID: agentID, At: at.UTC(),
		ACDState: e.State, Reason: e.Reason, State: state, ReceivedAt: r.now.UTC(), Seq: r.now.UnixNano() + int64(i)}, nil
}

// checkEventText finds the first text field of an event that is missing
// or not clean text, and says why.
func checkEventText(e Event) (msg, field string) {
	for _, fv := range []struct {
		name, value string
		required    bool
		kind        limits.Text
	}{
		{"event_id", e.EventID, true, limits.Name},
		{"agent", e.Agent, true, limits.Code},
		{"state", e.State, true, limits.Code},
		{"reason", e.Reason, false, limits.Code},
	} {
		if strings.TrimSpace(fv.value) == "" {
			if fv.required {
				return "required", fv.name
			}
			continue
		}
		if err := fv.kind.Check(fv.value); err != nil {
			return err.Error(), fv.name
		}
	}
	return "", ""
}

// MapState finds the product's state of an ACD state and reason: the
// mapping of the pair, else of the state whatever its reason, else the
// state itself when it is one of the product's (available, break...).
func MapState(ms []store.StateMapping, acdState, reason string) (string, bool) {
	for _, m := range ms {
		if m.ACDState == acdState && m.Reason == reason && reason != "" {
			return m.State, true
		}
	}
	for _, m := range ms {
		if m.ACDState == acdState && m.Reason == "" {
			return m.State, true
		}
	}
	if isProductState(acdState) {
		return acdState, true
	}
	return "", false
}

func isProductState(s string) bool {
	for _, p := range batch.States {
		if s == p {
			return true
		}
	}
	return false
}

// Mappings are the center's state mappings.
func Mappings(ctx context.Context, st *store.Store) ([]store.StateMapping, error) {
	return st.StateMappings(ctx)
}

// ReplaceMappings checks and saves the whole list of state mappings
// (an admin edits them as one list). A problem names the mapping by its
// place: mappings[2].state.
func ReplaceMappings(ctx context.Context, st *store.Store, a store.Actor, ms []store.StateMapping) error {
	if err := CheckMappings(ms); err != nil {
		return err
	}
	return st.ReplaceStateMappings(ctx, a, ms)
}

// CheckMappings finds what is wrong with a list of state mappings, each
// problem named by the mapping's place (mappings[2].state).
func CheckMappings(ms []store.StateMapping) error {
	f := fault.FieldErrors{}
	seen := map[[2]string]int{}
	for i, m := range ms {
		at := func(field string) string { return fmt.Sprintf("mappings[%d].%s", i, field) }
		if strings.TrimSpace(m.ACDState) == "" {
			f.Add(at("acd_state"), "required")
		} else if err := limits.Code.Check(m.ACDState); err != nil {
			f.Add(at("acd_state"), "%v", err)
		}
		if err := limits.Code.Check(m.Reason); m.Reason != "" && err != nil {
			f.Add(at("reason"), "%v", err)
		}
		if !isProductState(m.State) {
			f.Add(at("state"), "%q is not one of %s", m.State, strings.Join(batch.States, ", "))
		}
		k := [2]string{m.ACDState, m.Reason}
		if j, dup := seen[k]; dup {
			f.Add(at("acd_state"), "state %q with reason %q is mapped already, at mappings[%d]", m.ACDState, m.Reason, j)
		}
		seen[k] = i
	}
	return f.Err("state mappings")
}
