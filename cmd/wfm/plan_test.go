package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPlanCommand(t *testing.T) {
	// Eight weeks, Monday to Friday 09:00-17:00 in half hours, 50 contacts
	// of 300 s each: 6,000 a week over 40 open hours. 75 a half hour is
	// 12.5 erlangs; Erlang C wants 17 agents at 80/20 (16 give 79.1%,
	// 17 give 87.5%, worked out apart): 17 x 40 / 0.7 / 40 = 24.29 FTE.
	var b strings.Builder
	b.WriteString("queue,interval_start,offered,aht_seconds\n")
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) // a Monday
	for w := 0; w < 8; w++ {
		for d := 0; d < 5; d++ {
			for h := 0; h < 16; h++ {
				at := start.AddDate(0, 0, 7*w+d).Add(9*time.Hour + time.Duration(h)*30*time.Minute)
				fmt.Fprintf(&b, "sales,%s,75,300\n", at.Format("2006-01-02 15:04"))
			}
		}
	}
	path := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runWFM("plan", "--history", path, "--fte", "25", "--weeks", "26")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 27 || !strings.HasPrefix(lines[0], "week,volume,aht_seconds,open_hours,need_fte") {
		t.Fatalf("want a header and 26 weeks:\n%s", out)
	}
	if !strings.HasPrefix(lines[1], "2026-12-28,6000.0,300.0,40.00,24.29,25.00,25.00,0.71,") {
		t.Errorf("first week: %s", lines[1])
	}
	// 25 FTE thin by 3% a month below 24.29 after a month: short from week 5.
	if !strings.Contains(stderr, "plan: short from the week of 2027-02-01: start a class of") {
		t.Errorf("advice: %s", stderr)
	}
	for _, bad := range []struct {
		name string
		args []string
		says string
	}{
		{"no fte", []string{"plan", "--history", path}, "--fte"},
		{"shrinkage 95%", []string{"plan", "--history", path, "--fte", "25", "--shrinkage", "0.95"}, "--shrinkage"},
		{"hire without a count", []string{"plan", "--history", path, "--fte", "25", "--hire", "soon"}, "START:COUNT"},
		{"5 weeks", []string{"plan", "--history", path, "--fte", "25", "--weeks", "5"}, "--weeks"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			if _, _, err := runWFM(bad.args...); err == nil || !strings.Contains(err.Error(), bad.says) {
				t.Errorf("%v: %v, want it to name %s", bad.args[1:], err, bad.says)
			}
		})
	}
}
