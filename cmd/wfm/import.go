package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wfm/batch"
	"wfm/measure"
	"wfm/store"
)

// importFlags are the import's own flags, beside the settings.
type importFlags struct {
	tz, interval, mapFile, preset string
}

func importCmd(e env) *cobra.Command {
	c := &cobra.Command{
		Use:   "import history|contacts|states FILE",
		Short: "import history|contacts|states CSV files (CONTRACTS.md 1 and 5)",
		Long: "Imports a CSV file into the database in one transaction: interval history,\n" +
			"contact records or agent states, in the formats of CONTRACTS.md 1 and 5,\n" +
			"or a vendor's report read through a mapping (--preset, --map).\n" +
			"A re-import of the same rows changes nothing.",
		Example: "  wfm import history calls.csv --tz Asia/Shanghai\n" +
			"  wfm import history connect.csv --preset amazon-connect",
		Args:      usageArgs(cobra.ExactArgs(2)),
		ValidArgs: []string{"history", "contacts", "states"},
	}
	var f importFlags
	fs := c.Flags()
	fs.StringVar(&f.tz, "tz", "", "zone of timestamps without an offset (IANA name; default UTC)")
	fs.StringVar(&f.interval, "interval", "", "history interval length (default: the smallest spacing seen)")
	fs.StringVar(&f.mapFile, "map", "", "mapping file (YAML or JSON) that reads a vendor's report (README: Connecting your center)")
	fs.StringVar(&f.preset, "preset", "", "built-in mapping of a vendor's report: "+strings.Join(batch.PresetNames(), ", "))
	c.RunE = func(c *cobra.Command, args []string) error {
		return runImport(c.Context(), e, args[0], args[1], f)
	}
	return c
}

func runImport(ctx context.Context, e env, kind, file string, fl importFlags) error {
	if kind != "history" && kind != "contacts" && kind != "states" {
		return fmt.Errorf("%w: kind %q: want history, contacts or states", errUsage, kind)
	}
	m, err := importMapping(fl.mapFile, fl.preset)
	if err != nil {
		return err
	}
	interval, err := optionalDuration(fl.interval)
	if err != nil {
		return fmt.Errorf("%w: --interval: %v", errUsage, err)
	}
	if kind != "history" {
		interval = 0 // only history has intervals
	}
	b := measure.ImportBatch{Kind: kind, File: filepath.Base(file), Mapping: m, TZ: fl.tz, Interval: interval}
	if _, err := b.Check(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
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
	name := b.File
	var size int64
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	// Progress: the file's bytes as it is read and checked, then its rows
	// as they are written (the store reports them).
	reading := newMeter(e, "import "+name+": reading", "bytes", size)
	in := &countingReader{r: f, meter: reading}
	var writing *meter // once the rows are read and checked
	ctx = store.WithProgress(ctx, func(done, total int) {
		if writing == nil {
			reading.Finish()
			writing = newMeter(e, "import "+name+": writing", "rows", int64(total))
		}
		writing.Set(int64(done))
	})
	defer reading.Finish()
	defer func() {
		if writing != nil {
			writing.Finish()
		}
	}()

	st, err := openSchema(ctx, cfg, cfg.logger(e.stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := measure.Import(ctx, st, store.System, in, b)
	if err != nil {
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
