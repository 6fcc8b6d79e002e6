package api

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"wfm/civil"
	"wfm/store"
)

// The New York transitions of 2026, worked out by hand: clocks go from
// 02:00 EST to 03:00 EDT on 8 March, and from 02:00 EDT back to 01:00 EST
// on 1 November; each onset is written in the local time before it.
func TestTimezoneHasTheZonesTransitions(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	var buf bytes.Buffer
	w := icsWriter{buf: &buf}
	writeTimezone(&w, "America/New_York", loc, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	want := strings.Join([]string{
		"BEGIN:VTIMEZONE", "TZID:America/New_York",
		"BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0500", "TZNAME:EST", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:20260308T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "TZNAME:EDT", "END:DAYLIGHT",
		"BEGIN:STANDARD", "DTSTART:20261101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "TZNAME:EST", "END:STANDARD",
		"END:VTIMEZONE", ""}, "\r\n")
	if buf.String() != want {
		t.Errorf("VTIMEZONE:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestLinesAreFoldedWithoutSplittingCharacters(t *testing.T) {
	text := "DESCRIPTION:" + icsText(strings.Repeat("早班 09:00-18:00, 午餐; ", 12))
	var buf bytes.Buffer
	w := icsWriter{buf: &buf}
	w.line(text)
	out := buf.String()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatal("no CRLF at the end")
	}
	var unfolded strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i, l)
		}
		if i > 0 {
			if !strings.HasPrefix(l, " ") {
				t.Errorf("continuation line %d does not start with a space", i)
			}
			l = l[1:]
		}
		unfolded.WriteString(l)
	}
	if unfolded.String() != text {
		t.Errorf("unfolded %q\nwant %q", unfolded.String(), text)
	}
	if got := icsText("a,b;c\\d\ne"); got != `a\,b\;c\\d\ne` {
		t.Errorf("icsText = %q", got)
	}
}

// Without the catalogs wired in, the feed speaks English; with them, the
// agent's language (zh-CN: 班次, 小休, 不带薪).
func TestCalendarWords(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, loc)
	shifts := []store.AgentShift{{AgentID: 1, Date: civil.MustParse("2026-03-02"), Shift: "E", Skill: "billing", Start: start, End: start.Add(9 * time.Hour),
		Breaks: []store.ShiftBreak{{Start: start.Add(4 * time.Hour), End: start.Add(5 * time.Hour), Paid: false}}}}
	english := (&Server{}).calendarWords(context.Background(), &store.Agent{}, "zh-CN")
	var buf bytes.Buffer
	writeCalendar(&buf, "Ana", "UTC", loc, shifts, start, english)
	if !strings.Contains(buf.String(), "SUMMARY:Shift E\r\n") || !strings.Contains(buf.String(), `DESCRIPTION:E 08:00-17:00\, skill billing\nBreaks:\n12:00-13:00 (unpaid)`) {
		t.Errorf("English feed:\n%s", buf.String())
	}
	chinese := func(key string, args ...any) string {
		return fmt.Sprintf(map[string]string{"calendar.summary": "班次 %s", "calendar.times": "%s %s-%s", "calendar.skill": "%s，技能 %s",
			"calendar.breaks": "小休：", "calendar.unpaid": "%s-%s（不带薪）"}[key], args...)
	}
	buf.Reset()
	writeCalendar(&buf, "Ana", "UTC", loc, shifts, start, chinese)
	unfolded := strings.ReplaceAll(buf.String(), "\r\n ", "")
	if !strings.Contains(unfolded, "SUMMARY:班次 E\r\n") || !strings.Contains(unfolded, "12:00-13:00（不带薪）") {
		t.Errorf("Chinese feed:\n%s", buf.String())
	}
}

// An activity inside a shift is an event of its own, with its kind and
// title, and a line of the shift's description.
func TestCalendarShowsActivities(t *testing.T) {
	loc := time.UTC
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, loc)
	shifts := []store.AgentShift{{AgentID: 7, ScheduleID: 3, Date: civil.MustParse("2026-03-02"), Shift: "E", Start: start, End: start.Add(9 * time.Hour),
		Activities: []store.ShiftActivity{{Kind: "training", Title: "New billing system", Start: start.Add(6 * time.Hour), End: start.Add(7 * time.Hour)}}}}
	english := (&Server{}).calendarWords(context.Background(), &store.Agent{}, "")
	var buf bytes.Buffer
	writeCalendar(&buf, "Ana", "UTC", loc, shifts, start, english)
	got := strings.ReplaceAll(buf.String(), "\r\n ", "")
	for _, want := range []string{"UID:activity-7-2026-03-02-0@wfm\r\n", "DTSTART;TZID=UTC:20260302T140000\r\nDTEND;TZID=UTC:20260302T150000\r\n",
		"SUMMARY:Training: New billing system\r\n", `\nActivities:\n14:00-15:00 Training: New billing system`} {
		if !strings.Contains(got, want) {
			t.Errorf("feed lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "BEGIN:VEVENT"); n != 2 {
		t.Errorf("%d events, want the shift and the training", n)
	}
}
