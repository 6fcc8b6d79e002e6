package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/limits"
	"wfm/schedule"
)

// Request statuses (time off and swaps).
const (
	RequestPending    = "pending"
	RequestApproved   = "approved"
	RequestWaitlisted = "waitlisted"
	RequestRefused    = "refused"
	RequestCancelled  = "cancelled"
)

// TimeOffKinds are the reasons an agent is away.
var TimeOffKinds = []string{"vacation", "personal", "sick", "training"}

// maxTimeOffDays bounds one request: longer absences are several.
const maxTimeOffDays = 31

// TimeOffRequest is an agent's request to be away some days.
type TimeOffRequest struct {
	bun.BaseModel `bun:"table:time_off_requests"`
	Record
	AgentID   int64      `bun:"agent_id,notnull" json:"agent_id"`
	TeamID    int64      `bun:"team_id,notnull" json:"team_id"`
	StartDate string     `bun:"start_date,notnull" json:"start_date"`
	EndDate   string     `bun:"end_date,notnull" json:"end_date"` // inclusive
	Kind      string     `bun:"kind,notnull" json:"kind"`
	Note      string     `bun:"note,notnull" json:"note"`
	Status    string     `bun:"status,notnull" json:"status"`
	DecidedBy *int64     `bun:"decided_by" json:"decided_by"`
	DecidedAt *time.Time `bun:"decided_at" json:"decided_at"`
}

// Validate checks the request's fields.
func (r *TimeOffRequest) Validate() error {
	if r.Kind == "" {
		r.Kind = "vacation"
	}
	f := fault.FieldErrors{}
	if r.AgentID <= 0 {
		f.Add("agent_id", "required")
	}
	start, err1 := time.Parse(time.DateOnly, r.StartDate)
	end, err2 := time.Parse(time.DateOnly, r.EndDate)
	if err1 != nil {
		f.Add("start_date", "%q is not a date YYYY-MM-DD", r.StartDate)
	}
	if err2 != nil {
		f.Add("end_date", "%q is not a date YYYY-MM-DD", r.EndDate)
	}
	if err1 == nil && err2 == nil {
		if end.Before(start) {
			f.Add("end_date", "%s is before start_date %s", r.EndDate, r.StartDate)
		} else if end.Sub(start) >= maxTimeOffDays*24*time.Hour {
			f.Add("end_date", "at most %d days in one request", maxTimeOffDays)
		}
	}
	if !oneOf(r.Kind, TimeOffKinds) {
		f.Add("kind", "%q is not one of %v", r.Kind, TimeOffKinds)
	}
	checkText(f, "note", r.Note, limits.Note)
	if !oneOf(r.Status, []string{RequestPending, RequestApproved, RequestWaitlisted, RequestRefused, RequestCancelled}) {
		f.Add("status", "%q is not a request status", r.Status)
	}
	return f.Err("time off request")
}

func (r *TimeOffRequest) checkDates(f fault.FieldErrors, now time.Time) {
	checkDate(f, "start_date", r.StartDate, limits.Planning, now)
	checkDate(f, "end_date", r.EndDate, limits.Planning, now)
}

// dates lists the request's days.
func (r *TimeOffRequest) dates() []string {
	var out []string
	for d := r.StartDate; d <= r.EndDate && len(out) <= maxTimeOffDays; d = addDays(d, 1) {
		out = append(out, d)
	}
	return out
}

// TimeOffAllowance is how many agents of a team may be off on a date
// (date "" = every date without its own row).
type TimeOffAllowance struct {
	bun.BaseModel `bun:"table:time_off_allowances"`
	TeamID        int64  `bun:"team_id,pk" json:"team_id"`
	Date          string `bun:"date,pk" json:"date"`
	Allowed       int    `bun:"allowed,notnull" json:"allowed"`
}

