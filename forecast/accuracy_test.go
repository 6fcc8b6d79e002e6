package forecast

import (
	"math"
	"os"
	"testing"

	"wfm/holidays"
)

// holdoutRow is one method's WAPE on the held-out last two weeks: as the
// method alone (raw), through Run without a calendar (outlier days
// cleaned), through Run with the public-holiday calendar, and through Run
// with only the public holidays the product finds itself (public: what
// `wfm forecast` does by default, given the data set's --tz).
type holdoutRow struct {
	method                      string
	raw, clean, withCal, public float64
	chose, choseCal             string
	coverage                    float64 // share of open intervals inside the 80% band (calendar run)
}

func holdoutTable(t testing.TB, ds int) []holdoutRow {
	d := dataSets[ds]
	s := loadData(t, d.path, d.tz, d.interval)
	cal := loadCalendar(t, d.calendar)
	train, test := holdout(s, 14)
	country := holidays.CountryOfZone(d.tz)
	public, _, err := PublicHolidaysFor(train, country, country == "", train.End().AddDate(0, 0, 14))
	if err != nil {
		t.Fatal(err)
	}
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
		pub, err := Run(train, len(test), Options{Method: name, Calendar: Calendar{Public: public}})
		if err != nil {
			t.Fatal(err)
		}
		row.public = wapeOf(test, pub.Volume)
		in, open := 0, 0
		for i, a := range test {
			if a == 0 && r.Volume[i] == 0 {
				continue // closed: a band of [0, 0] says nothing
			}
			open++
			if a >= r.Low[i] && a <= r.High[i] {
				in++
			}
		}
		row.coverage = float64(in) / float64(max(1, open))
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
		t.Logf("  %-10s %8s %8s %8s %8s", "method", "raw", "cleaned", "calendar", "public")
		var base, baseCal float64 = 1e9, 1e9
		for _, r := range rows {
			if r.method == "snaive" || r.method == "mean4" {
				base = min(base, r.raw)
				baseCal = min(baseCal, r.withCal)
			}
			if r.method == Auto {
				t.Logf("  %-10s %8s %8.4f %8.4f %8.4f   chose %s / %s; 80%% band covers %.3f of open intervals", r.method, "", r.clean, r.withCal, r.public, r.chose, r.choseCal, r.coverage)
				t.Logf("  auto / min(snaive, mean4) raw: %.3f without calendar, %.3f with, %.3f with the public holidays found; vs baselines given the calendar: %.3f",
					r.clean/base, r.withCal/base, r.public/base, r.withCal/baseCal)
				continue
			}
			t.Logf("  %-10s %8.4f %8.4f %8.4f %8.4f", r.method, r.raw, r.clean, r.withCal, r.public)
		}
	}
}

// The bar on the real data, as a normal test: auto, given the
// public-holiday calendar a planner has, and also with only the public
// holidays the product finds itself (no calendar file: the bank's, read in
// UTC, from the closures of its history), beats the better of seasonal
// naive and the 4-week mean (as planners run them, on the raw history) by
// at least 10% on the held-out last two weeks, and is never worse than
// either even when they too get the calendar's cleaning and effects.
func TestAutoBeatsBaselinesOnHoldout(t *testing.T) {
	for ds, d := range dataSets {
		rows := holdoutTable(t, ds)
		var auto holdoutRow
		base, baseCal := math.Inf(1), math.Inf(1)
		for _, r := range rows {
			switch r.method {
			case Auto:
				auto = r
			case "snaive", "mean4":
				base = math.Min(base, r.raw)
				baseCal = math.Min(baseCal, r.withCal)
			}
		}
		if auto.withCal > 0.9*base {
			t.Errorf("%s: auto WAPE %.4f > 0.9 x %.4f (the better plain baseline)", d.name, auto.withCal, base)
		}
		if auto.public > 0.9*base {
			t.Errorf("%s: auto WAPE %.4f with the public holidays it finds > 0.9 x %.4f (the better plain baseline)", d.name, auto.public, base)
		}
		if auto.withCal > baseCal {
			t.Errorf("%s: auto WAPE %.4f is worse than a baseline given the calendar (%.4f)", d.name, auto.withCal, baseCal)
		}
	}
}
