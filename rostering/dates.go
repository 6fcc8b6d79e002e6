package rostering

import (
	"fmt"
	"math"
	"time"

	"wfm/fault"
)

// addDays is the date n days after date (date itself when it is not one).
func addDays(date string, n int) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

// dayIndex is date's day number counted from start (may be out of range).
func dayIndex(start, date string) (int, error) {
	s, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return 0, err
	}
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, &fault.Error{Code: fault.Invalid, Message: "invalid date", Fields: map[string]string{"date": fmt.Sprintf("%q is not a date YYYY-MM-DD", date)}}
	}
	return int(math.Round(d.Sub(s).Hours() / 24)), nil
}
