package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/store"
)

// postImport sends the import form with a report and, when given, a
// mapping file.
func postImport(t *testing.T, v *visitor, fields map[string]string, report, mapping string) response {
	t.Helper()
	page := v.do("GET", "/import", nil)
	if page.status != http.StatusOK {
		t.Fatalf("import page: %d", page.status)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("csrf_token", csrfOf(t, page.body))
	for k, val := range fields {
		w.WriteField(k, val)
	}
	fw, _ := w.CreateFormFile("file", "report.csv")
	fw.Write([]byte(report))
	if mapping != "" {
		mw, _ := w.CreateFormFile("mapping", "map.yaml")
		mw.Write([]byte(mapping))
	}
	w.Close()
	req, _ := http.NewRequest("POST", v.base+"/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := v.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(b)}
}

// A manager imports a vendor's report on the import page by preset or by
// an uploaded mapping; refusals list the file, line and source column.
func TestImportPageReadsVendorReports(t *testing.T) {
	ts, d := newSite(t)
	m := newVisitor(t, ts.URL)
	m.login("mona", managerPassword, "")
	m.setLocale("en")
	report := "Queue,StartInterval,Contacts queued,Contacts handled,Contacts abandoned,Contacts answered in 20 seconds,Average handle time,Average queue answer time\n" +
		"billing,2026-03-02T08:00:00,12,10,2,8,00:04:05,00:00:18\n"
	r := postImport(t, m, map[string]string{"kind": "history", "preset": "amazon-connect", "tz": "Asia/Shanghai"}, report, "")
	if r.status != 200 || !strings.Contains(r.body, `id="import-result"`) || !strings.Contains(r.body, "1 rows read, 1 new") {
		t.Errorf("preset import: %d %s", r.status, r.body[strings.Index(r.body, "<main"):])
	}
	rows, err := d.store.History(t.Context(), store.HistoryFilter{})
	if err != nil || len(rows) == 0 || rows[0].Offered != 12 || *rows[0].AHTSeconds != 245 || !rows[0].IntervalStart.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("stored %+v (%v): want 08:00 Shanghai first, 12 offered, AHT 245 s", rows, err)
	}
	mapping := "preset: amazon-connect\nfields:\n  queue: {column: Queue, values: {Billing Line: billing}}\n"
	r = postImport(t, m, map[string]string{"kind": "history", "tz": "Asia/Shanghai"}, strings.Replace(report, "billing,", "Billing Line,", 1), mapping)
	if r.status != 200 || !strings.Contains(r.body, "0 new, 1 replaced") {
		t.Errorf("mapping import: %d %s", r.status, r.body[strings.Index(r.body, "<main"):])
	}
	r = postImport(t, m, map[string]string{"kind": "history", "preset": "amazon-connect"}, strings.Replace(report, "Contacts queued", "Offered", 1), "")
	if r.status != 400 || !strings.Contains(r.body, `report.csv:1: column &#34;Offered&#34;: unknown column; the mapping amazon-connect expects`) {
		t.Errorf("unknown column: %d %s", r.status, r.body[strings.Index(r.body, "<main"):])
	}
	a := newVisitor(t, ts.URL)
	a.login("ana", agentPassword, "")
	if r := a.do("GET", "/import", nil); r.status != http.StatusForbidden {
		t.Errorf("an agent sees the import page: %d", r.status)
	}
}
