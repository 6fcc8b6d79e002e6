// Package fault is the product's one error vocabulary: what went wrong,
// classified for the people and programs that receive it. The store, the
// use cases and the domain's adapters return faults; each front door turns
// a fault into its answer in one function (api: a status and a JSON body;
// web: the error page in the reader's language).
package fault

import (
	"errors"
	"fmt"
	"strings"

	"wfm/schedule"
)

// Code classifies an error.
type Code string

const (
	Invalid      Code = "invalid"      // the input is wrong; Fields say where
	NotFound     Code = "not_found"    // no such thing (or not visible to the caller)
	Conflict     Code = "conflict"     // the thing changed meanwhile, or exists already
	Unauthorized Code = "unauthorized" // who is calling is unknown
	Forbidden    Code = "forbidden"    // the caller may not do this
	RateLimited  Code = "rate_limited" // too many attempts: wait and try again
	Unavailable  Code = "unavailable"  // a dependency is down or the process is stopping: try again later
	Internal     Code = "internal"     // a bug or an unexpected failure; logged, never shown in detail
)

// Error is an error with a code, a message for people and, for invalid
// input, the fields at fault (JSON field name -> what is wrong).
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	// Violations are the roster rules an edit or a swap would break, as
	// the checker found them, for an interface to word in its language
	// (Fields words them in English).
	Violations []schedule.Violation
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, 0, len(e.Fields))
	for f, m := range e.Fields {
		parts = append(parts, f+": "+m)
	}
	return e.Message + ": " + strings.Join(parts, "; ")
}

// Errorf builds an Error.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Field is an Invalid error naming one field.
func Field(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: Invalid, Message: "invalid " + field, Fields: map[string]string{field: msg}}
}

// FieldErrors collects what is wrong with an entity, field by field.
type FieldErrors map[string]string

// Add records a problem with a field.
func (f FieldErrors) Add(field, format string, args ...any) {
	if _, seen := f[field]; !seen {
		f[field] = fmt.Sprintf(format, args...)
	}
}

// Err is nil when nothing was recorded, else an Invalid error naming them.
func (f FieldErrors) Err(entity string) error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "invalid " + entity, Fields: f}
}

// CodeOf is the code of err, Internal for errors without one.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
