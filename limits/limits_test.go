package limits

import (
	"strings"
	"testing"
	"time"
)

func TestTextKinds(t *testing.T) {
	tests := []struct {
		kind Text
		in   string
		want string // "" = accepted; else a part of the refusal
	}{
		{Note, strings.Repeat("假", 2000), ""},
		{Note, strings.Repeat("假", 2001), "2001 characters, at most 2000 for a note"},
		{Note, "line one\r\nline two\ttabbed", ""},
		{Note, "sick\x00", "holds a NUL character (byte 5)"},
		{Note, "bell\x07", "control character U+0007"},
		{Note, "c1 \x9b", "not valid UTF-8 (byte 4)"},
		{Note, "a real \ufffd is text", ""},
		{Name, "Wang Fang 王芳", ""},
		{Name, "two\nlines", "control character U+000A"},
		{Code, strings.Repeat("c", 64), ""},
		{Code, strings.Repeat("c", 65), "65 characters, at most 64 for a code"},
		{Code, "voice-vip", ""},
		{Cell, "\xff", "not valid UTF-8 (byte 1)"},
	}
	for _, tt := range tests {
		err := tt.kind.Check(tt.in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s %.20q: %v, want accepted", tt.kind.Kind, tt.in, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s %.20q: %v, want %q", tt.kind.Kind, tt.in, err, tt.want)
		}
	}
}

func TestCleanParameter(t *testing.T) {
	for in, ok := range map[string]bool{"2026-03-02": true, "": true, "a\x00": false, "\xff": false, "王": true, "a\tb": true} {
		if got := CleanParameter(in) == nil; got != ok {
			t.Errorf("CleanParameter(%q) ok = %v, want %v", in, got, ok)
		}
	}
}

func TestWindows(t *testing.T) {
	today := time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		w    Window
		date string
		ok   bool
	}{
		{Planning, "2026-12-06", true},
		{Planning, "2021-12-06", true},  // five years back
		{Planning, "2021-11-30", false}, // more
		{Planning, "2029-12-06", true},  // three years ahead
		{Planning, "2030-01-10", false},
		{Planning, "0001-01-01", false},
		{Planning, "9999-12-31", false},
		{Hire, "1960-01-01", true},
		{Hire, "1900-01-01", false},
		{Calendar, "1999-01-01", true},
		{Planning, "2026-02-30", false},
	}
	for _, tt := range tests {
		if err := tt.w.CheckDate(tt.date, today); (err == nil) != tt.ok {
			t.Errorf("%s %s: %v, want ok %v", tt.w.Kind, tt.date, err, tt.ok)
		}
	}
	for at, ok := range map[time.Time]bool{
		today.Add(47 * time.Hour):                     true, // a zone or clock a little off
		today.AddDate(0, 0, 3):                        false,
		time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC):   true,
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC):      false,
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC): false,
	} {
		if err := Record.CheckTime(at, today); (err == nil) != ok {
			t.Errorf("record %s: %v, want ok %v", at, err, ok)
		}
	}
}

func TestCheckRange(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tt := range []struct {
		from, to string
		ok       bool
	}{
		{"2026-01-01", "2027-01-02", true}, // 366 days
		{"2026-01-01", "2027-01-03", false},
		{"2026-03-08", "2026-03-02", false},
	} {
		if err := CheckRange(day(tt.from), day(tt.to)); (err == nil) != tt.ok {
			t.Errorf("%s..%s: %v, want ok %v", tt.from, tt.to, err, tt.ok)
		}
	}
	if CheckRange(time.Time{}, day("9999-12-31")) != nil {
		t.Error("an open end is the caller's to default")
	}
}
