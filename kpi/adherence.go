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

// RealTimeStatus is one agent's adherence right now.
type RealTimeStatus struct {
	Agent       string
	State       State        // "" when no state is recorded now
	Scheduled   ActivityKind // "" when nothing is scheduled now
	InAdherence bool         // true also when nothing is scheduled
	// Since is when the current state began (zero when there is none).
	Since time.Time
	// OutToday is out-of-adherence time from local midnight until now,
	// with runs shorter than the threshold forgiven; a run still going on
	// counts once it reaches the threshold.
	OutToday time.Duration
}

// RealTimeAdherence compares each agent's state at now with her schedule.
// A state with a zero End is still on. Agents appear when they have a
// state or an activity today; sorted by agent.
func RealTimeAdherence(states []AgentState, activities []Activity, now time.Time, loc *time.Location, threshold time.Duration) ([]RealTimeStatus, error) {
	if threshold < 0 {
		return nil, fmt.Errorf("threshold: must be >= 0, got %s", threshold)
	}
	es := validateStates(states, true)
	es = append(es, validateActivities(activities)...)
	if len(es) > 0 {
		return nil, es
	}
	midnight := DateOf(now, loc).Start(loc)
	clip := func(from, to time.Time) (time.Time, time.Time, bool) {
		if to.IsZero() || to.After(now) {
			to = now
		}
		if from.Before(midnight) {
			from = midnight
		}
		return from, to, from.Before(to)
	}

	byAgent := map[string]*RealTimeStatus{}
	status := func(agent string) *RealTimeStatus {
		st := byAgent[agent]
		if st == nil {
			st = &RealTimeStatus{Agent: agent}
			byAgent[agent] = st
		}
		return st
	}
	var todayStates []AgentState
	for _, s := range states {
		if !s.Start.After(now) && (s.End.IsZero() || s.End.After(now)) {
			st := status(s.Agent)
			st.State, st.Since = s.State, s.Start
		}
		if from, to, ok := clip(s.Start, s.End); ok {
			s.Start, s.End = from, to
			todayStates = append(todayStates, s)
			status(s.Agent)
		}
	}
	var todayActs []Activity
	for _, a := range activities {
		if !a.Start.After(now) && a.End.After(now) {
			status(a.Agent).Scheduled = a.Kind
		}
		if from, to, ok := clip(a.Start, a.End); ok {
			a.Start, a.End = from, to
			todayActs = append(todayActs, a)
			status(a.Agent)
		}
	}
	for agent, tl := range timelines(todayStates, todayActs) {
		st := status(agent)
		for _, r := range outOfAdherence(tl, threshold) {
			st.OutToday += r.end.Sub(r.start)
		}
	}
	out := make([]RealTimeStatus, 0, len(byAgent))
	for _, st := range byAgent {
		st.InAdherence = st.Scheduled == "" || st.Scheduled.Matches(st.State)
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agent < out[j].Agent })
	return out, nil
}
