package rostering

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
	"wfm/schedule"
	"wfm/store"
)

// ShiftEdit is a supervisor's change to one agent's day of a roster: the
// shift she works (none = a day off), when it starts, its skill and
// breaks. Breaks left out are kept when the shift and start are unchanged,
// else placed at the earliest time their windows allow.
type ShiftEdit struct {
	Version int64                     `json:"version"` // the schedule version read
	AgentID int64                     `json:"agent_id"`
	Date    civil.Date                `json:"date"`
	Shift   string                    `json:"shift"` // template code; "" = day off
	Start   string                    `json:"start"`
	Skill   string                    `json:"skill"`
	Breaks  []schedule.BreakPlacement `json:"breaks"`
	// Activities inside the shift (meetings, training, coaching): left
	// out, those of the day are kept (and the edit refused when the new
	// shift no longer holds them); an empty list removes them.
	Activities []schedule.ActivityPlacement `json:"activities"`
	Force      bool                         `json:"force"` // keep the edit even when it breaks rules
}

// check refuses texts no template code could be.
func (e ShiftEdit) check() error {
	f := fault.FieldErrors{}
	if e.Date.IsZero() {
		f.Add("date", "required: a date YYYY-MM-DD")
	}
	for _, t := range []struct{ field, value string }{{"shift", e.Shift}, {"start", e.Start}, {"skill", e.Skill}} {
		if err := limits.Code.Check(t.value); err != nil {
			f.Add(t.field, "%v", err)
		}
	}
	return f.Err("edit")
}

// EditSchedule applies an edit to a draft, or to a published version (the
// edit then makes a new draft based on it). The roster is re-checked: an
// edit that breaks a rule the roster kept before is refused with the
// broken rules as field errors, unless forced (the violations are then
// kept on the version and in the audit log). A version edited by someone
// else since it was read is a Conflict.
func EditSchedule(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, e ShiftEdit) (*store.ScheduleVersion, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	var out *store.ScheduleVersion
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		v, ag, day, err := editTarget(ctx, st, tx, sc, id, e)
		if err != nil {
			return err
		}
		before, err := schedule.Check(v.Problem, v.Solution)
		if err != nil {
			return fmt.Errorf("check schedule %d: %w", id, err)
		}
		old := findAssignment(v.Solution, ag.Code, day)
		next, err := editedAssignment(v.Problem, ag.Code, day, e, old)
		if err != nil {
			return err
		}
		edited := *v
		edited.Solution.Assignments = replaceAssignment(v.Solution.Assignments, ag.Code, day, next)
		rep, err := recheck(&edited)
		if err != nil {
			return err
		}
		added := newViolations(before.Violations, rep.Violations)
		if len(added) > 0 && !e.Force {
			return violationError("the edit breaks rules the roster kept (send force to keep it anyway)", added)
		}
		detail := map[string]any{"agent": ag.Code, "date": e.Date, "before": old, "after": next, "forced": e.Force && len(added) > 0, "violations": added}
		out, err = saveEdit(ctx, st, tx, a, v, edited, detail)
		return err
	})
	return out, err
}

// editTarget reads what an edit changes: the version, at the version the
// edit was made on and not superseded; the agent, of the supervisor's
// teams and on the schedule; the day, as an index of the version.
func editTarget(ctx context.Context, st *store.Store, tx bun.Tx, sc store.Scope, id int64, e ShiftEdit) (*store.ScheduleVersion, *store.Agent, int, error) {
	v, err := st.GetScheduleVersionTx(ctx, tx, id)
	if err != nil {
		return nil, nil, 0, err
	}
	if e.Version != v.Version {
		return nil, nil, 0, fault.Errorf(fault.Conflict, "schedule %d was changed by someone else (version %d, you edited version %d): reload and try again", id, v.Version, e.Version)
	}
	if v.Status == store.ScheduleSuperseded {
		return nil, nil, 0, fault.Errorf(fault.Invalid, "schedule %d is superseded: edit the current version", id)
	}
	ag, err := st.GetAgentTx(ctx, tx, e.AgentID)
	if err != nil {
		return nil, nil, 0, err
	}
	if !sc.HasTeam(ag.TeamID) {
		return nil, nil, 0, fault.Errorf(fault.Forbidden, "agent %d is not in your teams", ag.ID)
	}
	if !hasAgent(v.Problem, ag.Code) {
		return nil, nil, 0, &fault.Error{Code: fault.Invalid, Message: "invalid edit", Fields: map[string]string{"agent_id": fmt.Sprintf("agent %s is not on schedule %d", ag.Code, id)}}
	}
	day := e.Date.DaysSince(v.StartDate)
	if day < 0 || day >= v.Days {
		return nil, nil, 0, &fault.Error{Code: fault.Invalid, Message: "invalid edit", Fields: map[string]string{"date": fmt.Sprintf("%s is outside the schedule (%s to %s)", e.Date, v.StartDate, v.StartDate.AddDays(v.Days-1).String())}}
	}
	return v, ag, day, nil
}

