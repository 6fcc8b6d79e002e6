package main

import (
	"context"
	"errors"
)

// runMigrate is being written; this placeholder keeps the package compiling meanwhile.
func runMigrate(ctx context.Context, e env, args []string) error {
	return errors.New("migrate: not yet implemented")
}
