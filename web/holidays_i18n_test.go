package web

import (
	"regexp"
	"testing"
	"time"

	"wfm/holidays"
)

// Every public holiday the product knows, and its group, is named in
// Chinese on the special days page (the holidays package names them in
// English).
func TestHolidaysNamedInChinese(t *testing.T) {
	zh := NewTranslator(Chinese, nil)
	latin := regexp.MustCompile(`[A-Za-z]{3,}`)
	for _, c := range holidays.Countries {
		days, err := holidays.Between(c, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2035, 12, 31, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range days {
			for _, s := range []string{holidayText(d.Name, zh), holidayGroupText(d.Group, zh)} {
				if latin.MatchString(s) {
					t.Errorf("%s %s (%s): %q", c, d.Name, d.Group, s)
				}
			}
		}
	}
	if got := holidayText("New Year's Day", NewTranslator(English, nil)); got != "New Year's Day" {
		t.Errorf("en: %q", got)
	}
}
