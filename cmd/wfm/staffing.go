package main

import (
	"context"
	"errors"
)

// runStaffing is being written; this placeholder keeps the package compiling meanwhile.
func runStaffing(ctx context.Context, e env, args []string) error {
	return errors.New("staffing: not yet implemented")
}
