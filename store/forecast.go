package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"wfm/civil"
	"wfm/fault"
	"wfm/forecast"
	"wfm/limits"
)

// Forecast run statuses. A draft may be overridden by hand; publishing
// makes it a snapshot that is never changed again, kept for ever so that
// its accuracy can be judged.
const (
	ForecastDraft     = "draft"
	ForecastPublished = "published"
)

// ForecastRun is one forecast of one queue over a horizon: how it was made
// and whether it is published. Its intervals are read separately.
type ForecastRun struct {
	bun.BaseModel `bun:"table:forecast_runs"`
	Record
	QueueID         int64           `bun:"queue_id,notnull" json:"queue_id"`
	HorizonStart    time.Time       `bun:"horizon_start,notnull" json:"horizon_start"`
	HorizonEnd      time.Time       `bun:"horizon_end,notnull" json:"horizon_end"`
	IntervalSeconds int             `bun:"interval_seconds,notnull" json:"interval_seconds"`
	Method          string          `bun:"method,notnull" json:"method"`
	Backtest        []BacktestError `bun:"backtest,type:text" json:"backtest"`
	HistoryDays     int             `bun:"history_days,notnull" json:"history_days"`
	Status          string          `bun:"status,notnull" json:"status"`
	CreatedBy       *int64          `bun:"created_by" json:"created_by"`
	PublishedAt     *time.Time      `bun:"published_at" json:"published_at"`
	PublishedBy     *int64          `bun:"published_by" json:"published_by"`
	PublishedAuto   bool            `bun:"published_auto,notnull" json:"published_auto"`
}

// BacktestError is one method's (or combination's) rolling-origin error,
// as the run chose among them.
type BacktestError struct {
	Method  string    `json:"method"`
	WAPE    float64   `json:"wape"`
	Origins []float64 `json:"origins"`
}

// ForecastInterval is one interval of a run: the model's volume with its
// 80% prediction interval and handle time, and a planner's override.
type ForecastInterval struct {
	bun.BaseModel      `bun:"table:forecast_intervals"`
	RunID              int64      `bun:"run_id,pk" json:"run_id"`
	IntervalStart      time.Time  `bun:"interval_start,pk" json:"interval_start"`
	Volume             float64    `bun:"volume,notnull" json:"volume"`
	VolumeLow          float64    `bun:"volume_low,notnull" json:"volume_low"`
	VolumeHigh         float64    `bun:"volume_high,notnull" json:"volume_high"`
	AHTSeconds         float64    `bun:"aht_seconds,notnull" json:"aht_seconds"`
	OverrideVolume     *float64   `bun:"override_volume" json:"override_volume"`
	OverrideAHTSeconds *float64   `bun:"override_aht_seconds" json:"override_aht_seconds"`
	OverrideBy         *int64     `bun:"override_by" json:"override_by"`
	OverrideReason     *string    `bun:"override_reason" json:"override_reason"`
	OverrideAt         *time.Time `bun:"override_at" json:"override_at"`
}

// PlannedVolume is the volume to plan with: the override when there is one.
func (i ForecastInterval) PlannedVolume() float64 {
	if i.OverrideVolume != nil {
		return *i.OverrideVolume
	}
	return i.Volume
}

// PlannedAHT is the handle time to plan with: the override when there is one.
func (i ForecastInterval) PlannedAHT() float64 {
	if i.OverrideAHTSeconds != nil {
		return *i.OverrideAHTSeconds
	}
	return i.AHTSeconds
}

// MaxVolume is more contacts than any queue takes in one interval.
const MaxVolume = 1e9