// saveEdit writes the edited roster of version v, audited: a draft is
// updated; a published version makes a new draft based on it, returned
// even when its audit entry then fails (as it always was).
func saveEdit(ctx context.Context, st *store.Store, tx bun.Tx, a store.Actor, v *store.ScheduleVersion, edited store.ScheduleVersion, detail map[string]any) (*store.ScheduleVersion, error) {
	if v.Status == store.SchedulePublished {
		draft := edited
		draft.ID, draft.Status, draft.BasedOn, draft.CreatedBy, draft.PublishedAt, draft.PublishedBy = 0, store.ScheduleDraft, &v.ID, a.Ref(), nil, nil
		if err := st.InsertScheduleVersion(ctx, tx, a, &draft, nil); err != nil {
			return nil, err
		}
		return &draft, st.Audit(ctx, tx, a, "edit", "schedule", draft.ID, detail)
	}
	if err := st.UpdateScheduleVersion(ctx, tx, a, "edit", &edited, detail); err != nil {
		return nil, err
	}
	return &edited, nil
}

func hasAgent(p schedule.Problem, code string) bool {
	for _, a := range p.Agents {
		if a.ID == code {
			return true
		}
	}
	return false
}

// violationError lists broken rules as the fields of an invalid error.
func violationError(msg string, vs []schedule.Violation) error {
	f := map[string]string{}
	for i, v := range vs {
		f[fmt.Sprintf("violations[%d]", i)] = violationText(v)
	}
	return &fault.Error{Code: fault.Invalid, Message: msg, Fields: f, Violations: vs}
}

func violationText(v schedule.Violation) string {
	where := v.Agent
	if v.Day != nil {
		where += fmt.Sprintf(" day %d", *v.Day)
	}
	return fmt.Sprintf("%s (%s): %s", v.Rule, strings.TrimSpace(where), stripAssignmentIndex(v.Message))
}

// stripAssignmentIndex drops the checker's "assignments[i]: " prefix,
// which moves when the list changes.
func stripAssignmentIndex(msg string) string {
	if strings.HasPrefix(msg, "assignments[") {
		if _, rest, ok := strings.Cut(msg, "]: "); ok {
			return rest
		}
	}
	return msg
}

// newViolations are the violations of after that before did not have.
func newViolations(before, after []schedule.Violation) []schedule.Violation {
	key := func(v schedule.Violation) string {
		d := -1
		if v.Day != nil {
			d = *v.Day
		}
		return fmt.Sprintf("%s|%s|%d|%s", v.Rule, v.Agent, d, stripAssignmentIndex(v.Message))
	}
	seen := map[string]int{}
	for _, v := range before {
		seen[key(v)]++
	}
	var out []schedule.Violation
	for _, v := range after {
		if k := key(v); seen[k] > 0 {
			seen[k]--
		} else {
			out = append(out, v)
		}
	}
	return out
}

func findAssignment(sol schedule.Solution, agent string, day int) *schedule.Assignment {
	for i := range sol.Assignments {
		if sol.Assignments[i].Agent == agent && sol.Assignments[i].Day == day {
			as := sol.Assignments[i]
			return &as
		}
	}
	return nil
}

// replaceAssignment is as with the agent's day replaced by next (nil =
// day off), in a new slice.
func replaceAssignment(as []schedule.Assignment, agent string, day int, next *schedule.Assignment) []schedule.Assignment {
	out := make([]schedule.Assignment, 0, len(as)+1)
	for _, x := range as {
		if x.Agent != agent || x.Day != day {
			out = append(out, x)
		}
	}
	if next != nil {
		out = append(out, *next)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Agent != out[j].Agent {
			return out[i].Agent < out[j].Agent
		}
		return out[i].Day < out[j].Day
	})
	return out
}

