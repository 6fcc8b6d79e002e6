package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"wfm/store"
)

func migrateCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "migrate",
		Short: "apply the database migrations",
		Args:  usageArgs(cobra.NoArgs),
	}
	c.RunE = func(c *cobra.Command, _ []string) error {
		ctx := c.Context()
		cfg, err := loadConfig(e.getenv)
		if err != nil {
			return err
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
	return c
}
