package planning

import (
	"context"
	"fmt"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/holidays"
	"wfm/store"
)

// HolidayCountry is the country whose public holidays the site keeps, or
// "" for none: its setting, or with "auto" the country of its time zone
// (none for a zone of no country, such as UTC; then the forecast finds
// the holidays from the days the history was closed).
func HolidayCountry(site *store.Site) string {
	switch site.PublicHolidays {
	case store.HolidaysNone:
		return ""
	case store.HolidaysAuto, "":
		return holidays.CountryOfZone(site.Timezone)
	}
	return site.PublicHolidays
}

// maxHolidaySpan bounds a public-holiday listing: three years.
const maxHolidaySpan = 3 * 366 * 24 * time.Hour

// PublicHolidays lists the public holidays site siteID keeps from from to
// to (both included, at most three years apart): the days its forecasts
// treat as holidays without a calendar entry. None when the site keeps
// none.
func PublicHolidays(ctx context.Context, st *store.Store, siteID int64, from, to civil.Date) ([]holidays.Day, error) {
	f := fault.FieldErrors{}
	if from.IsZero() {
		f.Add("from", "required: a date YYYY-MM-DD")
	}
	lo, hi := from.Start(nil), to.Start(nil)
	if to.IsZero() {
		f.Add("to", "required: a date YYYY-MM-DD")
	} else if len(f) == 0 && (hi.Before(lo) || hi.Sub(lo) > maxHolidaySpan) {
		f.Add("to", "%s must be from %s to three years after it", to, from)
	}
	if err := f.Err("public holidays"); err != nil {
		return nil, err
	}
	site, err := st.GetSite(ctx, siteID)
	if err != nil {
		return nil, err
	}
	out := []holidays.Day{}
	if c := HolidayCountry(site); c != "" {
		days, err := holidays.Between(c, lo, hi)
		if err != nil {
			return nil, fmt.Errorf("site %d: %w", siteID, err)
		}
		out = append(out, days...)
	}
	return out, nil
}
