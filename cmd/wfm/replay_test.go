package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wfm/api"
	"wfm/civil"
	"wfm/store"
	"wfm/store/storetest"
)

// replayCenter is a server with two agents and an integration token.
func replayCenter(t *testing.T) (*store.Store, *httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai"}
	must(st.CreateSite(ctx, store.System, &site))
	team := store.Team{Name: "A", SiteID: site.ID}
	must(st.CreateTeam(ctx, store.System, &team))
	for _, code := range []string{"li.na", "wang.fang"} {
		must(st.CreateAgent(ctx, store.System, &store.Agent{Code: code, Name: code, TeamID: team.ID, HireDate: civil.MustParse("2024-01-02"), Active: true}))
	}
	admin := store.User{Username: "admin", DisplayName: "Admin", Role: store.RoleAdmin, Active: true, PasswordHash: "x"}
	must(st.CreateUser(ctx, store.System, &admin))
	_, secret, err := st.CreateScopedToken(ctx, store.System, admin.ID, "replay", 30, store.TokenIntegration)
	must(err)
	srv := api.New(api.Config{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ts := httptest.NewServer(srv.Engine())
	t.Cleanup(ts.Close)
	return st, ts, secret
}

func TestReplaySendsStatesAsEvents(t *testing.T) {
	st, ts, secret := replayCenter(t)
	dir := t.TempDir()
	states := filepath.Join(dir, "states.csv")
	// li.na works 09:00-09:30 in three states, logs out, comes back at 10:00;
	// wang.fang has one state. An hour of the day.
	csv := "agent,state,start,end\n" +
		"li.na,available,2026-12-02 09:00:00,2026-12-02 09:05:00\n" +
		"li.na,contact,2026-12-02 09:05:00,2026-12-02 09:20:00\n" +
		"li.na,acw,2026-12-02 09:20:00,2026-12-02 09:30:00\n" +
		"li.na,available,2026-12-02 10:00:00,2026-12-02 10:00:30\n" +
		"wang.fang,break,2026-12-02 09:10:00,2026-12-02 09:25:00\n"
	if err := os.WriteFile(states, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"replay", "--states", states, "--server", ts.URL, "--token", secret, "--tz", "Asia/Shanghai", "--speed", "0"}
	out, _, err := runWFM(args...)
	// 5 starts, and an "offline" where li.na logs out at 09:30 and at the
	// end of each agent's last state.
	if err != nil || !strings.Contains(out, "8 events sent: 8 accepted, 0 already received, 0 refused") {
		t.Fatalf("replay: %v\n%s", err, out)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	agents, _ := st.AgentCodes(context.Background(), st.DB())
	recs, err := st.AgentStates(context.Background(), store.StateFilter{AgentID: agents["li.na"], Scope: store.Scope{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.StartAt.In(sh).Format("15:04")+"-"+r.EndAt.In(sh).Format("15:04")+" "+r.State)
	}
	want := "09:00-09:05 available, 09:05-09:20 contact, 09:20-09:30 acw, 09:30-10:00 offline, 10:00-10:00 available, 10:00-10:00 offline"
	if strings.Join(got, ", ") != want {
		t.Errorf("li.na's timeline from the replay:\n got %s\nwant %s", strings.Join(got, ", "), want)
	}

	// Sent again: taken once.
	if out, _, err := runWFM(args...); err != nil || !strings.Contains(out, "8 events sent: 0 accepted, 8 already received") {
		t.Errorf("second replay: %v\n%s", err, out)
	}

	// At 3600x, the hour of states takes about a second: paced, not dumped.
	began := time.Now()
	paced := []string{"replay", "--states", states, "--server", ts.URL, "--token", secret, "--speed", "3600", "--every", "50ms", "--source", "paced"}
	if out, _, err := runWFM(paced...); err != nil || !strings.Contains(out, "8 accepted") {
		t.Fatalf("paced replay: %v\n%s", err, out)
	}
	if took := time.Since(began); took < 900*time.Millisecond {
		t.Errorf("an hour at 3600x took %s: the pace was not kept", took)
	}

	// Mistakes are named.
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"no token", []string{"replay", "--states", states, "--server", ts.URL}, "--token"},
		{"unknown token", []string{"replay", "--states", states, "--server", ts.URL, "--token", "wfm_nope", "--speed", "0"}, "401"},
		{"no states", []string{"replay", "--server", ts.URL, "--token", secret}, "--states is required"},
		{"negative speed", []string{"replay", "--states", states, "--token", secret, "--speed", "-1"}, "--speed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := runWFM(tc.args...); err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("%v: %v, want it to say %q", tc.args[1:], err, tc.says)
			}
		})
	}
}

// An event the server refuses is named with its reason, the others taken:
// the refusals come back through the generated client's Result.
func TestReplayNamesTheRefusedEvents(t *testing.T) {
	_, ts, secret := replayCenter(t)
	states := filepath.Join(t.TempDir(), "states.csv")
	csv := "agent,state,start,end\n" +
		"li.na,available,2026-12-02 09:00:00,2026-12-02 09:05:00\n" +
		"nobody,available,2026-12-02 09:00:00,2026-12-02 09:05:00\n"
	if err := os.WriteFile(states, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runWFM("replay", "--states", states, "--server", ts.URL, "--token", secret, "--speed", "0")
	if err != nil || !strings.Contains(out, "4 events sent: 2 accepted, 0 already received, 2 refused") ||
		!strings.Contains(out, "(agent nobody at 2026-12-02T09:00:00Z): agent:") {
		t.Fatalf("replay with an unknown agent: %v\n%s", err, out)
	}
}
