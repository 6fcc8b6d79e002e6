package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
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
	StartDate civil.Date `bun:"start_date,type:text,notnull" json:"start_date"`
	EndDate   civil.Date `bun:"end_date,type:text,notnull" json:"end_date"` // inclusive
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
	if r.StartDate.IsZero() {
		f.Add("start_date", "required, a date YYYY-MM-DD")
	}
	if r.EndDate.IsZero() {
		f.Add("end_date", "required, a date YYYY-MM-DD")
	}
	if start, end := r.StartDate, r.EndDate; !start.IsZero() && !end.IsZero() {
		if end.Before(start) {
			f.Add("end_date", "%s is before start_date %s", r.EndDate, r.StartDate)
		} else if end.DaysSince(start) >= maxTimeOffDays {
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
	checkDay(f, "start_date", r.StartDate, limits.Planning, now)
	checkDay(f, "end_date", r.EndDate, limits.Planning, now)
}

// Days are the request's days, first to last (at most maxTimeOffDays+1).
func (r *TimeOffRequest) Days() []civil.Date {
	var out []civil.Date
	for d := r.StartDate; !d.After(r.EndDate) && len(out) <= maxTimeOffDays; d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// Dates lists the request's days.
func (r *TimeOffRequest) Dates() []string {
	var out []string
	for _, d := range r.Days() {
		out = append(out, d.String())
	}
	return out
}

// TimeOffAllowance is how many agents of a team may be off on a date
// (the zero Date, stored as the empty text = every date without its own row).
type TimeOffAllowance struct {
	bun.BaseModel `bun:"table:time_off_allowances"`
	TeamID        int64      `bun:"team_id,pk" json:"team_id"`
	Date          civil.Date `bun:"date,pk,type:text" json:"date"`
	Allowed       int        `bun:"allowed,notnull" json:"allowed"`
}

// SetTimeOffAllowance sets how many agents of a team may be off on a date
// (the zero Date = the team's default for every date).
func (s *Store) SetTimeOffAllowance(ctx context.Context, a Actor, sc Scope, teamID int64, date civil.Date, allowed int) error {
	f := fault.FieldErrors{}
	checkDay(f, "date", date, limits.Planning, s.now())
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

// LockTimeOffAllowances reads a team's allowances, holding them until the
// transaction ends (PostgreSQL; SQLite runs one writing transaction at a
// time anyway), so that the requests of one team are decided one at a time.
func (s *Store) LockTimeOffAllowances(ctx context.Context, tx bun.IDB, teamID int64) ([]TimeOffAllowance, error) {
	var rows []TimeOffAllowance
	q := tx.NewSelect().Model(&rows).Where("team_id = ?", teamID)
	if s.postgres {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read time off allowances: %w", err)
	}
	return rows, nil
}

// CountApprovedTimeOffTx counts the approved requests of a team that hold
// a date, but the request except.
func (s *Store) CountApprovedTimeOffTx(ctx context.Context, tx bun.IDB, teamID int64, date civil.Date, except int64) (int, error) {
	n, err := tx.NewSelect().Model((*TimeOffRequest)(nil)).
		Where("team_id = ? AND status = ? AND id <> ?", teamID, RequestApproved, except).
		Where("start_date <= ? AND end_date >= ?", date, date).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count time off on %s: %w", date, err)
	}
	return int(n), nil
}

// CountOverlappingTimeOffTx counts an agent's requests still standing
// (pending, approved or waitlisted) that overlap [start, end] (inclusive).
func (s *Store) CountOverlappingTimeOffTx(ctx context.Context, tx bun.IDB, agentID int64, start, end civil.Date) (int, error) {
	n, err := tx.NewSelect().Model((*TimeOffRequest)(nil)).
		Where("agent_id = ? AND status IN (?)", agentID, bun.List([]string{RequestPending, RequestApproved, RequestWaitlisted})).
		Where("start_date <= ? AND end_date >= ?", end, start).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("find overlapping time off: %w", err)
	}
	return int(n), nil
}

// ValidateTimeOff checks a request's fields and that its dates lie in the
// planning window around today.
func (s *Store) ValidateTimeOff(r *TimeOffRequest) error {
	return validate(r, "time_off_request", s.now())
}

// InsertTimeOff saves a new request with its audit entry.
func (s *Store) InsertTimeOff(ctx context.Context, tx bun.IDB, a Actor, r *TimeOffRequest) error {
	return insertRecord(ctx, tx, s.now().UTC(), a, "time_off_request", r, r)
}

// GetTimeOffTx reads a request inside the caller's transaction.
func (s *Store) GetTimeOffTx(ctx context.Context, tx bun.IDB, id int64) (*TimeOffRequest, error) {
	var m TimeOffRequest
	err := tx.NewSelect().Model(&m).Where("id = ?", id).Scan(ctx)
	return &m, translate(err, fmt.Sprintf("time off request %d", id))
}

// UpdateTimeOff writes a request over the row at the version it was read
// at (else a Conflict), with an audit entry of action and detail.
func (s *Store) UpdateTimeOff(ctx context.Context, tx bun.IDB, a Actor, action string, r *TimeOffRequest, detail any) error {
	return updateRecord(ctx, tx, s.now().UTC(), a, "time_off_request", action, r, detail)
}

// WaitlistedTimeOffTx lists the waitlisted requests of a team that overlap
// [start, end] (inclusive), oldest first.
func (s *Store) WaitlistedTimeOffTx(ctx context.Context, tx bun.IDB, teamID int64, start, end civil.Date) ([]TimeOffRequest, error) {
	var waiting []TimeOffRequest
	if err := tx.NewSelect().Model(&waiting).Where("team_id = ? AND status = ?", teamID, RequestWaitlisted).
		Where("start_date <= ? AND end_date >= ?", end, start).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read waitlist: %w", err)
	}
	return waiting, nil
}

