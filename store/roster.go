package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/limits"
	"wfm/schedule"
)

// Schedule version statuses.
const (
	ScheduleDraft      = "draft"
	SchedulePublished  = "published"
	ScheduleSuperseded = "superseded"
)

// Build statuses.
const (
	BuildRunning = "running"
	BuildDone    = "done"
	BuildFailed  = "failed"
)

// ShiftTemplate is a kind of shift a site rosters: when it may start, how
// long it lasts, its breaks with their windows, what may not follow it.
type ShiftTemplate struct {
	bun.BaseModel `bun:"table:shift_templates"`
	Record
	SiteID             int64            `bun:"site_id,notnull" json:"site_id"`
	Code               string           `bun:"code,notnull" json:"code"`
	Name               string           `bun:"name,notnull" json:"name"`
	Start              string           `bun:"start,notnull" json:"start"`
	LatestStart        string           `bun:"latest_start,notnull" json:"latest_start"`
	DurationMinutes    int              `bun:"duration_minutes,notnull" json:"duration_minutes"`
	Breaks             []schedule.Break `bun:"breaks,type:text,notnull" json:"breaks"`
	CannotBeFollowedBy []string         `bun:"cannot_be_followed_by,type:text,notnull" json:"cannot_be_followed_by"`
}

// Shift is the template as the schedule problem knows it.
func (t *ShiftTemplate) Shift() schedule.Shift {
	return schedule.Shift{ID: t.Code, Start: t.Start, LatestStart: t.LatestStart, DurationMinutes: t.DurationMinutes,
		Breaks: t.Breaks, CannotBeFollowedBy: t.CannotBeFollowedBy}
}

// Validate checks the template with the schedule problem's own rules
// (a one-day problem holding it alone), so both agree on what is valid.
func (t *ShiftTemplate) Validate() error {
	if t.Breaks == nil {
		t.Breaks = []schedule.Break{}
	}
	if t.CannotBeFollowedBy == nil {
		t.CannotBeFollowedBy = []string{}
	}
	f := fault.FieldErrors{}
	if t.SiteID <= 0 {
		f.Add("site_id", "required")
	}
	if t.Code == "" || strings.ContainsAny(t.Code, " \t\n,") {
		f.Add("code", "required, without spaces or commas")
	}
	if t.Name == "" {
		f.Add("name", "required")
	}
	checkText(f, "code", t.Code, limits.Code)
	checkText(f, "name", t.Name, limits.Name)
	checkTexts(f, "cannot_be_followed_by", t.CannotBeFollowedBy, limits.Code)
	sh := t.Shift()
	sh.CannotBeFollowedBy = nil // other templates; checked when a problem is built
	p := schedule.Problem{StartDate: civil.MustParse("2026-01-05"), Days: 1, IntervalMinutes: 15, Shifts: []schedule.Shift{sh},
		Agents: []schedule.Agent{{ID: "x"}}}
	var fes schedule.FieldErrors
	if err := p.Validate(); errors.As(err, &fes) {
		for _, fe := range fes {
			if name, ok := strings.CutPrefix(fe.Field, "shifts[0]."); ok && name != "id" {
				f.Add(name, "%s", fe.Message)
			}
		}
	}
	return f.Err("shift template")
}

// ListShiftTemplates returns the templates of a site (0 = every site).
func (s *Store) ListShiftTemplates(ctx context.Context, siteID int64) ([]ShiftTemplate, error) {
	return listShiftTemplates(ctx, s.db, siteID)
}

func listShiftTemplates(ctx context.Context, db bun.IDB, siteID int64) ([]ShiftTemplate, error) {
	var out []ShiftTemplate
	q := db.NewSelect().Model(&out).Order("site_id", "code")
	if siteID > 0 {
		q = q.Where("site_id = ?", siteID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list shift templates: %w", err)
	}
	return out, nil
}

func (s *Store) GetShiftTemplate(ctx context.Context, id int64) (*ShiftTemplate, error) {
	var m ShiftTemplate
	err := s.db.NewSelect().Model(&m).Where("id = ?", id).Scan(ctx)
	return &m, translate(err, fmt.Sprintf("shift template %d", id))
}

func (s *Store) CreateShiftTemplate(ctx context.Context, a Actor, m *ShiftTemplate) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return insertRecord(ctx, tx, s.now().UTC(), a, "shift_template", m, m)
	})
}

