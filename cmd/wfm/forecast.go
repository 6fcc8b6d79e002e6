package main

import (
	"context"
	"errors"
)

// runForecast is being written; this placeholder keeps the package compiling meanwhile.
func runForecast(ctx context.Context, e env, args []string) error {
	return errors.New("forecast: not yet implemented")
}
