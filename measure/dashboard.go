package measure

import (
	"context"
	"time"

	"wfm/store"
)

// MaxDashboardDays bounds the days one dashboard shows (30 days of
// 15-minute intervals render in well under the 300 ms budget; see the web's
// BenchmarkDashboard30Days4Queues).
const MaxDashboardDays = 31

// DashboardWindow is the days a queue's dashboard shows (local midnights,
// To included) and the queue's history intervals in them.
type DashboardWindow struct {
	From, To time.Time
	Rows     []store.HistoryInterval
	Capped   bool // the days asked for were more than MaxDashboardDays: the last of them
}

// DashboardHistory reads a queue's history for the days from to to
// (local midnights in loc, to included). No days asked for (from zero):
// the last week with data, ending on the last day with history (today,
// at now, when there is none), not an empty "this week": imported
// history is often older.
func DashboardHistory(ctx context.Context, st *store.Store, queueID int64, from, to time.Time, loc *time.Location, now time.Time) (DashboardWindow, error) {
	if !from.IsZero() {
		w := DashboardWindow{From: from, To: to}
		if to.Sub(from) > MaxDashboardDays*24*time.Hour {
			w.From, w.Capped = to.AddDate(0, 0, -(MaxDashboardDays-1)), true
		}
		var err error
		w.Rows, err = st.History(ctx, store.HistoryFilter{QueueID: queueID, From: w.From, To: w.To.AddDate(0, 0, 1)})
		return w, err
	}
	all, err := st.History(ctx, store.HistoryFilter{QueueID: queueID})
	if err != nil {
		return DashboardWindow{}, err
	}
	to = now.In(loc)
	if len(all) > 0 {
		to = all[len(all)-1].IntervalStart.In(loc)
	}
	to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, loc)
	w := DashboardWindow{From: to.AddDate(0, 0, -6), To: to}
	for _, r := range all {
		if !r.IntervalStart.Before(w.From) && r.IntervalStart.Before(to.AddDate(0, 0, 1)) {
			w.Rows = append(w.Rows, r)
		}
	}
	return w, nil
}
