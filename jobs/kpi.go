package jobs

import (
	"context"
	"log/slog"
	"time"

	"wfm/measure"
	"wfm/people"
	"wfm/store"
)

// RollupDay recomputes the stored KPI counts of the local day daysBack
// before now's (0: today so far, 1: yesterday) in every site's zone, and
// flags that day's high-risk contacts to their supervisors.
func RollupDay(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time, daysBack int) error {
	from, to, err := st.DayWindow(ctx, now, daysBack)
	if err != nil {
		return err
	}
	res, err := measure.RollupKPIs(ctx, st, from, to)
	if err != nil {
		return err
	}
	flagged, err := people.FlagHighRiskContacts(ctx, st, from, to)
	if err != nil {
		return err
	}
	log.Info("KPI rollup", "from", res.From, "to", res.To, "contacts", res.Contacts, "intervals", res.Intervals,
		"agent_days", res.AgentDays, "high_risk_flagged", flagged)
	return nil
}

// StrainAlerts computes every agent's strain index for the local day before
// now's (after the nightly rollup) and alerts supervisors of those above
// the threshold.
func StrainAlerts(ctx context.Context, st *store.Store, log *slog.Logger, now time.Time) error {
	days, err := measure.ComputeStrain(ctx, st, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	alerts := 0
	for _, d := range days {
		if d.Alert {
			alerts++
		}
	}
	log.Info("strain computed", "agent_days", len(days), "alerts", alerts)
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
