package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/store"
)

func (s *Server) listSites(c *gin.Context)  { serveList(s, c, s.store.ListSites) }
func (s *Server) getSite(c *gin.Context)    { serveGet(s, c, s.store.GetSite) }
func (s *Server) createSite(c *gin.Context) { serveCreate(s, c, s.store.CreateSite) }
func (s *Server) updateSite(c *gin.Context) { serveUpdate(s, c, s.store.UpdateSite) }
func (s *Server) deleteSite(c *gin.Context) { serveDelete(s, c, s.store.DeleteSite) }

func (s *Server) listSkills(c *gin.Context)  { serveList(s, c, s.store.ListSkills) }
func (s *Server) getSkill(c *gin.Context)    { serveGet(s, c, s.store.GetSkill) }
func (s *Server) createSkill(c *gin.Context) { serveCreate(s, c, s.store.CreateSkill) }
func (s *Server) updateSkill(c *gin.Context) { serveUpdate(s, c, s.store.UpdateSkill) }
func (s *Server) deleteSkill(c *gin.Context) { serveDelete(s, c, s.store.DeleteSkill) }

func (s *Server) listQueues(c *gin.Context)  { serveList(s, c, s.store.ListQueues) }
func (s *Server) getQueue(c *gin.Context)    { serveGet(s, c, s.store.GetQueue) }
func (s *Server) createQueue(c *gin.Context) { serveCreate(s, c, s.store.CreateQueue) }
func (s *Server) updateQueue(c *gin.Context) { serveUpdate(s, c, s.store.UpdateQueue) }
func (s *Server) deleteQueue(c *gin.Context) { serveDelete(s, c, s.store.DeleteQueue) }

func (s *Server) listTeams(c *gin.Context) {
	sc := principal(c).Scope
	serveList(s, c, func(ctx context.Context) ([]store.Team, error) { return s.store.ListTeams(ctx, sc) })
}

func (s *Server) getTeam(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Team, error) {
		t, err := s.store.GetTeam(ctx, id)
		if err == nil && !sc.HasTeam(t.ID) {
			return nil, fault.Errorf(fault.Forbidden, "team %d is not one of yours", id)
		}
		return t, err
	})
}

func (s *Server) createTeam(c *gin.Context) { serveCreate(s, c, s.store.CreateTeam) }
func (s *Server) updateTeam(c *gin.Context) { serveUpdate(s, c, s.store.UpdateTeam) }
func (s *Server) deleteTeam(c *gin.Context) { serveDelete(s, c, s.store.DeleteTeam) }

func (s *Server) listAgents(c *gin.Context) {
	sc := principal(c).Scope
	serveList(s, c, func(ctx context.Context) ([]store.Agent, error) { return s.store.ListAgents(ctx, sc) })
}

func (s *Server) getAgent(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.Agent, error) {
		a, err := s.store.GetAgent(ctx, id)
		if err == nil && !sc.HasAgent(a.ID, a.TeamID) {
			return nil, fault.Errorf(fault.Forbidden, "agent %d is not in your scope", id)
		}
		return a, err
	})
}

func (s *Server) createAgent(c *gin.Context) { serveCreate(s, c, s.store.CreateAgent) }
func (s *Server) updateAgent(c *gin.Context) { serveUpdate(s, c, s.store.UpdateAgent) }
func (s *Server) deleteAgent(c *gin.Context) { serveDelete(s, c, s.store.DeleteAgent) }

// userRequest is a user as an admin edits her: the password is written,
// never read back.
type userRequest struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Locale      string `json:"locale"`
	Active      *bool  `json:"active"`
	Password    string `json:"password"`
	Version     int64  `json:"version"`
}

func (r userRequest) apply(u *store.User) error {
	u.Username, u.DisplayName, u.Role, u.Locale = r.Username, r.DisplayName, r.Role, r.Locale
	if r.Active != nil {
		u.Active = *r.Active
	}
	if r.Password != "" {
		return u.SetPassword(r.Password)
	}
	return nil
}

func (s *Server) listUsers(c *gin.Context) { serveList(s, c, s.store.ListUsers) }
func (s *Server) getUser(c *gin.Context)   { serveGet(s, c, s.store.GetUser) }

func (s *Server) createUser(c *gin.Context) {
	var req userRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	u := store.User{Active: true}
	err := req.apply(&u)
	if err == nil {
		err = s.store.CreateUser(c.Request.Context(), principal(c).Actor(), &u)
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, u)
}

func (s *Server) updateUser(c *gin.Context) {
	var req userRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	serveUpdateWith(s, c, s.store.GetUser, func(u *store.User) error {
		if req.Version <= 0 {
			return errVersionRequired
		}
		u.Version = req.Version
		return req.apply(u)
	}, s.store.UpdateUser)
}

// serveUpdateWith reads the entity, lets edit change it, and writes it.
func serveUpdateWith[T any](s *Server, c *gin.Context, get func(context.Context, int64) (*T, error),
	edit func(*T) error, update func(context.Context, store.Actor, *T) error) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	ctx := c.Request.Context()
	m, err := get(ctx, id)
	if err == nil {
		err = edit(m)
	}
	if err == nil {
		err = update(ctx, principal(c).Actor(), m)
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

func (s *Server) deleteUser(c *gin.Context) { serveDelete(s, c, s.store.DeleteUser) }
