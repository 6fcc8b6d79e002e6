package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"wfm/store"
	"wfm/store/storetest"
)

// raw sends a body as it is (no JSON encoding) as a role.
func (f *fixture) raw(t testing.TB, role, method, path, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// refused fails unless the answer is a 400 whose fields name field.
func refused(t *testing.T, what string, resp *http.Response, body []byte, field string) {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	_ = json.Unmarshal(body, &e)
	if resp.StatusCode != http.StatusBadRequest || e.Error.Fields[field] == "" {
		t.Errorf("%s: %d %s, want 400 naming %s", what, resp.StatusCode, body, field)
	}
}

// Query parameters that could not be read were left out of the filter:
// /shifts?from=0000-00-00&to=zzz answered every shift. NUL bytes in them
// reached the database (500).
func TestQueryParametersAreReadOrRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for path, field := range map[string]string{
			"/api/v1/shifts?from=0000-00-00&to=2026-03-08":                       "from",
			"/api/v1/shifts?from=2026-03-02&to=zzz":                              "to",
			"/api/v1/shifts?from=2026-01-01&to=2028-01-01":                       "to", // longer than the longest range
			"/api/v1/shifts?from=2026-03-08&to=2026-03-02":                       "to",
			"/api/v1/time-off?from=2026-13-01":                                   "from",
			"/api/v1/schedules?to=never":                                         "to",
			"/api/v1/calendar-events?from=yesterday":                             "from",
			"/api/v1/forecast-accuracy?to=2026-02-30":                            "to",
			"/api/v1/contacts?from=2026-03-02T00:00:00Z&to=2030-01-01T00:00:00Z": "to",
			"/api/v1/kpi/agent-days?from=2020-01-01&to=2026-01-01":               "to",
			"/api/v1/shifts?from=2026-03-02%00":                                  "from",
			"/api/v1/shifts?team_id=%FF":                                         "team_id",
			"/api/v1/contacts?queue_id=1&%00x=1":                                 "query",
		} {
			resp, body := f.do(t, store.RoleManager, "GET", path, nil)
			refused(t, path, resp, body, field)
		}
		resp, body := f.do(t, store.RoleManager, "POST", "/api/v1/kpi/rollups?from=2026-03-02T00:00:00Z&to=9999-12-31T00:00:00Z", nil)
		refused(t, "a rollup to 9999", resp, body, "to")
		resp, body = f.do(t, store.RoleManager, "GET", "/api/v1/shifts?from=2026-03-02&to=2026-03-08", nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("a week of shifts: %d %s", resp.StatusCode, body)
		}
	})
}

// A NUL in any string of a body reached the database: 500 for a note, a
// comment, feedback, and the login name (which is only looked up).
func TestBodiesWithNULAreRefusedNamingTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		resp, body := f.raw(t, "", "POST", "/api/v1/login", `{"username":"admin\u0000","password":"x"}`)
		refused(t, "login name", resp, body, "username")
		resp, body = f.raw(t, store.RoleAgent, "POST", "/api/v1/time-off", `{"start_date":"2026-03-02","note":"sick\u0000"}`)
		refused(t, "time off note", resp, body, "note")
		resp, body = f.raw(t, store.RoleSupervisor, "POST", "/api/v1/feedback", `{"agent_id":1,"body":"good\u0000"}`)
		refused(t, "feedback", resp, body, "body")
		resp, body = f.raw(t, store.RoleAdmin, "POST", "/api/v1/quality/forms", `{"name":"F","items":[{"id":"a","text":"x\u0000"}]}`)
		refused(t, "a form item's text", resp, body, "items[0].text")
	})
}

