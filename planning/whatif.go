package planning

import (
	"context"
	"time"

	"wfm/fault"
	"wfm/limits"
	"wfm/store"
)

// GoalChange replaces parts of a queue's service goal in a what-if.
type GoalChange struct {
	SLTarget           *float64 `json:"sl_target"`
	SLThresholdSeconds *int     `json:"sl_threshold_seconds"`
	ASATargetSeconds   *int     `json:"asa_target_seconds"`
	MaxOccupancy       *float64 `json:"max_occupancy"`
	PatienceSeconds    *int     `json:"patience_seconds"`
}

// WhatIfRequest asks what a queue would need over [From, To) if its
// published forecast (or run RunID) and its goal were changed.
type WhatIfRequest struct {
	QueueID      int64      `json:"queue_id"`
	From         time.Time  `json:"from"`
	To           time.Time  `json:"to"`
	RunID        int64      `json:"run_id"` // 0: the published forecast
	VolumeFactor *float64   `json:"volume_factor"`
	AHTFactor    *float64   `json:"aht_factor"`
	Goal         GoalChange `json:"goal"`
	Shrinkage    *float64   `json:"shrinkage"`
	Concurrency  *int       `json:"concurrency"`
	// HoursPerFTEWeek is what one full-time agent works in a week; 0
	// means 40.
	HoursPerFTEWeek float64 `json:"hours_per_fte_week"`
}

// WhatIfAnswer is the changed plan's requirement per interval and in total,
// beside the unchanged plan's totals.
type WhatIfAnswer struct {
	QueueID            int64               `json:"queue_id"`
	Intervals          []store.Requirement `json:"intervals"`
	ScheduledHours     float64             `json:"scheduled_hours"`
	FTE                float64             `json:"fte"`
	BaseScheduledHours float64             `json:"base_scheduled_hours"`
	BaseFTE            float64             `json:"base_fte"`
}

func (r WhatIfRequest) validate() error {
	f := fault.FieldErrors{}
	if r.QueueID <= 0 {
		f.Add("queue_id", "required")
	}
	if r.From.IsZero() {
		f.Add("from", "required")
	}
	if r.To.IsZero() || !r.To.After(r.From) {
		f.Add("to", "required, after from")
	} else if r.To.Sub(r.From) > 366*24*time.Hour {
		f.Add("to", "at most a year after from")
	}
	positive := func(field string, v *float64, most float64) {
		if v != nil && (!limits.Finite(*v) || *v <= 0 || *v > most) {
			f.Add(field, "%v must be above 0 and at most %v", *v, most)
		}
	}
	positive("volume_factor", r.VolumeFactor, 100)
	positive("aht_factor", r.AHTFactor, 100)
	positive("goal.sl_target", r.Goal.SLTarget, 1)
	if r.Goal.SLTarget != nil && *r.Goal.SLTarget >= 1 {
		f.Add("goal.sl_target", "%v must be below 1 (0.8 = 80%%)", *r.Goal.SLTarget)
	}
	positive("goal.max_occupancy", r.Goal.MaxOccupancy, 1)
	for field, v := range map[string]*int{"goal.sl_threshold_seconds": r.Goal.SLThresholdSeconds,
		"goal.asa_target_seconds": r.Goal.ASATargetSeconds, "goal.patience_seconds": r.Goal.PatienceSeconds} {
		if v != nil && (*v <= 0 || *v > 86400) {
			f.Add(field, "%d must be 1 to 86400 seconds", *v)
		}
	}
	if r.Shrinkage != nil && (!limits.Finite(*r.Shrinkage) || *r.Shrinkage < 0 || *r.Shrinkage >= 1) {
		f.Add("shrinkage", "%v must be in [0, 1)", *r.Shrinkage)
	}
	if r.Concurrency != nil && (*r.Concurrency < 1 || *r.Concurrency > 20) {
		f.Add("concurrency", "%d must be 1 to 20", *r.Concurrency)
	}
	if r.HoursPerFTEWeek < 0 || r.HoursPerFTEWeek > 168 || !limits.Finite(r.HoursPerFTEWeek) {
		f.Add("hours_per_fte_week", "%v must be in (0, 168] (0 = 40)", r.HoursPerFTEWeek)
	}
	return f.Err("what-if")
}