// SetTimeOffAllowance sets how many agents of a team may be off on a date
// ("" = the team's default for every date).
func (s *Store) SetTimeOffAllowance(ctx context.Context, a Actor, sc Scope, teamID int64, date string, allowed int) error {
	f := fault.FieldErrors{}
	if date != "" {
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			f.Add("date", "%q is not a date YYYY-MM-DD (or empty for every day)", date)
		} else {
			checkDate(f, "date", date, limits.Planning, s.now())
		}
	}
	if allowed < 0 {
		f.Add("allowed", "must not be negative")
	}
	if err := f.Err("time off allowance"); err != nil {
		return err
	}
	if _, err := s.GetTeam(ctx, teamID); err != nil {
		return err
	}
	if !sc.HasTeam(teamID) {
		return fault.Errorf(fault.Forbidden, "team %d is not one of yours", teamID)
	}
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		row := TimeOffAllowance{TeamID: teamID, Date: date, Allowed: allowed}
		if _, err := tx.NewInsert().Model(&row).On("CONFLICT (team_id, date) DO UPDATE").Set("allowed = EXCLUDED.allowed").Exec(ctx); err != nil {
			return fmt.Errorf("set time off allowance: %w", err)
		}
		return auditKey(ctx, tx, now, a, "set", "time_off_allowance", fmt.Sprintf("%d/%s", teamID, date), row)
	})
}

// ListTimeOffAllowances lists the allowances of one team in scope (teamID
// > 0) or of every team in scope: per team, the default (date "") first,
// then the dated ones.
func (s *Store) ListTimeOffAllowances(ctx context.Context, sc Scope, teamID int64) ([]TimeOffAllowance, error) {
	out := []TimeOffAllowance{}
	q := s.db.NewSelect().Model(&out).Order("team_id", "date")
	if teamID > 0 {
		if _, err := s.GetTeam(ctx, teamID); err != nil {
			return nil, err
		}
		if !sc.HasTeam(teamID) {
			return nil, fault.Errorf(fault.Forbidden, "team %d is not one of yours", teamID)
		}
		q = q.Where("team_id = ?", teamID)
	} else if !sc.All {
		q = q.Where("team_id IN (?)", bun.List(append(sc.TeamIDs, 0)))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list time off allowances: %w", err)
	}
	return out, nil
}

// TimeOffDay is one date of a team's time-off calendar: how many agents the
// allowance lets off (Limited false: no allowance, every request waits for
// the supervisor) and how many requests hold or wait for the date.
type TimeOffDay struct {
	Date       string `json:"date"`
	Limited    bool   `json:"limited"`
	Allowed    int    `json:"allowed"`
	Approved   int    `json:"approved"`
	Waitlisted int    `json:"waitlisted"`
	Pending    int    `json:"pending"`
}

// Room is how many more requests the allowance would approve on the date
// (0 when none or when the date has no allowance).
func (d TimeOffDay) Room() int {
	if !d.Limited || d.Approved >= d.Allowed {
		return 0
	}
	return d.Allowed - d.Approved
}

// maxCalendarDays bounds one read of a team's time-off calendar.
const maxCalendarDays = 92

