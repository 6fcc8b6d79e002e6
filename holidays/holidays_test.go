package holidays

import (
	"strings"
	"testing"
	"time"

	"wfm/civil"
)

func mustDate(s string) time.Time { return civil.MustParse(s).Start(nil) }

// byName is the dates of the holidays named name between from and to.
func byName(t *testing.T, country, from, to, name string) []string {
	t.Helper()
	days, err := Between(country, mustDate(from), mustDate(to))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range days {
		if d.Name == name {
			out = append(out, d.Date)
		}
	}
	return out
}

// The published dates (Israeli government and Hebcal calendars), not
// computed by this package's rules.
func TestIsraeliFestivalsOnTheirPublishedDates(t *testing.T) {
	cases := []struct{ name, want string }{
		{"Rosh Hashana", "1999-09-11 2000-09-30 2009-09-19 2010-09-09 2019-09-30 2020-09-19 2021-09-07 2022-09-26 2023-09-16 2024-10-03 2025-09-23 2026-09-12"},
		{"Pesach", "1999-04-01 2000-04-20 2019-04-20 2020-04-09 2021-03-28 2022-04-16 2023-04-06 2024-04-23 2025-04-13 2026-04-02"},
		{"Yom Kippur", "1999-09-20 2023-09-25 2024-10-12 2025-10-02"},
		{"Purim", "1999-03-02 2023-03-07 2024-03-24 2025-03-14"},
		{"Shavuot", "1999-05-21 2023-05-26 2024-06-12"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, want := range strings.Fields(c.want) {
				t.Run(want[:4], func(t *testing.T) {
					y := mustDate(want).Year()
					got := byName(t, "IL", want[:4]+"-01-01", want[:4]+"-12-31", c.name)
					if len(got) != 1 || got[0] != want {
						t.Errorf("%s %d: got %v, want %s", c.name, y, got, want)
					}
				})
			}
		})
	}
}

// Independence Day moves off Friday and Saturday to Thursday, and (from
// 2004) off Monday to Tuesday; Memorial Day is the day before.
func TestIsraeliIndependenceDayMoves(t *testing.T) {
	for _, want := range []string{"1999-04-21", "2004-04-27", "2019-05-09", "2020-04-29", "2021-04-15", "2022-05-05", "2023-04-26", "2024-05-14", "2025-05-01"} {
		t.Run(want[:4], func(t *testing.T) {
			got := byName(t, "IL", want[:4]+"-01-01", want[:4]+"-12-31", "Yom HaAtzmaut")
			if len(got) != 1 || got[0] != want {
				t.Errorf("Yom HaAtzmaut %s: got %v", want[:4], got)
			}
			eve := mustDate(want).AddDate(0, 0, -1).Format(time.DateOnly)
			if got := byName(t, "IL", want[:4]+"-01-01", want[:4]+"-12-31", "Yom HaZikaron"); len(got) != 1 || got[0] != eve {
				t.Errorf("Yom HaZikaron %s: got %v, want %s", want[:4], got, eve)
			}
		})
	}
}

// The 1999 calendar the forecast was measured with (written by hand from
// the published dates, forecast/testdata/calendar-israel-1999.csv): every
// day and its group.
func TestIsrael1999AsListedByHand(t *testing.T) {
	want := `1999-03-02 purim
1999-03-31 holiday eve
1999-04-01 holiday
1999-04-02 chol hamoed
1999-04-03 chol hamoed
1999-04-04 chol hamoed
1999-04-05 chol hamoed
1999-04-06 holiday eve
1999-04-07 holiday
1999-04-20 holiday eve
1999-04-21 holiday
1999-05-20 holiday eve
1999-05-21 holiday
1999-09-10 holiday eve
1999-09-11 holiday
1999-09-12 holiday
1999-09-19 holiday eve
1999-09-20 holiday
1999-09-24 holiday eve
1999-09-25 holiday
1999-09-26 chol hamoed
1999-09-27 chol hamoed
1999-09-28 chol hamoed
1999-09-29 chol hamoed
1999-09-30 chol hamoed
1999-10-01 holiday eve
1999-10-02 holiday`
	days, err := Between("IL", mustDate("1999-01-01"), mustDate("1999-10-31"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, d.Date+" "+d.Group)
		if d.Closed != (d.Group == "holiday") {
			t.Errorf("%s %s: closed %v", d.Date, d.Name, d.Closed)
		}
	}
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("1999:\n%s\nwant\n%s", g, want)
	}
}

func TestUnitedStatesFederalHolidays(t *testing.T) {
	cases := []struct{ from, to, want string }{
		{"2003-01-01", "2003-12-31", "2003-01-01 2003-01-20 2003-02-17 2003-05-26 2003-07-04 2003-09-01 2003-10-13 2003-11-11 2003-11-27 2003-12-25"},
		// 2021: 4 July a Sunday (kept Monday the 5th), Christmas and the
		// next New Year's Day Saturdays (kept the Fridays before: 24
		// and 31 December), Juneteenth from 2021 (a Saturday: the 18th).
		{"2021-01-01", "2021-12-31", "2021-01-01 2021-01-18 2021-02-15 2021-05-31 2021-06-18 2021-07-05 2021-09-06 2021-10-11 2021-11-11 2021-11-25 2021-12-24 2021-12-31"},
	}
	for _, c := range cases {
		t.Run(c.from[:4], func(t *testing.T) {
			days, err := Between("US", mustDate(c.from), mustDate(c.to))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range days {
				got = append(got, d.Date)
				if !d.Closed {
					t.Errorf("%s %s: not closed", d.Date, d.Name)
				}
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("%s..%s:\n got %s\nwant %s", c.from, c.to, g, c.want)
			}
		})
	}
}

func TestCountryOfZoneAndUnknownCountry(t *testing.T) {
	for tz, want := range map[string]string{"Asia/Jerusalem": "IL", "America/New_York": "US", "America/Indiana/Indianapolis": "US", "UTC": "", "Asia/Shanghai": "CN", "Asia/Urumqi": "CN", "Asia/Hong_Kong": "", "Asia/Taipei": "", "Asia/Singapore": "", "Europe/London": ""} {
		t.Run(tz, func(t *testing.T) {
			if got := CountryOfZone(tz); got != want {
				t.Errorf("CountryOfZone(%q) = %q, want %q", tz, got, want)
			}
		})
	}
	if _, err := Between("XX", mustDate("2026-01-01"), mustDate("2026-12-31")); err == nil || !strings.Contains(err.Error(), "CN, IL, US") {
		t.Errorf("unknown country: %v", err)
	}
	if days, err := Between("US", mustDate("2026-12-31"), mustDate("2026-01-01")); err != nil || len(days) != 0 {
		t.Errorf("empty range: %v %v", days, err)
	}
}
