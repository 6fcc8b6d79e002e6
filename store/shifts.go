package store

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/schedule"
)

// AgentShift is one published shift of an agent, in real time.
type AgentShift struct {
	ScheduleID int64        `json:"schedule_id"`
	AgentID    int64        `json:"agent_id"`
	AgentCode  string       `json:"agent_code"`
	TeamID     int64        `json:"team_id"`
	SiteID     int64        `json:"site_id"`
	Date       civil.Date   `json:"date"`
	Shift      string       `json:"shift"`
	Skill      string       `json:"skill,omitempty"`
	Start      time.Time    `json:"start"`
	End        time.Time    `json:"end"`
	Breaks     []ShiftBreak `json:"breaks"`
	// Activities are the meetings, training and coaching inside the
	// shift, in start order.
	Activities []ShiftActivity `json:"activities"`
}

// ShiftActivity is an activity placed inside a shift.
type ShiftActivity struct {
	Kind  string    `json:"kind"` // meeting | training | coaching
	Title string    `json:"title"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// ShiftBreak is a placed break of a shift.
type ShiftBreak struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Paid  bool      `json:"paid"`
}

// ShiftFilter selects published shifts.
type ShiftFilter struct {
	AgentID int64
	TeamID  int64
	SiteID  int64      // agents of the site's teams (and so the site's rosters); 0 = any
	From    civil.Date // first day; the zero Date = any
	To      civil.Date // last day, inclusive; the zero Date = any
}

// The kinds of published activities: a shift, and the breaks inside it;
// the activities inside a shift are of schedule's kinds (meeting,
// training, coaching).
const (
	ActivityShift = "shift"
	ActivityBreak = "break" // a paid break
	ActivityLunch = "lunch" // an unpaid break
)

// publishedActivity is one placed activity of a published (or once
// published) version: a row per shift and per break of each assignment.
// The rows are what every read of published shifts reads; they are
// written with the version's publication and superseded with it.
type publishedActivity struct {
	bun.BaseModel     `bun:"table:published_activities"`
	ID                int64      `bun:"id,pk,autoincrement"`
	ScheduleVersionID int64      `bun:"schedule_version_id,notnull"`
	Status            string     `bun:"status,notnull"`
	AgentID           int64      `bun:"agent_id,notnull"`
	SiteID            int64      `bun:"site_id,notnull"`
	TeamID            int64      `bun:"team_id,notnull"`
	Day               civil.Date `bun:"day,notnull,type:text"`
	Kind              string     `bun:"kind,notnull"`
	Shift             string     `bun:"shift,notnull"`
	Skill             string     `bun:"skill,notnull"`
	Paid              bool       `bun:"paid,notnull"`
	StartAt           time.Time  `bun:"start_at,notnull"`
	EndAt             time.Time  `bun:"end_at,notnull"`
	Zone              string     `bun:"zone,notnull"`
	Assignment        int        `bun:"assignment,notnull"`
	Position          int        `bun:"position,notnull"`
	Title             string     `bun:"title,notnull"`
}

// placeVersion writes the rows of v's activities as v now stands: none
// unless it is published or superseded. A version's rows are replaced
// whole, so writing a version twice leaves the same rows. Assignments of
// agents the center does not know are left out, as the readers left them
// out before (they matched agents by code).
func placeVersion(ctx context.Context, db bun.IDB, v *ScheduleVersion) error {
	return placeVersionRows(ctx, db, v, true)
}

// placeVersionRows is placeVersion; without titles, for the migration
// that fills the table before it had the title column (no version of
// then had activities).
func placeVersionRows(ctx context.Context, db bun.IDB, v *ScheduleVersion, titles bool) error {
	if _, err := db.NewDelete().Model((*publishedActivity)(nil)).Where("schedule_version_id = ?", v.ID).Exec(ctx); err != nil {
		return fmt.Errorf("clear the shifts of schedule %d: %w", v.ID, err)
	}
	if v.Status != SchedulePublished && v.Status != ScheduleSuperseded {
		return nil
	}
	loc, err := v.Problem.Location()
	if err != nil {
		return fmt.Errorf("schedule %d: %w", v.ID, err)
	}
	codes := map[string]bool{}
	for _, as := range v.Solution.Assignments {
		codes[as.Agent] = true
	}
	if len(codes) == 0 {
		return nil
	}
	list := make([]string, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	var agents []Agent
	if err := db.NewSelect().Model(&agents).Column("id", "code", "team_id").Where("code IN (?)", bun.List(list)).Scan(ctx); err != nil {
		return fmt.Errorf("agents of schedule %d: %w", v.ID, err)
	}
	byCode := make(map[string]Agent, len(agents))
	for _, a := range agents {
		byCode[a.Code] = a
	}
	var rows []publishedActivity
	for i, as := range v.Solution.Assignments {
		a, ok := byCode[as.Agent]
		if !ok {
			continue
		}
		p, err := schedule.Place(v.Problem, as, loc)
		if err != nil {
			return fmt.Errorf("schedule %d: %w", v.ID, err)
		}
		row := publishedActivity{ScheduleVersionID: v.ID, Status: v.Status, AgentID: a.ID, SiteID: v.SiteID, TeamID: a.TeamID,
			Day: v.StartDate.AddDays(as.Day), Kind: ActivityShift, Shift: as.Shift, Skill: as.Skill, Paid: true,
			StartAt: p.Start.UTC(), EndAt: p.End.UTC(), Zone: v.Problem.Timezone, Assignment: i}
		rows = append(rows, row)
		for j, b := range p.Breaks {
			row.Kind, row.Paid, row.StartAt, row.EndAt, row.Position = ActivityLunch, b.Paid, b.Start.UTC(), b.End.UTC(), j+1
			if b.Paid {
				row.Kind = ActivityBreak
			}
			rows = append(rows, row)
		}
		for j, act := range p.Activities {
			row.Kind, row.Title, row.Paid, row.StartAt, row.EndAt, row.Position = act.Kind, act.Title, true, act.Start.UTC(), act.End.UTC(), len(p.Breaks)+j+1
			rows = append(rows, row)
		}
	}
	// In slices: one statement per thousand rows keeps each statement of
	// a large site's month a reasonable size on either engine.
	for len(rows) > 0 {
		n := min(len(rows), 1000)
		chunk := rows[:n]
		q := db.NewInsert().Model(&chunk)
		if !titles {
			q = q.ExcludeColumn("title")
		}
		if _, err := q.Exec(ctx); err != nil {
			return fmt.Errorf("write the shifts of schedule %d: %w", v.ID, err)
		}
		rows = rows[n:]
	}
	return nil
}

// supersedeActivities marks the rows of a superseded version superseded:
// no reader of published shifts sees them any more, the strain index
// still diffs them.
func supersedeActivities(ctx context.Context, db bun.IDB, versionID int64) error {
	if _, err := db.NewUpdate().Model((*publishedActivity)(nil)).Set("status = ?", ScheduleSuperseded).
		Where("schedule_version_id = ?", versionID).Exec(ctx); err != nil {
		return fmt.Errorf("supersede the shifts of schedule %d: %w", versionID, err)
	}
	return nil
}

// fillPublishedActivities is the migration that places the versions
// published (or superseded) before the rows existed, in one transaction.
// It reads only the columns it needs, so that it still runs when later
// migrations add columns the model knows and this schema does not.
func fillPublishedActivities(ctx context.Context, db *bun.DB) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var ids []int64
		if err := tx.NewSelect().Model((*ScheduleVersion)(nil)).Column("id").
			Where("status IN (?)", bun.List([]string{SchedulePublished, ScheduleSuperseded})).Order("id").Scan(ctx, &ids); err != nil {
			return fmt.Errorf("list published schedules: %w", err)
		}
		for _, id := range ids {
			var v ScheduleVersion
			if err := tx.NewSelect().Model(&v).Column("id", "site_id", "start_date", "status", "problem", "solution").
				Where("id = ?", id).Scan(ctx); err != nil {
				return fmt.Errorf("read schedule %d: %w", id, err)
			}
			if err := placeVersionRows(ctx, tx, &v, false); err != nil {
				return err
			}
		}
		return nil
	})
}

// PublishedShifts lists the published shifts of the agents in scope: the
// shifts of the versions of each agent's site (the site of her team now)
// whose local day falls in the filter's dates, read from the placed rows.
//
// One query answers it: the rows joined with their agents (in scope and
// filter) and the agents' teams now, keeping the rows of the site the
// agent is at, so an agent who moved since publication is seen with her
// team now and not with her old site's rosters. An agent reading her
// month is the read everyone makes at shift change; each round trip
// saved is a share of the server's throughput.
func (s *Store) PublishedShifts(ctx context.Context, sc Scope, f ShiftFilter) ([]AgentShift, error) {
	if id := oneAgent(sc, f); id != 0 {
		return s.agentShifts(ctx, sc, f, id)
	}
	var rows []placedRow
	q := s.db.NewSelect().Model(&rows).ModelTableExpr("published_activities AS pa").
		ColumnExpr("pa.*").ColumnExpr("a.code AS agent_code, a.team_id AS agent_team_id").
		Join("JOIN agents AS a ON a.id = pa.agent_id").
		Join("JOIN teams AS t ON t.id = a.team_id AND t.site_id = pa.site_id").
		Where("pa.status = ?", SchedulePublished)
	// The filters name the rows' own columns where they can, so that the
	// indexes on (agent_id, start_at) and (site_id, start_at) serve them.
	if !sc.All {
		if len(sc.TeamIDs) == 0 {
			q = q.Where("pa.agent_id = ?", sc.AgentID)
		} else {
			teams := bun.List(sc.TeamIDs)
			q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.Where("a.team_id IN (?)", teams).WhereOr("a.id = ?", sc.AgentID)
			}).Where("pa.site_id IN (SELECT site_id FROM teams WHERE id IN (?) UNION SELECT t2.site_id FROM agents AS a2 JOIN teams AS t2 ON t2.id = a2.team_id WHERE a2.id = ?)", teams, sc.AgentID)
		}
	}
	if f.AgentID != 0 {
		q = q.Where("pa.agent_id = ?", f.AgentID)
	}
	if f.TeamID != 0 {
		q = q.Where("a.team_id = ?", f.TeamID)
	}
	if f.SiteID != 0 {
		q = q.Where("pa.site_id = ?", f.SiteID)
	}
	q = daysBetween(q, "pa.", f)
	if err := q.OrderExpr("pa.schedule_version_id, pa.assignment, pa.position").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read published shifts: %w", err)
	}
	return shiftsFromRows(rows, agentNow)
}

// oneAgent is the agent whose shifts alone the listing asks for (by
// filter, or as an agent's scope is herself alone), or 0.
func oneAgent(sc Scope, f ShiftFilter) int64 {
	if f.AgentID != 0 {
		return f.AgentID
	}
	if !sc.All && len(sc.TeamIDs) == 0 {
		return sc.AgentID
	}
	return 0
}

// agentShifts is PublishedShifts for one agent: the rows of her site now
// that are hers, with her code and team now. An agent reading her own
// month (the read everyone makes at shift change) knows her site from her
// scope, so it is one statement over the rows and her agent row: the
// planner spends more on the general listing's three-table join than the
// rows cost to read. Anyone else's agent is looked up first.
func (s *Store) agentShifts(ctx context.Context, sc Scope, f ShiftFilter, id int64) ([]AgentShift, error) {
	site := sc.AgentSiteID
	if id != sc.AgentID || site == 0 {
		var who struct {
			TeamID int64 `bun:"team_id"`
			SiteID int64 `bun:"site_id"`
		}
		err := s.db.NewSelect().Model((*Agent)(nil)).Column("team_id").
			ColumnExpr(agentSiteColumn).
			Where("id = ?", id).Scan(ctx, &who)
		if isNoRows(err) {
			return []AgentShift{}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read published shifts: %w", err)
		}
		if !sc.HasAgent(id, who.TeamID) {
			return []AgentShift{}, nil
		}
		site = who.SiteID
	}
	if f.SiteID != 0 && f.SiteID != site {
		return []AgentShift{}, nil
	}
	var rows []placedRow
	var err error
	if s.postgres {
		rows, err = s.agentRowsPostgres(ctx, id, site, f)
	} else {
		q := s.db.NewSelect().Model(&rows).ModelTableExpr("published_activities AS pa").
			ColumnExpr("pa.schedule_version_id, pa.agent_id, pa.site_id, pa.day, pa.kind, pa.shift, pa.skill, pa.paid, pa.start_at, pa.end_at, pa.zone, pa.position, pa.title").
			ColumnExpr("a.code AS agent_code, a.team_id AS agent_team_id").
			Join("JOIN agents AS a ON a.id = pa.agent_id").
			Where("pa.status = ?", SchedulePublished).Where("pa.agent_id = ?", id).Where("pa.site_id = ?", site)
		err = daysBetween(q, "pa.", f).OrderExpr("pa.schedule_version_id, pa.assignment, pa.position").Scan(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("read published shifts: %w", err)
	}
	if f.TeamID != 0 && len(rows) > 0 && rows[0].AgentTeamID != f.TeamID {
		return []AgentShift{}, nil
	}
	return shiftsFromRows(rows, agentNow)
}

// agentRowsSQL is an agent's published rows at a site between instants
// and local days, as one statement text whatever the agent and dates.
const agentRowsSQL = `SELECT pa.schedule_version_id, pa.day, pa.kind, pa.shift, pa.skill, pa.paid, pa.start_at, pa.end_at,
	pa.zone, pa.position, pa.title, a.code, a.team_id
FROM published_activities AS pa JOIN agents AS a ON a.id = pa.agent_id
WHERE pa.status = 'published' AND pa.agent_id = $1 AND pa.site_id = $2
	AND pa.start_at >= $3 AND pa.start_at < $4 AND pa.day >= $5 AND pa.day <= $6
ORDER BY pa.schedule_version_id, pa.assignment, pa.position`

// agentRowsPostgres reads an agent's rows on PostgreSQL with the dates as
// parameters of one statement each connection prepares once. bun writes
// every value into the SQL text, so each agent's read was parsed and
// planned anew, and its rows came back as text; prepared, PostgreSQL
// reuses the plan and sends the rows in binary, which database/sql scans
// here without bun's reflection. The read every agent makes at shift
// change is worth the second spelling of its query.
func (s *Store) agentRowsPostgres(ctx context.Context, id, site int64, f ShiftFilter) ([]placedRow, error) {
	// One text for every filter: a bound left out becomes one every row
	// passes.
	first, last := startBounds(f)
	if first.IsZero() {
		first = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if last.IsZero() {
		last = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	fromDay, toDay := f.From, f.To
	if toDay.IsZero() {
		toDay = civil.Date{Year: 9999, Month: time.December, Day: 31}
	}
	res, err := s.db.DB.QueryContext(ctx, agentRowsSQL, pgx.QueryExecModeCacheStatement, id, site, first, last, fromDay, toDay)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var rows []placedRow
	for res.Next() {
		var r placedRow
		r.AgentID, r.SiteID, r.Status = id, site, SchedulePublished
		if err := res.Scan(&r.ScheduleVersionID, &r.Day, &r.Kind, &r.Shift, &r.Skill, &r.Paid, &r.StartAt, &r.EndAt,
			&r.Zone, &r.Position, &r.Title, &r.AgentCode, &r.AgentTeamID); err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, res.Err()
}

// agentSiteColumn is the site of an agent's team now, as a column of a
// select over agents (bun's alias "agent").
const agentSiteColumn = "(SELECT site_id FROM teams WHERE teams.id = agent.team_id) AS site_id"

// agentNow is the agent of a row as she is now.
func agentNow(r placedRow) (Agent, bool) {
	a := Agent{Code: r.AgentCode, TeamID: r.AgentTeamID}
	a.ID = r.AgentID
	return a, true
}

// placedRow is a published row with its agent as she is now.
type placedRow struct {
	publishedActivity `bun:",extend"`
	AgentCode         string `bun:"agent_code,scanonly"`
	AgentTeamID       int64  `bun:"agent_team_id,scanonly"`
}

// daysBetween narrows a query of rows (their columns prefixed by col) to
// the local days of the filter, and to the instants startBounds gives so
// that the indexes on start_at serve it; the day columns are what decide.
func daysBetween(q *bun.SelectQuery, col string, f ShiftFilter) *bun.SelectQuery {
	after, before := startBounds(f)
	if !after.IsZero() {
		q = q.Where("? >= ?", bun.Safe(col+"start_at"), after)
	}
	if !f.From.IsZero() {
		q = q.Where("? >= ?", bun.Safe(col+"day"), f.From)
	}
	if !before.IsZero() {
		q = q.Where("? < ?", bun.Safe(col+"start_at"), before)
	}
	if !f.To.IsZero() {
		q = q.Where("? <= ?", bun.Safe(col+"day"), f.To)
	}
	return q
}

// startBounds are instants the rows of the filter's days start within
// (zero: no bound): a local day starts within 14 hours of its UTC
// midnight, a shift within the day after it and a break within the
// shift's day.
func startBounds(f ShiftFilter) (after, before time.Time) {
	if !f.From.IsZero() {
		after = f.From.AddDays(-2).Start(nil)
	}
	if !f.To.IsZero() {
		before = f.To.AddDays(4).Start(nil)
	}
	return after, before
}

// VersionShifts lists the shifts one version (a draft, published or
// superseded) gives the agents in scope, as PublishedShifts lists the
// published ones: a draft is seen as it would be published. Only
// supervisors of the site, managers and admins see a version this way;
// agents see nothing that is not published.
func (s *Store) VersionShifts(ctx context.Context, sc Scope, id int64, f ShiftFilter) ([]AgentShift, error) {
	head, err := s.GetScheduleHead(ctx, id)
	if err != nil {
		return nil, err
	}
	if !sc.All && len(sc.TeamIDs) == 0 {
		return nil, fault.Errorf(fault.Forbidden, "only the site's supervisors see schedule %d", id)
	}
	if err := s.SiteInScope(ctx, sc, head.SiteID); err != nil {
		return nil, err
	}
	who, err := s.shiftAgents(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	if head.Status != ScheduleDraft {
		// Published or superseded: placed when it was published.
		var rows []publishedActivity
		q := daysBetween(s.db.NewSelect().Model(&rows).Where("schedule_version_id = ?", id), "", f)
		if err := q.Order("assignment", "position").Scan(ctx); err != nil {
			return nil, fmt.Errorf("read the shifts of schedule %d: %w", id, err)
		}
		return shiftsFromRows(rows, func(r publishedActivity) (Agent, bool) {
			a, ok := who.byID[r.AgentID]
			return a, ok && who.teamSite[a.TeamID] == r.SiteID
		})
	}
	// A draft has no rows: it is placed here, as publishing it would.
	v, err := s.GetScheduleVersion(ctx, id)
	if err != nil {
		return nil, err
	}
	out, err := who.draftShifts(v, f)
	if err != nil {
		return nil, err
	}
	sortShifts(out)
	return out, nil
}

// shiftReaders are the agents whose shifts a version's listing shows (in
// scope and filter, by id and by code) and the sites of their teams.
type shiftReaders struct {
	byID     map[int64]Agent
	byCode   map[string]Agent
	teamSite map[int64]int64
}

func (s *Store) shiftAgents(ctx context.Context, sc Scope, f ShiftFilter) (shiftReaders, error) {
	who := shiftReaders{byID: map[int64]Agent{}, byCode: map[string]Agent{}, teamSite: map[int64]int64{}}
	var agents []Agent
	q := s.db.NewSelect().Model(&agents).Column("id", "code", "team_id")
	q = sc.filterAgents(q, "id", "team_id")
	if f.AgentID != 0 {
		q = q.Where("id = ?", f.AgentID)
	}
	if f.TeamID != 0 {
		q = q.Where("team_id = ?", f.TeamID)
	}
	if f.SiteID != 0 {
		q = q.Where("team_id IN (SELECT id FROM teams WHERE site_id = ?)", f.SiteID)
	}
	if err := q.Scan(ctx); err != nil {
		return who, fmt.Errorf("list agents: %w", err)
	}
	if len(agents) == 0 {
		return who, nil
	}
	teamIDs := map[int64]bool{}
	for _, a := range agents {
		teamIDs[a.TeamID] = true
	}
	ids := make([]int64, 0, len(teamIDs))
	for id := range teamIDs {
		ids = append(ids, id)
	}
	sites, err := s.TeamSitesTx(ctx, s.db, ids)
	if err != nil {
		return who, err
	}
	who.teamSite = sites
	for _, a := range agents {
		who.byID[a.ID], who.byCode[a.Code] = a, a
	}
	return who, nil
}

// shiftsFromRows puts the rows of shifts back together, in start order:
// each shift with its breaks (rows come by version, assignment and
// position), for the agents agentOf keeps (it is asked on a shift's first
// row, and its breaks follow). Times are shown in the zone they were
// placed in.
func shiftsFromRows[R interface{ activity() publishedActivity }](rows []R, agentOf func(R) (Agent, bool)) ([]AgentShift, error) {
	out := []AgentShift{}
	kept := false // whether the last shift row was kept, for its breaks
	for _, row := range rows {
		r := row.activity()
		loc, err := zone(r.Zone)
		if err != nil {
			return nil, fmt.Errorf("schedule %d: %w", r.ScheduleVersionID, err)
		}
		if r.Position > 0 {
			if kept {
				sh := &out[len(out)-1]
				if r.Kind == ActivityBreak || r.Kind == ActivityLunch {
					sh.Breaks = append(sh.Breaks, ShiftBreak{Start: r.StartAt.In(loc), End: r.EndAt.In(loc), Paid: r.Paid})
				} else {
					sh.Activities = append(sh.Activities, ShiftActivity{Kind: r.Kind, Title: r.Title, Start: r.StartAt.In(loc), End: r.EndAt.In(loc)})
				}
			}
			continue
		}
		var a Agent
		a, kept = agentOf(row)
		if !kept {
			continue
		}
		out = append(out, AgentShift{ScheduleID: r.ScheduleVersionID, AgentID: a.ID, AgentCode: a.Code, TeamID: a.TeamID, SiteID: r.SiteID,
			Date: r.Day, Shift: r.Shift, Skill: r.Skill, Start: r.StartAt.In(loc), End: r.EndAt.In(loc), Breaks: []ShiftBreak{}, Activities: []ShiftActivity{}})
	}
	sortShifts(out)
	return out, nil
}

func (r publishedActivity) activity() publishedActivity { return r }

// zones are the time zones read so far: time.LoadLocation reads and
// parses the zone's file on every call, and every listing of shifts needs
// its sites' zones.
var zones sync.Map // name -> *time.Location

func zone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// draftShifts is the shifts of a draft's assignments that fall in the
// filter's dates, of agents of its site, placed as publishing would.
func (who shiftReaders) draftShifts(v *ScheduleVersion, f ShiftFilter) ([]AgentShift, error) {
	out := []AgentShift{}
	if !f.From.IsZero() && !v.EndDate().After(f.From) {
		return out, nil
	}
	loc, err := v.Problem.Location()
	if err != nil {
		return nil, fmt.Errorf("schedule %d: %w", v.ID, err)
	}
	for _, as := range v.Solution.Assignments {
		a, ok := who.byCode[as.Agent]
		if !ok || who.teamSite[a.TeamID] != v.SiteID {
			continue
		}
		date := v.StartDate.AddDays(as.Day)
		if (!f.From.IsZero() && date.Before(f.From)) || (!f.To.IsZero() && date.After(f.To)) {
			continue
		}
		p, err := schedule.Place(v.Problem, as, loc)
		if err != nil {
			return nil, fmt.Errorf("schedule %d: %w", v.ID, err)
		}
		sh := AgentShift{ScheduleID: v.ID, AgentID: a.ID, AgentCode: a.Code, TeamID: a.TeamID, SiteID: v.SiteID, Date: date,
			Shift: as.Shift, Skill: as.Skill, Start: p.Start, End: p.End, Breaks: []ShiftBreak{}, Activities: []ShiftActivity{}}
		for _, b := range p.Breaks {
			sh.Breaks = append(sh.Breaks, ShiftBreak{Start: b.Start, End: b.End, Paid: b.Paid})
		}
		for _, act := range p.Activities {
			sh.Activities = append(sh.Activities, ShiftActivity{Kind: act.Kind, Title: act.Title, Start: act.Start, End: act.End})
		}
		out = append(out, sh)
	}
	return out, nil
}

func sortShifts(out []AgentShift) {
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].AgentID < out[j].AgentID
	})
}