// TimeOffCalendar is a team's time-off days from a date: the allowance in
// force each day (the dated row, else the team's default) against the
// requests approved, waitlisted and pending on it. The same arithmetic as
// allowanceStatus, so what the page shows as room is what a request gets.
func (s *Store) TimeOffCalendar(ctx context.Context, sc Scope, teamID int64, from string, days int) ([]TimeOffDay, error) {
	f := fault.FieldErrors{}
	if _, err := time.Parse(time.DateOnly, from); err != nil {
		f.Add("from", "%q is not a date YYYY-MM-DD", from)
	}
	if days < 1 || days > maxCalendarDays {
		f.Add("days", "must be 1 to %d", maxCalendarDays)
	}
	if err := f.Err("time off calendar"); err != nil {
		return nil, err
	}
	allowances, err := s.ListTimeOffAllowances(ctx, sc, teamID) // checks the team and the scope
	if err != nil {
		return nil, err
	}
	allowed := map[string]int{}
	for _, a := range allowances {
		allowed[a.Date] = a.Allowed
	}
	to := addDays(from, days-1)
	requests, err := s.ListTimeOff(ctx, sc, TimeOffFilter{TeamID: teamID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	out := make([]TimeOffDay, 0, days)
	for date := from; date <= to; date = addDays(date, 1) {
		day := TimeOffDay{Date: date}
		day.Allowed, day.Limited = allowanceOn(allowed, date)
		for _, r := range requests {
			if r.StartDate > date || r.EndDate < date {
				continue
			}
			switch r.Status {
			case RequestApproved:
				day.Approved++
			case RequestWaitlisted:
				day.Waitlisted++
			case RequestPending:
				day.Pending++
			}
		}
		out = append(out, day)
	}
	return out, nil
}

// allowanceOn is the allowance in force on a date: its own row, else the
// team's default (date ""); false when the team has neither.
func allowanceOn(allowed map[string]int, date string) (int, bool) {
	if n, ok := allowed[date]; ok {
		return n, true
	}
	n, ok := allowed[""]
	return n, ok
}

// allowanceStatus is what the team's allowances make of a request:
// approved when every day has room, waitlisted when one has none, pending
// (for a supervisor to decide) when the team has no allowance at all.
func (s *Store) allowanceStatus(ctx context.Context, tx bun.IDB, r *TimeOffRequest) (string, error) {
	var rows []TimeOffAllowance
	q := tx.NewSelect().Model(&rows).Where("team_id = ?", r.TeamID)
	if s.postgres {
		q = q.For("UPDATE") // requests of one team are decided one at a time
	}
	if err := q.Scan(ctx); err != nil {
		return "", fmt.Errorf("read time off allowances: %w", err)
	}
	if len(rows) == 0 {
		return RequestPending, nil
	}
	allowed := map[string]int{}
	for _, row := range rows {
		allowed[row.Date] = row.Allowed
	}
	for _, date := range r.dates() {
		limit, ok := allowanceOn(allowed, date)
		if !ok {
			return RequestPending, nil
		}
		n, err := tx.NewSelect().Model((*TimeOffRequest)(nil)).
			Where("team_id = ? AND status = ? AND id <> ?", r.TeamID, RequestApproved, r.ID).
			Where("start_date <= ? AND end_date >= ?", date, date).Count(ctx)
		if err != nil {
			return "", fmt.Errorf("count time off on %s: %w", date, err)
		}
		if n >= int64(limit) {
			return RequestWaitlisted, nil
		}
	}
	return RequestApproved, nil
}

// RequestTimeOff records a request for an agent in scope, approved at once
// when the team's allowance has room on every day, waitlisted when not.
func (s *Store) RequestTimeOff(ctx context.Context, a Actor, sc Scope, r *TimeOffRequest) error {
	ag, err := s.GetAgent(ctx, r.AgentID)
	if err != nil {
		return err
	}
	if !sc.HasAgent(ag.ID, ag.TeamID) {
		return fault.Errorf(fault.Forbidden, "agent %d is not in your scope", ag.ID)
	}
	r.ID, r.TeamID, r.Status, r.DecidedBy, r.DecidedAt = 0, ag.TeamID, RequestPending, nil, nil
	if err := validate(r, "time_off_request", s.now()); err != nil {
		return err
	}
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		n, err := tx.NewSelect().Model((*TimeOffRequest)(nil)).
			Where("agent_id = ? AND status IN (?)", r.AgentID, bun.List([]string{RequestPending, RequestApproved, RequestWaitlisted})).
			Where("start_date <= ? AND end_date >= ?", r.EndDate, r.StartDate).Count(ctx)
		if err != nil {
			return fmt.Errorf("find overlapping time off: %w", err)
		}
		if n > 0 {
			return fault.Errorf(fault.Conflict, "agent %s already asked for time off overlapping %s to %s", ag.Code, r.StartDate, r.EndDate)
		}
		if r.Status, err = s.allowanceStatus(ctx, tx, r); err != nil {
			return err
		}
		if r.Status == RequestApproved {
			r.DecidedAt = &now
		}
		return insertRecord(ctx, tx, now, a, "time_off_request", r, r)
	})
}

// GetTimeOff reads a request.
func (s *Store) GetTimeOff(ctx context.Context, id int64) (*TimeOffRequest, error) {
	var m TimeOffRequest
	err := s.db.NewSelect().Model(&m).Where("id = ?", id).Scan(ctx)
	return &m, translate(err, fmt.Sprintf("time off request %d", id))
}

// TimeOffFilter selects requests.
type TimeOffFilter struct {
	AgentID int64
	TeamID  int64
	Status  string
	From    string // requests ending on or after
	To      string // requests starting on or before
}

