package api_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"wfm/apiclient"
	"wfm/store/storetest"
)

// The generated client against the real server, every exchange checked
// against the document (conforming): what the product's tools send
// through it is what the document promises, and its answers decode into
// the generated types.
func TestGeneratedClientTalksToTheServer(t *testing.T) {
	f := newFixture(t, storetest.Open(t))
	ctx := context.Background()
	admin, err := apiclient.New(f.ts.URL, f.tokens["admin"])
	must(t, err)

	site, err := admin.CreateSiteWithResponse(ctx, apiclient.SiteInput{Name: ptr("Chengdu"), Timezone: ptr("Asia/Shanghai")})
	must(t, err)
	if site.JSON2XX == nil || site.JSON2XX.Id == 0 || site.JSON2XX.Name != "Chengdu" {
		t.Fatalf("create site: %d %s", site.StatusCode(), site.Body)
	}
	team, err := admin.CreateTeamWithResponse(ctx, apiclient.TeamInput{Name: ptr("C"), SiteId: &site.JSON2XX.Id})
	must(t, err)
	skill, err := admin.CreateSkillWithResponse(ctx, apiclient.SkillInput{Name: ptr("Mandarin")})
	must(t, err)
	queue, err := admin.CreateQueueWithResponse(ctx, apiclient.QueueInput{Code: ptr("support"), Name: ptr("Support"), SiteId: &site.JSON2XX.Id,
		Channel: ptr("voice"), SlTarget: ptr(0.8), SlThresholdSeconds: ptr(int64(20)), SkillId: &skill.JSON2XX.Id})
	must(t, err)
	if queue.JSON2XX.SkillId == nil || *queue.JSON2XX.SkillId != skill.JSON2XX.Id {
		t.Errorf("queue's skill: %s", queue.Body)
	}
	agent, err := admin.CreateAgentWithResponse(ctx, apiclient.AgentInput{Code: ptr("c1"), Name: ptr("Zhao Lei"), TeamId: &team.JSON2XX.Id,
		HireDate: ptr("2025-03-01"), Active: ptr(true)})
	must(t, err)
	sites, err := admin.ListSitesWithResponse(ctx)
	must(t, err)
	if len(*sites.JSON2XX) != 2 {
		t.Errorf("sites: %s", sites.Body)
	}
	agents, err := admin.ListAgentsWithResponse(ctx)
	must(t, err)
	found := false
	for _, a := range *agents.JSON2XX {
		found = found || (a.Id == agent.JSON2XX.Id && a.Code == "c1" && a.TeamId == team.JSON2XX.Id)
	}
	if !found {
		t.Errorf("the new agent is not listed: %s", agents.Body)
	}

	// Refusals are one error carrying the API's error schema.
	_, err = admin.CreateSiteWithResponse(ctx, apiclient.SiteInput{Timezone: ptr("Mars/Olympus")})
	var apiErr *apiclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest || apiErr.Code != "invalid" || apiErr.Field("timezone") == "" {
		t.Errorf("a site without a name in no time zone: %#v", err)
	} else if apiErr.Method != http.MethodPost || apiErr.Path != "/api/v1/sites" || apiErr.Detail == nil {
		t.Errorf("the refusal does not say what was refused: %#v", apiErr)
	}
	agentRole, err := apiclient.New(f.ts.URL+"/", f.tokens["agent"])
	must(t, err)
	if _, err := agentRole.CreateSkillWithResponse(ctx, apiclient.SkillInput{Name: ptr("French")}); !errors.As(err, &apiErr) || apiErr.Status != http.StatusForbidden || apiErr.Code != "forbidden" {
		t.Errorf("an agent creating a skill: %v", err)
	}
	stranger, err := apiclient.New(f.ts.URL, "wfm_nope")
	must(t, err)
	if _, err := stranger.ListSitesWithResponse(ctx); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnauthorized {
		t.Errorf("an unknown token: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
