package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/kpi"
)

// KPIGrid is the interval the stored queue counts are kept at. Coarser
// views (30 or 60 minutes) add these counts: the 15-minute grid of a local
// day nests in every coarser grid of that day.
const KPIGrid = 15 * time.Minute

// KPIInterval is one queue's additive counts for one 15-minute interval,
// computed from the stored contacts with the queue's service goal.
type KPIInterval struct {
	bun.BaseModel       `bun:"table:kpi_interval"`
	QueueID             int64     `bun:"queue_id,pk"`
	IntervalStart       time.Time `bun:"interval_start,pk"`
	IntervalSeconds     int       `bun:"interval_seconds,notnull"`
	Offered             int       `bun:"offered,notnull"`
	Answered            int       `bun:"answered,notnull"`
	Abandoned           int       `bun:"abandoned,notnull"`
	ShortAbandoned      int       `bun:"short_abandoned,notnull"`
	AnsweredInSL        int       `bun:"answered_in_sl,notnull"`
	SLBase              int       `bun:"sl_base,notnull"`
	WaitSeconds         float64   `bun:"wait_seconds,notnull"`
	HandleSeconds       float64   `bun:"handle_seconds,notnull"`
	SLFormula           string    `bun:"sl_formula,notnull"`
	ThresholdSeconds    int       `bun:"threshold_seconds,notnull"`
	ShortAbandonSeconds int       `bun:"short_abandon_seconds,notnull"`
	ComputedAt          time.Time `bun:"computed_at,notnull"`
}

// KPIAgentDay is one agent's additive counts for one local day.
type KPIAgentDay struct {
	bun.BaseModel         `bun:"table:kpi_agent_day"`
	AgentID               int64      `bun:"agent_id,pk"`
	Day                   civil.Date `bun:"day,pk,type:text"`
	Handled               int        `bun:"handled,notnull"`
	HandleSeconds         float64    `bun:"handle_seconds,notnull"`
	Difficult             int        `bun:"difficult,notnull"`
	AvailableSeconds      float64    `bun:"available_seconds,notnull"`
	ContactSeconds        float64    `bun:"contact_seconds,notnull"`
	ACWSeconds            float64    `bun:"acw_seconds,notnull"`
	ScheduledSeconds      float64    `bun:"scheduled_seconds,notnull"`
	ScheduledWorkSeconds  float64    `bun:"scheduled_work_seconds,notnull"`
	OutOfAdherenceSeconds float64    `bun:"out_of_adherence_seconds,notnull"`
	ResolvedKnown         int        `bun:"resolved_known,notnull"`
	Resolved              int        `bun:"resolved,notnull"`
	CSATScored            int        `bun:"csat_scored,notnull"`
	CSATGood              int        `bun:"csat_good,notnull"`
	ComputedAt            time.Time  `bun:"computed_at,notnull"`
}

// ServiceGoalOf is the kpi service goal of a queue. The store's
// all-abandons-counted is the contract's formula with no short abandons.
func ServiceGoalOf(q Queue) kpi.ServiceGoal {
	g := kpi.ServiceGoal{
		Threshold:    time.Duration(q.SLThresholdSeconds) * time.Second,
		ShortAbandon: time.Duration(q.ShortAbandonSeconds) * time.Second,
		Formula:      kpi.SLAbandonsCounted,
	}
	switch q.SLFormula {
	case SLAbandonsIgnored:
		g.Formula = kpi.SLAbandonsIgnored
	case SLAllAbandonsCounted:
		g.ShortAbandon = 0
	}
	return g
}

// Ratio is a KPI ratio as JSON: null when its denominator is zero, never
// 0 or NaN.
func Ratio(r kpi.Ratio) *float64 {
	if !r.OK {
		return nil
	}
	v := r.Value
	return &v
}

// zones maps each site to its time zone.
func (s *Store) zones(ctx context.Context) (map[int64]*time.Location, error) {
	var sites []Site
	if err := s.db.NewSelect().Model(&sites).Column("id", "timezone").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read site zones: %w", err)
	}
	out := make(map[int64]*time.Location, len(sites))
	for _, st := range sites {
		loc, err := time.LoadLocation(st.Timezone)
		if err != nil {
			return nil, fmt.Errorf("site %d time zone %q: %w", st.ID, st.Timezone, err)
		}
		out[st.ID] = loc
	}
	return out, nil
}

// AgentPlace is an agent's team and her team's site.
type AgentPlace struct {
	TeamID int64
	SiteID int64
}

