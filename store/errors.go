package store

import (
	"errors"
	"fmt"
	"strings"

	"wfm/schedule"
)

// Code classifies an error for the people and programs that receive it.
// api maps each code to one HTTP status.
type Code string

const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	Internal     Code = "internal"
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

// ErrorCode is the code of err, Internal for errors without one.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// translate turns driver errors the caller can act on into coded errors:
// a missing row is NotFound, a unique or foreign-key violation Conflict.
func translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if isNoRows(err) {
		return &Error{Code: NotFound, Message: what + " not found"}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"), strings.Contains(msg, "SQLSTATE 23505"):
		return &Error{Code: Conflict, Message: what + " already exists"}
	case strings.Contains(msg, "FOREIGN KEY constraint failed"), strings.Contains(msg, "SQLSTATE 23503"):
		return &Error{Code: Conflict, Message: what + " refers to something that does not exist, or is still referred to"}
	}
	return fmt.Errorf("%s: %w", what, err)
}
