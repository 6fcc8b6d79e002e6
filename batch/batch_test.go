package batch

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sharedData(t *testing.T, rel string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "shared", "data", rel))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("../shared/data/%s not present; skipping the real-data check", rel)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadHistoryRealBankData(t *testing.T) {
	h, err := ReadHistory(sharedData(t, "bank-calls-2003/history.csv"), "history.csv", time.UTC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if h.Interval != 5*time.Minute {
		t.Errorf("interval = %s, want 5m (smallest spacing)", h.Interval)
	}
	// 130 weekdays, intervals starting 07:00 to 21:00 = 169 a day.
	if len(h.Rows) != 130*169 {
		t.Errorf("rows = %d, want %d", len(h.Rows), 130*169)
	}
	if got := h.Rows[0]; got.Queue != "retail" || got.Offered != 111 || got.Answered != nil {
		t.Errorf("first row = %+v", got)
	}
}

func TestReadContactsRealData(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Jerusalem")
	cs, err := ReadContacts(sharedData(t, "anonymous-bank-1999/contacts-1999-01.csv"), "contacts.csv", loc)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 30161 {
		t.Errorf("contacts = %d, want 30161", len(cs))
	}
	c := cs[1]
	if c.ID != "AA0101-33118" || c.Agent != "MICHAL" || c.TalkSeconds != 54 || c.Extensions["x_priority"] != "2" {
		t.Errorf("second contact = %+v", c)
	}
	if w := c.AnsweredAt.Sub(c.ArrivedAt); w != 17*time.Second {
		t.Errorf("wait = %s, want 17s", w)
	}
}

func TestBadInputNamesFileLineAndColumn(t *testing.T) {
	tests := []struct {
		name, csv string
		read      func(string) error
		want      []string
	}{
		{"history", "\ufeffqueue,interval_start,offered\nq,2026-03-02 08:00,5\nq,2026-03-02 08:07,3\nq,2026-03-02 08:00,1\nq,2026-03-02 08:15,-2\n",
			func(s string) error {
				_, err := ReadHistory(strings.NewReader(s), "h.csv", time.UTC, 15*time.Minute)
				return err
			},
			[]string{"h.csv:3: column interval_start: 2026-03-02T08:07:00Z is not on the 15m grid",
				"h.csv:4: column interval_start: queue q interval 2026-03-02T08:00:00Z already given on line 2",
				"h.csv:5: column offered: -2 is negative"}},
		{"unknown column", "queue,interval_start,offered,colour,x_note\n",
			func(s string) error {
				_, err := ReadHistory(strings.NewReader(s), "h.csv", time.UTC, 0)
				return err
			},
			[]string{"h.csv:1: column colour: unknown column (extension columns start with x_)"}},
		{"missing column", "queue,offered\n",
			func(s string) error {
				_, err := ReadHistory(strings.NewReader(s), "h.csv", time.UTC, 0)
				return err
			},
			[]string{"h.csv:1: column interval_start: required column is missing"}},
		{"contacts", "contact_id,queue,arrived_at,answered_at,ended_at,talk_seconds,csat\n" +
			"c1,q,2026-03-02 08:00:10,2026-03-02 08:00:05,2026-03-02 08:03:00,30,4\n" +
			"c2,q,2026-03-02 08:00:10,,2026-03-02 08:01:00,-1,6\n" +
			"c1,q,2026-03-02T08:00:10+08:00,,,,\n",
			func(s string) error {
				_, err := ReadContacts(strings.NewReader(s), "c.csv", time.UTC)
				return err
			},
			[]string{"c.csv:2: column answered_at: answered before it arrived (2026-03-02T08:00:10Z)",
				"c.csv:3: column talk_seconds: -1 is negative",
				"c.csv:3: column csat: 6 is outside 1-5",
				`c.csv:4: column contact_id: "c1" already given on line 2`}},
		{"states", "agent,state,start,end\na,nap,2026-03-02 08:00,2026-03-02 09:00\na,break,2026-03-02 10:00,2026-03-02 10:00\n",
			func(s string) error {
				_, err := ReadStates(strings.NewReader(s), "s.csv", time.UTC)
				return err
			},
			[]string{`s.csv:2: column state: "nap" is not one of`, "s.csv:3: column end: not after start"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read(tt.csv)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want Problems", err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if len(ps) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(ps), len(tt.want), msg)
			}
		})
	}
}

func TestProblemsListAtMostTwenty(t *testing.T) {
	var ps Problems
	for i := 0; i < 25; i++ {
		ps = append(ps, Problem{File: "f.csv", Line: i + 2, Column: "offered", Message: "bad"})
	}
	lines := strings.Split(ps.Error(), "\n")
	if len(lines) != 21 || lines[20] != "... and 5 more problems" || lines[0] != "f.csv:2: column offered: bad" {
		t.Errorf("got %d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
}

func TestParseTimeAndDuration(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	a, err := ParseTime("2026-03-02T08:30:00+08:00", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseTime("2026-03-02 08:30", sh)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Equal(b) {
		t.Errorf("%v != %v", a, b)
	}
	if _, err := ParseTime("02/03/2026", time.UTC); err == nil {
		t.Error("want an error for a non-contract date")
	}
	for in, want := range map[string]time.Duration{"15m": 15 * time.Minute, "20s": 20 * time.Second, "14d": 14 * 24 * time.Hour} {
		t.Run(in, func(t *testing.T) {
			if got, err := ParseDuration(in); err != nil || got != want {
				t.Errorf("ParseDuration(%q) = %v, %v", in, got, err)
			}
		})
	}
	if _, err := ParseDuration("-3d"); err == nil {
		t.Error("want an error for negative days")
	}
}

func TestOnGridAcrossDaylightSaving(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	// 2026-03-08 02:00 does not exist in New York; 03:00 EDT follows 01:45 EST.
	after := time.Date(2026, 3, 8, 3, 0, 0, 0, ny)
	if !OnGrid(after, ny, 15*time.Minute) {
		t.Error("03:00 local after the spring change should be on the grid")
	}
	if OnGrid(after.Add(5*time.Minute), ny, 15*time.Minute) {
		t.Error("03:05 is not on a 15m grid")
	}
}

func TestWriteFileLeavesNothingOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	err := WriteFile(path, nil, func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("boom")
	})
	if err == nil {
		t.Fatal("want the write's error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind %v", entries)
	}
	if err := WriteFile(path, nil, func(w io.Writer) error {
		_, err := w.Write([]byte("ok\n"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "ok\n" {
		t.Errorf("file = %q", b)
	}
}
