package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"wfm/civil"
	"wfm/rostering"
	"wfm/store"
)

// TestPreferencesPage: Ana states a wish on her preferences page (a bad
// one is refused with the form kept), sees it, cannot remove Bo's, removes
// her own; Sam, her supervisor, reads the team's.
func TestPreferencesPage(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	bo := findAgent(t, d, "B2")
	fri := 5
	bos := store.ShiftPreference{AgentID: bo, Weekday: &fri, Work: false, Strength: 2, Note: "choir"}
	if err := rostering.CreatePreference(ctx, d.store, store.System, store.Scope{All: true}, &bos); err != nil {
		t.Fatal(err)
	}
	agent := newVisitor(t, ts.URL)
	agent.login("ana", agentPassword, "")
	page := agent.do("GET", "/my/preferences", nil)
	if page.status != 200 || !strings.Contains(page.body, "Shift preferences") || !strings.Contains(page.body, `<option value="E">E · Early (08:00)</option>`) || strings.Contains(page.body, "choir") {
		t.Fatalf("preferences page: %d\n%s", page.status, page.body)
	}
	token := csrfOf(t, page.body)
	if r := agent.do("POST", "/my/preferences", url.Values{"repeat": {"date"}, "date": {"2026-03-12"}, "wish": {"off"}, "strength": {"1"}}); r.status != http.StatusForbidden {
		t.Errorf("post without CSRF: %d, want 403", r.status)
	}
	r := agent.do("POST", "/my/preferences", url.Values{"csrf_token": {token}, "repeat": {"date"}, "date": {""}, "wish": {"off"}, "strength": {"2"}, "note": {"dentist"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Please check the preference") || !strings.Contains(r.body, `value="dentist"`) {
		t.Errorf("preference without a date: %d", r.status)
	}
	r = agent.do("POST", "/my/preferences", url.Values{"csrf_token": {token}, "repeat": {"weekday"}, "weekday": {"1"}, "wish": {"work"}, "shift": {"E"}, "strength": {"3"}})
	if r.status != http.StatusSeeOther || r.location != "/my/preferences?done=added" {
		t.Fatalf("add: %d %s", r.status, r.location)
	}
	page = agent.do("GET", r.location, nil)
	if !strings.Contains(page.body, "Every Monday") || !strings.Contains(page.body, "Would like to work shift E") || !strings.Contains(page.body, "Matters a lot") {
		t.Errorf("agent does not see her preference:\n%s", page.body)
	}
	// A start time instead of a shift (E starts at 08:00), shown as asked;
	// a shift and a start time together are refused.
	r = agent.do("POST", "/my/preferences", url.Values{"csrf_token": {token}, "repeat": {"date"}, "date": {"2026-03-20"}, "wish": {"work"}, "start_time": {"08:00"}, "strength": {"1"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add a start time: %d %s", r.status, r.body)
	}
	if page := agent.do("GET", "/my/preferences", nil); !strings.Contains(page.body, "Would like to start at 08:00") {
		t.Errorf("start time preference not shown")
	}
	if r := agent.do("POST", "/my/preferences", url.Values{"csrf_token": {token}, "repeat": {"weekday"}, "weekday": {"2"}, "wish": {"work"}, "shift": {"E"}, "start_time": {"08:00"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "start_time") {
		t.Errorf("shift and start time together: %d", r.status)
	}
	if r := agent.do("POST", "/my/preferences/"+itoa(bos.ID)+"/delete", url.Values{"csrf_token": {token}, "version": {"1"}}); r.status != http.StatusForbidden {
		t.Errorf("Ana removing Bo's: %d, want 403", r.status)
	}

	// A roster built now weighs Ana's Monday: the page tells her, and Sam,
	// how many of her wishes the published roster grants.
	if _, err := rostering.BuildAndPublish(ctx, d.store, store.System, d.queue.SiteID, civil.MustParse("2026-03-02"), 7, rostering.BuildOptions{TimeLimit: time.Second, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	page = agent.do("GET", "/my/preferences", nil)
	if !strings.Contains(page.body, "Granted in the published roster") || !regexp.MustCompile(`<td>A1 Ana Agent</td><td>1 / 1</td><td>100%</td>`).MatchString(page.body) {
		t.Errorf("agent does not see her granted preference:\n%s", page.body)
	}

	super := newVisitor(t, ts.URL)
	super.login("sam", superPassword, "")
	team := super.do("GET", "/my/preferences", nil)
	if team.status != 200 || !strings.Contains(team.body, "My teams&#39; preferences") || !strings.Contains(team.body, "B2 Bo Other") || !strings.Contains(team.body, "Every Monday") || !strings.Contains(team.body, "<td>A1 Ana Agent</td><td>1 / 1</td>") || strings.Contains(team.body, `action="/my/preferences"`) {
		t.Errorf("supervisor's page: %d\n%s", team.status, team.body)
	}

	m := regexp.MustCompile(`action="/my/preferences/(\d+)/delete">\s*<input type="hidden" name="csrf_token" value="[^"]*">\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no remove form:\n%s", page.body)
	}
	if r := agent.do("POST", "/my/preferences/"+m[1]+"/delete", url.Values{"csrf_token": {token}, "version": {m[2]}}); r.status != http.StatusSeeOther {
		t.Errorf("remove mine: %d", r.status)
	}
	if got, _ := d.store.ListPreferences(ctx, store.Scope{All: true}, store.PreferenceFilter{}); len(got) != 2 {
		t.Errorf("left %+v, want Bo's and Ana's start time", got)
	}
}