// validate checks a run and its intervals before they are written.
func (r *ForecastRun) validate(intervals []ForecastInterval) error {
	f := fault.FieldErrors{}
	if r.QueueID <= 0 {
		f.Add("queue_id", "required")
	}
	if r.IntervalSeconds <= 0 || 86400%r.IntervalSeconds != 0 {
		f.Add("interval_seconds", "%d does not divide a day", r.IntervalSeconds)
	}
	if !r.HorizonEnd.After(r.HorizonStart) {
		f.Add("horizon_end", "must be after horizon_start")
	}
	if r.Method == "" {
		f.Add("method", "required")
	}
	for i, b := range r.Backtest {
		if !limits.Finite(b.WAPE) {
			f.Add(fmt.Sprintf("backtest[%d].wape", i), "not a finite number")
		}
		for _, o := range b.Origins {
			if !limits.Finite(o) {
				f.Add(fmt.Sprintf("backtest[%d].origins", i), "not finite numbers")
			}
		}
	}
	step := time.Duration(r.IntervalSeconds) * time.Second
	for i, iv := range intervals {
		field := fmt.Sprintf("intervals[%d]", i)
		if iv.IntervalStart.Before(r.HorizonStart) || !iv.IntervalStart.Before(r.HorizonEnd) ||
			(step > 0 && iv.IntervalStart.Sub(r.HorizonStart)%step != 0) {
			f.Add(field+".interval_start", "%s is not an interval of the horizon", iv.IntervalStart.UTC().Format(time.RFC3339))
		}
		for name, v := range map[string]float64{"volume": iv.Volume, "volume_low": iv.VolumeLow, "volume_high": iv.VolumeHigh} {
			if !limits.Finite(v) || v < 0 || v > MaxVolume {
				f.Add(field+"."+name, "%v is not a volume", v)
			}
		}
		if !limits.Finite(iv.AHTSeconds) || iv.AHTSeconds <= 0 || iv.AHTSeconds > 86400 {
			f.Add(field+".aht_seconds", "%v is not a handle time in seconds", iv.AHTSeconds)
		}
	}
	return f.Err("forecast run")
}

// CreateForecastRun writes a new draft run with its intervals, in one
// transaction.
func (s *Store) CreateForecastRun(ctx context.Context, a Actor, r *ForecastRun, intervals []ForecastInterval) error {
	r.HorizonStart, r.HorizonEnd = r.HorizonStart.UTC(), r.HorizonEnd.UTC()
	for i := range intervals {
		intervals[i].IntervalStart = intervals[i].IntervalStart.UTC()
	}
	if err := r.validate(intervals); err != nil {
		return err
	}
	now := s.now().UTC()
	r.Version, r.CreatedAt, r.UpdatedAt = 1, now, now
	r.Status, r.PublishedAt, r.PublishedBy, r.PublishedAuto = ForecastDraft, nil, nil, false
	r.CreatedBy = actorID(a)
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
			return translate(err, "forecast run")
		}
		for i := range intervals {
			intervals[i].RunID = r.ID
		}
		for start := 0; start < len(intervals); start += sqliteBatch {
			chunk := intervals[start:min(start+sqliteBatch, len(intervals))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return translate(err, "forecast interval")
			}
		}
		return audit(ctx, tx, now, a, "create", "forecast_run", r.ID, map[string]any{
			"queue_id": r.QueueID, "horizon_start": r.HorizonStart, "horizon_end": r.HorizonEnd,
			"method": r.Method, "intervals": len(intervals)})
	})
}

func actorID(a Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

// GetForecastRun reads a run (without its intervals).
func (s *Store) GetForecastRun(ctx context.Context, id int64) (*ForecastRun, error) {
	return getForecastRun(ctx, s.db, id)
}

func getForecastRun(ctx context.Context, db bun.IDB, id int64) (*ForecastRun, error) {
	var r ForecastRun
	err := db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("forecast run %d", id))
	}
	return &r, nil
}

// ForecastIntervals reads a run's intervals in time order.
func (s *Store) ForecastIntervals(ctx context.Context, runID int64) ([]ForecastInterval, error) {
	var out []ForecastInterval
	if err := s.db.NewSelect().Model(&out).Where("run_id = ?", runID).Order("interval_start").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read intervals of forecast run %d: %w", runID, err)
	}
	return out, nil
}

// ForecastRunFilter selects runs: a queue (0 = all), a status ("" = any).
type ForecastRunFilter struct {
	QueueID int64
	Status  string
	Limit   int
}

