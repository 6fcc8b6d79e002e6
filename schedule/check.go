package schedule

import (
	"fmt"
	"sort"
	"time"
)

// Violation is one broken hard rule. Rule is the contract's field name
// (max_weekends, min_rest_minutes, ...) or one of: one_shift_per_day,
// overlap, start, breaks, skill, agent, shift, day.
//
// What the rule found is in Values (numbers) and Names (ids and times as
// the problem spells them), so that an interface can say it in its own
// language and units; Message says the same in English for the command
// line and for integrations. Names["date"] is the calendar date of Day.
// By rule (with the Names and Values each sets):
//
//	one_shift_per_day, days_off       date
//	shifts                            shift, date
//	overlap                           shift, date; minutes (the overlap)
//	min_rest_minutes                  shift, date; minutes (the rest), min
//	cannot_be_followed_by             shift, previous, date
//	max_shifts                        shift; count, max
//	min_minutes, max_minutes          minutes (paid, over the horizon); min or max
//	max_consecutive_shifts            date (the first of the run); days, max
//	min_consecutive_shifts            date (the first of the run); days, min
//	min_consecutive_days_off          date (the first of the run); days, min
//	max_weekends                      weekends, max
//	agent                             agent (unknown id)
//	shift                             shift (unknown id)
//	day                               day, last
//	start                             shift, start, and earliest and latest (grid: interval) or want; or text (unreadable)
//	skill                             skill
//	breaks                            shift; want, got (count) | break, text (unreadable start) |
//	                                  break, minutes, want (duration) | break, offset, earliest, latest | break, other (overlap)
//	activities                        shift, activity; kind (unknown kind) | text (unreadable start) | minutes (duration < 1) |
//	                                  start, end (outside the shift) | break (over a break) | other (over another activity)
//
// Breaks are numbered from 0, as in the assignment.
type Violation struct {
	Rule    string            `json:"rule"`
	Agent   string            `json:"agent,omitempty"`
	Day     *int              `json:"day,omitempty"` // absent for horizon-wide rules
	Values  map[string]int    `json:"values,omitempty"`
	Names   map[string]string `json:"names,omitempty"`
	Message string            `json:"message"`
}

// finding is what a rule found: the numbers and names of a Violation.
type finding struct {
	values map[string]int
	names  map[string]string
}

// vals starts a finding from name, number pairs.
func vals(kv ...any) finding {
	f := finding{values: map[string]int{}, names: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		switch v := kv[i+1].(type) {
		case int:
			f.values[k] = v
		case string:
			f.names[k] = v
		default:
			panic(fmt.Sprintf("schedule: finding %s: %T", k, v))
		}
	}
	return f
}

func (f finding) violation(rule, agent string, day *int, message string) Violation {
	v := Violation{Rule: rule, Agent: agent, Day: day, Message: message}
	if len(f.values) > 0 {
		v.Values = f.values
	}
	if len(f.names) > 0 {
		v.Names = f.names
	}
	return v
}

// Report is what the checker finds: `wfm schedule check` prints it.
type Report struct {
	Feasible   bool        `json:"feasible"`
	Objective  float64     `json:"objective"`
	Violations []Violation `json:"violations"`
}

// placed is an assignment resolved against the model.
type placed struct {
	agent, day, shift int
	start, end        int // real minutes from the origin
	skill             int // skill index; 0 = covers only demand without skill
	breaks            []int
	activities        [][2]int // real minutes from the origin, [start, end)
}

// Check lists every hard violation of s and computes its objective. It
// fails only when the problem itself is invalid.
func Check(p Problem, s Solution) (Report, error) {
	m, err := compile(p)
	if err != nil {
		return Report{}, err
	}
	placements, vs := m.resolve(s.Assignments)
	vs = append(vs, m.agentViolations(placements)...)
	sort.SliceStable(vs, func(i, j int) bool {
		ai, aj := m.agentOrder(vs[i].Agent), m.agentOrder(vs[j].Agent)
		if ai != aj {
			return ai < aj
		}
		return dayKey(vs[i].Day) < dayKey(vs[j].Day)
	})
	if vs == nil {
		vs = []Violation{}
	}
	return Report{Feasible: len(vs) == 0, Objective: m.objective(placements), Violations: vs}, nil
}

