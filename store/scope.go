package store

import "github.com/uptrace/bun"

// Scope is the part of the center a user may see: everything (managers,
// admins), her teams (supervisors) or herself (agents).
type Scope struct {
	All     bool
	TeamIDs []int64
	AgentID int64 // the agent a user with role agent is; 0 for none
	// AgentSiteID is the site of AgentID's team when the scope was read
	// (0: not known). An agent's own reads (her month of shifts at shift
	// change) use it instead of asking again; it is not a permission.
	AgentSiteID int64 `json:"-"`
}

// HasTeam tells whether the team is in scope.
func (sc Scope) HasTeam(teamID int64) bool {
	if sc.All {
		return true
	}
	for _, t := range sc.TeamIDs {
		if t == teamID {
			return true
		}
	}
	return false
}

// HasAgent tells whether an agent of the given team is in scope.
func (sc Scope) HasAgent(agentID, teamID int64) bool {
	return sc.All || sc.HasTeam(teamID) || (sc.AgentID != 0 && sc.AgentID == agentID)
}

// filterAgents narrows a query over rows that name an agent (agentCol) and
// her team (teamCol) to the scope.
func (sc Scope) filterAgents(q *bun.SelectQuery, agentCol, teamCol string) *bun.SelectQuery {
	if sc.All {
		return q
	}
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.Where("?TableAlias.? IN (?)", bun.Ident(teamCol), bun.List(append([]int64{0}, sc.TeamIDs...)))
		return q.WhereOr("?TableAlias.? = ?", bun.Ident(agentCol), sc.AgentID)
	})
}
