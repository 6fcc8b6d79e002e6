package store_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"wfm/fault"
	"wfm/store"
	"wfm/store/storetest"
)

// TestQueueTargets: a queue's abandonment and AHT targets are stored on
// both engines; a queue that sets none is held to its channel's default,
// which follows the channel; out-of-range targets are refused by name; a
// stale edit is a conflict.
func TestQueueTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, _, _ := center(t, st)
		got, err := st.GetQueue(ctx, q.ID)
		must(t, err)
		if got.AbandonTarget != nil || got.AHTTargetSeconds != nil {
			t.Errorf("a new queue sets targets: %v %v", got.AbandonTarget, got.AHTTargetSeconds)
		}
		if got.AbandonTargetRate() != 0.05 || got.AHTTarget() != 300 ||
			got.EffectiveAbandonTarget != 0.05 || got.EffectiveAHTTargetSeconds != 300 {
			t.Errorf("voice defaults: %v %d (read-only %v %d), want 0.05 300",
				got.AbandonTargetRate(), got.AHTTarget(), got.EffectiveAbandonTarget, got.EffectiveAHTTargetSeconds)
		}
		got.Channel, got.Concurrency = "chat", 3
		must(t, st.UpdateQueue(ctx, store.System, got))
		list, err := st.ListQueues(ctx)
		must(t, err)
		if list[0].EffectiveAbandonTarget != 0.10 || list[0].EffectiveAHTTargetSeconds != 600 {
			t.Errorf("chat defaults: %v %d, want 0.1 600", list[0].EffectiveAbandonTarget, list[0].EffectiveAHTTargetSeconds)
		}

		abandon, aht := 0.08, 540
		got.AbandonTarget, got.AHTTargetSeconds = &abandon, &aht
		must(t, st.UpdateQueue(ctx, store.System, got))
		stored, err := st.GetQueue(ctx, q.ID)
		must(t, err)
		if stored.AbandonTarget == nil || *stored.AbandonTarget != 0.08 || stored.AHTTargetSeconds == nil || *stored.AHTTargetSeconds != 540 ||
			stored.EffectiveAbandonTarget != 0.08 || stored.EffectiveAHTTargetSeconds != 540 {
			t.Errorf("stored targets %v %v (in force %v %d), want 0.08 540",
				stored.AbandonTarget, stored.AHTTargetSeconds, stored.EffectiveAbandonTarget, stored.EffectiveAHTTargetSeconds)
		}

		stale := *got // read at the version before the last save
		stale.Version--
		if err := st.UpdateQueue(ctx, store.System, &stale); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("stale edit of the targets: %v, want conflict", err)
		}

		for _, c := range []struct {
			name    string
			field   string
			abandon float64
			aht     int
		}{
			{"abandon 0", "abandon_target", 0, 300},
			{"abandon 1", "abandon_target", 1, 300},
			{"abandon -0.1", "abandon_target", -0.1, 300},
			{"abandon NaN", "abandon_target", math.NaN(), 300},
			{"aht 0", "aht_target_seconds", 0.05, 0},
			{"aht -5", "aht_target_seconds", 0.05, -5},
			{"aht 86401", "aht_target_seconds", 0.05, 86401},
		} {
			t.Run(c.name, func(t *testing.T) {
				bad := *stored
				bad.AbandonTarget, bad.AHTTargetSeconds = &c.abandon, &c.aht
				var e *fault.Error
				err := st.UpdateQueue(ctx, store.System, &bad)
				if !errors.As(err, &e) || e.Code != fault.Invalid || e.Fields[c.field] == "" || len(e.Fields) != 1 {
					t.Errorf("abandon %v aht %d: %v, want invalid naming only %s", c.abandon, c.aht, err, c.field)
				}
			})
		}
	})
}
