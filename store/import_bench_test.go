package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wfm/batch"
	"wfm/civil"
	"wfm/store"
	"wfm/store/storetest"
)

// BenchmarkImportContacts imports the January 1999 calls of the Anonymous
// Bank (30,161 rows) into a fresh database per engine, and reports rows/s
// for a first import (all inserts) and a re-import (all replaced).
//
//	go test ./store -run '^$' -bench ImportContacts -benchtime 3x
//	WFM_TEST_DATABASE_URL=postgres://... go test ./store -run '^$' -bench ImportContacts -benchtime 3x
func BenchmarkImportContacts(b *testing.B) {
	path := filepath.Join("..", "..", "shared", "data", "anonymous-bank-1999", "contacts-1999-01.csv")
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		b.Skip("../shared/data/anonymous-bank-1999 not present")
	}
	if err != nil {
		b.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Jerusalem")
	contacts, err := batch.ReadContacts(f, "contacts-1999-01.csv", loc)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	for _, engine := range storetest.Engines() {
		for _, mode := range []string{"insert", "replace"} {
			b.Run(fmt.Sprintf("%s/%s", engine, mode), func(b *testing.B) {
				ctx := context.Background()
				rows := 0
				var elapsed time.Duration
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					st := storetest.OpenEngine(b, engine)
					createCodes(b, st, contacts)
					if mode == "replace" {
						if _, err := st.ImportContacts(ctx, store.System, "jan.csv", contacts); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					start := time.Now()
					res, err := st.ImportContacts(ctx, store.System, "jan.csv", contacts)
					elapsed += time.Since(start)
					if err != nil {
						b.Fatal(err)
					}
					rows += res.Read
				}
				b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
			})
		}
	}
}

// createCodes makes the queues and agents the contacts name.
func createCodes(b *testing.B, st *store.Store, contacts []batch.Contact) {
	ctx := context.Background()
	site := store.Site{Name: "Anonymous Bank", Timezone: "Asia/Jerusalem"}
	if err := st.CreateSite(ctx, store.System, &site); err != nil {
		b.Fatal(err)
	}
	team := store.Team{Name: "All", SiteID: site.ID}
	if err := st.CreateTeam(ctx, store.System, &team); err != nil {
		b.Fatal(err)
	}
	queues, agents := map[string]bool{}, map[string]bool{}
	for _, c := range contacts {
		if !queues[c.Queue] {
			queues[c.Queue] = true
			q := store.Queue{Code: c.Queue, Name: c.Queue, SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20}
			if err := st.CreateQueue(ctx, store.System, &q); err != nil {
				b.Fatal(err)
			}
		}
		if c.Agent != "" && !agents[c.Agent] {
			agents[c.Agent] = true
			a := store.Agent{Code: c.Agent, Name: c.Agent, TeamID: team.ID, HireDate: civil.MustParse("1998-01-01"), Active: true}
			if err := st.CreateAgent(ctx, store.System, &a); err != nil {
				b.Fatal(err)
			}
		}
	}
}
