package forecast

import (
	"os"
	"testing"
)

// TestAccuracyTable prints the holdout WAPE of every method and of auto on
// the real data: the last two weeks held out, forecast from the rest.
// Run with WFM_ACCURACY=1 go test -run TestAccuracyTable -v ./forecast
func TestAccuracyTable(t *testing.T) {
	if os.Getenv("WFM_ACCURACY") == "" {
		t.Skip("set WFM_ACCURACY=1 to print the holdout accuracy table")
	}
	for _, ds := range dataSets {
		s := loadData(t, ds.path, ds.tz, ds.interval)
		train, test := holdout(s, 14)
		for _, m := range Methods() {
			fc, err := m.Forecast(train, len(test))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%-20s %-10s WAPE %.4f", ds.name, m.Name(), wapeOf(test, fc))
		}
		r, err := Run(train, len(test), Options{Method: Auto})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-20s %-10s WAPE %.4f  (chose %s)", ds.name, "auto", wapeOf(test, r.Volume), r.Method)
		for _, e := range r.Backtest {
			t.Logf("    backtest %-24s %.4f %v", e.Method, e.WAPE, e.Origins)
		}
	}
}
