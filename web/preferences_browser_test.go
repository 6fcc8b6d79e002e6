package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPreferencesPhone: in Chromium on a phone-sized screen, an
// agent states a dated wish not to work through the form; the page fits
// the screen and lists it.
func TestBrowserPreferencesPhone(t *testing.T) {
	ts, _ := newSite(t)
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("preferences-phone")
	if err := b.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	if err := b.Login(ts.URL, "ana", agentPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(
		chromedp.Navigate(ts.URL+"/my/preferences"),
		chromedp.WaitVisible(chromedp.CSS(".preference-form")),
		chromedp.Click(chromedp.CSS("input[name=repeat][value=date]")),
		chromedp.SetValue(chromedp.ID("pf-date"), "2026-03-12"),
		chromedp.SetValue(chromedp.ID("pf-strength"), "3"),
		chromedp.SendKeys(chromedp.ID("pf-note"), "dentist"),
		chromedp.Click(chromedp.CSS(".preference-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("form[action$='/delete']")),
	); err != nil {
		t.Fatalf("state a preference: %v", err)
	}
	text, err := eval[string](b, `document.querySelector('main').innerText`)
	if err != nil || !strings.Contains(text, "2026-03-12") || !strings.Contains(text, "Rather not work") || !strings.Contains(text, "Matters a lot") {
		t.Errorf("after saving: %q (%v)", text, err)
	}
	overflow, err := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`)
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("preferences page is wider than a 390px phone screen")
	}
	b.CheckClean()
}