func (s *Store) UpdateShiftTemplate(ctx context.Context, a Actor, m *ShiftTemplate) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return updateRecord(ctx, tx, s.now().UTC(), a, "shift_template", "update", m, m)
	})
}

func (s *Store) DeleteShiftTemplate(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "shift_template", &ShiftTemplate{}, id, version)
}

// ScheduleVersion is one roster of a site for a period: a draft being
// worked on, the published one agents follow, or a superseded one kept
// for history. It carries the problem it was built from, so that it is
// checked and read the same way later, whatever changed since.
type ScheduleVersion struct {
	bun.BaseModel `bun:"table:schedule_versions"`
	Record
	SiteID     int64                `bun:"site_id,notnull" json:"site_id"`
	StartDate  civil.Date           `bun:"start_date,type:text,notnull" json:"start_date"`
	Days       int                  `bun:"days,notnull" json:"days"`
	Status     string               `bun:"status,notnull" json:"status"`
	Problem    schedule.Problem     `bun:"problem,type:text,notnull" json:"problem"`
	Solution   schedule.Solution    `bun:"solution,type:text,notnull" json:"solution"`
	Objective  float64              `bun:"objective,notnull" json:"objective"`
	Feasible   bool                 `bun:"feasible,notnull" json:"feasible"`
	Violations []schedule.Violation `bun:"violations,type:text,notnull" json:"violations"`
	// LowerBound is a proven lower bound on the objective of every roster
	// of Problem (schedule.LowerBound), when the build computed one: the
	// best possible roster costs at least this much.
	LowerBound  *float64   `bun:"lower_bound" json:"lower_bound"`
	BasedOn     *int64     `bun:"based_on" json:"based_on"`
	CreatedBy   *int64     `bun:"created_by" json:"created_by"`
	PublishedBy *int64     `bun:"published_by" json:"published_by"`
	PublishedAt *time.Time `bun:"published_at" json:"published_at"`
}

// Validate checks the version's own fields (the problem validates itself).
func (v *ScheduleVersion) Validate() error {
	if v.Violations == nil {
		v.Violations = []schedule.Violation{}
	}
	f := fault.FieldErrors{}
	if !oneOf(v.Status, []string{ScheduleDraft, SchedulePublished, ScheduleSuperseded}) {
		f.Add("status", "%q is not draft, published or superseded", v.Status)
	}
	if v.StartDate.IsZero() {
		f.Add("start_date", "required, a date YYYY-MM-DD")
	}
	if v.LowerBound != nil && (math.IsNaN(*v.LowerBound) || math.IsInf(*v.LowerBound, 0)) {
		f.Add("lower_bound", "%v is not a finite number", *v.LowerBound)
	}
	if v.Days < 1 {
		f.Add("days", "must be at least 1")
	}
	return f.Err("schedule")
}

func (v *ScheduleVersion) checkDates(f fault.FieldErrors, now time.Time) {
	checkDay(f, "start_date", v.StartDate, limits.Planning, now)
}

// summary is what the audit log keeps of a version (not its whole problem).
func (v *ScheduleVersion) summary() map[string]any {
	return map[string]any{"site_id": v.SiteID, "start_date": v.StartDate, "days": v.Days, "status": v.Status,
		"objective": v.Objective, "feasible": v.Feasible, "based_on": v.BasedOn, "shifts": len(v.Solution.Assignments)}
}

// EndDate is the day after the version's last day.
func (v *ScheduleVersion) EndDate() civil.Date { return v.StartDate.AddDays(v.Days) }

// GetScheduleVersion reads a schedule version with its problem and solution.
func (s *Store) GetScheduleVersion(ctx context.Context, id int64) (*ScheduleVersion, error) {
	return getScheduleVersion(ctx, s.db, id)
}

