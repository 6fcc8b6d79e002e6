package kpi

import (
	"fmt"
	"sort"
	"time"
)

// segment is a stretch of one agent's time in which both the scheduled
// activity and the state are constant. kind "" = nothing scheduled;
// state "" = no state recorded (counts as not adhering to anything).
type segment struct {
	start, end time.Time
	kind       ActivityKind
	state      State
}

// span is a stretch [start, end).
type span struct{ start, end time.Time }

// timelines cuts each agent's time at every state and activity boundary.
// States must be closed and non-overlapping, activities non-overlapping
// (validateStates, validateActivities).
func timelines(states []AgentState, activities []Activity) map[string][]segment {
	statesOf := map[string][]AgentState{}
	for _, s := range states {
		statesOf[s.Agent] = append(statesOf[s.Agent], s)
	}
	actsOf := map[string][]Activity{}
	for _, a := range activities {
		actsOf[a.Agent] = append(actsOf[a.Agent], a)
	}
	out := map[string][]segment{}
	for agent, acts := range actsOf {
		out[agent] = timeline(acts, statesOf[agent])
	}
	for agent, ss := range statesOf {
		if _, done := out[agent]; !done {
			out[agent] = timeline(nil, ss)
		}
	}
	return out
}

// timeline is one agent's segments in time order.
func timeline(acts []Activity, ss []AgentState) []segment {
	acts = append([]Activity(nil), acts...)
	ss = append([]AgentState(nil), ss...)
	sort.Slice(acts, func(i, j int) bool { return acts[i].Start.Before(acts[j].Start) })
	sort.Slice(ss, func(i, j int) bool { return ss[i].Start.Before(ss[j].Start) })
	var cuts []time.Time
	for _, a := range acts {
		cuts = append(cuts, a.Start, a.End)
	}
	for _, s := range ss {
		cuts = append(cuts, s.Start, s.End)
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].Before(cuts[j]) })

	var out []segment
	ai, si := 0, 0
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		if !from.Before(to) {
			continue
		}
		for ai < len(acts) && !acts[ai].End.After(from) {
			ai++
		}
		for si < len(ss) && !ss[si].End.After(from) {
			si++
		}
		seg := segment{start: from, end: to}
		if ai < len(acts) && !acts[ai].Start.After(from) {
			seg.kind = acts[ai].Kind
		}
		if si < len(ss) && !ss[si].Start.After(from) {
			seg.state = ss[si].State
		}
		if seg.kind == "" && seg.state == "" {
			continue
		}
		out = append(out, seg)
	}
	return out
}

// outOfAdherence merges the scheduled segments whose state does not match
// into runs, and drops the runs shorter than threshold (exceptions too
// short to count).
func outOfAdherence(tl []segment, threshold time.Duration) []span {
	var runs []span
	for _, seg := range tl {
		if seg.kind == "" || seg.kind.Matches(seg.state) {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1].end.Equal(seg.start) {
			runs[n-1].end = seg.end
			continue
		}
		runs = append(runs, span{seg.start, seg.end})
	}
	kept := runs[:0]
	for _, r := range runs {
		if r.end.Sub(r.start) >= threshold {
			kept = append(kept, r)
		}
	}
	return kept
}

// AdherenceStatus is where an agent stands in the intraday view: on the
// day being lived, at the moment looked at; on a day gone by or to come,
// over the day.
type AdherenceStatus string

// The statuses. Only StatusOutOfAdherence and StatusNotLoggedIn are out of
// adherence: outside her shift nothing is scheduled, so an agent is
// neither in nor out of adherence there (CONTRACTS.md, adherence).
const (
	// Scheduled now, in the state the activity asks for.
	StatusInAdherence AdherenceStatus = "in_adherence"
	// Scheduled now, logged in but doing something else (Scheduled vs State).
	StatusOutOfAdherence AdherenceStatus = "out_of_adherence"
	// Scheduled now but offline or with no state received; on a day gone
	// by: scheduled, and never logged in during her scheduled time.
	StatusNotLoggedIn AdherenceStatus = "not_logged_in"
	// Nothing scheduled (now, or all day), yet logged in.
	StatusUnscheduled AdherenceStatus = "unscheduled_logged_in"
	// A shift this day, but not now; offline or no state.
	StatusOffShift AdherenceStatus = "off_shift"
	// A day gone by or to come with a shift (the day's counts say how it went).
	StatusScheduled AdherenceStatus = "scheduled"
	// Approved leave this day, and not logged in.
	StatusOnLeave AdherenceStatus = "on_leave"
	// No shift this day, no leave, not logged in.
	StatusDayOff AdherenceStatus = "day_off"
	// No roster is published for the day, and not logged in: without a
	// roster, no shift is not a day off but not known yet.
	StatusNoRoster AdherenceStatus = "no_roster"
)

