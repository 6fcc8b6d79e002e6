package store

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/holidays"
	"wfm/limits"
)

// Site is a place agents work from; its time zone decides where each day
// of its queues and agents begins and ends.
type Site struct {
	bun.BaseModel `bun:"table:sites"`
	Record
	Name      string     `bun:"name,notnull" json:"name"`
	Timezone  string     `bun:"timezone,notnull" json:"timezone"`
	OpenHours []OpenDays `bun:"open_hours,type:text,notnull" json:"open_hours"`
	// PublicHolidays is whose public holidays the site's forecasts know
	// without a calendar entry: HolidaysAuto (the country of Timezone),
	// HolidaysNone, or a country code of holidays.Countries.
	PublicHolidays string `bun:"public_holidays,notnull" json:"public_holidays"`
}

// Site.PublicHolidays besides a country code.
const (
	HolidaysAuto = "auto"
	HolidaysNone = "none"
)

// OpenDays are the wall-clock hours the site is open on some weekdays
// (0 = Sunday). Close may be "24:00".
type OpenDays struct {
	Weekdays []int  `json:"weekdays"`
	Open     string `json:"open"`
	Close    string `json:"close"`
}

var clockRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$`)

// Validate checks the site's fields.
func (s *Site) Validate() error {
	f := fault.FieldErrors{}
	if s.Name == "" {
		f.Add("name", "required")
	}
	checkText(f, "name", s.Name, limits.Name)
	if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" {
		f.Add("timezone", "%q is not an IANA time zone (e.g. Asia/Shanghai)", s.Timezone)
	}
	switch s.PublicHolidays {
	case "":
		s.PublicHolidays = HolidaysAuto
	case HolidaysAuto, HolidaysNone:
	default:
		if !oneOf(s.PublicHolidays, holidays.Countries) {
			f.Add("public_holidays", "%q: want %s, %s or a country code of %v", s.PublicHolidays, HolidaysAuto, HolidaysNone, holidays.Countries)
		}
	}
	for i, o := range s.OpenHours {
		for _, d := range o.Weekdays {
			if d < 0 || d > 6 {
				f.Add(fmt.Sprintf("open_hours[%d].weekdays", i), "%d is not a weekday 0 (Sunday) to 6", d)
			}
		}
		if !clockRE.MatchString(o.Open) {
			f.Add(fmt.Sprintf("open_hours[%d].open", i), "%q is not HH:MM", o.Open)
		}
		if !clockRE.MatchString(o.Close) || o.Close <= o.Open {
			f.Add(fmt.Sprintf("open_hours[%d].close", i), "%q must be HH:MM after open", o.Close)
		}
	}
	return f.Err("site")
}

// Location is the site's time zone.
func (s *Site) Location() *time.Location {
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return time.UTC // Validate keeps bad zones out
	}
	return loc
}

func (s *Store) GetSite(ctx context.Context, id int64) (*Site, error) {
	var m Site
	return &m, getEntity(ctx, s.db, "site", &m, id)
}

func (s *Store) ListSites(ctx context.Context) ([]Site, error) {
	var out []Site
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	return out, nil
}

func (s *Store) CreateSite(ctx context.Context, a Actor, m *Site) error {
	return createEntity(ctx, s, a, "site", m, nil)
}

func (s *Store) UpdateSite(ctx context.Context, a Actor, m *Site) error {
	return updateEntity(ctx, s, a, "site", m, nil)
}

func (s *Store) DeleteSite(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "site", &Site{}, id, version)
}
