// Package schedule is the roster problem of CONTRACTS.md section 4: shift
// templates with breaks, agents with their labour rules, interval and shift
// demand; the checker that lists every broken rule and prices a roster; and
// the solver that builds one.
package schedule

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"wfm/civil"
)

// Problem is a roster problem (CONTRACTS.md section 4). Days are numbered
// from 0 = StartDate; times are local wall clock in Timezone. StartDate
// reads and writes as "YYYY-MM-DD" (the zero Date as "", which Validate
// refuses).
type Problem struct {
	StartDate       civil.Date `json:"start_date"`
	Days            int        `json:"days"`
	IntervalMinutes int        `json:"interval_minutes"`
	Timezone        string     `json:"timezone,omitempty"`
	Shifts          []Shift    `json:"shifts"`
	Agents          []Agent    `json:"agents"`
	Demand          Demand     `json:"demand"`
}

// Shift is a shift template. Without LatestStart it starts only at Start;
// with it, at any grid time from Start to LatestStart.
type Shift struct {
	ID                 string   `json:"id"`
	Start              string   `json:"start"`
	LatestStart        string   `json:"latest_start,omitempty"`
	DurationMinutes    int      `json:"duration_minutes"`
	Breaks             []Break  `json:"breaks,omitempty"`
	CannotBeFollowedBy []string `json:"cannot_be_followed_by,omitempty"`
}

// Break is placed once per shift, at an offset from the shift start within
// [EarliestOffsetMinutes, LatestOffsetMinutes], on the interval grid.
type Break struct {
	DurationMinutes       int   `json:"duration_minutes"`
	EarliestOffsetMinutes int   `json:"earliest_offset_minutes"`
	LatestOffsetMinutes   int   `json:"latest_offset_minutes"`
	Paid                  *bool `json:"paid,omitempty"` // absent = paid
}

// IsPaid reports whether the break's minutes count as paid time.
func (b Break) IsPaid() bool { return b.Paid == nil || *b.Paid }

// PaidMinutes is the shift's duration minus its unpaid breaks.
func (s Shift) PaidMinutes() int {
	m := s.DurationMinutes
	for _, b := range s.Breaks {
		if !b.IsPaid() {
			m -= b.DurationMinutes
		}
	}
	return m
}

// Agent carries the labour rules of one person. Every rule is optional:
// a nil pointer (absent field) means unconstrained, which differs from 0.
// An absent or empty Shifts list means any template; an absent or empty
// Skills list means any skill.
type Agent struct {
	ID                    string         `json:"id"`
	Skills                []string       `json:"skills,omitempty"`
	Shifts                []string       `json:"shifts,omitempty"`
	MaxShifts             map[string]int `json:"max_shifts,omitempty"`
	MinMinutes            *int           `json:"min_minutes,omitempty"`
	MaxMinutes            *int           `json:"max_minutes,omitempty"`
	MinConsecutiveShifts  *int           `json:"min_consecutive_shifts,omitempty"`
	MaxConsecutiveShifts  *int           `json:"max_consecutive_shifts,omitempty"`
	MinConsecutiveDaysOff *int           `json:"min_consecutive_days_off,omitempty"`
	MaxWeekends           *int           `json:"max_weekends,omitempty"`
	MinRestMinutes        *int           `json:"min_rest_minutes,omitempty"`
	DaysOff               []int          `json:"days_off,omitempty"`
	Requests              []Request      `json:"requests,omitempty"`
}

// Request is a soft wish: On true costs Weight unless the agent works that
// day (that Shift when given); On false costs Weight if she does.
type Request struct {
	Day    int     `json:"day"`
	Shift  string  `json:"shift,omitempty"`
	On     bool    `json:"on"`
	Weight float64 `json:"weight"`
}

// Demand is the soft cover the roster is priced against.
type Demand struct {
	Intervals []IntervalDemand `json:"intervals,omitempty"`
	Shifts    []ShiftDemand    `json:"shifts,omitempty"`
}

// IntervalDemand has one Required number per interval of the day
// (1440 / interval_minutes), indexed by local wall-clock time. On a
// daylight-saving day an index whose wall-clock time does not exist (the
// skipped hour) has no interval and costs nothing; an index whose time
// occurs twice (the repeated hour) is priced once per occurrence with the
// same requirement. A demand without Skill is covered by any working agent.
type IntervalDemand struct {
	Skill       string    `json:"skill,omitempty"`
	Day         int       `json:"day"`
	Required    []float64 `json:"required"`
	UnderWeight float64   `json:"under_weight"`
	OverWeight  float64   `json:"over_weight"`
}

