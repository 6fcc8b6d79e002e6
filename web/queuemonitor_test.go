package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/intraday"
	"wfm/store"
)

// The queue monitor of 4 March (the site's "now" is 10:00): the day's two
// reports so far, Ana's states, the requirement and the published roster,
// each number worked out here by hand.
func TestQueueMonitor(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, sh) }
	n := func(v int) *int { return &v }
	f := func(v float64) *float64 { return &v }
	h := batch.History{Interval: 15 * time.Minute, Rows: []batch.HistoryRow{
		{Line: 2, Queue: "billing", Start: at(9, 0), Offered: 10, Answered: n(9), Abandoned: n(1), AnsweredInSL: n(8), ASASeconds: f(12), AHTSeconds: f(200)},
		{Line: 3, Queue: "billing", Start: at(9, 15), Offered: 20, Answered: n(16), Abandoned: n(4), AnsweredInSL: n(10), ASASeconds: f(40), AHTSeconds: f(220)},
	}}
	if _, err := d.store.ImportHistory(ctx, store.System, "today.csv", h); err != nil {
		t.Fatal(err)
	}
	// Ana: available 09:00-09:10, on a break to 09:20, on a contact to
	// 09:40, then logged out (her latest state goes on until the next).
	states := []batch.AgentState{
		{Line: 2, Agent: "A1", State: "available", Start: at(9, 0), End: at(9, 10)},
		{Line: 3, Agent: "A1", State: "break", Start: at(9, 10), End: at(9, 20)},
		{Line: 4, Agent: "A1", State: "contact", Start: at(9, 20), End: at(9, 40)},
		{Line: 5, Agent: "A1", State: "offline", Start: at(9, 40), End: at(9, 41)},
	}
	if _, err := d.store.ImportStates(ctx, store.System, "states.csv", states); err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	r := v.do("GET", fmt.Sprintf("/api/v1/intraday/queues/%d", d.queue.ID), nil)
	if r.status != http.StatusOK {
		t.Fatalf("monitor: %d %s", r.status, r.body)
	}
	var m intraday.QueueMonitor
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatal(err)
	}
	near := func(what string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 1e-9 {
			t.Errorf("%s: %v, want %v", what, deref(got), want)
		}
	}
	// The day so far: SL (8+10)/(10+20) (abandons count), ASA (12x9 + 40x16)/25, abandoned 5/30.
	if m.Offered != 30 || m.Answered != 25 || m.Abandoned != 5 || m.Day != civil.MustParse("2026-03-04") || m.IntervalSeconds != 900 {
		t.Errorf("day so far: %+v", m)
	}
	near("service level", m.ServiceLevel, 0.6)
	near("ASA", m.ASASeconds, (12.0*9+40*16)/25)
	near("abandon rate", m.AbandonRate, 5.0/30)
	near("AHT", m.AHTSeconds, (200.0*9+220*16)/25)
	iv := map[string]intraday.QueueInterval{}
	for _, x := range m.Intervals {
		iv[x.Start.In(sh).Format("15:04")] = x
	}
	near("09:15 SL", iv["09:15"].ServiceLevel, 0.5)
	// Staffed: Ana's productive minutes over each interval: 10/15 at 09:00 (the
	// break is not), 10/15 at 09:15 and at 09:30, none at 09:45; 10:00 has not begun.
	near("09:00 staffed", iv["09:00"].Staffed, 10.0/15)
	near("09:15 staffed", iv["09:15"].Staffed, 10.0/15)
	near("09:30 staffed", iv["09:30"].Staffed, 10.0/15)
	near("09:45 staffed", iv["09:45"].Staffed, 0)
	if iv["10:00"].Staffed != nil || iv["10:00"].Elapsed || !iv["09:45"].Elapsed {
		t.Errorf("10:00 has not begun: %+v", iv["10:00"])
	}
	// Required: the seeded requirement, 2 agents 09:00-17:00. Scheduled: the
	// published shifts of the day, breaks out, counted here.
	shifts, err := d.store.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{From: civil.MustParse("2026-03-04"), To: civil.MustParse("2026-03-04")})
	if err != nil {
		t.Fatal(err)
	}
	for _, clock := range []string{"09:00", "11:00", "12:30", "16:45"} {
		x := iv[clock]
		var want float64
		for _, s := range shifts {
			a := x.Start
			b := a.Add(15 * time.Minute)
			on := minutesOverlap(s.Start, s.End, a, b)
			for _, br := range s.Breaks {
				on -= minutesOverlap(br.Start, br.End, a, b)
			}
			want += on / 15
		}
		if math.Abs(x.Scheduled-want) > 1e-9 || x.Required == nil || *x.Required != 2 || x.Gap == nil || math.Abs(*x.Gap-(want-2)) > 1e-9 {
			t.Errorf("%s: scheduled %v required %v gap %v, want scheduled %v required 2", clock, x.Scheduled, x.Required, deref(x.Gap), want)
		}
	}

	// The page, in both languages, says it refreshes and shows the intervals.
	page := v.do("GET", fmt.Sprintf("/intraday/queues?queue=%d", d.queue.ID), nil)
	if page.status != http.StatusOK || !strings.Contains(page.body, `http-equiv="refresh"`) || !strings.Contains(page.body, "Interval by interval") ||
		!strings.Contains(page.body, `id="monitor_volume"`) || !strings.Contains(page.body, `id="monitor_staffing"`) {
		t.Errorf("the monitor page (%d) lacks its refresh, charts or table", page.status)
	}
	v.setLocale("zh-CN")
	page = v.do("GET", fmt.Sprintf("/intraday/queues?queue=%d", d.queue.ID), nil)
	names, err := centerNames(ctx, d.store)
	if err != nil {
		t.Fatal(err)
	}
	if english := readableEnglish(page.body, names); len(english) > 0 {
		t.Errorf("the Chinese queue monitor shows English: %q", english)
	}
	// An agent may not watch the queues.
	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	if r := agent.do("GET", "/intraday/queues", nil); r.status != http.StatusForbidden {
		t.Errorf("an agent's queue monitor: %d, want 403", r.status)
	}
}

