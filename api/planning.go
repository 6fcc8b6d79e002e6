package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"wfm/fault"
	"wfm/holidays"
	"wfm/planning"
	"wfm/store"
)

// forecastBody is a run with its intervals.
type forecastBody struct {
	store.ForecastRun
	Intervals []store.ForecastInterval `json:"intervals"`
}

type overrideRequest struct {
	Version   int64                    `json:"version"`
	Reason    string                   `json:"reason"`
	Intervals []store.ForecastOverride `json:"intervals"`
}

type publishRequest struct {
	Version int64 `json:"version"` // 0: whatever version the run is at
}

type computeResponse struct {
	QueueID   int64 `json:"queue_id"`
	Intervals int   `json:"intervals"`
}

// bindBody decodes a JSON body, failing the request when it cannot.
func (s *Server) bindBody(c *gin.Context, v any) bool {
	if err := c.ShouldBindJSON(v); err != nil {
		fail(c, s.log, bindError(err))
		return false
	}
	return true
}

func (s *Server) runForecasts(c *gin.Context) {
	var req planning.ForecastRequest
	if !s.bindBody(c, &req) {
		return
	}
	runs, err := planning.Forecast(c.Request.Context(), s.store, principal(c).Actor(), req)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusCreated, runs)
}

func (s *Server) listForecasts(c *gin.Context) {
	f := store.ForecastRunFilter{Status: c.Query("status")}
	var err error
	var limit int64
	if f.QueueID, err = queryInt(c, "queue_id"); err == nil {
		limit, err = queryInt(c, "limit")
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	f.Limit = int(limit)
	serveList(s, c, func(ctx context.Context) ([]store.ForecastRun, error) { return s.store.ListForecastRuns(ctx, f) })
}

func (s *Server) getForecast(c *gin.Context) {
	serveGet(s, c, s.forecastWithIntervals)
}

func (s *Server) forecastWithIntervals(ctx context.Context, id int64) (*forecastBody, error) {
	run, err := s.store.GetForecastRun(ctx, id)
	if err != nil {
		return nil, err
	}
	ivs, err := s.store.ForecastIntervals(ctx, id)
	if err != nil {
		return nil, err
	}
	return &forecastBody{ForecastRun: *run, Intervals: ivs}, nil
}

func (s *Server) overrideForecast(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var req overrideRequest
	if !s.bindBody(c, &req) {
		return
	}
	if req.Version <= 0 {
		fail(c, s.log, errVersionRequired)
		return
	}
	ctx := c.Request.Context()
	if _, err := planning.OverrideForecast(ctx, s.store, principal(c).Actor(), id, req.Version, req.Reason, req.Intervals); err != nil {
		fail(c, s.log, err)
		return
	}
	serveGet(s, c, s.forecastWithIntervals)
}

func (s *Server) publishForecast(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var req publishRequest
	if c.Request.ContentLength != 0 && !s.bindBody(c, &req) {
		return
	}
	run, err := planning.Publish(c.Request.Context(), s.store, principal(c).Actor(), id, req.Version)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, run)
}

func (s *Server) listRequirements(c *gin.Context) {
	queueID, err := queryInt(c, "queue_id")
	var from, to time.Time
	if err == nil {
		from, to, err = queryTimes(c)
	}
	if err == nil {
		f := fault.FieldErrors{}
		window(f, from, to, 92*24*time.Hour)
		err = f.Err("request")
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	var queues []int64
	if queueID != 0 {
		queues = []int64{queueID}
	}
	serveList(s, c, func(ctx context.Context) ([]store.Requirement, error) {
		return s.store.Requirements(ctx, queues, from, to)
	})
}

// window checks a required [from, to) of at most longest.
func window(f fault.FieldErrors, from, to time.Time, longest time.Duration) {
	if from.IsZero() {
		f.Add("from", "required")
	}
	switch {
	case to.IsZero():
		f.Add("to", "required")
	case !to.After(from):
		f.Add("to", "must be after from")
	case to.Sub(from) > longest:
		f.Add("to", "at most %v after from", longest)
	}
}

func (s *Server) computeRequirements(c *gin.Context) {
	var req planning.RequirementsRequest
	if !s.bindBody(c, &req) {
		return
	}
	n, err := planning.Requirements(c.Request.Context(), s.store, principal(c).Actor(), req)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, computeResponse{QueueID: req.QueueID, Intervals: n})
}

func (s *Server) whatIf(c *gin.Context) {
	var req planning.WhatIfRequest
	if !s.bindBody(c, &req) {
		return
	}
	out, err := planning.WhatIf(c.Request.Context(), s.store, req)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// accuracyFilter reads ?queue_id=&from=&to= with days as YYYY-MM-DD.
func accuracyFilter(c *gin.Context) (store.AccuracyFilter, error) {
	id, err := queryInt(c, "queue_id")
	f := store.AccuracyFilter{QueueID: id}
	if err == nil {
		f.From, f.To, err = queryDays(c)
	}
	return f, err
}

func (s *Server) listAccuracy(c *gin.Context) {
	f, err := accuracyFilter(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.AccuracyDay, error) { return s.store.AccuracyDays(ctx, f) })
}

func (s *Server) listAccuracyIntervals(c *gin.Context) {
	f, err := accuracyFilter(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.AccuracyInterval, error) { return s.store.AccuracyIntervals(ctx, f) })
}

func (s *Server) listCalendarEvents(c *gin.Context) {
	var f store.CalendarFilter
	var err error
	if f.From, f.To, err = queryDays(c); err != nil {
		fail(c, s.log, err)
		return
	}
	if f.SiteID, err = queryInt(c, "site_id"); err == nil {
		f.QueueID, err = queryInt(c, "queue_id")
	}
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]store.CalendarEvent, error) { return s.store.ListCalendarEvents(ctx, f) })
}

func (s *Server) listPublicHolidays(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, s.log, err)
		return
	}
	from, err := queryDay(c, "from")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	to, err := queryDay(c, "to")
	if err != nil {
		fail(c, s.log, err)
		return
	}
	serveList(s, c, func(ctx context.Context) ([]holidays.Day, error) {
		return planning.PublicHolidays(ctx, s.store, id, from, to)
	})
}

func (s *Server) getCalendarEvent(c *gin.Context) { serveGet(s, c, s.store.GetCalendarEvent) }
func (s *Server) createCalendarEvent(c *gin.Context) {
	serveCreate(s, c, s.store.CreateCalendarEvent)
}
func (s *Server) updateCalendarEvent(c *gin.Context) {
	serveUpdate(s, c, s.store.UpdateCalendarEvent)
}
func (s *Server) deleteCalendarEvent(c *gin.Context) {
	serveDelete(s, c, s.store.DeleteCalendarEvent)
}
