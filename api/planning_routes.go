package api

import (
	"wfm/holidays"
	"wfm/planning"
	"wfm/store"
)

// planningRoutes are the routes for forecasts, staffing requirements,
// what-ifs, forecast accuracy and the special-day calendar. Reading is for
// supervisors (they build rosters on it); running, overriding, publishing
// and editing the calendar are for managers. Queues are center-wide, so
// there is no narrower scope than the role.
func (s *Server) planningRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/forecasts", manager, "forecast queues (queue_ids, none = all) over a horizon (from, days) as drafts", planning.ForecastRequest{}, []store.ForecastRun{}, s.runForecasts},
		{"GET", "/api/v1/forecasts", supervisor, "forecast runs, newest first (?queue_id=&status=draft|published&limit=)", nil, []store.ForecastRun{}, s.listForecasts},
		{"GET", "/api/v1/forecasts/:id", supervisor, "a forecast run: chosen method, backtest errors, intervals with their 80% prediction interval and overrides", nil, forecastBody{}, s.getForecast},
		{"PUT", "/api/v1/forecasts/:id/intervals", manager, "override intervals of a draft by hand, with a reason (audited; send the run's version)", overrideRequest{}, forecastBody{}, s.overrideForecast},
		{"POST", "/api/v1/forecasts/:id/publish", manager, "publish a draft (kept for ever) and compute its queue's requirements from it", publishRequest{}, store.ForecastRun{}, s.publishForecast},

		{"GET", "/api/v1/requirements", supervisor, "staffing requirements per queue and interval (?queue_id=&from=&to= times, &tz= their zone)", nil, []store.Requirement{}, s.listRequirements},
		{"POST", "/api/v1/requirements", manager, "recompute a queue's requirements over [from, to) from its published forecast, or from run_id", planning.RequirementsRequest{}, computeResponse{}, s.computeRequirements},
		{"POST", "/api/v1/what-if", supervisor, "agents per interval and total FTE if volume, AHT, the goal or shrinkage changed (nothing is saved)", planning.WhatIfRequest{}, planning.WhatIfAnswer{}, s.whatIf},

		{"GET", "/api/v1/forecast-accuracy", supervisor, "published forecasts against actuals per queue and day: WAPE, MAPE, bias (?queue_id=&from=&to= as YYYY-MM-DD)", nil, []store.AccuracyDay{}, s.listAccuracy},
		{"GET", "/api/v1/forecast-accuracy/intervals", supervisor, "published forecast and actual per queue and interval (?queue_id=&from=&to= as YYYY-MM-DD)", nil, []store.AccuracyInterval{}, s.listAccuracyIntervals},

		{"GET", "/api/v1/calendar-events", supervisor, "special days and anomalies (?site_id=&queue_id=&from=&to= as YYYY-MM-DD)", nil, []store.CalendarEvent{}, s.listCalendarEvents},
		{"GET", "/api/v1/calendar-events/:id", supervisor, "a special day", nil, store.CalendarEvent{}, s.getCalendarEvent},
		{"POST", "/api/v1/calendar-events", manager, "add a special day (holiday, campaign, billing, outage) or an anomaly kept out of training", store.CalendarEvent{}, store.CalendarEvent{}, s.createCalendarEvent},
		{"PUT", "/api/v1/calendar-events/:id", manager, "update a special day (send the version you read)", store.CalendarEvent{}, store.CalendarEvent{}, s.updateCalendarEvent},
		{"DELETE", "/api/v1/calendar-events/:id", manager, "delete a special day (?version=)", nil, nil, s.deleteCalendarEvent},
		{"GET", "/api/v1/sites/:id/public-holidays", supervisor, "the public holidays the site's forecasts know without a calendar entry (?from=&to= as YYYY-MM-DD, at most three years)", nil, []holidays.Day{}, s.listPublicHolidays},
	}
}
