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
	var notes []store.BuildNote
	site, err := st.GetSite(ctx, siteID)
	if err != nil {
		return schedule.Problem{}, idx, nil, err
	}
	day0, err := civil.ParseIn(start, nil)
	if err != nil || days < 1 || days > maxProblemDays {
		return schedule.Problem{}, idx, nil, &fault.Error{Code: fault.Invalid, Message: "invalid schedule period", Fields: map[string]string{
			"start_date": "a date YYYY-MM-DD", "days": "1 to 62"}}
	}
	loc := site.Location()
	p := schedule.Problem{StartDate: civil.Of(day0, nil), Days: days, IntervalMinutes: 15, Timezone: site.Timezone, Shifts: []schedule.Shift{}}

	templates, err := st.ListShiftTemplates(ctx, siteID)
	if err != nil {
		return p, idx, nil, err
	}
	known := map[string]bool{}
	for _, t := range templates {
		known[t.Code] = true
	}
	skills, err := st.ListSkills(ctx)
	if err != nil {
		return p, idx, nil, err
	}
	skillName := map[int64]string{}
	for _, k := range skills {
		skillName[k.ID] = k.Name
	}
	teams, err := st.ListTeams(ctx, store.Scope{All: true})
	if err != nil {
		return p, idx, nil, err
	}
	siteTeam := map[int64]bool{}
	for _, t := range teams {
		siteTeam[t.ID] = t.SiteID == siteID
	}
	all, err := st.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return p, idx, nil, err
	}
	var agents []store.Agent
	var agentIDs []int64
	for _, a := range all {
		if a.Active && siteTeam[a.TeamID] {
			agents = append(agents, a)
			agentIDs = append(agentIDs, a.ID)
		}
	}
	off, err := st.ApprovedDaysOff(ctx, agentIDs, start, addDays(start, days))
	if err != nil {
		return p, idx, nil, err
	}
	prefs, err := st.PreferencesByAgent(ctx, agentIDs, start, addDays(start, days))
	if err != nil {
		return p, idx, nil, err
	}
	used := map[string]bool{}
	hasSkill := map[string]bool{}
	for _, a := range agents {
		var daysOff []int
		for _, date := range off[a.ID] {
			if d, err := dayIndex(start, date); err == nil && d >= 0 && d < days {
				daysOff = append(daysOff, d)
			}
		}
		pa := contractAgent(a, skillName, known, days, daysOff)
		pa.Requests = agentRequests(prefs[a.ID], start, days, pa, templates)
		if len(a.Contract.ShiftTemplates) > 0 && len(pa.Shifts) == 0 {
			notes = append(notes, store.BuildNote{Kind: store.NoteAgentWithoutTemplate, Subject: a.Code, Templates: a.Contract.ShiftTemplates})
			continue
		}
		for _, id := range pa.Shifts {
			used[id] = true
		}
		if len(pa.Shifts) == 0 {
			for id := range known {
				used[id] = true
			}
		}
		for _, k := range pa.Skills {
			hasSkill[k] = true
		}
		idx.AgentIDs[a.Code] = a.ID
		p.Agents = append(p.Agents, pa)
	}
	for _, t := range templates {
		if !used[t.Code] {
			notes = append(notes, store.BuildNote{Kind: store.NoteTemplateUnused, Subject: t.Code})
			continue
		}
		sh := t.Shift()
		sh.CannotBeFollowedBy = nil
		for _, id := range t.CannotBeFollowedBy {
			if used[id] {
				sh.CannotBeFollowedBy = append(sh.CannotBeFollowedBy, id)
			}
		}
		p.Shifts = append(p.Shifts, sh)
	}

	queues, err := st.ListQueues(ctx)
	if err != nil {
		return p, idx, nil, err
	}
	queueSkill := map[int64]string{}
	var queueIDs []int64
	for _, q := range queues {
		if q.SiteID != siteID {
			continue
		}
		name := ""
		if q.SkillID != nil {
			name = skillName[*q.SkillID]
		}
		queueSkill[q.ID] = name
		queueIDs = append(queueIDs, q.ID)
	}
	if len(queueIDs) > 0 {
		from := time.Date(day0.Year(), day0.Month(), day0.Day(), 0, 0, 0, 0, loc)
		to := time.Date(day0.Year(), day0.Month(), day0.Day()+days, 0, 0, 0, 0, loc)
		reqs, err := st.Requirements(ctx, queueIDs, from, to)
		if err != nil {
			return p, idx, nil, err
		}
		p.Demand.Intervals, notes = intervalDemand(reqs, queueSkill, hasSkill, day0, days, loc, notes)
	}
	if err := p.Validate(); err != nil {
		return p, idx, notes, problemError(err)
	}
	return p, idx, notes, nil
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
