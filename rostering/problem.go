package rostering

import (
	"context"
	"errors"
	"math"
	"sort"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/schedule"
	"wfm/store"
)

// The weights a built problem prices demand with: a missing agent-interval
// costs ten surplus ones.
const (
	underWeight = 10
	overWeight  = 1
)

// maxProblemDays bounds the period of one roster.
const maxProblemDays = 62

// ProblemIndex maps the problem's string ids back to the database.
type ProblemIndex struct {
	AgentIDs map[string]int64 // agent code -> id
}

// BuildProblem gathers what a roster of a site for [start, start+days)
// must respect: the active agents of its teams with their skills,
// contracts (scaled to the horizon), approved time off (as days off) and
// shift preferences (as weighted requests), its shift templates, and the
// staffing requirements of its queues, summed per skill on a 15-minute
// local grid. notes says what was left out and why.
func BuildProblem(ctx context.Context, st *store.Store, siteID int64, start string, days int) (schedule.Problem, ProblemIndex, []store.BuildNote, error) {
	idx := ProblemIndex{AgentIDs: map[string]int64{}}
	site, err := st.GetSite(ctx, siteID)
	if err != nil {
		return schedule.Problem{}, idx, nil, err
	}
	day0, err := civil.ParseIn(start, nil)
	if err != nil || days < 1 || days > maxProblemDays {
		return schedule.Problem{}, idx, nil, &fault.Error{Code: fault.Invalid, Message: "invalid schedule period", Fields: map[string]string{
			"start_date": "a date YYYY-MM-DD", "days": "1 to 62"}}
	}
	b := &problemBuilder{st: st, siteID: siteID, start: start, days: days, day0: day0, loc: site.Location(), idx: idx,
		p: schedule.Problem{StartDate: civil.Of(day0, nil), Days: days, IntervalMinutes: 15, Timezone: site.Timezone, Shifts: []schedule.Shift{}}}
	if err := b.loadCatalogue(ctx); err != nil {
		return b.p, b.idx, nil, err
	}
	agents, err := b.siteAgents(ctx)
	if err != nil {
		return b.p, b.idx, nil, err
	}
	if err := b.addAgents(ctx, agents); err != nil {
		return b.p, b.idx, nil, err
	}
	b.addShifts()
	if err := b.addDemand(ctx); err != nil {
		return b.p, b.idx, nil, err
	}
	if err := b.p.Validate(); err != nil {
		return b.p, b.idx, b.notes, problemError(err)
	}
	return b.p, b.idx, b.notes, nil
}

// problemBuilder is a roster problem of a site being gathered, step by
// step, with what the steps learn along the way.
type problemBuilder struct {
	st     *store.Store
	siteID int64
	start  string // the first day, YYYY-MM-DD
	days   int
	day0   time.Time // start, midnight UTC
	loc    *time.Location

	p     schedule.Problem
	idx   ProblemIndex
	notes []store.BuildNote

	templates []store.ShiftTemplate // the site's
	known     map[string]bool       // template codes of the site
	skillName map[int64]string      // skill id -> name
	used      map[string]bool       // templates some agent of the problem may work
	hasSkill  map[string]bool       // skills some agent of the problem has
}

// loadCatalogue reads the site's shift templates and the skills' names.
func (b *problemBuilder) loadCatalogue(ctx context.Context) error {
	templates, err := b.st.ListShiftTemplates(ctx, b.siteID)
	if err != nil {
		return err
	}
	b.templates = templates
	b.known = map[string]bool{}
	for _, t := range templates {
		b.known[t.Code] = true
	}
	skills, err := b.st.ListSkills(ctx)
	if err != nil {
		return err
	}
	b.skillName = map[int64]string{}
	for _, k := range skills {
		b.skillName[k.ID] = k.Name
	}
	return nil
}

// siteAgents are the active agents of the site's teams.
func (b *problemBuilder) siteAgents(ctx context.Context) ([]store.Agent, error) {
	teams, err := b.st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	siteTeam := map[int64]bool{}
	for _, t := range teams {
		siteTeam[t.ID] = t.SiteID == b.siteID
	}
	all, err := b.st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	var agents []store.Agent
	for _, a := range all {
		if a.Active && siteTeam[a.TeamID] {
			agents = append(agents, a)
		}
	}
	return agents, nil
}

