package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"wfm/civil"
	"wfm/rostering"
	"wfm/store"
)

// preferenceRequest is a shift preference as an agent states it;
// agent_id defaults to herself. On update it carries the version read.
type preferenceRequest struct {
	AgentID   int64      `json:"agent_id"`
	Weekday   *int       `json:"weekday"`
	Date      civil.Date `json:"date"`
	ShiftCode string     `json:"shift_code"`
	StartTime string     `json:"start_time"` // HH:MM instead of a shift
	Work      bool       `json:"work"`
	Strength  int        `json:"strength"`
	Note      string     `json:"note"`
	Version   int64      `json:"version"`
}

func (r preferenceRequest) preference() store.ShiftPreference {
	return store.ShiftPreference{AgentID: r.AgentID, Weekday: r.Weekday, Date: r.Date, ShiftCode: r.ShiftCode,
		StartTime: r.StartTime, Work: r.Work, Strength: r.Strength, Note: r.Note}
}

func (s *Server) listPreferences(c *gin.Context) {
	agentID, teamID, err := queryAgentTeam(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	sc := principal(c).Scope
	f := store.PreferenceFilter{AgentID: agentID, TeamID: teamID}
	serveList(s, c, func(ctx context.Context) ([]store.ShiftPreference, error) { return s.store.ListPreferences(ctx, sc, f) })
}

func (s *Server) createPreference(c *gin.Context) {
	var req preferenceRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	m := req.preference()
	if err := rostering.CreatePreference(c.Request.Context(), s.store, p.Actor(), p.Scope, &m); err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

func (s *Server) updatePreference(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var req preferenceRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	if req.Version <= 0 {
		fail(c, s.log, errVersionRequired)
		return
	}
	p := principal(c)
	m := req.preference()
	m.ID, m.Version = id, req.Version
	if err := rostering.UpdatePreference(c.Request.Context(), s.store, p.Actor(), p.Scope, &m); err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

func (s *Server) deletePreference(c *gin.Context) {
	sc := principal(c).Scope
	serveDelete(s, c, func(ctx context.Context, a store.Actor, id, version int64) error {
		return rostering.DeletePreference(ctx, s.store, a, sc, id, version)
	})
}

// schedulePreferences is, per agent, how many of her preferences a roster
// version grants.
func (s *Server) schedulePreferences(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	out, err := rostering.SchedulePreferences(c.Request.Context(), s.store, principal(c).Scope, id)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.Header("X-Preference-Budget", strconv.Itoa(rostering.PreferenceBudget))
	c.JSON(http.StatusOK, out)
}
