package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/batch"
)

// writeHistory writes weeks of 15-minute history for two queues: queue
// "sales" opens 09:00-17:00 Monday to Friday with (weekday x 10 + hour)
// contacts per interval and an AHT of 200 s; "zero" has the same hours but
// never a contact. Times are in Europe/Berlin local wall clock.
func writeHistory(t *testing.T, weeks int, extra string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("queue,interval_start,offered,answered,aht_seconds\n")
	start := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC) // a Monday
	for d := 0; d < 7*weeks; d++ {
		day := start.AddDate(0, 0, d)
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		for m := 9 * 60; m < 17*60; m += 15 {
			ts := day.Add(time.Duration(m) * time.Minute).Format("2006-01-02 15:04")
			v := int(day.Weekday())*10 + m/60
			fmt.Fprintf(&b, "sales,%s,%d,%d,200\n", ts, v, v)
			fmt.Fprintf(&b, "zero,%s,0,0,\n", ts)
		}
	}
	b.WriteString(extra)
	path := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runWFM(args ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	err = run(context.Background(), env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}, args)
	return out.String(), errb.String(), err
}

func TestForecastListMethods(t *testing.T) {
	out, _, err := runWFM("forecast", "--list-methods")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"snaive", "mean4", "wavg4", "pmedian5", "pets", "dshw", "robust", "auto"} {
		if !strings.Contains(out, name+" ") {
			t.Errorf("--list-methods lacks %s:\n%s", name, out)
		}
	}
}

func TestForecastWritesEveryInterval(t *testing.T) {
	hist := writeHistory(t, 6, "")
	outFile := filepath.Join(t.TempDir(), "fc.csv")
	args := []string{"forecast", "--history", hist, "--tz", "Europe/Berlin", "--horizon", "7d", "--method", "mean4", "--out", outFile}
	if _, _, err := runWFM(args...); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "queue,interval_start,volume,volume_low,volume_high,aht_seconds,method" {
		t.Fatalf("header %s", got)
	}
	// The interval defaults to the spacing seen (15m); 7 days x 96 per queue.
	if len(recs)-1 != 2*7*96 {
		t.Fatalf("%d rows, want %d", len(recs)-1, 2*7*96)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	first := time.Date(2026, 3, 14, 0, 0, 0, 0, loc) // midnight after the last row (Friday 13th)
	for i, r := range recs[1:] {
		ts, err := time.Parse(time.RFC3339, r[1])
		if err != nil {
			t.Fatal(err)
		}
		want := first.Add(time.Duration(i%(7*96)) * 15 * time.Minute)
		if !ts.Equal(want) || !strings.HasSuffix(r[1], "+01:00") {
			t.Fatalf("row %d: %s, want %s in the history's zone", i+1, r[1], want.Format(time.RFC3339))
		}
		vol, _ := strconv.ParseFloat(r[2], 64)
		low, _ := strconv.ParseFloat(r[3], 64)
		high, _ := strconv.ParseFloat(r[4], 64)
		aht, _ := strconv.ParseFloat(r[5], 64)
		local := ts.In(loc)
		wantVol := 0.0
		if r[0] == "sales" && local.Weekday() >= time.Monday && local.Weekday() <= time.Friday && local.Hour() >= 9 && local.Hour() < 17 {
			wantVol = float64(int(local.Weekday())*10 + local.Hour())
		}
		if vol != wantVol || low > vol || high < vol || low < 0 {
			t.Fatalf("row %d %v: volume %v [%v, %v], want %v inside its band", i+1, r, vol, low, high, wantVol)
		}
		if r[0] == "sales" && aht != 200 {
			t.Fatalf("row %d: aht %v, want 200", i+1, aht)
		}
		if r[0] == "zero" && aht != 300 {
			t.Fatalf("row %d: aht %v, want the default 300 for a queue without handle time", i+1, aht)
		}
		if r[6] != "mean4" {
			t.Fatalf("row %d: method %q", i+1, r[6])
		}
	}
	// The output reads back as the staffing input, and is deterministic.
	if _, err := batch.ReadForecast(bytes.NewReader(data), outFile, loc); err != nil {
		t.Fatalf("read back: %v", err)
	}
	args[len(args)-1] = "-"
	again, _, err := runWFM(args...)
	if err != nil || again != string(data) {
		t.Fatalf("second run differs (err %v)", err)
	}
}

func TestForecastAutoAndStart(t *testing.T) {
	hist := writeHistory(t, 8, "") // rows until Friday 2026-03-27
	for _, tc := range []struct {
		name, start, first, want string
	}{
		// Inside the history: forecast from the history before it.
		{"inside the history", "2026-03-25 12:00", "sales,2026-03-25T12:00:00+01:00,", "42"},
		// After the history: the gap is forecast but not written.
		{"after the history", "2026-04-01 12:00", "sales,2026-04-01T12:00:00+02:00,", "42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, err := runWFM("forecast", "--history", hist, "--tz", "Europe/Berlin", "--horizon", "1d", "--start", tc.start)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stderr, "sales: ") || !strings.Contains(stderr, "backtest WAPE: ") || !strings.Contains(stderr, "mean4 0.0000") {
				t.Errorf("stderr does not show auto's choice and its backtest:\n%s", stderr)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if !strings.HasPrefix(lines[1], tc.first) || len(lines)-1 != 2*96 {
				t.Fatalf("start %s: first row %q, %d rows", tc.start, lines[1], len(lines)-1)
			}
			// Wednesday 12:00 is 3 x 10 + 12 in every week; auto finds it.
			if f := strings.Split(lines[1], ","); f[2] != tc.want || f[6] == "" {
				t.Errorf("start %s: %v, want volume %s and a method", tc.start, f, tc.want)
			}
		})
	}
}

