package webtest

import (
	"regexp"
	"testing"
)

// IntradayRow is an agent's line of the intraday page as the page shows it.
type IntradayRow struct {
	Name, Code, Status, Adherence, Out, Conformance string
}

var intradayRowPattern = regexp.MustCompile(`<tr><td>([^<]*) \(([^)]*)\)</td><td><span class="status status-([a-z_]+)">[^<]*</span>` +
	`(?:<span class="tl-note">[^<]*</span>)?</td>(?:\s*<td>[^<]*</td>)*\s*<td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>`)

// IntradayRows reads the agents' lines of an intraday page, by code.
func IntradayRows(t *testing.T, body string) map[string]IntradayRow {
	t.Helper()
	out := map[string]IntradayRow{}
	for _, m := range intradayRowPattern.FindAllStringSubmatch(body, -1) {
		out[m[2]] = IntradayRow{Name: m[1], Code: m[2], Status: m[3], Adherence: m[4], Out: m[5], Conformance: m[6]}
	}
	return out
}
