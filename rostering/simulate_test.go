package rostering_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// simCenter is a site with one billing queue open 08:00-16:00 on two days
// (5 erlangs: 50 calls of 3 minutes a half hour) and eight agents, and a
// drafted roster that puts all eight on the queue both days.
func simCenter(t *testing.T, st *store.Store) (store.Team, store.Queue, *store.ScheduleVersion, []store.Agent) {
	t.Helper()
	ctx := context.Background()
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	must(t, st.CreateSite(ctx, store.System, &site))
	team := store.Team{Name: "A", SiteID: site.ID}
	must(t, st.CreateTeam(ctx, store.System, &team))
	skill := store.Skill{Name: "billing"}
	must(t, st.CreateSkill(ctx, store.System, &skill))
	patience := 120
	q := store.Queue{Code: "billing", Name: "Billing", SiteID: site.ID, SkillID: &skill.ID, Channel: "voice",
		SLTarget: 0.8, SLThresholdSeconds: 20, PatienceSeconds: &patience}
	must(t, st.CreateQueue(ctx, store.System, &q))
	tmpl := store.ShiftTemplate{SiteID: site.ID, Code: "E", Name: "Early", Start: "08:00", DurationMinutes: 480}
	must(t, st.CreateShiftTemplate(ctx, store.System, &tmpl))
	var agents []store.Agent
	for i := range 8 {
		a := store.Agent{Code: fmt.Sprintf("S%d", i), Name: "Agent", TeamID: team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true,
			Skills: []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}}}
		must(t, st.CreateAgent(ctx, store.System, &a))
		agents = append(agents, a)
	}
	day0 := time.Date(2026, 12, 7, 0, 0, 0, 0, site.Location())
	var rs []store.Requirement
	for d := range 2 {
		for m := 8 * 60; m < 16*60; m += 30 {
			rs = append(rs, store.Requirement{IntervalStart: day0.AddDate(0, 0, d).Add(time.Duration(m) * time.Minute),
				IntervalSeconds: 1800, Volume: 50, AHTSeconds: 180, Agents: 8, Scheduled: 8, Source: "t"})
		}
	}
	must(t, st.ReplaceRequirements(ctx, store.System, q.ID, day0, day0.AddDate(0, 0, 2), rs))
	v, err := rostering.BuildDraft(ctx, st, store.System, site.ID, civil.MustParse("2026-12-07"), 2, rostering.BuildOptions{TimeLimit: time.Second, Seed: 1})
	must(t, err)
	if n := len(v.Solution.Assignments); n != 16 {
		t.Fatalf("the draft has %d shifts, want all 8 agents on both days", n)
	}
	return team, q, v, agents
}