// Out reports whether the status is out of adherence.
func (s AdherenceStatus) Out() bool { return s == StatusOutOfAdherence || s == StatusNotLoggedIn }

// loggedIn reports whether the state says the agent is logged in: any
// recorded state but offline.
func loggedIn(s State) bool { return s != "" && s != StateOffline }

// IntradayWindow is one local day [Start, End) looked at, at Now (the
// caller's clock: the view covers only what has happened by then).
type IntradayWindow struct {
	Start, End time.Time
	Now        time.Time
	// Rostered: a published roster covers the day (without one, an agent
	// with no shift has no known day off).
	Rostered bool
	// Threshold forgives out-of-adherence runs shorter than it; a run
	// still going on at Now counts once it reaches it.
	Threshold time.Duration
}

// Validate checks the window.
func (w IntradayWindow) Validate() error {
	if !w.End.After(w.Start) {
		return fmt.Errorf("day: end %s must be after start %s", w.End.Format(time.RFC3339), w.Start.Format(time.RFC3339))
	}
	if w.Now.IsZero() {
		return fmt.Errorf("now: required")
	}
	if w.Threshold < 0 {
		return fmt.Errorf("threshold: must be >= 0, got %s", w.Threshold)
	}
	return nil
}

// Elapsed is the part of the day that has happened by Now (empty for a
// day to come).
func (w IntradayWindow) Elapsed() (from, to time.Time) {
	to = w.End
	if w.Now.Before(to) {
		to = w.Now
	}
	if to.Before(w.Start) {
		to = w.Start
	}
	return w.Start, to
}

// Live reports whether Now falls in the day: the day being lived.
func (w IntradayWindow) Live() bool { return !w.Now.Before(w.Start) && w.Now.Before(w.End) }

// Span is a stretch [Start, End) of time.
type Span struct{ Start, End time.Time }

// AgentIntraday is one agent's day in the intraday view.
type AgentIntraday struct {
	Agent  string
	Status AdherenceStatus
	// On the day being lived: the state at Now ("" when none is
	// received) and since when, and the activity scheduled at Now (""
	// for nothing) and until when.
	State          State
	Since          time.Time
	Scheduled      ActivityKind
	ScheduledUntil time.Time
	// Counts over the elapsed part of the day, as AgentDays counts them:
	// Scheduled, ScheduledWork, OutOfAdherence, Available, OnContact, ACW
	// (so Adherence() and Conformance() are the day's so far).
	Counts AgentCounts
	// OutOfAdherence is the runs Counts.OutOfAdherence adds up, for a
	// timeline.
	OutOfAdherence []Span
}

// Intraday is each listed agent's standing on one day at w.Now: every
// agent in agents appears, in that order, whatever she has. states and
// activities may run past the day (they are clipped to it); a state with
// a zero End is still on (it lasts until Now). onLeave names the agents
// on approved leave that day.
//
// Minutes out of adherence and adherence follow CONTRACTS.md exactly, over
// the part of the day that has happened only: a scheduled second is out
// of adherence when the state does not match the activity (no state
// received does not match anything); outside shifts nothing is scheduled.
func Intraday(agents []string, states []AgentState, activities []Activity, onLeave map[string]bool, w IntradayWindow) ([]AgentIntraday, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	es := validateStates(states, true)
	es = append(es, validateActivities(activities)...)
	if len(es) > 0 {
		return nil, es
	}
	v := intradayView{w: w, live: w.Live(), byAgent: make(map[string]*AgentIntraday, len(agents))}
	v.from, v.to = w.Elapsed()
	out := make([]AgentIntraday, len(agents))
	for i, a := range agents {
		out[i] = AgentIntraday{Agent: a}
		v.byAgent[a] = &out[i]
	}

	doneStates := v.clipStates(states)
	doneActs, hasShift := v.clipActivities(activities)
	loggedInWhenScheduled, err := v.count(doneStates, doneActs)
	if err != nil {
		return nil, err
	}
	loggedInToday := map[string]bool{}
	for _, s := range doneStates {
		if loggedIn(s.State) {
			loggedInToday[s.Agent] = true
		}
	}

	for i := range out {
		a := &out[i]
		a.Status = status(a, v.live, w.Now.Before(w.Start), hasShift[a.Agent], onLeave[a.Agent], loggedInToday[a.Agent], loggedInWhenScheduled[a.Agent])
		if a.Status == StatusDayOff && !w.Rostered {
			a.Status = StatusNoRoster
		}
	}
	return out, nil
}

