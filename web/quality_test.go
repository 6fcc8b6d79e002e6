package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wfm/batch"
	"wfm/store"
)

// withContacts gives the demo two answered contacts on 3 March: k1 taken
// by Ana (A1), k2 by Bo (B2), and a supervisor of no team, and sets the
// store's clock to the pages' "now".
func withContacts(t *testing.T, d demo) store.User {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 2, 0, 0, 0, time.UTC)
	d.store.SetClock(func() time.Time { return now })
	at := now.Add(-20 * time.Hour)
	ok := true
	_, err := d.store.ImportContacts(ctx, store.System, "contacts.csv", []batch.Contact{
		{Line: 2, ID: "k1", Queue: "billing", Channel: "voice", ArrivedAt: at, AnsweredAt: at.Add(8 * time.Second), EndedAt: at.Add(5 * time.Minute), Agent: "A1", TalkSeconds: 280, Resolved: &ok},
		{Line: 3, ID: "k2", Queue: "billing", Channel: "voice", ArrivedAt: at.Add(time.Hour), AnsweredAt: at.Add(time.Hour + 9*time.Second), EndedAt: at.Add(time.Hour + 4*time.Minute), Agent: "B2", TalkSeconds: 200},
	})
	if err != nil {
		t.Fatal(err)
	}
	tess := store.User{Username: "tess", DisplayName: "Tess", Role: store.RoleSupervisor, Locale: "en", Active: true, PasswordHash: hashes()[superPassword]}
	if err := d.store.CreateUser(ctx, store.System, &tess); err != nil {
		t.Fatal(err)
	}
	return tess
}

