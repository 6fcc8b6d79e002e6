package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"wfm/civil"
	"wfm/rostering"
	"wfm/store"
)

// TestBrowserSwapRulesReadInFull: in Chromium on a phone, a supervisor
// reading Chinese sees the rules a swap breaks in whole sentences: no
// line of them is cut off or runs out of the screen.
func TestBrowserSwapRulesReadInFull(t *testing.T) {
	ts, d := newSite(t)
	ctx := context.Background()
	ana, bo := weekAnaMustWork(t, d)
	swap := store.SwapRequest{FromAgentID: ana.ID, ToAgentID: bo.ID, FromDate: civil.MustParse("2026-03-09"), ToDate: civil.MustParse("2026-03-10")}
	if err := rostering.RequestSwap(ctx, d.store, store.System, store.Scope{All: true}, &swap); err != nil || len(swap.Violations) == 0 {
		t.Fatalf("swap %+v: %v, want one that breaks a rule", swap, err)
	}
	sam := d.super
	sam.Locale = "zh-CN"
	if err := d.store.UpdateUser(ctx, store.System, &sam); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ts.URL)
	defer b.Screenshot("swap-rules")
	if err := b.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	if err := b.Login(ts.URL, "sam", superPassword); err != nil {
		t.Fatal(err)
	}
	if err := b.Do(chromedp.Navigate(ts.URL+"/requests"), chromedp.WaitVisible(chromedp.CSS(".violations li"))); err != nil {
		t.Fatalf("requests: %v", err)
	}
	// Each rule: all its text inside its box (nothing hidden by nowrap or
	// overflow), and its box on the screen or in a table that scrolls.
	cut, err := eval[[]string](b, `Array.from(document.querySelectorAll('.violations li')).filter(li => {
		const r = li.getBoundingClientRect();
		const wrap = li.closest('.table-wrap');
		const right = wrap ? wrap.getBoundingClientRect().left + wrap.scrollWidth : window.innerWidth;
		return li.scrollWidth > li.clientWidth + 1 || r.right > right + 1 || getComputedStyle(li).whiteSpace === 'nowrap';
	}).map(li => li.innerText)`)
	if err != nil {
		t.Fatal(err)
	}
	if len(cut) > 0 {
		t.Errorf("rules cut off: %q", cut)
	}
	text, err := eval[string](b, `document.querySelector('.violations').innerText`)
	if err != nil || text == "" {
		t.Errorf("no rules shown: %q %v", text, err)
	}
	b.CheckClean()
}
