package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"wfm/batch"
	"wfm/store"
)

func importCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "import history|contacts|states FILE",
		Short: "import history|contacts|states CSV files (CONTRACTS.md 1 and 5)",
		Long: "Imports a CSV file into the database in one transaction: interval history,\n" +
			"contact records or agent states, in the formats of CONTRACTS.md 1 and 5.\n" +
			"A re-import of the same rows changes nothing.",
		Example:   "  wfm import history calls.csv --tz Asia/Shanghai",
		Args:      usageArgs(cobra.ExactArgs(2)),
		ValidArgs: []string{"history", "contacts", "states"},
	}
	fs := c.Flags()
	tz := fs.String("tz", "", "zone of timestamps without an offset (IANA name; default UTC)")
	intervalFlag := fs.String("interval", "", "history interval length (default: the smallest spacing seen)")
	e = configFlags(c, e)
	c.RunE = func(c *cobra.Command, args []string) error {
		return runImport(c.Context(), e, args[0], args[1], *tz, *intervalFlag)
	}
	return c
}

func runImport(ctx context.Context, e env, kind, file, tz, intervalFlag string) error {
	if kind != "history" && kind != "contacts" && kind != "states" {
		return fmt.Errorf("%w: kind %q: want history, contacts or states", errUsage, kind)
	}
	loc, err := batch.LoadLocation(tz)
	if err != nil {
		return fmt.Errorf("%w: --tz: %v", errUsage, err)
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(file)

	st, err := openSchema(ctx, cfg, cfg.logger(e.stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	var res store.ImportResult
	switch kind {
	case "history":
		d, perr := optionalDuration(intervalFlag)
		if perr != nil {
			return fmt.Errorf("%w: --interval: %v", errUsage, perr)
		}
		var h batch.History
		if h, err = batch.ReadHistory(f, name, loc, d); err == nil {
			res, err = st.ImportHistory(ctx, store.System, name, h)
		}
	case "contacts":
		var cs []batch.Contact
		if cs, err = batch.ReadContacts(f, name, loc); err == nil {
			res, err = st.ImportContacts(ctx, store.System, name, cs)
		}
	case "states":
		var ss []batch.AgentState
		if ss, err = batch.ReadStates(f, name, loc); err == nil {
			res, err = st.ImportStates(ctx, store.System, name, ss)
		}
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(e.stdout).Encode(res)
}

// optionalDuration reads a duration flag that may be left empty (0).
func optionalDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return batch.ParseDuration(s)
}