// GetScheduleHead reads a schedule version without its problem and
// solution (zero values): its site, period and status, which is all a
// reader of its shifts needs (the shifts are the placed rows).
func (s *Store) GetScheduleHead(ctx context.Context, id int64) (*ScheduleVersion, error) {
	var m ScheduleVersion
	err := s.db.NewSelect().Model(&m).ExcludeColumn("problem", "solution").Where("id = ?", id).Scan(ctx)
	return &m, translate(err, fmt.Sprintf("schedule %d", id))
}

func getScheduleVersion(ctx context.Context, db bun.IDB, id int64) (*ScheduleVersion, error) {
	var m ScheduleVersion
	err := db.NewSelect().Model(&m).Where("id = ?", id).Scan(ctx)
	return &m, translate(err, fmt.Sprintf("schedule %d", id))
}

// ScheduleFilter selects schedule versions.
type ScheduleFilter struct {
	SiteID int64
	Status string
	From   civil.Date // versions ending after this date (zero: any)
	To     civil.Date // versions starting before this date (zero: any)
}

// ListScheduleVersions lists versions without their problem and solution,
// newest first, limited to the sites in scope.
func (s *Store) ListScheduleVersions(ctx context.Context, sc Scope, f ScheduleFilter) ([]ScheduleVersion, error) {
	var out []ScheduleVersion
	q := s.db.NewSelect().Model(&out).ExcludeColumn("problem", "solution").OrderExpr("id DESC")
	if f.SiteID > 0 {
		q = q.Where("site_id = ?", f.SiteID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if !f.To.IsZero() {
		q = q.Where("start_date < ?", f.To)
	}
	if !sc.All {
		q = q.Where("site_id IN (SELECT site_id FROM teams WHERE id IN (?))", bun.List(append([]int64{0}, sc.TeamIDs...)))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	if f.From.IsZero() {
		return out, nil
	}
	kept := out[:0]
	for _, v := range out {
		if v.EndDate().After(f.From) {
			kept = append(kept, v)
		}
	}
	return kept, nil
}

// SiteInScope refuses a site none of the scope's teams is at.
func (s *Store) SiteInScope(ctx context.Context, sc Scope, siteID int64) error {
	return siteInScope(ctx, s.db, sc, siteID)
}

// ScheduleBuild is one run of the solver for a site and period: its
// progress (objective over time) is readable while it runs.
type ScheduleBuild struct {
	bun.BaseModel     `bun:"table:schedule_builds"`
	ID                int64        `bun:"id,pk,autoincrement" json:"id"`
	SiteID            int64        `bun:"site_id,notnull" json:"site_id"`
	StartDate         civil.Date   `bun:"start_date,type:text,notnull" json:"start_date"`
	Days              int          `bun:"days,notnull" json:"days"`
	Status            string       `bun:"status,notnull" json:"status"`
	Progress          []BuildPoint `bun:"progress,type:text,notnull" json:"progress"`
	Notes             []string     `bun:"notes,type:text,notnull" json:"notes"` // NoteDetails in English
	NoteDetails       []BuildNote  `bun:"note_details,type:text,notnull" json:"note_details"`
	Error             string       `bun:"error,notnull" json:"error"`
	ScheduleVersionID *int64       `bun:"schedule_version_id" json:"schedule_version_id"`
	CreatedBy         *int64       `bun:"created_by" json:"created_by"`
	StartedAt         time.Time    `bun:"started_at,notnull" json:"started_at"`
	EndedAt           *time.Time   `bun:"ended_at" json:"ended_at"`
}

// BuildNote is what a build left out of its problem and why, for an
// interface to say in its language (Notes says it in English).
type BuildNote struct {
	Kind      string   `json:"kind"`                // one of the Note kinds
	Subject   string   `json:"subject"`             // the agent's code, the template's code or the skill
	Templates []string `json:"templates,omitempty"` // NoteAgentWithoutTemplate: the templates her contract names
}

// The kinds of build notes.
const (
	NoteAgentWithoutTemplate = "agent_without_template" // none of the agent's templates is one of the site's
	NoteTemplateUnused       = "template_unused"        // no agent may work the template
	NoteSkillUnstaffed       = "skill_unstaffed"        // no agent of the site has the skill a queue asks for
)

// String says the note in English.
func (n BuildNote) String() string {
	switch n.Kind {
	case NoteAgentWithoutTemplate:
		return fmt.Sprintf("agent %s left out: none of her templates %v is a template of the site", n.Subject, n.Templates)
	case NoteTemplateUnused:
		return fmt.Sprintf("shift template %s left out: no agent may work it", n.Subject)
	case NoteSkillUnstaffed:
		return fmt.Sprintf("demand for skill %s left out: no agent of the site has it", n.Subject)
	}
	return n.Kind + " " + n.Subject
}

// BuildPoint is the best objective found after some time.
type BuildPoint struct {
	ElapsedMS int64   `json:"elapsed_ms"`
	Objective float64 `json:"objective"`
}

// InsertBuild records b, a build of its site, as running: first the
// site's builds still "running" that started before staleBefore are taken
// for dead (their process stopped) and marked failed, saying staleWhy.
// Only one build per site runs at a time (a unique index holds across
// replicas): a second is a Conflict. Which builds may start is the
// caller's (rostering's) to check.
func (s *Store) InsertBuild(ctx context.Context, a Actor, b *ScheduleBuild, staleBefore time.Time, staleWhy string) error {
	now := s.now().UTC()
	b.Status, b.CreatedBy, b.StartedAt = BuildRunning, a.Ref(), now
	b.Progress, b.Notes, b.NoteDetails = []BuildPoint{}, []string{}, []BuildNote{}
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model((*ScheduleBuild)(nil)).Set("status = ?", BuildFailed).
			Set("error = ?", staleWhy).Set("ended_at = ?", now).
			Where("site_id = ? AND status = ? AND started_at < ?", b.SiteID, BuildRunning, staleBefore.UTC()).Exec(ctx); err != nil {
			return fmt.Errorf("expire stale builds: %w", err)
		}
		if _, err := tx.NewInsert().Model(b).Returning("id").Exec(ctx); err != nil {
			if fault.CodeOf(translate(err, "build")) == fault.Conflict {
				return fault.Errorf(fault.Conflict, "a roster build for site %d is already running: wait for it to finish", b.SiteID)
			}
			return fmt.Errorf("start build: %w", err)
		}
		return audit(ctx, tx, now, a, "build", "schedule_build", b.ID, map[string]any{"site_id": b.SiteID, "start_date": b.StartDate, "days": b.Days})
	})
}

// GetBuild reads a build with its progress.
func (s *Store) GetBuild(ctx context.Context, id int64) (*ScheduleBuild, error) {
	var b ScheduleBuild
	err := s.db.NewSelect().Model(&b).Where("id = ?", id).Scan(ctx)
	return &b, translate(err, fmt.Sprintf("schedule build %d", id))
}

// SaveBuildProgress writes a running build's progress and notes.
func (s *Store) SaveBuildProgress(ctx context.Context, b *ScheduleBuild) error {
	_, err := s.db.NewUpdate().Model(b).Column("progress", "notes", "note_details").WherePK().Exec(ctx)
	if err != nil {
		return fmt.Errorf("save progress of build %d: %w", b.ID, err)
	}
	return nil
}

// FailBuild ends a build as failed, saying why.
func (s *Store) FailBuild(ctx context.Context, b *ScheduleBuild, why string) error {
	now := s.now().UTC()
	b.Status, b.Error, b.EndedAt = BuildFailed, why, &now
	if _, err := s.db.NewUpdate().Model(b).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("end build %d: %w", b.ID, err)
	}
	return nil
}

