package main

import (
	"strings"
	"testing"
)

// wfm bench runs every benchmark and prints one row each; scaled down it
// does not judge the bars, which hold for the sizes only.
func TestBenchPrintsATable(t *testing.T) {
	out, _, err := runWFM("bench", "--scale", "0.01")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 7 || !strings.HasPrefix(lines[0], "benchmark") {
		t.Fatalf("want a header and 6 rows:\n%s", out)
	}
	for i, want := range []string{"forecast      5 queues x 16 weeks", "requirements  10 queues x 28 days x 96 intervals", "erlang        100 evaluations", "reads         50 agents x 4 weeks at 1 sites", "feed          50 agents; average 0 ev/s: took",
		"nightly       2 sites, 2s drafts, 4 jobs at once per replica: 1 replica(s): forecasts "} {
		if !strings.HasPrefix(lines[i+1], want) {
			t.Errorf("row %d = %q, want it to start %q", i+1, lines[i+1], want)
		}
	}
	if !strings.Contains(lines[1], "not judged (scaled)") || !strings.Contains(lines[3], "reference") {
		t.Errorf("verdicts:\n%s", out)
	}
	list, _, err := runWFM("bench", "--list")
	if err != nil || strings.Count(list, "\n") != 6 {
		t.Errorf("--list: %v\n%s", err, list)
	}
	for _, bad := range [][]string{{"--only", "forecast,nap"}, {"--scale", "0"}, {"extra"}} {
		t.Run(strings.Join(bad, " "), func(t *testing.T) {
			if _, _, err := runWFM(append([]string{"bench"}, bad...)...); err == nil || !strings.Contains(err.Error(), "usage") {
				t.Errorf("bench %v: %v, want a usage error", bad, err)
			}
		})
	}
}
