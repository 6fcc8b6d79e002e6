// Package e2e holds the end-to-end tests: the product as its users meet
// it, on the demo center `wfm demo` builds (the real generator, its codes
// and names), served as `wfm serve` serves it, once per engine and test
// run (webtest.DemoSite): a crawl of every page as every demo login, the
// intraday page against an independent count, and the charts drawn in
// Chromium. They are a package of their own so that they have go test's
// time to themselves.
package e2e

import (
	"os"
	"testing"

	"wfm/web/webtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	webtest.CloseDemoSites()
	os.Exit(code)
}
