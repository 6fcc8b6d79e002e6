package main

import (
	"strings"
	"testing"
)

func TestSingleSignOnConfiguration(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	c, err := loadConfig(env())
	if err != nil || c.SSO != nil {
		t.Fatalf("no issuer: SSO %+v, %v; want passwords only", c.SSO, err)
	}
	c, err = loadConfig(env("WFM_OIDC_ISSUER", "https://login.example.com/realms/center", "WFM_OIDC_CLIENT_ID", "wfm",
		"WFM_OIDC_CLIENT_SECRET", "s", "WFM_OIDC_REDIRECT_URL", "https://wfm.example.com/auth/oidc/callback",
		"WFM_OIDC_GROUP_ROLES", "cc-agents=agent, cc-leads=Supervisor", "WFM_OIDC_AGENT_CLAIM", "employee_id"))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.SSO; s == nil || s.GroupRoles["cc-leads"] != "supervisor" || s.GroupsClaim != "groups" || s.UsernameClaim != "preferred_username" ||
		strings.Join(s.Scopes, " ") != "openid profile email" || s.AgentClaim != "employee_id" || s.LinkByUsername {
		t.Errorf("SSO config: %+v", c.SSO)
	}
	for _, tc := range []struct {
		name string
		env  []string
		want []string
	}{
		{"nothing but the issuer", []string{"WFM_OIDC_ISSUER", "https://login.example.com"},
			[]string{"WFM_OIDC_CLIENT_ID: required", "WFM_OIDC_REDIRECT_URL", "WFM_OIDC_ROLE_CLAIM or WFM_OIDC_GROUP_ROLES"}},
		{"a group mapped to no role", []string{"WFM_OIDC_ISSUER", "https://login.example.com", "WFM_OIDC_CLIENT_ID", "wfm",
			"WFM_OIDC_REDIRECT_URL", "https://wfm.example.com/auth/oidc/callback", "WFM_OIDC_GROUP_ROLES", "cc-agents=boss"},
			[]string{`WFM_OIDC_GROUP_ROLES: "cc-agents=boss"`}},
		{"an issuer that is no URL, a callback elsewhere", []string{"WFM_OIDC_ISSUER", "login.example.com", "WFM_OIDC_CLIENT_ID", "wfm",
			"WFM_OIDC_REDIRECT_URL", "https://wfm.example.com/callback", "WFM_OIDC_ROLE_CLAIM", "wfm_role", "WFM_OIDC_LINK_BY_USERNAME", "maybe"},
			[]string{"WFM_OIDC_ISSUER: want", "WFM_OIDC_REDIRECT_URL: want", "WFM_OIDC_LINK_BY_USERNAME: want true or false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(env(tc.env...))
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v, want it to say %q", err, w)
				}
			}
		})
	}
}
