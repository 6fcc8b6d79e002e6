package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wfm/store"
	"wfm/store/storetest"
)

// logProgressEvery makes meters write a line at every step for the test
// (stderr is a buffer, not a terminal: the log form).
func logProgressEvery(t *testing.T, d time.Duration) {
	old := progressEvery
	progressEvery = d
	t.Cleanup(func() { progressEvery = old })
}

func TestMeterWritesLinesInLogsAndNothingWhenQuiet(t *testing.T) {
	logProgressEvery(t, time.Nanosecond)
	e, _, errb := testEnv(nil)
	m := newMeter(e, "import x.csv: writing", "rows", 1000)
	time.Sleep(2 * time.Millisecond)
	m.Set(500)
	m.Finish()
	m.Set(600) // after Finish: nothing more
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a progress line and a final one, got %q", errb.String())
	}
	for _, want := range []string{"import x.csv: writing: 500/1000 rows (50%)", "rows/s", "left"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("progress line %q lacks %q", lines[0], want)
		}
	}
	if !strings.Contains(lines[1], "done in") {
		t.Errorf("final line %q does not say it is done", lines[1])
	}

	quiet := true
	e, _, errb = testEnv(nil)
	e.quiet = &quiet
	m = newMeter(e, "import", "rows", 10)
	m.Set(5)
	m.Finish()
	if errb.Len() != 0 {
		t.Errorf("--quiet wrote %q", errb.String())
	}
}

func TestTimedMeterSaysTheTimeAndTheNote(t *testing.T) {
	logProgressEvery(t, time.Nanosecond)
	e, _, errb := testEnv(nil)
	m := newTimedMeter(e, "solve", 2*time.Second)
	m.Note("objective 123.5")
	time.Sleep(1100 * time.Millisecond) // the clock has ticked past a second
	m.Finish()
	out := errb.String()
	if !strings.Contains(out, "solve: ") || !strings.Contains(out, "of 2s; objective 123.5") || !strings.Contains(out, "1s of 2s") {
		t.Errorf("timed meter wrote %q", out)
	}
}

// An import shows its rows as they are written, in the log form, and
// nothing with --quiet; the store reports the rows it wrote.
func TestImportShowsProgress(t *testing.T) {
	logProgressEvery(t, time.Nanosecond)
	ctx := context.Background()
	dsn := storetest.DSN(t, storetest.SQLite)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	site := store.Site{Name: "SH", Timezone: "Asia/Shanghai"}
	if err := st.CreateSite(ctx, store.System, &site); err != nil {
		t.Fatal(err)
	}
	q := store.Queue{Code: "voice-vip", Name: "VIP", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
	if err := st.CreateQueue(ctx, store.System, &q); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var b strings.Builder
	b.WriteString("queue,interval_start,offered,answered,abandoned,answered_in_sl,aht_seconds\n")
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	const rows = 1200 // more than one of the store's batches
	for i := range rows {
		fmt.Fprintf(&b, "voice-vip,%s,10,9,1,8,240\n", start.Add(time.Duration(i)*15*time.Minute).Format(time.RFC3339))
	}
	file := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	e, out, errb := testEnv(nil)
	if err := run(ctx, e, []string{"import", "history", file, "--database", dsn}); err != nil {
		t.Fatalf("import: %v\n%s", err, errb)
	}
	if !strings.Contains(out.String(), fmt.Sprintf(`"read":%d`, rows)) {
		t.Fatalf("import output %s", out)
	}
	for _, want := range []string{"import history.csv: reading: ", "bytes", "import history.csv: writing: 500/1200 rows", "import history.csv: writing: 1200/1200 rows"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb)
		}
	}
	e, _, errb = testEnv(nil)
	if err := run(ctx, e, []string{"import", "history", file, "--database", dsn, "--quiet"}); err != nil {
		t.Fatal(err)
	}
	if errb.Len() != 0 {
		t.Errorf("--quiet import wrote %q", errb.String())
	}
}