// WhatIf answers a what-if without saving anything: the same staffing as
// the stored requirements, on the changed forecast and goal.
func WhatIf(ctx context.Context, st *store.Store, req WhatIfRequest) (*WhatIfAnswer, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	qp, err := loadQueue(ctx, st, req.QueueID)
	if err != nil {
		return nil, err
	}
	fivs, err := req.forecast(ctx, st)
	if err != nil {
		return nil, err
	}
	if len(fivs) == 0 {
		return nil, fault.Errorf(fault.NotFound, "queue %s has no forecast between %s and %s", qp.queue.Code,
			req.From.In(qp.loc).Format(time.RFC3339), req.To.In(qp.loc).Format(time.RFC3339))
	}
	run, err := st.GetForecastRun(ctx, fivs[0].RunID)
	if err != nil {
		return nil, err
	}
	base, changed := req.plans(fivs)
	q := req.changedQueue(*qp.queue)
	baseRows, err := requirementsOf(qp.queue, base, run.IntervalSeconds, "what-if")
	if err != nil {
		return nil, err
	}
	rows, err := requirementsOf(&q, changed, run.IntervalSeconds, "what-if")
	if err != nil {
		return nil, err
	}
	out := &WhatIfAnswer{QueueID: req.QueueID, Intervals: rows}
	for i := range rows {
		rows[i].QueueID = req.QueueID
		hours := float64(rows[i].IntervalSeconds) / 3600
		out.ScheduledHours += rows[i].Scheduled * hours
		out.BaseScheduledHours += baseRows[i].Scheduled * hours
	}
	hoursPerFTE := req.hoursPerFTE()
	out.FTE, out.BaseFTE = out.ScheduledHours/hoursPerFTE, out.BaseScheduledHours/hoursPerFTE
	return out, nil
}

// forecast is the forecast the what-if changes, over [From, To): run
// RunID's intervals (a run of the queue), else the published forecast.
func (r WhatIfRequest) forecast(ctx context.Context, st *store.Store) ([]store.ForecastInterval, error) {
	if r.RunID == 0 {
		return PublishedIntervals(ctx, st, r.QueueID, r.From, r.To, time.Time{})
	}
	_, fivs, err := runIntervals(ctx, st, r.QueueID, r.RunID, r.From, r.To, "invalid what-if")
	return fivs, err
}

// plans are the forecast as planned (base) and with the request's volume
// and handle-time factors (changed).
func (r WhatIfRequest) plans(fivs []store.ForecastInterval) (base, changed []plannedInterval) {
	base = make([]plannedInterval, len(fivs))
	changed = make([]plannedInterval, len(fivs))
	for i, iv := range fivs {
		base[i] = plannedInterval{start: iv.IntervalStart, volume: iv.PlannedVolume(), aht: iv.PlannedAHT()}
		changed[i] = base[i]
		if r.VolumeFactor != nil {
			changed[i].volume *= *r.VolumeFactor
		}
		if r.AHTFactor != nil {
			changed[i].aht *= *r.AHTFactor
		}
	}
	return base, changed
}

// changedQueue is q with the request's goal, shrinkage and concurrency.
func (r WhatIfRequest) changedQueue(q store.Queue) store.Queue {
	g := r.Goal
	if g.SLTarget != nil {
		q.SLTarget = *g.SLTarget
	}
	if g.SLThresholdSeconds != nil {
		q.SLThresholdSeconds = *g.SLThresholdSeconds
	}
	if g.ASATargetSeconds != nil {
		q.ASATargetSeconds = g.ASATargetSeconds
	}
	if g.MaxOccupancy != nil {
		q.MaxOccupancy = g.MaxOccupancy
	}
	if g.PatienceSeconds != nil {
		q.PatienceSeconds = g.PatienceSeconds
	}
	if r.Shrinkage != nil {
		q.Shrinkage = *r.Shrinkage
	}
	if r.Concurrency != nil {
		q.Concurrency = *r.Concurrency
	}
	return q
}

// hoursPerFTE is what one full-time agent works over [From, To).
func (r WhatIfRequest) hoursPerFTE() float64 {
	week := r.HoursPerFTEWeek
	if week == 0 {
		week = 40
	}
	return week * r.To.Sub(r.From).Hours() / (7 * 24)
}
