package rostering

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/schedule"
	"wfm/store"
)

// Stretch is a change of the length of one agent's shift on a day, as an
// overtime or time off offer makes it: its end (Side store.OfferEnd) or
// its start (store.OfferStart) moved so that the shift is Minutes longer
// (overtime) or shorter (negative: voluntary time off).
type Stretch struct {
	AgentID int64
	Date    civil.Date
	Side    string
	Minutes int
}

// Stretched is a roster with a stretch applied: the problem (with the
// stretched template added), the solution and the rules it breaks that the
// roster kept before.
type Stretched struct {
	Problem  schedule.Problem
	Solution schedule.Solution
	Added    []schedule.Violation
	Before   *schedule.Assignment
	After    schedule.Assignment
}

// StretchShift applies a stretch to a published version, without saving
// it: the agent's shift that day becomes a template of its own (the
// original one started earlier or later, longer or shorter, its breaks
// kept where they still fall inside it), and the roster is re-checked
// with schedule.Check against her contract's rules. It is Invalid when she
// does not work that day or the change leaves the grid or the day.
func StretchShift(v *store.ScheduleVersion, agentCode string, s Stretch) (*Stretched, error) {
	c, err := findShift(v, agentCode, s.Date)
	if err != nil {
		return nil, err
	}
	if err := c.resize(s); err != nil {
		return nil, err
	}
	shift, next, err := c.changedShift()
	if err != nil {
		return nil, err
	}
	p := c.problemWith(shift)
	if err := p.Validate(); err != nil {
		return nil, badStretch("minutes", "the changed shift is not a valid shift: %v", err)
	}
	before, err := schedule.Check(v.Problem, v.Solution)
	if err != nil {
		return nil, fmt.Errorf("check schedule %d: %w", v.ID, err)
	}
	sol := v.Solution
	sol.Assignments = replaceAssignment(v.Solution.Assignments, agentCode, c.day, &next)
	after, err := schedule.Check(p, sol)
	if err != nil {
		return nil, fmt.Errorf("check schedule %d: %w", v.ID, err)
	}
	sol.Objective, sol.Feasible, sol.Violations = after.Objective, after.Feasible, after.Violations
	return &Stretched{Problem: p, Solution: sol, Added: newViolations(before.Violations, after.Violations), Before: c.old, After: next}, nil
}

// badStretch is the Invalid error of a stretch that cannot be made, naming
// the field at fault.
func badStretch(field, format string, args ...any) error {
	return &fault.Error{Code: fault.Invalid, Message: "the shift cannot be changed so", Fields: map[string]string{field: fmt.Sprintf(format, args...)}}
}

// shiftChange is one agent's shift of a day of a published version, and
// the start and length a stretch gives it.
type shiftChange struct {
	v     *store.ScheduleVersion
	agent string // code
	day   int    // index of the version
	old   *schedule.Assignment
	tmpl  *schedule.Shift // old's template
	grid  int             // the roster's interval, minutes

	oldStart, newStart int // minutes of the day
	newDur             int // minutes
}

// findShift finds the agent's shift on date in the version and its
// template; Invalid when the date is outside it or she does not work then.
func findShift(v *store.ScheduleVersion, agentCode string, date civil.Date) (*shiftChange, error) {
	day := date.DaysSince(v.StartDate)
	if day < 0 || day >= v.Days {
		return nil, badStretch("day", "%s is outside the published schedule (%s to %s)", date, v.StartDate, v.StartDate.AddDays(v.Days-1).String())
	}
	if !hasAgent(v.Problem, agentCode) {
		return nil, badStretch("agent_id", "agent %s is not on the published schedule", agentCode)
	}
	old := findAssignment(v.Solution, agentCode, day)
	if old == nil {
		return nil, badStretch("agent_id", "agent %s does not work on %s", agentCode, date)
	}
	var tmpl *schedule.Shift
	for i := range v.Problem.Shifts {
		if v.Problem.Shifts[i].ID == old.Shift {
			tmpl = &v.Problem.Shifts[i]
		}
	}
	if tmpl == nil {
		return nil, fmt.Errorf("schedule %d: shift %q of %s is not in its problem", v.ID, old.Shift, agentCode)
	}
	return &shiftChange{v: v, agent: agentCode, day: day, old: old, tmpl: tmpl, grid: v.Problem.IntervalMinutes}, nil
}

// resize sets the shift's new start and length: whole intervals of the
// grid, at least one left, on the same day.
func (c *shiftChange) resize(s Stretch) error {
	if s.Minutes == 0 || c.grid <= 0 || s.Minutes%c.grid != 0 {
		return badStretch("minutes", "%d minutes is not a whole number of the roster's %d-minute intervals", abs(s.Minutes), c.grid)
	}
	startText := c.old.Start
	if startText == "" {
		startText = c.tmpl.Start
	}
	oldStart, err := schedule.ParseClock(startText)
	if err != nil {
		return fmt.Errorf("schedule %d: %w", c.v.ID, err)
	}
	c.oldStart, c.newStart, c.newDur = oldStart, oldStart, c.tmpl.DurationMinutes+s.Minutes
	switch s.Side {
	case store.OfferEnd:
	case store.OfferStart:
		c.newStart = oldStart - s.Minutes
	default:
		return badStretch("side", "%q is not end or start", s.Side)
	}
	if c.newDur < c.grid {
		return badStretch("minutes", "the shift of %d minutes cannot be %d minutes shorter", c.tmpl.DurationMinutes, -s.Minutes)
	}
	if c.newStart < 0 || c.newStart >= 1440 {
		return badStretch("minutes", "the shift would start on another day")
	}
	return nil
}