func dayKey(d *int) int {
	if d == nil {
		return -1
	}
	return *d
}

func (m *model) agentOrder(id string) int {
	if i, ok := m.agentIndex[id]; ok {
		return i
	}
	return len(m.p.Agents)
}

func dayp(d int) *int { return &d }

// resolve turns assignments into placements, reporting those that cannot be
// placed (unknown ids, days outside the horizon, bad times and breaks).
// Placements with a bad start or breaks are still kept, as given, so that
// their cover and rules are judged too.
func (m *model) resolve(as []Assignment) ([]placed, []Violation) {
	var out []placed
	var vs []Violation
	for i, a := range as {
		r := resolving{m: m, i: i, a: a, vs: &vs}
		if pl, ok := r.place(); ok {
			out = append(out, pl)
		}
	}
	return out, vs
}

// resolving is one assignment being resolved: the model, the assignment
// and its index, and the violations found so far (all assignments').
type resolving struct {
	m  *model
	i  int
	a  Assignment
	vs *[]Violation
}

// bad reports a violation of rule by the assignment, naming it by index
// and its day (with the date) when the day is in the horizon.
func (r *resolving) bad(rule string, f finding, format string, args ...any) {
	var day *int
	if r.a.Day >= 0 && r.a.Day < r.m.days {
		day = dayp(r.a.Day)
		f.names["date"] = r.m.dateOf(r.a.Day)
	}
	*r.vs = append(*r.vs, f.violation(rule, r.a.Agent, day, fmt.Sprintf("assignments[%d]: ", r.i)+fmt.Sprintf(format, args...)))
}

// place resolves the assignment: false when it names an unknown agent or
// shift, a day outside the horizon or an unreadable start, which leave
// nothing to place.
func (r *resolving) place() (placed, bool) {
	m, a := r.m, r.a
	ai, ok := m.agentIndex[a.Agent]
	if !ok {
		r.bad("agent", vals("agent", a.Agent), "unknown agent %q", a.Agent)
		return placed{}, false
	}
	ti, ok := m.shiftIndex[a.Shift]
	if !ok {
		r.bad("shift", vals("shift", a.Shift), "unknown shift %q", a.Shift)
		return placed{}, false
	}
	if a.Day < 0 || a.Day >= m.days {
		r.bad("day", vals("day", a.Day, "last", m.days-1), "day %d outside 0..%d", a.Day, m.days-1)
		return placed{}, false
	}
	startClock, ok := r.start(ti)
	if !ok {
		return placed{}, false
	}
	sh := m.p.Shifts[ti]
	pl := placed{agent: ai, day: a.Day, shift: ti, start: m.at(a.Day, startClock)}
	pl.end = pl.start + sh.DurationMinutes
	pl.skill = r.skill(ai)
	pl.breaks = r.breaks(pl)
	pl.activities = m.resolveActivities(pl, a, func(f finding, format string, args ...any) { r.bad("activities", f, format, args...) })
	return pl, true
}

// start is the wall-clock start of the assignment on template ti (the
// template's when it names none); one off the template's grid times is
// reported and kept. false: the start does not read as a time.
func (r *resolving) start(ti int) (int, bool) {
	m, a, sh := r.m, r.a, r.m.p.Shifts[ti]
	startClock := m.startMinute[ti]
	if a.Start != "" {
		c, err := ParseClock(a.Start)
		if err != nil {
			r.bad("start", vals("shift", a.Shift, "text", a.Start), "start: %v", err)
			return 0, false
		}
		startClock = c
	}
	if startClock < m.startMinute[ti] || startClock > m.latestStart[ti] || startClock%m.interval != 0 {
		if sh.LatestStart != "" {
			r.bad("start", vals("shift", sh.ID, "start", FormatClock(startClock), "interval", m.interval, "earliest", sh.Start, "latest", sh.LatestStart),
				"shift %s starts at %s, want a %d-minute grid time from %s to %s", sh.ID, FormatClock(startClock), m.interval, sh.Start, sh.LatestStart)
		} else {
			r.bad("start", vals("shift", sh.ID, "start", FormatClock(startClock), "want", sh.Start), "shift %s starts at %s, want %s", sh.ID, FormatClock(startClock), sh.Start)
		}
	}
	return startClock, true
}