// AgentPlaces maps each agent to her team and her team's site.
func (s *Store) AgentPlaces(ctx context.Context) (map[int64]AgentPlace, error) {
	var rows []struct {
		ID     int64 `bun:"id"`
		TeamID int64 `bun:"team_id"`
		SiteID int64 `bun:"site_id"`
	}
	err := s.db.NewSelect().TableExpr("agents AS a").Join("JOIN teams AS t ON t.id = a.team_id").
		ColumnExpr("a.id, a.team_id, t.site_id").Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read agents' teams: %w", err)
	}
	out := make(map[int64]AgentPlace, len(rows))
	for _, r := range rows {
		out[r.ID] = AgentPlace{TeamID: r.TeamID, SiteID: r.SiteID}
	}
	return out, nil
}

// KPIQueueWindow is the 15-minute intervals [From, To) of a queue whose
// stored counts a rollup replaces.
type KPIQueueWindow struct {
	QueueID  int64
	From, To time.Time
}

// KPIDayWindow is the local days [First, Last] of agents whose stored
// counts a rollup replaces.
type KPIDayWindow struct {
	Agents      []int64
	First, Last kpi.Date
}

// KPIReplacement is what a rollup computed: the windows it recomputed
// and their new rows.
type KPIReplacement struct {
	QueueWindows []KPIQueueWindow
	Intervals    []KPIInterval
	DayWindows   []KPIDayWindow
	Days         []KPIAgentDay
}

// ReplaceKPIs replaces the stored counts of the windows by the rows, in
// one transaction: a rollup run twice leaves the same rows.
func (s *Store) ReplaceKPIs(ctx context.Context, r KPIReplacement) error {
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for _, w := range r.QueueWindows {
			if _, err := tx.NewDelete().Model((*KPIInterval)(nil)).Where("queue_id = ?", w.QueueID).
				Where("interval_start >= ?", w.From.UTC()).Where("interval_start < ?", w.To.UTC()).Exec(ctx); err != nil {
				return fmt.Errorf("clear KPI intervals of queue %d: %w", w.QueueID, err)
			}
		}
		if err := insertChunks(ctx, tx, r.Intervals); err != nil {
			return fmt.Errorf("write KPI intervals: %w", err)
		}
		for _, d := range r.DayWindows {
			if len(d.Agents) == 0 {
				continue
			}
			if _, err := tx.NewDelete().Model((*KPIAgentDay)(nil)).Where("agent_id IN (?)", bun.List(d.Agents)).
				Where("day >= ?", d.First.String()).Where("day <= ?", d.Last.String()).Exec(ctx); err != nil {
				return fmt.Errorf("clear KPI agent days: %w", err)
			}
		}
		if err := insertChunks(ctx, tx, r.Days); err != nil {
			return fmt.Errorf("write KPI agent days: %w", err)
		}
		return nil
	})
}

// StreamQueueContacts calls fn for each contact of a queue that arrived
// in [from, to), in order of arrival; queue and agent are their ids in
// decimal. A year of contacts never sits in memory.
func (s *Store) StreamQueueContacts(ctx context.Context, queueID int64, from, to time.Time, fn func(kpi.Contact) error) error {
	return s.streamContacts(ctx, "queue_id = ? AND arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at",
		[]any{queueID, from.UTC(), to.UTC()}, fn)
}

// StreamAgentContacts calls fn for each contact the agents handled that
// arrived in [from, to), agent by agent (by id), each in order of arrival.
func (s *Store) StreamAgentContacts(ctx context.Context, agentIDs []int64, from, to time.Time, fn func(kpi.Contact) error) error {
	if len(agentIDs) == 0 {
		return nil
	}
	placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(agentIDs)), ", ")
	args := make([]any, 0, len(agentIDs)+2)
	for _, id := range agentIDs {
		args = append(args, id)
	}
	args = append(args, from.UTC(), to.UTC())
	return s.streamContacts(ctx, "agent_id IN ("+placeholders+") AND arrived_at >= ? AND arrived_at < ? ORDER BY agent_id, arrived_at", args, fn)
}

