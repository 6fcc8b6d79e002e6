package schedule

import (
	"fmt"
	"time"

	"wfm/civil"
)

// Placed is an assignment on the calendar: the instants its shift starts
// and ends and where its breaks fall, in the problem's zone.
type Placed struct {
	Date   string // the local day of the assignment, YYYY-MM-DD
	Start  time.Time
	End    time.Time
	Breaks []PlacedBreak // in the assignment's order; a break outside the shift is left out
	// Activities in the assignment's order; one whose clock the shift
	// never reads is left out.
	Activities []PlacedActivity
}

// PlacedActivity is an activity (meeting, training, coaching) of a
// placed assignment.
type PlacedActivity struct {
	Kind  string
	Title string
	Start time.Time
	End   time.Time
}

// PlacedBreak is a break of a placed assignment.
type PlacedBreak struct {
	Start time.Time
	End   time.Time
	Paid  bool
}

// Place puts an assignment of p on the calendar of loc (the problem's
// zone, p.Location()): the shift starts when the wall clock of its day
// reads its start (the template's when the assignment names none) and
// lasts the template's duration in real time, so a shift across a change
// of the clocks is as long as any other. A break starts at the first
// instant inside the shift whose wall clock reads its start, as the
// checker places it; a break whose clock the shift never reads is left
// out. A paid break is one the template's break of the same rank pays
// (a break without one is paid). Every reader of a roster places its
// assignments here, so that the shifts API, the calendar feed, adherence
// and the board agree to the second. Activities are placed as breaks are.
func Place(p Problem, as Assignment, loc *time.Location) (Placed, error) {
	var sh *Shift
	for i := range p.Shifts {
		if p.Shifts[i].ID == as.Shift {
			sh = &p.Shifts[i]
		}
	}
	if sh == nil {
		return Placed{}, fmt.Errorf("unknown shift %q", as.Shift)
	}
	if p.StartDate.IsZero() {
		return Placed{}, fmt.Errorf("start_date: missing, want a date YYYY-MM-DD")
	}
	startClock := as.Start
	if startClock == "" {
		startClock = sh.Start
	}
	sm, err := ParseClock(startClock)
	if err != nil {
		return Placed{}, err
	}
	day := p.StartDate.AddDays(as.Day)
	start := time.Date(day.Year, day.Month, day.Day, 0, sm, 0, 0, loc)
	end := start.Add(time.Duration(sh.DurationMinutes) * time.Minute)
	out := Placed{Date: day.String(), Start: start, End: end, Breaks: []PlacedBreak{}, Activities: []PlacedActivity{}}
	for i, b := range as.Breaks {
		bm, err := ParseClock(b.Start)
		if err != nil {
			return Placed{}, err
		}
		paid := true
		if i < len(sh.Breaks) {
			paid = sh.Breaks[i].IsPaid()
		}
		if t, ok := clockInShift(day, bm, loc, start, end); ok {
			out.Breaks = append(out.Breaks, PlacedBreak{Start: t, End: t.Add(time.Duration(b.DurationMinutes) * time.Minute), Paid: paid})
		}
	}
	for _, a := range as.Activities {
		am, err := ParseClock(a.Start)
		if err != nil {
			return Placed{}, err
		}
		if t, ok := clockInShift(day, am, loc, start, end); ok {
			out.Activities = append(out.Activities, PlacedActivity{Kind: a.Kind, Title: a.Title, Start: t, End: t.Add(time.Duration(a.DurationMinutes) * time.Minute)})
		}
	}
	return out, nil
}

// clockInShift is the first instant of the shift [start, end) that begins
// on day whose wall clock in loc reads min minutes after midnight: that
// day's or the next's (false: the shift never reads it).
func clockInShift(day civil.Date, min int, loc *time.Location, start, end time.Time) (time.Time, bool) {
	for dd := 0; dd <= 1; dd++ {
		t := time.Date(day.Year, day.Month, day.Day+dd, 0, min, 0, 0, loc)
		if !t.Before(start) && t.Before(end) {
			return t, true
		}
	}
	return time.Time{}, false
}
