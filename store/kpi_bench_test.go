package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/measure"
	"wfm/store"
	"wfm/store/storetest"
)

// TestKPIRollupSpeed measures the KPI rollup on generated contacts on
// PostgreSQL: the first run over everything, then the incremental run for
// one new 15-minute interval (which also recomputes that day's agent
// days). The contacts come from generate_series at the density of a
// 10-million-a-year center (27,400 a day over 10 queues and 200 agents),
// so the incremental figure does not depend on how many days are stored.
//
//	WFM_KPI_BENCH=1 WFM_KPI_BENCH_CONTACTS=1000000 \
//	WFM_TEST_DATABASE_URL=postgres://... go test ./store -run TestKPIRollupSpeed -v -timeout 2h
func TestKPIRollupSpeed(t *testing.T) {
	if os.Getenv("WFM_KPI_BENCH") != "1" {
		t.Skip("set WFM_KPI_BENCH=1 and WFM_TEST_DATABASE_URL to measure KPI rollups on generated contacts")
	}
	if os.Getenv("WFM_TEST_DATABASE_URL") == "" {
		t.Skip("the KPI rollup measurement runs on PostgreSQL: set WFM_TEST_DATABASE_URL")
	}
	n := 1_000_000
	if v := os.Getenv("WFM_KPI_BENCH_CONTACTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			t.Fatalf("WFM_KPI_BENCH_CONTACTS=%q", v)
		}
	}
	const perDay, queues, agents = 27_400, 10, 200
	ctx := context.Background()
	st := storetest.OpenEngine(t, storetest.Postgres)
	site := store.Site{Name: "Bench", Timezone: "Asia/Shanghai"}
	must(t, st.CreateSite(ctx, store.System, &site))
	var qids, aids []string
	for i := 0; i < queues; i++ {
		q := store.Queue{Code: fmt.Sprintf("q%d", i), Name: "Q", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, ShortAbandonSeconds: 5}
		must(t, st.CreateQueue(ctx, store.System, &q))
		qids = append(qids, strconv.FormatInt(q.ID, 10))
	}
	for i := 0; i < agents; i++ {
		if i%20 == 0 {
			team := store.Team{Name: fmt.Sprintf("team %d", i/20), SiteID: site.ID}
			must(t, st.CreateTeam(ctx, store.System, &team))
			for j := 0; j < 20; j++ {
				a := store.Agent{Code: fmt.Sprintf("a%d", i+j), Name: "A", TeamID: team.ID, HireDate: civil.MustParse("2024-01-01"), Active: true}
				must(t, st.CreateAgent(ctx, store.System, &a))
				aids = append(aids, strconv.FormatInt(a.ID, 10))
			}
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	days := (n + perDay - 1) / perDay
	// The last day stops at 14:00: the new interval is the afternoon's
	// next, so its rollup also recomputes a day already holding 14 hours.
	last := t0.AddDate(0, 0, days-1).Add(14 * time.Hour)
	span := last.Sub(t0).Seconds()
	// Every tenth contact is abandoned after i%90 s; the others are answered
	// after i%45 s by one of the agents, some resolved, some surveyed.
	generate := func(first, count int, start time.Time, seconds float64) time.Duration {
		began := time.Now()
		_, err := st.DB().ExecContext(ctx, fmt.Sprintf(`
			INSERT INTO contacts (contact_id, queue_id, channel, arrived_at, answered_at, ended_at, agent_id,
				talk_seconds, hold_seconds, acw_seconds, transferred, resolved, csat, emotion, complaint)
			SELECT 'g' || i, (ARRAY[%s]::bigint[])[1 + i %% %d], 'voice', arrived,
				CASE WHEN i %% 10 <> 0 THEN arrived + make_interval(secs => i %% 45) END,
				CASE WHEN i %% 10 <> 0 THEN arrived + make_interval(secs => i %% 45 + 240) ELSE arrived + make_interval(secs => i %% 90) END,
				CASE WHEN i %% 10 <> 0 THEN (ARRAY[%s]::bigint[])[1 + (i / 7) %% %d] END,
				CASE WHEN i %% 10 <> 0 THEN 120 + i %% 300 ELSE 0 END, 0, CASE WHEN i %% 10 <> 0 THEN 30 ELSE 0 END,
				false, CASE WHEN i %% 10 <> 0 THEN i %% 3 <> 0 END, CASE WHEN i %% 10 <> 0 AND i %% 7 = 0 THEN 1 + i %% 5 END,
				CASE WHEN i %% 97 = 0 THEN 'anger' END, false
			FROM (SELECT i, ?::timestamptz + make_interval(secs => (i - ?)::float8 * ? / ?) AS arrived
			      FROM generate_series(?::bigint, ?::bigint) AS i) AS g`,
			strings.Join(qids, ","), queues, strings.Join(aids, ","), agents),
			start.UTC(), first, seconds, count, first, first+count-1)
		must(t, err)
		_, err = st.DB().ExecContext(ctx, "ANALYZE contacts")
		must(t, err)
		return time.Since(began)
	}
	gen := generate(1, n, t0, span)
	t.Logf("generated %d contacts over %d days in %s", n, days, gen.Round(time.Millisecond))

	end := t0.AddDate(0, 0, days)
	began := time.Now()
	res, err := measure.RollupKPIs(ctx, st, t0, end)
	must(t, err)
	first := time.Since(began)
	t.Logf("first run: %d contacts -> %d queue intervals, %d agent days in %s (%.0f contacts/s)",
		res.Contacts, res.Intervals, res.AgentDays, first.Round(time.Millisecond), float64(res.Contacts)/first.Seconds())

	// One new interval: the next 15 minutes at the same density.
	perInterval := perDay / 96
	generate(n+1, perInterval, last, 900)
	began = time.Now()
	res, err = measure.RollupKPIs(ctx, st, last, last.Add(store.KPIGrid))
	must(t, err)
	inc := time.Since(began)
	t.Logf("incremental run for one new interval (14:00-14:15): %d contacts -> %d queue intervals, %d agent days (the whole day so far) in %s",
		res.Contacts, res.Intervals, res.AgentDays, inc.Round(time.Millisecond))

	began = time.Now()
	res, err = measure.RollupKPIs(ctx, st, t0.AddDate(0, 0, days-2), t0.AddDate(0, 0, days-1))
	must(t, err)
	t.Logf("one full day (the nightly job): %d contacts -> %d queue intervals, %d agent days in %s",
		res.Contacts, res.Intervals, res.AgentDays, time.Since(began).Round(time.Millisecond))
	if days > 1 && res.Contacts < perDay*8/10 {
		t.Errorf("a day holds %d contacts, want about %d", res.Contacts, perDay)
	}
}
