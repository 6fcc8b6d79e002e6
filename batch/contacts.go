package batch

import (
	"fmt"
	"io"
	"sort"
	"time"

	"wfm/limits"
)

// Contact is one contact record (CONTRACTS.md section 5). Absent times are
// zero; Resolved is nil when the file does not say; CSAT 0 means no score.
type Contact struct {
	Line        int
	ID          string
	Queue       string
	Channel     string
	ArrivedAt   time.Time
	AnsweredAt  time.Time
	EndedAt     time.Time
	Agent       string
	TalkSeconds float64
	HoldSeconds float64
	ACWSeconds  float64
	Transferred bool
	Resolved    *bool
	CSAT        int
	Emotion     string
	Complaint   bool
	Extensions  map[string]string
}

// Channels and emotions a contact may name.
var (
	Channels = []string{"voice", "chat", "email", "sms", "social", "video", "callback"}
	Emotions = []string{"anger", "anxiety", "disappointment", "calm", "confusion"}
)

var contactColumns = []Column{
	{Name: "contact_id", Required: true},
	{Name: "queue", Required: true},
	{Name: "channel"},
	{Name: "arrived_at", Required: true},
	{Name: "answered_at"},
	{Name: "ended_at"},
	{Name: "agent"},
	{Name: "talk_seconds"},
	{Name: "hold_seconds"},
	{Name: "acw_seconds"},
	{Name: "transferred"},
	{Name: "resolved"},
	{Name: "csat"},
	{Name: "emotion"},
	{Name: "complaint"},
}

