package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/jobs"
	"wfm/store"
	"wfm/store/storetest"
)

// Two real `wfm serve` processes on one PostgreSQL share the nightly work
// of several sites (each runs some of the parts, none runs one twice);
// then the process running a roster build is killed (SIGKILL) in the
// middle of it, and the build finishes on the other, once River's rescuer
// takes the dead process's job for stuck (WFM_JOB_RESCUE_AFTER, short
// here). It takes about a minute, most of it waiting for the rescuer,
// which looks every 30 s.
func TestTwoServeProcessesShareTheJobsAndSurviveAKill(t *testing.T) {
	if os.Getenv("WFM_TEST_DATABASE_URL") == "" {
		t.Skip("replicas share PostgreSQL: set WFM_TEST_DATABASE_URL")
	}
	if testing.Short() {
		t.Skip("builds the binary and runs two servers: skipped with -short")
	}
	ctx := context.Background()
	bin := buildWFM(t)
	dsn := storetest.DSN(t, storetest.Postgres)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	token := adminToken(t, st)
	queues := nightlyCenter(t, st, 6)

	// Rescue after 16 s: jobs are cut at 8 s, the build searches for 4.
	replicas := []*replica{startReplica(t, bin, dsn, "16s"), startReplica(t, bin, dsn, "16s")}
	a, b := replicas[0], replicas[1]
	if a.id == b.id {
		t.Fatalf("both processes are replica %s", a.id)
	}

	// The nightly work, run now through the API of one replica.
	for _, job := range []string{"forecast-nightly", "roster-next-week"} {
		var run jobs.Run
		a.call(t, token, "POST", "/api/v1/jobs/"+job+"/run", nil, &run)
	}
	byReplica := map[string]int{}
	for _, job := range []string{"forecast-nightly", "roster-next-week"} {
		runs := settledRuns(t, b, token, job, len(queues)+1, replicas)
		parts := map[string]int{}
		for _, r := range runs {
			if r.State != "completed" || r.Attempt != 1 {
				t.Errorf("%s: %+v, want completed at the first attempt", job, r)
			}
			if r.Part == "" {
				continue
			}
			parts[r.Part]++
			byReplica[r.Replica]++
		}
		if len(parts) != len(queues) {
			t.Errorf("%s: parts %v, want one per site", job, parts)
		}
		for p, n := range parts {
			if n != 1 {
				t.Errorf("%s: %s ran %d times", job, p, n)
			}
		}
	}
	t.Logf("nightly parts by replica: %v", byReplica)
	if len(byReplica) != 2 || byReplica[a.id] == 0 || byReplica[b.id] == 0 {
		t.Errorf("parts by replica %v: want both replicas %s and %s to have run some", byReplica, a.id, b.id)
	}
	// What the parts did, each once: a forecast per queue, a draft per site.
	for _, q := range queues {
		runs, err := st.ListForecastRuns(ctx, store.ForecastRunFilter{QueueID: q.ID})
		if err != nil {
			t.Fatal(err)
		}
		drafts, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{SiteID: q.SiteID})
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || len(drafts) != 1 {
			t.Errorf("queue %s: %d forecast runs, site %d: %d drafts; want one each", q.Code, len(runs), q.SiteID, len(drafts))
		}
	}

	// A roster build, killed in the middle with the process running it.
	site := buildSite(t, st)
	var build store.ScheduleBuild
	a.call(t, token, "POST", "/api/v1/schedule-builds", map[string]any{"site_id": site.ID,
		"start_date": time.Now().UTC().AddDate(0, 0, 7).Format(time.DateOnly), "days": 7, "time_limit_seconds": 4}, &build)
	part := fmt.Sprintf("build %d", build.ID)
	var first jobs.Run
	waitFor(t, 30*time.Second, "the build to be running", func() bool {
		for _, r := range runs(t, a, token, "roster-build") {
			if r.Part == part && r.State == "running" && r.Replica != "" {
				first = r
			}
		}
		var now store.ScheduleBuild
		a.call(t, token, "GET", fmt.Sprintf("/api/v1/schedule-builds/%d", build.ID), nil, &now)
		return first.Replica != "" && len(now.Progress) > 0
	}, replicas)
	killed, survivor := a, b
	if first.Replica == b.id {
		killed, survivor = b, a
	}
	killed.kill(t)
	killedAt := time.Now()
	t.Logf("build %d: replica %s killed while running it", build.ID, killed.id)
	waitFor(t, 100*time.Second, "the build to end on the other replica", func() bool {
		survivor.call(t, token, "GET", fmt.Sprintf("/api/v1/schedule-builds/%d", build.ID), nil, &build)
		return build.Status != store.BuildRunning
	}, replicas)
	t.Logf("build %d ended %s on %s, %s after the kill", build.ID, build.Status, survivor.id, time.Since(killedAt).Round(time.Second))
	if build.Status != store.BuildDone || build.ScheduleVersionID == nil {
		t.Errorf("build after the kill: %s (%s), draft %v; want done with a draft", build.Status, build.Error, build.ScheduleVersionID)
	}
	// River records the job's end a moment after the build saved its own.
	var last jobs.Run
	waitFor(t, 30*time.Second, "the build's job to end", func() bool {
		for _, r := range runs(t, survivor, token, "roster-build") {
			if r.Part == part {
				last = r
			}
		}
		return last.State != "running" && last.State != "available" && last.State != "retryable"
	}, replicas)
	if last.State != "completed" || last.Attempt != 2 || last.Replica != survivor.id {
		t.Errorf("build job %+v: want completed at the second attempt by %s", last, survivor.id)
	}
	survivor.stop(t)
}

