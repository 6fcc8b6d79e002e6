// Package civil is the calendar day: a date without a time of day or a
// place, as a roster's start, a day off, a KPI's day or a holiday are.
// An instant becomes a Date only through a location (Of), and a Date an
// instant only through one (Start): a contact center's day is its site's.
//
// A Date reads and writes itself as "YYYY-MM-DD" in JSON, in forms and
// query strings (gin's binding), as text, and in SQL (stored as TEXT, so
// that the same column sorts and compares by day on SQLite and
// PostgreSQL). Nowhere else in the code is a day parsed from a string.
package civil

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"
)

// Date is a calendar day. The zero Date is no day (IsZero); it reads and
// writes as the empty string.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Of is the calendar day of t in loc (nil = UTC).
func Of(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// Parse reads "YYYY-MM-DD", and only that: a real day of the calendar.
func Parse(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("want a date YYYY-MM-DD, got %q", s)
	}
	return Of(t, time.UTC), nil
}

// ParseIn reads "YYYY-MM-DD" as midnight at the start of that day in loc
// (nil = UTC): for callers that need the day as an instant.
func ParseIn(s string, loc *time.Location) (time.Time, error) {
	d, err := Parse(s)
	if err != nil {
		return time.Time{}, err
	}
	return d.Start(loc), nil
}

// MustParse is Parse for dates written in code and tests.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String is "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date (no day).
func (d Date) IsZero() bool { return d == Date{} }

// Start is midnight at the start of d in loc (nil = UTC). Where a DST
// change skips midnight, it is the first instant of the day.
func (d Date) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// noon is d at noon UTC: arithmetic on days done there never meets a
// DST change or a leap second.
func (d Date) noon() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// AddDays is the day n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Of(d.noon().AddDate(0, 0, n), time.UTC) }

// DaysSince is the number of days from e to d (negative when d is earlier).
func (d Date) DaysSince(e Date) int { return int(d.noon().Sub(e.noon()).Hours() / 24) }

// Compare is -1, 0 or +1 as d is before, the same day as, or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Before(e):
		return -1
	case e.Before(d):
		return 1
	}
	return 0
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return e.Before(d) }

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// Monday is the Monday of d's week (weeks start on Monday, as rosters
// and the ISO calendar do).
func (d Date) Monday() Date { return d.AddDays(-((int(d.Weekday()) + 6) % 7)) }

// MarshalText writes "YYYY-MM-DD" ("" for the zero Date); JSON uses it.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD"; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// UnmarshalJSON reads a JSON string "YYYY-MM-DD" ("" or null: the zero
// Date). A bad day is a *json.UnmarshalTypeError, so that encoding/json
// names the field that holds it (Field, as "items.start_date").
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[Date]()}
	}
	if err := d.UnmarshalText([]byte(s)); err != nil {
		return &json.UnmarshalTypeError{Value: strconv.Quote(s), Type: reflect.TypeFor[Date]()}
	}
	return nil
}

// UnmarshalParam lets gin bind a form field or query parameter to a Date.
func (d *Date) UnmarshalParam(s string) error { return d.UnmarshalText([]byte(s)) }

// Value stores d as TEXT "YYYY-MM-DD", and the zero Date as the empty text (not
// NULL): a NOT NULL or key column may hold "no day" with a meaning of its
// own, as a shift preference or a time-off allowance for every day.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a TEXT day (empty: the zero Date), a driver's time (a DATE
// column: its calendar day as written, whatever the zone), or NULL (the
// zero Date).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		y, m, day := v.Date()
		*d = Date{y, m, day}
		return nil
	}
	return fmt.Errorf("civil.Date: cannot read a day from %T", src)
}
