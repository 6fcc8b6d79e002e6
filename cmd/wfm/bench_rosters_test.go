package main

import (
	"bytes"
	"cmp"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// --curtois-instances takes numbers, ranges and lists of both; a bad
// part is named.
func TestParseInstances(t *testing.T) {
	got, err := parseInstances("11,13, 20-22")
	if err != nil || !slices.Equal(got, []int{11, 13, 20, 21, 22}) {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, bad := range []string{"", "1-", "x", "5-3", "1,,2"} {
		t.Run(cmp.Or(bad, "empty"), func(t *testing.T) {
			if _, err := parseInstances(bad); err == nil {
				t.Errorf("%q: no error", bad)
			}
		})
	}
}

// `wfm bench rosters` solves each instance, has the checker price it and
// prints its line: a generated instance (no best known) and a Curtois
// instance against its best known, each roster feasible and priced as
// the solver priced it; bad flags are usage errors naming the flag.
func TestBenchRostersPrintsALinePerInstance(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "curtois")
	if _, err := os.Stat(filepath.Join(dir, "best_known.csv")); err != nil {
		t.Skipf("Curtois instances not available (%v)", err)
	}
	e, out, _ := testEnv(nil)
	args := []string{"bench", "rosters", "--seeds", "5", "--sizes", "issue", "--curtois", dir, "--curtois-instances", "1",
		"--time-limit", "300ms", "--bound-limit", "300ms", "--workers", "1"}
	if err := run(context.Background(), e, args); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "gap to best") {
		t.Fatalf("output:\n%s", out)
	}
	for i, want := range []string{`^\s*46x14 s2 pt20 #5\s+chosen\s+46\s+14\s+\d+\.\d\s+(\d+\.\d|-)\s+\S+\s+-\s+-\s+feasible$`,
		`^\s*curtois 1\s+curtois\s+8\s+14\s+\d+\.0\s+\d+\.\d\s+\d+\.\d%\s+607\s+\+\d+\.\d%\s+feasible$`} {
		if !regexp.MustCompile(want).MatchString(lines[i+1]) {
			t.Errorf("line %d %q does not match %s", i+1, lines[i+1], want)
		}
	}
	for flag, args := range map[string][]string{
		"--time-limit":  {"bench", "rosters", "--time-limit", "soon"},
		"--seeds":       {"bench", "rosters", "--seeds", "x"},
		"--bound-limit": {"bench", "rosters", "--bound-limit", "-1s"},
		"--workers":     {"bench", "rosters", "--workers", "0"},
		"--sizes":       {"bench", "rosters", "--sizes", "huge"},
	} {
		t.Run(flag, func(t *testing.T) {
			e, _, _ := testEnv(nil)
			err := run(context.Background(), e, args)
			if code := exitCode(&bytes.Buffer{}, err); code != 2 || !strings.Contains(err.Error(), flag) {
				t.Errorf("%v: exit %d, %v; want a usage error naming %s", args, code, err, flag)
			}
		})
	}
}
