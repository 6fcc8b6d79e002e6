package main

import (
	"errors"
	"strings"
	"testing"
)

func TestBacktestTable(t *testing.T) {
	hist := writeHistory(t, 8, "")
	out, _, err := runWFM("backtest", "--history", hist, "--tz", "Europe/Berlin", "--origins", "3", "--step-days", "7")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"snaive", "mean4", "robust", "dshw"} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			// The pattern repeats exactly: every method but the smoothed
			// profiles has WAPE 0 on each of the 3 origins.
			if len(f) == 6 && f[0] == "sales" && f[1] == name {
				found = f[2] == "0.0000" && f[3] == "0.0000" && f[5] == "0.0000"
			}
		}
		if !found {
			t.Errorf("no zero-error row for sales %s:\n%s", name, out)
		}
	}
	if !strings.Contains(out, "sales  auto") || !strings.Contains(out, "picks") {
		t.Errorf("no auto choice:\n%s", out)
	}
	_, _, err = runWFM("backtest", "--history", hist, "--origins", "0")
	if !errors.Is(err, errUsage) {
		t.Errorf("--origins 0: %v, want a usage error", err)
	}
}

func TestBacktestShortHistory(t *testing.T) {
	out, _, err := runWFM("backtest", "--history", writeHistory(t, 2, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "too short") {
		t.Errorf("two weeks of history:\n%s", out)
	}
}
