package store

import (
	"errors"
	"fmt"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
)

// The store is the one place every write passes, from the API, the pages,
// the jobs and the command line alike: each entity's Validate checks its
// text fields against their kind (limits.Code, Name, Note), and the
// entities with dates check them against their window around today here.

// checkText records a problem with a text field of the given kind.
func checkText(f fault.FieldErrors, field, value string, kind limits.Text) {
	if err := kind.Check(value); err != nil {
		f.Add(field, "%v", err)
	}
}

// checkTexts checks each of a list of texts, naming it field[i].
func checkTexts(f fault.FieldErrors, field string, values []string, kind limits.Text) {
	for i, v := range values {
		checkText(f, fmt.Sprintf("%s[%d]", field, i), v, kind)
	}
}

// TextError is an Invalid error for one text field beyond its bounds, or
// nil: the use cases check what people typed with the store's bounds.
func TextError(entity, field, value string, kind limits.Text) error {
	f := fault.FieldErrors{}
	checkText(f, field, value, kind)
	return f.Err(entity)
}

// datedEntity is an entity with dates that must lie in a window around
// today; Validate checks their form, checkDates their window.
type datedEntity interface {
	entity
	checkDates(f fault.FieldErrors, now time.Time)
}

// checkDay adds a fault on field when the day d (the zero Date is no day)
// is outside the window w around now.
func checkDay(f fault.FieldErrors, field string, d civil.Date, w limits.Window, now time.Time) {
	if d.IsZero() {
		return
	}
	if err := w.CheckDay(d, now); err != nil {
		f.Add(field, "%v", err)
	}
}

// validate checks m's fields and, for an entity with dates, their window
// around now: every fault in one error. name is the entity's audit name.
func validate(m entity, name string, now time.Time) error {
	err := m.Validate()
	d, ok := m.(datedEntity)
	if !ok {
		return err
	}
	f := fault.FieldErrors{}
	d.checkDates(f, now)
	if len(f) == 0 {
		return err
	}
	var se *fault.Error
	switch {
	case err == nil:
		return f.Err(humanName(name))
	case errors.As(err, &se) && se.Fields != nil:
		for field, msg := range f {
			if _, seen := se.Fields[field]; !seen {
				se.Fields[field] = msg
			}
		}
	}
	return err
}
