package batch

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"wfm/limits"
)

// The fuzz targets feed every CSV reader arbitrary bytes. The contract
// (CONTRACTS.md) holds for any input: no panic, and a refusal is a list of
// problems each at a line of the file. Their seeds (f.Add and
// testdata/fuzz) run as ordinary tests; fuzz with, for example,
//
//	go test ./batch -run '^$' -fuzz FuzzReadStates -fuzztime 60s

// seedCSV adds the good file of a reader and a few broken ones.
func seedCSV(f *testing.F, name string) {
	good := goodFiles[name]
	f.Add(good)
	f.Add("")
	f.Add("\ufeff" + good)
	f.Add(strings.Replace(good, "\n", "\n\"", 1))     // an unclosed quote in a first field
	f.Add(strings.Replace(good, ",", ",\"", 2))       // and in a later one
	f.Add(strings.Replace(good, "08:15", "08:07", 1)) // off the grid
	f.Add(strings.Replace(good, "2026", "9999", 2))
	f.Add(strings.Replace(good, "1", "\x00", 1))
	f.Add(strings.Replace(good, "a", "\xff", 2))
	f.Add(good + good)
}

// checkRefusal fails unless err is nil or Problems each at a line of the
// file, in text that is UTF-8 (it becomes JSON over the API).
func checkRefusal(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ps Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("refusal %T %v is not a list of problems", err, err)
	}
	for _, p := range ps {
		if p.File != "f.csv" || p.Line < 1 || p.Message == "" {
			t.Fatalf("problem %+v does not name its place", p)
		}
	}
	if !utf8.ValidString(err.Error()) {
		t.Fatalf("refusal is not UTF-8: %q", err.Error())
	}
}

func FuzzReadHistory(f *testing.F) {
	seedCSV(f, "history")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ReadHistory(strings.NewReader(s), "f.csv", time.UTC, 0)
		checkRefusal(t, err)
		if err != nil {
			return
		}
		if CheckInterval(h.Interval) != nil {
			t.Fatalf("interval %s read without a problem", h.Interval)
		}
		for _, r := range h.Rows {
			if r.Line < 2 || !OnGrid(r.Start, time.UTC, h.Interval) || r.Offered < 0 ||
				r.Answered != nil && *r.Answered > r.Offered || r.Abandoned != nil && *r.Abandoned > r.Offered {
				t.Fatalf("row %+v read without a problem", r)
			}
		}
	})
}

func FuzzReadContacts(f *testing.F) {
	seedCSV(f, "contacts")
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ReadContacts(strings.NewReader(s), "f.csv", time.UTC)
		checkRefusal(t, err)
		for _, c := range cs {
			if c.Line < 2 || limits.Code.Check(c.ID) != nil || c.ArrivedAt.IsZero() {
				t.Fatalf("contact %+v read without a problem", c)
			}
		}
	})
}

func FuzzReadStates(f *testing.F) {
	seedCSV(f, "states")
	f.Fuzz(func(t *testing.T, s string) {
		ss, err := ReadStates(strings.NewReader(s), "f.csv", time.UTC)
		checkRefusal(t, err)
		for _, st := range ss {
			if st.Line < 2 || !st.End.After(st.Start) || st.End.Sub(st.Start) > limits.MaxState {
				t.Fatalf("state %+v read without a problem", st)
			}
		}
		if err == nil && len(overlappingStates("f.csv", ss)) > 0 {
			t.Fatal("overlapping states read without a problem")
		}
	})
}

func FuzzReadForecast(f *testing.F) {
	seedCSV(f, "forecast")
	f.Fuzz(func(t *testing.T, s string) {
		fc, err := ReadForecast(strings.NewReader(s), "f.csv", time.UTC)
		checkRefusal(t, err)
		for _, r := range fc.Rows {
			if r.Line < 2 || r.Volume < 0 || r.AHTSeconds < 0 {
				t.Fatalf("row %+v read without a problem", r)
			}
		}
	})
}

// FuzzReader reads any file with the generic reader, as `wfm forecast
// --calendar` does, through every accessor.
func FuzzReader(f *testing.F) {
	f.Add("date,kind,name,multiplier,x_note\n2026-03-02,holiday,New Year,0.5,\"a\nb\"\n")
	f.Add("date,kind\n2026-03-02,\"holiday\n")
	f.Add("date,date\n")
	f.Add(",\n1,2\n")
	f.Fuzz(func(t *testing.T, s string) {
		cols := []Column{{Name: "date", Required: true}, {Name: "kind"}, {Name: "name"}, {Name: "multiplier"}}
		rd, err := NewReader(strings.NewReader(s), "f.csv", cols)
		checkRefusal(t, err)
		if err != nil {
			return
		}
		for rd.Next() {
			_ = rd.Time("date", time.UTC)
			_ = rd.Int("kind", 0)
			_, _ = rd.Bool("name")
			_ = rd.Float("multiplier", 1)
			_ = rd.Extensions()
		}
		checkRefusal(t, rd.Err())
	})
}
