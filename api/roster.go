package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/civil"
	"wfm/fault"
	"wfm/rostering"
	"wfm/store"
)

func (s *Server) listShiftTemplates(c *gin.Context) {
	siteID, err := queryInt(c, "site_id")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.ShiftTemplate, error) {
		return s.store.ListShiftTemplates(ctx, siteID)
	})
}

func (s *Server) getShiftTemplate(c *gin.Context)    { serveGet(s, c, s.store.GetShiftTemplate) }
func (s *Server) createShiftTemplate(c *gin.Context) { serveCreate(s, c, s.store.CreateShiftTemplate) }
func (s *Server) updateShiftTemplate(c *gin.Context) { serveUpdate(s, c, s.store.UpdateShiftTemplate) }
func (s *Server) deleteShiftTemplate(c *gin.Context) { serveDelete(s, c, s.store.DeleteShiftTemplate) }

// buildRequest asks for a draft roster of a site.
type buildRequest struct {
	SiteID           int64      `json:"site_id"`
	StartDate        civil.Date `json:"start_date"` // day 0
	Days             int        `json:"days"`
	TimeLimitSeconds int        `json:"time_limit_seconds"` // default 30, at most 600
	Seed             int64      `json:"seed"`
}

// maxBuildTime bounds a build started over the API.
const maxBuildTime = 10 * time.Minute

// startBuild records the build and runs the solver in a goroutine of its
// own, detached from the request: the caller polls the build for
// progress. The store allows one running build per site.
func (s *Server) startBuild(c *gin.Context) {
	var req buildRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	limit := time.Duration(req.TimeLimitSeconds) * time.Second
	if req.TimeLimitSeconds == 0 {
		limit = 30 * time.Second
	}
	if limit <= 0 || limit > maxBuildTime {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid build", Fields: map[string]string{"time_limit_seconds": "1 to 600"}})
		return
	}
	p := principal(c)
	b, err := s.builds.Start(c.Request.Context(), p.Actor(), p.Scope, req.SiteID, req.StartDate, req.Days, limit, req.Seed)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusAccepted, b)
}

func (s *Server) getBuild(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.ScheduleBuild, error) {
		return rostering.GetBuild(ctx, s.store, sc, id)
	})
}

func (s *Server) listSchedules(c *gin.Context) {
	siteID, err := queryInt(c, "site_id")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	f := store.ScheduleFilter{SiteID: siteID, Status: c.Query("status")}
	if f.From, f.To, err = queryDays(c); err != nil {
		fail(c, s.log, err)
		return
	}
	sc := principal(c).Scope
	serveList(s, c, func(ctx context.Context) ([]store.ScheduleVersion, error) {
		return s.store.ListScheduleVersions(ctx, sc, f)
	})
}

func (s *Server) getSchedule(c *gin.Context) {
	sc := principal(c).Scope
	serveGet(s, c, func(ctx context.Context, id int64) (*store.ScheduleVersion, error) {
		return rostering.GetSchedule(ctx, s.store, sc, id)
	})
}

// editSchedule answers 400 with the broken rules as fields when the edit
// is refused, 409 when the version read is stale, and the edited version
// (a new draft when the one edited was published) when it is kept.
func (s *Server) editSchedule(c *gin.Context) {
	serveAction(s, c, func(ctx context.Context, a store.Actor, sc store.Scope, id int64, e rostering.ShiftEdit) (*store.ScheduleVersion, error) {
		return rostering.EditSchedule(ctx, s.store, a, sc, id, e)
	})
}

// scheduleActivity answers the plan (and, applied, the version written);
// 400 naming the fields of a bad request, 403 for agents or a team not
// the caller's, 409 when the version read is stale.
func (s *Server) scheduleActivity(c *gin.Context) {
	serveAction(s, c, func(ctx context.Context, a store.Actor, sc store.Scope, id int64, r rostering.ActivityRequest) (*rostering.ActivityResult, error) {
		return rostering.ScheduleActivity(ctx, s.store, a, sc, id, r)
	})
}

func (s *Server) publishSchedule(c *gin.Context) {
	serveVersioned(s, c, func(ctx context.Context, a store.Actor, sc store.Scope, id, version int64) (*store.ScheduleVersion, error) {
		return rostering.Publish(ctx, s.store, a, sc, id, version)
	})
}

func (s *Server) diffSchedule(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	against, err := queryInt(c, "against")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	changes, err := rostering.DiffSchedule(c.Request.Context(), s.store, principal(c).Scope, id, against)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, changes)
}

