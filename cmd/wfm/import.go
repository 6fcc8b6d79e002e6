package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"wfm/batch"
	"wfm/store"
)

func runImport(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("wfm import", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	tz := fs.String("tz", "", "zone of timestamps without an offset (IANA name; default UTC)")
	intervalFlag := fs.String("interval", "", "history interval length (default: the smallest spacing seen)")
	dsn := fs.String("database", "", "database URL (default $WFM_DATABASE_URL or file:wfm.db)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: wfm import history|contacts|states FILE [--tz ZONE] [--interval 15m] [--database URL]")
	}
	if len(args) < 2 {
		fs.Usage()
		return fmt.Errorf("%w: want a kind and a file", errUsage)
	}
	kind, file := args[0], args[1]
	if err := fs.Parse(args[2:]); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if kind != "history" && kind != "contacts" && kind != "states" {
		return fmt.Errorf("%w: kind %q: want history, contacts or states", errUsage, kind)
	}
	loc, err := batch.LoadLocation(*tz)
	if err != nil {
		return fmt.Errorf("%w: --tz: %v", errUsage, err)
	}
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return err
	}
	if *dsn != "" {
		cfg.DatabaseURL = *dsn
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
		d, perr := optionalDuration(*intervalFlag)
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
