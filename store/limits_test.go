package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/fault"
	"wfm/people"
	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// refusedField fails unless err is Invalid and names field.
func refusedField(t *testing.T, what string, err error, field string) {
	t.Helper()
	var se *fault.Error
	if fault.CodeOf(err) != fault.Invalid || !asStoreError(err, &se) || se.Fields[field] == "" {
		t.Errorf("%s: err = %v, want invalid naming %s", what, err, field)
	}
}

func asStoreError(err error, se **fault.Error) bool {
	e, ok := err.(*fault.Error)
	*se = e
	return ok
}

// Text people type was stored whatever it held: a 3 MB time-off note (the
// pages showing it then weighed 3 MB), and NUL bytes the database refuses
// with an internal error. Each kind of text has its limit.
func TestTextFieldsAreBoundedAndClean(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, ag := center(t, st)
		all := store.Scope{All: true}
		today := time.Now().UTC().Format(time.DateOnly)
		huge := strings.Repeat("long note ", 300_000) // 3 MB
		for name, note := range map[string]string{"3 MB": huge, "2001 characters": strings.Repeat("假", 2001), "NUL": "sick\x00", "invalid UTF-8": "sick \xff"} {
			r := store.TimeOffRequest{AgentID: ag.ID, StartDate: civil.MustParse(today), EndDate: civil.MustParse(today), Note: note}
			refusedField(t, "time off note "+name, rostering.RequestTimeOff(ctx, st, store.System, all, &r), "note")
		}
		ok := store.TimeOffRequest{AgentID: ag.ID, StartDate: civil.MustParse(today), EndDate: civil.MustParse(today), Note: strings.Repeat("假", 1987) + "\nline two\ttab"}
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &ok))

		lead := supervisorOf(t, st, "lead", team)
		sup := store.Scope{TeamIDs: []int64{team.ID}}
		fb := store.Feedback{AgentID: ag.ID, Body: "well done\x00"}
		refusedField(t, "feedback NUL", people.CreateFeedback(ctx, st, lead, sup, &fb), "body")
		fb = store.Feedback{AgentID: ag.ID, Body: huge}
		refusedField(t, "feedback 3 MB", people.CreateFeedback(ctx, st, lead, sup, &fb), "body")

		c := store.Complaint{Customer: "Mr Wu", About: "rude\x00", RecordedAt: time.Now()}
		refusedField(t, "complaint NUL", people.CreateComplaint(ctx, st, lead, sup, &c), "about")

		u := store.User{Username: "bad\x00name", DisplayName: "Bad", Role: store.RoleAgent, Active: true}
		must(t, u.SetPassword("correct horse battery"))
		refusedField(t, "user name NUL", st.CreateUser(ctx, store.System, &u), "username")
		a := store.Agent{Code: "A2", Name: strings.Repeat("n", 201), TeamID: team.ID, HireDate: civil.MustParse("2024-05-01")}
		refusedField(t, "agent name 201 characters", st.CreateAgent(ctx, store.System, &a), "name")
	})
}

func TestReviewCommentsAreBoundedAndClean(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, ag := kpiCenter(t, st)
		sup := store.Scope{TeamIDs: []int64{team.ID}}
		lead := supervisorOf(t, st, "lead", team)
		r, err := people.GenerateReview(ctx, st, store.System, sup, ag.ID, "2026-03")
		must(t, err)
		_, err = people.CommentReview(ctx, st, lead, sup, r.ID, "good\x00")
		refusedField(t, "review comment NUL", err, "body")
		_, err = people.CommentReview(ctx, st, lead, sup, r.ID, strings.Repeat("x", 2001))
		refusedField(t, "review comment 2001 characters", err, "body")
		_, err = people.UpdateReviewPlan(ctx, st, lead, sup, r.ID, r.Version, []store.PlanItem{{KPI: "csat", Plan: "listen\x00"}})
		refusedField(t, "plan NUL", err, "plan[0].plan")
	})
}

// Dates far from today were stored (0001-01-01, 9999-12-31): each kind of
// date has its window around today.
func TestDatesLieInTheirWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, team, ag := center(t, st)
		all := store.Scope{All: true}
		for _, d := range []string{"0001-01-01", "9999-12-31"} {
			r := store.TimeOffRequest{AgentID: ag.ID, StartDate: civil.MustParse(d), EndDate: civil.MustParse(d)}
			refusedField(t, "time off on "+d, rostering.RequestTimeOff(ctx, st, store.System, all, &r), "start_date")
			a := store.Agent{Code: "H" + d[:4], Name: "Hired", TeamID: team.ID, HireDate: civil.MustParse(d)}
			refusedField(t, "hire date "+d, st.CreateAgent(ctx, store.System, &a), "hire_date")
			e := store.CalendarEvent{SiteID: site.ID, Date: civil.MustParse(d), Kind: "holiday", Name: "Far"}
			refusedField(t, "special day "+d, st.CreateCalendarEvent(ctx, store.System, &e), "date")
			_, err := rostering.BuildDraft(ctx, st, store.System, site.ID, civil.MustParse(d), 7, rostering.BuildOptions{TimeLimit: time.Second})
			refusedField(t, "build from "+d, err, "start_date")
			p := store.ShiftPreference{AgentID: ag.ID, Date: civil.MustParse(d), Work: true}
			refusedField(t, "preference on "+d, st.CreatePreference(ctx, store.System, &p), "date")
			refusedField(t, "allowance on "+d, st.SetTimeOffAllowance(ctx, store.System, all, team.ID, civil.MustParse(d), 2), "date")
		}
		// An agent hired decades ago is fine, and so is the demo's 2024.
		a := store.Agent{Code: "OLD", Name: "Long Serving", TeamID: team.ID, HireDate: civil.Of(time.Now().AddDate(-40, 0, 0), nil)}
		must(t, st.CreateAgent(ctx, store.System, &a))
		// A record kept in the window can still be changed when it leaves
		// it: only an edit of its fields checks its dates.
		old := store.TimeOffRequest{AgentID: ag.ID, StartDate: civil.MustParse(time.Now().AddDate(0, -1, 0).Format(time.DateOnly))}
		old.EndDate = old.StartDate
		must(t, rostering.RequestTimeOff(ctx, st, store.System, all, &old))
		st.SetClock(func() time.Time { return time.Now().AddDate(6, 0, 0) })
		_, err := rostering.CancelTimeOff(ctx, st, store.System, all, old.ID, old.Version)
		must(t, err)
	})
}

