package planning

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"wfm/fault"
	"wfm/limits"
	"wfm/store"
)

// A forecast run is a draft until it is published; a published run is a
// snapshot, kept for ever and never changed. A newer publication of a
// queue supersedes the older ones where their horizons overlap.

// OverrideForecast sets intervals of a draft run by hand, with the reason,
// at the version of the run the planner read; the change is audited with
// the values before and after. Published runs are snapshots: refused.
func OverrideForecast(ctx context.Context, st *store.Store, a store.Actor, runID, version int64, reason string, overrides []store.ForecastOverride) (*store.ForecastRun, error) {
	if err := checkOverrides(reason, overrides); err != nil {
		return nil, err
	}
	var run *store.ForecastRun
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if run, err = st.GetForecastRunTx(ctx, tx, runID); err != nil {
			return err
		}
		if run.Status != store.ForecastDraft {
			return fault.Errorf(fault.Conflict, "forecast run %d is published: a published forecast is a snapshot and is not changed; run a new forecast to change it", runID)
		}
		if err := st.BumpForecastRunTx(ctx, tx, run, version); err != nil {
			return err
		}
		now := st.Now().UTC()
		changes := make([]map[string]any, 0, len(overrides))
		for i, o := range overrides {
			iv, err := st.ForecastIntervalTx(ctx, tx, runID, o.IntervalStart)
			if fault.CodeOf(err) == fault.NotFound {
				return &fault.Error{Code: fault.Invalid, Message: "invalid override", Fields: map[string]string{
					fmt.Sprintf("intervals[%d].interval_start", i): fmt.Sprintf("%s is not an interval of forecast run %d",
						o.IntervalStart.UTC().Format(time.RFC3339), runID)}}
			}
			if err != nil {
				return err
			}
			change := map[string]any{"interval_start": iv.IntervalStart, "volume_before": iv.PlannedVolume(), "aht_before": iv.PlannedAHT()}
			if o.Volume != nil {
				iv.OverrideVolume = o.Volume
			}
			if o.AHTSeconds != nil {
				iv.OverrideAHTSeconds = o.AHTSeconds
			}
			why, at := reason, now
			iv.OverrideBy, iv.OverrideReason, iv.OverrideAt = a.Ref(), &why, &at
			if err := st.SaveForecastOverrideTx(ctx, tx, iv); err != nil {
				return err
			}
			change["volume_after"], change["aht_after"] = iv.PlannedVolume(), iv.PlannedAHT()
			changes = append(changes, change)
		}
		return st.Audit(ctx, tx, a, "override", "forecast_run", runID, map[string]any{"reason": reason, "intervals": changes})
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// checkOverrides checks an override's reason and values before anything
// is read: every problem in one error.
func checkOverrides(reason string, overrides []store.ForecastOverride) error {
	f := fault.FieldErrors{}
	if reason == "" {
		f.Add("reason", "required: say why the forecast is changed by hand")
	} else if err := limits.Note.Check(reason); err != nil {
		f.Add("reason", "%v", err)
	}
	if len(overrides) == 0 {
		f.Add("intervals", "give at least one interval to override")
	}
	for i, o := range overrides {
		field := fmt.Sprintf("intervals[%d]", i)
		if o.IntervalStart.IsZero() {
			f.Add(field+".interval_start", "required")
		}
		if o.Volume == nil && o.AHTSeconds == nil {
			f.Add(field, "give volume, aht_seconds or both")
		}
		if o.Volume != nil && (!limits.Finite(*o.Volume) || *o.Volume < 0 || *o.Volume > store.MaxVolume) {
			f.Add(field+".volume", "%v is not a volume", *o.Volume)
		}
		if o.AHTSeconds != nil && (!limits.Finite(*o.AHTSeconds) || *o.AHTSeconds <= 0 || *o.AHTSeconds > 86400) {
			f.Add(field+".aht_seconds", "%v is not a handle time in seconds", *o.AHTSeconds)
		}
	}
	return f.Err("override")
}

// PublishRun makes a draft the published forecast of its queue (version
// 0: whatever version it is at). auto marks a publication by the nightly
// job rather than by a person. A run is published once.
func PublishRun(ctx context.Context, st *store.Store, a store.Actor, runID, version int64, auto bool) (*store.ForecastRun, error) {
	var run *store.ForecastRun
	err := st.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if run, err = st.GetForecastRunTx(ctx, tx, runID); err != nil {
			return err
		}
		if run.Status == store.ForecastPublished {
			return fault.Errorf(fault.Conflict, "forecast run %d is already published (at %s)", runID, run.PublishedAt.UTC().Format(time.RFC3339))
		}
		if err := st.BumpForecastRunTx(ctx, tx, run, version); err != nil {
			return err
		}
		at := run.UpdatedAt // the bump's instant
		run.Status, run.PublishedAt, run.PublishedBy, run.PublishedAuto = store.ForecastPublished, &at, a.Ref(), auto
		if err := st.SaveForecastPublicationTx(ctx, tx, run); err != nil {
			return err
		}
		return st.Audit(ctx, tx, a, "publish", "forecast_run", runID, map[string]any{
			"queue_id": run.QueueID, "horizon_start": run.HorizonStart, "horizon_end": run.HorizonEnd, "auto": auto})
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// PublishedIntervals is the queue's published forecast over [from, to):
// for each interval, the one of the most recent publication that covers
// it. With madeBy set, only runs made from history ending at or before it
// count (horizon_start <= madeBy): the forecast as it stood then, which is
// what accuracy is judged on.
//
// Publications pile up (one a night per queue, kept for ever), so the
// runs are walked newest first and each is read only where no newer one
// covers the window: usually one or two reads.
func PublishedIntervals(ctx context.Context, st *store.Store, queueID int64, from, to, madeBy time.Time) ([]store.ForecastInterval, error) {
	runs, err := st.PublishedRunsOver(ctx, queueID, from, to, madeBy)
	if err != nil {
		return nil, err
	}
	type span struct{ from, to time.Time }
	open := []span{{from.UTC(), to.UTC()}} // not yet covered by a newer publication
	var out []store.ForecastInterval
	for _, r := range runs {
		var rest []span
		for _, sp := range open {
			lo, hi := latest(sp.from, r.HorizonStart), earliest(sp.to, r.HorizonEnd)
			if !lo.Before(hi) {
				rest = append(rest, sp)
				continue
			}
			ivs, err := st.ForecastIntervalsBetween(ctx, r.ID, lo, hi)
			if err != nil {
				return nil, err
			}
			out = append(out, ivs...)
			if sp.from.Before(lo) {
				rest = append(rest, span{sp.from, lo})
			}
			if hi.Before(sp.to) {
				rest = append(rest, span{hi, sp.to})
			}
		}
		if open = rest; len(open) == 0 {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].IntervalStart.Before(out[j].IntervalStart) })
	return out, nil
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
