package rostering

import (
	"fmt"

	"wfm/civil"
	"wfm/fault"
)

// addDays is the date n days after date (date itself when it is not one).
func addDays(date string, n int) string {
	d, err := civil.Parse(date)
	if err != nil {
		return date
	}
	return d.AddDays(n).String()
}

// dayIndex is date's day number counted from start (may be out of range).
func dayIndex(start, date string) (int, error) {
	s, err := civil.Parse(start)
	if err != nil {
		return 0, err
	}
	d, err := civil.Parse(date)
	if err != nil {
		return 0, &fault.Error{Code: fault.Invalid, Message: "invalid date", Fields: map[string]string{"date": fmt.Sprintf("%q is not a date YYYY-MM-DD", date)}}
	}
	return d.DaysSince(s), nil
}
