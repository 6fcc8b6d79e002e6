package forecast

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"testing"
	"time"
)

// The real data sets of ../shared/data (see its README for attribution).
var dataSets = []struct {
	name, path, tz string
	interval       time.Duration
	calendar       string
}{
	{"bank-calls-2003", "../../shared/data/bank-calls-2003/history.csv", "UTC", 5 * time.Minute, "testdata/calendar-us-2003.csv"},
	{"anonymous-bank-1999", "../../shared/data/anonymous-bank-1999/arrivals-6min-1999-01-to-09.csv", "Asia/Jerusalem", 6 * time.Minute, "testdata/calendar-israel-1999.csv"},
}

// loadCalendar reads a testdata calendar: date,kind,name,queue.
func loadCalendar(t testing.TB, path string) Calendar {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cal Calendar
	for _, r := range recs[1:] {
		if r[1] == "anomaly" {
			cal.Anomalies = append(cal.Anomalies, Anomaly{Date: r[0], Queue: r[3]})
		} else {
			cal.Events = append(cal.Events, Event{Date: r[0], Kind: r[1], Name: r[2], Queue: r[3]})
		}
	}
	if err := cal.Validate(); err != nil {
		t.Fatal(err)
	}
	return cal
}

// loadData reads a queue,interval_start,offered file of one queue into a
// series of whole local days. It is the test's own small reader, not the
// product's adapter.
func loadData(t testing.TB, path, tz string, interval time.Duration) Series {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is absent: the real-data checks need ../shared/data next to the repository", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	var obs []Observation
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ts, err := time.ParseInLocation("2006-01-02 15:04", rec[1], loc)
		if err != nil {
			t.Fatal(err)
		}
		v, err := strconv.ParseFloat(rec[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, Observation{Start: ts, Offered: v})
	}
	y, m, d := obs[0].Start.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	y, m, d = obs[len(obs)-1].Start.Date()
	end := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	s, err := NewSeries(rec0(obs), loc, interval, start, end, obs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func rec0([]Observation) string { return "q" }

// holdout splits off the last days local days of s.
func holdout(s Series, days int) (train Series, test []float64) {
	end := s.End().In(s.Location)
	cut := time.Date(end.Year(), end.Month(), end.Day()-days, 0, 0, 0, 0, s.Location)
	n := int(cut.Sub(s.Start) / s.Interval)
	train = s
	train.Volume = s.Volume[:n]
	return train, s.Volume[n:]
}

func wapeOf(actual, fc []float64) float64 {
	var e, a float64
	for i := range actual {
		e += math.Abs(actual[i] - fc[i])
		a += actual[i]
	}
	return e / a
}
