// Package limits is every bound the product puts on what people type and
// files carry: how long a piece of text may be and which characters it may
// hold, how far from today a date may lie, how long an agent state may
// last, how many days a query may span. Each kind of bound is decided here
// once; the CSV readers, the store and the two doors call these checks
// rather than keep their own numbers. The README's "Limits" table lists
// them.
package limits

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"wfm/civil"
)

// Text is a kind of text field: its longest length in characters (Unicode
// code points, not bytes) and whether it may span lines.
type Text struct {
	Kind      string
	MaxChars  int
	Multiline bool
}

// The kinds of text the product stores.
var (
	// Code: identifiers people and systems type: queue, agent, skill and
	// shift codes, user names, contact ids.
	Code = Text{Kind: "code", MaxChars: 64}
	// Name: names and short labels: people, sites, teams, forms,
	// scorecards, special days, complaint categories and owners.
	Name = Text{Kind: "name", MaxChars: 200}
	// Note: free text: time-off and swap notes, comments, feedback,
	// review and complaint texts, override reasons.
	Note = Text{Kind: "note", MaxChars: 2000, Multiline: true}
	// Cell: any cell of an imported CSV file (its columns' own checks
	// come after).
	Cell = Text{Kind: "cell", MaxChars: 2000, Multiline: true}
)

// Check says what is wrong with s as text of this kind, or nil. Text must
// be UTF-8 and hold no NUL (no database keeps one) nor any other control
// character, except tabs and line breaks in multi-line kinds.
func (k Text) Check(s string) error {
	n := 0
	for i, r := range s {
		switch {
		case r == utf8.RuneError && isBadByte(s[i:]):
			return fmt.Errorf("not valid UTF-8 (byte %d)", i+1)
		case r == 0:
			return fmt.Errorf("holds a NUL character (byte %d)", i+1)
		case isControl(r) && !(k.Multiline && (r == '\n' || r == '\r' || r == '\t')):
			return fmt.Errorf("holds the control character U+%04X (byte %d)", r, i+1)
		}
		n++
	}
	if n > k.MaxChars {
		return fmt.Errorf("%d characters, at most %d for a %s", n, k.MaxChars, k.Kind)
	}
	return nil
}

// isBadByte tells a real U+FFFD apart from an invalid byte that ranging
// over a string also reports as utf8.RuneError.
func isBadByte(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size == 1
}

// isControl is a C0 or C1 control character, or DEL.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// CleanParameter says what is wrong with a query parameter or form value
// (or its name), or nil: it must be UTF-8 without NUL. Its meaning (a
// number, a date) is checked where it is read.
func CleanParameter(s string) error {
	for i, r := range s {
		if r == utf8.RuneError && isBadByte(s[i:]) {
			return fmt.Errorf("not valid UTF-8 (byte %d)", i+1)
		}
		if r == 0 {
			return fmt.Errorf("holds a NUL character (byte %d)", i+1)
		}
	}
	return nil
}

// Window is the span of dates a kind of date field may hold, in days
// before and after today.
type Window struct {
	Kind        string
	Back, Ahead int
}

// year is a year in days, rounded up so that a window of n years holds
// every date n calendar years away.
const year = 366

// The kinds of dates the product stores. The windows are generous: they
// refuse what cannot be meant (0001-01-01, 9999-12-31, a typo of a
// century), not what is merely unusual.
var (
	// Planning: time off, swaps, shift preferences, time-off allowances,
	// roster builds and edits, forecast and requirement runs.
	Planning = Window{Kind: "planning", Back: 5 * year, Ahead: 3 * year}
	// Calendar: special days and anomalies, which mark history as far
	// back as a center keeps it.
	Calendar = Window{Kind: "special day", Back: 50 * year, Ahead: 3 * year}
	// Hire: an agent's hire date.
	Hire = Window{Kind: "hire date", Back: 70 * year, Ahead: year}
	// Record: what happened (interval history, contacts, agent states,
	// complaints), imported or typed; up to two days ahead, for clocks
	// and zones a little off.
	Record = Window{Kind: "record", Back: 50 * year, Ahead: 2}
)

// first and last are the window's bounds around today (a date).
func (w Window) bounds(today time.Time) (time.Time, time.Time) {
	y, m, d := today.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -w.Back), day.AddDate(0, 0, w.Ahead)
}

// CheckDate reads a date YYYY-MM-DD and says whether it lies in the window
// around today.
func (w Window) CheckDate(s string, today time.Time) error {
	d, err := civil.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return w.CheckDay(d, today)
}

// CheckDay says whether the day d lies in the window around today.
func (w Window) CheckDay(d civil.Date, today time.Time) error {
	first, last := w.bounds(today)
	if at := d.Start(nil); at.Before(first) || at.After(last) {
		return fmt.Errorf("%s is outside %s to %s (a %s date)", d, first.Format(time.DateOnly), last.Format(time.DateOnly), w.Kind)
	}
	return nil
}

// CheckTime says whether the instant t lies in the window around now: its
// calendar day (UTC) must be a day of the window.
func (w Window) CheckTime(t, now time.Time) error {
	first, last := w.bounds(now.UTC())
	if t.Before(first) || !t.Before(last.AddDate(0, 0, 1)) {
		return fmt.Errorf("%s is outside %s to %s (a %s time)", t.Format(time.RFC3339), first.Format(time.DateOnly), last.Format(time.DateOnly), w.Kind)
	}
	return nil
}

// MaxState is the longest an agent state may last: an ACD writes a state
// at least once a day, and a longer one is a missing end (a state ending
// in 9999 makes every rollup over it cost its whole span).
const MaxState = 24 * time.Hour

// MaxQueryDays is the longest span a query's from and to may cover.
const MaxQueryDays = 366

// CheckRange says whether the dates from and to (either may be zero, for
// an open end) make a range of at most MaxQueryDays days.
func CheckRange(from, to time.Time) error {
	if from.IsZero() || to.IsZero() {
		return nil
	}
	if to.Before(from) {
		return fmt.Errorf("before from (%s)", from.Format(time.DateOnly))
	}
	if to.Sub(from) > MaxQueryDays*24*time.Hour {
		return fmt.Errorf("%d days after from, at most %d", int(to.Sub(from)/(24*time.Hour)), MaxQueryDays)
	}
	return nil
}

// Finite reports whether v is a number a person could have meant: not NaN
// and not infinite (JSON cannot carry them, but a CSV cell or a
// computation can).
func Finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
