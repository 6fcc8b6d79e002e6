package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wfm/store"
)

// What a signed-in person is shown, a page or the API's JSON, is never
// stored by a cache, and declares its type for good.
func TestSignedInAnswersAreNotStored(t *testing.T) {
	ts, _ := newSite(t)
	sam := newVisitor(t, ts.URL)
	if r := sam.login("sam", superPassword, ""); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	for _, path := range []string{"/complaints", "/quality", "/api/v1/me", "/api/v1/agents", "/api/v1/no-such-route", "/no-such-page"} {
		r := sam.do("GET", path, nil)
		if r.header.Get("Cache-Control") != "no-store" || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d with Cache-Control %q, X-Content-Type-Options %q", path, r.status,
				r.header.Get("Cache-Control"), r.header.Get("X-Content-Type-Options"))
		}
	}
}

// TestBrowserComplaintOnAnotherTeamsContact: in Chromium, a supervisor of
// another team who names Ana's contact on the complaint form is refused,
// in words, with what she typed kept.
func TestBrowserComplaintOnAnotherTeamsContact(t *testing.T) {
	ts, d := newSite(t)
	withContacts(t, d)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("complaint-refused")
	if err := b.Login(ts.URL, "tess", superPassword); err != nil {
		t.Fatal(err)
	}
	b.Allow(http.StatusForbidden)
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/complaints"),
		chromedp.WaitVisible(chromedp.ID("cp-customer")),
		chromedp.SendKeys(chromedp.ID("cp-contact"), "k1"),
		chromedp.SendKeys(chromedp.ID("cp-customer"), "Ms Wu"),
		chromedp.SendKeys(chromedp.ID("cp-about"), "rude"),
		chromedp.Click(chromedp.CSS(".record-form button[type=submit]")),
		// The refusal's page: wait for its message, not for the form, which
		// the page being left still shows (a loaded machine lost that race).
		chromedp.WaitVisible(chromedp.CSS(".flash-error")),
		chromedp.WaitVisible(chromedp.CSS(".record-form")),
	); err != nil {
		t.Fatalf("record: %v", err)
	}
	msg, err := eval[string](b, `(document.querySelector('.flash-error') || {}).innerText || ''`)
	if err != nil || !strings.Contains(msg, "handled by an agent outside your teams") {
		t.Errorf("error shown %q (%v)", msg, err)
	}
	kept, err := eval[string](b, `document.getElementById('cp-customer').value`)
	if err != nil || kept != "Ms Wu" {
		t.Errorf("customer field %q (%v), want what she typed", kept, err)
	}
	cs, err := d.store.ListComplaints(context.Background(), store.ComplaintFilter{Scope: store.Scope{All: true}})
	if err != nil || len(cs) != 0 {
		t.Errorf("stored: %+v %v", cs, err)
	}
	b.CheckClean()
}