// Imports refused nothing about when things happened: a state ending in
// 9999 (every rollup over it then cost its whole span), history in year 1.
func TestImportsKeepRecordsInTheirWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		center(t, st)
		h := batch.History{Interval: 15 * time.Minute, Rows: []batch.HistoryRow{
			{Line: 2, Queue: "sales", Start: time.Date(1, 1, 1, 8, 0, 0, 0, time.UTC), Offered: 3},
			{Line: 3, Queue: "sales", Start: time.Date(9999, 12, 31, 8, 0, 0, 0, time.UTC), Offered: 3}}}
		_, err := st.ImportHistory(ctx, store.System, "h.csv", h)
		if err == nil || !strings.Contains(err.Error(), "h.csv:2: column interval_start: 0001-01-01T08:00:00Z is outside") ||
			!strings.Contains(err.Error(), "h.csv:3: column interval_start: 9999-12-31T08:00:00Z is outside") {
			t.Errorf("err = %v, want both rows refused at their line", err)
		}
		start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		ss := []batch.AgentState{{Line: 2, Agent: "A1", State: "available", Start: start, End: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}}
		if _, err := st.ImportStates(ctx, store.System, "s.csv", ss); err == nil || !strings.Contains(err.Error(), "s.csv:2: column end: 9999-12-31T00:00:00Z is outside") {
			t.Errorf("err = %v, want the state's end refused", err)
		}
	})
}

// A later import of states that overlap stored ones left the agent in two
// states at once. The file wins: it replaces the span it gives an agent;
// stored states inside are removed, those running into or out of it are
// cut to what lies outside.
func TestImportedStatesReplaceTheSpanTheyCover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, _, ag := center(t, st)
		read := func(s string) []batch.AgentState {
			t.Helper()
			ss, err := batch.ReadStates(strings.NewReader("agent,state,start,end\n"+s), "s.csv", time.UTC)
			must(t, err)
			return ss
		}
		first := read("A1,available,2026-03-02 08:00,2026-03-02 09:00\nA1,contact,2026-03-02 09:00,2026-03-02 09:30\n" +
			"A1,acw,2026-03-02 09:30,2026-03-02 09:40\nA1,available,2026-03-02 09:40,2026-03-02 10:00\nA1,offline,2026-03-02 10:00,2026-03-02 18:00\n")
		_, err := st.ImportStates(ctx, store.System, "first.csv", first)
		must(t, err)
		// The ACD's corrected export of 08:30-09:45: the 08:00 state is
		// cut at 08:30, the 09:40 one starts at 09:45, the 09:00 one is
		// replaced by key, the 09:30 one is removed, 10:00 is left alone.
		second := read("A1,contact,2026-03-02 08:30,2026-03-02 09:00\nA1,meeting,2026-03-02 09:00,2026-03-02 09:45\n")
		res, err := st.ImportStates(ctx, store.System, "second.csv", second)
		must(t, err)
		if res.Inserted != 1 || res.Replaced != 1 || res.Removed != 1 || res.Clipped != 2 {
			t.Errorf("result = %+v, want 1 inserted, 1 replaced, 1 removed, 2 clipped", res)
		}
		got, err := st.AgentStates(ctx, store.StateFilter{Scope: store.Scope{All: true}, AgentID: ag.ID})
		must(t, err)
		var b strings.Builder
		for _, s := range got {
			b.WriteString(s.StartAt.UTC().Format("15:04") + "-" + s.EndAt.UTC().Format("15:04") + " " + s.State + "\n")
		}
		want := "08:00-08:30 available\n08:30-09:00 contact\n09:00-09:45 meeting\n09:45-10:00 available\n10:00-18:00 offline\n"
		if b.String() != want {
			t.Errorf("stored states:\n%swant\n%s", b.String(), want)
		}
		// The same file again changes nothing.
		res, err = st.ImportStates(ctx, store.System, "second.csv", second)
		must(t, err)
		if res.Replaced != 2 || res.Removed != 0 || res.Clipped != 0 {
			t.Errorf("re-import = %+v, want 2 replaced and nothing else", res)
		}
	})
}