// ListForecastRuns returns runs, newest first.
func (s *Store) ListForecastRuns(ctx context.Context, f ForecastRunFilter) ([]ForecastRun, error) {
	if f.Status != "" && f.Status != ForecastDraft && f.Status != ForecastPublished {
		return nil, &fault.Error{Code: fault.Invalid, Message: "invalid filter", Fields: map[string]string{"status": fmt.Sprintf("%q is not draft or published", f.Status)}}
	}
	var out []ForecastRun
	q := s.db.NewSelect().Model(&out).OrderExpr("id DESC").Limit(int64(limitOrDefault(f.Limit)))
	if f.QueueID != 0 {
		q = q.Where("queue_id = ?", f.QueueID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list forecast runs: %w", err)
	}
	return out, nil
}

// ForecastOverride sets one interval of a draft by hand. A nil field is
// left as it is.
type ForecastOverride struct {
	IntervalStart time.Time `json:"interval_start"`
	Volume        *float64  `json:"volume"`
	AHTSeconds    *float64  `json:"aht_seconds"`
}

// GetForecastRunTx reads a run (without its intervals) inside the
// caller's transaction.
func (s *Store) GetForecastRunTx(ctx context.Context, db bun.IDB, id int64) (*ForecastRun, error) {
	return getForecastRun(ctx, db, id)
}

// BumpForecastRunTx moves a run to its next version inside the caller's
// transaction, if it is still at version (0: whatever version it is at);
// else a Conflict.
func (s *Store) BumpForecastRunTx(ctx context.Context, db bun.IDB, run *ForecastRun, version int64) error {
	now := s.now().UTC()
	if version != 0 && run.Version != version {
		return fault.Errorf(fault.Conflict, "forecast run %d was changed by someone else (version %d, you edited version %d): reload and try again", run.ID, run.Version, version)
	}
	res, err := db.NewUpdate().Model(run).Set("version = ?", run.Version+1).Set("updated_at = ?", now).
		WherePK().Where("version = ?", run.Version).Exec(ctx)
	if err != nil {
		return fmt.Errorf("update forecast run %d: %w", run.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Errorf(fault.Conflict, "forecast run %d was changed by someone else: reload and try again", run.ID)
	}
	run.Version, run.UpdatedAt = run.Version+1, now
	return nil
}

// ForecastIntervalTx reads the interval of a run starting at start inside
// the caller's transaction; NotFound when the run has none there.
func (s *Store) ForecastIntervalTx(ctx context.Context, db bun.IDB, runID int64, start time.Time) (*ForecastInterval, error) {
	var iv ForecastInterval
	err := db.NewSelect().Model(&iv).Where("run_id = ?", runID).Where("interval_start = ?", start.UTC()).Scan(ctx)
	if isNoRows(err) {
		return nil, fault.Errorf(fault.NotFound, "%s is not an interval of forecast run %d", start.UTC().Format(time.RFC3339), runID)
	}
	if err != nil {
		return nil, fmt.Errorf("read forecast interval: %w", err)
	}
	return &iv, nil
}

// SaveForecastOverrideTx writes an interval's override columns (the
// values set by hand, by whom, why and when) inside the caller's
// transaction.
func (s *Store) SaveForecastOverrideTx(ctx context.Context, db bun.IDB, iv *ForecastInterval) error {
	if _, err := db.NewUpdate().Model(iv).WherePK().
		Column("override_volume", "override_aht_seconds", "override_by", "override_reason", "override_at").Exec(ctx); err != nil {
		return fmt.Errorf("override forecast interval: %w", err)
	}
	return nil
}

// SaveForecastPublicationTx writes a run's publication columns (status,
// when, by whom, by the nightly job or not) inside the caller's
// transaction.
func (s *Store) SaveForecastPublicationTx(ctx context.Context, db bun.IDB, run *ForecastRun) error {
	if _, err := db.NewUpdate().Model(run).WherePK().
		Column("status", "published_at", "published_by", "published_auto").Exec(ctx); err != nil {
		return fmt.Errorf("publish forecast run %d: %w", run.ID, err)
	}
	return nil
}

// LatestPublication is the queue's most recent publication.
func (s *Store) LatestPublication(ctx context.Context, queueID int64) (*ForecastRun, error) {
	var r ForecastRun
	err := s.db.NewSelect().Model(&r).Where("queue_id = ?", queueID).Where("status = ?", ForecastPublished).
		OrderExpr("published_at DESC, id DESC").Limit(1).Scan(ctx)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("published forecast of queue %d", queueID))
	}
	return &r, nil
}

