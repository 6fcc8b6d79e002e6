package demo

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"wfm/civil"
	"wfm/rostering"
	"wfm/store"
	"wfm/store/storetest"
)

// TestMeasureDemoPreferencesGranted is a measurement, not a check: it
// runs the demo (one site pair, five weeks, 10 s per roster) and logs, per
// agent with preferences, how many the published roster grants.
//
//	WFM_MEASURE_PREFS=1 go test ./demo -run TestMeasureDemoPreferencesGranted -v
func TestMeasureDemoPreferencesGranted(t *testing.T) {
	if os.Getenv("WFM_MEASURE_PREFS") == "" {
		t.Skip("a measurement: set WFM_MEASURE_PREFS=1")
	}
	ctx := context.Background()
	st := storetest.OpenEngine(t, storetest.SQLite)
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	c := Generate(1, now, 5)
	if err := Load(ctx, st, c); err != nil {
		t.Fatal(err)
	}
	if err := Operate(ctx, st, c, now, 10*time.Second, io.Discard); err != nil {
		t.Fatal(err)
	}
	sites, _ := st.ListSites(ctx)
	for _, s := range sites {
		v, tally, err := rostering.PublishedPreferences(ctx, st, store.Scope{All: true}, s.ID, civil.MustParse("2026-12-02"))
		if err != nil {
			t.Log(s.Name, err)
			continue
		}
		t.Logf("%s roster %s +%d days objective %.0f feasible %v", s.Name, v.StartDate, v.Days, v.Objective, v.Feasible)
		for _, r := range tally {
			t.Logf("  %s granted %d/%d weight %.1f/%.1f", r.Agent, r.Granted, r.Requests, r.GrantedWeight, r.Weight)
		}
	}
}
