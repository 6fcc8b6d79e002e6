package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const scheduleProblemJSON = `{
 "start_date": "2026-03-02", "days": 7, "interval_minutes": 60, "timezone": "Asia/Shanghai",
 "shifts": [
  {"id": "E", "start": "08:00", "latest_start": "10:00", "duration_minutes": 480,
   "breaks": [{"duration_minutes": 60, "earliest_offset_minutes": 180, "latest_offset_minutes": 300, "paid": false}]},
  {"id": "L", "start": "14:00", "duration_minutes": 480, "cannot_be_followed_by": ["E"]}
 ],
 "agents": [
  {"id": "A01", "skills": ["billing"], "min_minutes": 1260, "max_minutes": 2400, "max_consecutive_shifts": 4, "min_rest_minutes": 660},
  {"id": "A02", "skills": ["billing"], "min_minutes": 1260, "max_minutes": 2400, "days_off": [5, 6],
   "requests": [{"day": 2, "on": false, "weight": 3}]},
  {"id": "A03", "skills": ["billing"], "shifts": ["L"], "max_weekends": 1}
 ],
 "demand": {
  "intervals": [{"skill": "billing", "day": 0,
   "required": [0,0,0,0,0,0,0,0,1,1,2,2,2,2,2,2,1,1,1,1,0,0,0,0], "under_weight": 100, "over_weight": 1}],
  "shifts": [{"day": 1, "shift": "L", "required": 1, "under_weight": 50, "over_weight": 1}]
 }
}`

func runScheduleCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}, append([]string{"schedule"}, args...))
	return out.String(), errb.String(), err
}

func writeScheduleFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestScheduleSolveThenCheck(t *testing.T) {
	logProgressEvery(t, time.Nanosecond) // the solve is short: every step logged
	problem := writeScheduleFile(t, "p.json", scheduleProblemJSON)
	solution := filepath.Join(t.TempDir(), "s.json")
	_, stderr, err := runScheduleCLI(t, "solve", "--problem", problem, "--time-limit", "5s", "--iterations", "40", "--out", solution)
	if err != nil {
		t.Fatalf("solve: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "solve: ") || !strings.Contains(stderr, "; objective ") {
		t.Errorf("no progress on stderr: %q", stderr)
	}
	if !strings.Contains(stderr, "lower bound ") || !strings.Contains(stderr, "the best possible") {
		t.Errorf("no lower bound on stderr: %q", stderr)
	}
	var sol struct {
		Objective float64 `json:"objective"`
		Feasible  bool    `json:"feasible"`
	}
	data, _ := os.ReadFile(solution)
	if err := json.Unmarshal(data, &sol); err != nil {
		t.Fatal(err)
	}
	if !sol.Feasible {
		t.Fatalf("solution infeasible: %s", data)
	}
	out, _, err := runScheduleCLI(t, "check", "--problem", problem, "--solution", solution)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	var rep struct {
		Feasible   bool            `json:"feasible"`
		Objective  float64         `json:"objective"`
		Violations json.RawMessage `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("check output %q: %v", out, err)
	}
	if !rep.Feasible || rep.Objective != sol.Objective || string(rep.Violations) != "[]" {
		t.Fatalf("check says %s; solve said objective %v", out, sol.Objective)
	}
}

func TestScheduleCheckInfeasibleExitsOne(t *testing.T) {
	problem := writeScheduleFile(t, "p.json", scheduleProblemJSON)
	// A02 works on day 5, her day off; A03 may not work E.
	solution := writeScheduleFile(t, "s.json", `{"objective":0,"assignments":[
	 {"agent":"A02","day":5,"shift":"L"},
	 {"agent":"A03","day":0,"shift":"E","breaks":[{"start":"12:00","duration_minutes":60}]}]}`)
	out, _, err := runScheduleCLI(t, "check", "--problem", problem, "--solution", solution)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 1 {
		t.Fatalf("err = %v, want exit status 1", err)
	}
	for _, want := range []string{`"feasible":false`, `"rule":"days_off"`, `"rule":"shifts"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output %s lacks %s", out, want)
		}
	}
}

