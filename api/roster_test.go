package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
	"wfm/civil"
	"wfm/rostering"

	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// rosterCenter adds to the fixture what a roster needs: a billing skill
// and queue, two shift templates, six agents with that skill and a
// contract (a1 and four more in team A, b1 in team B), and a week of
// requirements (two agents from 08:00 to 22:00).
type rosterCenter struct {
	*fixture
	start  string
	agents map[string]store.Agent // by code
	day0   time.Time
}

var fullTime = store.Contract{Kind: "full-time", WeeklyMinutesMin: 1920, WeeklyMinutesMax: 2400, MaxConsecutiveDays: 5,
	MinConsecutiveDaysOff: 1, MinRestMinutes: 660, MaxWeekendsPer4Weeks: 2}

func newRosterCenter(t *testing.T, st *store.Store) *rosterCenter {
	t.Helper()
	ctx := context.Background()
	rc := &rosterCenter{fixture: newFixture(t, st), start: "2026-12-07", agents: map[string]store.Agent{}}
	skill := store.Skill{Name: "billing"}
	must(t, st.CreateSkill(ctx, store.System, &skill))
	q := store.Queue{Code: "billing", Name: "Billing", SiteID: rc.site.ID, SkillID: &skill.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20}
	must(t, st.CreateQueue(ctx, store.System, &q))
	unpaid := false
	lunch := []schedule.Break{
		{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 150},
		{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 300, Paid: &unpaid},
	}
	for _, tmpl := range []store.ShiftTemplate{
		{SiteID: rc.site.ID, Code: "E", Name: "Early", Start: "08:00", LatestStart: "09:00", DurationMinutes: 540, Breaks: lunch},
		{SiteID: rc.site.ID, Code: "L", Name: "Late", Start: "13:00", DurationMinutes: 540, Breaks: lunch, CannotBeFollowedBy: []string{"E"}},
	} {
		resp, body := rc.do(t, "admin", "POST", "/api/v1/shift-templates", tmpl)
		if resp.StatusCode != 201 {
			t.Fatalf("create template %s: %d %s", tmpl.Code, resp.StatusCode, body)
		}
	}
	for _, a := range []*store.Agent{&rc.agentA, &rc.agentB} {
		a.Contract, a.Skills = fullTime, []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}}
		must(t, st.UpdateAgent(ctx, store.System, a))
		rc.agents[a.Code] = *a
	}
	for i := 2; i <= 5; i++ {
		a := store.Agent{Code: fmt.Sprintf("a%d", i), Name: fmt.Sprintf("Agent %d", i), TeamID: rc.agentA.TeamID, HireDate: civil.MustParse("2025-01-01"),
			Active: true, Contract: fullTime, Skills: []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}}}
		must(t, st.CreateAgent(ctx, store.System, &a))
		rc.agents[a.Code] = a
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	rc.day0 = time.Date(2026, 12, 7, 0, 0, 0, 0, loc)
	var rs []store.Requirement
	for d := 0; d < 7; d++ {
		for m := 8 * 60; m < 22*60; m += 30 {
			rs = append(rs, store.Requirement{IntervalStart: rc.day0.AddDate(0, 0, d).Add(time.Duration(m) * time.Minute),
				IntervalSeconds: 1800, Volume: 20, AHTSeconds: 180, Agents: 2, Scheduled: 2, Source: "test"})
		}
	}
	must(t, st.ReplaceRequirements(ctx, store.System, q.ID, rc.day0, rc.day0.AddDate(0, 0, 7), rs))
	return rc
}

func decodeRoster[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, body, err)
	}
	return v
}

