package kpi

import (
	"fmt"
	"sort"
	"time"
)

// AgentCounts are the additive counts behind the agent measures.
type AgentCounts struct {
	Handled       int     // answered contacts the agent handled
	HandleSeconds float64 // their talk + hold + acw
	Difficult     int     // of those, with an angry or complaining customer

	Available time.Duration // time in each ready state
	OnContact time.Duration
	ACW       time.Duration

	Scheduled      time.Duration // scheduled time (work, break and lunch)
	ScheduledWork  time.Duration
	OutOfAdherence time.Duration // scheduled time not in the matching state, exceptions removed

	ResolvedKnown int // handled contacts with a resolved value
	Resolved      int
	CSATScored    int // contacts with a survey score
	CSATGood      int // scores 4 and 5
}

// Add adds o's counts to c.
func (c *AgentCounts) Add(o AgentCounts) {
	c.Handled += o.Handled
	c.HandleSeconds += o.HandleSeconds
	c.Difficult += o.Difficult
	c.Available += o.Available
	c.OnContact += o.OnContact
	c.ACW += o.ACW
	c.Scheduled += o.Scheduled
	c.ScheduledWork += o.ScheduledWork
	c.OutOfAdherence += o.OutOfAdherence
	c.ResolvedKnown += o.ResolvedKnown
	c.Resolved += o.Resolved
	c.CSATScored += o.CSATScored
	c.CSATGood += o.CSATGood
}

// AHTSeconds is the mean handle time of handled contacts.
func (c AgentCounts) AHTSeconds() Ratio { return NewRatio(c.HandleSeconds, float64(c.Handled)) }

// Occupancy = (contact + acw) / (available + contact + acw).
func (c AgentCounts) Occupancy() Ratio {
	busy := c.OnContact + c.ACW
	return NewRatio(busy.Seconds(), (busy + c.Available).Seconds())
}

// Adherence = 1 - out-of-adherence / scheduled.
func (c AgentCounts) Adherence() Ratio {
	if c.Scheduled == 0 {
		return Ratio{}
	}
	return NewRatio((c.Scheduled - c.OutOfAdherence).Seconds(), c.Scheduled.Seconds())
}

// Conformance = (available + contact + acw) / scheduled work.
func (c AgentCounts) Conformance() Ratio {
	return NewRatio((c.Available + c.OnContact + c.ACW).Seconds(), c.ScheduledWork.Seconds())
}

// FCR = resolved / handled contacts with a resolved value.
func (c AgentCounts) FCR() Ratio { return NewRatio(float64(c.Resolved), float64(c.ResolvedKnown)) }

// CSAT is the share of scores 4-5 among scored contacts.
func (c AgentCounts) CSAT() Ratio { return NewRatio(float64(c.CSATGood), float64(c.CSATScored)) }

// DifficultShare is the share of handled contacts with an angry or
// complaining customer.
func (c AgentCounts) DifficultShare() Ratio {
	return NewRatio(float64(c.Difficult), float64(c.Handled))
}

// AgentDay is one agent's counts for one local day.
type AgentDay struct {
	Agent string
	Date  Date
	AgentCounts
}

// DaySettings say how agent days are cut and adherence judged.
type DaySettings struct {
	Location *time.Location // local days; nil = UTC
	// ExceptionThreshold: out-of-adherence runs shorter than this are
	// forgiven (a late return of a few seconds is not an exception).
	// The contract's numbers use 0.
	ExceptionThreshold time.Duration
}

// Validate checks the settings.
func (s DaySettings) Validate() error {
	if s.ExceptionThreshold < 0 {
		return fmt.Errorf("exception_threshold: must be >= 0, got %s", s.ExceptionThreshold)
	}
	return nil
}

