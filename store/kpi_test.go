package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
	"wfm/measure"
	"wfm/store"
	"wfm/store/storetest"
)

// kpiContacts is a morning of the sales queue in Shanghai, worked by hand
// in TestRollupMatchesHandCounts.
const kpiContacts = `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,hold_seconds,acw_seconds,resolved,csat,emotion,complaint
c1,sales,2026-03-02 09:00:05,2026-03-02 09:00:15,2026-03-02 09:02:05,A1,100,10,20,true,5,,false
c2,sales,2026-03-02 09:05:00,2026-03-02 09:05:30,2026-03-02 09:09:00,A1,200,0,10,false,2,anger,true
c3,sales,2026-03-02 09:10:00,,2026-03-02 09:10:03,,0,0,0,,,,false
c4,sales,2026-03-02 09:14:00,,2026-03-02 09:15:00,,0,0,0,,,,false
c5,sales,2026-03-02 09:20:00,,2026-03-02 09:20:02,,0,0,0,,,,false
`

const kpiStates = `agent,state,start,end
A1,available,2026-03-02 09:00:00,2026-03-02 09:05:00
A1,contact,2026-03-02 09:05:00,2026-03-02 09:10:00
A1,break,2026-03-02 09:10:00,2026-03-02 09:20:00
`

// kpiCenter is center() with the queue's short abandons at 5 s.
func kpiCenter(t *testing.T, st *store.Store) (store.Site, store.Queue, store.Team, store.Agent) {
	t.Helper()
	site, q, team, ag := center(t, st)
	q.ShortAbandonSeconds = 5
	must(t, st.UpdateQueue(context.Background(), store.System, &q))
	return site, q, team, ag
}