// addAgents reads the agents' approved time off and shift preferences over
// the period and adds each agent to the problem with her contract's rules;
// an agent none of whose templates the site has is left out, noted.
func (b *problemBuilder) addAgents(ctx context.Context, agents []store.Agent) error {
	var agentIDs []int64
	for _, a := range agents {
		agentIDs = append(agentIDs, a.ID)
	}
	off, err := b.st.ApprovedDaysOff(ctx, agentIDs, b.start, addDays(b.start, b.days))
	if err != nil {
		return err
	}
	prefs, err := b.st.PreferencesByAgent(ctx, agentIDs, b.start, addDays(b.start, b.days))
	if err != nil {
		return err
	}
	b.used, b.hasSkill = map[string]bool{}, map[string]bool{}
	for _, a := range agents {
		var daysOff []int
		for _, date := range off[a.ID] {
			if d, err := dayIndex(b.start, date); err == nil && d >= 0 && d < b.days {
				daysOff = append(daysOff, d)
			}
		}
		pa := contractAgent(a, b.skillName, b.known, b.days, daysOff)
		pa.Requests = agentRequests(prefs[a.ID], b.start, b.days, pa, b.templates)
		if len(a.Contract.ShiftTemplates) > 0 && len(pa.Shifts) == 0 {
			b.notes = append(b.notes, store.BuildNote{Kind: store.NoteAgentWithoutTemplate, Subject: a.Code, Templates: a.Contract.ShiftTemplates})
			continue
		}
		for _, id := range pa.Shifts {
			b.used[id] = true
		}
		if len(pa.Shifts) == 0 {
			for id := range b.known {
				b.used[id] = true
			}
		}
		for _, k := range pa.Skills {
			b.hasSkill[k] = true
		}
		b.idx.AgentIDs[a.Code] = a.ID
		b.p.Agents = append(b.p.Agents, pa)
	}
	return nil
}

// addShifts adds the templates some agent may work, each forbidding only
// followers that are in the problem too; the others are noted unused.
func (b *problemBuilder) addShifts() {
	for _, t := range b.templates {
		if !b.used[t.Code] {
			b.notes = append(b.notes, store.BuildNote{Kind: store.NoteTemplateUnused, Subject: t.Code})
			continue
		}
		sh := t.Shift()
		sh.CannotBeFollowedBy = nil
		for _, id := range t.CannotBeFollowedBy {
			if b.used[id] {
				sh.CannotBeFollowedBy = append(sh.CannotBeFollowedBy, id)
			}
		}
		b.p.Shifts = append(b.p.Shifts, sh)
	}
}

// addDemand reads the requirements of the site's queues over the period
// (local midnights) and adds them as the demand per skill.
func (b *problemBuilder) addDemand(ctx context.Context) error {
	queues, err := b.st.ListQueues(ctx)
	if err != nil {
		return err
	}
	queueSkill := map[int64]string{}
	var queueIDs []int64
	for _, q := range queues {
		if q.SiteID != b.siteID {
			continue
		}
		name := ""
		if q.SkillID != nil {
			name = b.skillName[*q.SkillID]
		}
		queueSkill[q.ID] = name
		queueIDs = append(queueIDs, q.ID)
	}
	if len(queueIDs) == 0 {
		return nil
	}
	d0 := b.day0
	from := time.Date(d0.Year(), d0.Month(), d0.Day(), 0, 0, 0, 0, b.loc)
	to := time.Date(d0.Year(), d0.Month(), d0.Day()+b.days, 0, 0, 0, 0, b.loc)
	reqs, err := b.st.Requirements(ctx, queueIDs, from, to)
	if err != nil {
		return err
	}
	b.p.Demand.Intervals, b.notes = intervalDemand(reqs, queueSkill, b.hasSkill, b.day0, b.days, b.loc, b.notes)
	return nil
}

// problemError turns the schedule problem's field errors into an invalid
// error naming the same fields.
func problemError(err error) error {
	var fes schedule.FieldErrors
	if !errors.As(err, &fes) {
		return err
	}
	f := fault.FieldErrors{}
	for _, fe := range fes {
		f.Add("problem."+fe.Field, "%s", fe.Message)
	}
	return f.Err("schedule problem")
}

