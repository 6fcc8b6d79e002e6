package main

import (
	"context"
	"flag"
	"fmt"

	"wfm/store"
)

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("wfm migrate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dsn := fs.String("database", "", "database URL (default $WFM_DATABASE_URL or file:wfm.db)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	if *dsn != "" {
		cfg.DatabaseURL = *dsn
	}
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(e.stdout, "schema is current")
	}
	for _, name := range applied {
		fmt.Fprintln(e.stdout, "applied", name)
	}
	return nil
}
