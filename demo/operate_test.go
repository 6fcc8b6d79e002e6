package demo

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/kpi"
	"wfm/measure"
	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// TestOperateLeavesACenterToShow runs the demo's operations on a small
// center (six weeks of history: the past forecast needs four weeks before
// the contact days) and checks each thing the product shows is there, and
// that a second run adds nothing people made.
func TestOperateLeavesACenterToShow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds rosters with the solver")
	}
	ctx := context.Background()
	st := storetest.OpenEngine(t, storetest.SQLite)
	now := time.Now()
	c := Generate(1, now, 6)
	if err := Load(ctx, st, c); err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 2; run++ {
		if err := Operate(ctx, st, c, now, time.Second, io.Discard); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	reqs, err := st.Requirements(ctx, nil, now, now.AddDate(0, 0, 28))
	if err != nil || len(reqs) == 0 {
		t.Errorf("no requirements for the coming weeks (%v)", err)
	}
	past, err := st.Requirements(ctx, nil, now.AddDate(0, 0, -ContactDays), now.AddDate(0, 0, -1))
	if err != nil || len(past) == 0 {
		t.Errorf("no requirements for the contact days: the past forecast was not published (%v)", err)
	}
	versions, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{Status: store.SchedulePublished})
	if err != nil || len(versions) != 2*len(c.Sites) {
		t.Errorf("published rosters = %d, want two per site, the simulated and the built (%v)", len(versions), err)
	}
	// The simulated past roster serves its queues: every queue-day with
	// contacts has agents on the queue and a real service level (its
	// shifts carried no skill once, and every day simulated at 0%).
	from := c.ContactsFrom.Format(time.DateOnly)
	for _, v := range versions {
		if v.StartDate.String() != from {
			continue
		}
		sim, err := rostering.SimulateRoster(ctx, st, store.Scope{All: true}, v.ID, rostering.RosterSimOptions{Runs: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(sim.Queues) == 0 || strings.Contains(strings.Join(sim.Notes, " "), "no agent of the roster has it") {
			t.Errorf("simulated roster of site %d: %d queues, notes %q", v.SiteID, len(sim.Queues), sim.Notes)
		}
		for _, q := range sim.Queues {
			for _, d := range q.Days {
				agents := 0
				for _, in := range d.Intervals {
					agents = max(agents, in.Agents)
				}
				if d.Offered > 0 && (agents == 0 || d.ServiceLevel == nil || *d.ServiceLevel < 0.25) {
					t.Errorf("%s on %s: %.0f offered, at most %d agents, service level %v", q.Code, d.Date, d.Offered, agents, fmtRatio(d.ServiceLevel))
				}
			}
		}
	}

	// The contact days are measured against the roster they were
	// simulated from: adherence and conformance have real values, high
	// but not perfect (breaks are taken late when a contact runs on).
	var scored int
	var adherence, conformance float64
	days, err := measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: kpi.DateOf(now.AddDate(0, 0, -ContactDays), time.UTC), To: kpi.DateOf(now.AddDate(0, 0, -1), time.UTC), Scope: store.Scope{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		if d.Adherence != nil && d.Conformance != nil {
			scored++
			adherence += *d.Adherence
			conformance += *d.Conformance
		}
	}
	if scored < len(days)/2 || scored == 0 {
		t.Fatalf("%d of %d agent days have adherence and conformance", scored, len(days))
	}
	if a, c := adherence/float64(scored), conformance/float64(scored); a < 0.7 || a >= 1 || c < 0.8 || c > 1.3 {
		t.Errorf("mean adherence %.3f, conformance %.3f over %d agent days: want 0.7-1 and 0.8-1.3", a, c, scored)
	} else {
		t.Logf("mean adherence %.3f, conformance %.3f over %d agent days", a, c, scored)
	}
	evaluations, _ := st.ListEvaluations(ctx, store.EvaluationFilter{Scope: store.Scope{All: true}})
	complaints, _ := st.ListComplaints(ctx, store.ComplaintFilter{Scope: store.Scope{All: true}, From: now.AddDate(0, 0, -30), To: now})
	if len(evaluations) == 0 || len(complaints) == 0 {
		t.Errorf("evaluations %d, complaints %d: want some of each", len(evaluations), len(complaints))
	}
	agents, _ := st.ListAgents(ctx, store.Scope{All: true})
	shared, feedback := 0, 0
	for _, a := range agents {
		mine := store.Scope{AgentID: a.ID}
		rs, _ := st.ListReviews(ctx, store.ReviewFilter{AgentID: a.ID, Scope: mine})
		shared += len(rs)
		fs, _ := st.ListFeedback(ctx, mine, a.ID)
		feedback += len(fs)
	}
	logins := 0
	for _, a := range c.Agents {
		if a.User != "" {
			logins++
		}
	}
	if shared != logins || feedback != logins {
		t.Errorf("shared reviews %d, feedback notes %d: want one each per agent login (%d), even after two runs", shared, feedback, logins)
	}
}

func fmtRatio(v *float64) string {
	if v == nil {
		return "none"
	}
	return strconv.FormatFloat(*v, 'f', 3, 64)
}
