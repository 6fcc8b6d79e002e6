package main

import (
	"context"
	"errors"
)

// runServe is being written; this placeholder keeps the package compiling meanwhile.
func runServe(ctx context.Context, e env, args []string) error {
	return errors.New("serve: not yet implemented")
}
