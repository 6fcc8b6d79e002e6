package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/planning"
	"wfm/store"
)

// PathSpecialDays is the calendar of special days the forecasts use.
const PathSpecialDays = "/special-days"

// How far the special-days page looks: the events of a year back (they
// teach the forecast) and a year ahead, the public holidays of the next
// half year.
const (
	specialDaysBack     = 365
	specialDaysAhead    = 365
	publicHolidaysAhead = 183
)

// SpecialDaysData is the data of the "special days" page.
type SpecialDaysData struct {
	Sites   []SpecialDaysSite
	Events  []SpecialDayView
	CanEdit bool // managers add and delete; supervisors read
	// The add form's choices.
	SiteOptions, QueueOptions, KindOptions []Option
}

// SpecialDaysSite is a site's public-holiday setting and the holidays it
// brings over the next months.
type SpecialDaysSite struct {
	Name, Setting string
	Holidays      []PublicHolidayView
}

// PublicHolidayView is one public holiday as listed.
type PublicHolidayView struct {
	Date, Weekday, Name, Group string
}

// SpecialDayView is one calendar entry as listed.
type SpecialDayView struct {
	ID, Version                           int64
	Date, Site, Queue, Kind, Name, Effect string
}

func (p *pages) specialDays(c *gin.Context, pg Page) {
	data, err := p.specialDaysData(c.Request.Context(), pg)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	if c.Query("saved") != "" {
		pg.Flashes = append(pg.Flashes, Flash{Kind: "success", Message: pg.T("special.saved")})
	}
	pg.Title = pg.T("nav.special_days")
	pg.Data = data
	p.write(c, http.StatusOK, "special_days", pg)
}

// specialDaysData is the sites' public holidays and the center's special
// days around today, with the form's options.
func (p *pages) specialDaysData(ctx context.Context, pg Page) (SpecialDaysData, error) {
	data := SpecialDaysData{CanEdit: pg.User.Role.AtLeast(RoleManager)}
	sites, err := p.store.ListSites(ctx)
	if err != nil {
		return data, err
	}
	queues, err := p.store.ListQueues(ctx)
	if err != nil {
		return data, err
	}
	today := p.now()
	siteName, queueName := map[int64]string{}, map[int64]string{}
	for _, s := range sites {
		siteName[s.ID] = s.Name
		data.SiteOptions = append(data.SiteOptions, Option{Value: idText(s.ID), Label: s.Name})
	}
	if data.Sites, err = p.siteHolidays(ctx, pg, sites, today); err != nil {
		return data, err
	}
	data.QueueOptions = []Option{{Value: "", Label: pg.T("special.all_queues")}}
	for _, q := range queues {
		queueName[q.ID] = q.Name
		data.QueueOptions = append(data.QueueOptions, Option{Value: idText(q.ID), Label: q.Name + " (" + siteName[q.SiteID] + ")"})
	}
	data.KindOptions = keyOptions(pg, "special.kind.", store.CalendarKinds...)
	events, err := p.store.ListCalendarEvents(ctx, store.CalendarFilter{
		From: civil.Of(today.AddDate(0, 0, -specialDaysBack), today.Location()), To: civil.Of(today.AddDate(0, 0, specialDaysAhead), today.Location())})
	data.Events = specialDayViews(pg, events, siteName, queueName)
	return data, err
}

// siteHolidays are each site's public holidays ahead, with the setting
// that chose them.
func (p *pages) siteHolidays(ctx context.Context, pg Page, sites []store.Site, today time.Time) ([]SpecialDaysSite, error) {
	var out []SpecialDaysSite
	for _, s := range sites {
		local := civil.Of(today, s.Location())
		days, err := planning.PublicHolidays(ctx, p.store, s.ID, local, local.AddDays(publicHolidaysAhead))
		if err != nil {
			return nil, err
		}
		setting := s.PublicHolidays
		if setting == "" {
			setting = store.HolidaysAuto
		}
		view := SpecialDaysSite{Name: s.Name, Setting: pg.T("aform.holidays." + setting)}
		if setting == store.HolidaysAuto {
			if c := planning.HolidayCountry(&s); c != "" {
				view.Setting = pg.T("aform.holidays." + c)
			} else {
				view.Setting = pg.T("special.detected")
			}
		}
		for _, d := range days {
			at, _ := civil.ParseIn(d.Date, nil)
			view.Holidays = append(view.Holidays, PublicHolidayView{Date: d.Date, Weekday: pg.T(fmt.Sprintf("prefs.weekday.%d", at.Weekday())),
				Name: holidayText(d.Name, pg.Translator), Group: holidayGroupText(d.Group, pg.Translator)})
		}
		out = append(out, view)
	}
	return out, nil
}

