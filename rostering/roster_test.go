package rostering_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestBuildProblemFromTheDatabase checks the mapping of contracts, time
// off, templates and requirements into a schedule problem, against values
// worked out by hand.
func TestBuildProblemFromTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, team, _ := center(t, st)
		billing := store.Skill{Name: "billing"}
		must(t, st.CreateSkill(ctx, store.System, &billing))
		var queues []store.Queue
		for _, code := range []string{"billing-1", "billing-2"} {
			q := store.Queue{Code: code, Name: code, SiteID: site.ID, SkillID: &billing.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20}
			must(t, st.CreateQueue(ctx, store.System, &q))
			queues = append(queues, q)
		}
		for _, tmpl := range []store.ShiftTemplate{
			{SiteID: site.ID, Code: "E", Name: "Early", Start: "08:00", DurationMinutes: 480},
			{SiteID: site.ID, Code: "N", Name: "Night", Start: "22:00", DurationMinutes: 480},
		} {
			must(t, st.CreateShiftTemplate(ctx, store.System, &tmpl))
		}
		ag := store.Agent{Code: "B1", Name: "Zhao Lei", TeamID: team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true,
			Skills: []store.AgentSkill{{SkillID: billing.ID, Proficiency: 4}},
			Contract: store.Contract{WeeklyMinutesMin: 1920, WeeklyMinutesMax: 2400, MaxConsecutiveDays: 5, MinConsecutiveDaysOff: 2,
				MinRestMinutes: 660, MaxWeekendsPer4Weeks: 2, ShiftTemplates: []string{"E", "X"}}}
		must(t, st.CreateAgent(ctx, store.System, &ag))
		// The center's agent A1 has no contract, no skill: she may work E
		// only by being limited below, so that N is worked by nobody.
		a1, err := st.GetAgent(ctx, 1)
		must(t, err)
		a1.Contract.ShiftTemplates = []string{"E"}
		must(t, st.UpdateAgent(ctx, store.System, a1))
		off := store.TimeOffRequest{AgentID: ag.ID, StartDate: civil.MustParse("2026-12-08"), EndDate: civil.MustParse("2026-12-09")}
		must(t, st.SetTimeOffAllowance(ctx, store.System, store.Scope{All: true}, team.ID, civil.Date{}, 3))
		must(t, rostering.RequestTimeOff(ctx, st, store.System, store.Scope{All: true}, &off))
		if off.Status != store.RequestApproved {
			t.Fatalf("time off %s, want approved", off.Status)
		}

		loc := site.Location()
		day0 := time.Date(2026, 12, 7, 0, 0, 0, 0, loc)
		// Queue 1: 30-minute intervals at 1.5 from 09:00 to 10:00 on day 1;
		// queue 2: one 15-minute interval at 0.5 at 09:15 on day 1.
		r1 := []store.Requirement{
			{IntervalStart: day0.Add(33 * time.Hour), IntervalSeconds: 1800, Scheduled: 1.5, Source: "t"},
			{IntervalStart: day0.Add(33*time.Hour + 30*time.Minute), IntervalSeconds: 1800, Scheduled: 1.5, Source: "t"},
		}
		r2 := []store.Requirement{{IntervalStart: day0.Add(33*time.Hour + 15*time.Minute), IntervalSeconds: 900, Scheduled: 0.5, Source: "t"}}
		must(t, st.ReplaceRequirements(ctx, store.System, queues[0].ID, day0, day0.AddDate(0, 0, 7), r1))
		must(t, st.ReplaceRequirements(ctx, store.System, queues[1].ID, day0, day0.AddDate(0, 0, 7), r2))

		p, idx, notes, err := rostering.BuildProblem(ctx, st, site.ID, "2026-12-07", 7)
		must(t, err)
		if p.Timezone != "Asia/Shanghai" || p.IntervalMinutes != 15 || p.Days != 7 {
			t.Errorf("problem header %+v", p)
		}
		if len(p.Shifts) != 1 || p.Shifts[0].ID != "E" {
			t.Errorf("shifts %+v, want E alone (nobody may work N)", p.Shifts)
		}
		leftOut := false
		for _, n := range notes {
			leftOut = leftOut || (n.Kind == store.NoteTemplateUnused && n.Subject == "N" && strings.Contains(n.String(), "shift template N left out"))
		}
		if !leftOut {
			t.Errorf("notes %+v do not say N was left out", notes)
		}
		var b1 schedule.Agent
		for _, a := range p.Agents {
			if a.ID == "B1" {
				b1 = a
			}
		}
		ip := func(v int) *int { return &v }
		want := schedule.Agent{ID: "B1", Skills: []string{"billing"}, Shifts: []string{"E"},
			MinMinutes: ip(1920 * 5 / 7), MaxMinutes: ip(2400), MaxConsecutiveShifts: ip(5), MinConsecutiveDaysOff: ip(2),
			MinRestMinutes: ip(660), MaxWeekends: ip(1), DaysOff: []int{1, 2}}
		if !reflect.DeepEqual(b1, want) {
			t.Errorf("agent B1 = %+v\nwant      %+v", b1, want)
		}
		if idx.AgentIDs["B1"] != ag.ID {
			t.Errorf("index %v", idx.AgentIDs)
		}
		if len(p.Demand.Intervals) != 1 {
			t.Fatalf("demand %+v, want day 1 of billing only", p.Demand.Intervals)
		}
		d := p.Demand.Intervals[0]
		wantReq := make([]float64, 96)
		wantReq[36], wantReq[37], wantReq[38], wantReq[39] = 1.5, 2, 1.5, 1.5
		if d.Skill != "billing" || d.Day != 1 || !reflect.DeepEqual(d.Required, wantReq) {
			t.Errorf("demand %s day %d: %v", d.Skill, d.Day, d.Required[32:44])
		}
	})
}