// skill is the skill index the assignment covers: the one it names, or
// the agent's only one; a skill she lacks is reported, and an unknown one
// covers only demand without skill.
func (r *resolving) skill(ai int) int {
	m, a := r.m, r.a
	skill := a.Skill
	if skill == "" && len(m.p.Agents[ai].Skills) == 1 {
		skill = m.p.Agents[ai].Skills[0]
	}
	if !m.skillAllowed(ai, skill) {
		r.bad("skill", vals("skill", skill), "agent %s does not have skill %q", a.Agent, skill)
	}
	return m.skillIndex[skill] // 0 when unknown
}

// breaks are the offsets of the assignment's breaks from the shift start:
// one per break of the template, each in its window on the grid and off
// the others. A break that does not read as a time inside the shift
// leaves the placement without breaks (nil), as do too few or too many.
func (r *resolving) breaks(pl placed) []int {
	m, a := r.m, r.a
	sh := m.p.Shifts[pl.shift]
	if len(a.Breaks) != len(sh.Breaks) {
		r.bad("breaks", vals("shift", sh.ID, "want", len(sh.Breaks), "got", len(a.Breaks)), "shift %s has %d breaks, the assignment places %d", sh.ID, len(sh.Breaks), len(a.Breaks))
		return nil
	}
	var offs []int
	for j, b := range a.Breaks {
		tmpl := sh.Breaks[j]
		off, err := m.breakOffset(pl, b.Start, sh.DurationMinutes)
		switch {
		case err != nil:
			r.bad("breaks", vals("shift", sh.ID, "break", j, "text", b.Start), "breaks[%d].start: %v", j, err)
			continue
		case b.DurationMinutes != tmpl.DurationMinutes:
			r.bad("breaks", vals("shift", sh.ID, "break", j, "minutes", b.DurationMinutes, "want", tmpl.DurationMinutes), "breaks[%d] lasts %d minutes, the template says %d", j, b.DurationMinutes, tmpl.DurationMinutes)
		case off < tmpl.EarliestOffsetMinutes || off > tmpl.LatestOffsetMinutes || (pl.start+off)%m.interval != 0:
			r.bad("breaks", vals("shift", sh.ID, "break", j, "offset", off, "earliest", tmpl.EarliestOffsetMinutes, "latest", tmpl.LatestOffsetMinutes),
				"breaks[%d] starts %d minutes into the shift, want a grid time %d to %d minutes in", j, off, tmpl.EarliestOffsetMinutes, tmpl.LatestOffsetMinutes)
		}
		for k, prev := range offs {
			if off < prev+sh.Breaks[k].DurationMinutes && prev < off+tmpl.DurationMinutes {
				r.bad("breaks", vals("shift", sh.ID, "break", j, "other", k), "breaks[%d] overlaps breaks[%d]", j, k)
			}
		}
		offs = append(offs, off)
	}
	if len(offs) != len(sh.Breaks) {
		return nil
	}
	return offs
}

// breakOffset finds the first instant at or after the shift start whose
// wall clock reads hhmm, and returns it in minutes after the shift start.
func (m *model) breakOffset(pl placed, hhmm string, duration int) (int, error) {
	c, err := ParseClock(hhmm)
	if err != nil {
		return 0, err
	}
	for d := pl.day; d <= pl.day+1; d++ {
		t := m.at(d, c)
		if t >= pl.start && t < pl.end {
			return t - pl.start, nil
		}
	}
	return 0, fmt.Errorf("%s is not inside the shift", hhmm)
}

