package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
)

// agentCalendar serves an agent's published shifts as iCalendar (RFC
// 5545). A phone calendar cannot log in, so the route is public and
// authenticates itself with ?key=, the agent's feed key, and nothing
// else: a feed URL is pasted into calendars, synced and logged, so it
// must carry a secret that opens this feed only, never an API token or a
// session.
func (s *Server) agentCalendar(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	ctx := c.Request.Context()
	sc, err := s.calendarScope(c, id)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	now := s.now()
	f, err := rostering.AgentFeedOf(ctx, s.store, sc, id, now)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var buf bytes.Buffer
	say := s.calendarWords(ctx, f.Agent, c.GetHeader("Accept-Language"))
	writeCalendar(&buf, f.Agent.Name+" – "+f.Site.Name, f.Site.Timezone, f.Site.Location(), f.Shifts, now, say)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", buf.Bytes())
}

// calendarEnglish are the feed's words when no catalog is wired in
// (Config.Translate); the keys are the catalogs' (web/i18n).
var calendarEnglish = map[string]string{
	"calendar.summary": "Shift %s",
	"calendar.times":   "%s %s-%s",
	"calendar.skill":   "%s, skill %s",
	"calendar.breaks":  "Breaks:",
	"calendar.paid":    "%s-%s (paid)",
	"calendar.unpaid":  "%s-%s (unpaid)",
	// An activity inside a shift: its kind's word, then its title.
	"calendar.activity":          "%s: %s",
	"calendar.activities":        "Activities:",
	"calendar.activity_times":    "%s-%s %s: %s",
	"calendar.activity.meeting":  "Meeting",
	"calendar.activity.training": "Training",
	"calendar.activity.coaching": "Coaching",
}

// calendarWords says the feed's words in the language of the agent whose
// feed it is (her user's choice; when she has none, the calendar app's
// Accept-Language): a phone has no page to switch languages on.
func (s *Server) calendarWords(ctx context.Context, a *store.Agent, acceptLanguage string) func(key string, args ...any) string {
	english := func(key string, args ...any) string { return fmt.Sprintf(calendarEnglish[key], args...) }
	if s.translate == nil {
		return english
	}
	locale := ""
	if a.UserID != nil {
		if u, err := s.store.GetUser(ctx, *a.UserID); err == nil {
			locale = u.Locale
		}
	}
	if locale == "" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(acceptLanguage)), "zh") {
		locale = "zh-CN"
	}
	return func(key string, args ...any) string { return s.translate(locale, key, args...) }
}

// calendarScope is what the feed's key opens: its agent's shifts.
func (s *Server) calendarScope(c *gin.Context, agentID int64) (store.Scope, error) {
	key := c.Query("key")
	if key == "" {
		return store.Scope{}, fault.Errorf(fault.Unauthorized, "a calendar feed needs ?key= (the agent's feed key, made on My schedule); API tokens and sessions are not taken")
	}
	owner, err := s.store.AgentByFeedKey(c.Request.Context(), key)
	if err != nil {
		return store.Scope{}, err
	}
	if owner != agentID {
		return store.Scope{}, fault.Errorf(fault.Forbidden, "this calendar key is for another agent")
	}
	return store.Scope{AgentID: owner}, nil
}

// writeCalendar writes shifts as a VCALENDAR in the site's zone: a
// VTIMEZONE with the zone's real transitions over the shifts' years, and
// one VEVENT per shift (breaks in the description). A shift keeps its UID
// across versions, so a republished roster updates the phone's copy.
func writeCalendar(buf *bytes.Buffer, name, tzid string, loc *time.Location, shifts []store.AgentShift, now time.Time, say func(key string, args ...any) string) {
	w := icsWriter{buf: buf}
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//wfm//roster//EN")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	w.line("X-WR-CALNAME:" + icsText(name))
	w.line("X-WR-TIMEZONE:" + tzid)
	from, to := calendarSpan(shifts, now)
	writeTimezone(&w, tzid, loc, from, to)
	ev := icsEvents{w: &w, tzid: tzid, loc: loc, stamp: now.UTC().Format("20060102T150405Z"), say: say}
	for _, sh := range shifts {
		ev.shift(sh)
		// Each activity inside the shift is an event of its own, so that
		// the phone shows the meeting at its time; it keeps its UID (agent,
		// day, rank) across versions as the shift does.
		for i, act := range sh.Activities {
			ev.activity(sh, i, act)
		}
	}
	w.line("END:VCALENDAR")
}

// calendarSpan is the time the calendar's zone rules must cover: a year
// either side of now, and of every shift.
func calendarSpan(shifts []store.AgentShift, now time.Time) (from, to time.Time) {
	from, to = now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0)
	for _, sh := range shifts {
		if sh.Start.Before(from) {
			from = sh.Start.AddDate(-1, 0, 0)
		}
		if sh.End.After(to) {
			to = sh.End.AddDate(1, 0, 0)
		}
	}
	return from, to
}