func TestTimeOffAllowanceWaitlistAndOverride(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, a1 := center(t, st)
		a2 := store.Agent{Code: "A2", Name: "Chen Jie", TeamID: team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true}
		a3 := store.Agent{Code: "A3", Name: "Sun Li", TeamID: team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &a2))
		must(t, st.CreateAgent(ctx, store.System, &a3))
		all := store.Scope{All: true}

		pending := store.TimeOffRequest{AgentID: a1.ID, StartDate: civil.MustParse("2026-12-01"), EndDate: civil.MustParse("2026-12-01")}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &pending))
		if pending.Status != store.RequestPending {
			t.Errorf("without an allowance: %s, want pending", pending.Status)
		}
		must(t, st.SetTimeOffAllowance(ctx, store.System, all, team.ID, civil.Date{}, 1))
		must(t, st.SetTimeOffAllowance(ctx, store.System, all, team.ID, civil.MustParse("2026-12-25"), 0))

		first := store.TimeOffRequest{AgentID: a1.ID, StartDate: civil.MustParse("2026-12-10"), EndDate: civil.MustParse("2026-12-12"), Kind: "vacation"}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &first))
		second := store.TimeOffRequest{AgentID: a2.ID, StartDate: civil.MustParse("2026-12-12"), EndDate: civil.MustParse("2026-12-13")}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &second))
		third := store.TimeOffRequest{AgentID: a3.ID, StartDate: civil.MustParse("2026-12-13"), EndDate: civil.MustParse("2026-12-13")}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &third))
		christmas := store.TimeOffRequest{AgentID: a3.ID, StartDate: civil.MustParse("2026-12-25"), EndDate: civil.MustParse("2026-12-25")}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &christmas))
		for name, tc := range map[string]struct{ got, want string }{
			"first":     {first.Status, store.RequestApproved},
			"second":    {second.Status, store.RequestWaitlisted}, // the 12th is taken
			"third":     {third.Status, store.RequestApproved},    // the 13th is free
			"christmas": {christmas.Status, store.RequestWaitlisted},
		} {
			if tc.got != tc.want {
				t.Errorf("%s request: %s, want %s", name, tc.got, tc.want)
			}
		}
		overlap := store.TimeOffRequest{AgentID: a1.ID, StartDate: civil.MustParse("2026-12-11"), EndDate: civil.MustParse("2026-12-11")}
		if err := rostering.RequestTimeOff(ctx, st, store.System, all, &overlap); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("overlapping request: %v, want conflict", err)
		}
		if err := rostering.RequestTimeOff(ctx, st, store.System, store.Scope{AgentID: a1.ID}, &store.TimeOffRequest{AgentID: a2.ID, StartDate: civil.MustParse("2026-12-20"), EndDate: civil.MustParse("2026-12-20")}); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("an agent asking for another: %v, want forbidden", err)
		}

		// Cancelling the first frees the 12th, but the second also needs
		// the 13th, which the third holds: it stays waitlisted until the
		// third is refused.
		if _, err := rostering.CancelTimeOff(ctx, st, store.System, store.Scope{AgentID: a1.ID}, first.ID, first.Version); err != nil {
			t.Fatal(err)
		}
		got, err := st.GetTimeOff(ctx, second.ID)
		must(t, err)
		if got.Status != store.RequestWaitlisted {
			t.Errorf("second after the first was cancelled: %s, want still waitlisted", got.Status)
		}
		if _, err := rostering.DecideTimeOff(ctx, st, store.System, store.Scope{TeamIDs: []int64{team.ID + 1}}, third.ID, third.Version, store.RequestRefused); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another team's supervisor deciding: %v, want forbidden", err)
		}
		if _, err := rostering.DecideTimeOff(ctx, st, store.System, all, third.ID, third.Version, store.RequestRefused); err != nil {
			t.Fatal(err)
		}
		got, err = st.GetTimeOff(ctx, second.ID)
		must(t, err)
		if got.Status != store.RequestApproved {
			t.Errorf("second after both days were freed: %s, want approved from the waitlist", got.Status)
		}
		// The supervisor overrides the allowance.
		over, err := rostering.DecideTimeOff(ctx, st, store.System, all, christmas.ID, christmas.Version, store.RequestApproved)
		must(t, err)
		if over.Status != store.RequestApproved || over.Version != christmas.Version+1 {
			t.Errorf("override: %+v", over)
		}
		if _, err := rostering.DecideTimeOff(ctx, st, store.System, all, christmas.ID, christmas.Version, store.RequestRefused); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("decision at a stale version: %v, want conflict", err)
		}
		n, err := rostering.RemindPendingRequests(ctx, st, store.System)
		must(t, err)
		if n != 0 {
			t.Errorf("reminders for a team without a supervisor: %d", n)
		}
	})
}