// ListTimeOff returns the requests in scope, oldest first.
func (s *Store) ListTimeOff(ctx context.Context, sc Scope, f TimeOffFilter) ([]TimeOffRequest, error) {
	out := []TimeOffRequest{}
	q := s.db.NewSelect().Model(&out).Order("start_date", "id")
	q = sc.filterAgents(q, "agent_id", "team_id")
	if f.AgentID > 0 {
		q = q.Where("agent_id = ?", f.AgentID)
	}
	if f.TeamID > 0 {
		q = q.Where("team_id = ?", f.TeamID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.From != "" {
		q = q.Where("end_date >= ?", f.From)
	}
	if f.To != "" {
		q = q.Where("start_date <= ?", f.To)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list time off: %w", err)
	}
	return out, nil
}

// DecideTimeOff is a supervisor's decision on a request of her teams
// (approved or refused), whatever the allowance says. Refusing an approved
// request frees its days for the waitlist.
func (s *Store) DecideTimeOff(ctx context.Context, a Actor, sc Scope, id, version int64, status string) (*TimeOffRequest, error) {
	if status != RequestApproved && status != RequestRefused {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid decision", Fields: map[string]string{"status": fmt.Sprintf("%q is not approved or refused", status)}}
	}
	return s.changeTimeOff(ctx, a, id, version, func(r *TimeOffRequest) error {
		if !sc.HasTeam(r.TeamID) {
			return fault.Errorf(fault.Forbidden, "time off request %d is not of your teams", id)
		}
		if r.Status == RequestCancelled {
			return fault.Errorf(fault.Conflict, "time off request %d was cancelled", id)
		}
		r.Status = status
		return nil
	}, "decide")
}

// CancelTimeOff withdraws a request: the agent's own, or one of a
// supervisor's teams.
func (s *Store) CancelTimeOff(ctx context.Context, a Actor, sc Scope, id, version int64) (*TimeOffRequest, error) {
	return s.changeTimeOff(ctx, a, id, version, func(r *TimeOffRequest) error {
		if !sc.HasAgent(r.AgentID, r.TeamID) {
			return fault.Errorf(fault.Forbidden, "time off request %d is not yours", id)
		}
		if r.Status == RequestCancelled || r.Status == RequestRefused {
			return fault.Errorf(fault.Conflict, "time off request %d is already %s", id, r.Status)
		}
		r.Status = RequestCancelled
		return nil
	}, "cancel")
}

func (s *Store) changeTimeOff(ctx context.Context, a Actor, id, version int64, change func(*TimeOffRequest) error, action string) (*TimeOffRequest, error) {
	var r TimeOffRequest
	err := s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
			return translate(err, fmt.Sprintf("time off request %d", id))
		}
		was := r.Status
		if err := change(&r); err != nil {
			return err
		}
		now := s.now().UTC()
		r.Version = version
		if action == "decide" {
			r.DecidedBy, r.DecidedAt = a.Ref(), &now
		}
		if err := updateRecord(ctx, tx, now, a, "time_off_request", action, &r, map[string]string{"from": was, "to": r.Status}); err != nil {
			return err
		}
		if was == RequestApproved && r.Status != RequestApproved {
			return s.promoteWaitlist(ctx, tx, now, &r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// promoteWaitlist approves, oldest first, the waitlisted requests of the
// team that now fit the allowance on the days freed.
func (s *Store) promoteWaitlist(ctx context.Context, tx bun.IDB, now time.Time, freed *TimeOffRequest) error {
	var waiting []TimeOffRequest
	if err := tx.NewSelect().Model(&waiting).Where("team_id = ? AND status = ?", freed.TeamID, RequestWaitlisted).
		Where("start_date <= ? AND end_date >= ?", freed.EndDate, freed.StartDate).Order("id").Scan(ctx); err != nil {
		return fmt.Errorf("read waitlist: %w", err)
	}
	for i := range waiting {
		w := &waiting[i]
		status, err := s.allowanceStatus(ctx, tx, w)
		if err != nil {
			return err
		}
		if status != RequestApproved {
			continue
		}
		w.Status, w.DecidedAt = RequestApproved, &now
		if err := updateRecord(ctx, tx, now, System, "time_off_request", "approve-from-waitlist", w, map[string]int64{"freed_by": freed.ID}); err != nil {
			return err
		}
	}
	return nil
}

// ApprovedDaysOff lists, per agent, the dates in [from, to) of her
// approved time off.
func (s *Store) ApprovedDaysOff(ctx context.Context, agentIDs []int64, from, to string) (map[int64][]string, error) {
	return s.approvedDaysOff(ctx, agentIDs, from, to)
}

func (s *Store) approvedDaysOff(ctx context.Context, agentIDs []int64, from, to string) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(agentIDs) == 0 {
		return out, nil
	}
	var rs []TimeOffRequest
	if err := s.db.NewSelect().Model(&rs).Where("agent_id IN (?) AND status = ?", bun.List(agentIDs), RequestApproved).
		Where("start_date < ? AND end_date >= ?", to, from).Scan(ctx); err != nil {
		return nil, fmt.Errorf("read approved time off: %w", err)
	}
	for _, r := range rs {
		for _, d := range r.dates() {
			if d >= from && d < to {
				out[r.AgentID] = append(out[r.AgentID], d)
			}
		}
	}
	return out, nil
}

// settingSwapAutoApprove is the settings key of the swap policy.
const settingSwapAutoApprove = "roster.swap_auto_approve"

// SwapAutoApprove tells whether swaps that keep every rule are approved
// without a supervisor.
func (s *Store) SwapAutoApprove(ctx context.Context) (bool, error) {
	var v setting
	err := s.db.NewSelect().Model(&v).Where("key = ?", settingSwapAutoApprove).Scan(ctx)
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read swap policy: %w", err)
	}
	on, _ := strconv.ParseBool(v.Value)
	return on, nil
}

// SetSwapAutoApprove sets the swap policy.
func (s *Store) SetSwapAutoApprove(ctx context.Context, a Actor, on bool) error {
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		v := setting{Key: settingSwapAutoApprove, Value: strconv.FormatBool(on)}
		if _, err := tx.NewInsert().Model(&v).On("CONFLICT (key) DO UPDATE").Set("value = EXCLUDED.value").Exec(ctx); err != nil {
			return fmt.Errorf("set swap policy: %w", err)
		}
		return auditKey(ctx, tx, now, a, "set", "setting", settingSwapAutoApprove, on)
	})
}

