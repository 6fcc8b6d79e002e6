package main

import (
	"context"
	"errors"
)

// runKPI is being written; this placeholder keeps the package compiling meanwhile.
func runKPI(ctx context.Context, e env, args []string) error {
	return errors.New("kpi: not yet implemented")
}