func importKPIInput(t *testing.T, st *store.Store, contacts, states string) {
	t.Helper()
	ctx := context.Background()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cs, err := batch.ReadContacts(strings.NewReader(contacts), "contacts.csv", loc)
	must(t, err)
	_, err = st.ImportContacts(ctx, store.System, "contacts.csv", cs)
	must(t, err)
	if states != "" {
		ss, err := batch.ReadStates(strings.NewReader(states), "states.csv", loc)
		must(t, err)
		_, err = st.ImportStates(ctx, store.System, "states.csv", ss)
		must(t, err)
	}
}

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func at(clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-03-02 "+clock, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) kpi.Date {
	d, err := kpi.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func near(got *float64, want float64) bool { return got != nil && math.Abs(*got-want) < 1e-9 }

func TestRollupMatchesHandCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, team, ag := kpiCenter(t, st)
		importKPIInput(t, st, kpiContacts, kpiStates)
		res, err := measure.RollupKPIs(ctx, st, day("2026-03-02").Start(shanghai), day("2026-03-03").Start(shanghai))
		must(t, err)
		if res.Contacts != 5 || res.Intervals != 2 || res.AgentDays != 1 {
			t.Fatalf("rollup %+v, want 5 contacts, 2 intervals, 1 agent day", res)
		}
		all := store.Scope{All: true}
		reps, err := measure.QueueIntervalKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), QueueID: q.ID, Scope: all})
		must(t, err)
		if len(reps) != 1 || len(reps[0].Intervals) != 2 {
			t.Fatalf("reports %+v", reps)
		}
		if !strings.HasPrefix(reps[0].SLFormulaUsed, "abandons-counted") || reps[0].SLFormula != "abandons-counted" {
			t.Errorf("formula %q / %q", reps[0].SLFormula, reps[0].SLFormulaUsed)
		}
		// 09:00: c1 in 10 s, c2 in 30 s, c3 a short abandon (3 s < 5 s),
		// c4 a real one: SL 1 / (2 + 2 - 1), ASA (10+30)/2, AHT (130+210)/2.
		first := reps[0].Intervals[0]
		if !first.IntervalStart.Equal(at("09:00")) || first.Offered != 4 || first.Answered != 2 || first.Abandoned != 2 ||
			first.ShortAbandoned != 1 || !near(first.ServiceLevel, 1.0/3) || !near(first.ASASeconds, 20) ||
			!near(first.AHTSeconds, 170) || !near(first.AbandonRate, 0.5) {
			t.Errorf("09:00 = %+v", first)
		}
		// 09:15: only a short abandon: no service-level base, nothing answered.
		second := reps[0].Intervals[1]
		if second.Offered != 1 || second.ServiceLevel != nil || second.ASASeconds != nil || second.AHTSeconds != nil || !near(second.AbandonRate, 1) {
			t.Errorf("09:15 = %+v", second)
		}
		b, _ := json.Marshal(second)
		if !strings.Contains(string(b), `"service_level":null`) {
			t.Errorf("empty denominator not null in JSON: %s", b)
		}
		// 30-minute view adds the two.
		reps, err = measure.QueueIntervalKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), Interval: 30 * time.Minute, Scope: all})
		must(t, err)
		if len(reps[0].Intervals) != 1 || reps[0].Intervals[0].Offered != 5 || reps[0].Intervals[0].ShortAbandoned != 2 || !near(reps[0].Intervals[0].ServiceLevel, 1.0/3) {
			t.Errorf("30m view %+v", reps[0].Intervals)
		}
		months, err := measure.QueuePeriodKPIs(ctx, st, store.KPIQuery{From: day("2026-03-01"), To: day("2026-03-31"), Period: kpi.PeriodMonth, Scope: all})
		must(t, err)
		if len(months[0].Periods) != 1 || months[0].Periods[0].Start != civil.MustParse("2026-03-01") || months[0].Periods[0].Offered != 5 {
			t.Errorf("month %+v", months[0].Periods)
		}

		// Agent day: 2 handled, FCR 1/2, CSAT 1/2, occupancy 5 min of 10;
		// nothing scheduled, so adherence and conformance are null.
		days, err := measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), Scope: all})
		must(t, err)
		if len(days) != 1 {
			t.Fatalf("agent days %+v", days)
		}
		d := days[0]
		if d.AgentID != ag.ID || d.Handled != 2 || !near(d.AHTSeconds, 170) || !near(d.FCR, 0.5) || !near(d.CSAT, 0.5) ||
			!near(d.Occupancy, 0.5) || d.Adherence != nil || d.Conformance != nil || !near(d.DifficultShare, 0.5) {
			t.Errorf("agent day %+v", d)
		}
		teams, err := measure.TeamPeriodKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-08"), Period: kpi.PeriodWeek, Scope: all})
		must(t, err)
		if len(teams) != 1 || teams[0].TeamID != team.ID || teams[0].Handled != 2 || teams[0].Start != civil.MustParse("2026-03-02") {
			t.Errorf("team week %+v", teams)
		}
	})
}

func TestRollupAdherenceAgainstASchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, _, ag := kpiCenter(t, st)
		importKPIInput(t, st, kpiContacts, kpiStates)
		// Work 09:00-09:15, break 09:15-09:20: she left for her break at
		// 09:10, five minutes early.
		schedule := func(ctx context.Context, ids []int64, from, to time.Time) ([]kpi.Activity, error) {
			a := strconv.FormatInt(ag.ID, 10)
			return []kpi.Activity{
				{Agent: a, Kind: kpi.ActivityWork, Start: at("09:00"), End: at("09:15")},
				{Agent: a, Kind: kpi.ActivityBreak, Start: at("09:15"), End: at("09:20")},
			}, nil
		}
		_, err := measure.RollupKPIsAgainst(ctx, st, at("09:00"), at("09:30"), schedule)
		must(t, err)
		days, err := measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), Scope: store.Scope{All: true}})
		must(t, err)
		if len(days) != 1 || !near(days[0].Adherence, 15.0/20) || !near(days[0].Conformance, 10.0/15) {
			t.Errorf("adherence/conformance %+v", days)
		}
	})
}