// SwapRequest is an agent's offer to trade: she gives her shift of
// FromDate to ToAgent and takes ToAgent's shift of ToDate (the same date
// for a straight swap; either side may be a day off).
type SwapRequest struct {
	bun.BaseModel `bun:"table:swap_requests"`
	Record
	ScheduleID  int64                `bun:"schedule_version_id,notnull" json:"schedule_id"`
	FromAgentID int64                `bun:"from_agent_id,notnull" json:"from_agent_id"`
	FromDate    string               `bun:"from_date,notnull" json:"from_date"`
	ToAgentID   int64                `bun:"to_agent_id,notnull" json:"to_agent_id"`
	ToDate      string               `bun:"to_date,notnull" json:"to_date"`
	Note        string               `bun:"note,notnull" json:"note"`
	Status      string               `bun:"status,notnull" json:"status"`
	Violations  []schedule.Violation `bun:"violations,type:text,notnull" json:"violations"`
	DecidedBy   *int64               `bun:"decided_by" json:"decided_by"`
	DecidedAt   *time.Time           `bun:"decided_at" json:"decided_at"`
}

// Validate checks the swap's fields.
func (r *SwapRequest) Validate() error {
	if r.Violations == nil {
		r.Violations = []schedule.Violation{}
	}
	if r.ToDate == "" {
		r.ToDate = r.FromDate
	}
	f := fault.FieldErrors{}
	if r.FromAgentID <= 0 {
		f.Add("from_agent_id", "required")
	}
	if r.ToAgentID <= 0 {
		f.Add("to_agent_id", "required")
	} else if r.ToAgentID == r.FromAgentID {
		f.Add("to_agent_id", "a swap needs two agents")
	}
	if _, err := time.Parse(time.DateOnly, r.FromDate); err != nil {
		f.Add("from_date", "%q is not a date YYYY-MM-DD", r.FromDate)
	}
	if _, err := time.Parse(time.DateOnly, r.ToDate); err != nil {
		f.Add("to_date", "%q is not a date YYYY-MM-DD", r.ToDate)
	}
	if !oneOf(r.Status, []string{RequestPending, RequestApproved, RequestRefused, RequestCancelled}) {
		f.Add("status", "%q is not a swap status", r.Status)
	}
	checkText(f, "note", r.Note, limits.Note)
	return f.Err("swap request")
}

func (r *SwapRequest) checkDates(f fault.FieldErrors, now time.Time) {
	checkDate(f, "from_date", r.FromDate, limits.Planning, now)
	checkDate(f, "to_date", r.ToDate, limits.Planning, now)
}

