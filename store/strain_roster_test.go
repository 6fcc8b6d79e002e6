package store_test

import (
	"context"
	"testing"
	"time"

	"wfm/civil"
	"wfm/kpi"
	"wfm/measure"
	"wfm/rostering"
	"wfm/schedule"
	"wfm/store"
	"wfm/store/storetest"
)

// TestStrainFromTheRosters checks the two drivers the rosters feed: a
// shift moved so that the rest before the next day's shift falls three
// hours short of her rule adds the short_rest driver in full (10 points),
// and a change to the day's shift published 18 hours before it starts adds
// one short-notice change (2.5 points), while the same kind of change
// published weeks ahead adds nothing.
func TestStrainFromTheRosters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, _, ag := center(t, st)
		ag.Contract.MinRestMinutes = 660
		must(t, st.UpdateAgent(ctx, store.System, &ag))
		// She works 06:00-14:00 on 2026-03-03 (day 1): a state record, so
		// that the day has a rollup to compute strain from.
		importKPIInput(t, st, "contact_id,queue,arrived_at\n", "agent,state,start,end\nA1,available,2026-03-03 06:00:00,2026-03-03 14:00:00\n")
		noSchedule := func(context.Context, []int64, time.Time, time.Time) ([]kpi.Activity, error) { return nil, nil }
		_, err := measure.RollupKPIsAgainst(ctx, st, at("00:00").AddDate(0, 0, 1), at("00:00").AddDate(0, 0, 2), noSchedule)
		must(t, err)
		clock := func(s string) {
			t.Helper()
			c, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
			must(t, err)
			st.SetClock(func() time.Time { return c })
		}
		all := store.Scope{All: true}
		day1 := time.Date(2026, 3, 3, 12, 0, 0, 0, shanghai)
		factor := func(name kpi.StrainDriver) (float64, float64) {
			t.Helper()
			days, err := measure.ComputeStrainAgainst(ctx, st, day1, noSchedule)
			must(t, err)
			if len(days) != 1 || days[0].Day.String() != "2026-03-03" {
				t.Fatalf("strain days %+v", days)
			}
			for _, f := range days[0].Factors {
				if f.Driver == string(name) {
					return days[0].Index, f.Raw
				}
			}
			t.Fatalf("no %s factor in %+v", name, days[0].Factors)
			return 0, 0
		}

		// Weeks ahead: 06:00 shifts on both days, 16 hours of rest.
		clock("2026-02-10 09:00")
		wide := []schedule.Break{{DurationMinutes: 15, EarliestOffsetMinutes: 60, LatestOffsetMinutes: 360}}
		v := &store.ScheduleVersion{SiteID: site.ID, Problem: schedule.Problem{StartDate: civil.MustParse("2026-03-02"), Days: 2, IntervalMinutes: 15,
			Shifts: []schedule.Shift{{ID: "E", Start: "06:00", DurationMinutes: 480, Breaks: wide}, {ID: "L", Start: "14:00", DurationMinutes: 480, Breaks: wide}},
			Agents: []schedule.Agent{{ID: "A1"}}},
			Solution: schedule.Solution{Assignments: []schedule.Assignment{
				{Agent: "A1", Day: 0, Shift: "E", Start: "06:00", Breaks: []schedule.BreakPlacement{{Start: "09:00", DurationMinutes: 15}}},
				{Agent: "A1", Day: 1, Shift: "E", Start: "06:00", Breaks: []schedule.BreakPlacement{{Start: "09:00", DurationMinutes: 15}}},
			}}}
		must(t, rostering.CreateSchedule(ctx, st, store.System, all, v))
		pub, err := rostering.Publish(ctx, st, store.System, all, v.ID, v.Version)
		must(t, err)
		base, rest := factor(kpi.DriverRest)
		if _, notice := factor(kpi.DriverShortNotice); rest != 0 || notice != 0 {
			t.Fatalf("16 hours of rest, no edits: short_rest %v, short notice %v", rest, notice)
		}

		// Still weeks ahead, day 0 becomes a late shift (14:00-22:00): 8
		// hours of rest before day 1 against her 11: 3 hours short.
		publishEdit := func(v *store.ScheduleVersion, e rostering.ShiftEdit) *store.ScheduleVersion {
			t.Helper()
			e.Version, e.AgentID, e.Force = v.Version, ag.ID, true
			draft, err := rostering.EditSchedule(ctx, st, store.System, all, v.ID, e)
			must(t, err)
			pub, err := rostering.Publish(ctx, st, store.System, all, draft.ID, draft.Version)
			must(t, err)
			return pub
		}
		pub = publishEdit(pub, rostering.ShiftEdit{Date: civil.MustParse("2026-03-02"), Shift: "L", Start: "14:00"})
		short, rest := factor(kpi.DriverRest)
		if rest != (3*time.Hour).Seconds() || short-base != 10 {
			t.Errorf("3 hours short of rest: raw %v, index %v -> %v, want +10", rest, base, short)
		}
		if _, notice := factor(kpi.DriverShortNotice); notice != 0 {
			t.Errorf("a change to another day counts %v short-notice changes on day 1", notice)
		}

		// The day before, 18 hours ahead of day 1's 06:00 start, her break
		// is moved: one change at short notice.
		clock("2026-03-02 12:00")
		publishEdit(pub, rostering.ShiftEdit{Date: civil.MustParse("2026-03-03"), Shift: "E", Start: "06:00", Breaks: []schedule.BreakPlacement{{Start: "10:00", DurationMinutes: 15}}})
		late, notice := factor(kpi.DriverShortNotice)
		if notice != 1 || late-short != 2.5 {
			t.Errorf("a change 18 hours ahead: %v short-notice changes, index %v -> %v, want one and +2.5", notice, short, late)
		}
	})
}