// ReadContacts reads contact records and rejects what cannot be true: a
// contact answered before it arrived or ended before it was answered,
// negative durations, CSAT outside 1-5, an id given twice.
func ReadContacts(r io.Reader, file string, loc *time.Location) ([]Contact, error) {
	rd, err := NewReader(r, file, contactColumns)
	if err != nil {
		return nil, err
	}
	var out []Contact
	seen := map[string]int{}
	for rd.Next() {
		c := Contact{
			Line:        rd.Line(),
			ID:          rd.String("contact_id"),
			Queue:       rd.String("queue"),
			Channel:     rd.String("channel"),
			ArrivedAt:   rd.Time("arrived_at", loc),
			AnsweredAt:  rd.Time("answered_at", loc),
			EndedAt:     rd.Time("ended_at", loc),
			Agent:       rd.String("agent"),
			TalkSeconds: nonNegative(rd, "talk_seconds"),
			HoldSeconds: nonNegative(rd, "hold_seconds"),
			ACWSeconds:  nonNegative(rd, "acw_seconds"),
			CSAT:        rd.Int("csat", 0),
			Emotion:     rd.String("emotion"),
			Extensions:  rd.Extensions(),
		}
		c.Transferred, _ = rd.Bool("transferred")
		c.Complaint, _ = rd.Bool("complaint")
		if v, ok := rd.Bool("resolved"); ok {
			c.Resolved = &v
		}
		if err := limits.Code.Check(c.ID); err != nil {
			rd.Problemf("contact_id", "%v", err)
		}
		if c.Channel == "" {
			c.Channel = "voice"
		} else if !oneOf(c.Channel, Channels) {
			rd.Problemf("channel", "%q is not one of %v", c.Channel, Channels)
		}
		if c.Emotion != "" && !oneOf(c.Emotion, Emotions) {
			rd.Problemf("emotion", "%q is not one of %v", c.Emotion, Emotions)
		}
		if rd.String("csat") != "" && (c.CSAT < 1 || c.CSAT > 5) {
			rd.Problemf("csat", "%d is outside 1-5", c.CSAT)
		}
		checkContactTimes(rd, c)
		if first, dup := seen[c.ID]; dup && c.ID != "" {
			rd.Problemf("contact_id", "%q already given on line %d", c.ID, first)
		}
		seen[c.ID] = c.Line
		out = append(out, c)
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func checkContactTimes(rd *Reader, c Contact) {
	if c.ArrivedAt.IsZero() {
		return
	}
	if !c.AnsweredAt.IsZero() && c.AnsweredAt.Before(c.ArrivedAt) {
		rd.Problemf("answered_at", "answered before it arrived (%s)", c.ArrivedAt.Format(time.RFC3339))
	}
	if !c.EndedAt.IsZero() {
		if c.EndedAt.Before(c.ArrivedAt) {
			rd.Problemf("ended_at", "ended before it arrived (%s)", c.ArrivedAt.Format(time.RFC3339))
		} else if !c.AnsweredAt.IsZero() && c.EndedAt.Before(c.AnsweredAt) {
			rd.Problemf("ended_at", "ended before it was answered (%s)", c.AnsweredAt.Format(time.RFC3339))
		}
	}
	if c.AnsweredAt.IsZero() && c.Agent != "" && c.TalkSeconds > 0 {
		rd.Problemf("answered_at", "empty, but agent %s talked %v seconds", c.Agent, c.TalkSeconds)
	}
}

func nonNegative(rd *Reader, col string) float64 {
	v := rd.Float(col, 0)
	if v < 0 {
		rd.Problemf(col, "%v is negative", v)
	}
	return v
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// AgentState is a span of time an agent spent in one state.
type AgentState struct {
	Line  int
	Agent string
	State string
	Start time.Time
	End   time.Time
}

// States an agent can be in.
var States = []string{"available", "contact", "acw", "break", "lunch", "meeting", "training", "offline", "other"}

var stateColumns = []Column{
	{Name: "agent", Required: true},
	{Name: "state", Required: true},
	{Name: "start", Required: true},
	{Name: "end", Required: true},
}

// ReadStates reads agent state records. A state must end after it starts,
// last at most limits.MaxState (a longer one is refused, not clipped: its
// end is missing or wrong, and a guess would be stored as fact), and not
// overlap another state of the same agent in the file (refused too: which
// of the two is true is the ACD's to say).
func ReadStates(r io.Reader, file string, loc *time.Location) ([]AgentState, error) {
	rd, err := NewReader(r, file, stateColumns)
	if err != nil {
		return nil, err
	}
	var out []AgentState
	for rd.Next() {
		s := AgentState{
			Line:  rd.Line(),
			Agent: rd.String("agent"),
			State: rd.String("state"),
			Start: rd.Time("start", loc),
			End:   rd.Time("end", loc),
		}
		if s.State != "" && !oneOf(s.State, States) {
			rd.Problemf("state", "%q is not one of %v", s.State, States)
		}
		if !s.Start.IsZero() && !s.End.IsZero() && !s.End.After(s.Start) {
			rd.Problemf("end", "not after start (%s)", s.Start.Format(time.RFC3339))
		}
		out = append(out, s)
	}
	ps := append(rd.problems, CheckStates(file, out)...)
	if len(ps) > 0 {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return nil, ps
	}
	return out, nil
}

// CheckStates is a problem for each state longer than limits.MaxState
// and each that overlaps another of its agent: ReadStates finds them in a
// file, and the store in states that come from elsewhere (the demo).
func CheckStates(file string, states []AgentState) Problems {
	var ps Problems
	for _, s := range states {
		if s.End.After(s.Start) && !stateLengthOK(s) {
			ps = append(ps, Problem{File: file, Line: s.Line, Column: "end", Message: fmt.Sprintf(
				"the state lasts %s, longer than %s: refused (split it, or fix its end)", stateLength(s), FormatDuration(limits.MaxState))})
		}
	}
	return append(ps, overlappingStates(file, states)...)
}

func stateLengthOK(s AgentState) bool { return !s.End.After(s.Start.Add(limits.MaxState)) }

// stateLength says how long a state lasts, in days once it is more than two
// (a time.Duration cannot hold the span to year 9999).
func stateLength(s AgentState) string {
	if s.End.After(s.Start.Add(48 * time.Hour)) {
		return fmt.Sprintf("%d days", (s.End.Unix()-s.Start.Unix())/86400)
	}
	return FormatDuration(s.End.Sub(s.Start))
}

// overlappingStates is a problem for each state that begins before the
// previous state of its agent (in time) ends.
func overlappingStates(file string, states []AgentState) Problems {
	byAgent := map[string][]AgentState{}
	for _, s := range states {
		if s.Agent != "" && !s.Start.IsZero() && s.End.After(s.Start) && stateLengthOK(s) {
			byAgent[s.Agent] = append(byAgent[s.Agent], s)
		}
	}
	var ps Problems
	for _, ss := range byAgent {
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].Start.Before(ss[j].Start) })
		last := 0 // the state that ends latest so far
		for i := 1; i < len(ss); i++ {
			if prev := ss[last]; ss[i].Start.Before(prev.End) {
				first, later := prev, ss[i]
				if later.Line < first.Line {
					first, later = later, first
				}
				ps = append(ps, Problem{File: file, Line: later.Line, Column: "start", Message: fmt.Sprintf(
					"agent %s: overlaps the state on line %d (%s to %s): refused, an agent is in one state at a time",
					later.Agent, first.Line, first.Start.Format(time.RFC3339), first.End.Format(time.RFC3339))})
			}
			if ss[i].End.After(ss[last].End) {
				last = i
			}
		}
	}
	return ps
}
