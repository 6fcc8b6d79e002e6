package auth

import (
	"context"

	"wfm/store"
)

// ScopeOf is what a user may see, by her role: a manager or an admin
// everything; a supervisor the teams she supervises; anyone who is an
// agent her own records too (her id and her team's site).
func ScopeOf(ctx context.Context, st *store.Store, u *store.User) (store.Scope, error) {
	switch u.Role {
	case store.RoleManager, store.RoleAdmin:
		return store.Scope{All: true}, nil
	}
	var sc store.Scope
	agentID, siteID, ok, err := st.UserAgent(ctx, u.ID)
	if err != nil {
		return store.Scope{}, err
	}
	if ok {
		sc.AgentID, sc.AgentSiteID = agentID, siteID
	}
	if u.Role == store.RoleSupervisor {
		if sc.TeamIDs, err = st.SupervisedTeamIDs(ctx, u.ID); err != nil {
			return store.Scope{}, err
		}
	}
	return sc, nil
}