// build asks for a draft over the API and polls the build until it ends.
func (rc *rosterCenter) build(t *testing.T) store.ScheduleVersion {
	t.Helper()
	resp, body := rc.do(t, "supervisor", "POST", "/api/v1/schedule-builds",
		map[string]any{"site_id": rc.site.ID, "start_date": rc.start, "days": 7, "time_limit_seconds": 2, "seed": 1})
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("start build: %d %s", resp.StatusCode, body)
	}
	b := decodeRoster[store.ScheduleBuild](t, body)
	if resp, body := rc.do(t, "supervisor", "POST", "/api/v1/schedule-builds",
		map[string]any{"site_id": rc.site.ID, "start_date": rc.start, "days": 7}); resp.StatusCode != http.StatusConflict {
		t.Errorf("second build of the site while one runs: %d %s, want 409", resp.StatusCode, body)
	}
	deadline := time.Now().Add(60 * time.Second)
	for b.Status == store.BuildRunning && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		_, body = rc.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/schedule-builds/%d", b.ID), nil)
		b = decodeRoster[store.ScheduleBuild](t, body)
	}
	if b.Status != store.BuildDone || b.ScheduleVersionID == nil {
		t.Fatalf("build ended %s: %s", b.Status, body)
	}
	if len(b.Progress) == 0 {
		t.Errorf("build recorded no progress: %s", body)
	}
	for i := 1; i < len(b.Progress); i++ {
		if b.Progress[i].Objective > b.Progress[i-1].Objective {
			t.Errorf("progress went up: %v", b.Progress)
		}
	}
	resp, body = rc.do(t, "supervisor", "GET", fmt.Sprintf("/api/v1/schedules/%d", *b.ScheduleVersionID), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("get draft: %d %s", resp.StatusCode, body)
	}
	v := decodeRoster[store.ScheduleVersion](t, body)
	// The build's lower bound comes with the draft, below its objective.
	if v.LowerBound == nil || *v.LowerBound > v.Objective+1e-6 {
		t.Errorf("draft's lower bound %v, objective %v", v.LowerBound, v.Objective)
	}
	return v
}

func assignmentOf(sol schedule.Solution, agent string, day int) *schedule.Assignment {
	for i := range sol.Assignments {
		if sol.Assignments[i].Agent == agent && sol.Assignments[i].Day == day {
			return &sol.Assignments[i]
		}
	}
	return nil
}

func TestRosterEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		rc := newRosterCenter(t, st)
		sched := func(id int64) string { return fmt.Sprintf("/api/v1/schedules/%d", id) }

		// Time off before the build: team A may have one agent off a day.
		if resp, body := rc.do(t, "supervisor", "PUT", fmt.Sprintf("/api/v1/teams/%d/time-off-allowance", rc.agentA.TeamID), map[string]any{"allowed": 1}); resp.StatusCode != 204 {
			t.Fatalf("allowance: %d %s", resp.StatusCode, body)
		}
		offDate := "2026-12-09" // day 2
		resp, body := rc.do(t, "supervisor", "POST", "/api/v1/time-off", map[string]any{"agent_id": rc.agents["a2"].ID, "start_date": offDate})
		if first := decodeRoster[store.TimeOffRequest](t, body); resp.StatusCode != 201 || first.Status != store.RequestApproved {
			t.Fatalf("first request of the day: %d %s, want approved", resp.StatusCode, body)
		}
		resp, body = rc.do(t, "agent", "POST", "/api/v1/time-off", map[string]any{"start_date": offDate, "kind": "personal"})
		if second := decodeRoster[store.TimeOffRequest](t, body); resp.StatusCode != 201 || second.Status != store.RequestWaitlisted || second.AgentID != rc.agentA.ID {
			t.Fatalf("second request of the day: %d %s, want a1 waitlisted", resp.StatusCode, body)
		}
		if resp, body := rc.do(t, "agent", "POST", "/api/v1/time-off", map[string]any{"agent_id": rc.agentB.ID, "start_date": offDate}); resp.StatusCode != 403 {
			t.Errorf("agent asking for another agent: %d %s, want 403", resp.StatusCode, body)
		}
		if resp, body := rc.do(t, "agent", "POST", "/api/v1/time-off", map[string]any{"start_date": "2026-12-10", "end_date": "2026-12-01"}); resp.StatusCode != 400 || !strings.Contains(string(body), "end_date") {
			t.Errorf("end before start: %d %s, want 400 naming end_date", resp.StatusCode, body)
		}
		// The team's calendar shows the day full with one waiting, and the
		// default allowance elsewhere.
		team := fmt.Sprintf("/api/v1/teams/%d", rc.agentA.TeamID)
		if resp, body := rc.do(t, "supervisor", "PUT", team+"/time-off-allowance", map[string]any{"date": "2026-12-10", "allowed": 0}); resp.StatusCode != 204 {
			t.Fatalf("dated allowance: %d %s", resp.StatusCode, body)
		}
		resp, body = rc.do(t, "supervisor", "GET", team+"/time-off-allowance", nil)
		if list := decodeRoster[[]store.TimeOffAllowance](t, body); resp.StatusCode != 200 || len(list) != 2 || !list[0].Date.IsZero() || list[0].Allowed != 1 || list[1].Date != civil.MustParse("2026-12-10") || list[1].Allowed != 0 {
			t.Errorf("allowances: %d %s", resp.StatusCode, body)
		}
		resp, body = rc.do(t, "supervisor", "GET", team+"/time-off-calendar?from=2026-12-08&days=3", nil)
		cal := decodeRoster[[]rostering.TimeOffDay](t, body)
		wantDays := []rostering.TimeOffDay{
			{Date: civil.MustParse("2026-12-08"), Limited: true, Allowed: 1},
			{Date: civil.MustParse(offDate), Limited: true, Allowed: 1, Approved: 1, Waitlisted: 1},
			{Date: civil.MustParse("2026-12-10"), Limited: true, Allowed: 0},
		}
		if resp.StatusCode != 200 || fmt.Sprint(cal) != fmt.Sprint(wantDays) {
			t.Errorf("calendar: %d %s, want %v", resp.StatusCode, body, wantDays)
		}
		if cal[0].Room() != 1 || cal[1].Room() != 0 || cal[2].Room() != 0 {
			t.Errorf("room %d %d %d, want 1 0 0", cal[0].Room(), cal[1].Room(), cal[2].Room())
		}
		if resp, body := rc.do(t, "supervisor", "GET", team+"/time-off-calendar?from=2026-12-08&days=200", nil); resp.StatusCode != 400 || !strings.Contains(string(body), "days") {
			t.Errorf("200 days: %d %s, want 400 naming days", resp.StatusCode, body)
		}
		other := fmt.Sprintf("/api/v1/teams/%d/time-off-calendar?from=2026-12-08", rc.agentB.TeamID)
		if rc.agentB.TeamID != rc.agentA.TeamID {
			if resp, body := rc.do(t, "supervisor", "GET", other, nil); resp.StatusCode != 403 {
				t.Errorf("another team's calendar: %d %s, want 403", resp.StatusCode, body)
			}
		}

		v := rc.build(t)
		rep, err := schedule.Check(v.Problem, v.Solution)
		must(t, err)
		if !rep.Feasible || !v.Feasible || v.Status != store.ScheduleDraft {
			t.Fatalf("draft %s feasible=%v, checker: %v", v.Status, v.Feasible, rep.Violations)
		}
		if rep.Objective != v.Objective {
			t.Errorf("stored objective %v, checker %v", v.Objective, rep.Objective)
		}
		if len(v.Problem.Agents) != 6 || len(v.Problem.Shifts) != 2 || len(v.Problem.Demand.Intervals) != 7 {
			t.Fatalf("problem has %d agents, %d shifts, %d demand days", len(v.Problem.Agents), len(v.Problem.Shifts), len(v.Problem.Demand.Intervals))
		}
		if d := v.Problem.Demand.Intervals[0]; d.Skill != "billing" || d.Required[8*4] != 2 || d.Required[8*4-1] != 0 || d.Required[22*4-1] != 2 || d.Required[22*4] != 0 {
			t.Errorf("day 0 demand %v", d)
		}
		if assignmentOf(v.Solution, "a2", 2) != nil {
			t.Errorf("a2 works on her approved day off")
		}

		// A no-op edit passes and bumps the version; the same edit at the
		// old version is a concurrent edit.
		var day int
		var mine *schedule.Assignment
		for day = 0; day < 7 && mine == nil; day++ {
			mine = assignmentOf(v.Solution, "a1", day)
		}
		day--
		date := rc.day0.AddDate(0, 0, day).Format(time.DateOnly)
		edit := map[string]any{"version": v.Version, "agent_id": rc.agentA.ID, "date": date, "shift": mine.Shift, "start": mine.Start, "breaks": mine.Breaks}
		resp, body = rc.do(t, "supervisor", "POST", sched(v.ID)+"/edits", edit)
		if resp.StatusCode != 200 {
			t.Fatalf("edit: %d %s", resp.StatusCode, body)
		}
		edited := decodeRoster[store.ScheduleVersion](t, body)
		if edited.Version != v.Version+1 || edited.ID != v.ID {
			t.Errorf("edited version %d/%d, want %d/%d", edited.ID, edited.Version, v.ID, v.Version+1)
		}
		if resp, body := rc.do(t, "supervisor", "POST", sched(v.ID)+"/edits", edit); resp.StatusCode != http.StatusConflict {
			t.Errorf("stale edit: %d %s, want 409", resp.StatusCode, body)
		}
		// Putting a2 to work on her day off breaks a rule: refused.
		bad := map[string]any{"version": edited.Version, "agent_id": rc.agents["a2"].ID, "date": offDate, "shift": "E"}
		resp, body = rc.do(t, "supervisor", "POST", sched(v.ID)+"/edits", bad)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "days_off") {
			t.Errorf("edit onto a day off: %d %s, want 400 naming days_off", resp.StatusCode, body)
		}
		if resp, body := rc.do(t, "supervisor", "POST", sched(v.ID)+"/edits",
			map[string]any{"version": edited.Version, "agent_id": rc.agentB.ID, "date": offDate, "shift": ""}); resp.StatusCode != 403 {
			t.Errorf("supervisor editing another team's agent: %d %s, want 403", resp.StatusCode, body)
		}

		if resp, body := rc.do(t, "supervisor", "POST", sched(v.ID)+"/publish", map[string]any{"version": v.Version}); resp.StatusCode != http.StatusConflict {
			t.Errorf("publish at a stale version: %d %s, want 409", resp.StatusCode, body)
		}
		resp, body = rc.do(t, "supervisor", "POST", sched(v.ID)+"/publish", map[string]any{"version": edited.Version})
		if resp.StatusCode != 200 {
			t.Fatalf("publish: %d %s", resp.StatusCode, body)
		}
		published := decodeRoster[store.ScheduleVersion](t, body)

		// The agent sees her own shifts; the supervisor her team's.
		_, body = rc.do(t, "agent", "GET", "/api/v1/shifts?from=2026-12-07&to=2026-12-13", nil)
		shifts := decodeRoster[[]store.AgentShift](t, body)
		want := 0
		for _, a := range published.Solution.Assignments {
			if a.Agent == "a1" {
				want++
			}
		}
		if len(shifts) != want || want == 0 {
			t.Fatalf("agent sees %d shifts, a1 has %d", len(shifts), want)
		}
		for _, sh := range shifts {
			if sh.AgentID != rc.agentA.ID || sh.End.Sub(sh.Start) != 9*time.Hour || len(sh.Breaks) != 2 {
				t.Errorf("agent's shift %+v", sh)
			}
			if _, off := sh.Start.Zone(); off != 8*3600 {
				t.Errorf("shift start %v not in the site's zone", sh.Start)
			}
		}
		_, body = rc.do(t, "supervisor", "GET", "/api/v1/shifts", nil)
		for _, sh := range decodeRoster[[]store.AgentShift](t, body) {
			if sh.AgentID == rc.agentB.ID {
				t.Errorf("supervisor of team A sees b1's shift")
			}
		}

		checkCalendar(t, rc, len(shifts))

		// Swaps: a1 gives a2 a shift on a2's day off: checked, pending,
		// refused without force.
		if mine = assignmentOf(published.Solution, "a1", 2); mine != nil {
			resp, body = rc.do(t, "agent", "POST", "/api/v1/swaps", map[string]any{"from_date": offDate, "to_agent_id": rc.agents["a2"].ID})
			swap := decodeRoster[store.SwapRequest](t, body)
			if resp.StatusCode != 201 || swap.Status != store.RequestPending || !strings.Contains(string(body), "days_off") {
				t.Errorf("swap onto a day off: %d %s, want pending with a days_off violation", resp.StatusCode, body)
			}
			resp, body = rc.do(t, "supervisor", "POST", fmt.Sprintf("/api/v1/swaps/%d/decision", swap.ID), map[string]any{"version": swap.Version, "status": "approved"})
			if resp.StatusCode != 400 || !strings.Contains(string(body), "days_off") {
				t.Errorf("approving a rule-breaking swap: %d %s, want 400", resp.StatusCode, body)
			}
		}
		// A like-for-like swap keeps every rule: with the policy on, it is
		// approved and published at once.
		if resp, body := rc.do(t, "admin", "PUT", "/api/v1/roster-settings", map[string]any{"swap_auto_approve": true}); resp.StatusCode != 200 {
			t.Fatalf("policy: %d %s", resp.StatusCode, body)
		}
		x, y, d := likeForLike(published.Solution, "a1")
		if x == nil {
			t.Fatalf("no day where a1 and another team A agent work the same template: %+v", published.Solution.Assignments)
		}
		swapDate := rc.day0.AddDate(0, 0, d).Format(time.DateOnly)
		resp, body = rc.do(t, "agent", "POST", "/api/v1/swaps", map[string]any{"from_date": swapDate, "to_agent_id": rc.agents[y.Agent].ID})
		if swap := decodeRoster[store.SwapRequest](t, body); resp.StatusCode != 201 || swap.Status != store.RequestApproved {
			t.Fatalf("clean swap: %d %s, want approved", resp.StatusCode, body)
		}
		_, body = rc.do(t, "supervisor", "GET", "/api/v1/schedules?status=published", nil)
		list := decodeRoster[[]store.ScheduleVersion](t, body)
		if len(list) != 1 || list[0].BasedOn == nil || *list[0].BasedOn != published.ID {
			t.Fatalf("published after the swap: %s", body)
		}
		_, body = rc.do(t, "supervisor", "GET", sched(list[0].ID)+"/diff", nil)
		changes := decodeRoster[[]rostering.ShiftChange](t, body)
		xs, ys := *x, *y
		xs.Agent, ys.Agent = "", ""
		if reflect.DeepEqual(xs, ys) {
			if len(changes) != 0 {
				t.Errorf("diff of a swap of identical shifts: %s, want none", body)
			}
		} else if len(changes) != 2 || changes[0].Date.String() != swapDate || changes[0].Agent != "a1" || changes[1].Agent != y.Agent ||
			changes[0].After.Start != y.Start || changes[1].After.Start != x.Start ||
			!reflect.DeepEqual(changes[0].After.Breaks, y.Breaks) || !reflect.DeepEqual(changes[1].After.Breaks, x.Breaks) {
			t.Errorf("diff of the swap of %+v and %+v: %s", x, y, body)
		}
		_, body = rc.do(t, "supervisor", "GET", sched(published.ID), nil)
		if old := decodeRoster[store.ScheduleVersion](t, body); old.Status != store.ScheduleSuperseded {
			t.Errorf("the version swapped away is %s, want superseded", old.Status)
		}

		// A forced edit of the published roster keeps it and makes a new
		// draft that carries the broken rule.
		current := list[0]
		forced := map[string]any{"version": current.Version, "agent_id": rc.agents["a2"].ID, "date": offDate, "shift": "L", "force": true}
		resp, body = rc.do(t, "supervisor", "POST", sched(current.ID)+"/edits", forced)
		draft := decodeRoster[store.ScheduleVersion](t, body)
		if resp.StatusCode != 200 || draft.ID == current.ID || draft.Status != store.ScheduleDraft || draft.BasedOn == nil ||
			*draft.BasedOn != current.ID || draft.Feasible || !strings.Contains(string(body), `"rule":"days_off"`) {
			t.Errorf("forced edit of the published roster: %d %s", resp.StatusCode, body)
		}
		_, body = rc.do(t, "supervisor", "GET", sched(current.ID), nil)
		if still := decodeRoster[store.ScheduleVersion](t, body); still.Status != store.SchedulePublished || still.Version != current.Version {
			t.Errorf("the published roster after an edit made a draft of it: %s v%d", still.Status, still.Version)
		}
		// A second draft of the same published roster: once the first is
		// published, publishing it would undo the first; a 409 says so.
		resp, body = rc.do(t, "supervisor", "POST", sched(current.ID)+"/edits", map[string]any{"version": current.Version, "agent_id": rc.agents["a3"].ID, "date": offDate, "shift": ""})
		rival := decodeRoster[store.ScheduleVersion](t, body)
		if resp.StatusCode != 200 || rival.BasedOn == nil || *rival.BasedOn != current.ID || rival.ID == draft.ID {
			t.Fatalf("second edit of the published roster: %d %s", resp.StatusCode, body)
		}
		resp, body = rc.do(t, "supervisor", "POST", sched(draft.ID)+"/publish", map[string]any{"version": draft.Version})
		if resp.StatusCode != 200 {
			t.Fatalf("publish the first draft: %d %s", resp.StatusCode, body)
		}
		first := decodeRoster[store.ScheduleVersion](t, body)
		resp, body = rc.do(t, "supervisor", "POST", sched(rival.ID)+"/publish", map[string]any{"version": rival.Version})
		if want := fmt.Sprintf("schedule %d (version %d), published by", first.ID, first.Version); resp.StatusCode != http.StatusConflict ||
			!strings.Contains(string(body), `"code":"conflict"`) || !strings.Contains(string(body), "no longer the published roster") || !strings.Contains(string(body), want) {
			t.Errorf("publish a draft of a replaced roster: %d %s, want 409 naming schedule %d", resp.StatusCode, body, first.ID)
		}
		_, body = rc.do(t, "supervisor", "GET", "/api/v1/schedules?status=published", nil)
		if list := decodeRoster[[]store.ScheduleVersion](t, body); len(list) != 1 || list[0].ID != first.ID {
			t.Errorf("published after the refused publication: %s, want schedule %d alone", body, first.ID)
		}

		_, body = rc.do(t, "agent", "GET", "/api/v1/time-off", nil)
		for _, r := range decodeRoster[[]store.TimeOffRequest](t, body) {
			if r.AgentID != rc.agentA.ID {
				t.Errorf("agent a1 sees the time off of agent %d", r.AgentID)
			}
		}
	})
}

