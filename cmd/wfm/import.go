package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	mapFile := fs.String("map", "", "mapping file (YAML or JSON) that reads a vendor's report (README: Connecting your center)")
	preset := fs.String("preset", "", "built-in mapping of a vendor's report: "+strings.Join(batch.PresetNames(), ", "))
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: wfm import history|contacts|states FILE [--tz ZONE] [--interval 15m] [--map FILE | --preset NAME] [--database URL]")
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
	m, err := importMapping(*mapFile, *preset)
	if err != nil {
		return err
	}
	loc, err := batch.LoadLocation(*tz)
	if m != nil {
		loc, err = m.Location(*tz)
	}
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
		if m != nil {
			h, err = batch.ReadHistoryMapped(f, name, m, loc, d)
		} else {
			h, err = batch.ReadHistory(f, name, loc, d)
		}
		if err == nil {
			res, err = st.ImportHistory(ctx, store.System, name, h)
		}
	case "contacts":
		var cs []batch.Contact
		if m != nil {
			cs, err = batch.ReadContactsMapped(f, name, m, loc)
		} else {
			cs, err = batch.ReadContacts(f, name, loc)
		}
		if err == nil {
			res, err = st.ImportContacts(ctx, store.System, name, cs)
		}
	case "states":
		var ss []batch.AgentState
		if m != nil {
			ss, err = batch.ReadStatesMapped(f, name, m, loc)
		} else {
			ss, err = batch.ReadStates(f, name, loc)
		}
		if err == nil {
			res, err = st.ImportStates(ctx, store.System, name, ss)
		}
	}
	if err != nil {
		if m != nil {
			return m.Explain(err)
		}
		return err
	}
	return json.NewEncoder(e.stdout).Encode(res)
}

// importMapping is the mapping of --map or --preset, nil for neither.
func importMapping(file, preset string) (*batch.Mapping, error) {
	switch {
	case file != "" && preset != "":
		return nil, fmt.Errorf("%w: --map and --preset: give one (a mapping file can start from a preset with `preset: NAME`)", errUsage)
	case preset != "":
		m, err := batch.Preset(preset)
		if err != nil {
			return nil, fmt.Errorf("%w: --preset: %v", errUsage, err)
		}
		return m, nil
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--map: %w", err)
		}
		return batch.ParseMapping(data, filepath.Base(file))
	}
	return nil, nil
}

// optionalDuration reads a duration flag that may be left empty (0).
func optionalDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return batch.ParseDuration(s)
}
