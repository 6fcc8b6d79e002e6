package rostering

import (
	"context"
	"time"

	"wfm/civil"
	"wfm/fault"
	"wfm/store"
)

// GetBuild reads a build of a site in scope.
func GetBuild(ctx context.Context, st *store.Store, sc store.Scope, id int64) (*store.ScheduleBuild, error) {
	b, err := st.GetBuild(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := st.SiteInScope(ctx, sc, b.SiteID); err != nil {
		return nil, err
	}
	return b, nil
}

// GetSchedule reads a roster version of a site in scope, with its problem
// and solution.
func GetSchedule(ctx context.Context, st *store.Store, sc store.Scope, id int64) (*store.ScheduleVersion, error) {
	v, err := st.GetScheduleVersion(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := st.SiteInScope(ctx, sc, v.SiteID); err != nil {
		return nil, err
	}
	return v, nil
}

// DiffSchedule lists, per agent and date, what version id changes against
// another (against 0: the version it was edited from), both of sites in
// scope.
func DiffSchedule(ctx context.Context, st *store.Store, sc store.Scope, id, against int64) ([]ShiftChange, error) {
	v, err := GetSchedule(ctx, st, sc, id)
	if err != nil {
		return nil, err
	}
	if against == 0 && v.BasedOn != nil {
		against = *v.BasedOn
	}
	if against == 0 {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"against": "required: this version is based on no other"}}
	}
	old, err := GetSchedule(ctx, st, sc, against)
	if err != nil {
		return nil, err
	}
	changes := DiffSchedules(old, v)
	if changes == nil {
		changes = []ShiftChange{}
	}
	return changes, nil
}

// Publishable tells whether a version may be published: only a draft,
// and only while the version it was edited from is still the published
// one (else replaced says by what).
func Publishable(ctx context.Context, st *store.Store, v *store.ScheduleVersion) (ok bool, replaced *BaseReplacement, err error) {
	if v.Status != store.ScheduleDraft {
		return false, nil, nil
	}
	r, isReplaced, err := ReplacedBase(ctx, st, v)
	if err != nil || !isReplaced {
		return err == nil, nil, err
	}
	return false, &r, nil
}

// CreateFeedKey makes (or replaces) the secret key of the calendar feed of
// an agent in scope; the key is returned once.
func CreateFeedKey(ctx context.Context, st *store.Store, a store.Actor, sc store.Scope, agentID int64) (string, error) {
	ag, err := st.GetAgent(ctx, agentID)
	if err != nil {
		return "", err
	}
	if !sc.HasAgent(ag.ID, ag.TeamID) {
		return "", fault.Errorf(fault.Forbidden, "agent %d is not in your scope", agentID)
	}
	return st.CreateFeedKey(ctx, a, agentID)
}

// FeedPast is how far back an agent's calendar feed reaches: phones keep
// what they already have.
const FeedPast = 31 * 24 * time.Hour

// AgentFeed is what an agent's calendar feed shows: the agent, her site
// (whose zone the feed is in) and her published shifts from FeedPast
// before now.
type AgentFeed struct {
	Agent  *store.Agent
	Site   *store.Site
	Shifts []store.AgentShift
}

// AgentFeedOf reads the feed of an agent in scope.
func AgentFeedOf(ctx context.Context, st *store.Store, sc store.Scope, agentID int64, now time.Time) (AgentFeed, error) {
	var f AgentFeed
	a, err := st.GetAgent(ctx, agentID)
	if err == nil && !sc.HasAgent(a.ID, a.TeamID) {
		err = fault.Errorf(fault.Forbidden, "agent %d is not in your scope", agentID)
	}
	if err != nil {
		return f, err
	}
	team, err := st.GetTeam(ctx, a.TeamID)
	if err != nil {
		return f, err
	}
	site, err := st.GetSite(ctx, team.SiteID)
	if err != nil {
		return f, err
	}
	from := civil.Of(now.Add(-FeedPast), site.Location())
	f.Agent, f.Site = a, site
	f.Shifts, err = st.PublishedShifts(ctx, sc, store.ShiftFilter{AgentID: agentID, From: from})
	return f, err
}