// BenchmarkRosterBuild builds and publishes four weeks for 80 agents with
// three flexible templates against a daily requirement curve, the way the
// product does (problem from the database, solve, save, publish), with a
// 10 s solver limit. It reports the time to build the problem from the
// database, the objective and the under-staffed agent-intervals.
//
//	go test ./store -run '^$' -bench RosterBuild -benchtime 1x
func BenchmarkRosterBuild(b *testing.B) {
	ctx := context.Background()
	st := storetest.Open(b)
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	benchMust(b, st.CreateSite(ctx, store.System, &site))
	team := store.Team{Name: "A", SiteID: site.ID}
	benchMust(b, st.CreateTeam(ctx, store.System, &team))
	skill := store.Skill{Name: "billing"}
	benchMust(b, st.CreateSkill(ctx, store.System, &skill))
	q := store.Queue{Code: "billing", Name: "Billing", SiteID: site.ID, SkillID: &skill.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20}
	benchMust(b, st.CreateQueue(ctx, store.System, &q))
	unpaid := false
	breaks := []schedule.Break{
		{DurationMinutes: 15, EarliestOffsetMinutes: 90, LatestOffsetMinutes: 180},
		{DurationMinutes: 60, EarliestOffsetMinutes: 210, LatestOffsetMinutes: 330, Paid: &unpaid},
		{DurationMinutes: 15, EarliestOffsetMinutes: 360, LatestOffsetMinutes: 450},
	}
	for _, tmpl := range []store.ShiftTemplate{
		{SiteID: site.ID, Code: "E", Name: "Early", Start: "07:00", LatestStart: "09:00", DurationMinutes: 540, Breaks: breaks},
		{SiteID: site.ID, Code: "M", Name: "Middle", Start: "10:00", LatestStart: "12:00", DurationMinutes: 540, Breaks: breaks},
		{SiteID: site.ID, Code: "L", Name: "Late", Start: "13:00", LatestStart: "14:00", DurationMinutes: 540, Breaks: breaks, CannotBeFollowedBy: []string{"E"}},
	} {
		benchMust(b, st.CreateShiftTemplate(ctx, store.System, &tmpl))
	}
	for i := 0; i < 80; i++ {
		a := store.Agent{Code: fmt.Sprintf("R%03d", i), Name: "Agent", TeamID: team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true,
			Skills:   []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}},
			Contract: store.Contract{WeeklyMinutesMin: 1920, WeeklyMinutesMax: 2400, MaxConsecutiveDays: 5, MinConsecutiveDaysOff: 2, MinRestMinutes: 660, MaxWeekendsPer4Weeks: 2}}
		benchMust(b, st.CreateAgent(ctx, store.System, &a))
	}
	loc := site.Location()
	day0 := time.Date(2026, 12, 7, 0, 0, 0, 0, loc)
	var rs []store.Requirement
	for d := 0; d < 28; d++ {
		weekend := d%7 >= 5
		for m := 7 * 60; m < 23*60; m += 30 {
			h := float64(m) / 60
			need := 32 - 0.3*(h-13)*(h-13) // a midday peak of 32, about 21 at 07:00
			if weekend {
				need *= 0.6
			}
			rs = append(rs, store.Requirement{IntervalStart: day0.AddDate(0, 0, d).Add(time.Duration(m) * time.Minute),
				IntervalSeconds: 1800, Scheduled: max(need, 2), Source: "bench"})
		}
	}
	benchMust(b, st.ReplaceRequirements(ctx, store.System, q.ID, day0, day0.AddDate(0, 0, 28), rs))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		p, _, _, err := rostering.BuildProblem(ctx, st, site.ID, "2026-12-07", 28)
		benchMust(b, err)
		problemTime := time.Since(start)
		v, err := rostering.BuildAndPublish(ctx, st, store.System, site.ID, civil.MustParse("2026-12-07"), 28, rostering.BuildOptions{TimeLimit: 10 * time.Second, Seed: int64(i)})
		benchMust(b, err)
		var need, under, over float64
		cover := coverOf(v)
		for _, dm := range p.Demand.Intervals {
			for k, r := range dm.Required {
				need += r
				under += max(0, r-cover[dm.Day][k])
				over += max(0, cover[dm.Day][k]-r)
			}
		}
		b.ReportMetric(float64(problemTime.Milliseconds()), "problem-ms")
		b.ReportMetric(v.Objective, "objective")
		b.ReportMetric(under/4, "under-agent-hours")
		b.ReportMetric(over/4, "over-agent-hours")
		b.ReportMetric(need/4, "required-agent-hours")
		if !v.Feasible {
			b.Errorf("infeasible: %v", v.Violations[:min(3, len(v.Violations))])
		}
	}
}