func (s *Server) listShifts(c *gin.Context) {
	agentID, teamID, err := queryAgentTeam(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	from, to, err := queryDays(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	f := store.ShiftFilter{AgentID: agentID, TeamID: teamID, From: from, To: to}
	sc := principal(c).Scope
	serveList(s, c, func(ctx context.Context) ([]store.AgentShift, error) { return s.store.PublishedShifts(ctx, sc, f) })
}

// calendarKeyResponse is a new calendar feed key and the path to
// subscribe to (prefix it with the server's address).
type calendarKeyResponse struct {
	Key  string `json:"key"`
	Path string `json:"path"`
}

func (s *Server) createCalendarKey(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	p := principal(c)
	key, err := rostering.CreateFeedKey(c.Request.Context(), s.store, p.Actor(), p.Scope, id)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, calendarKeyResponse{Key: key, Path: "/api/v1/agents/" + c.Param("id") + "/schedule.ics?key=" + key})
}

// timeOffRequest is what an agent asks for; agent_id defaults to herself
// (rostering.RequestTimeOff).
type timeOffRequest struct {
	AgentID   int64      `json:"agent_id"`
	StartDate civil.Date `json:"start_date"`
	EndDate   civil.Date `json:"end_date"` // inclusive; default start_date
	Kind      string     `json:"kind"`
	Note      string     `json:"note"`
}

func (s *Server) requestTimeOff(c *gin.Context) {
	var req timeOffRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	r := store.TimeOffRequest{AgentID: req.AgentID, StartDate: req.StartDate, EndDate: req.EndDate, Kind: req.Kind, Note: req.Note}
	if err := rostering.RequestTimeOff(c.Request.Context(), s.store, p.Actor(), p.Scope, &r); err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, r)
}

func (s *Server) listTimeOff(c *gin.Context) {
	agentID, teamID, err := queryAgentTeam(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	f := store.TimeOffFilter{AgentID: agentID, TeamID: teamID, Status: c.Query("status")}
	if f.From, f.To, err = queryDays(c); err != nil {
		fail(c, s.log, err)
		return
	}
	sc := principal(c).Scope
	serveList(s, c, func(ctx context.Context) ([]store.TimeOffRequest, error) { return s.store.ListTimeOff(ctx, sc, f) })
}

func (s *Server) cancelTimeOff(c *gin.Context) {
	serveVersioned(s, c, func(ctx context.Context, a store.Actor, sc store.Scope, id, version int64) (*store.TimeOffRequest, error) {
		return rostering.CancelTimeOff(ctx, s.store, a, sc, id, version)
	})
}

// decisionRequest decides a request: status approved or refused; force
// approves a swap that breaks rules.
type decisionRequest struct {
	Version int64  `json:"version"`
	Status  string `json:"status"`
	Force   bool   `json:"force"`
}

func bindDecision(c *gin.Context) (int64, decisionRequest, error) {
	id, err := pathID(c)
	if err != nil {
		return 0, decisionRequest{}, err
	}
	var req decisionRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		return 0, req, bindError(err)
	}
	f := fault.FieldErrors{}
	if req.Version <= 0 {
		f.Add("version", versionRequired)
	}
	if req.Status != store.RequestApproved && req.Status != store.RequestRefused {
		f.Add("status", "%q is not approved or refused", req.Status)
	}
	return id, req, f.Err("decision")
}