func TestScheduleBadInput(t *testing.T) {
	bad := strings.Replace(scheduleProblemJSON, `"latest_offset_minutes": 300`, `"latest_offset_minutes": 450`, 1)
	bad = strings.Replace(bad, `1,1,1,1,0,0,0,0]`, `1,1,1,1,0,0,0]`, 1)
	tests := []struct {
		name    string
		content string
		want    []string
	}{
		{"fields named", bad, []string{
			"column shifts[0].breaks[0].latest_offset_minutes: break window ends after the shift",
			"column demand.intervals[0].required: 23 numbers, want 24"}},
		{"syntax error line", "{\n \"days\": 7,\n \"shifts\": [}\n", []string{"p.json:3:"}},
		{"unknown field", `{"dayz": 3}`, []string{`unknown field "dayz"`}},
		{"no such day", strings.Replace(scheduleProblemJSON, `"2026-03-02"`, `"2026-02-30"`, 1),
			[]string{`column start_date: "2026-02-30", want a date YYYY-MM-DD`}},
		{"no day", strings.Replace(scheduleProblemJSON, `"2026-03-02"`, `""`, 1),
			[]string{"column start_date: missing, want a date YYYY-MM-DD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problem := writeScheduleFile(t, "p.json", tt.content)
			outPath := filepath.Join(filepath.Dir(problem), "out.json")
			_, _, err := runScheduleCLI(t, "solve", "--problem", problem, "--time-limit", "1s", "--out", outPath)
			if err == nil {
				t.Fatal("solve accepted bad input")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if _, statErr := os.Stat(outPath); statErr == nil {
				t.Error("an output file was written for bad input")
			}
		})
	}
}

func TestScheduleUsage(t *testing.T) {
	// Alone, the group prints its help, as kubectl's and gh's do.
	if stdout, _, err := runScheduleCLI(t); err != nil || !strings.Contains(stdout, "solve") || !strings.Contains(stdout, "check") {
		t.Errorf("wfm schedule: err %v, stdout %q; want its help", err, stdout)
	}
	for _, args := range [][]string{{"plan"}, {"solve"}, {"check", "--problem", "x.json"}, {"solve", "--problem", "x", "--time-limit", "soon"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := runScheduleCLI(t, args...)
			if !errors.Is(err, errUsage) {
				t.Errorf("%v: err = %v, want a usage error", args, err)
			}
		})
	}
}

// A rule nobody can keep: the least bad roster is still written, marked
// infeasible, the broken rule named on stderr, and the exit status is 0
// (1 is for bad input); check then says infeasible with exit status 1.
func TestScheduleSolveInfeasible(t *testing.T) {
	p := strings.Replace(scheduleProblemJSON, `"days_off": [5, 6],`, `"days_off": [0, 1, 2, 3, 4, 5, 6],`, 1)
	problem := writeScheduleFile(t, "p.json", p)
	solution := filepath.Join(filepath.Dir(problem), "s.json")
	_, stderr, err := runScheduleCLI(t, "solve", "--problem", problem, "--time-limit", "5s", "--iterations", "20", "--out", solution)
	if err != nil {
		t.Fatalf("err = %v, want the least bad roster written and exit status 0", err)
	}
	if !strings.Contains(stderr, "min_minutes A02") {
		t.Errorf("stderr does not name the rule: %q", stderr)
	}
	data, readErr := os.ReadFile(solution)
	if readErr != nil || !strings.Contains(string(data), `"feasible": false`) {
		t.Fatalf("solution %s (%v): want it written and marked infeasible", data, readErr)
	}
	_, _, err = runScheduleCLI(t, "check", "--problem", problem, "--solution", solution)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 1 {
		t.Errorf("check of the infeasible roster: err = %v, want exit status 1", err)
	}
}

// --bound adds "lower_bound" (at most the objective); without it the output
// keeps exactly the contract's three fields.
func TestScheduleCheckBound(t *testing.T) {
	problem := writeScheduleFile(t, "p.json", scheduleProblemJSON)
	solution := writeScheduleFile(t, "s.json", `{"objective":0,"assignments":[
	 {"agent":"A01","day":0,"shift":"E","start":"08:00","breaks":[{"start":"12:00","duration_minutes":60}]},
	 {"agent":"A02","day":1,"shift":"L"}]}`)
	// The roster breaks min_minutes: check exits 1 but still prints.
	infeasible := func(err error) bool {
		var ex exitError
		return errors.As(err, &ex) && ex.code == 1
	}
	out, _, err := runScheduleCLI(t, "check", "--problem", problem, "--solution", solution)
	if !infeasible(err) {
		t.Fatalf("check: %v", err)
	}
	var plain map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &plain); err != nil {
		t.Fatal(err)
	}
	if len(plain) != 3 || plain["feasible"] == nil || plain["objective"] == nil || plain["violations"] == nil {
		t.Fatalf("default output %s, want exactly feasible, objective, violations", out)
	}
	out, _, err = runScheduleCLI(t, "check", "--bound", "--problem", problem, "--solution", solution)
	if !infeasible(err) {
		t.Fatalf("check --bound: %v", err)
	}
	var rep struct {
		Objective  float64  `json:"objective"`
		LowerBound *float64 `json:"lower_bound"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.LowerBound == nil || *rep.LowerBound > rep.Objective+1e-6 || *rep.LowerBound <= 0 {
		t.Fatalf("check --bound: %s", out)
	}
}
