package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"wfm/store"
)

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestComplaintWalksTheSteps(t *testing.T) {
	ts, d := newSite(t)
	withContacts(t, d)
	ctx := context.Background()
	sam := newVisitor(t, ts.URL)
	sam.login("sam", superPassword, "")
	list := sam.do("GET", "/complaints", nil)
	if list.status != 200 || !strings.Contains(list.body, "No complaints in this period.") {
		t.Fatalf("empty list: %d\n%s", list.status, list.body)
	}
	token := csrfOf(t, list.body)
	r := sam.do("POST", "/complaints", url.Values{"csrf_token": {token}, "contact_id": {"k1"}, "customer": {"Mr Zhang"}, "about": {""}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Say what the complaint is about.") || !strings.Contains(r.body, `value="Mr Zhang"`) {
		t.Errorf("no about: %d\n%s", r.status, r.body)
	}
	r = sam.do("POST", "/complaints", url.Values{"csrf_token": {token}, "contact_id": {"k1"}, "customer": {"Mr Zhang"}, "about": {"charged twice"}, "wants": {"a refund"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", r.status, r.body)
	}
	casePath := strings.TrimSuffix(r.location, "?done=record")
	page := sam.do("GET", r.location, nil)
	if !strings.Contains(page.body, `aria-current="step"><span>Validity</span>`) || !strings.Contains(page.body, "Ana Agent") {
		t.Fatalf("new case:\n%s", page.body)
	}
	step := func(page string, action string, extra ...string) response {
		t.Helper()
		f := url.Values{"csrf_token": {csrfOf(t, page)}, "version": {versionField.FindStringSubmatch(page)[1]}, "action": {action}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return sam.do("POST", casePath+"/steps", f)
	}
	stale := page.body
	for _, s := range [][]string{{"judge", "valid", "1"}, {"classify", "category", "service"}, {"assign", "owner", "li"}, {"investigate"}, {"resolve", "remedy", "compensation"}} {
		r := step(page.body, s[0], s[1:]...)
		if r.status != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", s[0], r.status, r.body)
		}
		page = sam.do("GET", r.location, nil)
	}
	if !strings.Contains(page.body, `id="complaint-status">Resolved<`) || !strings.Contains(page.body, "5 Mar 2026 10:00") || !strings.Contains(page.body, `aria-current="step"><span>Supervisor approval`) {
		t.Errorf("resolved case (follow-up due 24 h after, approval next):\n%s", page.body)
	}
	// A step from the page read at the start: refused as stale, the case unchanged.
	r = step(stale, "judge", "valid", "0")
	if r.status != http.StatusConflict || !strings.Contains(r.body, "Someone else moved this case on") || !strings.Contains(r.body, `id="complaint-status">Resolved<`) {
		t.Errorf("stale step: %d\n%s", r.status, r.body)
	}
	// A day and more later, the follow-up is overdue: the list and the KPIs say so.
	d.store.SetClock(func() time.Time { return time.Date(2026, 3, 5, 3, 0, 0, 0, time.UTC) })
	sam.login("sam", superPassword, "") // the session of a day ago has expired
	page = sam.do("GET", casePath, nil)
	list = sam.do("GET", "/complaints", nil)
	if !strings.Contains(list.body, `<tr class="overdue">`) || !strings.Contains(list.body, `<div class="tile tile-missed"><span class="tile-label">Follow-up overdue</span><span class="tile-value">1</span>`) ||
		!strings.Contains(list.body, `<span class="tile-label">Complaint rate (per contact)</span><span class="tile-value">50.00%</span>`) {
		t.Errorf("overdue marker:\n%s", list.body)
	}
	// The owner may not approve her own remedy; sam (not the owner) approves.
	r = step(page.body, "approve")
	if r.status != http.StatusSeeOther || r.location != casePath+"?done=step" {
		t.Fatalf("approve: %d %s\n%s", r.status, r.location, r.body)
	}
	cs, err := d.store.ListComplaints(ctx, store.ComplaintFilter{Scope: store.Scope{All: true}})
	if err != nil || len(cs) != 1 || cs[0].Status != "approved" || len(cs[0].Steps) != 6 {
		t.Fatalf("store: %+v %v", cs, err)
	}

	// Ana (an agent) and Tess (another team's supervisor) are refused.
	ana := newVisitor(t, ts.URL)
	ana.login("ana", agentPassword, "")
	home := ana.do("GET", "/my/schedule", nil)
	for _, path := range []string{"/complaints", casePath} {
		if r := ana.do("GET", path, nil); r.status != http.StatusForbidden {
			t.Errorf("agent GET %s: %d", path, r.status)
		}
	}
	for _, path := range []string{"/complaints", casePath + "/steps"} {
		if r := ana.do("POST", path, url.Values{"csrf_token": {csrfOf(t, home.body)}, "version": {"1"}, "action": {"notify"}, "customer": {"x"}, "about": {"y"}}); r.status != http.StatusForbidden {
			t.Errorf("agent POST %s: %d", path, r.status)
		}
	}
	tess := newVisitor(t, ts.URL)
	tess.login("tess", superPassword, "")
	other := tess.do("GET", "/complaints", nil)
	if other.status != 200 || strings.Contains(other.body, "Mr Zhang") {
		t.Errorf("other supervisor's list: %d\n%s", other.status, other.body)
	}
	if r := tess.do("GET", casePath, nil); r.status != http.StatusForbidden {
		t.Errorf("other supervisor GET the case: %d", r.status)
	}
	if r := tess.do("POST", casePath+"/steps", url.Values{"csrf_token": {csrfOf(t, other.body)}, "version": {"7"}, "action": {"notify"}}); r.status != http.StatusForbidden {
		t.Errorf("other supervisor takes a step: %d", r.status)
	}
	// The form follows the API's rule (one check in the store): a contact of
	// another team is refused, the form kept; one that does not exist too.
	record := url.Values{"csrf_token": {csrfOf(t, other.body)}, "contact_id": {"k1"}, "customer": {"Ms Wu"}, "about": {"rude"}}
	if r := tess.do("POST", "/complaints", record); r.status != http.StatusForbidden || !strings.Contains(r.body, "handled by an agent outside your teams") || !strings.Contains(r.body, `value="Ms Wu"`) {
		t.Errorf("other supervisor records on Ana's contact: %d\n%s", r.status, r.body)
	}
	record.Set("contact_id", "no-such-contact")
	if r := tess.do("POST", "/complaints", record); r.status != http.StatusBadRequest || !strings.Contains(r.body, "No such contact.") {
		t.Errorf("a contact that does not exist: %d\n%s", r.status, r.body)
	}
	// The manager sees it.
	mona := newVisitor(t, ts.URL)
	mona.login("mona", managerPassword, "")
	if r := mona.do("GET", casePath, nil); r.status != 200 {
		t.Errorf("manager GET the case: %d", r.status)
	}
}
