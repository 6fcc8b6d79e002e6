package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wfm/batch"
	"wfm/store"
	"wfm/store/storetest"
)

// Each vendor preset takes its sample report, built from the vendor's
// documented columns, into interval_history: queue names, zones, units
// and percentages converted exactly, and a second import of the same file
// replaces the rows instead of adding to them.
func TestPresetSamplesIntoIntervalHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, _, _ := center(t, st) // queue "sales"
		for _, code := range []string{"BasicQueue", "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} {
			q := store.Queue{Code: code, Name: code, SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
			must(t, st.CreateQueue(ctx, store.System, &q))
		}
		codes, err := st.QueueCodes(ctx, st.DB())
		must(t, err)
		i := func(n int) *int { return &n }
		f := func(v float64) *float64 { return &v }
		for _, c := range []struct {
			preset, mapFile, tz string
			want                store.HistoryInterval
			queue               string
		}{
			{"amazon-connect", "", "America/New_York", store.HistoryInterval{IntervalStart: time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), IntervalSeconds: 900,
				Offered: 12, Answered: i(10), Abandoned: i(2), AnsweredInSL: i(8), AHTSeconds: f(245), ASASeconds: f(18)}, "BasicQueue"},
			{"genesys-cloud", "genesys-cloud.map.yaml", "Europe/Berlin", store.HistoryInterval{IntervalStart: time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC), IntervalSeconds: 1800,
				Offered: 25, Answered: i(20), Abandoned: i(4), AnsweredInSL: i(18), AHTSeconds: f(372.5), ASASeconds: f(21)}, "sales"},
			{"twilio-taskrouter", "", "", store.HistoryInterval{IntervalStart: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), IntervalSeconds: 900,
				Offered: 30, Answered: i(27), Abandoned: i(3), ASASeconds: f(12.5)}, "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		} {
			t.Run(c.preset, func(t *testing.T) {
				m, err := batch.Preset(c.preset)
				must(t, err)
				if c.mapFile != "" {
					data, err := os.ReadFile(filepath.Join("..", "batch", "testdata", "presets", c.mapFile))
					must(t, err)
					m, err = batch.ParseMapping(data, c.mapFile)
					must(t, err)
				}
				loc, err := m.Location(c.tz)
				must(t, err)
				for range 2 {
					fh, err := os.Open(filepath.Join("..", "batch", "testdata", "presets", c.preset+".csv"))
					must(t, err)
					h, err := batch.ReadHistoryMapped(fh, c.preset+".csv", m, loc, 0)
					fh.Close()
					must(t, err)
					_, err = st.ImportHistory(ctx, store.System, c.preset+".csv", h)
					must(t, m.Explain(err))
				}
				rows, err := st.History(ctx, store.HistoryFilter{QueueID: codes[c.queue]})
				must(t, err)
				if len(rows) != 2 {
					t.Fatalf("%d rows, want 2", len(rows))
				}
				got, want := rows[0], c.want
				want.QueueID = codes[c.queue]
				if !got.IntervalStart.Equal(want.IntervalStart) {
					t.Errorf("start %v, want %v", got.IntervalStart, want.IntervalStart)
				}
				got.IntervalStart = want.IntervalStart
				if s, w := historyString(got), historyString(want); s != w {
					t.Errorf("stored\n %s\nwant\n %s", s, w)
				}
			})
		}
	})
}

func historyString(r store.HistoryInterval) string {
	p := func(v *int) any {
		if v == nil {
			return "-"
		}
		return *v
	}
	q := func(v *float64) any {
		if v == nil {
			return "-"
		}
		return *v
	}
	return fmt.Sprintf("queue %d %s %ds offered %d answered %v abandoned %v in_sl %v aht %v asa %v", r.QueueID,
		r.IntervalStart.UTC().Format(time.RFC3339), r.IntervalSeconds, r.Offered, p(r.Answered), p(r.Abandoned), p(r.AnsweredInSL), q(r.AHTSeconds), q(r.ASASeconds))
}
