package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"wfm/store"
)

// TestSpecialDaysPage: a supervisor reads the public holidays each site
// keeps and the calendar; a manager adds an entry and deletes it at the
// version she saw; bad input names its field; a supervisor may not edit.
func TestSpecialDaysPage(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	super := newVisitor(t, ts.URL)
	super.login("sam", superPassword, "")
	page := super.do("GET", "/special-days", nil)
	// "Today" is 4 March 2026: Qingming is 4-6 April, Saturday 9 May a
	// make-up working day for Labour Day.
	if page.status != 200 || !strings.Contains(page.body, "Shanghai: Mainland China") || strings.Contains(page.body, `action="/special-days"`) ||
		!strings.Contains(page.body, "<td>2026-04-06</td><td>Monday</td><td>Qingming Festival</td><td>holiday</td>") ||
		!strings.Contains(page.body, "<td>2026-05-09</td><td>Saturday</td><td>Labour Day</td><td>make-up working day</td>") {
		t.Fatalf("supervisor, Shanghai (mainland China's holidays): %d\n%s", page.status, page.body)
	}
	site, err := d.store.GetSite(ctx, d.queue.SiteID)
	if err != nil {
		t.Fatal(err)
	}
	site.Timezone = "UTC"
	if err := d.store.UpdateSite(ctx, store.System, site); err != nil {
		t.Fatal(err)
	}
	if page = super.do("GET", "/special-days", nil); !strings.Contains(page.body, "Shanghai: found from each queue&#39;s history") {
		t.Fatalf("supervisor, a site in UTC (no public holidays known): %d\n%s", page.status, page.body)
	}
	if site, err = d.store.GetSite(ctx, d.queue.SiteID); err != nil {
		t.Fatal(err)
	}
	site.PublicHolidays = "IL"
	if err := d.store.UpdateSite(ctx, store.System, site); err != nil {
		t.Fatal(err)
	}
	// Pesach is on 2 April.
	page = super.do("GET", "/special-days", nil)
	if !strings.Contains(page.body, "<td>2026-04-02</td><td>Thursday</td><td>Pesach</td><td>holiday</td>") || !strings.Contains(page.body, "Shanghai: Israel") {
		t.Errorf("supervisor, Israeli holidays: no Pesach row\n%s", page.body)
	}
	if r := super.do("POST", "/special-days", url.Values{"csrf_token": {csrfOf(t, page.body)}, "site_id": {"1"}, "date": {"2026-10-01"}, "kind": {"holiday"}}); r.status != http.StatusForbidden {
		t.Errorf("a supervisor adds a special day: %d, want 403", r.status)
	}

	mgr := newVisitor(t, ts.URL)
	mgr.login("mona", managerPassword, "")
	page = mgr.do("GET", "/special-days", nil)
	if !strings.Contains(page.body, `action="/special-days"`) {
		t.Fatalf("manager: no add form\n%s", page.body)
	}
	token := csrfOf(t, page.body)
	siteID := strconv.FormatInt(site.ID, 10)
	add := url.Values{"csrf_token": {token}, "site_id": {siteID}, "queue_id": {""}, "date": {"2026-10-01"}, "kind": {"holiday"}, "name": {"National Day"}, "multiplier": {"0.3"}}
	if r := mgr.do("POST", "/special-days", add); r.status != http.StatusSeeOther || r.location != "/special-days?saved=1" {
		t.Fatalf("add: %d %s\n%s", r.status, r.location, r.body)
	}
	for field, bad := range map[string]string{"date": "1 Oct", "multiplier": "a lot", "kind": "party"} {
		form := url.Values{}
		for k, v := range add {
			form[k] = v
		}
		form.Set(field, bad)
		if r := mgr.do("POST", "/special-days", form); r.status != http.StatusBadRequest || !strings.Contains(r.body, field+":") {
			t.Errorf("%s %q: %d, want 400 naming the field\n%s", field, bad, r.status, r.body)
		}
	}
	page = mgr.do("GET", "/special-days?saved=1", nil)
	row := regexp.MustCompile(`<td>2026-10-01</td><td>Shanghai</td><td>All queues</td><td>Holiday</td><td><span data-user-text>National Day</span></td><td>× 0.3</td>`)
	if !row.MatchString(page.body) || !strings.Contains(page.body, "Calendar saved.") {
		t.Fatalf("the entry is not listed\n%s", page.body)
	}
	del := regexp.MustCompile(`action="(/special-days/\d+/delete)"[^>]*>\s*<input type="hidden" name="csrf_token" value="[^"]+">\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(page.body)
	if del == nil {
		t.Fatalf("no delete form\n%s", page.body)
	}
	if r := mgr.do("POST", del[1], url.Values{"csrf_token": {token}, "version": {"99"}}); r.status != http.StatusConflict {
		t.Errorf("delete at a stale version: %d, want 409", r.status)
	}
	if r := mgr.do("POST", del[1], url.Values{"csrf_token": {token}, "version": {del[2]}}); r.status != http.StatusSeeOther {
		t.Errorf("delete: %d", r.status)
	}
	events, err := d.store.ListCalendarEvents(ctx, store.CalendarFilter{})
	if err != nil || len(events) != 0 {
		t.Errorf("after the delete: %v %v", events, err)
	}
}