// icsEvents writes the calendar's events, in its zone.
type icsEvents struct {
	w     *icsWriter
	tzid  string
	loc   *time.Location
	stamp string
	say   func(key string, args ...any) string
}

// times writes an event's version, stamp, start and end.
func (e icsEvents) times(sh store.AgentShift, start, end time.Time) {
	e.w.line(fmt.Sprintf("SEQUENCE:%d", sh.ScheduleID))
	e.w.line("DTSTAMP:" + e.stamp)
	e.w.line(fmt.Sprintf("DTSTART;TZID=%s:%s", e.tzid, start.In(e.loc).Format("20060102T150405")))
	e.w.line(fmt.Sprintf("DTEND;TZID=%s:%s", e.tzid, end.In(e.loc).Format("20060102T150405")))
}

func (e icsEvents) shift(sh store.AgentShift) {
	e.w.line("BEGIN:VEVENT")
	e.w.line(fmt.Sprintf("UID:shift-%d-%s@wfm", sh.AgentID, sh.Date))
	e.times(sh, sh.Start, sh.End)
	e.w.line("SUMMARY:" + icsText(e.say("calendar.summary", sh.Shift)))
	e.w.line("DESCRIPTION:" + icsText(shiftDescription(sh, e.loc, e.say)))
	e.w.line("TRANSP:OPAQUE")
	e.w.line("END:VEVENT")
}

func (e icsEvents) activity(sh store.AgentShift, i int, act store.ShiftActivity) {
	e.w.line("BEGIN:VEVENT")
	e.w.line(fmt.Sprintf("UID:activity-%d-%s-%d@wfm", sh.AgentID, sh.Date, i))
	e.times(sh, act.Start, act.End)
	e.w.line("SUMMARY:" + icsText(e.say("calendar.activity", e.say("calendar.activity."+act.Kind), act.Title)))
	e.w.line("CATEGORIES:" + icsText(strings.ToUpper(act.Kind)))
	e.w.line("TRANSP:OPAQUE")
	e.w.line("END:VEVENT")
}

func shiftDescription(sh store.AgentShift, loc *time.Location, say func(key string, args ...any) string) string {
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	text := say("calendar.times", sh.Shift, clock(sh.Start), clock(sh.End))
	if sh.Skill != "" {
		text = say("calendar.skill", text, sh.Skill)
	}
	lines := []string{text}
	if len(sh.Breaks) > 0 {
		lines = append(lines, say("calendar.breaks"))
	}
	for _, br := range sh.Breaks {
		key := "calendar.paid"
		if !br.Paid {
			key = "calendar.unpaid"
		}
		lines = append(lines, say(key, clock(br.Start), clock(br.End)))
	}
	if len(sh.Activities) > 0 {
		lines = append(lines, say("calendar.activities"))
	}
	for _, act := range sh.Activities {
		lines = append(lines, say("calendar.activity_times", clock(act.Start), clock(act.End), say("calendar.activity."+act.Kind), act.Title))
	}
	return strings.Join(lines, "\n")
}

// writeTimezone writes the zone's offsets in force over [from, to): one
// component for the offset at from, then one per transition, each with
// its onset in the local time before it (RFC 5545 3.6.5).
func writeTimezone(w *icsWriter, tzid string, loc *time.Location, from, to time.Time) {
	w.line("BEGIN:VTIMEZONE")
	w.line("TZID:" + tzid)
	t := from.In(loc)
	abbr, off := t.Zone()
	w.zone(t.IsDST(), "19700101T000000", off, off, abbr)
	for i := 0; i < 400; i++ { // a zone changes at most a few times a year
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		_, before := end.Add(-time.Second).Zone()
		t = end.In(loc)
		abbr, after := t.Zone()
		onset := end.UTC().Add(time.Duration(before) * time.Second).Format("20060102T150405")
		w.zone(t.IsDST(), onset, before, after, abbr)
	}
	w.line("END:VTIMEZONE")
}

type icsWriter struct{ buf *bytes.Buffer }

func (w *icsWriter) zone(dst bool, onset string, from, to int, name string) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	w.line("BEGIN:" + kind)
	w.line("DTSTART:" + onset)
	w.line("TZOFFSETFROM:" + icsOffset(from))
	w.line("TZOFFSETTO:" + icsOffset(to))
	w.line("TZNAME:" + icsText(name))
	w.line("END:" + kind)
}

// line writes a content line folded at 75 octets, never inside a UTF-8
// character, ended by CRLF.
func (w *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}

func icsOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	return fmt.Sprintf("%s%02d%02d", sign, seconds/3600, seconds%3600/60)
}

// icsText escapes a TEXT value.
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`).Replace(s)
}
