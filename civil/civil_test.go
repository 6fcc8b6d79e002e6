package civil

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestParseAcceptsOnlyRealDays(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-12-06", Date{2026, time.December, 6}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2026-02-29", Date{}, false},
		{"2026-13-01", Date{}, false},
		{"2026-1-5", Date{}, false},
		{"06/12/2026", Date{}, false},
		{"2026-12-06T00:00:00Z", Date{}, false},
		{"", Date{}, false},
	} {
		t.Run(cmp.Or(tc.in, "empty"), func(t *testing.T) {
			got, err := Parse(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("Parse(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestDayArithmeticCrossesMonthsYearsAndDST(t *testing.T) {
	d := MustParse("2026-03-28") // the night before Europe's clocks go forward
	if got := d.AddDays(1).String(); got != "2026-03-29" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := MustParse("2026-12-31").AddDays(1).String(); got != "2027-01-01" {
		t.Errorf("over the year: %s", got)
	}
	if got := MustParse("2024-03-01").AddDays(-1).String(); got != "2024-02-29" {
		t.Errorf("back over a leap day: %s", got)
	}
	if n := MustParse("2027-01-01").DaysSince(MustParse("2026-01-01")); n != 365 {
		t.Errorf("DaysSince = %d, want 365", n)
	}
	if n := MustParse("2026-01-01").DaysSince(MustParse("2026-01-08")); n != -7 {
		t.Errorf("DaysSince backwards = %d, want -7", n)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip(err)
	}
	// 29 March 2026 in London is 23 hours long.
	if h := d.AddDays(2).Start(london).Sub(d.AddDays(1).Start(london)); h != 23*time.Hour {
		t.Errorf("the spring-forward day lasts %v, want 23h", h)
	}
	// The same instant is a different day in Shanghai and in London.
	at := time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	if Of(at, shanghai).String() != "2026-12-07" || Of(at, london).String() != "2026-12-06" {
		t.Errorf("Of: Shanghai %v, London %v", Of(at, shanghai), Of(at, london))
	}
}

func TestWeeksStartOnMonday(t *testing.T) {
	for in, want := range map[string]string{
		"2026-12-06": "2026-11-30", // a Sunday
		"2026-12-07": "2026-12-07", // a Monday
		"2026-12-09": "2026-12-07",
		"2027-01-02": "2026-12-28", // over the year
	} {
		t.Run(in, func(t *testing.T) {
			if got := MustParse(in).Monday().String(); got != want {
				t.Errorf("Monday of %s = %s, want %s", in, got, want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	a, b := MustParse("2026-11-30"), MustParse("2026-12-01")
	if !a.Before(b) || a.After(b) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("%v vs %v compare wrongly", a, b)
	}
}

func TestJSONAndSQLAreTheDayAsText(t *testing.T) {
	type row struct {
		Start Date  `json:"start"`
		End   Date  `json:"end"`
		Maybe *Date `json:"maybe,omitempty"`
	}
	b, err := json.Marshal(row{Start: MustParse("2026-12-06")})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"start":"2026-12-06","end":""}` {
		t.Errorf("JSON %s", b)
	}
	var back row
	if err := json.Unmarshal([]byte(`{"start":"2026-12-07","end":""}`), &back); err != nil || back.Start.String() != "2026-12-07" || !back.End.IsZero() {
		t.Errorf("read back %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"start":"2026-02-30"}`), &back); err == nil {
		t.Error("30 February read as a day")
	}
	v, _ := MustParse("2026-12-06").Value()
	if v != "2026-12-06" {
		t.Errorf("Value %v", v)
	}
	if v, _ := (Date{}).Value(); v != "" {
		t.Errorf("zero Value %v, want ''", v)
	}
	for _, src := range []any{nil, "", []byte{}} {
		t.Run("empty "+fmt.Sprintf("%T", src), func(t *testing.T) {
			d := MustParse("2026-12-06")
			if err := d.Scan(src); err != nil || !d.IsZero() {
				t.Errorf("Scan(%#v) = %v, %v; want the zero Date", src, d, err)
			}
		})
	}
	for _, src := range []any{"2026-12-06", []byte("2026-12-06"), time.Date(2026, 12, 6, 0, 0, 0, 0, time.FixedZone("x", 8*3600))} {
		t.Run("a day from "+fmt.Sprintf("%T", src), func(t *testing.T) {
			var d Date
			if err := d.Scan(src); err != nil || d.String() != "2026-12-06" {
				t.Errorf("Scan(%T) = %v, %v", src, d, err)
			}
		})
	}
	var d Date
	if err := d.Scan(42); err == nil {
		t.Error("Scan(int) accepted")
	}
	if err := d.UnmarshalParam("2026-12-06"); err != nil || d.String() != "2026-12-06" {
		t.Errorf("UnmarshalParam: %v %v", d, err)
	}
}

func TestParseInIsMidnightInTheLocation(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	at, err := ParseIn("2026-12-06", shanghai)
	if err != nil || !at.Equal(time.Date(2026, 12, 5, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseIn = %v, %v", at, err)
	}
	if at, err := ParseIn("2026-12-06", nil); err != nil || !at.Equal(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseIn(nil) = %v, %v", at, err)
	}
	if _, err := ParseIn("2026-12-32", nil); err == nil {
		t.Error("32 December read as a day")
	}
}

func TestABadDayInJSONNamesItsField(t *testing.T) {
	var in struct {
		Items []struct {
			Start Date `json:"start_date"`
		} `json:"items"`
		End *Date `json:"end"`
	}
	for _, c := range []struct{ name, body, field string }{
		{"30 February in a list", `{"items":[{"start_date":"2026-02-30"}]}`, "items.start_date"},
		{"a word", `{"end":"tomorrow"}`, "end"},
		{"a number", `{"end":20261206}`, "end"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var te *json.UnmarshalTypeError
			if err := json.Unmarshal([]byte(c.body), &in); !errors.As(err, &te) || te.Field != c.field {
				t.Errorf("%s: %v, want a type error at %s", c.body, err, c.field)
			}
		})
	}
	if err := json.Unmarshal([]byte(`{"items":[{"start_date":""}],"end":null}`), &in); err != nil || !in.Items[0].Start.IsZero() || in.End != nil {
		t.Errorf("empty and null: %+v, %v", in, err)
	}
}