// evaluationForm marks every item of the default form fully, except the
// ones given.
func evaluationForm(t *testing.T, d demo, token, contact string, marks map[string]string) url.Values {
	t.Helper()
	f, err := d.store.EnsureDefaultQualityForm(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{"csrf_token": {token}, "form_id": {id(f.ID)}, "contact_id": {contact}, "comments": {"kind and quick"}}
	for _, it := range f.Items {
		v.Set("item."+it.ID, "1")
	}
	for k, m := range marks {
		v.Set("item."+k, m)
	}
	return v
}

func firstItem(t *testing.T, d demo, critical bool) store.QualityItem {
	t.Helper()
	f, _ := d.store.EnsureDefaultQualityForm(context.Background())
	for _, it := range f.Items {
		if it.Critical == critical && (critical || it.Weight > 0) {
			return it
		}
	}
	t.Fatal("the default form has no such item")
	return store.QualityItem{}
}

func TestQualityEvaluateCalibrateAndScope(t *testing.T) {
	ts, d := newSite(t)
	withContacts(t, d)
	sam := newVisitor(t, ts.URL)
	sam.login("sam", superPassword, "")
	list := sam.do("GET", "/quality", nil)
	if list.status != 200 || !strings.Contains(list.body, `<option value="k1">`) || !strings.Contains(list.body, `<option value="k2">`) {
		t.Fatalf("quality page: %d\n%s", list.status, list.body)
	}
	form := sam.do("GET", "/quality/evaluate?contact=k1", nil)
	if form.status != 200 || !strings.Contains(form.body, `name="contact_id" value="k1"`) || !strings.Contains(form.body, "Ana Agent") {
		t.Fatalf("evaluation form: %d\n%s", form.status, form.body)
	}
	if typed := sam.do("GET", "/quality/evaluate?contact=k2&contact_id=+k1+", nil); !strings.Contains(typed.body, `name="contact_id" value="k1"`) {
		t.Errorf("a typed contact id does not win over the list's choice:\n%s", typed.body)
	}
	token := csrfOf(t, form.body)
	plain, critical := firstItem(t, d, false), firstItem(t, d, true)
	// A mark that is not one of the choices is refused, with the item named.
	r := sam.do("POST", "/quality/evaluations", evaluationForm(t, d, token, "k1", map[string]string{critical.ID: "0.5"}))
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, html.EscapeString(critical.Text)) {
		t.Errorf("half a critical item: %d\n%s", r.status, r.body)
	}
	r = sam.do("POST", "/quality/evaluations", evaluationForm(t, d, token, "k1", map[string]string{plain.ID: "0.5"}))
	if r.status != http.StatusSeeOther {
		t.Fatalf("evaluate: %d\n%s", r.status, r.body)
	}
	first := r.location
	page := sam.do("GET", first, nil)
	if page.status != 200 || strings.Contains(page.body, `id="critical-failed"`) || !strings.Contains(page.body, "The evaluation was saved.") {
		t.Errorf("evaluation page: %d\n%s", page.status, page.body)
	}
	// The manager marks the same contact and fails a critical item: her
	// evaluation scores 0, and the calibration shows the two side by side.
	mona := newVisitor(t, ts.URL)
	mona.login("mona", managerPassword, "")
	mform := mona.do("GET", "/quality/evaluate?contact=k1", nil)
	r = mona.do("POST", "/quality/evaluations", evaluationForm(t, d, csrfOf(t, mform.body), "k1", map[string]string{critical.ID: "0"}))
	if r.status != http.StatusSeeOther {
		t.Fatalf("second evaluation: %d\n%s", r.status, r.body)
	}
	second := mona.do("GET", r.location, nil)
	if !strings.Contains(second.body, `id="critical-failed"`) || !strings.Contains(second.body, `id="evaluation-total">0.0<`) {
		t.Errorf("a failed critical item does not fail the evaluation:\n%s", second.body)
	}
	if !strings.Contains(second.body, "/quality/calibration?a=") {
		t.Fatalf("no calibration link:\n%s", second.body)
	}
	aID, bID := strings.TrimPrefix(r.location, "/quality/evaluations/"), strings.TrimPrefix(first, "/quality/evaluations/")
	aID, bID = strings.TrimSuffix(aID, "?saved=1"), strings.TrimSuffix(bID, "?saved=1")
	cal := sam.do("GET", "/quality/calibration?a="+aID+"&b="+bID, nil)
	if cal.status != 200 || !strings.Contains(cal.body, `class="differs"`) || !strings.Contains(cal.body, `id="calibration-difference">-`) {
		t.Errorf("calibration: %d\n%s", cal.status, cal.body)
	}
	// Bo's contact, by sam.
	form2 := sam.do("GET", "/quality/evaluate?contact=k2", nil)
	r = sam.do("POST", "/quality/evaluations", evaluationForm(t, d, csrfOf(t, form2.body), "k2", nil))
	if r.status != http.StatusSeeOther {
		t.Fatalf("evaluate k2: %d\n%s", r.status, r.body)
	}
	boEval := strings.TrimSuffix(r.location, "?saved=1")

	// Ana sees her own two evaluations and not Bo's; she may not evaluate
	// or calibrate.
	ana := newVisitor(t, ts.URL)
	ana.login("ana", agentPassword, "")
	mine := ana.do("GET", "/quality", nil)
	if mine.status != 200 || strings.Contains(mine.body, "Bo Other") || strings.Count(mine.body, `href="/quality/evaluations/`) != 2 || strings.Contains(mine.body, `action="/quality/evaluate"`) {
		t.Errorf("agent's quality page: %d\n%s", mine.status, mine.body)
	}
	if r := ana.do("GET", first, nil); r.status != 200 {
		t.Errorf("agent reads her own evaluation: %d", r.status)
	}
	for _, path := range []string{boEval, "/quality/evaluate?contact=k1", "/quality/calibration?a=" + aID + "&b=" + bID} {
		if r := ana.do("GET", path, nil); r.status != http.StatusForbidden {
			t.Errorf("agent GET %s: %d", path, r.status)
		}
	}
	if r := ana.do("POST", "/quality/evaluations", evaluationForm(t, d, csrfOf(t, mine.body), "k1", nil)); r.status != http.StatusForbidden {
		t.Errorf("agent evaluates: %d", r.status)
	}
	// A supervisor of another team sees none of it.
	tess := newVisitor(t, ts.URL)
	tess.login("tess", superPassword, "")
	other := tess.do("GET", "/quality", nil)
	if other.status != 200 || strings.Contains(other.body, "Ana Agent") || strings.Contains(other.body, `<option value="k1">`) {
		t.Errorf("other supervisor's quality page: %d\n%s", other.status, other.body)
	}
	for _, path := range []string{first, "/quality/evaluate?contact=k1", "/quality/calibration?a=" + aID + "&b=" + bID} {
		if r := tess.do("GET", path, nil); r.status != http.StatusForbidden {
			t.Errorf("other supervisor GET %s: %d", path, r.status)
		}
	}
	if r := tess.do("POST", "/quality/evaluations", evaluationForm(t, d, csrfOf(t, other.body), "k1", nil)); r.status != http.StatusForbidden {
		t.Errorf("other supervisor evaluates: %d", r.status)
	}
	// Signed out: to the login page.
	if r := newVisitor(t, ts.URL).do("GET", "/quality", nil); r.status != http.StatusSeeOther {
		t.Errorf("signed out: %d", r.status)
	}
	if r := ana.do("GET", "/quality/forms/1", nil); r.status != 200 || !strings.Contains(r.body, html.EscapeString(critical.Text)) {
		t.Errorf("the default form: %d", r.status)
	}
}
