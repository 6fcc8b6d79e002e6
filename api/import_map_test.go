package api_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"wfm/store"
	"wfm/store/storetest"
)

// A vendor's report imports through ?preset= or an uploaded mapping;
// refusals name the source column and the columns the preset expects.
func TestImportWithMappingOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		amazon := "Queue,StartInterval,Contacts queued,Contacts handled,Contacts abandoned,Contacts answered in 20 seconds,Average handle time,Average queue answer time\n" +
			"sales,2026-03-02T08:00:00,12,10,2,8,00:04:05,00:00:18\n"
		resp, body := f.postCSV(t, "/api/v1/imports/history?preset=amazon-connect&tz=Asia/Shanghai", amazon)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"inserted":1`) {
			t.Errorf("preset: %d %s", resp.StatusCode, body)
		}
		resp, body = f.postCSV(t, "/api/v1/imports/history?preset=amazon-connect", strings.Replace(amazon, "Contacts queued", "Offered", 1))
		if resp.StatusCode != 400 || !strings.Contains(string(body), `body:1: column \"Offered\": unknown column; the mapping amazon-connect expects the columns`) {
			t.Errorf("unknown column: %d %s", resp.StatusCode, body)
		}
		resp, body = f.postCSV(t, "/api/v1/imports/history?preset=avaya", amazon)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "preset") {
			t.Errorf("unknown preset: %d %s", resp.StatusCode, body)
		}

		report, err := os.ReadFile("../batch/testdata/presets/genesys-cloud.csv")
		must(t, err)
		mapping, err := os.ReadFile("../batch/testdata/presets/genesys-cloud.map.yaml")
		must(t, err)
		resp, body = uploadMapped(t, f, "genesys.csv", report, "genesys.yaml", mapping)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"read":2`) {
			t.Errorf("mapping upload: %d %s", resp.StatusCode, body)
		}
		resp, body = uploadMapped(t, f, "genesys.csv", report, "bad.yaml", []byte("kind: history\nfields: {queue: {column: Queue}}\n"))
		if resp.StatusCode != 400 || !strings.Contains(string(body), "interval_start is required") {
			t.Errorf("bad mapping: %d %s", resp.StatusCode, body)
		}
	})
}

func uploadMapped(t *testing.T, f *fixture, name string, csv []byte, mapName string, mapping []byte) (*http.Response, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(csv)
	mw, _ := w.CreateFormFile("mapping", mapName)
	mw.Write(mapping)
	w.Close()
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/imports/history?tz=Europe/Berlin", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+f.tokens[store.RoleManager])
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}