// A 3 MB time-off note was stored (every page showing it then weighed
// 3 MB); dates 0001-01-01 and 9999-12-31 too.
func TestTimeOffNoteAndDatesHaveLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		today := time.Now().UTC().Format(time.DateOnly)
		resp, body := f.do(t, store.RoleAgent, "POST", "/api/v1/time-off", map[string]any{"start_date": today, "note": strings.Repeat("x", 3<<20)})
		refused(t, "3 MB note", resp, body, "note")
		for _, d := range []string{"0001-01-01", "9999-12-31"} {
			resp, body = f.do(t, store.RoleAgent, "POST", "/api/v1/time-off", map[string]any{"start_date": d})
			refused(t, "time off on "+d, resp, body, "start_date")
		}
		// A day that is not one is refused by the JSON decoding, which
		// still names the field.
		for field, d := range map[string]string{"start_date": "2026-02-30", "end_date": "next week"} {
			resp, body = f.do(t, store.RoleAgent, "POST", "/api/v1/time-off", map[string]any{"start_date": today, field: d})
			refused(t, field+" "+d, resp, body, field)
			if !strings.Contains(string(body), "is not a date YYYY-MM-DD") {
				t.Errorf("%s %s: %s", field, d, body)
			}
		}
		resp, body = f.do(t, store.RoleAgent, "POST", "/api/v1/time-off", map[string]any{"start_date": today, "note": "dentist"})
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("a plain request: %d %s", resp.StatusCode, body)
		}
	})
}

// An unclosed quote panicked the import handler (a recovered 500); an
// off-grid row was reported as "body:0:"; counts and states that cannot
// be true were stored. Each is a 400 naming the line and column.
func TestImportRefusalsNameLineAndColumn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for _, tt := range []struct{ name, kind, csv, field string }{
			{"history unclosed quote", "history", "queue,interval_start,offered\n\"sales,2026-03-02 08:00,5\nsales,2026-03-02 08:15,5\n", "body:2:"},
			{"contacts unclosed quote", "contacts", "contact_id,queue,arrived_at\n\"c1,sales,2026-03-02 08:00\n", "body:2:"},
			{"history off the interval grid", "history", "queue,interval_start,offered\nsales,2026-03-02 08:00,5\nsales,2026-03-02 08:07,3\n", "body:3:interval_start"},
			{"history more answered than offered", "history", "queue,interval_start,offered,answered\nsales,2026-03-02 08:00,5,6\n", "body:2:answered"},
			{"contacts invalid UTF-8", "contacts", "contact_id,queue,arrived_at\nc\xff1,sales,2026-03-02 08:00\n", "body:2:contact_id"},
			{"contacts NUL byte", "contacts", "contact_id,queue,arrived_at\nc1,sales\x00,2026-03-02 08:00\n", "body:2:queue"},
			{"states end in year 9999", "states", "agent,state,start,end\na1,available,2026-03-02 08:00,9999-12-31 00:00\n", "body:2:end"},
			{"states overlapping spans", "states", "agent,state,start,end\na1,available,2026-03-02 08:00,2026-03-02 09:00\na1,break,2026-03-02 08:30,2026-03-02 08:45\n", "body:3:start"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				resp, body := f.postCSV(t, "/api/v1/imports/"+tt.kind, tt.csv)
				refused(t, tt.kind+" "+tt.field, resp, body, tt.field)
			})
		}
		resp, body := f.postCSV(t, "/api/v1/imports/history?interval=7m", "queue,interval_start,offered\n")
		refused(t, "a 7-minute interval", resp, body, "interval")
	})
}

// The JSON body of an error keeps its shape whatever bytes a field held.
func TestRefusalOfInvalidUTF8IsJSON(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	resp, body := f.postCSV(t, "/api/v1/imports/contacts", "contact_id,queue,arrived_at\nc\xff1,sales,2026-03-02 08:00\n")
	if resp.StatusCode != http.StatusBadRequest || !json.Valid(body) || bytes.Contains(body, []byte{0xff}) {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
}

// Cancelling a request twice was a 400 that named no field (found by
// FuzzWriteBodies): the request is fine, the case has moved on: 409.
func TestCancellingTwiceIsAConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		var r store.TimeOffRequest
		resp, body := f.do(t, store.RoleAgent, "POST", "/api/v1/time-off", map[string]any{"start_date": time.Now().UTC().Format(time.DateOnly)})
		if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &r) != nil {
			t.Fatalf("request: %d %s", resp.StatusCode, body)
		}
		path := "/api/v1/time-off/" + strconv.FormatInt(r.ID, 10) + "/cancel"
		if resp, body := f.do(t, store.RoleAgent, "POST", path, map[string]any{"version": r.Version}); resp.StatusCode != http.StatusOK {
			t.Fatalf("cancel: %d %s", resp.StatusCode, body)
		}
		resp, body = f.do(t, store.RoleAgent, "POST", path, map[string]any{"version": r.Version + 1})
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("cancel again: %d %s, want 409", resp.StatusCode, body)
		}
	})
}
