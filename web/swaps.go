package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
)

// SwapView is a shift swap as a page shows it.
type SwapView struct {
	ID, Version      int64
	From, To         string // the agents' names
	FromDate, ToDate civil.Date
	Note             string
	Status           string
	StatusText       string
	Violations       []ViolationView // the rules the swap would break
	CanCancel        bool            // the offer is the viewer's own and still pending
	CanDecide        bool
}

// SwapForm is the agent's swap offer form.
type SwapForm struct {
	Colleagues   []Option
	Date, ToDate string
	Note         string
	Error        string
}

// agentNames are the names of the agents sc holds, by id, and the agents.
// The swaps of a page name every agent (store.Scope{All: true}): a swap
// names two agents, one of whom may be of another team.
func (p *pages) agentNames(ctx context.Context, sc store.Scope) (map[int64]string, []store.Agent, error) {
	agents, err := p.store.ListAgents(ctx, sc)
	if err != nil {
		return nil, nil, err
	}
	return agentLabels(agents, func(a store.Agent) string { return a.Name }), agents, nil
}

// agentLabels labels each agent, by id.
func agentLabels(agents []store.Agent, label func(store.Agent) string) map[int64]string {
	out := make(map[int64]string, len(agents))
	for _, a := range agents {
		out[a.ID] = label(a)
	}
	return out
}

func swapView(r store.SwapRequest, names map[int64]string, codes map[string]string, viewerAgent int64, t Translator) SwapView {
	v := SwapView{ID: r.ID, Version: r.Version, From: names[r.FromAgentID], To: names[r.ToAgentID], FromDate: r.FromDate, ToDate: r.ToDate,
		Note: r.Note, Status: r.Status, StatusText: t.T("timeoff.status." + r.Status),
		CanCancel: r.Status == store.RequestPending && r.FromAgentID == viewerAgent,
		CanDecide: r.Status == store.RequestPending}
	v.Violations = violationViews(r.Violations, codes, t)
	return v
}

// agentCodeNames maps agent codes (a roster's agent ids) to names.
func agentCodeNames(agents []store.Agent) map[string]string {
	out := make(map[string]string, len(agents))
	for _, a := range agents {
		out[a.Code] = a.Name
	}
	return out
}

// agentCodes maps every agent's code to her name, for the rules a roster
// breaks (which name agents by code).
func (p *pages) agentCodes(ctx context.Context) (map[string]string, error) {
	agents, err := p.store.ListAgents(ctx, store.Scope{All: true})
	if err != nil {
		return nil, err
	}
	return agentCodeNames(agents), nil
}

// swapsOf lists the swaps in the principal's scope.
func (p *pages) swapsOf(ctx context.Context, pr *auth.Principal, t Translator) ([]SwapView, map[int64]string, []store.Agent, error) {
	names, agents, err := p.agentNames(ctx, store.Scope{All: true})
	if err != nil {
		return nil, nil, nil, err
	}
	rs, err := p.store.ListSwaps(ctx, pr.Scope, "")
	if err != nil {
		return nil, nil, nil, err
	}
	codes := agentCodeNames(agents)
	var out []SwapView
	for _, r := range rs {
		out = append(out, swapView(r, names, codes, pr.Scope.AgentID, t))
	}
	return out, names, agents, nil
}

// swapForm offers the agent's teammates as swap partners.
func swapForm(agents []store.Agent, self int64) SwapForm {
	var team int64
	for _, a := range agents {
		if a.ID == self {
			team = a.TeamID
		}
	}
	var f SwapForm
	for _, a := range agents {
		if a.TeamID == team && a.ID != self && a.Active {
			f.Colleagues = append(f.Colleagues, Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
		}
	}
	return f
}

// offerSwap records the agent's offer: checked against both agents' rules
// at once, approved by the store when the center allows it and nothing
// breaks, else left for the supervisor.
func (p *pages) offerSwap(c *gin.Context, pg Page) {
	ctx := c.Request.Context()
	pr := auth.Current(c)
	if pr.Scope.AgentID == 0 {
		p.problem(c, pg, refuse(fault.Invalid, "schedule.not_agent"))
		return
	}
	to, _ := strconv.ParseInt(c.PostForm("colleague"), 10, 64)
	bad := fault.FieldErrors{}
	r := store.SwapRequest{FromAgentID: pr.Scope.AgentID, ToAgentID: to, FromDate: postedDay(c, "date", "from_date", bad),
		ToDate: postedDay(c, "to_date", "to_date", bad), Note: strings.TrimSpace(c.PostForm("note"))}
	err := bad.Err("swap request")
	if err == nil {
		err = rostering.RequestSwap(ctx, p.store, pr.Actor(), pr.Scope, &r)
	}
	if err != nil {
		status, key, ok := requestRefusal(err, "swap.error.invalid", "swap.error.no_roster", "swap.error.conflict")
		if !ok {
			p.problem(c, pg, err)
			return
		}
		p.renderScheduleWith(c, pg, status, TimeOffForm{}, &SwapForm{Date: strings.TrimSpace(c.PostForm("date")), ToDate: strings.TrimSpace(c.PostForm("to_date")), Note: r.Note, Error: pg.T(key) + fieldProblems(err, pg.Translator)})
		return
	}
	c.Redirect(http.StatusSeeOther, PathMySchedule+"?swap="+r.Status)
}

func (p *pages) cancelSwap(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, version := postedIDVersion(c)
	if _, err := rostering.CancelSwap(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version); err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathMySchedule+"?swap=cancelled")
}

func (p *pages) decideSwap(c *gin.Context, pg Page) {
	pr := auth.Current(c)
	id, version := postedIDVersion(c)
	approve := c.PostForm("decision") == "approve"
	r, err := rostering.DecideSwap(c.Request.Context(), p.store, pr.Actor(), pr.Scope, id, version, approve, false)
	if err != nil {
		p.problem(c, pg, err)
		return
	}
	c.Redirect(http.StatusSeeOther, PathRequests+"?swap="+r.Status)
}
