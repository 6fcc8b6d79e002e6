// Package planning holds the planning workflows: forecasting queues from
// their stored history (the method, the special days, the site's public
// holidays), publishing a forecast, staffing requirements from it (Erlang
// C or A, shrinkage, occupancy, chat concurrency, deferred work),
// reforecasting the rest of today, judging published forecasts against
// what came, the nightly chain and what-ifs. The front doors, the jobs and
// the demo call these use cases; the store keeps the data, forecast and
// staffing compute.
package planning

import (
	"context"
	"fmt"
	"time"

	"wfm/store"
)

// queuePlan is a queue with what planning needs to know about it.
type queuePlan struct {
	queue *store.Queue
	loc   *time.Location
	// holidays is the country whose public holidays the site keeps ("":
	// none); detect says to find them from the history when the site's
	// setting is auto and its zone names no country.
	holidays string
	detect   bool
}

func loadQueue(ctx context.Context, st *store.Store, id int64) (queuePlan, error) {
	q, err := st.GetQueue(ctx, id)
	if err != nil {
		return queuePlan{}, err
	}
	site, err := st.GetSite(ctx, q.SiteID)
	if err != nil {
		return queuePlan{}, fmt.Errorf("site of queue %s: %w", q.Code, err)
	}
	country := HolidayCountry(site)
	detect := country == "" && site.PublicHolidays != store.HolidaysNone
	return queuePlan{queue: q, loc: site.Location(), holidays: country, detect: detect}, nil
}

func midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
