package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"wfm/store"
)

// One week keeps the test quick: the default 16 weeks add only history
// rows, which the demo package's own tests check.
func TestDemoNoServe(t *testing.T) {
	ctx := context.Background()
	dsn := "file:" + filepath.Join(t.TempDir(), "demo.db")
	var out, errb bytes.Buffer
	e := env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if err := run(ctx, e, []string{"demo", "--no-serve", "--weeks", "1", "--roster-time", "2s", "--database", dsn}); err != nil {
		t.Fatalf("wfm demo: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	text := out.String()
	t.Log(text)
	for _, want := range []string{"history: ", "contacts: ", "agent states: ", "ready in"} {
		if !strings.Contains(text, want) {
			t.Errorf("no progress line with %q", want)
		}
	}
	// Every role has a login line "username password role", and each works.
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	roles := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || store.RoleRank(f[2]) == 0 {
			continue
		}
		u, err := st.UserByUsername(ctx, f[0])
		if err != nil {
			t.Fatalf("printed login %s: %v", f[0], err)
		}
		if u.Role != f[2] {
			t.Errorf("printed login %q: the user's role is %s", line, u.Role)
		}
		// argon2 is slow: one password per role is checked.
		if !roles[f[2]] && !store.CheckPassword(u.PasswordHash, f[1]) {
			t.Errorf("printed login %q: the password does not work", line)
		}
		roles[f[2]] = true
	}
	for _, r := range []string{store.RoleAgent, store.RoleSupervisor, store.RoleManager, store.RoleAdmin} {
		if !roles[r] {
			t.Errorf("no login printed for role %s", r)
		}
	}
}

func TestDemoUsage(t *testing.T) {
	for _, args := range [][]string{{"demo", "--weeks", "0"}, {"demo", "extra"}, {"demo", "--seed", "x"}} {
		t.Run(strings.Join(args[1:], " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}, args)
			if !errors.Is(err, errUsage) {
				t.Errorf("%v: %v, want a usage error", args, err)
			}
		})
	}
}
