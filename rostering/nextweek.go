package rostering

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wfm/civil"
	"wfm/store"
)

// rosterWeekDays is the period the nightly draft covers: one week from
// Monday.
const rosterWeekDays = 7

// nextMonday is the date of the first Monday after now's local date.
func nextMonday(now time.Time, loc *time.Location) civil.Date {
	return civil.Of(now, loc).Monday().AddDays(7)
}

// DraftResult is what drafting next week's roster did for one site.
type DraftResult struct {
	SiteID    int64
	StartDate civil.Date
	Schedule  *store.ScheduleVersion // nil when skipped or failed
	Skipped   string                 // why nothing was built
	Err       error
}

// DraftNextWeek builds, for each site, a draft roster of next week (in the
// site's zone) unless a draft or published roster for that week already
// exists. A site that fails does not stop the others; the first error is
// returned after all were tried.
func DraftNextWeek(ctx context.Context, st *store.Store, now time.Time, opt BuildOptions) ([]DraftResult, error) {
	sites, err := st.ListSites(ctx)
	if err != nil {
		return nil, err
	}
	var out []DraftResult
	var errs []error
	for _, site := range sites {
		r, err := DraftSiteNextWeek(ctx, st, site.ID, now, opt)
		if r.Err != nil {
			errs = append(errs, err)
		} else if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, errors.Join(errs...)
}

// DraftSiteNextWeek is DraftNextWeek for one site (the job engine's unit
// of that work, so that replicas share the sites): it builds next week's
// draft unless a draft or published roster for that week exists. The
// error is the build's (also in the result's Err) or the reading's.
func DraftSiteNextWeek(ctx context.Context, st *store.Store, siteID int64, now time.Time, opt BuildOptions) (DraftResult, error) {
	site, err := st.GetSite(ctx, siteID)
	if err != nil {
		return DraftResult{SiteID: siteID}, err
	}
	r := DraftResult{SiteID: site.ID, StartDate: nextMonday(now, site.Location())}
	existing, err := st.ListScheduleVersions(ctx, store.Scope{All: true}, store.ScheduleFilter{SiteID: site.ID, From: r.StartDate, To: r.StartDate.AddDays(rosterWeekDays)})
	if err != nil {
		return r, err
	}
	for _, v := range existing {
		if v.StartDate == r.StartDate && v.Status != store.ScheduleSuperseded {
			r.Skipped = fmt.Sprintf("a %s roster (%d) exists for that week", v.Status, v.ID)
		}
	}
	if r.Skipped != "" {
		return r, nil
	}
	r.Schedule, r.Err = BuildDraft(ctx, st, store.System, site.ID, r.StartDate, rosterWeekDays, opt)
	if r.Err != nil {
		return r, fmt.Errorf("site %s: %w", site.Name, r.Err)
	}
	return r, nil
}
