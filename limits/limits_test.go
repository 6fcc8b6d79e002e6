package limits

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestTextKinds(t *testing.T) {
	tests := []struct {
		name string
		kind Text
		in   string
		want string // "" = accepted; else a part of the refusal
	}{
		{"note of 2000", Note, strings.Repeat("假", 2000), ""},
		{"note of 2001", Note, strings.Repeat("假", 2001), "2001 characters, at most 2000 for a note"},
		{"note with CRLF and tab", Note, "line one\r\nline two\ttabbed", ""},
		{"note with NUL", Note, "sick\x00", "holds a NUL character (byte 5)"},
		{"note with bell", Note, "bell\x07", "control character U+0007"},
		{"note with a C1 byte", Note, "c1 \x9b", "not valid UTF-8 (byte 4)"},
		{"note with U+FFFD", Note, "a real \ufffd is text", ""},
		{"name in two scripts", Name, "Wang Fang 王芳", ""},
		{"name on two lines", Name, "two\nlines", "control character U+000A"},
		{"code of 64", Code, strings.Repeat("c", 64), ""},
		{"code of 65", Code, strings.Repeat("c", 65), "65 characters, at most 64 for a code"},
		{"code with a dash", Code, "voice-vip", ""},
		{"cell not UTF-8", Cell, "\xff", "not valid UTF-8 (byte 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.kind.Check(tt.in)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("%s %.20q: %v, want accepted", tt.kind.Kind, tt.in, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("%s %.20q: %v, want %q", tt.kind.Kind, tt.in, err, tt.want)
			}
		})
	}
}

func TestCleanParameter(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		ok       bool
	}{
		{"a date", "2026-03-02", true},
		{"empty", "", true},
		{"NUL", "a\x00", false},
		{"not UTF-8", "\xff", false},
		{"Chinese", "王", true},
		{"tab", "a\tb", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanParameter(tt.in) == nil; got != tt.ok {
				t.Errorf("CleanParameter(%q) ok = %v, want %v", tt.in, got, tt.ok)
			}
		})
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
		t.Run(tt.w.Kind+" "+tt.date, func(t *testing.T) {
			if err := tt.w.CheckDate(tt.date, today); (err == nil) != tt.ok {
				t.Errorf("%s %s: %v, want ok %v", tt.w.Kind, tt.date, err, tt.ok)
			}
		})
	}
	for _, tt := range []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"record 47 hours ahead", today.Add(47 * time.Hour), true}, // a zone or clock a little off
		{"record 3 days ahead", today.AddDate(0, 0, 3), false},
		{"record in 1999", time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"record in year 1", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"record in 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := Record.CheckTime(tt.at, today); (err == nil) != tt.ok {
				t.Errorf("record %s: %v, want ok %v", tt.at, err, tt.ok)
			}
		})
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
		t.Run(tt.from+".."+tt.to, func(t *testing.T) {
			if err := CheckRange(day(tt.from), day(tt.to)); (err == nil) != tt.ok {
				t.Errorf("%s..%s: %v, want ok %v", tt.from, tt.to, err, tt.ok)
			}
		})
	}
	if CheckRange(time.Time{}, day("9999-12-31")) != nil {
		t.Error("an open end is the caller's to default")
	}
}

func TestFinite(t *testing.T) {
	for _, c := range []struct {
		name string
		v    float64
		want bool
	}{
		{"zero", 0, true},
		{"negative", -2.5, true},
		{"largest", math.MaxFloat64, true},
		{"NaN", math.NaN(), false},
		{"plus infinity", math.Inf(1), false},
		{"minus infinity", math.Inf(-1), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Finite(c.v); got != c.want {
				t.Fatalf("Finite(%v) = %v, want %v", c.v, got, c.want)
			}
		})
	}
}
