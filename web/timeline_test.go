package web

import (
	"strings"
	"testing"
	"time"
)

func TestNewTimeline(t *testing.T) {
	tr := NewTranslator(English, time.UTC)
	rows := []TimelineRow{{Label: "A01", Spans: []Span{
		{Kind: "shift", Start: day(6, 0), End: day(12, 0)},  // starts before the window: clipped
		{Kind: "break", Start: day(9, 0), End: day(9, 15)},  // inside
		{Kind: "shift", Start: day(18, 0), End: day(20, 0)}, // ends after: clipped
		{Kind: "lunch", Start: day(21, 0), End: day(22, 0)}, // outside: dropped
	}}}
	// Window 08:00-20:00 = 12 h: 1 h = 8.333%.
	tl, err := NewTimeline(day(8, 0), day(20, 0), 4, rows, tr)
	if err != nil {
		t.Fatal(err)
	}
	segs := tl.Rows[0].Segments
	want := []Segment{
		{Kind: "shift", Title: "Shift 06:00–12:00", Left: 0, Width: 33.333},
		{Kind: "break", Title: "Break 09:00–09:15", Left: 8.333, Width: 2.084}, // 10.417 - 8.333: edges exact, width follows
		{Kind: "shift", Title: "Shift 18:00–20:00", Left: 83.333, Width: 16.667},
	}
	if len(segs) != len(want) {
		t.Fatalf("segments = %+v", segs)
	}
	for i := range want {
		if segs[i] != want[i] {
			t.Errorf("segment %d = %+v, want %+v", i, segs[i], want[i])
		}
	}
	var ticks []string
	for _, tk := range tl.Ticks {
		ticks = append(ticks, tk.Label)
	}
	if strings.Join(ticks, " ") != "08:00 12:00 16:00" {
		t.Errorf("ticks = %v", ticks)
	}

	for name, bad := range map[string][]TimelineRow{
		"reversed": {{Spans: []Span{{Kind: "shift", Start: day(9, 0), End: day(8, 0)}}}},
		"empty":    {{Spans: []Span{{Kind: "shift", Start: day(9, 0), End: day(9, 0)}}}},
		"kind":     {{Spans: []Span{{Kind: `x" onclick="`, Start: day(8, 0), End: day(9, 0)}}}},
	} {
		if _, err := NewTimeline(day(8, 0), day(20, 0), 1, bad, tr); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewTimeline(day(8, 0), day(8, 0), 1, nil, tr); err == nil {
		t.Error("empty window accepted")
	}
}

// On the spring-forward day in New York the local day has 23 hours; the
// ticks skip 02:00 and a shift keeps its true length.
func TestScheduleWeeksDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	tr := NewTranslator(English, ny)
	sunday := time.Date(2026, 3, 8, 0, 0, 0, 0, ny) // 23 hours long
	monday := time.Date(2026, 3, 9, 0, 0, 0, 0, ny)
	days := []AgentDay{
		{Date: sunday, Shift: "E", Spans: []Span{{Kind: "shift", Start: time.Date(2026, 3, 8, 7, 0, 0, 0, ny), End: time.Date(2026, 3, 8, 16, 0, 0, 0, ny)}}},
		{Date: monday.Add(3 * time.Hour)},
	}
	if h := days[0].Spans[0].Start.Sub(sunday).Hours(); h != 6 {
		t.Fatalf("test setup: 07:00 EDT is %v real hours after midnight, want 6", h)
	}
	weeks, err := NewScheduleWeeks(days, tr)
	if err != nil {
		t.Fatal(err)
	}
	if len(weeks) != 2 || !weeks[0].Start.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, ny)) || !weeks[1].Start.Equal(monday) {
		t.Fatalf("weeks = %+v", weeks)
	}
	if weeks[0].Title != "Week of 2 Mar" {
		t.Errorf("title = %q", weeks[0].Title)
	}
	row := weeks[0].Timeline.Rows[0]
	if row.Label != "Sun 8 Mar" || row.Note != "07:00–16:00 · E" {
		t.Errorf("row = %q / %q", row.Label, row.Note)
	}
	// 07:00 EDT is 6 real hours after midnight EST: 6/23 of the day; the shift is 9 h = 9/23.
	seg := row.Segments[0]
	if seg.Left != round(100*6.0/23, 3) || seg.Width != round(round(100*15.0/23, 3)-round(100*6.0/23, 3), 3) {
		t.Errorf("segment = %+v", seg)
	}
	var ticks []string
	for _, tk := range weeks[0].Timeline.Ticks {
		ticks = append(ticks, tk.Label)
	}
	if strings.Join(ticks, " ") != "00:00 03:00 06:00 09:00 12:00 15:00 18:00 21:00" {
		t.Errorf("ticks = %v", ticks)
	}
	if weeks[1].Timeline.Rows[0].Note != "Day off" {
		t.Errorf("day off note = %q", weeks[1].Timeline.Rows[0].Note)
	}
	if _, err := NewScheduleWeeks([]AgentDay{{Date: monday}, {Date: sunday}}, tr); err == nil {
		t.Error("days out of order accepted")
	}
}
