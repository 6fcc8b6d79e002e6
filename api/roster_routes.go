package api

import (
	"wfm/rostering"
	"wfm/store"
)

// rosterRoutes are the routes for schedules: shift templates, builds,
// drafts and their edits, publication, what agents see (JSON and an
// iCalendar feed), time off, shift preferences and shift swaps.
func (s *Server) rosterRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/shift-templates", agent, "shift templates (?site_id=)", nil, []store.ShiftTemplate{}, s.listShiftTemplates},
		{"GET", "/api/v1/shift-templates/:id", agent, "a shift template", nil, store.ShiftTemplate{}, s.getShiftTemplate},
		{"POST", "/api/v1/shift-templates", admin, "create a shift template", store.ShiftTemplate{}, store.ShiftTemplate{}, s.createShiftTemplate},
		{"PUT", "/api/v1/shift-templates/:id", admin, "update a shift template (send the version you read)", store.ShiftTemplate{}, store.ShiftTemplate{}, s.updateShiftTemplate},
		{"DELETE", "/api/v1/shift-templates/:id", admin, "delete a shift template (?version=)", nil, nil, s.deleteShiftTemplate},

		{"POST", "/api/v1/schedule-builds", supervisor, "build a draft roster of a site for a period, in the background (one per site at a time)", buildRequest{}, store.ScheduleBuild{}, s.startBuild},
		{"GET", "/api/v1/schedule-builds/:id", supervisor, "a build: status, objective over time, the draft it made", nil, store.ScheduleBuild{}, s.getBuild},
		{"GET", "/api/v1/schedules", supervisor, "roster versions of my sites, without their contents (?site_id=&status=&from=&to=)", nil, []store.ScheduleVersion{}, s.listSchedules},
		{"GET", "/api/v1/schedules/:id", supervisor, "a roster version with its problem, solution and violations", nil, store.ScheduleVersion{}, s.getSchedule},
		{"POST", "/api/v1/schedules/:id/edits", supervisor, "change one agent's day; checked against the rules (a published version makes a new draft)", rostering.ShiftEdit{}, store.ScheduleVersion{}, s.editSchedule},
		{"POST", "/api/v1/schedules/:id/activities", supervisor, "place a meeting, training session or coaching (kind, title, agent_ids or team_id of my teams, duration_minutes, from/to dates, optional from_time/to_time, together or each on her own) where the roster has most slack, keeping every rule; apply writes it (a published version makes a new draft; publish publishes it at once), else only the plan: slots, cost, intervals before and after, who could not be placed and why", rostering.ActivityRequest{}, rostering.ActivityResult{}, s.scheduleActivity},
		{"POST", "/api/v1/schedules/:id/publish", supervisor, "publish a draft (supersedes the published version of its period; 409 when the version it was edited from is no longer the published one)", versionRequest{}, store.ScheduleVersion{}, s.publishSchedule},
		{"GET", "/api/v1/schedules/:id/simulation", supervisor, "service level, ASA and abandonment the roster delivers per queue, day and 15-minute interval, simulated against the forecast and the queue's goal (?from=&to= dates, ?seed=, ?runs= 1-100, ?shrinkage= 0-1 instead of the queues' own)", nil, rostering.RosterSimulation{}, s.simulateSchedule},
		{"GET", "/api/v1/schedules/:id/diff", supervisor, "per agent and day, what differs from another version (?against=; default: the one it is based on)", nil, []rostering.ShiftChange{}, s.diffSchedule},

		{"GET", "/api/v1/shifts", agent, "published shifts in my scope (?agent_id=&team_id=&from=&to= dates)", nil, []store.AgentShift{}, s.listShifts},
		{"GET", "/api/v1/agents/:id/schedule.ics", Public, "an agent's published shifts as an iCalendar feed; ?key= (her feed key) only, never an API token or a session", nil, nil, s.agentCalendar},
		{"POST", "/api/v1/agents/:id/calendar-key", agent, "make a new secret key for an agent's calendar feed (shown once; the old one stops working)", nil, calendarKeyResponse{}, s.createCalendarKey},

		{"GET", "/api/v1/time-off", agent, "time off requests in my scope (?agent_id=&team_id=&status=&from=&to=)", nil, []store.TimeOffRequest{}, s.listTimeOff},
		{"POST", "/api/v1/time-off", agent, "ask for time off (approved within the team's daily allowance, else waitlisted)", timeOffRequest{}, store.TimeOffRequest{}, s.requestTimeOff},
		{"POST", "/api/v1/time-off/:id/cancel", agent, "withdraw a time off request", versionRequest{}, store.TimeOffRequest{}, s.cancelTimeOff},
		{"POST", "/api/v1/time-off/:id/decision", supervisor, "approve or refuse a time off request of my teams", decisionRequest{}, store.TimeOffRequest{}, s.decideTimeOff},
		{"PUT", "/api/v1/teams/:id/time-off-allowance", supervisor, "how many agents of a team may be off a day (date empty = every day)", allowanceRequest{}, nil, s.setAllowance},
		{"GET", "/api/v1/teams/:id/time-off-allowance", supervisor, "a team's allowances: the default (date empty) and the dated ones", nil, []store.TimeOffAllowance{}, s.listAllowances},
		{"GET", "/api/v1/teams/:id/time-off-calendar", supervisor, "per day, the allowance in force against the requests approved, waitlisted and pending (?from= date, default today; ?days= 1-92, default 28)", nil, []rostering.TimeOffDay{}, s.timeOffCalendar},

		{"GET", "/api/v1/preferences", agent, "shift preferences in my scope: mine, or my teams' (?agent_id=&team_id=)", nil, []store.ShiftPreference{}, s.listPreferences},
		{"POST", "/api/v1/preferences", agent, "state a shift preference (weekday or date; work (a shift or a start time) or not; strength 1-3); weighed within the same budget per agent", preferenceRequest{}, store.ShiftPreference{}, s.createPreference},
		{"PUT", "/api/v1/preferences/:id", agent, "change one of my shift preferences (send the version you read)", preferenceRequest{}, store.ShiftPreference{}, s.updatePreference},
		{"DELETE", "/api/v1/preferences/:id", agent, "remove one of my shift preferences (?version=)", nil, nil, s.deletePreference},
		{"GET", "/api/v1/schedules/:id/preferences", supervisor, "per agent, how many of her preferences a roster version grants", nil, []rostering.PreferenceTally{}, s.schedulePreferences},

		{"GET", "/api/v1/swaps", agent, "shift swap requests in my scope (?status=)", nil, []store.SwapRequest{}, s.listSwaps},
		{"POST", "/api/v1/swaps", agent, "offer a shift swap: checked against both agents' rules and skills", swapRequest{}, store.SwapRequest{}, s.requestSwap},
		{"POST", "/api/v1/swaps/:id/cancel", agent, "withdraw a pending swap offer", versionRequest{}, store.SwapRequest{}, s.cancelSwap},
		{"POST", "/api/v1/swaps/:id/decision", supervisor, "approve (applies it to the published roster) or refuse a swap", decisionRequest{}, store.SwapRequest{}, s.decideSwap},
		{"GET", "/api/v1/roster-settings", supervisor, "roster policy", nil, rosterSettings{}, s.getRosterSettings},
		{"PUT", "/api/v1/roster-settings", admin, "set the roster policy", rosterSettings{}, rosterSettings{}, s.setRosterSettings},
	}
}