func TestIncrementalRollupEqualsFullRecompute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		kpiCenter(t, st)
		importKPIInput(t, st, kpiContacts, kpiStates)
		dayStart, dayEnd := day("2026-03-02").Start(shanghai), day("2026-03-03").Start(shanghai)
		_, err := measure.RollupKPIs(ctx, st, dayStart, dayEnd)
		must(t, err)
		importKPIInput(t, st, `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds
c6,sales,2026-03-02 10:01:00,2026-03-02 10:01:05,2026-03-02 10:03:00,A1,115
`, "")
		res, err := measure.RollupKPIs(ctx, st, at("10:00"), at("10:15"))
		must(t, err)
		if res.Contacts != 1 || res.Intervals != 1 {
			t.Errorf("incremental rollup %+v, want the one new contact and interval", res)
		}
		q := store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), Scope: store.Scope{All: true}}
		inc, err := measure.QueueIntervalKPIs(ctx, st, q)
		must(t, err)
		incDays, err := measure.AgentDayKPIs(ctx, st, q)
		must(t, err)
		_, err = measure.RollupKPIs(ctx, st, dayStart, dayEnd)
		must(t, err)
		full, err := measure.QueueIntervalKPIs(ctx, st, q)
		must(t, err)
		fullDays, err := measure.AgentDayKPIs(ctx, st, q)
		must(t, err)
		if !reflect.DeepEqual(inc, full) || len(full[0].Intervals) != 3 {
			t.Errorf("incremental %+v\nfull %+v", inc, full)
		}
		if !reflect.DeepEqual(incDays, fullDays) || fullDays[0].Handled != 3 {
			t.Errorf("incremental days %+v\nfull %+v", incDays, fullDays)
		}
	})
}

func TestKPIScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, _, ag := kpiCenter(t, st)
		other := store.Team{Name: "Team B", SiteID: site.ID}
		must(t, st.CreateTeam(ctx, store.System, &other))
		b := store.Agent{Code: "B1", Name: "Wang Fang", TeamID: other.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &b))
		importKPIInput(t, st, kpiContacts, kpiStates)
		_, err := measure.RollupKPIs(ctx, st, at("00:00"), at("23:00"))
		must(t, err)
		self := store.Scope{AgentID: ag.ID}
		days, err := measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), Scope: self})
		must(t, err)
		if len(days) != 1 || days[0].AgentID != ag.ID {
			t.Errorf("own days %+v", days)
		}
		_, err = measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), AgentID: b.ID, Scope: self})
		if fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another agent's days: %v, want forbidden", err)
		}
		_, err = measure.TeamPeriodKPIs(ctx, st, store.KPIQuery{From: day("2026-03-02"), To: day("2026-03-02"), TeamID: other.ID, Period: kpi.PeriodDay, Scope: store.Scope{TeamIDs: []int64{ag.TeamID}}})
		if fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("another team: %v, want forbidden", err)
		}
		_, err = measure.AgentDayKPIs(ctx, st, store.KPIQuery{From: day("2026-03-03"), To: day("2026-03-02"), Scope: self})
		if fault.CodeOf(err) != fault.Invalid {
			t.Errorf("to before from: %v, want invalid", err)
		}
	})
}