// editedAssignment is what the edit puts on the agent's day.
func editedAssignment(p schedule.Problem, agent string, day int, e ShiftEdit, old *schedule.Assignment) (*schedule.Assignment, error) {
	if e.Shift == "" {
		return nil, nil
	}
	var sh *schedule.Shift
	for i := range p.Shifts {
		if p.Shifts[i].ID == e.Shift {
			sh = &p.Shifts[i]
		}
	}
	if sh == nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid edit", Fields: map[string]string{"shift": fmt.Sprintf("%q is not a shift of this schedule", e.Shift)}}
	}
	next := &schedule.Assignment{Agent: agent, Day: day, Shift: e.Shift, Start: e.Start, Skill: e.Skill, Breaks: e.Breaks, Activities: e.Activities}
	if next.Activities == nil && old != nil {
		next.Activities = old.Activities
	}
	if next.Start == "" {
		next.Start = sh.Start
		if old != nil && old.Shift == e.Shift && old.Start != "" {
			next.Start = old.Start
		}
	}
	startMin, err := schedule.ParseClock(next.Start)
	if err != nil {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid edit", Fields: map[string]string{"start": err.Error()}}
	}
	if next.Skill == "" && old != nil {
		next.Skill = old.Skill
	}
	if next.Breaks == nil {
		if old != nil && old.Shift == e.Shift && old.Start == next.Start {
			next.Breaks = old.Breaks
		} else {
			grid := p.IntervalMinutes
			for _, b := range sh.Breaks {
				off := b.EarliestOffsetMinutes
				for (startMin+off)%grid != 0 && off < b.LatestOffsetMinutes {
					off++
				}
				next.Breaks = append(next.Breaks, schedule.BreakPlacement{Start: schedule.FormatClock((startMin + off) % 1440), DurationMinutes: b.DurationMinutes})
			}
		}
	}
	return next, nil
}

// Publish makes a draft the roster agents follow; published versions of
// the site that overlap its period become superseded. A draft edited from
// a published version that has since been replaced (another draft of it
// published, a swap applied) is a Conflict: publishing it would silently
// undo what replaced it.
func Publish(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id, version int64) (*store.ScheduleVersion, error) {
	var out *store.ScheduleVersion
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		v, err := st.GetScheduleVersionTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := st.SiteInScopeTx(ctx, tx, sc, v.SiteID); err != nil {
			return err
		}
		// Publications of a site one at a time, so that the base read
		// below is still the published one when this commits; read the
		// version again under the lock.
		if err := st.LockSite(ctx, tx, v.SiteID); err != nil {
			return err
		}
		if v, err = st.GetScheduleVersionTx(ctx, tx, id); err != nil {
			return err
		}
		if v.Version != version {
			return fault.Errorf(fault.Conflict, "schedule %d was changed by someone else (version %d, you read version %d): reload and try again", id, v.Version, version)
		}
		if v.Status != store.ScheduleDraft {
			return fault.Errorf(fault.Invalid, "schedule %d is %s: only a draft is published", id, v.Status)
		}
		if r, replaced, err := replacedBase(ctx, st, tx, v); err != nil {
			return err
		} else if replaced {
			return r.conflict()
		}
		if err := publishDraft(ctx, st, tx, a, v); err != nil {
			return err
		}
		out = v
		return nil
	})
	return out, err
}

// publishDraft publishes draft v within tx, its site locked and its base
// checked by the caller: the versions it overlaps become superseded.
func publishDraft(ctx context.Context, st *store.Store, tx bun.IDB, a store.Actor, v *store.ScheduleVersion) error {
	if err := supersedeOverlapping(ctx, st, tx, a, v); err != nil {
		return err
	}
	now := st.Now().UTC()
	v.Status, v.PublishedAt, v.PublishedBy = store.SchedulePublished, &now, a.Ref()
	if err := st.UpdateScheduleVersion(ctx, tx, a, "publish", v,
		map[string]any{"start_date": v.StartDate, "days": v.Days, "objective": v.Objective, "feasible": v.Feasible}); err != nil {
		return err
	}
	return rosterPublished(ctx, st, tx, v)
}

// supersedeOverlapping marks superseded, within tx, the published
// versions of v's site whose period overlaps v's (v is being published,
// or was inserted published): one roster per site and day is followed.
func supersedeOverlapping(ctx context.Context, st *store.Store, tx bun.IDB, a store.Actor, v *store.ScheduleVersion) error {
	published, err := st.PublishedOverTx(ctx, tx, v.SiteID, v.StartDate.String(), v.EndDate().String())
	if err != nil {
		return err
	}
	for _, old := range published {
		if old.ID == v.ID {
			continue
		}
		if err := st.SupersedeScheduleTx(ctx, tx, a, old.ID, v.ID); err != nil {
			return err
		}
	}
	return nil
}

// BaseReplacement is why a draft may no longer be published: the
// published version it was edited from has been replaced since.
type BaseReplacement struct {
	DraftID, BaseID int64
	// Current is the version now published over the draft's period, nil
	// when none is.
	Current *store.ScheduleVersion
	// PublishedBy is the display name of who published Current, "" when
	// nobody did by hand (a job, the demo).
	PublishedBy string
}

