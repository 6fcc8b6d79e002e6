package batch

import (
	"fmt"
	"io"
	"sort"
	"time"
)

// History is an ACD interval report (CONTRACTS.md section 1).
type History struct {
	Interval time.Duration
	Rows     []HistoryRow
}

// HistoryRow is one queue and interval of a history. Optional columns are
// nil when the file does not give them.
type HistoryRow struct {
	Line         int
	Queue        string
	Start        time.Time
	Offered      int
	Answered     *int
	Abandoned    *int
	AnsweredInSL *int
	AHTSeconds   *float64
	ASASeconds   *float64
}

var historyColumns = []Column{
	{Name: "queue", Required: true},
	{Name: "interval_start", Required: true},
	{Name: "offered", Required: true},
	{Name: "answered"},
	{Name: "abandoned"},
	{Name: "answered_in_sl"},
	{Name: "aht_seconds"},
	{Name: "asa_seconds"},
}

// ReadHistory reads an interval history. interval 0 means the smallest
// spacing seen between two intervals of a queue. Intervals must lie on the
// grid of that length counted from local midnight in loc, and a queue may
// give an interval only once.
func ReadHistory(r io.Reader, file string, loc *time.Location, interval time.Duration) (History, error) {
	rd, err := NewReader(r, file, historyColumns)
	if err != nil {
		return History{}, err
	}
	var rows []HistoryRow
	for rd.Next() {
		row := HistoryRow{
			Line:         rd.Line(),
			Queue:        rd.String("queue"),
			Start:        rd.Time("interval_start", loc),
			Offered:      rd.Int("offered", 0),
			Answered:     optCount(rd, "answered"),
			Abandoned:    optCount(rd, "abandoned"),
			AnsweredInSL: optCount(rd, "answered_in_sl"),
			AHTSeconds:   optSeconds(rd, "aht_seconds"),
			ASASeconds:   optSeconds(rd, "asa_seconds"),
		}
		if row.Offered < 0 {
			rd.Problemf("offered", "%d is negative", row.Offered)
		}
		checkCounts(rd, row)
		rows = append(rows, row)
	}
	given := interval != 0
	if !given {
		var line int
		interval, line = smallestSpacing(rows, func(r HistoryRow) (string, time.Time, int) { return r.Queue, r.Start, r.Line })
		if err := CheckInterval(interval); err != nil {
			// The spacing came from two rows of the file: the later one is
			// off the grid of every interval length the contract allows.
			ps := append(rd.problems, Problem{File: file, Line: line, Column: "interval_start", Message: fmt.Sprintf(
				"%s after the queue's previous interval, which is no interval length (whole minutes that divide a day); give the length (--interval, ?interval=) to see every row off its grid",
				FormatDuration(interval))})
			sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
			return History{}, ps
		}
	}
	if err := CheckInterval(interval); err != nil {
		return History{}, Problems{{File: file, Message: err.Error()}}
	}
	ps := rd.problems
	seen := map[string]int{}
	for _, row := range rows {
		if row.Start.IsZero() {
			continue // already reported
		}
		if !OnGrid(row.Start, loc, interval) {
			ps = append(ps, Problem{File: file, Line: row.Line, Column: "interval_start",
				Message: fmt.Sprintf("%s is not on the %s grid", FormatTime(row.Start, loc), FormatDuration(interval))})
		}
		key := row.Queue + "\x00" + fmt.Sprint(row.Start.Unix())
		if first, dup := seen[key]; dup {
			ps = append(ps, Problem{File: file, Line: row.Line, Column: "interval_start",
				Message: fmt.Sprintf("queue %s interval %s already given on line %d", row.Queue, FormatTime(row.Start, loc), first)})
			continue
		}
		seen[key] = row.Line
	}
	if len(ps) > 0 {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return History{}, ps
	}
	return History{Interval: interval, Rows: rows}, nil
}

// checkCounts refuses counts that cannot all be true: answered and
// abandoned are contacts of those offered, so neither, nor both together,
// can be more than offered; and those answered in the service level are
// some of those answered.
func checkCounts(rd *Reader, row HistoryRow) {
	if row.Answered != nil && *row.Answered > row.Offered {
		rd.Problemf("answered", "%d is more than offered (%d)", *row.Answered, row.Offered)
	}
	if row.Abandoned != nil && *row.Abandoned > row.Offered {
		rd.Problemf("abandoned", "%d is more than offered (%d)", *row.Abandoned, row.Offered)
	} else if row.Answered != nil && row.Abandoned != nil && *row.Answered <= row.Offered && *row.Answered+*row.Abandoned > row.Offered {
		rd.Problemf("abandoned", "answered (%d) and abandoned (%d) are more than offered (%d)", *row.Answered, *row.Abandoned, row.Offered)
	}
	if row.AnsweredInSL != nil && row.Answered != nil && *row.AnsweredInSL > *row.Answered {
		rd.Problemf("answered_in_sl", "%d is more than answered (%d)", *row.AnsweredInSL, *row.Answered)
	}
}

func optCount(rd *Reader, col string) *int {
	if rd.String(col) == "" {
		return nil
	}
	n := rd.Int(col, 0)
	if n < 0 {
		rd.Problemf(col, "%d is negative", n)
	}
	return &n
}

// maxSeconds bounds a handle or wait time: a day is absurd for one contact.
const maxSeconds = 86400

func optSeconds(rd *Reader, col string) *float64 {
	v, ok := rd.OptFloat(col)
	if !ok {
		return nil
	}
	if v < 0 || v > maxSeconds {
		rd.Problemf(col, "%v is outside 0..%d seconds", v, maxSeconds)
	}
	return &v
}

// CheckInterval accepts whole minutes that divide a day.
func CheckInterval(d time.Duration) error {
	if d <= 0 || d%time.Minute != 0 || (24*time.Hour)%d != 0 {
		return fmt.Errorf("interval %v: want whole minutes that divide a day (5m, 15m, 30m, 60m...)", d)
	}
	return nil
}

// OnGrid tells whether t starts an interval of length d counted from local
// midnight in loc (wall clock, so the grid survives daylight saving).
func OnGrid(t time.Time, loc *time.Location, d time.Duration) bool {
	l := t.In(loc)
	if l.Second() != 0 || l.Nanosecond() != 0 {
		return false
	}
	minute := l.Hour()*60 + l.Minute()
	return minute%int(d/time.Minute) == 0
}

// smallestSpacing is the smallest positive gap between two starts of the
// same queue, and the line of the later start; 15 minutes (line 0) when no
// queue has two intervals.
func smallestSpacing[T any](rows []T, key func(T) (string, time.Time, int)) (time.Duration, int) {
	type start struct {
		at   time.Time
		line int
	}
	byQueue := map[string][]start{}
	for _, r := range rows {
		q, t, line := key(r)
		if !t.IsZero() {
			byQueue[q] = append(byQueue[q], start{t, line})
		}
	}
	var best time.Duration
	bestLine := 0
	for _, ts := range byQueue {
		sort.Slice(ts, func(i, j int) bool { return ts[i].at.Before(ts[j].at) })
		for i := 1; i < len(ts); i++ {
			if d := ts[i].at.Sub(ts[i-1].at); d > 0 && (best == 0 || d < best || d == best && ts[i].line < bestLine) {
				best, bestLine = d, ts[i].line
			}
		}
	}
	if best == 0 {
		return 15 * time.Minute, 0
	}
	return best, bestLine
}
