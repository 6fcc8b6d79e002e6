package store

import (
	"fmt"
	"strings"

	"wfm/fault"
)

// translate turns driver errors the caller can act on into coded errors:
// a missing row is NotFound, a unique or foreign-key violation Conflict.
func translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if isNoRows(err) {
		return &fault.Error{Code: fault.NotFound, Message: what + " not found"}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"), strings.Contains(msg, "SQLSTATE 23505"):
		return &fault.Error{Code: fault.Conflict, Message: what + " already exists"}
	case strings.Contains(msg, "FOREIGN KEY constraint failed"), strings.Contains(msg, "SQLSTATE 23503"):
		return &fault.Error{Code: fault.Conflict, Message: what + " refers to something that does not exist, or is still referred to"}
	}
	return fmt.Errorf("%s: %w", what, err)
}