// swapped is the roster with the swap applied, and the new violations it
// brings (against both agents' rules and skills).
func swapped(v *ScheduleVersion, from, to *Agent, r *SwapRequest) (schedule.Solution, []schedule.Violation, error) {
	fromDay, err := dayIndex(v.StartDate, r.FromDate)
	if err != nil {
		return schedule.Solution{}, nil, err
	}
	toDay, err := dayIndex(v.StartDate, r.ToDate)
	if err != nil {
		return schedule.Solution{}, nil, err
	}
	for field, d := range map[string]int{"from_date": fromDay, "to_date": toDay} {
		if d < 0 || d >= v.Days {
			return schedule.Solution{}, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{field: "outside the published schedule"}}
		}
	}
	if !hasAgent(v.Problem, from.Code) || !hasAgent(v.Problem, to.Code) {
		return schedule.Solution{}, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{"to_agent_id": "both agents must be on the published schedule"}}
	}
	given := findAssignment(v.Solution, from.Code, fromDay)
	taken := findAssignment(v.Solution, to.Code, toDay)
	if given == nil && taken == nil {
		return schedule.Solution{}, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{"from_date": "neither agent works the days named: nothing to swap"}}
	}
	sol := v.Solution
	as := replaceAssignment(sol.Assignments, from.Code, fromDay, nil)
	as = replaceAssignment(as, to.Code, toDay, nil)
	if given != nil {
		g := *given
		g.Agent = to.Code
		as = replaceAssignment(as, to.Code, fromDay, &g)
	}
	if taken != nil {
		t := *taken
		t.Agent = from.Code
		as = replaceAssignment(as, from.Code, toDay, &t)
	}
	sol.Assignments = as
	before, err := schedule.Check(v.Problem, v.Solution)
	if err != nil {
		return sol, nil, fmt.Errorf("check schedule %d: %w", v.ID, err)
	}
	after, err := schedule.Check(v.Problem, sol)
	if err != nil {
		return sol, nil, fmt.Errorf("check schedule %d: %w", v.ID, err)
	}
	sol.Objective, sol.Feasible, sol.Violations = after.Objective, after.Feasible, after.Violations
	return sol, newViolations(before.Violations, after.Violations), nil
}

// publishedCovering is the published version of a site covering a date.
func publishedCovering(ctx context.Context, db bun.IDB, siteID int64, date string) (*ScheduleVersion, error) {
	var vs []ScheduleVersion
	if err := db.NewSelect().Model(&vs).Where("site_id = ? AND status = ? AND start_date <= ?", siteID, SchedulePublished, date).
		OrderExpr("start_date DESC, id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("find published schedule: %w", err)
	}
	for i := range vs {
		if vs[i].EndDate() > date {
			return &vs[i], nil
		}
	}
	return nil, fault.Errorf(fault.NotFound, "no published schedule of site %d covers %s", siteID, date)
}

// swapParties loads the two agents of a swap and the published version
// their site follows on the from date.
func swapParties(ctx context.Context, db bun.IDB, r *SwapRequest) (*Agent, *Agent, *ScheduleVersion, error) {
	from, err := getAgentTx(ctx, db, r.FromAgentID)
	if err != nil {
		return nil, nil, nil, err
	}
	to, err := getAgentTx(ctx, db, r.ToAgentID)
	if err != nil {
		return nil, nil, nil, err
	}
	var teams []Team
	if err := db.NewSelect().Model(&teams).Where("id IN (?)", bun.List([]int64{from.TeamID, to.TeamID})).Scan(ctx); err != nil {
		return nil, nil, nil, fmt.Errorf("read teams: %w", err)
	}
	site := map[int64]int64{}
	for _, t := range teams {
		site[t.ID] = t.SiteID
	}
	if site[from.TeamID] != site[to.TeamID] {
		return nil, nil, nil, &fault.Error{Code: fault.Invalid, Message: "invalid swap", Fields: map[string]string{"to_agent_id": "works at another site"}}
	}
	v, err := publishedCovering(ctx, db, site[from.TeamID], r.FromDate)
	if err != nil {
		return nil, nil, nil, err
	}
	return from, to, v, nil
}

