package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wfm/store/storetest"
)

// wfmSetup runs a set-up command in-process, as main would.
func wfmSetup(t *testing.T, dsn string, args ...string) (string, error) {
	t.Helper()
	e, out, _ := testEnv(map[string]string{"WFM_DATABASE_URL": dsn})
	err := run(context.Background(), e, args)
	return out.String(), err
}

// The README's quick start: apply the example center, apply it again,
// change it, leave an agent out, prune.
func TestApplyCommand(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			if _, err := wfmSetup(t, dsn, "migrate"); err != nil {
				t.Fatal(err)
			}
			example := filepath.Join("..", "..", "examples", "center.yaml")
			out, err := wfmSetup(t, dsn, "apply", "-f", example)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"site/Shanghai created\n", "queue/voice-vip created\n", "agent/A003 created\n", "11 created\n"} {
				if !strings.Contains(out, want) {
					t.Errorf("first apply lacks %q:\n%s", want, out)
				}
			}
			out, err = wfmSetup(t, dsn, "apply", "-f", example)
			if err != nil || !strings.Contains(out, "agent/A001 unchanged\n") || !strings.HasSuffix(out, "\n11 unchanged\n") {
				t.Errorf("second apply: %v\n%s", err, out)
			}

			text, _ := os.ReadFile(example)
			changed := strings.Replace(string(text), "sl_target: 0.9", "sl_target: 0.85", 1)
			changed = strings.Replace(changed, "  - code: A003", "  - code: A004", 1)
			file := filepath.Join(t.TempDir(), "center.yaml")
			if err := os.WriteFile(file, []byte(changed), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err = wfmSetup(t, dsn, "apply", "-f", file, "--dry-run")
			for _, want := range []string{
				"queue/voice-vip configured (sl_target 0.9 -> 0.85) (dry run)\n",
				"agent/A004 created (dry run)\n",
				"agent/A003 missing from the file (kept; --prune removes it) (dry run)\n",
				"dry run: nothing written\n",
			} {
				if err != nil || !strings.Contains(out, want) {
					t.Errorf("dry run lacks %q: %v\n%s", want, err, out)
				}
			}
			out, err = wfmSetup(t, dsn, "apply", "-f", file, "--prune")
			for _, want := range []string{"queue/voice-vip configured (sl_target 0.9 -> 0.85)\n", "agent/A003 deleted\n", "1 created, 1 configured, 9 unchanged, 1 deleted\n"} {
				if err != nil || !strings.Contains(out, want) {
					t.Errorf("prune lacks %q: %v\n%s", want, err, out)
				}
			}

			out, err = wfmSetup(t, dsn, "queue", "list")
			if err != nil || !strings.Contains(out, "voice-vip") || !strings.Contains(out, "0.85") || !strings.HasPrefix(out, "CODE ") {
				t.Errorf("queue list: %v\n%s", err, out)
			}
			// The YAML list is a file apply reads, and finds nothing to do.
			out, err = wfmSetup(t, dsn, "agent", "list", "--output", "yaml")
			if err != nil || !strings.Contains(out, "agents:\n") {
				t.Fatalf("agent list yaml: %v\n%s", err, out)
			}
			agents := filepath.Join(t.TempDir(), "agents.yaml")
			os.WriteFile(agents, []byte(out), 0o600)
			out, err = wfmSetup(t, dsn, "apply", "-f", agents)
			if err != nil || !strings.Contains(out, "agent/A004 unchanged\n") || strings.Contains(out, "agent/A004 configured") {
				t.Errorf("apply of the listed agents: %v\n%s", err, out)
			}
		})
	}
}

