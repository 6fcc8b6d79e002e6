package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"time"

	"wfm/civil"
	"wfm/intraday"
	"wfm/measure"
	"wfm/store"
)

// benchFeed measures the live agent state feed as a center of 5,000
// agents (at scale 1) loads it: each agent changes state every 2 minutes
// on average (about 42 events a second), and ten times as often at shift
// change (about 420). The connector sends one batch a second of feed time,
// as fast as the server takes them, through the real HTTP API onto the
// database (--database; a temporary SQLite file by default). For each
// phase: the events per second the server took (its capacity: above the
// phase's rate, it keeps up), the batch's latency, and the delay until the
// board shows a change (the batch's answer, then the team's intraday
// board read back with the agent in her new state).
func benchFeed(dsn string) func(ctx context.Context, scale float64) (string, error) {
	return func(ctx context.Context, scale float64) (string, error) {
		agents := scaled(5000, scale)
		c, err := newFeedCenter(ctx, dsn, agents)
		if err != nil {
			return "", err
		}
		defer c.close()
		rng := rand.New(rand.NewPCG(5000, 2026))
		var out []string
		clock := c.start
		for _, phase := range []struct {
			name    string
			perMin  float64 // state changes per agent per minute
			seconds int     // of feed time
		}{{"average", 0.5, 30}, {"shift change", 5, 15}} {
			rate := float64(agents) * phase.perMin / 60
			var lat, delays []time.Duration
			events, began := 0, time.Now()
			for s := 0; s < phase.seconds; s++ {
				n := poisson(rng, rate)
				batch := intraday.Batch{Source: "bench", Events: make([]intraday.Event, n)}
				for i := range batch.Events {
					clock = clock.Add(time.Second / time.Duration(max(n, 1)))
					c.seq++
					batch.Events[i] = intraday.Event{EventID: fmt.Sprint(c.seq), Agent: c.codes[rng.IntN(agents)],
						State: benchStates[rng.IntN(len(benchStates))], At: clock.Format(time.RFC3339Nano)}
				}
				t0 := time.Now()
				if err := c.send(ctx, batch); err != nil {
					return "", err
				}
				lat = append(lat, time.Since(t0))
				events += n
				if n > 0 && s%5 == 0 { // the board of the last event's agent, read back
					last := batch.Events[n-1]
					if err := c.boardShows(ctx, last.Agent, last.State, clock); err != nil {
						return "", err
					}
					delays = append(delays, time.Since(t0))
				}
			}
			took := time.Since(began)
			out = append(out, fmt.Sprintf("%s %.0f ev/s: took %.0f ev/s, batch p50 %s p95 %s, board shows it in p50 %s p95 %s",
				phase.name, rate, float64(events)/took.Seconds(), pct(lat, 50), pct(lat, 95), pct(delays, 50), pct(delays, 95)))
		}
		return fmt.Sprintf("%d agents; %s; %s", agents, out[0], out[1]), nil
	}
}

var benchStates = []string{"available", "contact", "acw", "break", "lunch", "meeting", "training", "other"}

// feedCenter is one site of agents in 50 teams behind the real API.
type feedCenter struct {
	*benchDB
	integration string // the connector's token
	admin       string // a token that reads the board
	codes       []string
	teamOf      map[string]int64
	start       time.Time
	seq         int
}

func newFeedCenter(ctx context.Context, dsn string, agents int) (*feedCenter, error) {
	db, err := openBenchDB(ctx, dsn, "feed")
	if err != nil {
		return nil, err
	}
	c := &feedCenter{benchDB: db, teamOf: map[string]int64{}}
	st := db.st
	// Today, in Shanghai, from 08:00: a shift's first hour.
	sh, _ := time.LoadLocation("Asia/Shanghai")
	y, m, d := time.Now().In(sh).Date()
	c.start = time.Date(y, m, d, 8, 0, 0, 0, sh)
	suffix := time.Now().Format("150405.000") // a database given twice gets new names
	site := store.Site{Name: "Bench " + suffix, Timezone: "Asia/Shanghai"}
	if err := st.CreateSite(ctx, store.System, &site); err != nil {
		c.close()
		return nil, err
	}
	var teams []int64
	for i := range 50 {
		t := store.Team{Name: fmt.Sprintf("Bench %s team %02d", suffix, i), SiteID: site.ID}
		if err := st.CreateTeam(ctx, store.System, &t); err != nil {
			c.close()
			return nil, err
		}
		teams = append(teams, t.ID)
	}
	for i := range agents {
		a := store.Agent{Code: fmt.Sprintf("b%s-%05d", suffix, i), Name: fmt.Sprintf("Agent %d", i), TeamID: teams[i%len(teams)], HireDate: civil.MustParse("2024-01-02"), Active: true}
		if err := st.CreateAgent(ctx, store.System, &a); err != nil {
			c.close()
			return nil, err
		}
		c.codes = append(c.codes, a.Code)
		c.teamOf[a.Code] = a.TeamID
	}
	admin := store.User{Username: "bench-" + suffix, DisplayName: "Bench", Role: store.RoleAdmin, Active: true, PasswordHash: "-"}
	if err := st.CreateUser(ctx, store.System, &admin); err != nil {
		c.close()
		return nil, err
	}
	if _, c.integration, err = st.CreateScopedToken(ctx, store.System, admin.ID, "bench feed", 1, store.TokenIntegration); err != nil {
		c.close()
		return nil, err
	}
	if _, c.admin, err = st.CreateToken(ctx, store.System, admin.ID, "bench board", 1); err != nil {
		c.close()
		return nil, err
	}
	c.serve()
	return c, nil
}

func (c *feedCenter) send(ctx context.Context, b intraday.Batch) error {
	body, _ := json.Marshal(b)
	var res intraday.Result
	if err := c.call(ctx, "POST", "/api/v1/agent-events", c.integration, body, &res); err != nil {
		return err
	}
	if len(res.Refused) > 0 || res.Accepted != len(b.Events) {
		return fmt.Errorf("feed: %d of %d accepted, refused %+v", res.Accepted, len(b.Events), res.Refused[:min(3, len(res.Refused))])
	}
	return nil
}

// boardShows reads the agent's team's board and checks her state.
func (c *feedCenter) boardShows(ctx context.Context, agent, state string, at time.Time) error {
	var board measure.RealTimeAdherence
	path := fmt.Sprintf("/api/v1/adherence/now?team_id=%d&at=%s", c.teamOf[agent], url.QueryEscape(at.Add(time.Second).Format(time.RFC3339)))
	if err := c.call(ctx, "GET", path, c.admin, nil, &board); err != nil {
		return err
	}
	for _, a := range board.Agents {
		if a.Agent == agent {
			if a.State != state {
				return fmt.Errorf("board: %s is %q, the feed said %q", agent, a.State, state)
			}
			return nil
		}
	}
	return fmt.Errorf("board: %s is not on her team's board", agent)
}

func (c *feedCenter) call(ctx context.Context, method, path, token string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, b)
	}
	return json.Unmarshal(b, out)
}

// poisson draws a count with mean lambda (by the normal approximation
// above 30, which is all the rates here need).
func poisson(rng *rand.Rand, lambda float64) int {
	if lambda > 30 {
		return max(0, int(lambda+rng.NormFloat64()*math.Sqrt(lambda)+0.5))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// pct is the q-th percentile, rounded for the table.
func pct(ds []time.Duration, q int) string {
	if len(ds) == 0 {
		return "-"
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, len(s)*q/100)].Round(time.Millisecond).String()
}