// RequestSwap records an agent's swap offer, checked against both agents'
// rules and skills. It is approved and applied at once when it breaks no
// rule and the center's policy says so; else it waits for a supervisor.
func (s *Store) RequestSwap(ctx context.Context, a Actor, sc Scope, r *SwapRequest) error {
	r.ID, r.Status, r.DecidedBy, r.DecidedAt, r.Violations = 0, RequestPending, nil, nil, nil
	if err := validate(r, "swap_request", s.now()); err != nil {
		return err
	}
	auto, err := s.SwapAutoApprove(ctx)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		from, to, v, err := swapParties(ctx, tx, r)
		if err != nil {
			return err
		}
		if !sc.HasAgent(from.ID, from.TeamID) {
			return fault.Errorf(fault.Forbidden, "only %s (or her supervisor) may offer her shifts", from.Code)
		}
		sol, added, err := swapped(v, from, to, r)
		if err != nil {
			return err
		}
		r.ScheduleID, r.Violations = v.ID, added
		if r.Violations == nil {
			r.Violations = []schedule.Violation{}
		}
		if auto && len(added) == 0 {
			r.Status, r.DecidedAt = RequestApproved, &now
		}
		if err := insertRecord(ctx, tx, now, a, "swap_request", r, r); err != nil {
			return err
		}
		if r.Status == RequestApproved {
			return applySwap(ctx, tx, now, a, v, sol, r)
		}
		return nil
	})
}

// applySwap publishes the swapped roster as a new version superseding v.
func applySwap(ctx context.Context, tx bun.IDB, now time.Time, a Actor, v *ScheduleVersion, sol schedule.Solution, r *SwapRequest) error {
	next := *v
	next.ID, next.BasedOn, next.CreatedBy, next.PublishedAt, next.PublishedBy = 0, &v.ID, a.Ref(), &now, a.Ref()
	next.Solution = sol
	next.Objective, next.Feasible, next.Violations = sol.Objective, sol.Feasible, sol.Violations
	if next.Violations == nil {
		next.Violations = []schedule.Violation{}
	}
	if err := insertRecord(ctx, tx, now, a, "schedule", &next, map[string]any{"swap": r.ID, "based_on": v.ID}); err != nil {
		return err
	}
	return supersedeOverlapping(ctx, tx, now, a, &next)
}

// GetSwap reads a swap request.
func (s *Store) GetSwap(ctx context.Context, id int64) (*SwapRequest, error) {
	var m SwapRequest
	err := s.db.NewSelect().Model(&m).Where("id = ?", id).Scan(ctx)
	return &m, translate(err, fmt.Sprintf("swap request %d", id))
}

// ListSwaps returns the swaps either of whose agents is in scope.
func (s *Store) ListSwaps(ctx context.Context, sc Scope, status string) ([]SwapRequest, error) {
	out := []SwapRequest{}
	q := s.db.NewSelect().Model(&out).OrderExpr("id DESC")
	if status != "" {
		q = q.Where("status = ?", status)
	}
	if !sc.All {
		teams := bun.List(append([]int64{0}, sc.TeamIDs...))
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("from_agent_id = ? OR to_agent_id = ?", sc.AgentID, sc.AgentID).
				WhereOr("from_agent_id IN (SELECT id FROM agents WHERE team_id IN (?))", teams).
				WhereOr("to_agent_id IN (SELECT id FROM agents WHERE team_id IN (?))", teams)
		})
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list swaps: %w", err)
	}
	return out, nil
}

