package main

import (
	"context"
	"errors"
)

// runDemo is being written; this placeholder keeps the package compiling meanwhile.
func runDemo(ctx context.Context, e env, args []string) error {
	return errors.New("demo: not yet implemented")
}