// ShiftDemand is a wanted count of assignments of a template on a day.
type ShiftDemand struct {
	Day         int     `json:"day"`
	Shift       string  `json:"shift"`
	Required    float64 `json:"required"`
	UnderWeight float64 `json:"under_weight"`
	OverWeight  float64 `json:"over_weight"`
}

// Solution is a roster. Feasible and Violations are written by the solver
// and the checker (an extension of the contract); readers recompute them.
type Solution struct {
	Objective   float64      `json:"objective"`
	Feasible    bool         `json:"feasible"`
	Violations  []Violation  `json:"violations,omitempty"`
	Assignments []Assignment `json:"assignments"`
}

// Assignment is one shift of one agent. Start defaults to the template's
// start; Skill defaults to the agent's only skill when she has exactly one.
// Break starts are wall-clock times inside the shift, in template order.
type Assignment struct {
	Agent  string           `json:"agent"`
	Day    int              `json:"day"`
	Shift  string           `json:"shift"`
	Start  string           `json:"start,omitempty"`
	Skill  string           `json:"skill,omitempty"`
	Breaks []BreakPlacement `json:"breaks,omitempty"`
	// Activities are the meetings, training sessions and coaching the
	// agent attends during the shift, off the queues: none may leave the
	// shift, cover a break or overlap another.
	Activities []ActivityPlacement `json:"activities,omitempty"`
}

// The kinds of activity an assignment may carry inside its shift.
const (
	ActivityMeeting  = "meeting"
	ActivityTraining = "training"
	ActivityCoaching = "coaching"
)

// ActivityKinds lists the kinds of activity, in the order forms show them.
var ActivityKinds = []string{ActivityMeeting, ActivityTraining, ActivityCoaching}

// IsActivityKind tells whether k is a kind of activity.
func IsActivityKind(k string) bool {
	for _, x := range ActivityKinds {
		if x == k {
			return true
		}
	}
	return false
}

// ActivityPlacement is an activity inside a shift: its kind, a title for
// people, and when it starts (wall clock, the first instant inside the
// shift that reads it, as for breaks) and how long it lasts. Its minutes
// are paid and count as work, but cover no queue.
type ActivityPlacement struct {
	Kind            string `json:"kind"`
	Title           string `json:"title,omitempty"`
	Start           string `json:"start"`
	DurationMinutes int    `json:"duration_minutes"`
}

// BreakPlacement is where a break of an assignment was put.
type BreakPlacement struct {
	Start           string `json:"start"`
	DurationMinutes int    `json:"duration_minutes"`
}

// ParseClock reads "HH:MM" (00:00 to 23:59) as minutes after midnight.
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return hh*60 + mm, nil
}

// FormatClock writes minutes after midnight as "HH:MM".
func FormatClock(min int) string {
	min = ((min % 1440) + 1440) % 1440
	return fmt.Sprintf("%02d:%02d", min/60, min%60)
}

// Location loads the problem's time zone ("" = UTC).
func (p Problem) Location() (*time.Location, error) {
	if p.Timezone == "" {
		return time.UTC, nil
	}
	return time.LoadLocation(p.Timezone)
}

func finiteNonNegative(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 }