func (s *Server) decideTimeOff(c *gin.Context) {
	id, req, err := bindDecision(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	p := principal(c)
	r, err := rostering.DecideTimeOff(c.Request.Context(), s.store, p.Actor(), p.Scope, id, req.Version, req.Status)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// allowanceRequest sets a team's daily time off allowance.
type allowanceRequest struct {
	Date    civil.Date `json:"date"` // empty = every day without its own
	Allowed *int       `json:"allowed"`
}

func (s *Server) setAllowance(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var req allowanceRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	if req.Allowed == nil {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid request body", Fields: map[string]string{"allowed": "required"}})
		return
	}
	p := principal(c)
	if err := s.store.SetTimeOffAllowance(c.Request.Context(), p.Actor(), p.Scope, id, req.Date, *req.Allowed); err != nil {
		fail(c, s.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listAllowances(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	sc := principal(c).Scope
	serveList(s, c, func(ctx context.Context) ([]store.TimeOffAllowance, error) {
		return s.store.ListTimeOffAllowances(ctx, sc, id)
	})
}

func (s *Server) timeOffCalendar(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	days, err := queryInt(c, "days")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	if days == 0 {
		days = 28
	}
	from, err := queryDay(c, "from")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	if from.IsZero() {
		from = civil.Of(s.now(), nil)
	}
	sc := principal(c).Scope
	serveList(s, c, func(ctx context.Context) ([]rostering.TimeOffDay, error) {
		return rostering.TimeOffCalendar(ctx, s.store, sc, id, from, int(days))
	})
}

// swapRequest offers a swap; from_agent_id defaults to the caller, to_date
// to from_date.
type swapRequest struct {
	FromAgentID int64      `json:"from_agent_id"`
	FromDate    civil.Date `json:"from_date"`
	ToAgentID   int64      `json:"to_agent_id"`
	ToDate      civil.Date `json:"to_date"`
	Note        string     `json:"note"`
}

func (s *Server) requestSwap(c *gin.Context) {
	var req swapRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	p := principal(c)
	if req.FromAgentID == 0 {
		req.FromAgentID = p.Scope.AgentID
	}
	r := store.SwapRequest{FromAgentID: req.FromAgentID, FromDate: req.FromDate, ToAgentID: req.ToAgentID, ToDate: req.ToDate, Note: req.Note}
	if err := rostering.RequestSwap(c.Request.Context(), s.store, p.Actor(), p.Scope, &r); err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, r)
}

func (s *Server) listSwaps(c *gin.Context) {
	sc, status := principal(c).Scope, c.Query("status")
	serveList(s, c, func(ctx context.Context) ([]store.SwapRequest, error) { return s.store.ListSwaps(ctx, sc, status) })
}

func (s *Server) cancelSwap(c *gin.Context) {
	serveVersioned(s, c, func(ctx context.Context, a store.Actor, sc store.Scope, id, version int64) (*store.SwapRequest, error) {
		return rostering.CancelSwap(ctx, s.store, a, sc, id, version)
	})
}

func (s *Server) decideSwap(c *gin.Context) {
	id, req, err := bindDecision(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	p := principal(c)
	r, err := rostering.DecideSwap(c.Request.Context(), s.store, p.Actor(), p.Scope, id, req.Version, req.Status == store.RequestApproved, req.Force)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// rosterSettings is the center's roster policy.
type rosterSettings struct {
	SwapAutoApprove *bool `json:"swap_auto_approve"` // approve swaps that keep every rule without a supervisor
}

func (s *Server) getRosterSettings(c *gin.Context) {
	on, err := s.store.SwapAutoApprove(c.Request.Context())
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, rosterSettings{SwapAutoApprove: &on})
}

func (s *Server) setRosterSettings(c *gin.Context) {
	var req rosterSettings
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, s.log, bindError(err))
		return
	}
	if req.SwapAutoApprove == nil {
		fail(c, s.log, &fault.Error{Code: fault.Invalid, Message: "invalid request body", Fields: map[string]string{"swap_auto_approve": "required"}})
		return
	}
	if err := s.store.SetSwapAutoApprove(c.Request.Context(), principal(c).Actor(), *req.SwapAutoApprove); err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, req)
}

// simulateSchedule simulates a roster version of a site in scope.
func (s *Server) simulateSchedule(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	opt, err := simulationOptions(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	sim, err := rostering.SimulateRoster(c.Request.Context(), s.store, principal(c).Scope, id, opt)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, sim)
}

// simulationOptions reads ?from=&to=&seed=&runs=&shrinkage= (the store
// checks their ranges).
func simulationOptions(c *gin.Context) (rostering.RosterSimOptions, error) {
	var opt rostering.RosterSimOptions
	var err error
	if opt.From, opt.To, err = queryDays(c); err != nil {
		return opt, err
	}
	seed, err := queryInt(c, "seed")
	if err != nil {
		return opt, err
	}
	if seed < 0 {
		return opt, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"seed": "must not be negative"}}
	}
	runs, err := queryInt(c, "runs")
	if err != nil {
		return opt, err
	}
	opt.Seed, opt.Runs = uint64(seed), int(min(max(runs, -1), 1<<20))
	if v := c.Query("shrinkage"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return opt, &fault.Error{Code: fault.Invalid, Message: "invalid query", Fields: map[string]string{"shrinkage": "not a number"}}
		}
		opt.Shrinkage = &f
	}
	return opt, nil
}