// coverOf counts, per day and 15-minute slot, the agents working (not on
// a break), from the published shifts: a second count, independent of
// the checker's.
func coverOf(v *store.ScheduleVersion) [][]float64 {
	cover := make([][]float64, v.Days)
	for d := range cover {
		cover[d] = make([]float64, 96)
	}
	slot := func(clock string) int { m, _ := schedule.ParseClock(clock); return m / 15 }
	for _, a := range v.Solution.Assignments {
		var sh schedule.Shift
		for _, s := range v.Problem.Shifts {
			if s.ID == a.Shift {
				sh = s
			}
		}
		onBreak := map[int]bool{}
		for _, br := range a.Breaks {
			for k := 0; k < br.DurationMinutes/15; k++ {
				onBreak[slot(br.Start)+k] = true
			}
		}
		for k := slot(a.Start); k < slot(a.Start)+sh.DurationMinutes/15; k++ {
			if k < 96 && !onBreak[k] {
				cover[a.Day][k]++
			}
		}
	}
	return cover
}

func benchMust(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// TestPublishingADraftOfAReplacedVersionIsAConflict: two supervisors
// edit the same published roster, each making a draft of it. The first
// publishes; the second draft no longer builds on the published roster,
// and publishing it (which would silently undo the first) is a Conflict
// that names the roster now published, who published it and when. Two
// drafts of the same roster published at once: one wins, one conflicts.
func TestPublishingADraftOfAReplacedVersionIsAConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		st.SetClock(func() time.Time { return time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC) })
		site, _, team, agent := center(t, st)
		wang := store.User{Username: "wang.fang", DisplayName: "Wang Fang", Role: store.RoleSupervisor, Locale: "zh-CN", Active: true, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, store.System, &wang))
		all := store.Scope{All: true}
		p := schedule.Problem{StartDate: civil.MustParse("2026-12-07"), Days: 7, IntervalMinutes: 15,
			Shifts: []schedule.Shift{{ID: "E", Start: "08:00", LatestStart: "10:00", DurationMinutes: 480}},
			Agents: []schedule.Agent{{ID: agent.Code}}}
		v0 := &store.ScheduleVersion{SiteID: site.ID, Problem: p, Solution: schedule.Solution{Assignments: []schedule.Assignment{{Agent: agent.Code, Day: 0, Shift: "E"}}}}
		must(t, rostering.CreateSchedule(ctx, st, store.System, all, v0))
		published, err := rostering.Publish(ctx, st, store.System, all, v0.ID, v0.Version)
		must(t, err)
		edit := func(v *store.ScheduleVersion, start string) *store.ScheduleVersion {
			t.Helper()
			d, err := rostering.EditSchedule(ctx, st, store.Actor{UserID: wang.ID}, all, v.ID,
				rostering.ShiftEdit{Version: v.Version, AgentID: agent.ID, Date: civil.MustParse("2026-12-08"), Shift: "E", Start: start})
			must(t, err)
			if d.Status != store.ScheduleDraft || d.BasedOn == nil || *d.BasedOn != v.ID {
				t.Fatalf("edit of schedule %d made %s based on %v", v.ID, d.Status, d.BasedOn)
			}
			return d
		}
		first, second := edit(published, "08:00"), edit(published, "09:00")
		// A draft is seen as it would be published, by the site's
		// supervisors (not by agents, who see only what is published).
		mine := store.Scope{TeamIDs: []int64{team.ID}}
		shifts, err := st.VersionShifts(ctx, mine, second.ID, store.ShiftFilter{From: civil.MustParse("2026-12-08"), To: civil.MustParse("2026-12-08")})
		if err != nil || len(shifts) != 1 || shifts[0].ScheduleID != second.ID || shifts[0].AgentID != agent.ID || shifts[0].Start.Hour() != 9 {
			t.Errorf("the draft's shifts on the 8th: %+v %v, want the agent's from 09:00", shifts, err)
		}
		if _, err := st.VersionShifts(ctx, store.Scope{AgentID: agent.ID}, second.ID, store.ShiftFilter{}); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("an agent reads a draft's shifts: %v, want forbidden", err)
		}
		if pub, err := st.PublishedShifts(ctx, mine, store.ShiftFilter{From: civil.MustParse("2026-12-08"), To: civil.MustParse("2026-12-08")}); err != nil || len(pub) != 0 {
			t.Errorf("published shifts on the 8th: %+v %v, want none (only drafts have one)", pub, err)
		}
		if _, replaced, err := rostering.ReplacedBase(ctx, st, second); err != nil || replaced {
			t.Errorf("before any publication the draft's base is replaced (%v)", err)
		}
		won, err := rostering.Publish(ctx, st, store.Actor{UserID: wang.ID}, store.Scope{TeamIDs: []int64{team.ID}}, first.ID, first.Version)
		must(t, err)
		_, err = rostering.Publish(ctx, st, store.System, all, second.ID, second.Version)
		var se *fault.Error
		if !errors.As(err, &se) || se.Code != fault.Conflict {
			t.Fatalf("publishing a draft of a replaced roster: %v, want a conflict", err)
		}
		for _, want := range []string{fmt.Sprintf("schedule %d was edited from schedule %d", second.ID, published.ID),
			fmt.Sprintf("schedule %d (version %d), published by Wang Fang at 2026-12-06 09:30 UTC, replaced it", won.ID, won.Version)} {
			if !strings.Contains(se.Message, want) {
				t.Errorf("conflict %q does not say %q", se.Message, want)
			}
		}
		r, replaced, err := rostering.ReplacedBase(ctx, st, second)
		if err != nil || !replaced || r.BaseID != published.ID || r.Current == nil || r.Current.ID != won.ID || r.PublishedBy != "Wang Fang" {
			t.Errorf("ReplacedBase = %+v %v %v", r, replaced, err)
		}
		if v, _ := st.GetScheduleVersion(ctx, won.ID); v.Status != store.SchedulePublished {
			t.Errorf("the first draft is %s after the refused publication, want published", v.Status)
		}
		if v, _ := st.GetScheduleVersion(ctx, second.ID); v.Status != store.ScheduleDraft {
			t.Errorf("the refused draft is %s, want still a draft", v.Status)
		}

		// Two drafts of the roster now published, published at once: the
		// clock (read by a publication after its checks, before it writes)
		// holds the first until the second has checked too, or for a
		// second when the second cannot get so far.
		a, b := edit(won, "08:30"), edit(won, "09:30")
		var mu sync.Mutex
		calls, both := 0, make(chan struct{})
		st.SetClock(func() time.Time {
			mu.Lock()
			if calls++; calls == 2 {
				close(both)
			}
			mu.Unlock()
			select {
			case <-both:
			case <-time.After(time.Second):
			}
			return time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
		})
		errs := make(chan error, 2)
		for _, d := range []*store.ScheduleVersion{a, b} {
			go func() {
				_, err := rostering.Publish(ctx, st, store.System, all, d.ID, d.Version)
				errs <- err
			}()
		}
		var ok, conflicts int
		for range 2 {
			switch err := <-errs; fault.CodeOf(err) {
			case fault.Conflict:
				conflicts++
			default:
				if err != nil {
					t.Errorf("concurrent publication: %v", err)
				} else {
					ok++
				}
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Errorf("two drafts of one roster published at once: %d published, %d conflicts; want 1 and 1", ok, conflicts)
		}
		list, err := st.ListScheduleVersions(ctx, all, store.ScheduleFilter{SiteID: site.ID, Status: store.SchedulePublished})
		if err != nil || len(list) != 1 {
			t.Errorf("%d published versions over one period (%v), want 1", len(list), err)
		}
	})
}