// contractAgent maps an agent's contract to the problem's rules over a
// horizon of days: weekly minutes scale with the days she can work,
// weekends per four weeks with the horizon.
func contractAgent(a store.Agent, skillName map[int64]string, known map[string]bool, days int, daysOff []int) schedule.Agent {
	c := a.Contract
	pa := schedule.Agent{ID: a.Code, DaysOff: daysOff}
	for _, sk := range a.Skills {
		if name := skillName[sk.SkillID]; name != "" {
			pa.Skills = append(pa.Skills, name)
		}
	}
	for _, id := range c.ShiftTemplates {
		if known[id] {
			pa.Shifts = append(pa.Shifts, id)
		}
	}
	ptr := func(v int) *int { return &v }
	workable := days - len(daysOff)
	if c.WeeklyMinutesMin > 0 {
		pa.MinMinutes = ptr(c.WeeklyMinutesMin * workable / 7)
	}
	if c.WeeklyMinutesMax > 0 {
		pa.MaxMinutes = ptr((c.WeeklyMinutesMax*days + 6) / 7)
	}
	if c.MaxConsecutiveDays > 0 {
		pa.MaxConsecutiveShifts = ptr(c.MaxConsecutiveDays)
	}
	if c.MinConsecutiveDaysOff > 0 {
		pa.MinConsecutiveDaysOff = ptr(c.MinConsecutiveDaysOff)
	}
	if c.MinRestMinutes > 0 {
		pa.MinRestMinutes = ptr(c.MinRestMinutes)
	}
	if c.MaxWeekendsPer4Weeks > 0 {
		pa.MaxWeekends = ptr((c.MaxWeekendsPer4Weeks*days + 27) / 28)
	}
	return pa
}

// rosterSlotMinutes is the wall-clock grid the roster builder and the
// roster simulation spread requirements on.
const rosterSlotMinutes = 15

// requirementSlots places a requirement on the local rosterSlotMinutes grid
// of a horizon of days from day0: its day, the slots [first, end) it covers
// that day, and span, how many slots its interval holds (end-first is less
// when it runs past midnight). ok is false outside the horizon.
func requirementSlots(r store.Requirement, day0 time.Time, days int, loc *time.Location) (day, first, end, span int, ok bool) {
	local := r.IntervalStart.In(loc)
	date := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	day = int(math.Round(date.Sub(day0).Hours() / 24))
	if day < 0 || day >= days {
		return 0, 0, 0, 0, false
	}
	first = (local.Hour()*60 + local.Minute()) / rosterSlotMinutes
	span = max(1, r.IntervalSeconds/(rosterSlotMinutes*60))
	end = min(first+span, 1440/rosterSlotMinutes)
	return day, first, end, span, true
}

// intervalDemand sums the scheduled agents the requirements ask for per
// skill, local day and 15-minute wall-clock slot. A requirement of a
// longer interval asks the same of each slot it spans; a slot seen twice
// by one queue (the repeated hour of a DST day) counts once.
func intervalDemand(reqs []store.Requirement, queueSkill map[int64]string, hasSkill map[string]bool, day0 time.Time, days int, loc *time.Location, notes []store.BuildNote) ([]schedule.IntervalDemand, []store.BuildNote) {
	const perDay = 1440 / rosterSlotMinutes
	type key struct {
		queue     int64
		day, slot int
	}
	perQueue := map[key]float64{}
	for _, r := range reqs {
		day, first, end, _, ok := requirementSlots(r, day0, days, loc)
		if !ok {
			continue
		}
		for k := first; k < end; k++ {
			perQueue[key{r.QueueID, day, k}] = max(perQueue[key{r.QueueID, day, k}], r.Scheduled)
		}
	}
	type dayKey struct {
		skill string
		day   int
	}
	sums := map[dayKey][]float64{}
	skipped := map[string]bool{}
	for k, v := range perQueue {
		skill := queueSkill[k.queue]
		if skill != "" && !hasSkill[skill] {
			skipped[skill] = true
			continue
		}
		dk := dayKey{skill, k.day}
		if sums[dk] == nil {
			sums[dk] = make([]float64, perDay)
		}
		sums[dk][k.slot] += v
	}
	for skill := range skipped {
		notes = append(notes, store.BuildNote{Kind: store.NoteSkillUnstaffed, Subject: skill})
	}
	out := make([]schedule.IntervalDemand, 0, len(sums))
	for dk, req := range sums {
		for i := range req {
			req[i] = math.Round(req[i]*100) / 100
		}
		out = append(out, schedule.IntervalDemand{Skill: dk.skill, Day: dk.day, Required: req, UnderWeight: underWeight, OverWeight: overWeight})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Skill < out[j].Skill
	})
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].String() < notes[j].String() })
	return out, notes
}
