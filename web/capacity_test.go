package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"wfm/planning"
)

var scenarioLink = regexp.MustCompile(`href="(/plans\?[^"]*plan=(\d+)[^"]*)"`)

// A manager plans the Billing skill of Shanghai: a scenario from the form
// (its FTE left empty: today's two agents), a copy with a class of hires,
// both computed side by side; a wrong form names its fields; the API
// answers the same numbers.
func TestCapacityPlansPage(t *testing.T) {
	ts, d := newSite(t)
	ctx := t.Context()
	skills, _ := d.store.ListSkills(ctx)
	sites, _ := d.store.ListSites(ctx)
	q := url.Values{"site": {fmt.Sprint(sites[0].ID)}, "skill": {fmt.Sprint(skills[0].ID)}}
	m := newVisitor(t, ts.URL)
	m.login("mona", managerPassword, "")
	page := m.do("GET", "/plans?"+q.Encode(), nil)
	if page.status != http.StatusOK || !strings.Contains(page.body, `id="scenario-form"`) || !strings.Contains(page.body, `href="/plans"`) {
		t.Fatalf("the plans page (%d) has no form or no link in the navigation", page.status)
	}
	form := url.Values{"csrf_token": {csrfOf(t, page.body)}, "site": q["site"], "skill": q["skill"], "name": {"Base"}, "start": {"2026-03-09"},
		"weeks": {"26"}, "growth": {"10"}, "shrinkage": {"30"}, "hours": {"40"}, "attrition": {"3"}, "fte": {""},
		"class_weeks": {"4"}, "ramp_weeks": {"4"}, "ramp_productivity": {"50"}, "hires": {""}}
	r := m.do("POST", "/plans", form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("save a scenario: %d\n%s", r.status, r.body)
	}
	plans, err := d.store.ListCapacityPlans(ctx, sites[0].ID, skills[0].ID)
	if err != nil || len(plans) != 1 || plans[0].Assumptions.FTE != 2 || plans[0].Assumptions.GrowthPerYear != 0.1 {
		t.Fatalf("saved: %+v %v, want FTE 2 (today's agents) and growth 0.1", plans, err)
	}
	page = m.do("GET", r.location, nil)
	if !strings.Contains(page.body, "Base") || !strings.Contains(page.body, `id="capacity_fte"`) || !strings.Contains(page.body, `id="capacity_sl"`) {
		t.Errorf("the scenario is not shown with its charts")
	}
	// A copy, then a class of 3 hires in it.
	r = m.do("POST", fmt.Sprintf("/plans/%d/copy", plans[0].ID), url.Values{"csrf_token": {csrfOf(t, page.body)}, "name": {"Hire 3"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("copy: %d %s", r.status, r.body)
	}
	page = m.do("GET", r.location, nil)
	lm := scenarioLink.FindAllStringSubmatch(page.body, -1)
	if len(lm) != 2 || !strings.Contains(page.body, "Change scenario Hire 3") {
		t.Fatalf("two scenarios side by side, the copy in the form: %d links", len(lm))
	}
	edit := url.Values{}
	for k, v := range form {
		edit[k] = v
	}
	copyID := lm[1][2]
	cp, _ := d.store.GetCapacityPlan(ctx, mustInt(t, copyID))
	edit.Set("csrf_token", csrfOf(t, page.body))
	edit.Set("id", copyID)
	edit.Set("version", fmt.Sprint(cp.Version))
	edit.Set("name", "Hire 3")
	edit.Set("fte", "2")
	edit.Set("hires", "2026-03-16 3")
	if r = m.do("POST", "/plans", edit); r.status != http.StatusSeeOther {
		t.Fatalf("edit the copy: %d\n%s", r.status, r.body)
	}
	// A wrong form: each field named, nothing saved.
	bad := url.Values{}
	for k, v := range edit {
		bad[k] = v
	}
	bad.Set("weeks", "10")
	bad.Set("shrinkage", "95")
	bad.Set("hires", "next week 3")
	r = m.do("POST", "/plans", bad)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "Weeks:") || !strings.Contains(r.body, "Shrinkage:") || !strings.Contains(r.body, "Line 1 is not") {
		i := strings.Index(r.body, "<main")
		t.Errorf("a wrong form: %d, want 400 naming weeks, shrinkage and the hires line\n%.1500s", r.status, r.body[max(i, 0):])
	}

	// The API computes the same scenario; its numbers hold together.
	r = m.do("GET", fmt.Sprintf("/api/v1/capacity-plans/%s", copyID), nil)
	var res planning.CapacityResult
	if err := json.Unmarshal([]byte(r.body), &res); err != nil || r.status != http.StatusOK {
		t.Fatalf("API: %d %s", r.status, r.body)
	}
	if len(res.Weeks) != 26 || res.ServiceLevel != 0.8 || res.ThresholdSeconds != 20 {
		t.Errorf("API plan: %d weeks, goal %v/%v", len(res.Weeks), res.ServiceLevel, res.ThresholdSeconds)
	}
	for _, w := range res.Weeks {
		if d := w.SupplyFTE - w.NeedFTE - w.Gap; d > 1e-9 || d < -1e-9 {
			t.Errorf("week %s: gap %v is not supply - need", w.Week, w.Gap)
		}
	}
	if res.Weeks[10].SupplyFTE <= res.Weeks[10].BaseFTE {
		t.Errorf("week 10: the class of 3 adds nothing (%v <= %v)", res.Weeks[10].SupplyFTE, res.Weeks[10].BaseFTE)
	}

	// In Chinese, no English of the page's own.
	m.setLocale("zh-CN")
	page = m.do("GET", "/plans?"+q.Encode(), nil)
	names, _ := centerNames(ctx, d.store)
	if english := readableEnglish(page.body, append(names, "Base", "Hire 3", "FTE")); len(english) > 0 {
		t.Errorf("the Chinese plans page shows English: %q", english)
	}
	// A supervisor plans nothing.
	s := newVisitor(t, ts.URL)
	s.login("sam", superPassword, "")
	if r := s.do("GET", "/plans", nil); r.status != http.StatusForbidden {
		t.Errorf("a supervisor's plans page: %d, want 403", r.status)
	}
	// Delete with a stale version is a conflict; with the right one it goes.
	page = m.do("GET", "/plans?"+q.Encode(), nil)
	if r := m.do("POST", fmt.Sprintf("/plans/%d/delete", plans[0].ID), url.Values{"csrf_token": {csrfOf(t, page.body)}, "version": {"99"}}); r.status != http.StatusConflict {
		t.Errorf("delete a stale version: %d, want 409", r.status)
	}
	if r := m.do("POST", fmt.Sprintf("/plans/%d/delete", plans[0].ID), url.Values{"csrf_token": {csrfOf(t, page.body)}, "version": {"1"}}); r.status != http.StatusSeeOther {
		t.Errorf("delete: %d", r.status)
	}
	if left, _ := d.store.ListCapacityPlans(ctx, 0, 0); len(left) != 1 {
		t.Errorf("%d scenarios left, want 1", len(left))
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