// FinishBuild saves the draft a build made, created by a, and ends the
// build as done with it, in one transaction.
func (s *Store) FinishBuild(ctx context.Context, a Actor, b *ScheduleBuild, v *ScheduleVersion) error {
	now := s.now().UTC()
	v.CreatedBy = a.Ref()
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := insertRecord(ctx, tx, now, a, "schedule", v, v.summary()); err != nil {
			return err
		}
		b.Status, b.ScheduleVersionID, b.EndedAt = BuildDone, &v.ID, &now
		if _, err := tx.NewUpdate().Model(b).WherePK().Exec(ctx); err != nil {
			return fmt.Errorf("finish build %d: %w", b.ID, err)
		}
		return nil
	})
}

// GetAgentTx reads an agent inside the caller's transaction.
func (s *Store) GetAgentTx(ctx context.Context, db bun.IDB, id int64) (*Agent, error) {
	return getAgentTx(ctx, db, id)
}

func getAgentTx(ctx context.Context, db bun.IDB, id int64) (*Agent, error) {
	var m Agent
	return &m, getEntity(ctx, db, "agent", &m, id)
}

// GetScheduleVersionTx reads a schedule version inside the caller's
// transaction.
func (s *Store) GetScheduleVersionTx(ctx context.Context, db bun.IDB, id int64) (*ScheduleVersion, error) {
	return getScheduleVersion(ctx, db, id)
}