// intradayView is one Intraday computation: the window, its elapsed part
// [from, to), whether it is the day being lived, and the listed agents'
// answers, filled step by step.
type intradayView struct {
	w        IntradayWindow
	from, to time.Time
	live     bool
	byAgent  map[string]*AgentIntraday
}

// clipStates is what has happened of the listed agents' states: clipped to
// [from, to), a state still on lasting until then. On the day being lived
// it also records each agent's state at Now.
func (v *intradayView) clipStates(states []AgentState) []AgentState {
	var done []AgentState
	for _, s := range states {
		a := v.byAgent[s.Agent]
		if a == nil {
			continue
		}
		if v.live && !s.Start.After(v.w.Now) && (s.End.IsZero() || s.End.After(v.w.Now)) {
			a.State, a.Since = s.State, s.Start
		}
		if s.End.IsZero() || s.End.After(v.to) {
			s.End = v.to
		}
		if s.Start.Before(v.from) {
			s.Start = v.from
		}
		if s.Start.Before(s.End) {
			done = append(done, s)
		}
	}
	return done
}

// clipActivities is what has happened of the listed agents' schedule,
// clipped to [from, to), and which agents have a shift on the day at all
// (elapsed or not). On the day being lived it also records the activity
// scheduled at Now.
func (v *intradayView) clipActivities(activities []Activity) ([]Activity, map[string]bool) {
	var done []Activity
	hasShift := map[string]bool{}
	for _, act := range activities {
		a := v.byAgent[act.Agent]
		if a == nil || !act.End.After(v.w.Start) || !act.Start.Before(v.w.End) {
			continue
		}
		hasShift[act.Agent] = true
		if v.live && !act.Start.After(v.w.Now) && act.End.After(v.w.Now) {
			a.Scheduled, a.ScheduledUntil = act.Kind, act.End
		}
		if act.End.After(v.to) {
			act.End = v.to
		}
		if act.Start.Before(v.from) {
			act.Start = v.from
		}
		if act.Start.Before(act.End) {
			done = append(done, act)
		}
	}
	return done, hasShift
}

// count fills the agents' counts and runs out of adherence over the
// elapsed part, by the same computation as the day's KPIs (AgentDays), so
// the intraday view and the day's report agree. It answers which agents
// were logged in at some time they were scheduled.
func (v *intradayView) count(doneStates []AgentState, doneActs []Activity) (map[string]bool, error) {
	days, err := AgentDays(nil, doneStates, doneActs, DaySettings{Location: v.w.Start.Location(), ExceptionThreshold: v.w.Threshold})
	if err != nil {
		return nil, err
	}
	for _, d := range days {
		v.byAgent[d.Agent].Counts.Add(d.AgentCounts)
	}
	loggedInWhenScheduled := map[string]bool{}
	for agent, tl := range timelines(doneStates, doneActs) {
		a := v.byAgent[agent]
		a.OutOfAdherence = nil
		for _, r := range outOfAdherence(tl, v.w.Threshold) {
			a.OutOfAdherence = append(a.OutOfAdherence, Span{r.start, r.end})
		}
		for _, seg := range tl {
			if seg.kind != "" && loggedIn(seg.state) {
				loggedInWhenScheduled[agent] = true
			}
		}
	}
	return loggedInWhenScheduled, nil
}

// status is an agent's standing: at Now on the day being lived, else over
// the day (gone by, or to come when future).
func status(a *AgentIntraday, live, future, hasShift, onLeave, loggedInToday, loggedInWhenScheduled bool) AdherenceStatus {
	if live {
		switch {
		case a.Scheduled != "" && !loggedIn(a.State):
			return StatusNotLoggedIn
		case a.Scheduled != "" && a.Scheduled.Matches(a.State):
			return StatusInAdherence
		case a.Scheduled != "":
			return StatusOutOfAdherence
		case loggedIn(a.State):
			return StatusUnscheduled
		case onLeave:
			return StatusOnLeave
		case hasShift:
			return StatusOffShift
		}
		return StatusDayOff
	}
	switch {
	case hasShift && !future && !loggedInWhenScheduled:
		return StatusNotLoggedIn
	case hasShift:
		return StatusScheduled
	case loggedInToday:
		return StatusUnscheduled
	case onLeave:
		return StatusOnLeave
	}
	return StatusDayOff
}