// Validate reports every inconsistency of the problem, each naming the
// field at fault (e.g. "shifts[1].breaks[0].latest_offset_minutes: ...").
func (p Problem) Validate() error {
	v := &validation{p: p, shiftIndex: map[string]int{}}
	v.grid()
	v.shifts()
	v.agents()
	v.intervalDemand()
	v.shiftDemand()
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// validation is a Validate under way: the problem, the errors found so
// far, and what later checks need from earlier ones.
type validation struct {
	p          Problem
	errs       FieldErrors
	gridOK     bool           // the interval divides the day
	shiftIndex map[string]int // shift id -> index
	skills     map[string]bool
	anySkill   bool // an agent without skills, who may take any
}

func (v *validation) add(field, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (v *validation) onGrid(min int) bool { return !v.gridOK || min%v.p.IntervalMinutes == 0 }

// grid checks the horizon: its first day, length, grid and zone.
func (v *validation) grid() {
	p, add := v.p, v.add
	switch {
	case p.StartDate.IsZero():
		add("start_date", "missing, want a date YYYY-MM-DD")
	case p.StartDate.AddDays(0) != p.StartDate: // built in code, not read
		add("start_date", "%04d-%02d-%02d is not a day of the calendar", p.StartDate.Year, p.StartDate.Month, p.StartDate.Day)
	}
	if p.Days < 1 || p.Days > 3660 {
		add("days", "%d, want 1 to 3660", p.Days)
	}
	v.gridOK = p.IntervalMinutes > 0 && 1440%p.IntervalMinutes == 0
	if !v.gridOK {
		add("interval_minutes", "%d does not divide a day of 1440 minutes", p.IntervalMinutes)
	}
	if _, err := p.Location(); err != nil {
		add("timezone", "%q is not a known IANA time zone", p.Timezone)
	}
}

// shifts checks the shift types: unique ids, starts on the grid, break
// windows inside the shift with an offset on the grid, known successors.
func (v *validation) shifts() {
	for i, s := range v.p.Shifts {
		f := fmt.Sprintf("shifts[%d]", i)
		if s.ID == "" {
			v.add(f+".id", "empty")
		} else if _, dup := v.shiftIndex[s.ID]; dup {
			v.add(f+".id", "duplicate id %q", s.ID)
		} else {
			v.shiftIndex[s.ID] = i
		}
	}
	for i, s := range v.p.Shifts {
		f := fmt.Sprintf("shifts[%d]", i)
		v.shiftTimes(f, s)
		for j, b := range s.Breaks {
			v.shiftBreak(fmt.Sprintf("%s.breaks[%d]", f, j), s, b)
		}
		if s.PaidMinutes() < 0 {
			v.add(f+".breaks", "unpaid breaks are longer than the shift")
		}
		for j, id := range s.CannotBeFollowedBy {
			if _, ok := v.shiftIndex[id]; !ok {
				v.add(fmt.Sprintf("%s.cannot_be_followed_by[%d]", f, j), "unknown shift %q", id)
			}
		}
	}
}

// shiftTimes checks shift s's (field f) start and latest start, read as
// times on the grid in that order, and its duration.
func (v *validation) shiftTimes(f string, s Shift) {
	p, add, onGrid := v.p, v.add, v.onGrid
	start, err := ParseClock(s.Start)
	if err != nil {
		add(f+".start", "%v", err)
	} else if !onGrid(start) {
		add(f+".start", "%s is not on the %d-minute grid", s.Start, p.IntervalMinutes)
	}
	if s.LatestStart != "" {
		latest, err := ParseClock(s.LatestStart)
		switch {
		case err != nil:
			add(f+".latest_start", "%v", err)
		case latest < start:
			add(f+".latest_start", "%s is before start %s", s.LatestStart, s.Start)
		case !onGrid(latest):
			add(f+".latest_start", "%s is not on the %d-minute grid", s.LatestStart, p.IntervalMinutes)
		}
	}
	if s.DurationMinutes < 1 || s.DurationMinutes > 1440 {
		add(f+".duration_minutes", "%d, want 1 to 1440", s.DurationMinutes)
	}
}

// shiftBreak checks break b (field bf) of shift s: a positive length, a
// window that opens at or after the start and closes in time for the
// break to end by the end of the shift, with an offset on the grid.
func (v *validation) shiftBreak(bf string, s Shift, b Break) {
	add := v.add
	if b.DurationMinutes < 1 {
		add(bf+".duration_minutes", "%d, want > 0", b.DurationMinutes)
	}
	if b.EarliestOffsetMinutes < 0 {
		add(bf+".earliest_offset_minutes", "%d, want >= 0", b.EarliestOffsetMinutes)
	}
	if b.LatestOffsetMinutes < b.EarliestOffsetMinutes {
		add(bf+".latest_offset_minutes", "%d is before earliest_offset_minutes %d", b.LatestOffsetMinutes, b.EarliestOffsetMinutes)
	} else if b.LatestOffsetMinutes+b.DurationMinutes > s.DurationMinutes {
		add(bf+".latest_offset_minutes", "break window ends after the shift (%d + %d > %d minutes)", b.LatestOffsetMinutes, b.DurationMinutes, s.DurationMinutes)
	} else if v.gridOK && len(breakOffsets(b, v.p.IntervalMinutes)) == 0 {
		add(bf, "no offset in [%d, %d] is on the %d-minute grid", b.EarliestOffsetMinutes, b.LatestOffsetMinutes, v.p.IntervalMinutes)
	}
}

// agents checks each agent: unique id, skills, shifts and limits that
// make sense, days and requests inside the horizon; and that every shift
// type may be worked by someone.
func (v *validation) agents() {
	p := v.p
	agentIDs := map[string]bool{}
	v.skills = map[string]bool{}
	mayWork := make([]bool, len(p.Shifts))
	for i, a := range p.Agents {
		f := fmt.Sprintf("agents[%d]", i)
		if a.ID == "" {
			v.add(f+".id", "empty")
		} else if agentIDs[a.ID] {
			v.add(f+".id", "duplicate id %q", a.ID)
		}
		agentIDs[a.ID] = true
		if len(a.Skills) == 0 {
			v.anySkill = true
		}
		for j, s := range a.Skills {
			if s == "" {
				v.add(fmt.Sprintf("%s.skills[%d]", f, j), "empty")
			}
			v.skills[s] = true
		}
		v.agentShifts(f, a, mayWork)
		v.agentLimits(f, a)
		v.agentDays(f, a)
	}
	if len(p.Agents) > 0 {
		for k, s := range p.Shifts {
			if !mayWork[k] && s.ID != "" {
				v.add(fmt.Sprintf("shifts[%d]", k), "no agent may work shift %q", s.ID)
			}
		}
	}
}

// agentShifts checks agent a's (field f) shifts and max_shifts name known
// shift types, and marks in mayWork the ones she may work.
func (v *validation) agentShifts(f string, a Agent, mayWork []bool) {
	allowed := map[string]bool{}
	for j, id := range a.Shifts {
		if _, ok := v.shiftIndex[id]; !ok {
			v.add(fmt.Sprintf("%s.shifts[%d]", f, j), "unknown shift %q", id)
		}
		allowed[id] = true
	}
	for id, n := range a.MaxShifts {
		if _, ok := v.shiftIndex[id]; !ok {
			v.add(fmt.Sprintf("%s.max_shifts.%s", f, id), "unknown shift %q", id)
		} else if n < 0 {
			v.add(fmt.Sprintf("%s.max_shifts.%s", f, id), "%d, want >= 0", n)
		}
	}
	for k, s := range v.p.Shifts {
		if (len(a.Shifts) == 0 || allowed[s.ID]) && (a.MaxShifts == nil || a.MaxShifts[s.ID] > 0 || !hasKey(a.MaxShifts, s.ID)) {
			mayWork[k] = true
		}
	}
}

// agentLimits checks agent a's (field f) limits are >= 0 and her maxima
// not below her minima.
func (v *validation) agentLimits(f string, a Agent) {
	nonNeg := func(name string, n *int) {
		if n != nil && *n < 0 {
			v.add(f+"."+name, "%d, want >= 0", *n)
		}
	}
	nonNeg("min_minutes", a.MinMinutes)
	nonNeg("max_minutes", a.MaxMinutes)
	nonNeg("min_consecutive_shifts", a.MinConsecutiveShifts)
	nonNeg("max_consecutive_shifts", a.MaxConsecutiveShifts)
	nonNeg("min_consecutive_days_off", a.MinConsecutiveDaysOff)
	nonNeg("max_weekends", a.MaxWeekends)
	nonNeg("min_rest_minutes", a.MinRestMinutes)
	if a.MinMinutes != nil && a.MaxMinutes != nil && *a.MaxMinutes < *a.MinMinutes {
		v.add(f+".max_minutes", "%d, must be >= min_minutes %d", *a.MaxMinutes, *a.MinMinutes)
	}
	if a.MinConsecutiveShifts != nil && a.MaxConsecutiveShifts != nil && *a.MaxConsecutiveShifts < *a.MinConsecutiveShifts {
		v.add(f+".max_consecutive_shifts", "%d, must be >= min_consecutive_shifts %d", *a.MaxConsecutiveShifts, *a.MinConsecutiveShifts)
	}
}

// agentDays checks agent a's (field f) days off and requests fall inside
// the horizon, and her requests name known shifts and weigh a number >= 0.
func (v *validation) agentDays(f string, a Agent) {
	p := v.p
	for j, d := range a.DaysOff {
		if d < 0 || d >= p.Days {
			v.add(fmt.Sprintf("%s.days_off[%d]", f, j), "day %d outside 0..%d", d, p.Days-1)
		}
	}
	for j, r := range a.Requests {
		rf := fmt.Sprintf("%s.requests[%d]", f, j)
		if r.Day < 0 || r.Day >= p.Days {
			v.add(rf+".day", "day %d outside 0..%d", r.Day, p.Days-1)
		}
		if r.Shift != "" {
			if _, ok := v.shiftIndex[r.Shift]; !ok {
				v.add(rf+".shift", "unknown shift %q", r.Shift)
			}
		}
		if !finiteNonNegative(r.Weight) {
			v.add(rf+".weight", "%v, want a number >= 0", r.Weight)
		}
	}
}

// intervalDemand checks the per-interval requirement: days in the
// horizon, known skills, one row per skill and day, a number per
// interval, weights that are numbers >= 0.
func (v *validation) intervalDemand() {
	p, add, gridOK, skills, anySkill := v.p, v.add, v.gridOK, v.skills, v.anySkill
	perDay := 0
	if gridOK {
		perDay = 1440 / p.IntervalMinutes
	}
	seenInterval := map[string]bool{}
	for i, d := range p.Demand.Intervals {
		f := fmt.Sprintf("demand.intervals[%d]", i)
		if d.Day < 0 || d.Day >= p.Days {
			add(f+".day", "day %d outside 0..%d", d.Day, p.Days-1)
		}
		if d.Skill != "" && !skills[d.Skill] && !anySkill {
			add(f+".skill", "unknown skill %q: no agent has it", d.Skill)
		}
		key := d.Skill + "\x00" + strconv.Itoa(d.Day)
		if seenInterval[key] {
			add(f, "duplicate demand for skill %q on day %d", d.Skill, d.Day)
		}
		seenInterval[key] = true
		if gridOK && len(d.Required) != perDay {
			add(f+".required", "%d numbers, want %d", len(d.Required), perDay)
		}
		for j, v := range d.Required {
			if !finiteNonNegative(v) {
				add(fmt.Sprintf("%s.required[%d]", f, j), "%v, want a number >= 0", v)
			}
		}
		if !finiteNonNegative(d.UnderWeight) {
			add(f+".under_weight", "%v, want a number >= 0", d.UnderWeight)
		}
		if !finiteNonNegative(d.OverWeight) {
			add(f+".over_weight", "%v, want a number >= 0", d.OverWeight)
		}
	}
}

// shiftDemand checks the per-shift requirement (Curtois-style): days in
// the horizon, known shifts, one row per shift and day, numbers >= 0.
func (v *validation) shiftDemand() {
	p, add, shiftIndex := v.p, v.add, v.shiftIndex
	seenShift := map[string]bool{}
	for i, d := range p.Demand.Shifts {
		f := fmt.Sprintf("demand.shifts[%d]", i)
		if d.Day < 0 || d.Day >= p.Days {
			add(f+".day", "day %d outside 0..%d", d.Day, p.Days-1)
		}
		if _, ok := shiftIndex[d.Shift]; !ok {
			add(f+".shift", "unknown shift %q", d.Shift)
		}
		key := d.Shift + "\x00" + strconv.Itoa(d.Day)
		if seenShift[key] {
			add(f, "duplicate demand for shift %q on day %d", d.Shift, d.Day)
		}
		seenShift[key] = true
		if !finiteNonNegative(d.Required) {
			add(f+".required", "%v, want a number >= 0", d.Required)
		}
		if !finiteNonNegative(d.UnderWeight) {
			add(f+".under_weight", "%v, want a number >= 0", d.UnderWeight)
		}
		if !finiteNonNegative(d.OverWeight) {
			add(f+".over_weight", "%v, want a number >= 0", d.OverWeight)
		}
	}
}

// FieldError is one thing wrong with a problem, at the field it names.
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// FieldErrors is every thing wrong with a problem.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// breakOffsets lists the grid offsets a break may start at.
func breakOffsets(b Break, interval int) []int {
	var out []int
	first := (b.EarliestOffsetMinutes + interval - 1) / interval * interval
	for o := first; o <= b.LatestOffsetMinutes; o += interval {
		out = append(out, o)
	}
	return out
}
