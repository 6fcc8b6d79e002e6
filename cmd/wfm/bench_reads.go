package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/schedule"
	"wfm/store"
)

// benchReads measures the reads of published shifts through the real HTTP
// API on a center of 5,000 agents (at scale 1; sites of 100 agents in
// teams of 20) with 52 weekly rosters published at every site, each agent
// working five days a week with a break and a lunch: an agent's month
// (GET /api/v1/shifts as the agent), a team's week and a site's day (as
// the site's supervisor). Each read alone (p50, p95 of sequential
// requests), then requests per second at 16 and 64 connections, each as
// a ratio to GET /api/v1/me measured in the same run at the same
// connections. The server and the load run in this process, on
// --database (a temporary SQLite file by default).
func benchReads(dsn string) func(ctx context.Context, scale float64) (string, error) {
	return func(ctx context.Context, scale float64) (string, error) {
		agents, weeks := scaled(5000, scale), max(4, scaled(52, scale))
		c, err := newReadsCenter(ctx, dsn, agents, weeks)
		if err != nil {
			return "", err
		}
		defer c.close()
		window := time.Duration(float64(5*time.Second) * min(1, scale*10)) // 5 s per measure at scale >= 0.1
		window = max(window, 300*time.Millisecond)
		month := fmt.Sprintf("from=%s&to=%s", c.day(-27), c.day(0))
		reads := []benchRead{
			{"me", func(i int) (string, string) { return "/api/v1/me", c.agentTokens[i%len(c.agentTokens)] }},
			{"agent month", func(i int) (string, string) {
				return "/api/v1/shifts?" + month, c.agentTokens[i%len(c.agentTokens)]
			}},
			{"team week", func(i int) (string, string) {
				s := c.sites[i%len(c.sites)]
				return fmt.Sprintf("/api/v1/shifts?team_id=%d&from=%s&to=%s", s.teams[(i/len(c.sites))%len(s.teams)], c.day(-6), c.day(0)), s.token
			}},
			{"site day", func(i int) (string, string) {
				s := c.sites[i%len(c.sites)]
				return fmt.Sprintf("/api/v1/shifts?from=%s&to=%s", c.day(0), c.day(0)), s.token
			}},
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128, MaxConnsPerHost: 128}}
		defer client.CloseIdleConnections()
		var parts []string
		perSec := map[string]map[int]float64{}
		for _, r := range reads {
			lat, err := c.alone(ctx, client, r, 200)
			if err != nil {
				return "", err
			}
			perSec[r.name] = map[int]float64{}
			for _, conns := range []int{16, 64} {
				n, err := c.load(ctx, client, r, conns, window)
				if err != nil {
					return "", err
				}
				perSec[r.name][conns] = n
			}
			line := fmt.Sprintf("%s: alone p50 %s p95 %s, %.0f/s at 16, %.0f/s at 64", r.name, pct(lat, 50), pct(lat, 95), perSec[r.name][16], perSec[r.name][64])
			if r.name != "me" {
				line += fmt.Sprintf(" (%.2f and %.2f of /me)", perSec[r.name][16]/perSec["me"][16], perSec[r.name][64]/perSec["me"][64])
			}
			parts = append(parts, line)
		}
		return fmt.Sprintf("%d agents x %d weeks at %d sites (built in %s); %s", agents, weeks, len(c.sites),
			c.built.Round(time.Second), strings.Join(parts, "; ")), nil
	}
}

// benchRead is one kind of request: its path and token for the i-th call.
type benchRead struct {
	name    string
	request func(i int) (path, token string)
}

// readsCenter is the center behind the real API, and who reads it.
type readsCenter struct {
	*benchDB
	last        time.Time // the last published week's Sunday
	agentTokens []string  // agents spread over the sites
	sites       []readsSite
	built       time.Duration
}

// readsSite is a site's teams and its supervisor's token.
type readsSite struct {
	teams []int64
	token string
}

func (c *readsCenter) day(offset int) string {
	return c.last.AddDate(0, 0, offset).Format(time.DateOnly)
}

func newReadsCenter(ctx context.Context, dsn string, agents, weeks int) (*readsCenter, error) {
	began := time.Now()
	db, err := openBenchDB(ctx, dsn, "reads")
	if err != nil {
		return nil, err
	}
	c := &readsCenter{benchDB: db}
	if err := c.fill(ctx, agents, weeks); err != nil {
		c.close()
		return nil, err
	}
	// Measured as a center that has run a while: with the planner's
	// statistics, which a database filled a moment ago lacks.
	if err := c.st.Analyze(ctx); err != nil {
		c.close()
		return nil, err
	}
	c.serve()
	c.built = time.Since(began)
	return c, nil
}