func TestSimulateRosterShowsTheConsequenceOfAGap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		team, q, v, agents := simCenter(t, st)
		// Send half the agents home on the second day.
		for _, a := range agents[:4] {
			var err error
			v, err = rostering.EditSchedule(ctx, st, store.System, store.Scope{All: true}, v.ID,
				rostering.ShiftEdit{Version: v.Version, AgentID: a.ID, Date: civil.MustParse("2026-12-08"), Shift: "", Force: true})
			must(t, err)
		}
		sc := store.Scope{TeamIDs: []int64{team.ID}}
		sim, err := rostering.SimulateRoster(ctx, st, sc, v.ID, rostering.RosterSimOptions{Seed: 3})
		must(t, err)
		if len(sim.Queues) != 1 || sim.Queues[0].QueueID != q.ID {
			t.Fatalf("queues %+v", sim.Queues)
		}
		qs := sim.Queues[0]
		if len(qs.Days) != 2 || qs.Days[0].Date != civil.MustParse("2026-12-07") || qs.Days[1].Date != civil.MustParse("2026-12-08") {
			t.Fatalf("days %+v", qs.Days)
		}
		full, half := qs.Days[0], qs.Days[1]
		// 8 agents for 5 erlangs: Erlang A gives about 0.93 within 20 s.
		if full.ServiceLevel == nil || *full.ServiceLevel < 0.85 || !full.MeetsGoal {
			t.Errorf("full day: %+v", full.SimulatedOutcome)
		}
		// 4 agents for 5 erlangs: overloaded, callers hang up.
		if half.ServiceLevel != nil {
			t.Logf("service level: full day %.3f, half day %.3f (abandoned %.3f)", *full.ServiceLevel, *half.ServiceLevel, *half.AbandonRate)
		}
		if half.ServiceLevel == nil || *half.ServiceLevel > 0.5 || half.MeetsGoal || *half.AbandonRate < 0.1 {
			t.Errorf("half day: %+v", half.SimulatedOutcome)
		}
		if qs.DaysMissed != 1 {
			t.Errorf("days missed %d, want 1", qs.DaysMissed)
		}
		// The intervals: 32 slots of 08:00-16:00, each 25 calls of 180 s, the
		// rostered agents as placed.
		if len(full.Intervals) != 32 || len(half.Intervals) != 32 {
			t.Fatalf("%d and %d intervals, want 32 open ones a day", len(full.Intervals), len(half.Intervals))
		}
		first := full.Intervals[0]
		if !first.Start.Equal(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)) || first.Volume != 25 || first.AHTSeconds != 180 ||
			first.Required != 8 || first.Rostered != 8 || first.Agents != 8 {
			t.Errorf("first interval %+v (08:00 Shanghai is 00:00 UTC)", first)
		}
		if got := half.Intervals[5]; got.Rostered != 4 || got.Agents != 4 || got.MeetsGoal {
			t.Errorf("an interval of the half day %+v", got)
		}
		var offered float64
		for _, in := range full.Intervals {
			offered += in.Offered
		}
		if math.Abs(offered-full.Offered) > 1e-6 || offered < 700 || offered > 900 {
			t.Errorf("offered %v over the intervals, %v for the day, want about 800", offered, full.Offered)
		}

		// Deterministic for a seed; one day alone is the same day.
		again, err := rostering.SimulateRoster(ctx, st, sc, v.ID, rostering.RosterSimOptions{Seed: 3})
		must(t, err)
		if !reflect.DeepEqual(again, sim) {
			t.Error("same seed, different simulation")
		}
		alone, err := rostering.SimulateRoster(ctx, st, sc, v.ID, rostering.RosterSimOptions{Seed: 3, From: civil.MustParse("2026-12-08"), To: civil.MustParse("2026-12-08")})
		must(t, err)
		if len(alone.Queues[0].Days) != 1 || !reflect.DeepEqual(alone.Queues[0].Days[0], half) {
			t.Error("the second day simulated alone differs")
		}
		// Shrinkage takes agents off the queue.
		shrink := 0.5
		shrunk, err := rostering.SimulateRoster(ctx, st, sc, v.ID, rostering.RosterSimOptions{Seed: 3, Shrinkage: &shrink, From: civil.MustParse("2026-12-07"), To: civil.MustParse("2026-12-07")})
		must(t, err)
		if d := shrunk.Queues[0].Days[0]; d.Intervals[0].Agents != 4 || d.MeetsGoal {
			t.Errorf("with half the agents off the queue: %+v", d.Intervals[0])
		}

		if _, err := rostering.SimulateRoster(ctx, st, store.Scope{TeamIDs: []int64{team.ID + 100}}, v.ID, rostering.RosterSimOptions{}); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another site's supervisor: %v, want forbidden", err)
		}
		for _, bad := range []struct {
			name  string
			opt   rostering.RosterSimOptions
			field string
		}{
			{"1000 runs", rostering.RosterSimOptions{Runs: 1000}, "runs"},
			{"from after the roster", rostering.RosterSimOptions{From: civil.MustParse("2026-12-20")}, "from"},
			{"to outside the roster", rostering.RosterSimOptions{To: civil.MustParse("2027-06-01")}, "to"},
			{"to before from", rostering.RosterSimOptions{From: civil.MustParse("2026-12-08"), To: civil.MustParse("2026-12-07")}, "to"},
		} {
			t.Run(bad.name, func(t *testing.T) {
				_, err := rostering.SimulateRoster(ctx, st, sc, v.ID, bad.opt)
				var se *fault.Error
				if !errors.As(err, &se) || se.Code != fault.Invalid || se.Fields[bad.field] == "" {
					t.Errorf("%+v: %v, want invalid %s", bad.opt, err, bad.field)
				}
			})
		}
		if _, err := rostering.SimulateRoster(ctx, st, sc, 99999, rostering.RosterSimOptions{}); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("missing schedule: %v", err)
		}
	})
}