// A bad file exits 1 with the line of each problem and writes nothing
// (setup's tests check the rows); no -f is a usage error.
func TestApplyCommandBadFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "center.yaml")
	os.WriteFile(file, []byte("sites:\n  - name: X\n    timezone: Mars/Olympus\n"), 0o600)
	_, err := wfmSetup(t, "file:"+filepath.Join(dir, "wfm.db"), "apply", "-f", file)
	e, _, stderr := testEnv(nil)
	if code := exitCode(e.stderr, err); code != 1 || !strings.Contains(stderr.String(), `center.yaml:3: sites[0].timezone: "Mars/Olympus" is not an IANA time zone`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := wfmSetup(t, "file:"+filepath.Join(dir, "wfm.db"), "apply"); !errors.Is(err, errUsage) {
		t.Errorf("apply without -f: %v", err)
	}
}

// One row at a time: create with flags, refused when it exists or a flag
// is wrong (naming the flag), listed as a table or JSON.
func TestCreateAndListCommands(t *testing.T) {
	dsn := storetest.DSN(t, storetest.SQLite)
	steps := [][]string{
		{"site", "create", "--name", "上海", "--timezone", "Asia/Shanghai", "--open", "1-5=08:00-21:00", "--open", "0,6=09:00-18:00"},
		{"skill", "create", "--name", "billing"},
		{"queue", "create", "--code", "voice-vip", "--name", "VIP 热线", "--site", "上海", "--skill", "billing", "--channel", "voice",
			"--sl-target", "0.9", "--sl-threshold-seconds", "15", "--asa-target-seconds", "10", "--abandon-target", "0.03"},
		{"team", "create", "--name", "账单一组", "--site", "上海"},
		{"agent", "create", "--code", "A001", "--name", "刘洋", "--team", "账单一组", "--hire-date", "2024-03-01", "--skill", "billing=4",
			"--kind", "full-time", "--weekly-minutes-min", "2400", "--weekly-minutes-max", "2640"},
	}
	for _, args := range steps {
		out, err := wfmSetup(t, dsn, args...)
		if err != nil || !strings.Contains(out, " created\n") {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	if _, err := wfmSetup(t, dsn, "skill", "create", "--name", "billing"); err == nil || !strings.Contains(err.Error(), "skill/billing already exists") {
		t.Errorf("second create: %v", err)
	}
	_, err := wfmSetup(t, dsn, "queue", "create", "--code", "q2", "--name", "Q2", "--site", "北京", "--channel", "fax", "--sl-target", "-1", "--sl-threshold-seconds", "20")
	for _, want := range []string{`--site: no site "北京" declared or stored`, `--channel: "fax" is not one of`, "--sl-target: -1 must be between 0 and 1"} {
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), want) {
			t.Errorf("bad queue: %v, want %q", err, want)
		}
	}
	_, err = wfmSetup(t, dsn, "agent", "create", "--code", "A002", "--name", "X", "--team", "账单一组", "--hire-date", "2024-03-01", "--skill", "billing=9")
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--skill billing: proficiency 9") {
		t.Errorf("bad skill level: %v", err)
	}

	out, err := wfmSetup(t, dsn, "site", "list")
	if err != nil || !strings.Contains(out, "上海") || !strings.Contains(out, "1,2,3,4,5=08:00-21:00 0,6=09:00-18:00") {
		t.Errorf("site list: %v\n%s", err, out)
	}
	// Columns line up on a terminal, Chinese names included.
	lines := strings.Split(out, "\n")
	if h, r := lines[0], lines[1]; cells(h[:strings.Index(h, "TIMEZONE")]) != cells(r[:strings.Index(r, "Asia/Shanghai")]) {
		t.Errorf("columns out of line:\n%s", out)
	}
	out, err = wfmSetup(t, dsn, "agent", "list", "--output", "json")
	var agents []map[string]any
	if err != nil || json.Unmarshal([]byte(out), &agents) != nil || len(agents) != 1 || agents[0]["team"] != "账单一组" {
		t.Errorf("agent list json: %v\n%s", err, out)
	}
	if _, err := wfmSetup(t, dsn, "agent", "list", "--output", "xml"); !errors.Is(err, errUsage) {
		t.Errorf("--output xml: %v", err)
	}
}