// fill makes the sites, their agents and rosters, ending with this week,
// and the readers: an agent of every fourth team with a token (at most
// 256), and each site's supervisor (of the first 64 sites) with one.
func (c *readsCenter) fill(ctx context.Context, agents, weeks int) error {
	now := time.Now().UTC()
	monday := time.Date(now.Year(), now.Month(), now.Day()-(int(now.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	c.last = monday.AddDate(0, 0, 6)
	f := readsFiller{c: c, ctx: ctx, weeks: weeks, first: monday.AddDate(0, 0, -7*(weeks-1)),
		suffix: time.Now().Format("150405.000"), // a database given twice gets new names
		shifts: readsShifts()}
	for s := 0; s*readsPerSite < agents; s++ {
		site, codes, err := f.site(s, agents)
		if err != nil {
			return err
		}
		if err := f.rosters(site, codes); err != nil {
			return err
		}
	}
	return nil
}

// Agents per bench site, and per team.
const readsPerSite, readsPerTeam = 100, 20

// readsShifts are the two shifts every bench roster uses: early and late,
// nine hours with a paid break and an unpaid lunch.
func readsShifts() []schedule.Shift {
	unpaid := false
	return []schedule.Shift{
		{ID: "E", Start: "08:00", DurationMinutes: 540, Breaks: []schedule.Break{
			{DurationMinutes: 15, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 150},
			{DurationMinutes: 60, EarliestOffsetMinutes: 240, LatestOffsetMinutes: 300, Paid: &unpaid}}},
		{ID: "L", Start: "13:00", DurationMinutes: 540, Breaks: []schedule.Break{
			{DurationMinutes: 15, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 150},
			{DurationMinutes: 60, EarliestOffsetMinutes: 240, LatestOffsetMinutes: 300, Paid: &unpaid}}},
	}
}

// readsFiller is one fill: the names' suffix, the weeks of rosters from
// first, and the shifts.
type readsFiller struct {
	c      *readsCenter
	ctx    context.Context
	suffix string
	first  time.Time
	weeks  int
	shifts []schedule.Shift
}

// user makes a user with a token, the reader the bench signs in as.
func (f *readsFiller) user(name, role string) (*store.User, string, error) {
	u := &store.User{Username: name + "-" + f.suffix, DisplayName: name, Role: role, Active: true, PasswordHash: "-"}
	if err := f.c.st.CreateUser(f.ctx, store.System, u); err != nil {
		return nil, "", err
	}
	_, token, err := f.c.st.CreateToken(f.ctx, store.System, u.ID, "bench reads", 1)
	return u, token, err
}

// site makes site number s with its supervisor (of the first 64), its
// teams and agents (of the agents in all, those that fall in it), and
// answers the agents' codes.
func (f *readsFiller) site(s, agents int) (store.Site, []string, error) {
	st, c := f.c.st, f.c
	site := store.Site{Name: fmt.Sprintf("Bench %s site %d", f.suffix, s), Timezone: "America/New_York"}
	if err := st.CreateSite(f.ctx, store.System, &site); err != nil {
		return site, nil, err
	}
	var sup *store.User
	rs := readsSite{}
	if s < 64 {
		var err error
		if sup, rs.token, err = f.user(fmt.Sprintf("sup%d", s), store.RoleSupervisor); err != nil {
			return site, nil, err
		}
	}
	var codes []string
	for i := s * readsPerSite; i < min(agents, (s+1)*readsPerSite); i++ {
		if i%readsPerTeam == 0 {
			team := store.Team{Name: fmt.Sprintf("Bench %s team %d", f.suffix, i/readsPerTeam), SiteID: site.ID}
			if sup != nil {
				team.SupervisorUserID = &sup.ID
			}
			if err := st.CreateTeam(f.ctx, store.System, &team); err != nil {
				return site, nil, err
			}
			rs.teams = append(rs.teams, team.ID)
		}
		a := store.Agent{Code: fmt.Sprintf("b%s-%05d", f.suffix, i), Name: "Agent", TeamID: rs.teams[len(rs.teams)-1], HireDate: civil.MustParse("2024-01-01"), Active: true}
		if i%(4*readsPerTeam) == 0 && len(c.agentTokens) < 256 {
			u, token, err := f.user(fmt.Sprintf("agent%d", i), store.RoleAgent)
			if err != nil {
				return site, nil, err
			}
			a.UserID = &u.ID
			c.agentTokens = append(c.agentTokens, token)
		}
		if err := st.CreateAgent(f.ctx, store.System, &a); err != nil {
			return site, nil, err
		}
		codes = append(codes, a.Code)
	}
	if sup != nil {
		c.sites = append(c.sites, rs)
	}
	return site, codes, nil
}

// rosters publishes a week's roster of the site's agents for each week,
// in one transaction per site.
func (f *readsFiller) rosters(site store.Site, codes []string) error {
	return f.c.st.RunInTx(f.ctx, func(ctx context.Context, tx bun.Tx) error {
		for w := range f.weeks {
			start := f.first.AddDate(0, 0, 7*w)
			p, sol := f.week(site, start, w, codes)
			published := start.AddDate(0, 0, -7)
			v := store.ScheduleVersion{SiteID: site.ID, StartDate: civil.Of(start, nil), Days: 7, Status: store.SchedulePublished,
				Problem: p, Solution: sol, Feasible: true, PublishedAt: &published}
			if err := f.c.st.InsertScheduleVersion(ctx, tx, store.System, &v, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// week is week number w's roster from start: five days on, two days off
// staggered by agent, early and late shifts alternating by agent and week.
func (f *readsFiller) week(site store.Site, start time.Time, w int, codes []string) (schedule.Problem, schedule.Solution) {
	p := schedule.Problem{StartDate: civil.Of(start, start.Location()), Days: 7, IntervalMinutes: 15, Timezone: site.Timezone, Shifts: f.shifts}
	var sol schedule.Solution
	for n, code := range codes {
		p.Agents = append(p.Agents, schedule.Agent{ID: code})
		for d := range 7 {
			if (d+n)%7 >= 5 {
				continue // two days off, staggered
			}
			sh := f.shifts[(n+w)%2]
			brk, lunch := "10:00", "12:00"
			if sh.ID == "L" {
				brk, lunch = "15:00", "17:00"
			}
			sol.Assignments = append(sol.Assignments, schedule.Assignment{Agent: code, Day: d, Shift: sh.ID, Skill: "sales",
				Breaks: []schedule.BreakPlacement{{Start: brk, DurationMinutes: 15}, {Start: lunch, DurationMinutes: 60}}})
		}
	}
	return p, sol
}

// get makes one request and checks it answers a non-empty list (or, for
// /me, an object).
func (c *readsCenter) get(ctx context.Context, client *http.Client, path, token string, parse bool) error {
	req, err := http.NewRequestWithContext(ctx, "GET", c.ts.URL+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s %s", path, resp.Status, b)
	}
	if !strings.HasPrefix(path, "/api/v1/shifts") {
		return nil
	}
	// A list with a shift in it. Under load it is checked without
	// parsing it: the client runs on the server's cores, and decoding
	// every answer cost it 1.6 s of CPU against the server's 5.8 s for
	// the shift reads (a --cpuprofile of the benchmark). The reads alone
	// parse each answer whole.
	if !bytes.HasPrefix(b, []byte(`[{"schedule_id":`)) {
		return fmt.Errorf("GET %s: want a list of shifts, got %.80s", path, b)
	}
	if parse {
		var shifts []json.RawMessage
		if err := json.Unmarshal(b, &shifts); err != nil || len(shifts) == 0 {
			return fmt.Errorf("GET %s: %d shifts, %v", path, len(shifts), err)
		}
	}
	return nil
}

// alone times n requests one after the other.
func (c *readsCenter) alone(ctx context.Context, client *http.Client, r benchRead, n int) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, n)
	for i := range n {
		path, token := r.request(i)
		t0 := time.Now()
		if err := c.get(ctx, client, path, token, true); err != nil {
			return nil, err
		}
		lat = append(lat, time.Since(t0))
	}
	return lat, nil
}

// load sends requests on conns connections for the window and answers
// the requests per second the server served.
func (c *readsCenter) load(ctx context.Context, client *http.Client, r benchRead, conns int, window time.Duration) (float64, error) {
	var done, next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var failure error
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	began := time.Now()
	stop := began.Add(window)
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) && ctx.Err() == nil {
				path, token := r.request(int(next.Add(1)))
				if err := c.get(ctx, client, path, token, false); err != nil {
					once.Do(func() { failure = err; cancel() })
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if failure != nil {
		return 0, failure
	}
	return float64(done.Load()) / time.Since(began).Seconds(), nil
}