// resolveActivities places the activities of an assignment: each must
// have a known kind, start inside the shift and end by its end, and keep
// off its breaks and the other activities. Those that break a rule are
// reported through bad; those that can be placed at all (a readable
// start, a positive duration) still take their minutes off the cover.
func (m *model) resolveActivities(pl placed, a Assignment, bad func(f finding, format string, args ...any)) [][2]int {
	if len(a.Activities) == 0 {
		return nil
	}
	sh := m.p.Shifts[pl.shift]
	breaks := m.breakSpans(pl)
	var out [][2]int
	for j, act := range a.Activities {
		if !IsActivityKind(act.Kind) {
			bad(vals("shift", sh.ID, "activity", j, "kind", act.Kind), "activities[%d]: unknown kind %q, want one of %v", j, act.Kind, ActivityKinds)
		}
		if act.DurationMinutes < 1 {
			bad(vals("shift", sh.ID, "activity", j, "minutes", act.DurationMinutes), "activities[%d] lasts %d minutes, want at least 1", j, act.DurationMinutes)
			continue
		}
		off, err := m.breakOffset(pl, act.Start, sh.DurationMinutes)
		if err != nil {
			bad(vals("shift", sh.ID, "activity", j, "text", act.Start), "activities[%d].start: %v", j, err)
			continue
		}
		span := [2]int{pl.start + off, pl.start + off + act.DurationMinutes}
		if span[1] > pl.end {
			bad(vals("shift", sh.ID, "activity", j, "start", act.Start, "end", m.clockString(span[1])),
				"activities[%d] (%s to %s) ends after the shift", j, act.Start, m.clockString(span[1]))
		}
		for k, b := range breaks {
			if span[0] < b[1] && b[0] < span[1] {
				bad(vals("shift", sh.ID, "activity", j, "break", k), "activities[%d] (%s, %d minutes) is over breaks[%d]", j, act.Start, act.DurationMinutes, k)
			}
		}
		for k, o := range out {
			if span[0] < o[1] && o[0] < span[1] {
				bad(vals("shift", sh.ID, "activity", j, "other", k), "activities[%d] overlaps activities[%d]", j, k)
			}
		}
		out = append(out, span)
	}
	return out
}

// breakSpans lists the spans of a placement off the queues as real
// minutes: its breaks, then its activities.
func (m *model) breakSpans(pl placed) [][2]int {
	out := make([][2]int, 0, len(pl.breaks)+len(pl.activities))
	for j, off := range pl.breaks {
		out = append(out, [2]int{pl.start + off, pl.start + off + m.p.Shifts[pl.shift].Breaks[j].DurationMinutes})
	}
	return append(out, pl.activities...)
}

// addCover adds sign x the minutes pl works to cover[skill][k], for its
// skill and for skill 0 (demand any agent covers).
func (m *model) addCover(cover [][]int, pl placed, sign int) {
	spans := m.breakSpans(pl)
	limit := m.nIntervals * m.interval
	for t := max(pl.start, 0); t < pl.end && t < limit; {
		next := min(pl.end, (t/m.interval+1)*m.interval)
		inBreak := false
		for _, b := range spans {
			if t >= b[0] && t < b[1] {
				inBreak = true
				next = min(next, b[1])
			} else if b[0] > t && b[0] < next {
				next = b[0]
			}
		}
		if !inBreak {
			k := t / m.interval
			cover[0][k] += sign * (next - t)
			if pl.skill != 0 {
				cover[pl.skill][k] += sign * (next - t)
			}
		}
		t = next
	}
}