// replica is a `wfm serve` process of the test.
type replica struct {
	cmd  *exec.Cmd
	url  string
	id   string // its name in the job engine
	log  *lockedBuffer
	done chan error // the process's end
	// ended: the test has seen the process end (kill, stop).
	ended bool
}

// lockedBuffer is a process's output, written by exec's copier and read
// by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// buildWFM builds the binary once for the test.
func buildWFM(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "wfm")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/wfm")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startReplica starts `wfm serve` working one job at a time (so that two
// share even a few parts), and waits until it is ready.
func startReplica(t *testing.T, bin, dsn, rescueAfter string) *replica {
	t.Helper()
	addr := freeAddr(t)
	r := &replica{url: "http://" + addr, log: &lockedBuffer{}, done: make(chan error, 1)}
	r.cmd = exec.Command(bin, "serve")
	r.cmd.Env = append(os.Environ(), "WFM_DATABASE_URL="+dsn, "WFM_ADDR="+addr, "WFM_JOBS=true", "WFM_WORKERS=1",
		"WFM_JOB_RESCUE_AFTER="+rescueAfter, "WFM_LOG_FORMAT=json")
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- r.cmd.Wait() }()
	t.Cleanup(func() {
		if !r.ended {
			r.cmd.Process.Kill()
			<-r.done
		}
	})
	waitFor(t, 60*time.Second, "wfm serve to be ready", func() bool {
		res, err := http.Get(r.url + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, []*replica{r})
	sc := bufio.NewScanner(strings.NewReader(r.log.String()))
	for sc.Scan() {
		var line struct{ Msg, Replica string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
			r.id = line.Replica
		}
	}
	if r.id == "" {
		t.Fatalf("the serving log line names no replica:\n%s", r.log)
	}
	return r
}

// kill kills the process at once, as a crash or an OOM killer would.
func (r *replica) kill(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-r.done
	r.ended = true
}

// stop asks the process to shut down, as an orchestrator would.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-r.done:
		r.ended = true
		if err != nil {
			t.Errorf("wfm serve after SIGTERM: %v\n%s", err, r.log)
		}
	case <-time.After(60 * time.Second):
		t.Errorf("wfm serve did not stop within 60 s of SIGTERM")
	}
}

// call sends a request to the replica's API and decodes its answer.
func (r *replica) call(t *testing.T, token, method, path string, body, out any) {
	t.Helper()
	var in io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.url+path, in)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode >= 300 {
		t.Fatalf("%s %s: %s %s", method, path, res.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s %s: %v in %s", method, path, err, b)
	}
}