// DecideSwap is a supervisor's decision on a pending swap of her teams.
// Approval re-checks the swap against the roster published now: a swap
// that breaks rules is refused unless forced.
func (s *Store) DecideSwap(ctx context.Context, a Actor, sc Scope, id, version int64, approve, force bool) (*SwapRequest, error) {
	var r SwapRequest
	err := s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
			return translate(err, fmt.Sprintf("swap request %d", id))
		}
		from, to, v, err := swapParties(ctx, tx, &r)
		if err != nil {
			return err
		}
		if !sc.HasTeam(from.TeamID) && !sc.HasTeam(to.TeamID) {
			return fault.Errorf(fault.Forbidden, "swap request %d is not of your teams", id)
		}
		if r.Status != RequestPending {
			return fault.Errorf(fault.Conflict, "swap request %d is already %s", id, r.Status)
		}
		now := s.now().UTC()
		r.Version, r.DecidedBy, r.DecidedAt, r.Status = version, a.Ref(), &now, RequestRefused
		var sol schedule.Solution
		if approve {
			var added []schedule.Violation
			if sol, added, err = swapped(v, from, to, &r); err != nil {
				return err
			}
			if len(added) > 0 && !force {
				return violationError("the swap breaks rules (send force to approve it anyway)", added)
			}
			r.Status, r.ScheduleID, r.Violations = RequestApproved, v.ID, added
			if r.Violations == nil {
				r.Violations = []schedule.Violation{}
			}
		}
		if err := updateRecord(ctx, tx, now, a, "swap_request", "decide", &r, map[string]any{"status": r.Status, "forced": force && len(r.Violations) > 0}); err != nil {
			return err
		}
		if approve {
			return applySwap(ctx, tx, now, a, v, sol, &r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// CancelSwap withdraws a pending swap offer: the offering agent's own, or
// one of a supervisor's teams.
func (s *Store) CancelSwap(ctx context.Context, a Actor, sc Scope, id, version int64) (*SwapRequest, error) {
	var r SwapRequest
	err := s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
			return translate(err, fmt.Sprintf("swap request %d", id))
		}
		from, err := getAgentTx(ctx, tx, r.FromAgentID)
		if err != nil {
			return err
		}
		if !sc.HasAgent(from.ID, from.TeamID) {
			return fault.Errorf(fault.Forbidden, "swap request %d is not yours", id)
		}
		if r.Status != RequestPending {
			return fault.Errorf(fault.Conflict, "swap request %d is already %s", id, r.Status)
		}
		r.Version, r.Status = version, RequestCancelled
		return updateRecord(ctx, tx, s.now().UTC(), a, "swap_request", "cancel", &r, nil)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Notification is a message the system leaves for a user (there is no
// mail server: the web pages and the API show them).
type Notification struct {
	bun.BaseModel `bun:"table:notifications"`
	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	UserID        int64      `bun:"user_id,notnull" json:"user_id"`
	Kind          string     `bun:"kind,notnull" json:"kind"`
	Message       string     `bun:"message,notnull" json:"message"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	ReadAt        *time.Time `bun:"read_at" json:"read_at"`
}

// ListNotifications returns a user's notifications, newest first.
func (s *Store) ListNotifications(ctx context.Context, userID int64) ([]Notification, error) {
	out := []Notification{}
	if err := s.db.NewSelect().Model(&out).Where("user_id = ?", userID).OrderExpr("id DESC").Limit(200).Scan(ctx); err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	return out, nil
}

// RemindPendingRequests leaves each supervisor a notification counting the
// time off and swap requests of her teams that wait for her decision, and
// returns how many reminders were left.
func (s *Store) RemindPendingRequests(ctx context.Context, a Actor) (int, error) {
	teams, err := s.ListTeams(ctx, Scope{All: true})
	if err != nil {
		return 0, err
	}
	waiting := map[int64][2]int{} // supervisor -> time off, swaps
	for _, t := range teams {
		if t.SupervisorUserID == nil {
			continue
		}
		off, err := s.db.NewSelect().Model((*TimeOffRequest)(nil)).Where("team_id = ?", t.ID).
			Where("status IN (?)", bun.List([]string{RequestPending, RequestWaitlisted})).Count(ctx)
		if err != nil {
			return 0, fmt.Errorf("count pending time off: %w", err)
		}
		swaps, err := s.db.NewSelect().Model((*SwapRequest)(nil)).Where("status = ?", RequestPending).
			Where("from_agent_id IN (SELECT id FROM agents WHERE team_id = ?)", t.ID).Count(ctx)
		if err != nil {
			return 0, fmt.Errorf("count pending swaps: %w", err)
		}
		w := waiting[*t.SupervisorUserID]
		waiting[*t.SupervisorUserID] = [2]int{w[0] + int(off), w[1] + int(swaps)}
	}
	users := make([]int64, 0, len(waiting))
	for u, w := range waiting {
		if w[0]+w[1] > 0 {
			users = append(users, u)
		}
	}
	sort.Slice(users, func(i, j int) bool { return users[i] < users[j] })
	now := s.now().UTC()
	err = s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for _, u := range users {
			w := waiting[u]
			n := Notification{UserID: u, Kind: "pending-requests", CreatedAt: now,
				Message: fmt.Sprintf("%d time off and %d shift swap requests wait for your decision", w[0], w[1])}
			if _, err := tx.NewInsert().Model(&n).Returning("id").Exec(ctx); err != nil {
				return fmt.Errorf("leave reminder: %w", err)
			}
			if err := audit(ctx, tx, now, a, "remind", "notification", n.ID, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(users), nil
}
