// Package sheet is a spreadsheet's tables as values: a table is a sheet
// with a name, a header row and rows of typed cells (text, numbers,
// percentages, instants in a zone, days, durations). The exports build
// them (in the use cases, which know no file format); sheet/xlsx writes
// them as a workbook. Values only: no I/O, nothing of excelize's, so a
// use case may build tables without depending on what writes them.
package sheet

import (
	"math"
	"time"

	"wfm/civil"
)

// Kind is what a cell holds, and so how it is stored and shown.
type Kind int

// The kinds of cell.
const (
	Empty    Kind = iota // nothing (a missing value)
	Text                 // a string, stored and formatted as text
	Number               // a number with a fixed count of decimals
	Percent              // a ratio (0.8) shown as a percentage (80.0%)
	Instant              // a moment, written as the wall clock of its zone with a date-time format
	Day                  // a calendar day with a date format
	Duration             // a length of time with an [h]:mm:ss format
)

// Cell is one typed value of a row. The zero Cell is empty.
type Cell struct {
	Kind     Kind
	Text     string
	Value    float64   // Number, Percent; Duration in seconds
	Decimals int       // Number, Percent
	Time     time.Time // Instant (already in its zone), Day (its date)
}

// TextCell is a text cell. Text is never read as a formula.
func TextCell(s string) Cell { return Cell{Kind: Text, Text: s} }

// IntCell is a whole number.
func IntCell(n int) Cell { return Cell{Kind: Number, Value: float64(n)} }

// NumberCell is a number shown with decimals places; empty when v is not
// finite.
func NumberCell(v float64, decimals int) Cell {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Cell{}
	}
	return Cell{Kind: Number, Value: v, Decimals: decimals}
}

// PercentCell is a ratio (0.8) shown as a percentage with decimals places
// (80.0%); empty when v is not finite.
func PercentCell(v float64, decimals int) Cell {
	c := NumberCell(v, decimals)
	if c.Kind == Number {
		c.Kind = Percent
	}
	return c
}

// InstantCell is the moment t as the wall clock of loc (a site's zone), a
// date and time; empty when t is zero. A spreadsheet has no time zones:
// the reader sees the site's clock, as the pages show it.
func InstantCell(t time.Time, loc *time.Location) Cell {
	if t.IsZero() {
		return Cell{}
	}
	if loc == nil {
		loc = time.UTC
	}
	return Cell{Kind: Instant, Time: t.In(loc)}
}

// DayCell is a calendar day given as YYYY-MM-DD; a text cell when it is
// not a date (shown as it is rather than lost).
func DayCell(date string) Cell {
	d, err := civil.ParseIn(date, nil)
	if err != nil {
		return TextCell(date)
	}
	return Cell{Kind: Day, Time: d}
}

// DurationCell is a length of time, shown as hours, minutes and seconds.
func DurationCell(d time.Duration) Cell {
	return Cell{Kind: Duration, Value: d.Seconds()}
}

// Optional is f(*v), or an empty cell when v is nil (a ratio without
// a denominator).
func Optional(v *float64, f func(float64) Cell) Cell {
	if v == nil {
		return Cell{}
	}
	return f(*v)
}

// Table is one sheet: its name (made valid and unique when written), the
// header row and the rows below it.
type Table struct {
	Name   string
	Header []string
	Rows   [][]Cell
}
