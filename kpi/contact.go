package kpi

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Contact is one customer contact as the KPIs see it (CONTRACTS.md section 5).
// A zero time means the field is absent.
type Contact struct {
	ID         string
	Queue      string
	Channel    string
	ArrivedAt  time.Time
	AnsweredAt time.Time // zero: not answered, i.e. abandoned
	EndedAt    time.Time // end of handling, or of waiting when abandoned
	Agent      string

	TalkSeconds float64
	HoldSeconds float64
	ACWSeconds  float64

	Transferred bool
	// Resolved tells whether the contact was resolved in this contact
	// (first-contact resolution); it counts only when ResolvedKnown.
	Resolved      bool
	ResolvedKnown bool
	CSAT          int // survey score 1-5; 0 = not surveyed
	Emotion       Emotion
	Complaint     bool
}

// Answered reports whether an agent picked the contact up.
func (c Contact) Answered() bool { return !c.AnsweredAt.IsZero() }

// Wait is how long the customer waited: until answered, or until giving up
// for an abandoned contact. ok is false when that end is not recorded.
func (c Contact) Wait() (wait time.Duration, ok bool) {
	if c.Answered() {
		return c.AnsweredAt.Sub(c.ArrivedAt), true
	}
	if c.EndedAt.IsZero() {
		return 0, false
	}
	return c.EndedAt.Sub(c.ArrivedAt), true
}

// HandleSeconds is talk + hold + after-contact work.
func (c Contact) HandleSeconds() float64 { return c.TalkSeconds + c.HoldSeconds + c.ACWSeconds }