// CountTeamTimeOff counts the requests of a team in one of the statuses.
func (s *Store) CountTeamTimeOff(ctx context.Context, teamID int64, statuses ...string) (int, error) {
	n, err := s.db.NewSelect().Model((*TimeOffRequest)(nil)).Where("team_id = ?", teamID).
		Where("status IN (?)", bun.List(statuses)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count time off of team %d: %w", teamID, err)
	}
	return int(n), nil
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
	From    civil.Date // requests ending on or after (zero: any)
	To      civil.Date // requests starting on or before (zero: any)
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
	if !f.From.IsZero() {
		q = q.Where("end_date >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("start_date <= ?", f.To)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list time off: %w", err)
	}
	return out, nil
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
		for _, d := range r.Dates() {
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
	FromDate    civil.Date           `bun:"from_date,type:text,notnull" json:"from_date"`
	ToAgentID   int64                `bun:"to_agent_id,notnull" json:"to_agent_id"`
	ToDate      civil.Date           `bun:"to_date,type:text,notnull" json:"to_date"`
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
	if r.ToDate.IsZero() {
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
	if r.FromDate.IsZero() {
		f.Add("from_date", "required, a date YYYY-MM-DD")
	}
	if r.ToDate.IsZero() {
		f.Add("to_date", "required, a date YYYY-MM-DD")
	}
	if !oneOf(r.Status, []string{RequestPending, RequestApproved, RequestRefused, RequestCancelled}) {
		f.Add("status", "%q is not a swap status", r.Status)
	}
	checkText(f, "note", r.Note, limits.Note)
	return f.Err("swap request")
}

func (r *SwapRequest) checkDates(f fault.FieldErrors, now time.Time) {
	checkDay(f, "from_date", r.FromDate, limits.Planning, now)
	checkDay(f, "to_date", r.ToDate, limits.Planning, now)
}

// PublishedCoveringTx is the published version of a site covering a date.
func (s *Store) PublishedCoveringTx(ctx context.Context, db bun.IDB, siteID int64, date string) (*ScheduleVersion, error) {
	var vs []ScheduleVersion
	if err := db.NewSelect().Model(&vs).Where("site_id = ? AND status = ? AND start_date <= ?", siteID, SchedulePublished, date).
		OrderExpr("start_date DESC, id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("find published schedule: %w", err)
	}
	for i := range vs {
		if vs[i].EndDate().String() > date {
			return &vs[i], nil
		}
	}
	return nil, fault.Errorf(fault.NotFound, "no published schedule of site %d covers %s", siteID, date)
}

// TeamSitesTx maps teams to their sites.
func (s *Store) TeamSitesTx(ctx context.Context, db bun.IDB, teamIDs []int64) (map[int64]int64, error) {
	var teams []Team
	if err := db.NewSelect().Model(&teams).Where("id IN (?)", bun.List(teamIDs)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("read teams: %w", err)
	}
	site := map[int64]int64{}
	for _, t := range teams {
		site[t.ID] = t.SiteID
	}
	return site, nil
}

// ValidateSwap checks a swap's fields and that its dates lie in the
// planning window around today.
func (s *Store) ValidateSwap(r *SwapRequest) error {
	return validate(r, "swap_request", s.now())
}

// InsertSwap saves a new swap request with its audit entry.
func (s *Store) InsertSwap(ctx context.Context, tx bun.IDB, a Actor, r *SwapRequest) error {
	return insertRecord(ctx, tx, s.now().UTC(), a, "swap_request", r, r)
}

// GetSwapTx reads a swap request inside the caller's transaction.
func (s *Store) GetSwapTx(ctx context.Context, tx bun.IDB, id int64) (*SwapRequest, error) {
	var m SwapRequest
	err := tx.NewSelect().Model(&m).Where("id = ?", id).Scan(ctx)
	return &m, translate(err, fmt.Sprintf("swap request %d", id))
}

// UpdateSwap writes a swap over the row at the version it was read at
// (else a Conflict), with an audit entry of action and detail.
func (s *Store) UpdateSwap(ctx context.Context, tx bun.IDB, a Actor, action string, r *SwapRequest, detail any) error {
	return updateRecord(ctx, tx, s.now().UTC(), a, "swap_request", action, r, detail)
}

// CountTeamSwaps counts the swaps offered by agents of a team in a status.
func (s *Store) CountTeamSwaps(ctx context.Context, teamID int64, status string) (int, error) {
	n, err := s.db.NewSelect().Model((*SwapRequest)(nil)).Where("status = ?", status).
		Where("from_agent_id IN (SELECT id FROM agents WHERE team_id = ?)", teamID).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count swaps of team %d: %w", teamID, err)
	}
	return int(n), nil
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