// InsertScheduleVersion saves a new version (a draft, or one published
// as it is made) with its audit entry; detail nil records its summary. A
// version published as it is made has its shifts placed in the same
// transaction.
func (s *Store) InsertScheduleVersion(ctx context.Context, db bun.IDB, a Actor, v *ScheduleVersion, detail any) error {
	if detail == nil {
		detail = v.summary()
	}
	if err := insertRecord(ctx, db, s.now().UTC(), a, "schedule", v, detail); err != nil {
		return err
	}
	return placeVersion(ctx, db, v)
}

// UpdateScheduleVersion writes a version over the row at the version it
// was read at (else a Conflict), with an audit entry of action and detail.
// A version published by the write has its shifts placed in the same
// transaction (its rows replaced, if it had any).
func (s *Store) UpdateScheduleVersion(ctx context.Context, db bun.IDB, a Actor, action string, v *ScheduleVersion, detail any) error {
	if err := updateRecord(ctx, db, s.now().UTC(), a, "schedule", action, v, detail); err != nil {
		return err
	}
	return placeVersion(ctx, db, v)
}

// Audit records a change of an entity the caller wrote in its transaction.
func (s *Store) Audit(ctx context.Context, db bun.IDB, a Actor, action, entity string, id int64, detail any) error {
	return audit(ctx, db, s.now().UTC(), a, action, entity, id, detail)
}

// LockSite holds the site's row until the transaction ends, so that the
// rosters of a site are published one at a time. SQLite runs one writing
// transaction at a time anyway: there it does nothing.
func (s *Store) LockSite(ctx context.Context, db bun.IDB, siteID int64) error {
	if !s.postgres {
		return nil
	}
	if err := db.NewSelect().Model((*Site)(nil)).Column("id").Where("id = ?", siteID).For("UPDATE").Scan(ctx, new(int64)); err != nil {
		return fmt.Errorf("lock site %d: %w", siteID, err)
	}
	return nil
}

// ScheduleStatusTx is the status of a version.
func (s *Store) ScheduleStatusTx(ctx context.Context, db bun.IDB, id int64) (string, error) {
	var v ScheduleVersion
	if err := db.NewSelect().Model(&v).Column("id", "status").Where("id = ?", id).Scan(ctx); err != nil {
		return "", translate(err, fmt.Sprintf("schedule %d", id))
	}
	return v.Status, nil
}

// PublishedOverTx lists the published versions of a site that overlap
// [start, end), without their problem and solution, the last published
// first.
func (s *Store) PublishedOverTx(ctx context.Context, db bun.IDB, siteID int64, start, end string) ([]ScheduleVersion, error) {
	var vs []ScheduleVersion
	if err := db.NewSelect().Model(&vs).ExcludeColumn("problem", "solution").
		Where("site_id = ? AND status = ? AND start_date < ?", siteID, SchedulePublished, end).
		OrderExpr("published_at DESC, id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("find the published schedule: %w", err)
	}
	out := vs[:0]
	for _, v := range vs {
		if v.EndDate().String() > start {
			out = append(out, v)
		}
	}
	return out, nil
}