// changedShift is the template of the changed shift and the agent's new
// assignment on it. The breaks: each placement at its offset from the new
// start, kept when it still falls inside the shift; the template's windows
// moved with it.
func (c *shiftChange) changedShift() (schedule.Shift, schedule.Assignment, error) {
	tmpl, grid, oldStart, newDur := c.tmpl, c.grid, c.oldStart, c.newDur
	breaks := c.old.Breaks
	if len(breaks) != len(tmpl.Breaks) {
		breaks = nil
		for _, b := range tmpl.Breaks {
			off := b.EarliestOffsetMinutes
			for (oldStart+off)%grid != 0 && off < b.LatestOffsetMinutes {
				off++
			}
			breaks = append(breaks, schedule.BreakPlacement{Start: schedule.FormatClock((oldStart + off) % 1440), DurationMinutes: b.DurationMinutes})
		}
	}
	moved := oldStart - c.newStart
	next := schedule.Assignment{Agent: c.agent, Day: c.day, Start: schedule.FormatClock(c.newStart), Skill: c.old.Skill}
	shift := schedule.Shift{Start: next.Start, DurationMinutes: newDur, CannotBeFollowedBy: slices.Clone(tmpl.CannotBeFollowedBy)}
	for i, b := range tmpl.Breaks {
		at, err := schedule.ParseClock(breaks[i].Start)
		if err != nil {
			return schedule.Shift{}, schedule.Assignment{}, fmt.Errorf("schedule %d: %w", c.v.ID, err)
		}
		off := (at-oldStart+1440)%1440 + moved
		if off < 0 || off+b.DurationMinutes > newDur {
			continue // the time off takes the break with it
		}
		earliest, latest := max(0, b.EarliestOffsetMinutes+moved), min(newDur-b.DurationMinutes, b.LatestOffsetMinutes+moved)
		earliest, latest = min(earliest, off), max(latest, off)
		shift.Breaks = append(shift.Breaks, schedule.Break{DurationMinutes: b.DurationMinutes, EarliestOffsetMinutes: earliest, LatestOffsetMinutes: latest, Paid: b.Paid})
		next.Breaks = append(next.Breaks, breaks[i])
	}
	root, _, _ := strings.Cut(tmpl.ID, "@")
	shift.ID = fmt.Sprintf("%s@%s/%d", root, next.Start, newDur)
	next.Shift = shift.ID
	return shift, next, nil
}

// problemWith is the version's problem with the changed shift's template
// added (unless an earlier change made the same one): it may not follow
// what the old one may not, and the agent may work it where she could
// work the old one. The version's own problem is left as it was.
func (c *shiftChange) problemWith(shift schedule.Shift) schedule.Problem {
	tmpl := c.tmpl
	p := c.v.Problem
	p.Shifts = slices.Clone(p.Shifts)
	known := false
	for i := range p.Shifts {
		if p.Shifts[i].ID == shift.ID {
			known = true
		}
		if slices.Contains(p.Shifts[i].CannotBeFollowedBy, tmpl.ID) && !slices.Contains(p.Shifts[i].CannotBeFollowedBy, shift.ID) {
			p.Shifts[i].CannotBeFollowedBy = append(slices.Clone(p.Shifts[i].CannotBeFollowedBy), shift.ID)
		}
	}
	if !known {
		if slices.Contains(shift.CannotBeFollowedBy, tmpl.ID) {
			shift.CannotBeFollowedBy = append(shift.CannotBeFollowedBy, shift.ID)
		}
		p.Shifts = append(p.Shifts, shift)
	}
	p.Agents = slices.Clone(p.Agents)
	for i := range p.Agents {
		a := &p.Agents[i]
		if a.ID == c.agent && len(a.Shifts) > 0 && slices.Contains(a.Shifts, tmpl.ID) && !slices.Contains(a.Shifts, shift.ID) {
			a.Shifts = append(slices.Clone(a.Shifts), shift.ID)
		}
	}
	return p
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// StretchError is the error of a stretch that breaks rules: Invalid, the
// broken rules as its fields.
func StretchError(added []schedule.Violation) error {
	return violationError("the change breaks rules of the agent's contract", added)
}

// PublishStretch applies a checked stretch to the published version v in
// the caller's transaction (which holds the site's lock): a new published
// version based on v supersedes it, as an applied swap does, so that the
// change reaches the agent's schedule, her calendar feed and the strain
// indicators (a published change of her day). detail goes to the audit.
func PublishStretch(ctx context.Context, st *store.Store, tx bun.IDB, a store.Actor, v *store.ScheduleVersion, s *Stretched, detail map[string]any) (*store.ScheduleVersion, error) {
	now := st.Now().UTC()
	next := *v
	next.ID, next.BasedOn, next.CreatedBy, next.PublishedAt, next.PublishedBy = 0, &v.ID, a.Ref(), &now, a.Ref()
	next.Problem, next.Solution = s.Problem, s.Solution
	next.Objective, next.Feasible, next.Violations = s.Solution.Objective, s.Solution.Feasible, s.Solution.Violations
	if next.Violations == nil {
		next.Violations = []schedule.Violation{}
	}
	if detail == nil {
		detail = map[string]any{}
	}
	detail["based_on"], detail["before"], detail["after"] = v.ID, s.Before, s.After
	if err := st.InsertScheduleVersion(ctx, tx, a, &next, detail); err != nil {
		return nil, err
	}
	if err := supersedeOverlapping(ctx, st, tx, a, &next); err != nil {
		return nil, err
	}
	return &next, nil
}
