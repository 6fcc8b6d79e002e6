package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"wfm/store"
	"wfm/store/storetest"
)

// wfm user token makes tokens that expire: --days is 1 to 365, 90 when
// not given.
func TestUserTokenDaysAreCapped(t *testing.T) {
	dsn := storetest.DSN(t, storetest.SQLite)
	ctx := context.Background()
	e, _, _ := testEnv(nil)
	e.stdin = strings.NewReader("a long enough secret\n")
	if err := run(ctx, e, []string{"user", "create", "--database", dsn, "--username", "acd", "--role", "manager", "--password-stdin"}); err != nil {
		t.Fatal(err)
	}
	for _, days := range []string{"-1", "0", "366", "200000"} {
		t.Run("--days "+days, func(t *testing.T) {
			e, _, _ := testEnv(nil)
			err := run(ctx, e, []string{"user", "token", "--database", dsn, "--username", "acd", "--name", "push", "--days", days})
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--days") {
				t.Errorf("--days %s: %v, want a usage error naming --days", days, err)
			}
		})
	}
	e, out, _ := testEnv(nil)
	if err := run(ctx, e, []string{"user", "token", "--database", dsn, "--username", "ACD", "--name", "push"}); err != nil || !strings.HasPrefix(out.String(), "wfm_") {
		t.Fatalf("default days: %v %q", err, out)
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByUsername(ctx, "acd")
	if err != nil {
		t.Fatal(err)
	}
	toks, err := st.ListTokens(ctx, u.ID)
	if err != nil || len(toks) != 1 || toks[0].ExpiresAt == nil || toks[0].ExpiresAt.Sub(toks[0].CreatedAt).Hours() != 90*24 {
		t.Errorf("tokens %+v (%v), want one of 90 days", toks, err)
	}
}

// A password is never an argument: without --password-stdin it is asked
// on a terminal without echo, and without a terminal the command stops
// before it opens (or makes) a database.
func TestUserCreateAsksNoPasswordWithoutATerminal(t *testing.T) {
	dir := t.TempDir()
	e, _, _ := testEnv(nil)
	e.stdin = strings.NewReader("a long enough secret\n")
	err := run(context.Background(), e, []string{"user", "create", "--database", "file:" + dir + "/wfm.db", "--username", "x", "--role", "agent"})
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--password-stdin") {
		t.Errorf("no terminal, no --password-stdin: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the refused command made %d files", len(entries))
	}
}
