// Package holidays computes the public holidays of a country from their
// rules, so that a forecast knows the holidays in its history and ahead
// without anyone typing them in. The rules are the ones that close or
// thin a contact center: in the United States the federal holidays (the
// days banks and government offices close), in Israel the Jewish festivals,
// their eves and intermediate days, and Memorial and Independence Day.
//
// Each day has a Name ("Yom Kippur") and a Group: the days a forecast may
// pool to learn one effect. The eves of Israeli festivals are one group
// ("holiday eve": offices close early), the festival days another; each US
// holiday is its own group.
package holidays

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Day is one public holiday.
type Day struct {
	Date  string `json:"date"` // YYYY-MM-DD, civil date in the country
	Name  string `json:"name"`
	Group string `json:"group"`
	// Closed says offices close that day (a federal holiday, a festival),
	// unlike an eve or an intermediate day, which only thin the work.
	Closed bool `json:"closed"`
	// Common says most countries close that day too (New Year's Day,
	// Christmas): a center closed on it is no sign of this country.
	Common bool `json:"common"`
	// Workday marks a make-up working day (China's 调休): a Saturday or
	// Sunday worked in exchange for a weekday off in a break.
	Workday bool `json:"workday,omitempty"`
	// Like is the weekday the day is kept as, when not its own: a make-up
	// day the weekday it is worked as ("Monday"), a Chinese day off a
	// Sunday (a weekday inside a break is a rest day). Empty: its own.
	Like string `json:"like,omitempty"`
	// Near marks a working day just before or after a long break (China's
	// Spring Festival and National Day): no holiday, but a group of its own.
	Near bool `json:"near,omitempty"`
	// Provisional says the day is computed by rule for a year whose
	// official arrangement this package does not know yet (China after
	// OfficialThrough).
	Provisional bool `json:"provisional,omitempty"`
}

// Countries are the codes (ISO 3166-1 alpha-2) whose rules are known.
var Countries = []string{"CN", "IL", "US"}

// Between lists the holidays of country from from to to (civil dates,
// both included), in date order.
func Between(country string, from, to time.Time) ([]Day, error) {
	var year func(int) []Day
	switch strings.ToUpper(country) {
	case "US":
		year = unitedStates
	case "IL":
		year = israel
	case "CN":
		year = china
	default:
		return nil, fmt.Errorf("country %q: public holidays are known for %s", country, strings.Join(Countries, ", "))
	}
	if to.Before(from) {
		return nil, nil
	}
	lo, hi := from.Format(time.DateOnly), to.Format(time.DateOnly)
	var out []Day
	// A year's rules can put a day into the next or previous civil year
	// (New Year's Day observed on 31 December; the autumn festivals run
	// from one Hebrew year into the next), so look one year either side.
	for y := from.Year() - 1; y <= to.Year()+1; y++ {
		for _, d := range year(y) {
			if d.Date >= lo && d.Date <= hi {
				out = append(out, d)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return dedupe(out), nil
}

// dedupe keeps the first of days that share a date (sorted input).
func dedupe(days []Day) []Day {
	out := days[:0]
	for i, d := range days {
		if i > 0 && d.Date == out[len(out)-1].Date {
			continue
		}
		out = append(out, d)
	}
	return out
}

// zoneCountry maps the IANA zones of the countries with rules; a zone not
// here (UTC, or a country without rules) has no public holidays.
var zoneCountry = map[string]string{
	"Asia/Jerusalem": "IL", "Asia/Tel_Aviv": "IL", "Israel": "IL",
	// Mainland China keeps one time, Beijing's; Urumqi's zone is the
	// local solar time some of Xinjiang also keeps. Hong Kong, Macau and
	// Taiwan have holidays of their own.
	"Asia/Shanghai": "CN", "Asia/Chongqing": "CN", "Asia/Chungking": "CN",
	"Asia/Harbin": "CN", "Asia/Urumqi": "CN", "Asia/Kashgar": "CN", "PRC": "CN",
	"America/New_York": "US", "America/Chicago": "US", "America/Denver": "US",
	"America/Phoenix": "US", "America/Los_Angeles": "US", "America/Anchorage": "US",
	"America/Adak": "US", "America/Boise": "US", "America/Detroit": "US",
	"America/Juneau": "US", "America/Sitka": "US", "America/Yakutat": "US",
	"America/Nome": "US", "America/Metlakatla": "US", "America/Menominee": "US",
	"Pacific/Honolulu": "US", "US/Eastern": "US", "US/Central": "US",
	"US/Mountain": "US", "US/Pacific": "US", "US/Alaska": "US", "US/Hawaii": "US",
	"US/Arizona": "US", "US/Michigan": "US", "US/East-Indiana": "US",
}

// CountryOfZone is the country whose holidays a site in time zone tz
// keeps, or "" when tz belongs to no country with rules.
func CountryOfZone(tz string) string {
	if c, ok := zoneCountry[tz]; ok {
		return c
	}
	for _, prefix := range []string{"America/Indiana/", "America/Kentucky/", "America/North_Dakota/"} {
		if strings.HasPrefix(tz, prefix) {
			return "US"
		}
	}
	return ""
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func day(t time.Time, name, group string) Day {
	return Day{Date: t.Format(time.DateOnly), Name: name, Group: group}
}

func closed(d Day) Day {
	d.Closed = true
	return d
}

// nthWeekday is the n-th wd of month m (n = -1: the last).
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := date(y, m+1, 0)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	first := date(y, m, 1)
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

// observed moves a fixed-date federal holiday off the weekend: Saturday to
// the Friday before, Sunday to the Monday after (5 U.S.C. 6103).
func observed(t time.Time) time.Time {
	switch t.Weekday() {
	case time.Saturday:
		return t.AddDate(0, 0, -1)
	case time.Sunday:
		return t.AddDate(0, 0, 1)
	}
	return t
}

// unitedStates is the federal holidays of year y (5 U.S.C. 6103), on the
// days they are observed.
func unitedStates(y int) []Day {
	fixed := func(m time.Month, d int, name string) Day {
		return closed(day(observed(date(y, m, d)), name, strings.ToLower(name)))
	}
	nth := func(m time.Month, wd time.Weekday, n int, name string) Day {
		return closed(day(nthWeekday(y, m, wd, n), name, strings.ToLower(name)))
	}
	common := func(d Day) Day {
		d.Common = true
		return d
	}
	out := []Day{
		common(fixed(time.January, 1, "New Year's Day")),
		nth(time.May, time.Monday, -1, "Memorial Day"),
		fixed(time.July, 4, "Independence Day"),
		nth(time.September, time.Monday, 1, "Labor Day"),
		nth(time.November, time.Thursday, 4, "Thanksgiving Day"),
		common(fixed(time.December, 25, "Christmas Day")),
	}
	if y >= 1986 {
		out = append(out, nth(time.January, time.Monday, 3, "Martin Luther King Jr. Day"))
	}
	if y >= 1971 {
		out = append(out,
			nth(time.February, time.Monday, 3, "Washington's Birthday"),
			nth(time.October, time.Monday, 2, "Columbus Day"))
	}
	if y >= 1971 && y <= 1977 {
		out = append(out, nth(time.October, time.Monday, 4, "Veterans Day"))
	} else {
		out = append(out, fixed(time.November, 11, "Veterans Day"))
	}
	if y >= 2021 {
		out = append(out, fixed(time.June, 19, "Juneteenth National Independence Day"))
	}
	return out
}
