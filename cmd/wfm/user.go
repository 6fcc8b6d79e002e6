package main

import (
	"context"
	"errors"
)

// runUser is being written; this placeholder keeps the package compiling meanwhile.
func runUser(ctx context.Context, e env, args []string) error {
	return errors.New("user: not yet implemented")
}