// likeForLike finds a day where agent and another agent of team A work
// the same template.
func likeForLike(sol schedule.Solution, agent string) (*schedule.Assignment, *schedule.Assignment, int) {
	var same [2]*schedule.Assignment
	for i := range sol.Assignments {
		x := &sol.Assignments[i]
		if x.Agent != agent {
			continue
		}
		for j := range sol.Assignments {
			y := &sol.Assignments[j]
			if y.Agent != agent && y.Agent != "b1" && y.Day == x.Day && y.Shift == x.Shift {
				if same[0] == nil {
					same = [2]*schedule.Assignment{x, y}
				}
				if x.Start != y.Start || !reflect.DeepEqual(x.Breaks, y.Breaks) {
					return x, y, x.Day
				}
			}
		}
	}
	if same[0] != nil {
		return same[0], same[1], same[0].Day
	}
	return nil, nil, 0
}

// checkCalendar fetches a1's feed the ways a phone can and parses it.
func checkCalendar(t *testing.T, rc *rosterCenter, shifts int) {
	t.Helper()
	path := fmt.Sprintf("/api/v1/agents/%d/schedule.ics", rc.agentA.ID)
	resp, body := rc.do(t, "agent", "POST", fmt.Sprintf("/api/v1/agents/%d/calendar-key", rc.agentA.ID), nil)
	if resp.StatusCode != 201 {
		t.Fatalf("calendar key: %d %s", resp.StatusCode, body)
	}
	key := decodeRoster[map[string]string](t, body)["key"]
	for name, query := range map[string]string{"key": "?key=" + key} {
		resp, body = rc.do(t, "", "GET", path+query, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("feed by %s: %d %s", name, resp.StatusCode, body)
		}
		cal := string(body)
		if !strings.HasSuffix(cal, "\r\n") {
			t.Fatalf("feed does not end with CRLF")
		}
		lines := strings.Split(strings.TrimSuffix(cal, "\r\n"), "\r\n")
		if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
			t.Errorf("feed starts %q ends %q", lines[0], lines[len(lines)-1])
		}
		events, starts, depth := 0, 0, 0
		for _, l := range lines {
			if len(l) > 75 || strings.Contains(l, "\n") {
				t.Errorf("line too long or with a bare LF: %q", l)
			}
			switch {
			case strings.HasPrefix(l, "BEGIN:"):
				depth++
				if l == "BEGIN:VEVENT" {
					events++
				}
			case strings.HasPrefix(l, "END:"):
				depth--
			case strings.HasPrefix(l, "DTSTART;TZID=Asia/Shanghai:"):
				if _, err := time.Parse("20060102T150405", strings.TrimPrefix(l, "DTSTART;TZID=Asia/Shanghai:")); err != nil {
					t.Errorf("DTSTART %q: %v", l, err)
				}
				starts++
			}
		}
		if depth != 0 || events != shifts || starts != shifts {
			t.Errorf("feed by %s: %d events, %d DTSTARTs, depth %d; want %d shifts", name, events, starts, depth, shifts)
		}
		for _, want := range []string{"TZID:Asia/Shanghai", "TZOFFSETTO:+0800", "Breaks:"} {
			if !strings.Contains(cal, want) {
				t.Errorf("feed by %s lacks %q", name, want)
			}
		}
	}
	if resp, _ := rc.do(t, "", "GET", path, nil); resp.StatusCode != 401 {
		t.Errorf("feed without credentials: %d, want 401", resp.StatusCode)
	}
	if resp, _ := rc.do(t, "", "GET", path+"?key=cal_wrong", nil); resp.StatusCode != 401 {
		t.Errorf("feed with a wrong key: %d, want 401", resp.StatusCode)
	}
	other := fmt.Sprintf("/api/v1/agents/%d/schedule.ics", rc.agentB.ID)
	if resp, _ := rc.do(t, "", "GET", other+"?key="+key, nil); resp.StatusCode != 403 {
		t.Errorf("a1's key on b1's feed: %d, want 403", resp.StatusCode)
	}
	// Only the feed key opens a feed: an API token in the URL or the
	// header, or a session, does not, not even the agent's own.
	if resp, _ := rc.do(t, "", "GET", path+"?token="+rc.tokens["agent"], nil); resp.StatusCode != 401 {
		t.Errorf("a1's API token in the feed's URL: %d, want 401", resp.StatusCode)
	}
	if resp, _ := rc.do(t, "admin", "GET", path, nil); resp.StatusCode != 401 {
		t.Errorf("an admin's API token in the header: %d, want 401", resp.StatusCode)
	}
	if resp, _ := rc.do(t, "admin", "GET", path+"?token="+rc.tokens["admin"], nil); resp.StatusCode != 401 {
		t.Errorf("an admin's API token in the feed's URL: %d, want 401", resp.StatusCode)
	}
	browser, _ := rc.browser(t, "agent")
	resp, err := browser.Get(rc.ts.URL + path)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("a1's own session: %d, want 401", resp.StatusCode)
	}
}