// ReplacedBase tells whether the published version a draft was edited
// from has been replaced since, and by what; false for a draft that was
// built rather than edited, and for any version that is not a draft.
func ReplacedBase(ctx context.Context, st *store.Store, v *store.ScheduleVersion) (BaseReplacement, bool, error) {
	return replacedBase(ctx, st, st.DB(), v)
}

func replacedBase(ctx context.Context, st *store.Store, db bun.IDB, v *store.ScheduleVersion) (BaseReplacement, bool, error) {
	r := BaseReplacement{DraftID: v.ID}
	if v.Status != store.ScheduleDraft || v.BasedOn == nil {
		return r, false, nil
	}
	r.BaseID = *v.BasedOn
	status, err := st.ScheduleStatusTx(ctx, db, r.BaseID)
	if err != nil {
		return r, false, fmt.Errorf("the base of schedule %d: %w", v.ID, err)
	}
	if status == store.SchedulePublished {
		return r, false, nil
	}
	current, err := st.PublishedOverTx(ctx, db, v.SiteID, v.StartDate.String(), v.EndDate().String())
	if err != nil {
		return r, false, err
	}
	if len(current) > 0 {
		r.Current = &current[0]
	}
	if r.Current != nil && r.Current.PublishedBy != nil {
		if r.PublishedBy, err = st.UserNameTx(ctx, db, *r.Current.PublishedBy); err != nil {
			return r, false, fmt.Errorf("who published schedule %d: %w", r.Current.ID, err)
		}
	}
	return r, true, nil
}

// conflict is the replacement as the error a publication meets.
func (r BaseReplacement) conflict() error {
	msg := fmt.Sprintf("schedule %d was edited from schedule %d, which is no longer the published roster", r.DraftID, r.BaseID)
	if c := r.Current; c != nil {
		by := cmp.Or(r.PublishedBy, "the system")
		when := ""
		if c.PublishedAt != nil {
			when = " at " + c.PublishedAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		msg += fmt.Sprintf(": schedule %d (version %d), published by %s%s, replaced it", c.ID, c.Version, by, when)
	}
	return fault.Errorf(fault.Conflict, "%s; publishing this draft would undo that: edit the published roster instead", msg)
}

// CreateSchedule keeps a roster made elsewhere (a solution of `wfm
// schedule solve`, or one a center kept before it used this product) as a
// draft of a site: its problem is validated, its solution checked against
// it and the violations kept, as for a roster built here. Publish it with
// Publish.
func CreateSchedule(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, v *store.ScheduleVersion) error {
	if err := st.SiteInScope(ctx, sc, v.SiteID); err != nil {
		return err
	}
	site, err := st.GetSite(ctx, v.SiteID)
	if err != nil {
		return err
	}
	if v.Problem.Timezone == "" {
		v.Problem.Timezone = site.Timezone
	}
	if v.Problem.Timezone != site.Timezone {
		return &fault.Error{Code: fault.Invalid, Message: "invalid schedule", Fields: map[string]string{
			"problem.timezone": fmt.Sprintf("%q is not the site's zone %q", v.Problem.Timezone, site.Timezone)}}
	}
	if v.StartDate.IsZero() {
		if v.Problem.StartDate.IsZero() {
			return &fault.Error{Code: fault.Invalid, Message: "invalid schedule", Fields: map[string]string{
				"problem.start_date": "missing, want a date YYYY-MM-DD"}}
		}
		v.StartDate = v.Problem.StartDate
	}
	if v.Days == 0 {
		v.Days = v.Problem.Days
	}
	if v.StartDate != v.Problem.StartDate || v.Days != v.Problem.Days {
		return &fault.Error{Code: fault.Invalid, Message: "invalid schedule", Fields: map[string]string{
			"start_date": fmt.Sprintf("%s + %d days differs from the problem's %s + %d days", v.StartDate, v.Days, v.Problem.StartDate, v.Problem.Days)}}
	}
	if err := v.Problem.Validate(); err != nil {
		return &fault.Error{Code: fault.Invalid, Message: "invalid schedule problem: " + err.Error()}
	}
	v.ID, v.Status, v.CreatedBy, v.PublishedAt, v.PublishedBy = 0, store.ScheduleDraft, a.Ref(), nil, nil
	if _, err := recheck(v); err != nil {
		return &fault.Error{Code: fault.Invalid, Message: err.Error()}
	}
	return st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return st.InsertScheduleVersion(ctx, tx, a, v, nil)
	})
}
