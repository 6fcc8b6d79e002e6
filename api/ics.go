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

	"wfm/civil"
	"wfm/fault"
	"wfm/store"
)

// calendarPast is how far back the feed reaches: phones keep what they
// already have.
const calendarPast = 31 * 24 * time.Hour

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
	a, err := s.store.GetAgent(ctx, id)
	if err == nil && !sc.HasAgent(a.ID, a.TeamID) {
		err = fault.Errorf(fault.Forbidden, "agent %d is not in your scope", id)
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	team, err := s.store.GetTeam(ctx, a.TeamID)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	site, err := s.store.GetSite(ctx, team.SiteID)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	now := s.now()
	from := civil.Of(now.Add(-calendarPast), site.Location())
	shifts, err := s.store.PublishedShifts(ctx, sc, store.ShiftFilter{AgentID: id, From: from})
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var buf bytes.Buffer
	say := s.calendarWords(ctx, a, c.GetHeader("Accept-Language"))
	writeCalendar(&buf, a.Name+" – "+site.Name, site.Timezone, site.Location(), shifts, now, say)
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
	from, to := now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0)
	for _, sh := range shifts {
		if sh.Start.Before(from) {
			from = sh.Start.AddDate(-1, 0, 0)
		}
		if sh.End.After(to) {
			to = sh.End.AddDate(1, 0, 0)
		}
	}
	writeTimezone(&w, tzid, loc, from, to)
	stamp := now.UTC().Format("20060102T150405Z")
	for _, sh := range shifts {
		w.line("BEGIN:VEVENT")
		w.line(fmt.Sprintf("UID:shift-%d-%s@wfm", sh.AgentID, sh.Date))
		w.line(fmt.Sprintf("SEQUENCE:%d", sh.ScheduleID))
		w.line("DTSTAMP:" + stamp)
		w.line(fmt.Sprintf("DTSTART;TZID=%s:%s", tzid, sh.Start.In(loc).Format("20060102T150405")))
		w.line(fmt.Sprintf("DTEND;TZID=%s:%s", tzid, sh.End.In(loc).Format("20060102T150405")))
		w.line("SUMMARY:" + icsText(say("calendar.summary", sh.Shift)))
		w.line("DESCRIPTION:" + icsText(shiftDescription(sh, loc, say)))
		w.line("TRANSP:OPAQUE")
		w.line("END:VEVENT")
		// Each activity inside the shift is an event of its own, so that
		// the phone shows the meeting at its time; it keeps its UID (agent,
		// day, rank) across versions as the shift does.
		for i, act := range sh.Activities {
			w.line("BEGIN:VEVENT")
			w.line(fmt.Sprintf("UID:activity-%d-%s-%d@wfm", sh.AgentID, sh.Date, i))
			w.line(fmt.Sprintf("SEQUENCE:%d", sh.ScheduleID))
			w.line("DTSTAMP:" + stamp)
			w.line(fmt.Sprintf("DTSTART;TZID=%s:%s", tzid, act.Start.In(loc).Format("20060102T150405")))
			w.line(fmt.Sprintf("DTEND;TZID=%s:%s", tzid, act.End.In(loc).Format("20060102T150405")))
			w.line("SUMMARY:" + icsText(say("calendar.activity", say("calendar.activity."+act.Kind), act.Title)))
			w.line("CATEGORIES:" + icsText(strings.ToUpper(act.Kind)))
			w.line("TRANSP:OPAQUE")
			w.line("END:VEVENT")
		}
	}
	w.line("END:VCALENDAR")
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