// insertChunks inserts rows a few hundred at a time.
func insertChunks[T any](ctx context.Context, db bun.IDB, rows []T) error {
	for start := 0; start < len(rows); start += sqliteBatch {
		chunk := rows[start:min(start+sqliteBatch, len(rows))]
		if _, err := db.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// contactColumns are the columns KPI code reads, in scan order.
const contactColumns = "contact_id, queue_id, channel, arrived_at, answered_at, ended_at, agent_id, " +
	"talk_seconds, hold_seconds, acw_seconds, transferred, resolved, csat, emotion, complaint"

// streamContacts calls fn for each contact the query (a WHERE and ORDER BY
// over contacts) selects, converted to the kpi shape. Queue and agent are
// their ids in decimal. Rows are scanned one by one: a year of contacts
// never sits in memory.
func (s *Store) streamContacts(ctx context.Context, where string, args []any, fn func(kpi.Contact) error) error {
	if s.postgres {
		return s.streamContactsPostgres(ctx, where, args, fn)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+contactColumns+" FROM contacts WHERE "+where, args...)
	if err != nil {
		return fmt.Errorf("read contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			c                   kpi.Contact
			queueID             int64
			answered, ended     sql.NullTime
			agentID, csat       sql.NullInt64
			resolved            sql.NullBool
			emotion             sql.NullString
			transferred, compl  bool
			talk, hold, acwSecs float64
		)
		if err := rows.Scan(&c.ID, &queueID, &c.Channel, &c.ArrivedAt, &answered, &ended, &agentID,
			&talk, &hold, &acwSecs, &transferred, &resolved, &csat, &emotion, &compl); err != nil {
			return fmt.Errorf("read contact: %w", err)
		}
		c.Queue = strconv.FormatInt(queueID, 10)
		if answered.Valid {
			c.AnsweredAt = answered.Time
		}
		if ended.Valid {
			c.EndedAt = ended.Time
		}
		if agentID.Valid {
			c.Agent = strconv.FormatInt(agentID.Int64, 10)
		}
		c.TalkSeconds, c.HoldSeconds, c.ACWSeconds = talk, hold, acwSecs
		c.Transferred, c.Complaint = transferred, compl
		if resolved.Valid {
			c.Resolved, c.ResolvedKnown = resolved.Bool, true
		}
		if csat.Valid {
			c.CSAT = int(csat.Int64)
		}
		if emotion.Valid {
			c.Emotion = kpi.Emotion(emotion.String)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read contacts: %w", err)
	}
	return nil
}

func seconds(v float64) time.Duration { return time.Duration(v * float64(time.Second)) }

// Counts is the kpi form of a stored agent day.
func (r KPIAgentDay) Counts() kpi.AgentCounts {
	return kpi.AgentCounts{
		Handled: r.Handled, HandleSeconds: r.HandleSeconds, Difficult: r.Difficult,
		Available: seconds(r.AvailableSeconds), OnContact: seconds(r.ContactSeconds), ACW: seconds(r.ACWSeconds),
		Scheduled: seconds(r.ScheduledSeconds), ScheduledWork: seconds(r.ScheduledWorkSeconds),
		OutOfAdherence: seconds(r.OutOfAdherenceSeconds),
		ResolvedKnown:  r.ResolvedKnown, Resolved: r.Resolved, CSATScored: r.CSATScored, CSATGood: r.CSATGood,
	}
}

// Counts is the kpi form of a stored queue interval.
func (r KPIInterval) Counts() kpi.QueueCounts {
	return kpi.QueueCounts{
		Offered: r.Offered, Answered: r.Answered, Abandoned: r.Abandoned, ShortAbandoned: r.ShortAbandoned,
		AnsweredInSL: r.AnsweredInSL, SLBase: r.SLBase, WaitSeconds: r.WaitSeconds, HandleSeconds: r.HandleSeconds,
	}
}

// Goal is the service goal the interval was computed with.
func (r KPIInterval) Goal() kpi.ServiceGoal {
	return kpi.ServiceGoal{
		Threshold:    time.Duration(r.ThresholdSeconds) * time.Second,
		ShortAbandon: time.Duration(r.ShortAbandonSeconds) * time.Second,
		Formula:      kpi.SLFormula(r.SLFormula),
	}
}

// KPIQuery selects stored KPIs over local days [From, To] (each queue's or
// agent's site zone), within a scope.
type KPIQuery struct {
	From, To kpi.Date
	QueueID  int64
	AgentID  int64
	TeamID   int64
	Interval time.Duration // queue intervals: a multiple of 15m dividing a day; 0 = 15m
	Period   kpi.Period    // rollups: day, week or month
	Scope    Scope
}

func (q KPIQuery) validate() error {
	f := fault.FieldErrors{}
	if q.From == (kpi.Date{}) {
		f.Add("from", "required: a date YYYY-MM-DD")
	}
	if q.To == (kpi.Date{}) {
		f.Add("to", "required: a date YYYY-MM-DD")
	}
	if q.To.Before(q.From) {
		f.Add("to", "%s is before from %s", q.To, q.From)
	} else if q.From.AddDays(400).Before(q.To) {
		f.Add("to", "at most 400 days at once")
	}
	if q.Interval != 0 && (q.Interval%KPIGrid != 0 || (24*time.Hour)%q.Interval != 0) {
		f.Add("interval", "%s is not a multiple of 15m dividing a day", q.Interval)
	}
	return f.Err("KPI query")
}

// QueueKPIRows reads the stored intervals of the queues the query names
// over its days (each queue's days in its own zone): the queues, their
// sites' zones and each queue's intervals in start order.
func (s *Store) QueueKPIRows(ctx context.Context, q KPIQuery) ([]Queue, map[int64]*time.Location, map[int64][]KPIInterval, error) {
	if err := q.validate(); err != nil {
		return nil, nil, nil, err
	}
	zones, err := s.zones(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	var queues []Queue
	if q.QueueID != 0 {
		one, err := s.GetQueue(ctx, q.QueueID)
		if err != nil {
			return nil, nil, nil, err
		}
		queues = []Queue{*one}
	} else if queues, err = s.ListQueues(ctx); err != nil {
		return nil, nil, nil, err
	}
	rows := map[int64][]KPIInterval{}
	for _, qu := range queues {
		loc := zones[qu.SiteID]
		var rs []KPIInterval
		err := s.db.NewSelect().Model(&rs).Where("queue_id = ?", qu.ID).
			Where("interval_start >= ?", q.From.Start(loc).UTC()).Where("interval_start < ?", q.To.AddDays(1).Start(loc).UTC()).
			Order("interval_start").Scan(ctx)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read KPI intervals of queue %d: %w", qu.ID, err)
		}
		rows[qu.ID] = rs
	}
	return queues, zones, rows, nil
}

// CheckAgentScope reads an agent and refuses one outside the scope.
func (s *Store) CheckAgentScope(ctx context.Context, sc Scope, agentID int64) (*Agent, error) {
	var a Agent
	if err := getEntity(ctx, s.db, "agent", &a, agentID); err != nil {
		return nil, err
	}
	if !sc.HasAgent(a.ID, a.TeamID) {
		return nil, fault.Errorf(fault.Forbidden, "agent %d is not in your scope", agentID)
	}
	return &a, nil
}

// CheckAgentTeamScope refuses a query for an agent (0: none) or a team
// (0: none) outside the scope; an unknown team is NotFound, not Forbidden.
func (s *Store) CheckAgentTeamScope(ctx context.Context, sc Scope, agentID, teamID int64) error {
	if agentID != 0 {
		if _, err := s.CheckAgentScope(ctx, sc, agentID); err != nil {
			return err
		}
	}
	if teamID != 0 && !sc.HasTeam(teamID) {
		if _, err := s.GetTeam(ctx, teamID); err != nil {
			return err
		}
		return fault.Errorf(fault.Forbidden, "team %d is not in your scope", teamID)
	}
	return nil
}

// QueryAgents are the agents a KPI query selects (its agent, its team, or
// every one within its scope), after checking the query's days and that
// its agent and team are in its scope.
func (s *Store) QueryAgents(ctx context.Context, q KPIQuery) ([]Agent, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	if err := s.CheckAgentTeamScope(ctx, q.Scope, q.AgentID, q.TeamID); err != nil {
		return nil, err
	}
	agents, err := s.ListAgents(ctx, q.Scope)
	if err != nil {
		return nil, err
	}
	kept := agents[:0]
	for _, a := range agents {
		if (q.AgentID == 0 || a.ID == q.AgentID) && (q.TeamID == 0 || a.TeamID == q.TeamID) {
			kept = append(kept, a)
		}
	}
	return kept, nil
}

// AgentDayRows are the stored agent days the query selects (its agent or
// team, within its scope), by agent and day, with each agent as she is
// now: the counts the use cases sum.
func (s *Store) AgentDayRows(ctx context.Context, q KPIQuery) ([]KPIAgentDay, map[int64]Agent, error) {
	agents, err := s.QueryAgents(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	byID := map[int64]Agent{}
	var ids []int64
	for _, a := range agents {
		byID[a.ID] = a
		ids = append(ids, a.ID)
	}
	var rows []KPIAgentDay
	if len(ids) == 0 {
		return rows, byID, nil
	}
	err = s.db.NewSelect().Model(&rows).Where("agent_id IN (?)", bun.List(ids)).
		Where("day >= ?", q.From.String()).Where("day <= ?", q.To.String()).Order("agent_id", "day").Scan(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("read KPI agent days: %w", err)
	}
	return rows, byID, nil
}

// StrainFactor is one driver's part in an agent-day's strain index.
type StrainFactor struct {
	Driver       string  `json:"driver"`
	Raw          float64 `json:"raw"` // in the driver's own unit: ratio, seconds or count
	Normalised   float64 `json:"normalised"`
	Weight       float64 `json:"weight"`
	Contribution float64 `json:"contribution"` // points of the 0-100 index
	Group        string  `json:"group"`        // the 3R action it calls for
}

// StrainDay is one agent-day's strain index (kpi.StrainIndex), with every
// driver and the reasons that drove it, and the suggested 3R action.
type StrainDay struct {
	bun.BaseModel `bun:"table:strain_days"`
	AgentID       int64          `bun:"agent_id,pk" json:"agent_id"`
	Day           civil.Date     `bun:"day,pk,type:text" json:"day"`
	Index         float64        `bun:"strain_index,notnull" json:"index"`
	Alert         bool           `bun:"alert,notnull" json:"alert"`
	Action        string         `bun:"action,notnull" json:"action"`
	Factors       []StrainFactor `bun:"factors,type:text,notnull" json:"factors"`
	Reasons       []StrainFactor `bun:"reasons,type:text,notnull" json:"reasons"`
	ComputedAt    time.Time      `bun:"computed_at,notnull" json:"computed_at"`
}

// SaveStrain stores computed strain days (a day computed again replaces
// the one stored) and raises their alerts, in one transaction; an alert
// already raised (by its key) is not raised again.
func (s *Store) SaveStrain(ctx context.Context, days []StrainDay, alerts []Alert) error {
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for i := range days {
			sd := days[i]
			if _, err := tx.NewInsert().Model(&sd).On("CONFLICT (agent_id, day) DO UPDATE").
				Set("strain_index = EXCLUDED.strain_index, alert = EXCLUDED.alert, action = EXCLUDED.action").
				Set("factors = EXCLUDED.factors, reasons = EXCLUDED.reasons, computed_at = EXCLUDED.computed_at").Exec(ctx); err != nil {
				return fmt.Errorf("store strain: %w", err)
			}
		}
		for _, al := range alerts {
			if _, err := s.raiseAlert(ctx, tx, al); err != nil {
				return err
			}
		}
		return nil
	})
}

// AgentDay is the stored KPI day of an agent; not found before a rollup
// counted it.
func (s *Store) AgentDay(ctx context.Context, agentID int64, d kpi.Date) (*KPIAgentDay, error) {
	var row KPIAgentDay
	err := s.db.NewSelect().Model(&row).Where("agent_id = ?", agentID).Where("day = ?", d.String()).Scan(ctx)
	if isNoRows(err) {
		return nil, fault.Errorf(fault.NotFound, "agent %d has no KPI day %s", agentID, d)
	}
	if err != nil {
		return nil, fmt.Errorf("read agent day: %w", err)
	}
	return &row, nil
}

// AgentDaysBetween are the stored KPI days of an agent in [from, to).
func (s *Store) AgentDaysBetween(ctx context.Context, agentID int64, from, to kpi.Date) ([]KPIAgentDay, error) {
	var rows []KPIAgentDay
	err := s.db.NewSelect().Model(&rows).Where("agent_id = ?", agentID).
		Where("day >= ?", from.String()).Where("day < ?", to.String()).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("read baseline days: %w", err)
	}
	return rows, nil
}

// SiteZones are the time zones of the sites, by site id.
func (s *Store) SiteZones(ctx context.Context) (map[int64]*time.Location, error) {
	return s.zones(ctx)
}

// StrainRow is one agent's line of a heat map: the index per day (null on
// days without a computed index) and the days themselves with their reasons.
type StrainRow struct {
	AgentID int64       `json:"agent_id"`
	Agent   string      `json:"agent"`
	Name    string      `json:"name"`
	TeamID  int64       `json:"team_id"`
	Index   []*float64  `json:"index"` // one per day of the map
	Days    []StrainDay `json:"days"`
}

// StrainHeatMap is agents x days of strain for a team (or all in scope).
type StrainHeatMap struct {
	Days   []string    `json:"days"`
	Alert  float64     `json:"alert_threshold"`
	Agents []StrainRow `json:"agents"`
}

// StrainDaysOf are the stored strain days of the agents over days
// [first, last], by agent and day.
func (s *Store) StrainDaysOf(ctx context.Context, agentIDs []int64, first, last civil.Date) ([]StrainDay, error) {
	days := []StrainDay{}
	if len(agentIDs) == 0 {
		return days, nil
	}
	err := s.db.NewSelect().Model(&days).Where("agent_id IN (?)", bun.List(agentIDs)).
		Where("day >= ?", first.String()).Where("day <= ?", last.String()).Order("agent_id", "day").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("read strain: %w", err)
	}
	return days, nil
}
