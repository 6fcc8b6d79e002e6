package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wfm/api"
	"wfm/store"
	"wfm/store/storetest"
)

// remoteServer is an empty center's server, with an admin's and an
// agent's API tokens.
func remoteServer(t *testing.T) (st *store.Store, url, admin, agent string) {
	t.Helper()
	ctx := context.Background()
	st = storetest.Open(t)
	tokens := map[string]string{}
	for _, role := range []string{store.RoleAdmin, store.RoleAgent} {
		u := store.User{Username: role, DisplayName: role, Role: role, Active: true, PasswordHash: "x"}
		if err := st.CreateUser(ctx, store.System, &u); err != nil {
			t.Fatal(err)
		}
		_, secret, err := st.CreateToken(ctx, store.System, u.ID, "remote", 30)
		if err != nil {
			t.Fatal(err)
		}
		tokens[role] = secret
	}
	srv := api.New(api.Config{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ts := httptest.NewServer(srv.Engine())
	t.Cleanup(ts.Close)
	return st, ts.URL, tokens[store.RoleAdmin], tokens[store.RoleAgent]
}

// A center set up from a script against a running server: each row by
// the API's fields, the references by name, every call through the
// generated client.
func TestRemoteSetsUpACenter(t *testing.T) {
	st, url, admin, agentToken := remoteServer(t)
	conn := []string{"--server", url, "--token", admin}
	steps := [][]string{
		{"site", "create", "--name", "Shanghai", "--timezone", "Asia/Shanghai", "--public-holidays", "auto"},
		{"skill", "create", "--name", "billing"},
		{"skill", "create", "--name", "vip"},
		{"queue", "create", "--code", "voice-billing", "--name", "账单热线", "--site", "Shanghai", "--skill", "billing",
			"--channel", "voice", "--sl-target", "0.8", "--sl-threshold-seconds", "20", "--shrinkage", "0.3"},
		{"team", "create", "--name", "账单一组", "--site", "Shanghai", "--supervisor", "admin"},
		{"agent", "create", "--code", "A001", "--name", "刘洋", "--team", "账单一组", "--hire-date", "2024-03-01", "--skills", "billing:4,vip:2",
			"--contract", `{"kind":"full-time","weekly_minutes_min":2400,"weekly_minutes_max":2640,"max_consecutive_days":6,"min_consecutive_days_off":2,"min_rest_minutes":660,"max_weekends_per_4_weeks":3}`},
	}
	for _, s := range steps {
		out, _, err := runWFM(append(append([]string{"remote"}, s...), conn...)...)
		// "queue 3 voice-billing created": the kind, the id, and the key
		// (the code of queues and agents, else the name) first named.
		if err != nil || !strings.HasPrefix(out, s[0]+" ") || !strings.HasSuffix(strings.TrimSpace(out), " "+s[3]+" created") {
			t.Fatalf("%v: %v\n%s", s, err, out)
		}
	}
	ctx := context.Background()
	agents, _ := st.AgentCodes(ctx, st.DB())
	a, err := st.GetAgent(ctx, agents["A001"])
	if err != nil {
		t.Fatal(err)
	}
	if !a.Active || len(a.Skills) != 2 || a.Contract.WeeklyMinutesMax != 2640 || a.HireDate.String() != "2024-03-01" {
		t.Errorf("the agent as the server stored her: %+v", a)
	}

	// Listed for people and for scripts.
	out, _, err := runWFM(append([]string{"remote", "queue", "list"}, conn...)...)
	if err != nil || !strings.Contains(out, "SL_TARGET") || !strings.Contains(out, "voice-billing") || !strings.Contains(out, "0.8") {
		t.Errorf("queue list: %v\n%s", err, out)
	}
	out, _, err = runWFM(append([]string{"remote", "agent", "list", "--format", "json"}, conn...)...)
	var listed []struct {
		Code   string `json:"code"`
		Skills []struct {
			Proficiency int `json:"proficiency"`
		} `json:"skills"`
	}
	if err != nil || json.Unmarshal([]byte(out), &listed) != nil || len(listed) != 1 || listed[0].Code != "A001" || len(listed[0].Skills) != 2 {
		t.Errorf("agent list as JSON: %v\n%s", err, out)
	}
	for _, kind := range []string{"site", "skill", "team"} {
		if out, _, err := runWFM(append([]string{"remote", kind, "list"}, conn...)...); err != nil || strings.Count(out, "\n") < 2 {
			t.Errorf("%s list: %v\n%s", kind, err, out)
		}
	}

	// Mistakes are named: ours before anything is sent, the server's
	// from its error schema.
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"sl target not a number", []string{"queue", "create", "--code", "q2", "--sl-target", "high"}, `sl_target "high": want a number`},
		{"unknown site", []string{"queue", "create", "--code", "q2", "--site", "Beijing"}, `site "Beijing": the server has no such site (it has: Shanghai)`},
		{"skill without proficiency", []string{"agent", "create", "--code", "A002", "--skills", "billing"}, "skill:proficiency"},
		{"misspelt flag", []string{"site", "create", "--nmae", "x"}, "unknown flag: --nmae"},
		{"no name is a 400", []string{"site", "create", "--timezone", "Asia/Shanghai"}, "POST /api/v1/sites: 400 invalid"},
		{"no name names the field", []string{"site", "create", "--timezone", "Asia/Shanghai"}, "name: "},
		{"a second Shanghai", []string{"site", "create", "--name", "Shanghai", "--timezone", "Asia/Shanghai"}, "409 conflict"},
		{"format yaml", []string{"site", "list", "--format", "yaml"}, "--format"},
		{"site delete", []string{"site", "delete"}, "usage"},
		{"shift list", []string{"shift", "list"}, "usage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := runWFM(append(append([]string{"remote"}, tc.args...), conn...)...); err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("%v: %v, want it to say %q", tc.args, err, tc.says)
			}
		})
	}
	if _, _, err := runWFM("remote", "skill", "create", "--name", "french", "--server", url, "--token", agentToken); err == nil || !strings.Contains(err.Error(), "403 forbidden") {
		t.Errorf("an agent's token creating a skill: %v", err)
	}
	if _, _, err := runWFM("remote", "skill", "list", "--server", url); err == nil || !strings.Contains(err.Error(), "--token") {
		t.Errorf("no token: %v", err)
	}
	if _, _, err := runWFM("remote", "skill", "list", "--server", "localhost:1", "--token", admin); err == nil || !strings.Contains(err.Error(), "--server") {
		t.Errorf("a server without a scheme: %v", err)
	}
}

// Another program on the port (a proxy's login page answering 200) is
// named, not taken for an empty list.
func TestRemoteRefusesAnAnswerThatIsNotTheAPIs(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html>sign in</html>"))
	}))
	defer ts.Close()
	for _, args := range [][]string{{"site", "list"}, {"team", "create", "--name", "A", "--site", "Shanghai"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := runWFM(append(append([]string{"remote"}, args...), "--server", ts.URL, "--token", "t")...)
			if err == nil || !strings.Contains(err.Error(), `GET /api/v1/sites: 200 OK answered "text/html", not the API's JSON`) {
				t.Errorf("%v: %v", args, err)
			}
		})
	}
}