// PublishedRunsOver are the queue's published runs whose horizon overlaps
// [from, to), the last published first, without their intervals (only
// their id and horizon read). With madeBy set, only runs whose horizon
// starts at or before it (made from history ending then).
func (s *Store) PublishedRunsOver(ctx context.Context, queueID int64, from, to, madeBy time.Time) ([]ForecastRun, error) {
	var runs []ForecastRun
	q := s.db.NewSelect().Model(&runs).Column("id", "horizon_start", "horizon_end").
		Where("queue_id = ?", queueID).Where("status = ?", ForecastPublished).
		Where("horizon_start < ?", to.UTC()).Where("horizon_end > ?", from.UTC()).
		OrderExpr("published_at DESC, id DESC")
	if !madeBy.IsZero() {
		q = q.Where("horizon_start <= ?", madeBy.UTC())
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read publications of queue %d: %w", queueID, err)
	}
	return runs, nil
}

// ForecastIntervalsBetween reads a run's intervals starting in [from, to).
func (s *Store) ForecastIntervalsBetween(ctx context.Context, runID int64, from, to time.Time) ([]ForecastInterval, error) {
	var ivs []ForecastInterval
	if err := s.db.NewSelect().Model(&ivs).Where("run_id = ?", runID).
		Where("interval_start >= ?", from.UTC()).Where("interval_start < ?", to.UTC()).Scan(ctx); err != nil {
		return nil, fmt.Errorf("read published forecast %d: %w", runID, err)
	}
	return ivs, nil
}

// Calendar event kinds: forecast's special days, and anomalies (past days
// kept out of training).
var CalendarKinds = []string{"holiday", "campaign", "billing", "outage", "anomaly"}

// CalendarAnomaly is the kind of a past day to keep out of training.
const CalendarAnomaly = forecast.AnomalyKind

// CalendarEvent is a special day of a site, for one of its queues or all.
type CalendarEvent struct {
	bun.BaseModel `bun:"table:calendar_events"`
	Record
	SiteID     int64      `bun:"site_id,notnull" json:"site_id"`
	QueueID    *int64     `bun:"queue_id" json:"queue_id"`
	Date       civil.Date `bun:"date,type:text,notnull" json:"date"`
	Kind       string     `bun:"kind,notnull" json:"kind"`
	Name       string     `bun:"name,notnull" json:"name"`
	Multiplier *float64   `bun:"multiplier" json:"multiplier"`
}

// Validate checks the event's fields.
func (e *CalendarEvent) Validate() error {
	f := fault.FieldErrors{}
	if e.SiteID <= 0 {
		f.Add("site_id", "required")
	}
	if e.QueueID != nil && *e.QueueID <= 0 {
		f.Add("queue_id", "must be a queue id, or absent for every queue of the site")
	}
	if e.Date.IsZero() {
		f.Add("date", "required, a date YYYY-MM-DD")
	}
	if !oneOf(e.Kind, CalendarKinds) {
		f.Add("kind", "%q is not one of %v", e.Kind, CalendarKinds)
	}
	checkText(f, "name", e.Name, limits.Name)
	if e.Multiplier != nil {
		if e.Kind == CalendarAnomaly {
			f.Add("multiplier", "an anomaly is left out of training; it has no multiplier")
		} else if !limits.Finite(*e.Multiplier) || *e.Multiplier <= 0 || *e.Multiplier > 100 {
			f.Add("multiplier", "%v must be in (0, 100] (1.5 = 50%% more contacts)", *e.Multiplier)
		}
	}
	return f.Err("calendar event")
}

