package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"wfm/store"
	"wfm/store/storetest"
)

// wfm import --preset reads a vendor's report into the history; --map and
// --preset together, and an unknown preset, are usage errors; a report
// missing a column is refused with the preset's list.
func TestImportWithPreset(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, storetest.SQLite)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	site := store.Site{Name: "NY", Timezone: "America/New_York"}
	if err := st.CreateSite(ctx, store.System, &site); err != nil {
		t.Fatal(err)
	}
	q := store.Queue{Code: "BasicQueue", Name: "Basic", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
	if err := st.CreateQueue(ctx, store.System, &q); err != nil {
		t.Fatal(err)
	}
	file := "../../batch/testdata/presets/amazon-connect.csv"
	e, out, _ := testEnv(nil)
	if err := run(ctx, e, []string{"import", "history", file, "--preset", "amazon-connect", "--tz", "America/New_York", "--database", dsn}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"read":2`) {
		t.Errorf("output %s, want 2 rows read", out)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown preset", []string{"--preset", "avaya"}, "--preset"},
		{"preset and map", []string{"--preset", "amazon-connect", "--map", "m.yaml"}, "give one"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _, _ := testEnv(nil)
			err := run(ctx, e, append([]string{"import", "history", file, "--database", dsn}, c.args...))
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v: %v, want a usage error with %q", c.args, err, c.want)
			}
		})
	}
	e, _, _ = testEnv(nil)
	err = run(ctx, e, []string{"import", "history", "../../batch/testdata/presets/genesys-cloud.csv", "--preset", "amazon-connect", "--database", dsn})
	if err == nil || !strings.Contains(err.Error(), `genesys-cloud.csv:1: column "Offer": unknown column; the mapping amazon-connect expects the columns "Queue"`) {
		t.Errorf("another vendor's report: %v", err)
	}
}
