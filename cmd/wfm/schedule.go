package main

import (
	"context"
	"errors"
)

// runSchedule is being written; this placeholder keeps the package compiling meanwhile.
func runSchedule(ctx context.Context, e env, args []string) error {
	return errors.New("schedule: not yet implemented")
}