func minutesOverlap(s1, e1, s2, e2 time.Time) float64 {
	start, end := s1, e1
	if s2.After(start) {
		start = s2
	}
	if e2.Before(end) {
		end = e2
	}
	if !end.After(start) {
		return 0
	}
	return end.Sub(start).Minutes()
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// When the rest of the day is short (5 agents wanted 16:00-17:00 where the
// roster has at most 2), the supervisor gets one alert a day for it, and
// the monitor says what would close it.
func TestGapAlerts(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, sh) }
	var reqs []store.Requirement
	for k := 0; k < 32; k++ {
		agents := 2
		if k >= 28 { // 16:00-17:00
			agents = 5
		}
		reqs = append(reqs, store.Requirement{IntervalStart: at(9, 0).Add(time.Duration(k) * 15 * time.Minute), IntervalSeconds: 900, Agents: agents, Scheduled: float64(agents), Source: "test"})
	}
	if err := d.store.ReplaceRequirements(ctx, store.System, d.queue.ID, at(9, 0), at(17, 0), reqs); err != nil {
		t.Fatal(err)
	}
	now := at(10, 0)
	m, err := intraday.QueueDay(ctx, d.store, d.queue.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if m.WorstGap == nil || *m.WorstGap > -3 || m.ShortHours < 3 {
		t.Fatalf("worst gap %v, short %v agent-hours: want at least 3 agents short for an hour", deref(m.WorstGap), m.ShortHours)
	}
	n, err := intraday.GapAlerts(ctx, d.store, store.System, now)
	if err != nil || n != 1 {
		t.Fatalf("alerts: %d %v, want one for sam", n, err)
	}
	notes, _ := d.store.ListNotifications(ctx, d.super.ID)
	if len(notes) != 1 || notes[0].Kind != "intraday-gap" || !strings.Contains(notes[0].Message, "agent-hours short for the rest of today, at worst") {
		t.Errorf("sam's notifications: %+v", notes)
	}
	if n, err := intraday.GapAlerts(ctx, d.store, store.System, now); err != nil || n != 0 {
		t.Errorf("the same gap again: %d alerts %v, want none", n, err)
	}
	v := newVisitor(t, ts.URL)
	v.login("sam", superPassword, "")
	page := v.do("GET", fmt.Sprintf("/intraday/queues?queue=%d", d.queue.ID), nil)
	if !strings.Contains(page.body, `id="monitor-advice"`) {
		t.Errorf("the monitor says nothing of the gap")
	}
}
