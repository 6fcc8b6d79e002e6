package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"wfm/api"
	"wfm/connector"
	"wfm/store"
	"wfm/store/storetest"
)

const connectorARN = "arn:aws:connect:us-east-1:123456789012:instance/10a4c4eb-f57e-4d4c-b602-bf39176ced07"

// The connector's settings are the admin's alone; credentials are refused
// without a key, sealed with one, and never answered back.
func TestConnectorSettingsOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		body := map[string]any{"instance_arn": connectorARN, "queues": map[string]string{"q-1": "sales"}, "enabled": true,
			"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
		noKey := newFixture(t, st)
		path := fmt.Sprintf("/api/v1/sites/%d/connector", noKey.site.ID)
		resp, b := noKey.do(t, store.RoleAdmin, "PUT", path, body)
		if resp.StatusCode != 400 || !strings.Contains(string(b), "WFM_CREDENTIALS_KEY") {
			t.Errorf("no key: %d %s", resp.StatusCode, b)
		}
	})
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		sealer, err := connector.NewSealer(strings.Repeat("ab", 32))
		must(t, err)
		f := newFixtureWith(t, st, func(c *api.Config) { c.Sealer = sealer })
		path := fmt.Sprintf("/api/v1/sites/%d/connector", f.site.ID)
		body := map[string]any{"instance_arn": connectorARN, "queues": map[string]string{"q-1": "sales"}, "enabled": true,
			"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
		for _, role := range []string{store.RoleAgent, store.RoleSupervisor, store.RoleManager} {
			if resp, _ := f.do(t, role, "PUT", path, body); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s saved a connector: %d", role, resp.StatusCode)
			}
			if resp, _ := f.do(t, role, "GET", "/api/v1/connectors", nil); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s listed connectors: %d", role, resp.StatusCode)
			}
		}
		resp, b := f.do(t, store.RoleAdmin, "PUT", path, body)
		if resp.StatusCode != 200 || !strings.Contains(string(b), `"credentials_set":true`) || strings.Contains(string(b), "EXAMPLEKEY") || strings.Contains(string(b), "AKIA") {
			t.Errorf("save: %d %s", resp.StatusCode, b)
		}
		resp, b = f.do(t, store.RoleAdmin, "GET", "/api/v1/connectors", nil)
		if resp.StatusCode != 200 || !strings.Contains(string(b), `"region":"us-east-1"`) || strings.Contains(string(b), "EXAMPLEKEY") {
			t.Errorf("list: %d %s", resp.StatusCode, b)
		}
		body["queues"] = map[string]string{"q-1": "nosuch"}
		resp, b = f.do(t, store.RoleAdmin, "PUT", path, body)
		if resp.StatusCode != 400 || !strings.Contains(string(b), "not a queue of site Shanghai") {
			t.Errorf("unknown queue: %d %s", resp.StatusCode, b)
		}
		if resp, b := f.do(t, store.RoleAdmin, "DELETE", path, nil); resp.StatusCode != http.StatusNoContent {
			t.Errorf("delete: %d %s", resp.StatusCode, b)
		}
		if resp, _ := f.do(t, store.RoleAdmin, "GET", path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("after delete: %d", resp.StatusCode)
		}
	})
}
