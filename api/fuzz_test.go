package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"wfm/api"
	"wfm/store"
	"wfm/store/storetest"
)

// FuzzWriteBodies posts fuzzed JSON bodies to every write route of the
// route table that reads a body, as an admin, over HTTP on SQLite. Any
// body is answered without a 5xx (a panic is a recovered 500), and a 400
// names the field or the place at fault. The seeds run as an ordinary
// test; fuzz with
//
//	go test ./api -run '^$' -fuzz FuzzWriteBodies -fuzztime 60s
func FuzzWriteBodies(f *testing.F) {
	fx := newFixture(f, storetest.OpenEngine(f, storetest.SQLite))
	routes := writeRoutes(fx.srv)
	today := time.Now().UTC().Format(time.DateOnly)
	for i, rt := range routes {
		zero, _ := json.Marshal(rt.In)
		f.Add(uint8(i), string(zero))
		f.Add(uint8(i), "{}")
		f.Add(uint8(i), "")
		f.Add(uint8(i), `{"version":1,"name":"n\u0000","note":"`+strings.Repeat("x", 2001)+`"}`)
	}
	for _, seed := range []struct{ path, body string }{
		{"/api/v1/time-off", `{"agent_id":1,"start_date":"` + today + `","note":"dentist"}`},
		{"/api/v1/time-off", `{"agent_id":1,"start_date":"9999-12-31"}`},
		{"/api/v1/login", `{"username":"admin\u0000","password":"x"}`},
		{"/api/v1/feedback", `{"agent_id":1,"body":"well done"}`},
		{"/api/v1/complaints", `{"customer":"Mr Wu","about":"rude","contact_id":"c1"}`},
		{"/api/v1/what-if", `{"queue_id":1,"from":"2026-03-02T00:00:00Z","to":"2026-03-03T00:00:00Z","volume_factor":2}`},
		{"/api/v1/agents", `{"code":"z1","name":"Zed","team_id":1,"hire_date":"0001-01-01"}`},
		{"/api/v1/schedule-builds", `{"site_id":1,"start_date":"` + today + `","days":7,"time_limit_seconds":1}`},
	} {
		for i, rt := range routes {
			if rt.Path == seed.path {
				f.Add(uint8(i), seed.body)
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		rt := routes[int(which)%len(routes)]
		path := ginParam.ReplaceAllStringFunc(rt.Path, func(p string) string {
			if p == ":kind" {
				return "history"
			}
			return "1"
		})
		start := time.Now()
		resp, got := fx.raw(t, store.RoleAdmin, rt.Method, path, body)
		if d := time.Since(start); d > slowAnswer {
			t.Fatalf("%s %s %.200q: answered in %s", rt.Method, rt.Path, body, d.Round(time.Millisecond))
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("%s %s %.200q: %d %s", rt.Method, rt.Path, body, resp.StatusCode, got)
		}
		if resp.StatusCode == http.StatusBadRequest {
			if err := namesThePlace(got); err != nil {
				t.Fatalf("%s %s %.200q: 400 %s: %v", rt.Method, rt.Path, body, got, err)
			}
		}
	})
}

// slowAnswer is a request taking so long that any client could tie up the
// server with a few (the machine under test is shared: generous).
const slowAnswer = 5 * time.Second

// writeRoutes are the routes that read a JSON body.
func writeRoutes(srv *api.Server) []api.Route {
	var out []api.Route
	for _, rt := range srv.Routes() {
		if rt.In != nil && rt.Method != http.MethodGet {
			out = append(out, rt)
		}
	}
	return out
}

// namesThePlace says why a 400's body does not say where the request is
// wrong: the error's fields name the JSON fields (or query parameters).
func namesThePlace(body []byte) error {
	var e struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		return fmt.Errorf("not the API's error shape: %v", err)
	}
	if e.Error.Code != "invalid" || e.Error.Message == "" {
		return fmt.Errorf("code %q, message %q", e.Error.Code, e.Error.Message)
	}
	if len(e.Error.Fields) == 0 {
		return fmt.Errorf("no field named")
	}
	return nil
}
