package planning

import (
	"context"
	"fmt"
	"math"
	"time"

	"wfm/fault"
	"wfm/staffing"
	"wfm/store"
)

// goalOf is the queue's service goal as staffing knows it.
func goalOf(q *store.Queue) staffing.Goal {
	g := staffing.Goal{ServiceLevel: q.SLTarget, ThresholdSeconds: float64(q.SLThresholdSeconds)}
	if q.ASATargetSeconds != nil {
		g.ASASeconds = float64(*q.ASATargetSeconds)
	}
	if q.MaxOccupancy != nil {
		g.MaxOccupancy = *q.MaxOccupancy
	}
	if q.PatienceSeconds != nil {
		g.PatienceSeconds = float64(*q.PatienceSeconds)
	}
	return g
}

// plannedInterval is one interval's volume and handle time to staff.
type plannedInterval struct {
	start  time.Time
	volume float64
	aht    float64
}

// requirementsOf staffs the intervals for the queue's goal: Erlang C (A
// with a patience), concurrency for chat, and deferred work for a queue
// with a response deadline at least one interval long (email).
func requirementsOf(q *store.Queue, ivs []plannedInterval, intervalSeconds int, source string) ([]store.Requirement, error) {
	sec := float64(intervalSeconds)
	loads := make([]staffing.Load, len(ivs))
	for i, iv := range ivs {
		loads[i] = staffing.Load{Volume: iv.volume, AHTSeconds: iv.aht, IntervalSeconds: sec}
	}
	out := make([]store.Requirement, len(ivs))
	if q.ResponseDeadlineSeconds != nil && float64(*q.ResponseDeadlineSeconds) >= sec {
		agents, err := staffing.Deferred(loads, float64(*q.ResponseDeadlineSeconds))
		if err != nil {
			return nil, fault.Errorf(fault.Invalid, "staff queue %s: %v", q.Code, err)
		}
		for i, iv := range ivs {
			x := agents[i]
			scheduled, err := staffing.Scheduled(int(math.Ceil(x-1e-9)), q.Shrinkage)
			if err != nil {
				return nil, fault.Errorf(fault.Invalid, "staff queue %s: %v", q.Code, err)
			}
			out[i] = store.Requirement{IntervalStart: iv.start, IntervalSeconds: intervalSeconds, Volume: iv.volume,
				AHTSeconds: iv.aht, Agents: int(math.Ceil(x - 1e-9)), Scheduled: round2(scheduled), Source: source}
		}
		return out, nil
	}
	plan := staffing.Plan{Goal: goalOf(q), Shrinkage: q.Shrinkage, Concurrency: q.Concurrency}
	for i, iv := range ivs {
		r, err := plan.Requirement(loads[i])
		if err != nil {
			return nil, fault.Errorf(fault.Invalid, "staff queue %s at %s: %v", q.Code, iv.start.UTC().Format(time.RFC3339), err)
		}
		out[i] = requirementRow(iv, intervalSeconds, r, source)
	}
	return out, nil
}