func TestForecastBadInput(t *testing.T) {
	tests := []struct {
		name  string
		args  func(t *testing.T, dir string) []string
		usage bool
		want  string
	}{
		{"no history flag", func(*testing.T, string) []string { return nil }, true, "--history"},
		{"unknown method", func(t *testing.T, dir string) []string {
			return []string{"--history", writeHistory(t, 2, ""), "--method", "magic"}
		}, true, "magic"},
		{"negative offered", func(t *testing.T, dir string) []string {
			return []string{"--history", writeHistory(t, 2, "sales,2026-03-20 23:00,-5,,\n")}
		}, false, "column offered"},
		{"absurd offered", func(t *testing.T, dir string) []string {
			return []string{"--history", writeHistory(t, 2, "sales,2026-03-20 23:00,99999999999,,\n")}
		}, false, ".csv:642: column offered"},
		{"empty file", func(t *testing.T, dir string) []string {
			p := filepath.Join(dir, "empty.csv")
			os.WriteFile(p, []byte("queue,interval_start,offered\n"), 0o644)
			return []string{"--history", p}
		}, false, "no rows"},
		{"bad horizon", func(t *testing.T, dir string) []string {
			return []string{"--history", writeHistory(t, 2, ""), "--horizon", "-3d"}
		}, true, "--horizon"},
		{"start off the grid", func(t *testing.T, dir string) []string {
			return []string{"--history", writeHistory(t, 2, ""), "--start", "2026-03-20 10:07"}
		}, true, "grid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "fc.csv")
			args := append([]string{"forecast", "--out", out}, tc.args(t, dir)...)
			_, _, err := runWFM(args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, errUsage) != tc.usage {
				t.Errorf("%s: got %v, want an error naming %q (usage %v)", tc.name, err, tc.want, tc.usage)
			}
			if _, statErr := os.Stat(out); statErr == nil {
				t.Errorf("%s: an output file was written", tc.name)
			}
		})
	}
}

// A one-day history is the documented fallback: that day for every day.
func TestForecastSingleDay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.csv")
	os.WriteFile(path, []byte("queue,interval_start,offered\nq,2026-03-02 10:00,4\nq,2026-03-02 10:30,6\n"), 0o644)
	out, _, err := runWFM("forecast", "--history", path, "--horizon", "2d")
	if err != nil {
		t.Fatal(err)
	}
	// The spacing seen is 30m: 2 days x 48.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines)-1 != 96 || !strings.HasPrefix(lines[1+20], "q,2026-03-03T10:00:00Z,4,") || !strings.HasPrefix(lines[1+48+21], "q,2026-03-04T10:30:00Z,6,") {
		t.Fatalf("%d rows; %q; %q", len(lines)-1, lines[21], lines[70])
	}
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Fatal("NaN or Inf in the output")
	}
}
