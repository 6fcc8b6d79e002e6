package rostering

import (
	"context"
	"errors"
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

// ActivityRequest is a supervisor's request for a meeting, a training
// session or coaching: who (agents, or a team), how long, within which
// days and hours, together or each on her own. The product places it in
// the roster where it costs the service least (schedule.PlanActivity).
type ActivityRequest struct {
	Version         int64      `json:"version"` // the schedule version read
	Kind            string     `json:"kind"`    // meeting | training | coaching
	Title           string     `json:"title"`
	AgentIDs        []int64    `json:"agent_ids,omitempty"`
	TeamID          int64      `json:"team_id,omitempty"` // every active agent of the team, with agent_ids or instead
	DurationMinutes int        `json:"duration_minutes"`
	From            civil.Date `json:"from"`                // first date
	To              civil.Date `json:"to"`                  // last date, inclusive
	FromTime        string     `json:"from_time,omitempty"` // HH:MM: not before (default 00:00)
	ToTime          string     `json:"to_time,omitempty"`   // HH:MM: ended by (default 24:00)
	Together        bool       `json:"together"`            // one common slot; else each on her own
	// Apply writes the activity into the roster (a draft is edited, a
	// published version makes a new draft based on it); else the answer
	// is only the plan.
	Apply bool `json:"apply"`
	// Publish, with Apply, publishes the result at once, so that agents
	// see it on their schedule and calendar.
	Publish bool `json:"publish"`
}

// AgentActivity is one agent's placed activity.
type AgentActivity struct {
	AgentID int64      `json:"agent_id"`
	Agent   string     `json:"agent"` // code
	Name    string     `json:"name"`
	Date    civil.Date `json:"date"`
	Start   string     `json:"start"` // wall clock of the site, HH:MM
	End     string     `json:"end"`
	Cost    float64    `json:"cost"` // what her absence adds to the roster's objective
}

// ActivityRefusal is an agent the activity could not be given, and why
// (no_shift, no_slot, not_at_slot, rules; see schedule.Unplaced).
type ActivityRefusal struct {
	AgentID int64  `json:"agent_id"`
	Agent   string `json:"agent"`
	Name    string `json:"name"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// ActivityInterval is one interval the activity touches: the agents
// wanted and those on the queues before and after.
type ActivityInterval struct {
	Date     civil.Date `json:"date"`
	Start    string     `json:"start"`
	Skill    string     `json:"skill,omitempty"`
	Required float64    `json:"required"`
	Before   float64    `json:"before"`
	After    float64    `json:"after"`
}

// ActivityResult is the plan, and the version it was written to when
// applied.
type ActivityResult struct {
	Kind               string             `json:"kind"`
	Title              string             `json:"title"`
	Placed             []AgentActivity    `json:"placed"`
	Unplaced           []ActivityRefusal  `json:"unplaced"`
	ObjectiveBefore    float64            `json:"objective_before"`
	ObjectiveAfter     float64            `json:"objective_after"`
	Cost               float64            `json:"cost"`
	UnderstaffedBefore float64            `json:"understaffed_minutes_before"`
	UnderstaffedAfter  float64            `json:"understaffed_minutes_after"`
	Intervals          []ActivityInterval `json:"intervals"`
	// Service is the simulated service level of each queue of the site on
	// each day the activity touches, with the roster before and after
	// (the roster simulation, same seed both sides); empty when the site
	// has no forecast requirement those days.
	Service []ActivityService `json:"service"`
	// ServiceNote says why Service is empty when the simulation could not
	// run (a roster on another interval grid).
	ServiceNote string `json:"service_note,omitempty"`
	Applied     bool   `json:"applied"`
	// Schedule is the version written (applied), without its contents.
	Schedule *store.ScheduleVersion `json:"schedule,omitempty"`
}

// ActivityService is one queue's simulated day, before and after the
// activity.
type ActivityService struct {
	Queue    string     `json:"queue"` // code
	Date     civil.Date `json:"date"`
	SLTarget float64    `json:"sl_target"`
	Before   *float64   `json:"service_level_before"` // nil without contacts
	After    *float64   `json:"service_level_after"`
}

// check reads the request's own fields: what the roster does not decide.
func (r ActivityRequest) check() (from, to int, err error) {
	f := fault.FieldErrors{}
	if !schedule.IsActivityKind(r.Kind) {
		f.Add("kind", "%q, want one of %s", r.Kind, strings.Join(schedule.ActivityKinds, ", "))
	}
	if strings.TrimSpace(r.Title) == "" {
		f.Add("title", "required: what people will read on their schedule")
	} else if err := limits.Name.Check(r.Title); err != nil {
		f.Add("title", "%v", err)
	}
	if len(r.AgentIDs) == 0 && r.TeamID == 0 {
		f.Add("agent_ids", "name the agents, or a team (team_id)")
	}
	if len(r.AgentIDs) > 500 {
		f.Add("agent_ids", "%d agents, at most 500", len(r.AgentIDs))
	}
	if r.DurationMinutes < 1 || r.DurationMinutes > 720 {
		f.Add("duration_minutes", "%d, want 1 to 720", r.DurationMinutes)
	}
	for _, d := range []struct {
		field string
		value civil.Date
	}{{"from", r.From}, {"to", r.To}} {
		if d.value.IsZero() {
			f.Add(d.field, "required: a date YYYY-MM-DD")
		}
	}
	if _, ok := f["to"]; !ok && !r.From.IsZero() && r.To.Before(r.From) {
		f.Add("to", "%s is before from (%s)", r.To, r.From)
	}
	from, to = 0, 1440
	if r.FromTime != "" {
		if from, err = schedule.ParseClock(r.FromTime); err != nil {
			f.Add("from_time", "%v", err)
		}
	}
	if r.ToTime != "" && r.ToTime != "24:00" {
		if to, err = schedule.ParseClock(r.ToTime); err != nil {
			f.Add("to_time", "%v", err)
		}
	}
	if _, bad := f["to_time"]; !bad && to <= from {
		f.Add("to_time", "%s is not after from_time %s", schedule.FormatClock(to), schedule.FormatClock(from))
	} else if !bad && r.DurationMinutes > 0 && to-from < r.DurationMinutes {
		f.Add("to_time", "%s to %s is shorter than %d minutes", schedule.FormatClock(from), schedule.FormatClock(to), r.DurationMinutes)
	}
	return from, to, f.Err("activity")
}

// ScheduleActivity places a meeting, training session or coaching in a
// roster version where it costs the service least, keeping every rule
// the roster keeps, and says where it went, what it costs and who could
// not be placed and why. With Apply, the activity is written as a
// checked edit: a draft is changed, a published version makes a new draft
// based on it (published at once with Publish); audited. Only agents of
// the supervisor's teams may be asked for.
func ScheduleActivity(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, id int64, r ActivityRequest) (*ActivityResult, error) {
	fromMin, toMin, err := r.check()
	if err != nil {
		return nil, err
	}
	people, err := activityPeople(ctx, st, sc, r)
	if err != nil {
		return nil, err
	}
	var out *ActivityResult
	var before, after *store.ScheduleVersion // for the simulation, after the transaction
	err = st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		v, err := activityVersion(ctx, st, tx, sc, id, r)
		if err != nil {
			return err
		}
		first, last, err := activityDays(v, r)
		if err != nil {
			return err
		}
		codes, byCode := agentCodes(people)
		plan, err := planActivity(v, schedule.ActivityRequest{Kind: r.Kind, Title: strings.TrimSpace(r.Title), Agents: codes,
			DurationMinutes: r.DurationMinutes, FirstDay: first, LastDay: last, From: fromMin, To: toMin, Together: r.Together})
		if err != nil {
			return err
		}
		out = activityResult(v, r, plan, byCode)
		if len(plan.Placed) > 0 {
			b, a := *v, *v
			a.Solution = plan.Solution
			before, after = &b, &a
		}
		if !r.Apply || len(plan.Placed) == 0 {
			if r.Apply && len(plan.Placed) == 0 {
				return &fault.Error{Code: fault.Invalid, Message: "nobody could be given the activity",
					Fields: map[string]string{"agent_ids": refusalText(out.Unplaced)}}
			}
			return nil
		}
		return activityEdit{st: st, tx: tx, actor: a, v: v, r: r, plan: plan, out: out}.apply(ctx)
	})
	if err != nil {
		return nil, err
	}
	if before != nil {
		// Simulated outside the transaction: it reads the forecast and
		// queues, and an open SQLite transaction holds the one connection.
		// The activity is placed (and, applied, committed) whatever the
		// simulation says: a failure of it is a note, not an error.
		if sv, err := activityService(ctx, st, before, after, out.Placed); err != nil {
			out.ServiceNote = err.Error()
		} else {
			out.Service = sv
		}
	}
	return out, nil
}

// activityVersion reads the version the activity is placed in, in the
// supervisor's scope: under the site's lock when it is to be published,
// at the version the request read when it is to be applied, and never a
// superseded one.
func activityVersion(ctx context.Context, st *store.Store, tx bun.Tx, sc store.Scope, id int64, r ActivityRequest) (*store.ScheduleVersion, error) {
	v, err := st.GetScheduleVersionTx(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := st.SiteInScopeTx(ctx, tx, sc, v.SiteID); err != nil {
		return nil, err
	}
	if r.Apply && r.Publish {
		// As Publish: a site's publications one at a time; read the
		// version again under the lock.
		if err := st.LockSite(ctx, tx, v.SiteID); err != nil {
			return nil, err
		}
		if v, err = st.GetScheduleVersionTx(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	if r.Apply && r.Version != v.Version {
		return nil, fault.Errorf(fault.Conflict, "schedule %d was changed by someone else (version %d, you read version %d): reload and try again", id, v.Version, r.Version)
	}
	if v.Status == store.ScheduleSuperseded {
		return nil, fault.Errorf(fault.Invalid, "schedule %d is superseded: place the activity in the current version", id)
	}
	return v, nil
}

// activityDays checks the request against the version: its dates within
// the schedule, its duration on the roster's grid. It returns the first
// and last day as indexes of the version.
func activityDays(v *store.ScheduleVersion, r ActivityRequest) (first, last int, err error) {
	first, last = r.From.DaysSince(v.StartDate), r.To.DaysSince(v.StartDate)
	f := fault.FieldErrors{}
	if first < 0 || first >= v.Days {
		f.Add("from", "%s is outside the schedule (%s to %s)", r.From, v.StartDate, v.StartDate.AddDays(v.Days-1).String())
	}
	if last < 0 || last >= v.Days {
		f.Add("to", "%s is outside the schedule (%s to %s)", r.To, v.StartDate, v.StartDate.AddDays(v.Days-1).String())
	}
	if grid := v.Problem.IntervalMinutes; grid > 0 && r.DurationMinutes%grid != 0 {
		f.Add("duration_minutes", "%d is not a multiple of the roster's %d-minute intervals", r.DurationMinutes, grid)
	}
	return first, last, f.Err("activity")
}

// agentCodes are the agents' codes, as the roster names them, and the
// agents by code.
func agentCodes(people []store.Agent) ([]string, map[string]store.Agent) {
	codes := make([]string, len(people))
	byCode := map[string]store.Agent{}
	for i, p := range people {
		codes[i], byCode[p.Code] = p.Code, p
	}
	return codes, byCode
}

// planActivity places the activity in the version's roster; a request the
// planner refuses is invalid.
func planActivity(v *store.ScheduleVersion, req schedule.ActivityRequest) (schedule.ActivityPlan, error) {
	plan, err := schedule.PlanActivity(v.Problem, v.Solution, req)
	if err != nil {
		var fe schedule.FieldErrors
		if errors.As(err, &fe) {
			return plan, &fault.Error{Code: fault.Invalid, Message: "invalid activity: " + err.Error()}
		}
		return plan, fmt.Errorf("plan the activity in schedule %d: %w", v.ID, err)
	}
	return plan, nil
}

// activityEdit is a planned activity being written into the roster, in
// the transaction that read the version.
type activityEdit struct {
	st    *store.Store
	tx    bun.Tx
	actor store.Actor
	v     *store.ScheduleVersion // the version read
	r     ActivityRequest
	plan  schedule.ActivityPlan
	out   *ActivityResult // told what was written
}

// apply writes the plan as a checked edit (publishing it when asked) and
// tells out the version written.
func (e activityEdit) apply(ctx context.Context) error {
	edited := *e.v
	edited.Solution = e.plan.Solution
	if _, err := recheck(&edited); err != nil {
		return err
	}
	if err := e.write(ctx, &edited); err != nil {
		return err
	}
	if e.r.Publish {
		if err := e.publish(ctx, &edited); err != nil {
			return err
		}
	}
	head := edited
	head.Problem, head.Solution = schedule.Problem{}, schedule.Solution{}
	e.out.Applied, e.out.Schedule = true, &head
	return nil
}

// write saves the edited roster, audited: a published version makes a new
// draft based on it (edited becomes that draft), a draft is updated.
func (e activityEdit) write(ctx context.Context, edited *store.ScheduleVersion) error {
	v, out := e.v, e.out
	detail := map[string]any{"activity": e.r.Kind, "title": out.Title, "together": e.r.Together, "placed": out.Placed,
		"unplaced": out.Unplaced, "cost": e.plan.Cost, "based_on": v.ID}
	if v.Status != store.SchedulePublished {
		return e.st.UpdateScheduleVersion(ctx, e.tx, e.actor, "activity", edited, detail)
	}
	draft := *edited
	draft.ID, draft.Status, draft.BasedOn, draft.CreatedBy, draft.PublishedAt, draft.PublishedBy = 0, store.ScheduleDraft, &v.ID, e.actor.Ref(), nil, nil
	if err := e.st.InsertScheduleVersion(ctx, e.tx, e.actor, &draft, nil); err != nil {
		return err
	}
	if err := e.st.Audit(ctx, e.tx, e.actor, "activity", "schedule", draft.ID, detail); err != nil {
		return err
	}
	*edited = draft
	return nil
}

// publish publishes the edited draft.
func (e activityEdit) publish(ctx context.Context, edited *store.ScheduleVersion) error {
	// A new draft of the published version read under the lock has
	// that version for base; a draft edited here may have a base
	// replaced since, as Publish refuses.
	if edited.ID == e.v.ID {
		if rep, replaced, err := replacedBase(ctx, e.st, e.tx, edited); err != nil {
			return err
		} else if replaced {
			return rep.conflict()
		}
	}
	return publishDraft(ctx, e.st, e.tx, e.actor, edited)
}

// activityService simulates the days the activity touches with the roster
// before and after it: what it costs each queue's service level.
func activityService(ctx context.Context, st *store.Store, before, after *store.ScheduleVersion, placed []AgentActivity) ([]ActivityService, error) {
	out := []ActivityService{}
	first, last := placed[0].Date, placed[0].Date
	for _, p := range placed {
		if p.Date.Before(first) {
			first = p.Date
		}
		if p.Date.After(last) {
			last = p.Date
		}
	}
	opt := RosterSimOptions{Seed: 1, From: first, To: last}
	b, err := simulateVersion(ctx, st, before, opt)
	if err != nil {
		return nil, fmt.Errorf("simulate the roster before the activity: %w", err)
	}
	a, err := simulateVersion(ctx, st, after, opt)
	if err != nil {
		return nil, fmt.Errorf("simulate the roster with the activity: %w", err)
	}
	days := map[civil.Date]bool{}
	for _, p := range placed {
		days[p.Date] = true
	}
	type queueDay struct {
		queue string
		date  civil.Date
	}
	afterDay := map[queueDay]SimulatedDay{}
	for _, q := range a.Queues {
		for _, d := range q.Days {
			afterDay[queueDay{q.Code, d.Date}] = d
		}
	}
	for _, q := range b.Queues {
		for _, d := range q.Days {
			if !days[d.Date] || d.ServiceLevel == nil {
				continue // not touched, or no contacts forecast
			}
			out = append(out, ActivityService{Queue: q.Code, Date: d.Date, SLTarget: q.SLTarget, Before: d.ServiceLevel,
				After: afterDay[queueDay{q.Code, d.Date}].ServiceLevel})
		}
	}
	return out, nil
}

// activityPeople are the agents asked for: those named and the active
// agents of the team, each of the supervisor's teams.
func activityPeople(ctx context.Context, st *store.Store, sc store.Scope, r ActivityRequest) ([]store.Agent, error) {
	var out []store.Agent
	seen := map[int64]bool{}
	for i, id := range r.AgentIDs {
		ag, err := st.GetAgentTx(ctx, st.DB(), id)
		if fault.CodeOf(err) == fault.NotFound {
			return nil, &fault.Error{Code: fault.Invalid, Message: "invalid activity", Fields: map[string]string{fmt.Sprintf("agent_ids[%d]", i): fmt.Sprintf("no agent %d", id)}}
		} else if err != nil {
			return nil, err
		}
		if !sc.HasTeam(ag.TeamID) {
			return nil, fault.Errorf(fault.Forbidden, "agent %d is not in your teams", ag.ID)
		}
		if !seen[ag.ID] {
			seen[ag.ID] = true
			out = append(out, *ag)
		}
	}
	if r.TeamID != 0 {
		if !sc.HasTeam(r.TeamID) {
			return nil, fault.Errorf(fault.Forbidden, "team %d is not one of your teams", r.TeamID)
		}
		team, err := st.ListAgents(ctx, store.Scope{TeamIDs: []int64{r.TeamID}})
		if err != nil {
			return nil, err
		}
		n := 0
		for _, ag := range team {
			if ag.Active && ag.TeamID == r.TeamID && !seen[ag.ID] {
				seen[ag.ID] = true
				out = append(out, ag)
				n++
			}
		}
		if n == 0 && len(r.AgentIDs) == 0 {
			return nil, &fault.Error{Code: fault.Invalid, Message: "invalid activity", Fields: map[string]string{"team_id": fmt.Sprintf("team %d has no active agents", r.TeamID)}}
		}
	}
	return out, nil
}

func activityResult(v *store.ScheduleVersion, r ActivityRequest, plan schedule.ActivityPlan, byCode map[string]store.Agent) *ActivityResult {
	out := &ActivityResult{Kind: r.Kind, Title: strings.TrimSpace(r.Title), Placed: []AgentActivity{}, Unplaced: []ActivityRefusal{}, Intervals: []ActivityInterval{}, Service: []ActivityService{},
		ObjectiveBefore: plan.Before, ObjectiveAfter: plan.After, Cost: plan.Cost,
		UnderstaffedBefore: plan.UnderstaffedBefore, UnderstaffedAfter: plan.UnderstaffedAfter}
	for _, p := range plan.Placed {
		ag := byCode[p.Agent]
		out.Placed = append(out.Placed, AgentActivity{AgentID: ag.ID, Agent: p.Agent, Name: ag.Name, Date: v.StartDate.AddDays(p.Day), Start: p.Start, End: p.End, Cost: p.Cost})
	}
	for _, u := range plan.Unplaced {
		ag := byCode[u.Agent]
		out.Unplaced = append(out.Unplaced, ActivityRefusal{AgentID: ag.ID, Agent: u.Agent, Name: ag.Name, Reason: u.Reason, Message: u.Message})
	}
	sort.SliceStable(out.Unplaced, func(i, j int) bool { return out.Unplaced[i].Agent < out.Unplaced[j].Agent })
	for _, iv := range plan.Intervals {
		out.Intervals = append(out.Intervals, ActivityInterval{Date: v.StartDate.AddDays(iv.Day), Start: iv.Start, Skill: iv.Skill, Required: iv.Required, Before: iv.Before, After: iv.After})
	}
	return out
}

func refusalText(us []ActivityRefusal) string {
	parts := make([]string, 0, len(us))
	for _, u := range us {
		parts = append(parts, u.Message)
	}
	return strings.Join(parts, "; ")
}
