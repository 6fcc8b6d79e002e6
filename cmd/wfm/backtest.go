package main

import (
	"context"
	"errors"
)

// runBacktest is being written; this placeholder keeps the package compiling meanwhile.
func runBacktest(ctx context.Context, e env, args []string) error {
	return errors.New("backtest: not yet implemented")
}
