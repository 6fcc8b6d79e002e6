package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"wfm/measure"
	"wfm/people"
	"wfm/store"
)

// RollupDay recomputes the stored KPI counts of the local day daysBack
// before now's (0: today so far, 1: yesterday) of every site, each in its
// own zone, and flags that day's high-risk contacts to their supervisors.
// The periodic jobs run it as one part per site (RollupSiteDay).
func RollupDay(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time, daysBack int) error {
	sites, err := st.ListSites(ctx)
	if err != nil {
		return err
	}
	for _, site := range sites {
		if err := RollupSiteDay(ctx, st, log, site.ID, now, daysBack); err != nil {
			return fmt.Errorf("site %s: %w", site.Name, err)
		}
	}
	return nil
}

// RollupSiteDay is RollupDay for one site: the part one replica runs.
func RollupSiteDay(ctx context.Context, st *store.Store, log *slog.Logger, siteID int64, now time.Time, daysBack int) error {
	res, err := measure.RollupSiteDay(ctx, st, siteID, now, daysBack)
	if err != nil {
		return err
	}
	// The high-risk flags are raised once per contact (their alerts are
	// deduplicated), so the parts of sites whose days overlap may look at
	// the same contacts without flagging them twice.
	flagged, err := people.FlagHighRiskContacts(ctx, st, res.From, res.To)
	if err != nil {
		return err
	}
	log.Info("KPI rollup", "site", siteID, "from", res.From, "to", res.To, "contacts", res.Contacts, "intervals", res.Intervals,
		"agent_days", res.AgentDays, "high_risk_flagged", flagged)
	return nil
}

// StrainAlerts computes every agent's strain index for the local day before
// now's (after the nightly rollup) and alerts supervisors of those above
// the threshold. The periodic job runs it as one part per site
// (SiteStrainAlerts).
func StrainAlerts(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time) error {
	sites, err := st.ListSites(ctx)
	if err != nil {
		return err
	}
	for _, site := range sites {
		if err := SiteStrainAlerts(ctx, st, log, site.ID, now); err != nil {
			return fmt.Errorf("site %s: %w", site.Name, err)
		}
	}
	return nil
}

// SiteStrainAlerts is StrainAlerts for the agents of one site.
func SiteStrainAlerts(ctx context.Context, st *store.Store, log *slog.Logger, siteID int64, now time.Time) error {
	days, err := measure.ComputeSiteStrain(ctx, st, siteID, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	alerts := 0
	for _, d := range days {
		if d.Alert {
			alerts++
		}
	}
	log.Info("strain computed", "site", siteID, "agent_days", len(days), "alerts", alerts)
	return nil
}

// MonthlyReviews drafts the review of every active agent for the month
// before now's.
func MonthlyReviews(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time) error {
	cycle := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0).Format("2006-01")
	n, err := people.GenerateReviews(ctx, st, cycle)
	log.Info("review drafts generated", "cycle", cycle, "reviews", n)
	return err
}

// ComplaintReminders alerts supervisors of complaint cases whose 24-hour
// customer follow-up is overdue at now.
func ComplaintReminders(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time) error {
	n, err := people.FlagOverdueComplaints(ctx, st, now)
	if n > 0 {
		log.Info("overdue complaint follow-ups flagged", "cases", n)
	}
	return err
}