// UserNameTx is how a user is shown: her display name, else her username;
// "" for a user who no longer exists.
func (s *Store) UserNameTx(ctx context.Context, db bun.IDB, id int64) (string, error) {
	var u User
	if err := db.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx); err != nil && !isNoRows(err) {
		return "", fmt.Errorf("read user %d: %w", id, err)
	}
	return cmp.Or(u.DisplayName, u.Username), nil
}

// SupersedeScheduleTx marks the published version id superseded by the
// version by, with its placed shifts, inside the caller's transaction.
// Only while it is still published: one another transaction superseded
// meanwhile is a Conflict (the caller read a stale roster). Which
// versions a publication supersedes is the caller's (rostering's) choice.
func (s *Store) SupersedeScheduleTx(ctx context.Context, db bun.IDB, a Actor, id, by int64) error {
	now := s.now().UTC()
	res, err := db.NewUpdate().Model((*ScheduleVersion)(nil)).Set("status = ?", ScheduleSuperseded).
		Set("version = version + 1").Set("updated_at = ?", now).Where("id = ? AND status = ?", id, SchedulePublished).Exec(ctx)
	if err != nil {
		return fmt.Errorf("supersede schedule %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Errorf(fault.Conflict, "schedule %d was replaced by someone else meanwhile: reload and try again", id)
	}
	if err := supersedeActivities(ctx, db, id); err != nil {
		return err
	}
	return audit(ctx, db, now, a, "supersede", "schedule", id, map[string]int64{"by": by})
}

// SiteInScopeTx is SiteInScope inside the caller's transaction.
func (s *Store) SiteInScopeTx(ctx context.Context, db bun.IDB, sc Scope, siteID int64) error {
	return siteInScope(ctx, db, sc, siteID)
}

// siteInScope is SiteInScope on any handle, a transaction's included.
func siteInScope(ctx context.Context, db bun.IDB, sc Scope, siteID int64) error {
	if sc.All {
		return nil
	}
	n, err := db.NewSelect().Model((*Team)(nil)).Where("site_id = ?", siteID).
		Where("id IN (?)", bun.List(append([]int64{0}, sc.TeamIDs...))).Count(ctx)
	if err != nil {
		return fmt.Errorf("site scope: %w", err)
	}
	if n == 0 {
		return fault.Errorf(fault.Forbidden, "site %d has none of your teams", siteID)
	}
	return nil
}

// calendarFeed keeps the hash of an agent's calendar feed key.
type calendarFeed struct {
	bun.BaseModel `bun:"table:calendar_feeds"`
	AgentID       int64     `bun:"agent_id,pk"`
	KeyHash       string    `bun:"key_hash,notnull"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
}

// CreateFeedKey makes (or replaces) the secret key of an agent's calendar
// feed: a phone subscribes to a URL carrying it. The key is returned once.
func (s *Store) CreateFeedKey(ctx context.Context, a Actor, agentID int64) (string, error) {
	key := "cal_" + newSecret()
	now := s.now().UTC()
	f := calendarFeed{AgentID: agentID, KeyHash: hashToken(key), CreatedAt: now}
	err := s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*calendarFeed)(nil)).Where("agent_id = ?", agentID).Exec(ctx); err != nil {
			return fmt.Errorf("replace feed key: %w", err)
		}
		if _, err := tx.NewInsert().Model(&f).Exec(ctx); err != nil {
			return translate(err, "calendar feed")
		}
		return audit(ctx, tx, now, a, "create", "calendar_feed", agentID, nil)
	})
	return key, err
}

// AgentByFeedKey is the agent whose calendar feed the key opens.
func (s *Store) AgentByFeedKey(ctx context.Context, key string) (int64, error) {
	var f calendarFeed
	err := s.db.NewSelect().Model(&f).Where("key_hash = ?", hashToken(key)).Scan(ctx)
	if isNoRows(err) {
		return 0, fault.Errorf(fault.Unauthorized, "unknown calendar key")
	}
	if err != nil {
		return 0, fmt.Errorf("read calendar key: %w", err)
	}
	return f.AgentID, nil
}
