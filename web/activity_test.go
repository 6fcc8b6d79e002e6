package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"wfm/store"
)

// TestActivityForm: the supervisor opens the activity form from the
// published roster, is told which field is wrong, finds the best slot for
// a team meeting, then places and publishes it; Ana sees it on her
// schedule with its kind and title, the board names it, and an agent may
// not open the form.
func TestActivityForm(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	pub, err := d.store.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{Status: store.SchedulePublished})
	if err != nil || len(pub) != 1 {
		t.Fatalf("published rosters %v %v", pub, err)
	}
	path := fmt.Sprintf("/roster/schedules/%d/activity", pub[0].ID)
	sam := newVisitor(t, ts.URL)
	sam.login("sam", superPassword, "")
	if draft := sam.do("GET", fmt.Sprintf("/roster/schedules/%d", pub[0].ID), nil); !strings.Contains(draft.body, `href="`+path+`"`) {
		t.Errorf("the roster's page does not link to the activity form")
	}
	if board := sam.do("GET", "/roster?day=2026-03-04", nil); !strings.Contains(board.body, `href="`+path+`" id="board-activity"`) {
		t.Errorf("the board does not link to the activity form")
	}
	form := sam.do("GET", path, nil)
	if form.status != 200 || !strings.Contains(form.body, `name="kind"`) || !strings.Contains(form.body, "Ana Agent") {
		t.Fatalf("form: %d\n%s", form.status, form.body)
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form.body)
	team := regexp.MustCompile(`<option value="(\d+)">Billing A</option>`).FindStringSubmatch(form.body)
	if version == nil || team == nil {
		t.Fatalf("no version or team in the form:\n%s", form.body)
	}
	ask := url.Values{"csrf_token": {csrfOf(t, form.body)}, "version": {version[1]}, "kind": {"meeting"}, "title": {""}, "team_id": {team[1]},
		"duration_minutes": {"30"}, "from": {"2026-03-05"}, "to": {"2026-03-06"}, "together": {"1"}}
	r := sam.do("POST", path, ask)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "title") || !strings.Contains(r.body, `id="activity-error"`) {
		t.Fatalf("no title: %d\n%s", r.status, r.body)
	}
	ask.Set("title", "Billing changes")
	r = sam.do("POST", path, ask)
	if r.status != 200 || !strings.Contains(r.body, "Best slot found (not placed yet)") || !strings.Contains(r.body, `id="activity-placed"`) {
		t.Fatalf("plan: %d\n%s", r.status, r.body)
	}
	ask.Set("apply", "1")
	ask.Set("publish", "1")
	r = sam.do("POST", path, ask)
	if r.status != 200 || !strings.Contains(r.body, "<h2>Placed</h2>") {
		t.Fatalf("apply: %d\n%s", r.status, r.body)
	}
	m := regexp.MustCompile(`<tr><td>Ana Agent</td><td>(2026-03-0[56])</td><td>(\d\d:\d\d)–(\d\d:\d\d)</td>`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("Ana not placed:\n%s", r.body)
	}

	ana := newVisitor(t, ts.URL)
	ana.login("ana", agentPassword, "")
	mine := ana.do("GET", "/my/schedule", nil)
	if !strings.Contains(mine.body, `id="activities"`) || !strings.Contains(mine.body, "<td>Meeting</td><td>Billing changes</td>") || !strings.Contains(mine.body, m[2]+"–"+m[3]) {
		t.Errorf("Ana's schedule does not show the meeting at %s–%s:\n%s", m[2], m[3], mine.body)
	}
	if !strings.Contains(mine.body, `class="seg seg-meeting"`) {
		t.Errorf("Ana's timeline has no meeting segment")
	}
	board := sam.do("GET", "/roster?day="+m[1], nil)
	if !strings.Contains(board.body, "Meeting: Billing changes "+m[2]+"–"+m[3]) {
		t.Errorf("the board does not name the meeting:\n%s", board.body)
	}
	if r := ana.do("GET", path, nil); r.status != http.StatusForbidden {
		t.Errorf("an agent opening the form: %d", r.status)
	}
}