// objective prices a roster: interval demand, shift demand and requests.
func (m *model) objective(ps []placed) float64 {
	cover := make([][]int, len(m.skills))
	for s := range cover {
		cover[s] = make([]int, m.nIntervals)
	}
	count := make([][]int, m.days)
	for d := range count {
		count[d] = make([]int, len(m.p.Shifts))
	}
	worked := map[[2]int][]int{} // (agent, day) -> templates
	for _, pl := range ps {
		m.addCover(cover, pl, 1)
		count[pl.day][pl.shift]++
		worked[[2]int{pl.agent, pl.day}] = append(worked[[2]int{pl.agent, pl.day}], pl.shift)
	}
	total := 0.0
	for s := range cover {
		for k := range m.nIntervals {
			total += m.intervalCost(s, k, cover[s][k])
		}
	}
	for d := range count {
		for t := range count[d] {
			total += m.shiftDemand[d][t].cost(count[d][t])
		}
	}
	for a, ag := range m.p.Agents {
		for _, r := range ag.Requests {
			works := false
			for _, t := range worked[[2]int{a, r.Day}] {
				if r.Shift == "" || m.p.Shifts[t].ID == r.Shift {
					works = true
				}
			}
			if works != r.On {
				total += r.Weight
			}
		}
	}
	return total
}

// agentViolations checks every labour rule of every agent.
func (m *model) agentViolations(ps []placed) []Violation {
	byAgent := make([][]placed, len(m.p.Agents))
	for _, pl := range ps {
		byAgent[pl.agent] = append(byAgent[pl.agent], pl)
	}
	var vs []Violation
	for a := range m.p.Agents {
		vs = append(vs, m.checkAgent(a, byAgent[a])...)
	}
	return vs
}

// checkAgent checks the labour rules of one agent's placements.
func (m *model) checkAgent(a int, ps []placed) []Violation {
	c := agentCheck{m: m, ag: &m.p.Agents[a]}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].day < ps[j].day })
	// Made here, not in shifts, so that they can stay on the stack.
	works := make([]bool, m.days)
	counts := make([]int, len(m.p.Shifts))
	minutes := c.shifts(a, ps, works, counts)
	c.totals(works, counts, minutes)
	c.runs(works)
	c.weekends(works)
	return c.vs
}

// agentCheck gathers the violations of one agent's rules, in the order
// the checker has always listed them: day by day, then days off, totals,
// runs and weekends.
type agentCheck struct {
	m  *model
	ag *Agent
	vs []Violation
}

// add records a violation of rule on day (-1: none, a horizon total).
func (c *agentCheck) add(rule string, day int, f finding, format string, args ...any) {
	var d *int
	if day >= 0 {
		d = dayp(day)
		f.names["date"] = c.m.dateOf(day)
	}
	c.vs = append(c.vs, f.violation(rule, c.ag.ID, d, fmt.Sprintf(format, args...)))
}

// shifts checks agent a's placements ps (sorted by day) one by one: one
// a day, templates she may work, rest, overlaps and successions with the
// one before. It marks the days she works in works and counts her shifts
// per template in counts, and returns her paid minutes.
func (c *agentCheck) shifts(a int, ps []placed, works []bool, counts []int) (minutes int) {
	m, ag := c.m, c.ag
	for i, pl := range ps {
		if works[pl.day] {
			c.add("one_shift_per_day", pl.day, vals(), "%s works more than one shift on %s", ag.ID, m.dayLabel(pl.day))
		}
		works[pl.day] = true
		counts[pl.shift]++
		minutes += m.paid[pl.shift]
		id := m.p.Shifts[pl.shift].ID
		if len(ag.Shifts) > 0 && !m.shiftAllowed(a, pl.shift) {
			c.add("shifts", pl.day, vals("shift", id), "%s may not work shift %s", ag.ID, id)
		}
		if i > 0 {
			prev := ps[i-1]
			if prev.day == pl.day {
				continue
			}
			gap := pl.start - prev.end
			if gap < 0 {
				c.add("overlap", pl.day, vals("shift", id, "minutes", -gap), "shift %s on %s starts %d minutes before the previous shift ends", id, m.dayLabel(pl.day), -gap)
			} else if ag.MinRestMinutes != nil && gap < *ag.MinRestMinutes {
				c.add("min_rest_minutes", pl.day, vals("shift", id, "minutes", gap, "min", *ag.MinRestMinutes), "%d minutes of rest before shift %s on %s, want at least %d", gap, id, m.dayLabel(pl.day), *ag.MinRestMinutes)
			}
			if prev.day+1 == pl.day && m.follows[prev.shift][pl.shift] {
				c.add("cannot_be_followed_by", pl.day, vals("shift", id, "previous", m.p.Shifts[prev.shift].ID), "shift %s on %s follows %s the day before", id, m.dayLabel(pl.day), m.p.Shifts[prev.shift].ID)
			}
		}
	}
	return minutes
}

