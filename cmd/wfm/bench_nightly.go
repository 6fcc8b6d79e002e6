package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"wfm/batch"
	"wfm/civil"
	"wfm/jobs"
	"wfm/schedule"
	"wfm/store"
)

// benchNightly is the nightly work of a center of many sites (issue 13):
// the forecast of every queue (with its requirements) and next week's
// draft roster of every site, run through the job engine as the periodic
// jobs run them, on one replica and then on two sharing one PostgreSQL,
// each on a fresh database of the same center. At scale 1: 200 sites and
// 60 s drafts, as the product runs them; a smaller scale shortens both.
// SQLite is one process per file: there it measures one replica only.
func benchNightly(dsn string) func(ctx context.Context, scale float64) (string, error) {
	return func(ctx context.Context, scale float64) (string, error) {
		sites := scaled(200, scale)
		draft := time.Duration(math.Max(2, math.Round(60*scale))) * time.Second
		replicas := []int{1, 2}
		if !strings.HasPrefix(dsn, "postgres") {
			replicas = []int{1}
		}
		var parts []string
		var one time.Duration
		for _, n := range replicas {
			forecast, drafts, err := nightlyOn(ctx, dsn, n, sites, draft)
			if err != nil {
				return "", fmt.Errorf("%d replica(s): %w", n, err)
			}
			total := forecast + drafts
			p := fmt.Sprintf("%d replica(s): forecasts %.1f s + drafts %.1f s = %.1f s", n, forecast.Seconds(), drafts.Seconds(), total.Seconds())
			if n == 1 {
				one = total
			} else {
				p += fmt.Sprintf(" (%.2f of one)", total.Seconds()/one.Seconds())
			}
			parts = append(parts, p)
		}
		if len(replicas) == 1 {
			parts = append(parts, "two replicas need PostgreSQL (--database postgres://...)")
		}
		return fmt.Sprintf("%d sites, %s drafts, %d jobs at once per replica: %s", sites, draft, nightlyWorkers, strings.Join(parts, "; ")), nil
	}
}

// nightlyWorkers is each replica's WFM_WORKERS, the product's default.
const nightlyWorkers = 4

// nightlyOn fills a fresh database with the center, starts n replicas (job
// engines on their own connections, as n processes would be) and times
// the nightly forecast and then the drafts, each from its start until
// every part has ended.
func nightlyOn(ctx context.Context, dsn string, n, sites int, draft time.Duration) (forecast, drafts time.Duration, err error) {
	fresh, drop, err := freshDatabase(ctx, dsn, fmt.Sprintf("nightly%d", n))
	if err != nil {
		return 0, 0, err
	}
	defer drop()
	db, err := openBenchDB(ctx, fresh, "nightly")
	if err != nil {
		return 0, 0, err
	}
	defer db.close()
	if err := fillNightly(ctx, db.st, sites); err != nil {
		return 0, 0, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	var engines []*jobs.Engine
	var others []*store.Store // the other replicas' connections
	defer func() {
		stop, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, e := range engines {
			_ = e.Stop(stop)
			e.Close()
		}
		for _, st := range others {
			st.Close()
		}
	}()
	for i := range n {
		st := db.st
		if i > 0 {
			if st, err = store.Open(ctx, fresh); err != nil {
				return 0, 0, err
			}
			others = append(others, st)
		}
		e, err := jobs.New(ctx, jobs.Config{Store: st, Log: quiet, Workers: nightlyWorkers, DraftTime: draft, PollEvery: 100 * time.Millisecond})
		if err != nil {
			return 0, 0, err
		}
		engines = append(engines, e)
		if err := e.Start(ctx); err != nil {
			return 0, 0, err
		}
	}
	// Each job from "run now" until it and all its parts have ended.
	timeJob := func(job string) (time.Duration, error) {
		began := time.Now()
		if _, err := engines[0].RunNow(ctx, job); err != nil {
			return 0, err
		}
		if err := settle(ctx, engines[0], job, sites+1); err != nil {
			return 0, err
		}
		return time.Since(began), nil
	}
	if forecast, err = timeJob("forecast-nightly"); err != nil {
		return 0, 0, err
	}
	if drafts, err = timeJob("roster-next-week"); err != nil {
		return 0, 0, err
	}
	built, err := db.st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{Status: store.ScheduleDraft})
	if err != nil {
		return 0, 0, err
	}
	if len(built) != sites {
		return 0, 0, fmt.Errorf("%d drafts built for %d sites", len(built), sites)
	}
	return forecast, drafts, nil
}