// AgentDays computes the per agent and local day counts. Contacts count on
// the day they arrived (as in QueueIntervals); state and scheduled time
// are cut at local midnight. A day appears when the agent handled a
// contact, had a state or was scheduled that day. Sorted by agent, date.
func AgentDays(contacts []Contact, states []AgentState, activities []Activity, s DaySettings) ([]AgentDay, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var es InputErrors
	if err := validateContacts(contacts); err != nil {
		es = append(es, err.(InputErrors)...)
	}
	es = append(es, validateStates(states, false)...)
	es = append(es, validateActivities(activities)...)
	if len(es) > 0 {
		return nil, es
	}
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	t := agentDayTally{loc: loc, days: map[agentDate]*AgentCounts{}}
	t.addContacts(contacts)
	t.addStates(states)
	t.addSchedules(states, activities, s.ExceptionThreshold)
	return t.sorted(), nil
}

// agentDate keys the tally: one agent on one local day.
type agentDate struct {
	agent string
	date  Date
}

// agentDayTally sums contacts, states and scheduled time into the agent's
// local days; a day exists once anything is counted on it.
type agentDayTally struct {
	loc  *time.Location
	days map[agentDate]*AgentCounts
}

// at is the counts of agent on d, created empty the first time.
func (t *agentDayTally) at(agent string, d Date) *AgentCounts {
	k := agentDate{agent, d}
	c := t.days[k]
	if c == nil {
		c = &AgentCounts{}
		t.days[k] = c
	}
	return c
}

// addContacts counts each contact on the day it arrived, for the agent
// who took it; a contact no agent took counts for nobody.
func (t *agentDayTally) addContacts(contacts []Contact) {
	for _, ct := range contacts {
		if ct.Agent == "" {
			continue
		}
		d := DateOf(ct.ArrivedAt, t.loc)
		if ct.Answered() {
			c := t.at(ct.Agent, d)
			c.Handled++
			c.HandleSeconds += ct.HandleSeconds()
			if ct.Emotion == EmotionAnger || ct.Complaint {
				c.Difficult++
			}
			if ct.ResolvedKnown {
				c.ResolvedKnown++
				if ct.Resolved {
					c.Resolved++
				}
			}
		}
		if ct.CSAT != 0 {
			c := t.at(ct.Agent, d)
			c.CSATScored++
			if ct.CSAT >= 4 {
				c.CSATGood++
			}
		}
	}
}

// addStates adds the time in each productive state, cut at local midnight.
func (t *agentDayTally) addStates(states []AgentState) {
	for _, st := range states {
		splitByDay(st.Start, st.End, t.loc, func(d Date, part time.Duration) {
			c := t.at(st.Agent, d)
			switch st.State {
			case StateAvailable:
				c.Available += part
			case StateContact:
				c.OnContact += part
			case StateACW:
				c.ACW += part
			}
		})
	}
}

// addSchedules adds the scheduled time (and its work part) and the time out
// of adherence beyond threshold, both from the agent's timeline of what was
// scheduled against what was done, cut at local midnight.
func (t *agentDayTally) addSchedules(states []AgentState, activities []Activity, threshold time.Duration) {
	for agent, tl := range timelines(states, activities) {
		for _, seg := range tl {
			if seg.kind == "" {
				continue
			}
			splitByDay(seg.start, seg.end, t.loc, func(d Date, part time.Duration) {
				c := t.at(agent, d)
				c.Scheduled += part
				if seg.kind == ActivityWork {
					c.ScheduledWork += part
				}
			})
		}
		for _, r := range outOfAdherence(tl, threshold) {
			splitByDay(r.start, r.end, t.loc, func(d Date, part time.Duration) {
				t.at(agent, d).OutOfAdherence += part
			})
		}
	}
}

// sorted is the tally as agent days, by agent then date.
func (t *agentDayTally) sorted() []AgentDay {
	out := make([]AgentDay, 0, len(t.days))
	for k, c := range t.days {
		out = append(out, AgentDay{Agent: k.agent, Date: k.date, AgentCounts: *c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Agent != out[j].Agent {
			return out[i].Agent < out[j].Agent
		}
		return out[i].Date.Before(out[j].Date)
	})
	return out
}
