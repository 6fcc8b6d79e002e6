package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/kpi"
	"wfm/schedule"
)

// runKPITest runs `wfm kpi args...` in-process.
func runKPITest(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }},
		append([]string{"kpi"}, args...))
	return out.String(), errb.String(), err
}

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestKPIQueueIntervalSmall(t *testing.T) {
	// Worked by hand, 30-minute intervals, threshold 20 s, short abandon 5 s:
	// 08:00 Q: c1 wait 10 talk 100+hold 20+acw 30; c2 wait 20 talk 200;
	//          c3 abandoned after 3 s (short); c4 abandoned after 60 s.
	//   SL = 2 / (2 + 2 - 1) = 2/3, ASA 15, AHT 175, abandon rate 0.5.
	// 08:30 Q: c5 abandoned after 2 s: SL, ASA, AHT absent; abandon rate 1.
	contacts := writeTemp(t, "c.csv", `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,hold_seconds,acw_seconds,x_note
c1,Q,2026-03-02 08:00:00,2026-03-02 08:00:10,2026-03-02 08:02:10,A,100,20,30,hello
c2,Q,2026-03-02 08:10:00,2026-03-02 08:10:20,2026-03-02 08:13:40,A,200,,,
c3,Q,2026-03-02 08:20:00,,2026-03-02 08:20:03,,,,,
c4,Q,2026-03-02 08:29:59,,2026-03-02 08:30:59,,,,,
c5,Q,2026-03-02T08:35:00+08:00,,2026-03-02T08:35:02+08:00,,,,,
`)
	out, stderr, err := runKPITest(t, "--contacts", contacts, "--by", "queue-interval", "--tz", "Asia/Shanghai")
	if err != nil {
		t.Fatalf("err = %v, stderr %s", err, stderr)
	}
	want := `queue,interval_start,offered,answered,abandoned,short_abandoned,service_level,asa_seconds,aht_seconds,abandon_rate
Q,2026-03-02T08:00:00+08:00,4,2,2,1,0.6666666666666666,15,175,0.5
Q,2026-03-02T08:30:00+08:00,1,0,1,1,,,,1
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(stderr, "abandons-counted") {
		t.Errorf("stderr does not say which service-level formula was used: %q", stderr)
	}

	// The same contacts with abandons ignored: SL 08:00 = 2/2.
	out, _, err = runKPITest(t, "--contacts", contacts, "--by", "queue-interval", "--tz", "Asia/Shanghai", "--sl-formula", "abandons-ignored")
	if err != nil || !strings.Contains(out, "Q,2026-03-02T08:00:00+08:00,4,2,2,1,1,15,175,0.5\n") {
		t.Errorf("abandons-ignored: err %v, out\n%s", err, out)
	}
}

// The roster of one agent on 2026-03-02 (Asia/Shanghai): shift E 09:00 for
// 8 h, a paid 15-minute break at 11:00 and an unpaid hour at 13:00.
const (
	kpiProblem = `{"start_date":"2026-03-02","days":1,"interval_minutes":15,"timezone":"Asia/Shanghai",
 "shifts":[{"id":"E","start":"09:00","duration_minutes":480,
   "breaks":[{"duration_minutes":15,"earliest_offset_minutes":60,"latest_offset_minutes":180},
             {"duration_minutes":60,"earliest_offset_minutes":180,"latest_offset_minutes":300,"paid":false}]}],
 "agents":[{"id":"A","shifts":["E"]}],"demand":{}}`
	kpiSolution = `{"objective":0,"assignments":[{"agent":"A","day":0,"shift":"E","start":"09:00",
 "breaks":[{"start":"11:00","duration_minutes":15},{"start":"13:00","duration_minutes":60}]}]}`
)

func TestKPIAgentDayWithSchedule(t *testing.T) {
	// Scheduled 09:00-17:00 = 28800 s; work 28800 - 900 - 3600 = 24300 s.
	// States: available 09:05-11:00 (09:00-09:05 out: 300 s), break
	// 11:00-11:15, contact 11:15-12:15, acw 12:15-12:30, available
	// 12:30-13:10 (13:00-13:10 at lunch time: out 600 s), lunch 13:10-14:00,
	// contact 14:00-17:00.
	// out = 900 s -> adherence 1 - 900/28800 = 0.96875.
	// ready = available 6900 + 2400, contact 3600 + 10800, acw 900 = 24600
	// occupancy = 15300/24600; conformance = 24600/24300.
	// Contacts: two handled (talk 100 and 300: AHT 200), one resolved of
	// two known (FCR 0.5), csat 5 and 2 (0.5).
	states := writeTemp(t, "s.csv", `agent,state,start,end
A,available,2026-03-02 09:05,2026-03-02 11:00
A,break,2026-03-02 11:00,2026-03-02 11:15
A,contact,2026-03-02 11:15,2026-03-02 12:15
A,acw,2026-03-02 12:15,2026-03-02 12:30
A,available,2026-03-02 12:30,2026-03-02 13:10
A,lunch,2026-03-02 13:10,2026-03-02 14:00
A,contact,2026-03-02 14:00,2026-03-02 17:00
`)
	contacts := writeTemp(t, "c.csv", `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,resolved,csat,emotion,complaint
1,Q,2026-03-02 11:15,2026-03-02 11:15,2026-03-02 11:16:40,A,100,true,5,calm,false
2,Q,2026-03-02 14:00,2026-03-02 14:00,2026-03-02 14:05,A,300,false,2,anger,true
`)
	problem := writeTemp(t, "p.json", kpiProblem)
	solution := writeTemp(t, "sol.json", kpiSolution)
	outFile := filepath.Join(t.TempDir(), "out.csv")
	_, stderr, err := runKPITest(t, "--contacts", contacts, "--states", states, "--problem", problem, "--solution", solution,
		"--by", "agent-day", "--tz", "Asia/Shanghai", "--out", outFile)
	if err != nil {
		t.Fatalf("err = %v, stderr %s", err, stderr)
	}
	got, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("agent,date,handled,aht_seconds,occupancy,adherence,conformance,fcr,csat\nA,2026-03-02,2,200,%s,0.96875,%s,0.5,0.5\n",
		strconv.FormatFloat(15300.0/24600, 'f', -1, 64), strconv.FormatFloat(24600.0/24300, 'f', -1, 64))
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// Forgiving runs under 10 minutes leaves only the 600 s one.
	out, _, err := runKPITest(t, "--contacts", contacts, "--states", states, "--problem", problem, "--solution", solution,
		"--by", "agent-day", "--tz", "Asia/Shanghai", "--adherence-threshold", "6m")
	if err != nil || !strings.Contains(out, ","+strconv.FormatFloat(1-600.0/28800, 'f', -1, 64)+",") {
		t.Errorf("threshold 6m: err %v, out\n%s", err, out)
	}
}

func TestKPIBadInput(t *testing.T) {
	header := "contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,csat\n"
	tests := []struct {
		name, body string
		want       []string // FILE:LINE: column NAME fragments
	}{
		{"answered before arrived", "1,Q,2026-03-02 08:00,2026-03-02 07:59,2026-03-02 08:05,A,60,\n",
			[]string{":2: column answered_at:"}},
		{"negative duration", "1,Q,2026-03-02 08:00,2026-03-02 08:00,2026-03-02 08:05,A,-5,\n",
			[]string{":2: column talk_seconds:"}},
		{"csat outside 1-5", "1,Q,2026-03-02 08:00,2026-03-02 08:00,2026-03-02 08:05,A,60,6\n2,Q,2026-03-02 08:01,2026-03-02 08:01,2026-03-02 08:05,A,60,0\n",
			[]string{":2: column csat:", ":3: column csat:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			contacts := writeTemp(t, "c.csv", header+tt.body)
			outFile := filepath.Join(t.TempDir(), "out.csv")
			_, _, err := runKPITest(t, "--contacts", contacts, "--by", "queue-interval", "--out", outFile)
			var ps batch.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want batch.Problems", err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, contacts+w) {
					t.Errorf("problems %q do not contain %q", msg, contacts+w)
				}
			}
			if code := exitCode(&bytes.Buffer{}, err); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if _, statErr := os.Stat(outFile); !os.IsNotExist(statErr) {
				t.Errorf("output file written despite bad input (stat: %v)", statErr)
			}
		})
	}

	// Overlapping states are caught by kpi and reported at their line.
	states := writeTemp(t, "s.csv", "agent,state,start,end\nA,available,2026-03-02 09:00,2026-03-02 10:00\nA,break,2026-03-02 09:30,2026-03-02 09:45\n")
	contacts := writeTemp(t, "c.csv", header)
	_, _, err := runKPITest(t, "--contacts", contacts, "--states", states, "--by", "agent-day")
	if err == nil || !strings.Contains(err.Error(), states+":3: column start:") {
		t.Errorf("overlap: err = %v", err)
	}

	// A roster naming an agent the problem does not have.
	problem := writeTemp(t, "p.json", kpiProblem)
	solution := writeTemp(t, "sol.json", strings.Replace(kpiSolution, `"agent":"A"`, `"agent":"Z"`, 1))
	_, _, err = runKPITest(t, "--contacts", contacts, "--problem", problem, "--solution", solution, "--by", "agent-day")
	if err == nil || !strings.Contains(err.Error(), solution+": assignments[0].agent:") {
		t.Errorf("unknown agent: err = %v", err)
	}

	// Command-line mistakes exit 2.
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no contacts", []string{"--by", "agent-day"}},
		{"by queue", []string{"--contacts", contacts, "--by", "queue"}},
		{"interval 7m", []string{"--contacts", contacts, "--by", "queue-interval", "--interval", "7m"}},
		{"problem without solution", []string{"--contacts", contacts, "--by", "agent-day", "--problem", "p.json"}},
		{"unknown sl formula", []string{"--contacts", contacts, "--by", "queue-interval", "--sl-formula", "nope"}},
		{"unknown zone", []string{"--contacts", contacts, "--by", "queue-interval", "--tz", "Mars/Olympus"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runKPITest(t, tc.args...)
			if code := exitCode(&bytes.Buffer{}, err); code != 2 {
				t.Errorf("%v: exit %d (err %v), want 2", tc.args, code, err)
			}
		})
	}
}

// bankContacts is the real January 1999 file of the Anonymous Bank.
func bankContacts(t *testing.T) string {
	path := filepath.Join("..", "..", "..", "shared", "data", "anonymous-bank-1999", "contacts-1999-01.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real data not available (%v): the correctness check against ../shared/data is skipped", err)
	}
	return path
}

// TestKPIBankAgreesWithSimpleImplementation recomputes `wfm kpi` on the
// Anonymous Bank's January 1999 calls with plain loops over the CSV
// (encoding/csv, no package kpi) and compares every row.
//
// Worked by hand from the file, queue IN on Friday 1999-01-01
// (Asia/Jerusalem, UTC+2), threshold 20 s, short abandon 5 s:
//
//	09:30 interval: 09:36:12 answered 09:38:13 (wait 121 s, talk 404 s)
//	                09:58:37 answered 09:58:37 (wait 0 s,   talk 83 s)
//	  offered 2, answered 2, SL 1/2 = 0.5, ASA 60.5, AHT 243.5, abandon 0.
//	10:00 interval: 10:12:12 abandoned after 98 s; 10:15:02 abandoned
//	                after 85 s; 10:15:24 answered after 96 s, talk 50 s
//	  offered 3, answered 1, abandoned 2, short 0, SL 0/3 = 0, ASA 96,
//	  AHT 50, abandon rate 2/3.
func TestKPIBankAgreesWithSimpleImplementation(t *testing.T) {
	path := bankContacts(t)
	loc, err := time.LoadLocation("Asia/Jerusalem")
	if err != nil {
		t.Skipf("time zone Asia/Jerusalem not available: %v", err)
	}
	records := readPlainCSV(t, path)

	t.Run("queue-interval", func(t *testing.T) {
		out, _, err := runKPITest(t, "--contacts", path, "--tz", "Asia/Jerusalem", "--by", "queue-interval",
			"--interval", "30m", "--threshold", "20s", "--short-abandon", "5s")
		if err != nil {
			t.Fatal(err)
		}
		got := parseOutput(t, out)
		want := simpleQueueIntervals(t, records, loc)
		compareRows(t, got, want)
		for _, hand := range [][]string{
			{"IN", "1999-01-01T09:30:00+02:00", "2", "2", "0", "0", "0.5", "60.5", "243.5", "0"},
			{"IN", "1999-01-01T10:00:00+02:00", "3", "1", "2", "0", "0", "96", "50", "0.6666666666666666"},
		} {
			if !containsRow(got, hand) {
				t.Errorf("hand-worked row %v not in the output", hand)
			}
		}
	})
	t.Run("agent-day", func(t *testing.T) {
		out, _, err := runKPITest(t, "--contacts", path, "--tz", "Asia/Jerusalem", "--by", "agent-day")
		if err != nil {
			t.Fatal(err)
		}
		got := parseOutput(t, out)
		want := simpleAgentDays(t, records, loc)
		compareRows(t, got, want)
	})
}

// readPlainCSV returns the file's rows as maps from column to cell.
func readPlainCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, name := range all[0] {
			m[name] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func localTime(t *testing.T, s string, loc *time.Location) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func seconds(t *testing.T, s string) float64 {
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// simpleQueueIntervals is the contract's definitions written as plainly as
// possible: 30-minute wall-clock buckets, threshold 20 s, short abandon 5 s.
func simpleQueueIntervals(t *testing.T, rows []map[string]string, loc *time.Location) [][]string {
	type acc struct {
		offered, answered, abandoned, short, inSL int
		waitSum, handleSum                        float64
	}
	buckets := map[[2]string]*acc{}
	for _, r := range rows {
		arrived := localTime(t, r["arrived_at"], loc)
		start := time.Date(arrived.Year(), arrived.Month(), arrived.Day(), arrived.Hour(), arrived.Minute()/30*30, 0, 0, loc)
		k := [2]string{r["queue"], start.Format(time.RFC3339)}
		a := buckets[k]
		if a == nil {
			a = &acc{}
			buckets[k] = a
		}
		a.offered++
		if r["answered_at"] != "" {
			wait := localTime(t, r["answered_at"], loc).Sub(arrived).Seconds()
			a.answered++
			a.waitSum += wait
			a.handleSum += seconds(t, r["talk_seconds"]) + seconds(t, r["hold_seconds"]) + seconds(t, r["acw_seconds"])
			if wait <= 20 {
				a.inSL++
			}
		} else {
			a.abandoned++
			if r["ended_at"] != "" && localTime(t, r["ended_at"], loc).Sub(arrived).Seconds() < 5 {
				a.short++
			}
		}
	}
	ratio := func(num, den float64) string {
		if den == 0 {
			return ""
		}
		return strconv.FormatFloat(num/den, 'f', -1, 64)
	}
	var out [][]string
	for k, a := range buckets {
		out = append(out, []string{k[0], k[1], strconv.Itoa(a.offered), strconv.Itoa(a.answered), strconv.Itoa(a.abandoned),
			strconv.Itoa(a.short), ratio(float64(a.inSL), float64(a.answered+a.abandoned-a.short)),
			ratio(a.waitSum, float64(a.answered)), ratio(a.handleSum, float64(a.answered)),
			ratio(float64(a.abandoned), float64(a.offered))})
	}
	return out
}

// simpleAgentDays: handled and AHT per agent and local arrival day; with
// no states, schedule, resolved or csat in the file the other columns are
// empty.
func simpleAgentDays(t *testing.T, rows []map[string]string, loc *time.Location) [][]string {
	type acc struct {
		handled   int
		handleSum float64
	}
	days := map[[2]string]*acc{}
	for _, r := range rows {
		if r["agent"] == "" || r["answered_at"] == "" {
			continue
		}
		k := [2]string{r["agent"], localTime(t, r["arrived_at"], loc).Format("2006-01-02")}
		a := days[k]
		if a == nil {
			a = &acc{}
			days[k] = a
		}
		a.handled++
		a.handleSum += seconds(t, r["talk_seconds"])
	}
	var out [][]string
	for k, a := range days {
		out = append(out, []string{k[0], k[1], strconv.Itoa(a.handled),
			strconv.FormatFloat(a.handleSum/float64(a.handled), 'f', -1, 64), "", "", "", "", ""})
	}
	return out
}

func parseOutput(t *testing.T, out string) [][]string {
	t.Helper()
	all, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 {
		t.Fatalf("no rows in output %q", out)
	}
	return all[1:]
}

func containsRow(rows [][]string, want []string) bool {
	for _, r := range rows {
		if strings.Join(r, ",") == strings.Join(want, ",") {
			return true
		}
	}
	return false
}

// compareRows matches rows on their first two cells; text cells must be
// equal, numbers equal to 1e-9 relative (sums may be added in another
// order), empty cells empty.
func compareRows(t *testing.T, got, want [][]string) {
	t.Helper()
	key := func(r []string) string { return r[0] + "|" + r[1] }
	index := map[string][]string{}
	for _, r := range got {
		if _, dup := index[key(r)]; dup {
			t.Errorf("row %s appears twice", key(r))
		}
		index[key(r)] = r
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d", len(got), len(want))
	}
	sort.Slice(want, func(i, j int) bool { return key(want[i]) < key(want[j]) })
	bad := 0
	for _, w := range want {
		g, ok := index[key(w)]
		if !ok {
			t.Errorf("row %s missing", key(w))
			bad++
		} else if !sameRow(g, w) {
			t.Errorf("row %s:\n got  %v\n want %v", key(w), g, w)
			bad++
		}
		if bad > 10 {
			t.Fatal("too many differences")
		}
	}
}

func sameRow(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if got[i] == want[i] {
			continue
		}
		g, err1 := strconv.ParseFloat(got[i], 64)
		w, err2 := strconv.ParseFloat(want[i], 64)
		if err1 != nil || err2 != nil || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			return false
		}
	}
	return true
}

func TestScheduledActivitiesNightShift(t *testing.T) {
	// Shift N starts 22:00 for 8 h with a paid 15-minute break placed at
	// 01:00 (after midnight: the next calendar day) and an unpaid 30
	// minutes at 03:00.
	paid := false
	p := schedule.Problem{StartDate: civil.MustParse("2026-03-02"), Days: 2, IntervalMinutes: 15, Timezone: "UTC",
		Shifts: []schedule.Shift{{ID: "N", Start: "22:00", DurationMinutes: 480, Breaks: []schedule.Break{
			{DurationMinutes: 15, EarliestOffsetMinutes: 120, LatestOffsetMinutes: 240},
			{DurationMinutes: 30, EarliestOffsetMinutes: 240, LatestOffsetMinutes: 360, Paid: &paid}}}},
		Agents: []schedule.Agent{{ID: "A"}}}
	s := schedule.Solution{Assignments: []schedule.Assignment{{Agent: "A", Day: 1, Shift: "N",
		Breaks: []schedule.BreakPlacement{{Start: "01:00", DurationMinutes: 15}, {Start: "03:00", DurationMinutes: 30}}}}}
	acts, from, err := scheduledActivities(p, s, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	d := func(day, h, m int) time.Time { return time.Date(2026, 3, day, h, m, 0, 0, time.UTC) }
	want := []kpi.Activity{
		{Agent: "A", Kind: kpi.ActivityWork, Start: d(3, 22, 0), End: d(4, 1, 0)},
		{Agent: "A", Kind: kpi.ActivityBreak, Start: d(4, 1, 0), End: d(4, 1, 15)},
		{Agent: "A", Kind: kpi.ActivityWork, Start: d(4, 1, 15), End: d(4, 3, 0)},
		{Agent: "A", Kind: kpi.ActivityLunch, Start: d(4, 3, 0), End: d(4, 3, 30)},
		{Agent: "A", Kind: kpi.ActivityWork, Start: d(4, 3, 30), End: d(4, 6, 0)},
	}
	if len(acts) != len(want) || len(from) != len(want) {
		t.Fatalf("activities %+v", acts)
	}
	for i := range want {
		if acts[i] != want[i] || from[i] != 0 {
			t.Errorf("activity %d = %+v, want %+v", i, acts[i], want[i])
		}
	}
}

func TestKPIAcrossDaylightSaving(t *testing.T) {
	if _, err := time.LoadLocation("America/New_York"); err != nil {
		t.Skipf("time zone America/New_York not available: %v", err)
	}
	// 2026-03-08 02:00 EST becomes 03:00 EDT: 01:45 and 03:05 local are
	// 20 minutes apart and fall in consecutive half hours, 01:30 EST and
	// 03:00 EDT. On 2026-11-01 01:10 happens twice; an RFC 3339 time says
	// which, and each lands in its own interval.
	contacts := writeTemp(t, "c.csv", `contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds
1,Q,2026-03-08 01:45:00,2026-03-08 01:45:05,2026-03-08 01:50:00,A,295
2,Q,2026-03-08 03:05:00,2026-03-08 03:05:30,2026-03-08 03:10:00,A,270
3,Q,2026-11-01T01:10:00-04:00,2026-11-01T01:10:00-04:00,2026-11-01T01:11:00-04:00,A,60
4,Q,2026-11-01T01:10:00-05:00,2026-11-01T01:10:00-05:00,2026-11-01T01:11:00-05:00,A,60
`)
	out, _, err := runKPITest(t, "--contacts", contacts, "--by", "queue-interval", "--tz", "America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	want := `queue,interval_start,offered,answered,abandoned,short_abandoned,service_level,asa_seconds,aht_seconds,abandon_rate
Q,2026-03-08T01:30:00-05:00,1,1,0,0,1,5,295,0
Q,2026-03-08T03:00:00-04:00,1,1,0,0,0,30,270,0
Q,2026-11-01T01:00:00-04:00,1,1,0,0,1,0,60,0
Q,2026-11-01T01:00:00-05:00,1,1,0,0,1,0,60,0
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	out, _, err = runKPITest(t, "--contacts", contacts, "--by", "agent-day", "--tz", "America/New_York")
	if err != nil || !strings.Contains(out, "A,2026-03-08,2,282.5,") || !strings.Contains(out, "A,2026-11-01,2,60,") {
		t.Errorf("agent days: err %v\n%s", err, out)
	}
}