func requirementRow(iv plannedInterval, intervalSeconds int, r staffing.Requirement, source string) store.Requirement {
	row := store.Requirement{IntervalStart: iv.start, IntervalSeconds: intervalSeconds, Volume: iv.volume, AHTSeconds: iv.aht,
		Agents: r.Agents, Scheduled: round2(r.Scheduled), Source: source}
	if iv.volume > 0 {
		p := r.Performance
		row.ServiceLevel, row.Occupancy, row.AbandonRate = &p.ServiceLevel, &p.Occupancy, &p.AbandonRate
		if p.Stable {
			row.ASASeconds = &p.ASASeconds
		}
	}
	return row
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// RequirementsRequest asks for a queue's requirements over [From, To) to
// be computed again from its published forecast, or from one run.
type RequirementsRequest struct {
	QueueID int64     `json:"queue_id"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	RunID   int64     `json:"run_id"` // 0: the published forecast
}

// maxRequirementsSpan is the longest window recomputed at once: a year,
// the longest horizon a forecast has.
const maxRequirementsSpan = 366 * 24 * time.Hour

func (r RequirementsRequest) validate() error {
	f := fault.FieldErrors{}
	if r.QueueID <= 0 {
		f.Add("queue_id", "required")
	}
	if r.From.IsZero() {
		f.Add("from", "required")
	}
	switch {
	case r.To.IsZero():
		f.Add("to", "required")
	case !r.To.After(r.From):
		f.Add("to", "must be after from")
	case r.To.Sub(r.From) > maxRequirementsSpan:
		f.Add("to", "at most %v after from", maxRequirementsSpan)
	}
	return f.Err("request")
}

// Requirements staffs a queue over [From, To) from its published forecast
// (RunID 0) or from one run, and writes the requirements over the span the
// forecast covers. It returns how many intervals were written.
func Requirements(ctx context.Context, st *store.Store, a store.Actor, req RequirementsRequest) (int, error) {
	if err := req.validate(); err != nil {
		return 0, err
	}
	return staffForecast(ctx, st, a, req.QueueID, req.From, req.To, req.RunID)
}

// staffForecast is Requirements for a window known to be good: a run's
// horizon, as publishing and the nightly chain staff it.
func staffForecast(ctx context.Context, st *store.Store, a store.Actor, queueID int64, from, to time.Time, runID int64) (int, error) {
	qp, err := loadQueue(ctx, st, queueID)
	if err != nil {
		return 0, err
	}
	var fivs []store.ForecastInterval
	source := ""
	intervalSeconds := 0
	if runID != 0 {
		run, ivs, err := runIntervals(ctx, st, queueID, runID, from, to, "invalid request")
		if err != nil {
			return 0, err
		}
		fivs, source, intervalSeconds = ivs, fmt.Sprintf("forecast run %d", runID), run.IntervalSeconds
	} else if fivs, intervalSeconds, err = publishedWithInterval(ctx, st, queueID, from, to); err != nil {
		return 0, err
	}
	if len(fivs) == 0 {
		return 0, fault.Errorf(fault.NotFound, "queue %s has no forecast between %s and %s", qp.queue.Code,
			from.In(qp.loc).Format(time.RFC3339), to.In(qp.loc).Format(time.RFC3339))
	}
	planned := make([]plannedInterval, len(fivs))
	for i, iv := range fivs {
		planned[i] = plannedInterval{start: iv.IntervalStart, volume: iv.PlannedVolume(), aht: iv.PlannedAHT()}
	}
	rows, err := requirementsOf(qp.queue, planned, intervalSeconds, source)
	if err != nil {
		return 0, err
	}
	if source == "" { // each interval names the publication it came from
		for i := range rows {
			rows[i].Source = fmt.Sprintf("published forecast %d", fivs[i].RunID)
		}
	}
	last := fivs[len(fivs)-1].IntervalStart.Add(time.Duration(intervalSeconds) * time.Second)
	if err := st.ReplaceRequirements(ctx, a, queueID, fivs[0].IntervalStart, last, rows); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// runIntervals reads forecast run runID, which must be of the queue (else
// the request, named by invalid, is invalid), and its intervals that start
// in [from, to).
func runIntervals(ctx context.Context, st *store.Store, queueID, runID int64, from, to time.Time, invalid string) (*store.ForecastRun, []store.ForecastInterval, error) {
	run, err := st.GetForecastRun(ctx, runID)
	if err != nil {
		return nil, nil, err
	}
	if run.QueueID != queueID {
		return nil, nil, &fault.Error{Code: fault.Invalid, Message: invalid, Fields: map[string]string{"run_id": fmt.Sprintf("forecast run %d is not of queue %d", runID, queueID)}}
	}
	all, err := st.ForecastIntervals(ctx, runID)
	if err != nil {
		return nil, nil, err
	}
	var fivs []store.ForecastInterval
	for _, iv := range all {
		if !iv.IntervalStart.Before(from) && iv.IntervalStart.Before(to) {
			fivs = append(fivs, iv)
		}
	}
	return run, fivs, nil
}

// publishedWithInterval is the published forecast over [from, to) and its
// interval in seconds (the run of its last interval's; 0 without one).
func publishedWithInterval(ctx context.Context, st *store.Store, queueID int64, from, to time.Time) ([]store.ForecastInterval, int, error) {
	fivs, err := PublishedIntervals(ctx, st, queueID, from, to, time.Time{})
	if err != nil || len(fivs) == 0 {
		return fivs, 0, err
	}
	run, err := st.GetForecastRun(ctx, fivs[len(fivs)-1].RunID)
	if err != nil {
		return nil, 0, err
	}
	return fivs, run.IntervalSeconds, nil
}