// specialDayViews are the calendar's entries by day, with their effect.
func specialDayViews(pg Page, events []store.CalendarEvent, siteName, queueName map[int64]string) []SpecialDayView {
	sort.SliceStable(events, func(i, j int) bool { return events[i].Date.Before(events[j].Date) })
	var out []SpecialDayView
	for _, e := range events {
		v := SpecialDayView{ID: e.ID, Version: e.Version, Date: e.Date.String(), Site: siteName[e.SiteID], Queue: pg.T("special.all_queues"),
			Kind: pg.T("special.kind." + e.Kind), Name: e.Name, Effect: pg.T("special.learned")}
		if e.QueueID != nil {
			v.Queue = queueName[*e.QueueID]
		}
		switch {
		case e.Kind == store.CalendarAnomaly:
			v.Effect = pg.T("special.kept_out")
		case e.Multiplier != nil:
			v.Effect = "× " + strconv.FormatFloat(*e.Multiplier, 'f', -1, 64)
		}
		out = append(out, v)
	}
	return out
}

// addSpecialDay files a calendar entry from the page's form.
func (p *pages) addSpecialDay(c *gin.Context, pg Page) {
	bad := fault.FieldErrors{}
	e := store.CalendarEvent{Date: postedDay(c, "date", "date", bad), Kind: c.PostForm("kind"), Name: strings.TrimSpace(c.PostForm("name"))}
	if err := bad.Err("calendar event"); err != nil {
		p.invalid(c, pg, err)
		return
	}
	e.SiteID, _ = strconv.ParseInt(c.PostForm("site_id"), 10, 64)
	if q := c.PostForm("queue_id"); q != "" {
		id, _ := strconv.ParseInt(q, 10, 64)
		e.QueueID = &id
	}
	if m := strings.TrimSpace(c.PostForm("multiplier")); m != "" {
		v, err := strconv.ParseFloat(m, 64)
		if err != nil {
			p.invalid(c, pg, &fault.Error{Code: fault.Invalid, Fields: map[string]string{"multiplier": fmt.Sprintf("%q is not a number", m)}})
			return
		}
		e.Multiplier = &v
	}
	if err := p.store.CreateCalendarEvent(c.Request.Context(), auth.Current(c).Actor(), &e); err != nil {
		p.invalid(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathSpecialDays+"?saved=1")
}

// deleteSpecialDay removes a calendar entry at the version the page showed.
func (p *pages) deleteSpecialDay(c *gin.Context, pg Page) {
	id, version := postedIDVersion(c)
	if err := p.store.DeleteCalendarEvent(c.Request.Context(), auth.Current(c).Actor(), id, version); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathSpecialDays+"?saved=1")
}

// holidaySlug is a holiday's name or group as a catalog key's last part:
// "New Year's Day" -> "new_year_s_day".
func holidaySlug(name string) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			underscore = false
		} else if !underscore && b.Len() > 0 {
			b.WriteByte('_')
			underscore = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// holidayText is a public holiday's name in the reader's language (the
// holidays package names them in English, as its rules do).
func holidayText(name string, t Translator) string {
	return keyOr(t, "holiday."+holidaySlug(name), name)
}

// holidayGroupText is the group of days a forecast pools ("holiday eve");
// a US holiday is its own group, named as the holiday.
func holidayGroupText(group string, t Translator) string {
	if key := "holiday.group." + holidaySlug(group); t.Has(key) {
		return t.T(key)
	}
	return holidayText(group, t)
}

// invalid renders a refused form with the fields the store named, or
// storeFail's page for anything but invalid input.
func (p *pages) invalid(c *gin.Context, pg Page, err error) {
	var se *fault.Error
	if fault.CodeOf(err) != fault.Invalid || !errors.As(err, &se) || len(se.Fields) == 0 {
		p.problem(c, pg, err)
		return
	}
	pg.Title = pg.T("error.title")
	pg.Data = ErrorData{Status: http.StatusBadRequest, Message: pg.T("error.400") + fieldProblems(err, pg.Translator)}
	p.write(c, http.StatusBadRequest, "error", pg)
	c.Abort()
}
