package main

import (
	"context"
	"errors"
)

// runBench is being written; this placeholder keeps the package compiling meanwhile.
func runBench(ctx context.Context, e env, args []string) error {
	return errors.New("bench: not yet implemented")
}