// runs is the job engine's jobs of a catalog job (or a kind).
func runs(t *testing.T, r *replica, token, job string) []jobs.Run {
	t.Helper()
	var out []jobs.Run
	r.call(t, token, "GET", "/api/v1/jobs/runs?limit=500&job="+job, nil, &out)
	return out
}

// settledRuns waits until the catalog job and its parts, want in all,
// have all ended, and returns them.
func settledRuns(t *testing.T, r *replica, token, job string, want int, logs []*replica) []jobs.Run {
	t.Helper()
	var out []jobs.Run
	waitFor(t, 60*time.Second, job+" to end", func() bool {
		out = runs(t, r, token, job)
		if len(out) < want {
			return false
		}
		for _, run := range out {
			switch run.State {
			case "available", "running", "pending", "scheduled", "retryable":
				return false
			}
		}
		return true
	}, logs)
	return out
}

// waitFor polls ok until it holds, failing the test with the replicas'
// logs when it still does not after d.
func waitFor(t *testing.T, d time.Duration, what string, ok func() bool, logs []*replica) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			var b strings.Builder
			for i, r := range logs {
				fmt.Fprintf(&b, "\n--- replica %d (%s) log:\n%s", i, r.id, r.log)
			}
			t.Fatalf("waited %s for %s%s", d, what, b.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// adminToken makes an admin and an API token of hers.
func adminToken(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	u := &store.User{Username: "admin", DisplayName: "Admin", Role: store.RoleAdmin, Active: true}
	replicaMust(t, u.SetPassword("a long enough password"))
	replicaMust(t, st.CreateUser(ctx, store.System, u))
	_, secret, err := st.CreateToken(ctx, store.System, u.ID, "replicas test", 1)
	replicaMust(t, err)
	return secret
}

// nightlyCenter makes n sites of one queue each, with five weeks of
// history up to today: the nightly forecast has something to forecast,
// the draft rosters (of sites without agents) are empty and quick.
func nightlyCenter(t *testing.T, st *store.Store, n int) []store.Queue {
	t.Helper()
	ctx := context.Background()
	today := time.Now().UTC().Truncate(24 * time.Hour)
	var qs []store.Queue
	h := batch.History{Interval: time.Hour}
	for i := range n {
		site := store.Site{Name: fmt.Sprintf("Site %d", i), Timezone: "UTC"}
		replicaMust(t, st.CreateSite(ctx, store.System, &site))
		q := store.Queue{Code: fmt.Sprintf("q%d", i), Name: "Care", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
		replicaMust(t, st.CreateQueue(ctx, store.System, &q))
		qs = append(qs, q)
		for day := today.AddDate(0, 0, -35); day.Before(today); day = day.AddDate(0, 0, 1) {
			for at := day.Add(9 * time.Hour); at.Before(day.Add(17 * time.Hour)); at = at.Add(h.Interval) {
				h.Rows = append(h.Rows, batch.HistoryRow{Queue: q.Code, Start: at, Offered: 30 + i})
			}
		}
	}
	_, err := st.ImportHistory(ctx, store.System, "generated.csv", h)
	replicaMust(t, err)
	return qs
}

// buildSite makes a site whose roster takes the solver its whole time
// limit: a shift template and a few agents.
func buildSite(t *testing.T, st *store.Store) store.Site {
	t.Helper()
	ctx := context.Background()
	site := store.Site{Name: "Lyon", Timezone: "Europe/Paris"}
	replicaMust(t, st.CreateSite(ctx, store.System, &site))
	team := store.Team{Name: "A", SiteID: site.ID}
	replicaMust(t, st.CreateTeam(ctx, store.System, &team))
	replicaMust(t, st.CreateShiftTemplate(ctx, store.System, &store.ShiftTemplate{SiteID: site.ID, Code: "D", Name: "Day", Start: "09:00", DurationMinutes: 480}))
	for i := range 4 {
		a := store.Agent{Code: fmt.Sprintf("L%d", i), Name: "Agent", TeamID: team.ID, HireDate: civil.MustParse("2025-01-01"), Active: true,
			Contract: store.Contract{WeeklyMinutesMin: 960, WeeklyMinutesMax: 2400, MaxConsecutiveDays: 5}}
		replicaMust(t, st.CreateAgent(ctx, store.System, &a))
	}
	return site
}

func replicaMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