// totals checks her days off, shifts per template and paid minutes.
func (c *agentCheck) totals(works []bool, counts []int, minutes int) {
	m, ag := c.m, c.ag
	for _, d := range ag.DaysOff {
		if works[d] {
			c.add("days_off", d, vals(), "%s works on %s, a day off", ag.ID, m.dayLabel(d))
		}
	}
	for t, n := range counts {
		id := m.p.Shifts[t].ID
		if limit, ok := ag.MaxShifts[id]; ok && n > limit {
			c.add("max_shifts", -1, vals("shift", id, "count", n, "max", limit), "%d shifts %s, at most %d allowed", n, id, limit)
		}
	}
	if ag.MinMinutes != nil && minutes < *ag.MinMinutes {
		c.add("min_minutes", -1, vals("minutes", minutes, "min", *ag.MinMinutes), "%d paid minutes, want at least %d", minutes, *ag.MinMinutes)
	}
	if ag.MaxMinutes != nil && minutes > *ag.MaxMinutes {
		c.add("max_minutes", -1, vals("minutes", minutes, "max", *ag.MaxMinutes), "%d paid minutes, want at most %d", minutes, *ag.MaxMinutes)
	}
}

// runs checks her runs of working days and of days off. A run that
// touches the horizon's start or end may be shorter than its minimum: the
// days outside are unknown.
func (c *agentCheck) runs(works []bool) {
	m, ag := c.m, c.ag
	for start := 0; start < m.days; {
		end := start
		for end+1 < m.days && works[end+1] == works[start] {
			end++
		}
		n := end - start + 1
		inside := start > 0 && end < m.days-1
		if works[start] {
			if ag.MaxConsecutiveShifts != nil && n > *ag.MaxConsecutiveShifts {
				c.add("max_consecutive_shifts", start, vals("days", n, "max", *ag.MaxConsecutiveShifts), "%d working days in a row from %s, at most %d", n, m.dayLabel(start), *ag.MaxConsecutiveShifts)
			}
			if inside && ag.MinConsecutiveShifts != nil && n < *ag.MinConsecutiveShifts {
				c.add("min_consecutive_shifts", start, vals("days", n, "min", *ag.MinConsecutiveShifts), "%d working days in a row from %s, at least %d", n, m.dayLabel(start), *ag.MinConsecutiveShifts)
			}
		} else if inside && ag.MinConsecutiveDaysOff != nil && n < *ag.MinConsecutiveDaysOff {
			c.add("min_consecutive_days_off", start, vals("days", n, "min", *ag.MinConsecutiveDaysOff), "%d days off in a row from %s, at least %d", n, m.dayLabel(start), *ag.MinConsecutiveDaysOff)
		}
		start = end + 1
	}
}

// weekends checks the weekends she works against max_weekends.
func (c *agentCheck) weekends(works []bool) {
	m, ag := c.m, c.ag
	if ag.MaxWeekends == nil {
		return
	}
	weekends := map[int]bool{}
	for d := range m.days {
		if works[d] && m.weekendDay[d] != weekendNone {
			weekends[m.weekendDay[d]] = true
		}
	}
	if len(weekends) > *ag.MaxWeekends {
		c.add("max_weekends", -1, vals("weekends", len(weekends), "max", *ag.MaxWeekends), "works %d weekends, at most %d", len(weekends), *ag.MaxWeekends)
	}
}

// clockString is the wall-clock time of an instant in real minutes.
func (m *model) clockString(min int) string {
	return m.origin.Add(time.Duration(min) * time.Minute).In(m.loc).Format("15:04")
}
