package main

import (
	"context"
	"errors"
)

// runErlang is being written; this placeholder keeps the package compiling meanwhile.
func runErlang(ctx context.Context, e env, args []string) error {
	return errors.New("erlang: not yet implemented")
}