// Validate checks one contact on its own; field names are the CSV columns.
func (c Contact) Validate() []InputError {
	var es []InputError
	bad := func(field, format string, args ...any) {
		es = append(es, InputError{Record: "contacts", Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if c.Queue == "" {
		bad("queue", "required")
	}
	if c.ArrivedAt.IsZero() {
		bad("arrived_at", "required")
	}
	if !c.ArrivedAt.IsZero() && c.Answered() && c.AnsweredAt.Before(c.ArrivedAt) {
		bad("answered_at", "before arrived_at (%s)", c.ArrivedAt.Format(time.RFC3339))
	}
	if !c.EndedAt.IsZero() {
		switch {
		case c.Answered() && c.EndedAt.Before(c.AnsweredAt):
			bad("ended_at", "before answered_at (%s)", c.AnsweredAt.Format(time.RFC3339))
		case !c.ArrivedAt.IsZero() && c.EndedAt.Before(c.ArrivedAt):
			bad("ended_at", "before arrived_at (%s)", c.ArrivedAt.Format(time.RFC3339))
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"talk_seconds", c.TalkSeconds}, {"hold_seconds", c.HoldSeconds}, {"acw_seconds", c.ACWSeconds}} {
		if f.v < 0 || math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			bad(f.name, "must be a number >= 0, got %v", f.v)
		}
	}
	if c.CSAT != 0 && (c.CSAT < 1 || c.CSAT > 5) {
		bad("csat", "must be 1-5, got %d", c.CSAT)
	}
	if c.Emotion != "" && !c.Emotion.Known() {
		bad("emotion", "unknown emotion %q (want one of %v)", string(c.Emotion), emotionNames())
	}
	return es
}

// State is what an agent's telephony or desktop status says she is doing.
type State string

// The agent states of CONTRACTS.md section 5.
const (
	StateAvailable State = "available"
	StateContact   State = "contact"
	StateACW       State = "acw"
	StateBreak     State = "break"
	StateLunch     State = "lunch"
	StateMeeting   State = "meeting"
	StateTraining  State = "training"
	StateOffline   State = "offline"
	StateOther     State = "other"
)

var states = []State{StateAvailable, StateContact, StateACW, StateBreak, StateLunch,
	StateMeeting, StateTraining, StateOffline, StateOther}

// Known reports whether s is one of the contract's states.
func (s State) Known() bool {
	for _, k := range states {
		if s == k {
			return true
		}
	}
	return false
}

// Ready reports whether the state counts as working the queue: available,
// on a contact, or in after-contact work.
func (s State) Ready() bool { return s == StateAvailable || s == StateContact || s == StateACW }

// AgentState is one interval [Start, End) in one state.
// End may be zero only for the real-time view, where it means "still on".
type AgentState struct {
	Agent string
	State State
	Start time.Time
	End   time.Time
}

// ActivityKind is what the schedule says an agent should be doing.
type ActivityKind string

// The scheduled activities adherence is measured against.
const (
	ActivityWork  ActivityKind = "work"
	ActivityBreak ActivityKind = "break" // a paid break
	ActivityLunch ActivityKind = "lunch" // an unpaid break
	// Activities placed inside a shift, off the queues.
	ActivityMeeting  ActivityKind = "meeting"
	ActivityTraining ActivityKind = "training"
	ActivityCoaching ActivityKind = "coaching" // in the ACD as a meeting or as training
)

// Matches reports whether being in state s is adhering to activity k:
// work <-> available/contact/acw; break <-> break; lunch <-> lunch;
// meeting <-> meeting; training <-> training; coaching <-> either.
func (k ActivityKind) Matches(s State) bool {
	switch k {
	case ActivityWork:
		return s.Ready()
	case ActivityBreak:
		return s == StateBreak
	case ActivityLunch:
		return s == StateLunch
	case ActivityMeeting:
		return s == StateMeeting
	case ActivityTraining:
		return s == StateTraining
	case ActivityCoaching:
		return s == StateMeeting || s == StateTraining
	}
	return false
}

// Activity is one scheduled stretch [Start, End) of one agent.
type Activity struct {
	Agent string
	Kind  ActivityKind
	Start time.Time
	End   time.Time
}

// validateStates checks every state and that one agent's states do not
// overlap (an agent is in one state at a time). allowOpen admits a zero
// End on an agent's last state.
func validateStates(ss []AgentState, allowOpen bool) InputErrors {
	var es InputErrors
	bad := func(i int, field, format string, args ...any) {
		es = append(es, InputError{Record: "states", Index: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	for i, s := range ss {
		if s.Agent == "" {
			bad(i, "agent", "required")
		}
		if !s.State.Known() {
			bad(i, "state", "unknown state %q", string(s.State))
		}
		if s.Start.IsZero() {
			bad(i, "start", "required")
		}
		if s.End.IsZero() && !allowOpen {
			bad(i, "end", "required")
		}
		if !s.End.IsZero() && !s.End.After(s.Start) {
			bad(i, "end", "must be after start (%s)", s.Start.Format(time.RFC3339))
		}
	}
	if len(es) > 0 {
		return es
	}
	order := indexOrder(len(ss), func(i int) (string, time.Time) { return ss[i].Agent, ss[i].Start })
	for k := 1; k < len(order); k++ {
		prev, cur := ss[order[k-1]], ss[order[k]]
		if prev.Agent != cur.Agent {
			continue
		}
		if prev.End.IsZero() || cur.Start.Before(prev.End) {
			bad(order[k], "start", "overlaps another state of agent %s (%s to %s)",
				cur.Agent, prev.Start.Format(time.RFC3339), formatEnd(prev.End))
		}
	}
	return es
}

// validateActivities checks the schedule: known kinds, End after Start, no
// overlap within one agent.
func validateActivities(as []Activity) InputErrors {
	var es InputErrors
	bad := func(i int, field, format string, args ...any) {
		es = append(es, InputError{Record: "activities", Index: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	for i, a := range as {
		if a.Agent == "" {
			bad(i, "agent", "required")
		}
		switch a.Kind {
		case ActivityWork, ActivityBreak, ActivityLunch, ActivityMeeting, ActivityTraining, ActivityCoaching:
		default:
			bad(i, "kind", "unknown activity %q (want work, break, lunch, meeting, training or coaching)", string(a.Kind))
		}
		if !a.End.After(a.Start) {
			bad(i, "end", "must be after start")
		}
	}
	if len(es) > 0 {
		return es
	}
	order := indexOrder(len(as), func(i int) (string, time.Time) { return as[i].Agent, as[i].Start })
	for k := 1; k < len(order); k++ {
		prev, cur := as[order[k-1]], as[order[k]]
		if prev.Agent == cur.Agent && cur.Start.Before(prev.End) {
			bad(order[k], "start", "overlaps another activity of agent %s", cur.Agent)
		}
	}
	return es
}

// indexOrder sorts record indexes by agent, then start time.
func indexOrder(n int, key func(int) (string, time.Time)) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ka, ta := key(order[a])
		kb, tb := key(order[b])
		if ka != kb {
			return ka < kb
		}
		return ta.Before(tb)
	})
	return order
}

func formatEnd(t time.Time) string {
	if t.IsZero() {
		return "now"
	}
	return t.Format(time.RFC3339)
}
