package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/store"
)

// Sam sends an overtime offer from the queue monitor when 17:00-18:00
// needs a third agent; Ana finds it on her offers page (in Chinese),
// accepts it, and her published shift ends an hour later; Sam sees she
// took it. A second answer is refused on the page.
func TestOfferPages(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, sh) }
	var reqs []store.Requirement
	for k := 0; k < 4; k++ {
		reqs = append(reqs, store.Requirement{IntervalStart: at(17, 0).Add(time.Duration(k) * 15 * time.Minute), IntervalSeconds: 900, Agents: 3, Scheduled: 3, Source: "test"})
	}
	if err := d.store.ReplaceRequirements(ctx, store.System, d.queue.ID, at(17, 0), at(18, 0), reqs); err != nil {
		t.Fatal(err)
	}
	agents, err := d.store.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	var ana store.Agent
	for _, a := range agents {
		if a.Code == "A1" {
			ana = a
		}
	}
	shiftEnd := func() time.Time {
		shifts, err := d.store.PublishedShifts(ctx, store.Scope{All: true}, store.ShiftFilter{AgentID: ana.ID, From: civil.MustParse("2026-03-04"), To: civil.MustParse("2026-03-04")})
		if err != nil || len(shifts) != 1 {
			t.Fatalf("Ana's shifts on 4 March: %v %v", shifts, err)
		}
		return shifts[0].End
	}
	if !shiftEnd().Equal(at(17, 0)) {
		t.Fatalf("Ana's shift ends at %s, want 17:00", shiftEnd())
	}

	sam := newVisitor(t, ts.URL)
	sam.login("sam", superPassword, "")
	monitor := sam.do("GET", fmt.Sprintf("/intraday/queues?queue=%d", d.queue.ID), nil)
	if !strings.Contains(monitor.body, `id="monitor-offer"`) {
		t.Fatalf("the monitor offers no form for the gap:\n%s", monitor.body)
	}
	// Without the form's token the post is refused.
	if r := sam.do("POST", "/intraday/offers", url.Values{"queue": {fmt.Sprint(d.queue.ID)}, "kind": {"overtime/end"}}); r.status != http.StatusForbidden {
		t.Errorf("an offer without CSRF: %d", r.status)
	}
	bad := sam.do("POST", "/intraday/offers", url.Values{"csrf_token": {csrfOf(t, monitor.body)}, "queue": {fmt.Sprint(d.queue.ID)}, "kind": {"overtime/end"}, "needed": {"two"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "“two” is not a number") {
		t.Errorf("needed two: %d", bad.status)
	}
	sent := sam.do("POST", "/intraday/offers", url.Values{"csrf_token": {csrfOf(t, monitor.body)}, "queue": {fmt.Sprint(d.queue.ID)}, "kind": {"overtime/end"}, "needed": {"1"}, "note": {"Busy evening"}})
	if sent.status != http.StatusOK || !strings.Contains(sent.body, `id="offer-made"`) || !strings.Contains(sent.body, "Ana Agent: Stay on 1 h after your shift") {
		t.Fatalf("sending the offer: %d\n%s", sent.status, sent.body)
	}
	offers, err := d.store.ListOffers(ctx, store.OfferFilter{Scope: store.Scope{All: true}})
	if err != nil || len(offers) != 1 {
		t.Fatalf("offers: %v %v", offers, err)
	}
	id := offers[0].ID

	anaV := newVisitor(t, ts.URL)
	anaV.login("ana", agentPassword, "")
	anaV.setLocale("zh-CN")
	page := anaV.do("GET", "/my/offers", nil)
	if page.status != http.StatusOK || !strings.Contains(page.body, "班次结束后再工作 1 小时") || !strings.Contains(page.body, fmt.Sprintf(`action="/my/offers/%d/accept"`, id)) {
		t.Fatalf("Ana's offers: %d\n%s", page.status, page.body)
	}
	names, err := centerNames(ctx, d.store)
	if err != nil {
		t.Fatal(err)
	}
	if english := readableEnglish(page.body, append(names, "Busy evening")); len(english) > 0 {
		t.Errorf("Ana's Chinese offers page shows English: %q", english)
	}
	r := anaV.do("POST", fmt.Sprintf("/my/offers/%d/accept", id), url.Values{"csrf_token": {csrfOf(t, page.body)}})
	if r.status != http.StatusSeeOther || r.location != "/my/offers?answer=accepted" {
		t.Fatalf("accept: %d %s\n%s", r.status, r.location, r.body)
	}
	if !shiftEnd().Equal(at(18, 0)) {
		t.Errorf("Ana's shift after accepting ends at %s, want 18:00", shiftEnd())
	}
	if s := anaV.do("GET", "/my/schedule?day=2026-03-04", nil); !strings.Contains(s.body, "18:00") {
		t.Errorf("Ana's schedule page does not show her shift to 18:00")
	}
	again := anaV.do("POST", fmt.Sprintf("/my/offers/%d/accept", id), url.Values{"csrf_token": {csrfOf(t, page.body)}})
	if again.status != http.StatusConflict || !strings.Contains(again.body, "您已答复过该邀请") {
		t.Errorf("accepting twice: %d", again.status)
	}

	list := sam.do("GET", "/intraday/offers", nil)
	row := regexp.MustCompile(fmt.Sprintf(`(?s)<tr id="offer-%d">.*?</tr>`, id)).FindString(list.body)
	if !strings.Contains(row, `class="recipient-accepted">Ana Agent`) || !strings.Contains(row, "1 of 1 taken") || !strings.Contains(row, "Filled") {
		t.Errorf("Sam's list does not show Ana took it:\n%s", row)
	}
	// An agent may not send offers, nor a supervisor answer one.
	if r := anaV.do("GET", "/intraday/offers", nil); r.status != http.StatusForbidden {
		t.Errorf("an agent on the offers page: %d", r.status)
	}
	if r := sam.do("POST", fmt.Sprintf("/my/offers/%d/decline", id), url.Values{"csrf_token": {csrfOf(t, list.body)}}); r.status != http.StatusBadRequest {
		t.Errorf("a supervisor declines: %d", r.status)
	}
}