func (e *CalendarEvent) checkDates(f fault.FieldErrors, now time.Time) {
	checkDay(f, "date", e.Date, limits.Calendar, now)
}

// checkEventQueue refuses an event for a queue of another site.
func checkEventQueue(ctx context.Context, db bun.IDB, e *CalendarEvent) error {
	if e.QueueID == nil {
		return nil
	}
	var q Queue
	err := db.NewSelect().Model(&q).Column("id", "site_id").Where("id = ?", *e.QueueID).Scan(ctx)
	if isNoRows(err) {
		return &fault.Error{Code: fault.Invalid, Message: "invalid calendar event", Fields: map[string]string{"queue_id": fmt.Sprintf("no queue %d", *e.QueueID)}}
	}
	if err != nil {
		return fmt.Errorf("read queue %d: %w", *e.QueueID, err)
	}
	if q.SiteID != e.SiteID {
		return &fault.Error{Code: fault.Invalid, Message: "invalid calendar event", Fields: map[string]string{"queue_id": fmt.Sprintf("queue %d is not at site %d", q.ID, e.SiteID)}}
	}
	return nil
}

// CreateCalendarEvent adds a special day.
func (s *Store) CreateCalendarEvent(ctx context.Context, a Actor, e *CalendarEvent) error {
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := checkEventQueue(ctx, tx, e); err != nil {
			return err
		}
		return insertRecord(ctx, tx, s.now().UTC(), a, "calendar_event", e, e)
	})
}

// UpdateCalendarEvent writes e over the event with its id, at the version
// the editor read.
func (s *Store) UpdateCalendarEvent(ctx context.Context, a Actor, e *CalendarEvent) error {
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := checkEventQueue(ctx, tx, e); err != nil {
			return err
		}
		return updateRecord(ctx, tx, s.now().UTC(), a, "calendar_event", "update", e, e)
	})
}

// DeleteCalendarEvent removes the event at the given version.
func (s *Store) DeleteCalendarEvent(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "calendar_event", &CalendarEvent{}, id, version)
}

// GetCalendarEvent reads one event.
func (s *Store) GetCalendarEvent(ctx context.Context, id int64) (*CalendarEvent, error) {
	var e CalendarEvent
	if err := s.db.NewSelect().Model(&e).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, translate(err, fmt.Sprintf("calendar event %d", id))
	}
	return &e, nil
}

// CalendarFilter selects events: a site (0 = all), a queue (0 = any; an
// event for every queue of the queue's site is included), and dates in
// [From, To] ("" = open).
type CalendarFilter struct {
	SiteID   int64
	QueueID  int64
	From, To civil.Date
}

// ListCalendarEvents returns events by date.
func (s *Store) ListCalendarEvents(ctx context.Context, f CalendarFilter) ([]CalendarEvent, error) {
	var out []CalendarEvent
	q := s.db.NewSelect().Model(&out).Order("date", "id")
	if f.SiteID != 0 {
		q = q.Where("site_id = ?", f.SiteID)
	}
	if f.QueueID != 0 {
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("queue_id = ?", f.QueueID).
				WhereOr("queue_id IS NULL AND site_id = (SELECT site_id FROM queues WHERE id = ?)", f.QueueID)
		})
	}
	if !f.From.IsZero() {
		q = q.Where("date >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("date <= ?", f.To)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list calendar events: %w", err)
	}
	return out, nil
}

// AccuracyDay is how a queue's published forecast did on one local day:
// WAPE = sum|A-F| / sum A, MAPE over intervals with contacts, bias = (sum F
// - sum A) / sum A. A ratio without contacts to divide by is null.
type AccuracyDay struct {
	bun.BaseModel `bun:"table:forecast_accuracy"`
	QueueID       int64      `bun:"queue_id,pk" json:"queue_id"`
	Day           civil.Date `bun:"day,pk,type:text" json:"day"`
	Intervals     int        `bun:"intervals,notnull" json:"intervals"`
	Actual        float64    `bun:"actual,notnull" json:"actual"`
	Forecast      float64    `bun:"forecast,notnull" json:"forecast"`
	AbsError      float64    `bun:"abs_error,notnull" json:"abs_error"`
	WAPE          *float64   `bun:"wape" json:"wape"`
	MAPE          *float64   `bun:"mape" json:"mape"`
	Bias          *float64   `bun:"bias" json:"bias"`
	ComputedAt    time.Time  `bun:"computed_at,notnull" json:"computed_at"`
}