// settle waits until the job and its parts (want runs in all) have ended;
// a run that failed for good is an error.
func settle(ctx context.Context, e *jobs.Engine, job string, want int) error {
	for {
		runs, err := e.Runs(ctx, job, 500)
		if err != nil {
			return err
		}
		busy := len(runs) < want
		for _, r := range runs {
			switch r.State {
			case "completed":
			case "discarded", "cancelled":
				return fmt.Errorf("%s %s: %s", job, r.Part, r.Error)
			default:
				busy = true
			}
		}
		if !busy {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// freshDatabase is a new empty database beside dsn's (on PostgreSQL a
// database of its own on the same server, dropped after; else a
// temporary SQLite file) and what removes it.
func freshDatabase(ctx context.Context, dsn, name string) (string, func(), error) {
	if !strings.HasPrefix(dsn, "postgres") {
		dir, err := os.MkdirTemp("", "wfm-bench-"+name+"-")
		if err != nil {
			return "", nil, err
		}
		return "file:" + dir + "/" + name + ".db", func() { os.RemoveAll(dir) }, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	db := fmt.Sprintf("%s_%s_%d", strings.TrimPrefix(u.Path, "/"), name, os.Getpid())
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize()); err != nil {
		return "", nil, fmt.Errorf("create the benchmark's database %s (the role needs CREATEDB): %w", db, err)
	}
	u.Path = "/" + db
	drop := func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{db}.Sanitize()+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}

// fillNightly makes the center: per site a queue of one skill with eight
// weeks of hourly history (a weekday pattern), a team of twelve agents
// on that skill with full-time contracts, and two shift templates.
func fillNightly(ctx context.Context, st *store.Store, sites int) error {
	skill := store.Skill{Name: "voice"}
	if err := st.CreateSkill(ctx, store.System, &skill); err != nil {
		return err
	}
	zones := []string{"Asia/Shanghai", "Europe/London", "America/New_York", "UTC"}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	unpaid, aht := false, 300.0
	for s := range sites {
		site := store.Site{Name: fmt.Sprintf("Nightly site %d", s), Timezone: zones[s%len(zones)]}
		if err := st.CreateSite(ctx, store.System, &site); err != nil {
			return err
		}
		q := store.Queue{Code: fmt.Sprintf("voice-%d", s), Name: fmt.Sprintf("Voice %d", s), SiteID: site.ID, SkillID: &skill.ID,
			Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		if err := st.CreateQueue(ctx, store.System, &q); err != nil {
			return err
		}
		team := store.Team{Name: fmt.Sprintf("Team %d", s), SiteID: site.ID}
		if err := st.CreateTeam(ctx, store.System, &team); err != nil {
			return err
		}
		for i := range 12 {
			a := store.Agent{Code: fmt.Sprintf("S%dA%02d", s, i), Name: fmt.Sprintf("Agent %d-%d", s, i), TeamID: team.ID, HireDate: civil.MustParse("2024-01-01"), Active: true,
				Contract: store.Contract{Kind: "full-time", WeeklyMinutesMin: 1800, WeeklyMinutesMax: 2400, MaxConsecutiveDays: 5, MinConsecutiveDaysOff: 1, MinRestMinutes: 660},
				Skills:   []store.AgentSkill{{SkillID: skill.ID, Proficiency: 3}}}
			if err := st.CreateAgent(ctx, store.System, &a); err != nil {
				return err
			}
		}
		for _, t := range []store.ShiftTemplate{
			{SiteID: site.ID, Code: "E", Name: "Early", Start: "08:00", LatestStart: "09:00", DurationMinutes: 480,
				Breaks: []schedule.Break{{DurationMinutes: 30, EarliestOffsetMinutes: 180, LatestOffsetMinutes: 300, Paid: &unpaid}}},
			{SiteID: site.ID, Code: "L", Name: "Late", Start: "12:00", LatestStart: "13:00", DurationMinutes: 480,
				Breaks: []schedule.Break{{DurationMinutes: 30, EarliestOffsetMinutes: 180, LatestOffsetMinutes: 300, Paid: &unpaid}}},
		} {
			if err := st.CreateShiftTemplate(ctx, store.System, &t); err != nil {
				return err
			}
		}
		h := batch.History{Interval: time.Hour}
		for day := today.AddDate(0, 0, -56); day.Before(today); day = day.AddDate(0, 0, 1) {
			weekday := day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
			for hour := 8; hour < 20; hour++ {
				offered := 12 + 6*math.Sin(float64(hour-8)/12*math.Pi)
				if !weekday {
					offered *= 0.5
				}
				h.Rows = append(h.Rows, batch.HistoryRow{Queue: q.Code, Start: day.Add(time.Duration(hour) * time.Hour),
					Offered: int(offered), AHTSeconds: &aht})
			}
		}
		if _, err := st.ImportHistory(ctx, store.System, "nightly.csv", h); err != nil {
			return err
		}
	}
	return nil
}