// TestRollupInChunksEqualsOnePass stores more contacts than one chunk of
// the streaming rollup and compares its counts with the domain's over all
// contacts at once.
func TestRollupInChunksEqualsOnePass(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, _, _ := kpiCenter(t, st)
		start := day("2026-03-02").Start(shanghai)
		var rows []batch.Contact
		var domain []kpi.Contact
		for i := 0; i < 9000; i++ {
			arrived := start.Add(time.Duration(i) * 17 * time.Second)
			c := batch.Contact{ID: "n" + strconv.Itoa(i), Queue: "sales", ArrivedAt: arrived, EndedAt: arrived.Add(time.Duration(i%50) * time.Second)}
			if i%4 != 0 {
				c.AnsweredAt, c.TalkSeconds = arrived.Add(time.Duration(i%37)*time.Second), float64(60+i%200)
				c.EndedAt = c.AnsweredAt.Add(time.Duration(c.TalkSeconds) * time.Second)
			}
			rows = append(rows, c)
			domain = append(domain, kpi.Contact{ID: c.ID, Queue: "q", ArrivedAt: c.ArrivedAt, AnsweredAt: c.AnsweredAt, EndedAt: c.EndedAt, TalkSeconds: c.TalkSeconds})
		}
		_, err := st.ImportContacts(ctx, store.System, "many.csv", rows)
		must(t, err)
		end := rows[len(rows)-1].ArrivedAt.Add(time.Hour)
		_, err = measure.RollupKPIs(ctx, st, start, end)
		must(t, err)
		want, err := kpi.QueueIntervals(domain, kpi.IntervalSettings{Interval: 30 * time.Minute, Location: shanghai, Goal: store.ServiceGoalOf(q)})
		must(t, err)
		reps, err := measure.QueueIntervalKPIs(ctx, st, store.KPIQuery{From: kpi.DateOf(start, shanghai), To: kpi.DateOf(end, shanghai), Interval: 30 * time.Minute, Scope: store.Scope{All: true}})
		must(t, err)
		got := reps[0].Intervals
		if len(got) != len(want) {
			t.Fatalf("%d intervals, want %d", len(got), len(want))
		}
		for i := range want {
			w := want[i].QueueCounts
			g := got[i]
			if !g.IntervalStart.Equal(want[i].Start) || g.Offered != w.Offered || g.Answered != w.Answered || g.ShortAbandoned != w.ShortAbandoned ||
				g.AnsweredInSL != w.AnsweredInSL || g.SLBase != w.SLBase || math.Abs(g.WaitSeconds-w.WaitSeconds) > 1e-6 {
				t.Errorf("interval %d: got %+v, want %+v at %s", i, g, w, want[i].Start)
			}
		}
	})
}

// TestRollupOverWeeksEqualsDayByDay rolls up 17 days at once (computed a
// week at a time) and day by day: the agent days are the same, states
// running over midnight included.
func TestRollupOverWeeksEqualsDayByDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		kpiCenter(t, st)
		var contacts, states strings.Builder
		contacts.WriteString("contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,acw_seconds\n")
		states.WriteString("agent,state,start,end\n")
		first := time.Date(2026, 3, 1, 0, 0, 0, 0, shanghai)
		for d := 0; d < 17; d++ {
			day := first.AddDate(0, 0, d)
			for i := 0; i <= d%4; i++ {
				arrived := day.Add(time.Duration(21*60+i*7) * time.Minute)
				fmt.Fprintf(&contacts, "w%d-%d,sales,%s,%s,%s,A1,%d,30\n", d, i, arrived.Format("2006-01-02 15:04:05"),
					arrived.Add(10*time.Second).Format("2006-01-02 15:04:05"), arrived.Add(5*time.Minute).Format("2006-01-02 15:04:05"), 240)
			}
			// 21:00 to 01:00 the next day: each late shift runs over midnight.
			fmt.Fprintf(&states, "A1,available,%s,%s\n", day.Add(21*time.Hour).Format("2006-01-02 15:04:05"), day.Add(25*time.Hour).Format("2006-01-02 15:04:05"))
		}
		importKPIInput(t, st, contacts.String(), states.String())
		end := first.AddDate(0, 0, 17)
		q := store.KPIQuery{From: kpi.DateOf(first, shanghai), To: kpi.DateOf(end, shanghai), Scope: store.Scope{All: true}}
		_, err := measure.RollupKPIs(ctx, st, first, end)
		must(t, err)
		once, err := measure.AgentDayKPIs(ctx, st, q)
		must(t, err)
		for d := first; d.Before(end); d = d.AddDate(0, 0, 1) {
			_, err := measure.RollupKPIs(ctx, st, d, d.AddDate(0, 0, 1))
			must(t, err)
		}
		byDay, err := measure.AgentDayKPIs(ctx, st, q)
		must(t, err)
		if len(once) != 17 || !reflect.DeepEqual(once, byDay) {
			t.Errorf("%d days at once, %d day by day:\n%+v\n%+v", len(once), len(byDay), once, byDay)
		}
	})
}
