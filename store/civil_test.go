package store_test

import (
	"context"
	"testing"
	"time"

	"wfm/civil"
	"wfm/store"
	"wfm/store/storetest"
)

// The zero Date is stored as the empty text, not NULL: a time-off
// allowance for every day is the key (team, ”), and a weekly preference
// has date ” in a NOT NULL column that the queries read as such.
func TestAZeroDayIsStoredAsEmptyText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, ag := center(t, st)
		all := store.Scope{All: true}
		day := civil.Of(time.Now(), nil).AddDays(3)
		must(t, st.SetTimeOffAllowance(ctx, store.System, all, team.ID, civil.Date{}, 2))
		must(t, st.SetTimeOffAllowance(ctx, store.System, all, team.ID, day, 0))
		must(t, st.SetTimeOffAllowance(ctx, store.System, all, team.ID, civil.Date{}, 3)) // the same key: changed
		list, err := st.ListTimeOffAllowances(ctx, all, team.ID)
		if err != nil || len(list) != 2 || !list[0].Date.IsZero() || list[0].Allowed != 3 || list[1].Date != day || list[1].Allowed != 0 {
			t.Errorf("allowances %+v, %v; want every day 3 first, then %s 0", list, err, day)
		}

		wd := 1
		weekly := store.ShiftPreference{AgentID: ag.ID, Weekday: &wd, Work: true}
		must(t, st.CreatePreference(ctx, store.System, &weekly))
		got, err := st.GetPreference(ctx, weekly.ID)
		if err != nil || !got.Date.IsZero() {
			t.Fatalf("weekly preference read back as %+v, %v", got, err)
		}
		byAgent, err := st.PreferencesByAgent(ctx, []int64{ag.ID}, "2000-01-03", "2000-01-10")
		if err != nil || len(byAgent[ag.ID]) != 1 || byAgent[ag.ID][0].ID != weekly.ID {
			t.Errorf("preferences of a week long ago: %+v, %v; want the weekly one (date '')", byAgent, err)
		}
	})
}
