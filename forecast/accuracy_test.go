package forecast

import (
	"os"
	"testing"
)

// holdoutRow is one method's WAPE on the held-out last two weeks: as the
// method alone (raw), through Run without a calendar (outlier days
// cleaned), and through Run with the public-holiday calendar.
type holdoutRow struct {
	method              string
	raw, clean, withCal float64
	chose, choseCal     string
}

func holdoutTable(t testing.TB, ds int) []holdoutRow {
	d := dataSets[ds]
	s := loadData(t, d.path, d.tz, d.interval)
	cal := loadCalendar(t, d.calendar)
	train, test := holdout(s, 14)
	var rows []holdoutRow
	names := []string{}
	for _, m := range Methods() {
		names = append(names, m.Name())
	}
	for _, name := range append(names, Auto) {
		row := holdoutRow{method: name, raw: -1}
		if name != Auto {
			m, _ := MethodByName(name)
			fc, err := m.Forecast(train, len(test))
			if err != nil {
				t.Fatal(err)
			}
			row.raw = wapeOf(test, fc)
		}
		r, err := Run(train, len(test), Options{Method: name})
		if err != nil {
			t.Fatal(err)
		}
		row.clean, row.chose = wapeOf(test, r.Volume), r.Method
		r, err = Run(train, len(test), Options{Method: name, Calendar: cal})
		if err != nil {
			t.Fatal(err)
		}
		row.withCal, row.choseCal = wapeOf(test, r.Volume), r.Method
		rows = append(rows, row)
	}
	return rows
}

// TestAccuracyTable prints the holdout WAPE of every method and of auto on
// the real data: the last two weeks held out, forecast from the rest.
//
//	WFM_ACCURACY=1 go test -run TestAccuracyTable -v ./forecast
func TestAccuracyTable(t *testing.T) {
	if os.Getenv("WFM_ACCURACY") == "" {
		t.Skip("set WFM_ACCURACY=1 to print the holdout accuracy table")
	}
	for ds, d := range dataSets {
		rows := holdoutTable(t, ds)
		t.Logf("%s: WAPE on the last 14 days", d.name)
		t.Logf("  %-10s %8s %8s %8s", "method", "raw", "cleaned", "calendar")
		var base, baseCal float64 = 1e9, 1e9
		for _, r := range rows {
			if r.method == "snaive" || r.method == "mean4" {
				base = min(base, r.raw)
				baseCal = min(baseCal, r.withCal)
			}
			if r.method == Auto {
				t.Logf("  %-10s %8s %8.4f %8.4f   chose %s / %s", r.method, "", r.clean, r.withCal, r.chose, r.choseCal)
				t.Logf("  auto / min(snaive, mean4) raw: %.3f without calendar, %.3f with; vs baselines given the calendar: %.3f",
					r.clean/base, r.withCal/base, r.withCal/baseCal)
				continue
			}
			t.Logf("  %-10s %8.4f %8.4f %8.4f", r.method, r.raw, r.clean, r.withCal)
		}
	}
}
