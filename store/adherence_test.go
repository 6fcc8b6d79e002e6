package store_test

import (
	"context"
	"errors"
	"testing"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/measure"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestIntradayListsEveryAgent: the intraday view lists every active agent
// of the team with a status, whether she has a shift, a state, leave or
// nothing, and only an agent asked for by id when she is inactive. Her
// minutes out of adherence cover the part of the day that has happened.
func TestIntradayListsEveryAgent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		all := store.Scope{All: true}
		site, _, team, _ := center(t, st)
		agent := func(code string, active bool) store.Agent {
			a := store.Agent{Code: code, Name: "Agent " + code, TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: active}
			must(t, st.CreateAgent(ctx, store.System, &a))
			return a
		}
		agent("A2", true) // no shift: a day off
		leave := agent("A3", true)
		agent("A4", true) // a shift, never logged in
		gone := agent("A5", false)
		// A1, A3 (on leave) and A4 (no state ever) work 09:00-13:00, lunch 11:00-11:30.
		unpaid := false
		lunch := []schedule.Break{{DurationMinutes: 30, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 120, Paid: &unpaid}}
		placed := []schedule.BreakPlacement{{Start: "11:00", DurationMinutes: 30}}
		v := &store.ScheduleVersion{SiteID: site.ID, Problem: schedule.Problem{StartDate: civil.MustParse("2026-03-02"), Days: 1, IntervalMinutes: 15,
			Shifts: []schedule.Shift{{ID: "M", Start: "09:00", DurationMinutes: 240, Breaks: lunch}},
			Agents: []schedule.Agent{{ID: "A1"}, {ID: "A2"}, {ID: "A3"}, {ID: "A4"}}},
			Solution: schedule.Solution{Assignments: []schedule.Assignment{
				{Agent: "A1", Day: 0, Shift: "M", Start: "09:00", Breaks: placed},
				{Agent: "A3", Day: 0, Shift: "M", Start: "09:00", Breaks: placed},
				{Agent: "A4", Day: 0, Shift: "M", Start: "09:00", Breaks: placed},
			}}}
		must(t, rostering.CreateSchedule(ctx, st, store.System, all, v))
		_, err := rostering.Publish(ctx, st, store.System, all, v.ID, v.Version)
		must(t, err)
		// A3's sick leave, granted after the roster was published.
		sick := store.TimeOffRequest{AgentID: leave.ID, StartDate: civil.MustParse("2026-03-02"), EndDate: civil.MustParse("2026-03-02"), Kind: "sick"}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &sick))
		_, err = rostering.DecideTimeOff(ctx, st, store.System, all, sick.ID, sick.Version, store.RequestApproved)
		must(t, err)
		// A1 is late by ten minutes and still on lunch at 11:40.
		importKPIInput(t, st, "contact_id,queue,arrived_at\n", "agent,state,start,end\n"+
			"A1,available,2026-03-02 09:10:00,2026-03-02 11:00:00\n"+
			"A1,lunch,2026-03-02 11:00:00,2026-03-02 11:35:00\n")

		view := func(q measure.RealTimeQuery) map[string]measure.RealTimeAgent {
			t.Helper()
			q.Scope = all
			v, err := measure.RealTime(ctx, st, q)
			must(t, err)
			out := map[string]measure.RealTimeAgent{}
			for _, a := range v.Agents {
				out[a.Agent] = a
			}
			return out
		}
		type want struct {
			status string
			out    float64 // minutes out of adherence so far
		}
		check := func(name string, got map[string]measure.RealTimeAgent, wants map[string]want) {
			t.Helper()
			if len(got) != len(wants) {
				t.Errorf("%s: %d agents listed, want %d: %+v", name, len(got), len(wants), got)
			}
			for code, w := range wants {
				a, ok := got[code]
				if !ok || a.Status != w.status || a.OutOfAdherenceMinutes != w.out {
					t.Errorf("%s: %s = %q out %v, want %q out %v", name, code, a.Status, a.OutOfAdherenceMinutes, w.status, w.out)
				}
				if a.Status == string(kpi.StatusInAdherence) != a.InAdherence {
					t.Errorf("%s: %s status %s but in_adherence %v", name, code, a.Status, a.InAdherence)
				}
			}
		}
		// 11:40: A1's lunch ran over at 11:30 and the feed's last state
		// (lunch, recorded until 11:35) is taken to go on: out 10 + 10.
		// A4, never logged in, is out of adherence since 09:00 (2 h 10,
		// her lunch included: no state matches nothing).
		now := view(measure.RealTimeQuery{TeamID: team.ID, At: at("11:40")})
		check("11:40", now, map[string]want{
			"A1": {"out_of_adherence", 20}, "A2": {"day_off", 0}, "A3": {"on_leave", 0}, "A4": {"not_logged_in", 160}})
		if a := now["A1"]; a.State != "lunch" || a.Scheduled != "work" || a.Adherence == nil || !near(a.Adherence, 1-20.0/160) {
			t.Errorf("A1 at 11:40: %+v", a)
		}
		if a := now["A3"]; a.Leave != "sick" || len(a.Activities) != 0 || a.ScheduledSeconds != 0 || a.Adherence != nil {
			t.Errorf("A3 on leave still has her shift: %+v", a)
		}
		// 14:00, the shift over: nobody is "in adherence" with nothing
		// scheduled. A1 is still on lunch as far as the feed says (out 10 +
		// 90); A4's minutes out are her whole shift.
		check("14:00", view(measure.RealTimeQuery{TeamID: team.ID, At: at("14:00")}), map[string]want{
			"A1": {"unscheduled_logged_in", 10 + 90}, "A2": {"day_off", 0}, "A3": {"on_leave", 0}, "A4": {"off_shift", 240}})
		// The day gone by: A1's states end at 11:35 (no state is taken to go
		// on: out 10 + 5 + 85), and the view's numbers are the day's KPIs.
		next := view(measure.RealTimeQuery{TeamID: team.ID, At: at("09:00").AddDate(0, 0, 1), Day: day("2026-03-02")})
		check("the day after", next, map[string]want{
			"A1": {"scheduled", 10 + 5 + 85}, "A2": {"day_off", 0}, "A3": {"on_leave", 0}, "A4": {"not_logged_in", 240}})
		_, err = measure.RollupKPIs(ctx, st, day("2026-03-02").Start(shanghai), day("2026-03-03").Start(shanghai))
		must(t, err)
		days, err := measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), Scope: all})
		must(t, err)
		for _, d := range days {
			for _, a := range next {
				if a.AgentID == d.AgentID && (d.Adherence == nil) != (a.Adherence == nil) || a.AgentID == d.AgentID && a.Adherence != nil && !near(d.Adherence, *a.Adherence) {
					t.Errorf("%s: the view's adherence %v, the day's KPI %v", a.Agent, a.Adherence, d.Adherence)
				}
			}
			if d.AgentID == leave.ID && d.Adherence != nil {
				t.Errorf("the day's KPI measures A3 on leave against her shift: adherence %v", *d.Adherence)
			}
		}
		// The day before: no roster covers it, so nobody has a known day off.
		check("no roster", view(measure.RealTimeQuery{TeamID: team.ID, At: at("12:00"), Day: day("2026-03-01")}), map[string]want{
			"A1": {"no_roster", 0}, "A2": {"no_roster", 0}, "A3": {"no_roster", 0}, "A4": {"no_roster", 0}})
		// An inactive agent only when asked for.
		if got := view(measure.RealTimeQuery{AgentID: gone.ID, At: at("12:00")}); len(got) != 1 || got["A5"].Status != "day_off" {
			t.Errorf("inactive A5 asked for: %+v", got)
		}
		// Days outside the view's window are refused, naming the field.
		for _, d := range []string{"2025-02-28", "2026-05-04"} {
			_, err := measure.RealTime(ctx, st, measure.RealTimeQuery{Scope: all, At: at("12:00"), Day: day(d)})
			var se *fault.Error
			if fault.CodeOf(err) != fault.Invalid || !errors.As(err, &se) || se.Fields["day"] == "" {
				t.Errorf("day %s: %v, want invalid naming day", d, err)
			}
		}
		for _, d := range []string{"2025-03-01", "2026-05-03"} {
			if _, err := measure.RealTime(ctx, st, measure.RealTimeQuery{Scope: all, At: at("12:00"), Day: day(d)}); err != nil {
				t.Errorf("day %s, the edge of the window: %v", d, err)
			}
		}
	})
}