// AccuracyInterval is one interval's published forecast and actual.
type AccuracyInterval struct {
	bun.BaseModel `bun:"table:forecast_accuracy_intervals"`
	QueueID       int64      `bun:"queue_id,pk" json:"queue_id"`
	IntervalStart time.Time  `bun:"interval_start,pk" json:"interval_start"`
	Day           civil.Date `bun:"day,type:text,notnull" json:"day"`
	RunID         int64      `bun:"run_id,notnull" json:"run_id"`
	Forecast      float64    `bun:"forecast,notnull" json:"forecast"`
	Actual        float64    `bun:"actual,notnull" json:"actual"`
}

// SaveAccuracy replaces a queue's accuracy for one day, with its intervals.
func (s *Store) SaveAccuracy(ctx context.Context, day AccuracyDay, intervals []AccuracyInterval) error {
	day.ComputedAt = s.now().UTC()
	for _, p := range []*float64{day.WAPE, day.MAPE, day.Bias} {
		if p != nil && !limits.Finite(*p) {
			return fault.Errorf(fault.Invalid, "accuracy of queue %d on %s is not a finite number", day.QueueID, day.Day)
		}
	}
	for i := range intervals {
		intervals[i].QueueID, intervals[i].Day = day.QueueID, day.Day
		intervals[i].IntervalStart = intervals[i].IntervalStart.UTC()
	}
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*AccuracyDay)(nil)).Where("queue_id = ?", day.QueueID).Where("day = ?", day.Day).Exec(ctx); err != nil {
			return fmt.Errorf("clear accuracy: %w", err)
		}
		if _, err := tx.NewDelete().Model((*AccuracyInterval)(nil)).Where("queue_id = ?", day.QueueID).Where("day = ?", day.Day).Exec(ctx); err != nil {
			return fmt.Errorf("clear accuracy intervals: %w", err)
		}
		if _, err := tx.NewInsert().Model(&day).Exec(ctx); err != nil {
			return translate(err, "forecast accuracy")
		}
		for start := 0; start < len(intervals); start += sqliteBatch {
			chunk := intervals[start:min(start+sqliteBatch, len(intervals))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return translate(err, "forecast accuracy interval")
			}
		}
		return nil
	})
}

// AccuracyFilter selects accuracy: a queue (0 = all) and days in [From,
// To] ("" = open).
type AccuracyFilter struct {
	QueueID  int64
	From, To civil.Date
}

// AccuracyDays reads daily accuracy by queue and day.
func (s *Store) AccuracyDays(ctx context.Context, f AccuracyFilter) ([]AccuracyDay, error) {
	var out []AccuracyDay
	q := s.db.NewSelect().Model(&out).Order("queue_id", "day")
	q = accuracyWhere(q, f)
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read forecast accuracy: %w", err)
	}
	return out, nil
}

// AccuracyIntervals reads the judged intervals by queue and time.
func (s *Store) AccuracyIntervals(ctx context.Context, f AccuracyFilter) ([]AccuracyInterval, error) {
	var out []AccuracyInterval
	q := s.db.NewSelect().Model(&out).Order("queue_id", "interval_start")
	q = accuracyWhere(q, f)
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("read forecast accuracy intervals: %w", err)
	}
	return out, nil
}

func accuracyWhere(q *bun.SelectQuery, f AccuracyFilter) *bun.SelectQuery {
	if f.QueueID != 0 {
		q = q.Where("queue_id = ?", f.QueueID)
	}
	if !f.From.IsZero() {
		q = q.Where("day >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("day <= ?", f.To)
	}
	return q
}
