package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/jobs"
	"wfm/kpi"
	"wfm/measure"
	"wfm/people"
	"wfm/store"
	"wfm/store/storetest"
)

const jobContacts = `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,acw_seconds,resolved,csat,emotion
j1,sales,2026-03-02 09:00:00,2026-03-02 09:00:10,2026-03-02 09:03:00,A1,150,20,true,5,
j2,sales,2026-03-02 09:10:00,2026-03-02 09:10:40,2026-03-02 09:14:00,A1,180,20,false,2,anger
`

const jobStates = `agent,state,start,end
A1,available,2026-03-02 09:00:00,2026-03-02 09:00:10
A1,contact,2026-03-02 09:00:10,2026-03-02 09:03:00
A1,available,2026-03-02 09:03:00,2026-03-02 09:10:40
A1,contact,2026-03-02 09:10:40,2026-03-02 09:14:00
`

// kpiCenter is a Shanghai site with queue "sales", a team with a
// supervisor and agent A1, and a morning of her contacts and states.
func kpiCenter(t *testing.T, st *store.Store) (store.Agent, store.Scope) {
	t.Helper()
	ctx := context.Background()
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	must(t, st.CreateSite(ctx, store.System, &site))
	q := store.Queue{Code: "sales", Name: "Sales", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, ShortAbandonSeconds: 5}
	must(t, st.CreateQueue(ctx, store.System, &q))
	team := store.Team{Name: "A", SiteID: site.ID}
	must(t, st.CreateTeam(ctx, store.System, &team))
	ag := store.Agent{Code: "A1", Name: "Li Na", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
	must(t, st.CreateAgent(ctx, store.System, &ag))
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cs, err := batch.ReadContacts(strings.NewReader(jobContacts), "c.csv", loc)
	must(t, err)
	_, err = st.ImportContacts(ctx, store.System, "c.csv", cs)
	must(t, err)
	ss, err := batch.ReadStates(strings.NewReader(jobStates), "s.csv", loc)
	must(t, err)
	_, err = st.ImportStates(ctx, store.System, "s.csv", ss)
	must(t, err)
	return ag, store.Scope{TeamIDs: []int64{team.ID}}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func shanghaiTime(s string) time.Time {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func TestKPIJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ag, sup := kpiCenter(t, st)
		all := store.Scope{All: true}
		day := kpi.Date{Year: 2026, Month: 3, Day: 2}

		// The 15-minute job during the day counts today so far.
		must(t, jobs.RollupDay(ctx, st, quiet(), shanghaiTime("2026-03-02 12:00"), 0))
		reps, err := measure.QueueIntervalKPIs(ctx, st, store.KPIQuery{From: day, To: day, Scope: all})
		must(t, err)
		if len(reps) != 1 || len(reps[0].Intervals) != 1 || reps[0].Intervals[0].Offered != 2 {
			t.Fatalf("today's rollup: %+v", reps)
		}
		alerts, err := st.ListAlerts(ctx, store.AlertFilter{Scope: sup})
		must(t, err)
		if len(alerts) != 1 || alerts[0].Kind != store.AlertHighRisk {
			t.Errorf("high-risk alert for j2: %+v", alerts)
		}
		// The nightly job the next morning recomputes the same day.
		must(t, jobs.RollupDay(ctx, st, quiet(), shanghaiTime("2026-03-03 09:30"), 1))
		days, err := measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: day, To: day, Scope: all})
		must(t, err)
		if len(days) != 1 || days[0].Handled != 2 {
			t.Errorf("yesterday's agent days: %+v", days)
		}

		must(t, jobs.StrainAlerts(ctx, st, quiet(), shanghaiTime("2026-03-03 10:00")))
		m, err := measure.StrainMap(ctx, st, store.KPIQuery{From: day, To: day, Scope: sup})
		must(t, err)
		if len(m.Agents) != 1 || m.Agents[0].Index[0] == nil {
			t.Errorf("strain of yesterday: %+v", m)
		}

		must(t, jobs.MonthlyReviews(ctx, st, quiet(), shanghaiTime("2026-04-01 11:00")))
		reviews, err := st.ListReviews(ctx, store.ReviewFilter{Scope: all})
		must(t, err)
		if len(reviews) != 1 || reviews[0].Cycle != "2026-03" || reviews[0].AgentID != ag.ID || reviews[0].Draft.Score == nil {
			t.Errorf("March reviews: %+v", reviews)
		}

		c := store.Complaint{ContactID: "j2", Customer: "Mr Wu", About: "rude", Wants: "an apology"}
		must(t, people.CreateComplaint(ctx, st, store.System, all, &c))
		for _, step := range []store.ComplaintStep{{Action: "judge", Valid: true}, {Action: "classify", Category: "service"},
			{Action: "assign", Owner: "lead"}, {Action: "investigate"}, {Action: "resolve", Remedy: "discount"}} {
			_, err := people.StepComplaint(ctx, st, store.System, all, c.ID, step)
			must(t, err)
		}
		must(t, jobs.ComplaintReminders(ctx, st, quiet(), time.Now().Add(25*time.Hour)))
		alerts, err = st.ListAlerts(ctx, store.AlertFilter{Kind: store.AlertComplaintOverdue, Scope: sup})
		must(t, err)
		if len(alerts) != 1 {
			t.Errorf("overdue follow-up alerts: %+v", alerts)
		}
	})
}

// The KPI rollups and the strain run as one part per site: a replica
// takes a site. A site's part recomputes its own local day and leaves the
// other sites' counts alone.
func TestKPIJobsRunOnePartPerSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _ = kpiCenter(t, st)
		sites, err := st.ListSites(ctx)
		must(t, err)
		shanghai := sites[0].ID
		london := store.Site{Name: "London", Timezone: "Europe/London"}
		must(t, st.CreateSite(ctx, store.System, &london))
		day := kpi.Date{Year: 2026, Month: 3, Day: 2}
		all := store.Scope{All: true}
		offered := func() int {
			reps, err := measure.QueueIntervalKPIs(ctx, st, store.KPIQuery{From: day, To: day, Scope: all})
			must(t, err)
			n := 0
			for _, r := range reps {
				for _, i := range r.Intervals {
					n += i.Offered
				}
			}
			return n
		}
		// London's part of the same instant finds nothing of Shanghai's.
		must(t, jobs.RollupSiteDay(ctx, st, quiet(), london.ID, shanghaiTime("2026-03-02 12:00"), 0))
		if n := offered(); n != 0 {
			t.Fatalf("London's part counted %d Shanghai contacts", n)
		}
		must(t, jobs.RollupSiteDay(ctx, st, quiet(), shanghai, shanghaiTime("2026-03-02 12:00"), 0))
		if n := offered(); n != 2 {
			t.Fatalf("Shanghai's part: %d offered, want 2", n)
		}
		must(t, jobs.RollupSiteDay(ctx, st, quiet(), london.ID, shanghaiTime("2026-03-02 23:00"), 0))
		if n := offered(); n != 2 {
			t.Errorf("London's part cleared Shanghai's counts: %d offered, want 2", n)
		}

		e := startEngine(t, st, jobs.Config{})
		for _, name := range []string{"kpi-rollup-today", "kpi-rollup-yesterday", "strain-alerts"} {
			runOnceWithParts(t, e, name, fmt.Sprintf("site %d", shanghai), fmt.Sprintf("site %d", london.ID))
		}
	})
}
