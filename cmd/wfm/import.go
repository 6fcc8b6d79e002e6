package main

import (
	"context"
	"errors"
)

// runImport is being written; this placeholder keeps the package compiling meanwhile.
func runImport(ctx context.Context, e env, args []string) error {
	return errors.New("import: not yet implemented")
}
