package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"wfm/auth"
	"wfm/batch"
	"wfm/civil"
	"wfm/fault"
	"wfm/store"
	"wfm/store/storetest"
)

// center creates a site, a queue "sales" and an agent "A1" in a team.
func center(t *testing.T, st *store.Store) (store.Site, store.Queue, store.Team, store.Agent) {
	t.Helper()
	ctx := context.Background()
	site := store.Site{Name: "Shanghai", Timezone: "Asia/Shanghai",
		OpenHours: []store.OpenDays{{Weekdays: []int{1, 2, 3, 4, 5}, Open: "08:00", Close: "20:00"}}}
	must(t, st.CreateSite(ctx, store.System, &site))
	q := store.Queue{Code: "sales", Name: "Sales", SiteID: site.ID, Channel: "voice", SLTarget: 0.8, SLThresholdSeconds: 20, Shrinkage: 0.3}
	must(t, st.CreateQueue(ctx, store.System, &q))
	team := store.Team{Name: "Team A", SiteID: site.ID}
	must(t, st.CreateTeam(ctx, store.System, &team))
	ag := store.Agent{Code: "A1", Name: "Li Na", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
	must(t, st.CreateAgent(ctx, store.System, &ag))
	return site, q, team, ag
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateIsCurrentAndRepeatable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		pending, err := st.PendingMigrations(ctx)
		must(t, err)
		if len(pending) != 0 {
			t.Errorf("pending after migrate: %v", pending)
		}
		again, err := st.Migrate(ctx)
		must(t, err)
		if len(again) != 0 {
			t.Errorf("second migrate applied %v", again)
		}
	})
}

func TestPendingMigrationsOnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(t, storetest.SQLite))
	must(t, err)
	defer st.Close()
	pending, err := st.PendingMigrations(ctx)
	must(t, err)
	if len(pending) == 0 {
		t.Error("an empty database should be behind")
	}
}

func TestConcurrentEditIsAConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, _, _ := center(t, st)
		first, err := st.GetQueue(ctx, q.ID)
		must(t, err)
		second, err := st.GetQueue(ctx, q.ID)
		must(t, err)
		first.SLTarget = 0.9
		must(t, st.UpdateQueue(ctx, store.System, first))
		second.SLThresholdSeconds = 15
		err = st.UpdateQueue(ctx, store.System, second)
		if fault.CodeOf(err) != fault.Conflict {
			t.Fatalf("second editor: err = %v, want conflict", err)
		}
		got, err := st.GetQueue(ctx, q.ID)
		must(t, err)
		if got.SLTarget != 0.9 || got.SLThresholdSeconds != 20 || got.Version != 2 {
			t.Errorf("stored = %+v, want the first edit only at version 2", got)
		}
		if err := st.DeleteQueue(ctx, store.System, q.ID, 1); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("delete at a stale version: %v, want conflict", err)
		}
		if _, err := st.GetQueue(ctx, 9999); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("missing queue: %v, want not found", err)
		}
	})
}

func TestValidationNamesFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		err := st.CreateQueue(ctx, store.System, &store.Queue{Code: "x", Name: "X", SiteID: 1, Channel: "fax", SLTarget: 80, SLThresholdSeconds: 20})
		var e *fault.Error
		if !errors.As(err, &e) || e.Code != fault.Invalid {
			t.Fatalf("err = %v, want invalid", err)
		}
		for _, f := range []string{"channel", "sl_target"} {
			if e.Fields[f] == "" {
				t.Errorf("fields %v lack %s", e.Fields, f)
			}
		}
		err = st.CreateSite(ctx, store.System, &store.Site{Name: "X", Timezone: "Mars/Olympus"})
		if !errors.As(err, &e) || e.Fields["timezone"] == "" {
			t.Errorf("bad zone: %v", err)
		}
	})
}

func TestDuplicateCodeIsAConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, _, _ := center(t, st)
		q := store.Queue{Code: "sales", Name: "Again", SiteID: site.ID, Channel: "chat", SLTarget: 0.8, SLThresholdSeconds: 60, Concurrency: 3}
		if err := st.CreateQueue(ctx, store.System, &q); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("err = %v, want conflict", err)
		}
	})
}

const historyCSV = `queue,interval_start,offered,answered,abandoned,answered_in_sl,aht_seconds,asa_seconds
sales,2026-03-02 08:00,10,9,1,8,240,12
sales,2026-03-02 08:15,12,12,0,11,250,8
sales,2026-03-02 08:30,7,7,0,7,230,3
`

func readHistory(t *testing.T, s string) batch.History {
	t.Helper()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	h, err := batch.ReadHistory(strings.NewReader(s), "h.csv", sh, 0)
	must(t, err)
	return h
}

// The end of a queue's history: the last interval's start, before a time
// or of all of it, and NotFound where there is none.
func TestLastHistoryStart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, _, _ := center(t, st)
		if _, err := st.LastHistoryStart(ctx, q.ID, time.Time{}); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("no history: %v, want not found", err)
		}
		_, err := st.ImportHistory(ctx, store.System, "h.csv", readHistory(t, historyCSV))
		must(t, err)
		sh, _ := time.LoadLocation("Asia/Shanghai")
		at := func(minutes int) time.Time { return time.Date(2026, 3, 2, 8, minutes, 0, 0, sh) }
		for _, c := range []struct {
			name   string
			before time.Time
			want   time.Time
		}{{"all of it", time.Time{}, at(30)}, {"before 08:30", at(30), at(15)}, {"before 08:01", at(1), at(0)}} {
			t.Run(c.name, func(t *testing.T) {
				got, err := st.LastHistoryStart(ctx, q.ID, c.before)
				must(t, err)
				if !got.Equal(c.want) || got.Location() != time.UTC {
					t.Errorf("before %v: %v, want %v in UTC", c.before, got, c.want)
				}
			})
		}
		if _, err := st.LastHistoryStart(ctx, q.ID, at(0)); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("before all of it: %v, want not found", err)
		}
	})
}

func TestImportHistoryIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		center(t, st)
		res, err := st.ImportHistory(ctx, store.System, "h.csv", readHistory(t, historyCSV))
		must(t, err)
		if res.Read != 3 || res.Inserted != 3 || res.Replaced != 0 {
			t.Errorf("first import = %+v", res)
		}
		changed := strings.Replace(historyCSV, "sales,2026-03-02 08:30,7,7", "sales,2026-03-02 08:30,8,8", 1) +
			"sales,2026-03-02 08:45,5,5,0,5,200,2\n"
		res, err = st.ImportHistory(ctx, store.System, "h.csv", readHistory(t, changed))
		must(t, err)
		if res.Read != 4 || res.Inserted != 1 || res.Replaced != 3 {
			t.Errorf("re-import = %+v, want 1 inserted, 3 replaced", res)
		}
		rows, err := st.History(ctx, store.HistoryFilter{})
		must(t, err)
		if len(rows) != 4 {
			t.Fatalf("stored %d intervals, want 4", len(rows))
		}
		if rows[2].Offered != 8 || rows[2].IntervalStart.UTC().Hour() != 0 || rows[2].IntervalStart.UTC().Minute() != 30 {
			t.Errorf("replaced row = %+v, want offered 8 at 00:30 UTC", rows[2])
		}
	})
}

func TestImportRejectsUnknownCodesAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		center(t, st)
		bad := historyCSV + "support,2026-03-02 08:00,3,3,0,3,100,1\n"
		_, err := st.ImportHistory(ctx, store.System, "h.csv", readHistory(t, bad))
		var ps batch.Problems
		if !errors.As(err, &ps) || !strings.Contains(err.Error(), `h.csv:5: column queue: unknown queue "support"`) {
			t.Fatalf("err = %v", err)
		}
		rows, err := st.History(ctx, store.HistoryFilter{})
		must(t, err)
		if len(rows) != 0 {
			t.Errorf("%d rows written by a failed import", len(rows))
		}

		contacts := "contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,emotion,x_note\n" +
			"c1,sales,2026-03-02 08:00:00,2026-03-02 08:00:10,2026-03-02 08:04:00,A1,200,calm,hi\n" +
			"c2,sales,2026-03-02 08:01:00,2026-03-02 08:01:30,2026-03-02 08:03:00,ZZ,60,,\n"
		cs, err := batch.ReadContacts(strings.NewReader(contacts), "c.csv", time.UTC)
		must(t, err)
		_, err = st.ImportContacts(ctx, store.System, "c.csv", cs)
		if err == nil || !strings.Contains(err.Error(), `c.csv:3: column agent: unknown agent "ZZ"`) {
			t.Fatalf("err = %v", err)
		}
		n, err := st.CountContacts(ctx)
		must(t, err)
		if n != 0 {
			t.Errorf("%d contacts written by a failed import", n)
		}
	})
}

func TestImportContactsAndStatesReplaceByKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		center(t, st)
		contacts := "contact_id,queue,arrived_at,answered_at,ended_at,agent,talk_seconds,resolved,csat,emotion,complaint,x_note\n" +
			"c1,sales,2026-03-02 08:00:00,2026-03-02 08:00:10,2026-03-02 08:04:00,A1,200,true,5,calm,false,hi\n" +
			"c2,sales,2026-03-02 08:01:00,,2026-03-02 08:01:30,,,,,anger,true,\n"
		for i, want := range []store.ImportResult{{Read: 2, Inserted: 2}, {Read: 2, Replaced: 2}} {
			cs, err := batch.ReadContacts(strings.NewReader(contacts), "c.csv", time.UTC)
			must(t, err)
			res, err := st.ImportContacts(ctx, store.System, "c.csv", cs)
			must(t, err)
			if res.Read != want.Read || res.Inserted != want.Inserted || res.Replaced != want.Replaced {
				t.Errorf("import %d = %+v, want %+v", i+1, res, want)
			}
		}
		n, err := st.CountContacts(ctx)
		must(t, err)
		if n != 2 {
			t.Errorf("contacts = %d, want 2", n)
		}
		states := "agent,state,start,end\nA1,available,2026-03-02 08:00,2026-03-02 08:00:10\nA1,contact,2026-03-02 08:00:10,2026-03-02 08:04\n"
		for i := 0; i < 2; i++ {
			ss, err := batch.ReadStates(strings.NewReader(states), "s.csv", time.UTC)
			must(t, err)
			res, err := st.ImportStates(ctx, store.System, "s.csv", ss)
			must(t, err)
			if res.Read != 2 || res.Inserted+res.Replaced != 2 || (i == 1 && res.Replaced != 2) {
				t.Errorf("states import %d = %+v", i+1, res)
			}
		}
		audit, err := st.ListAudit(ctx, store.AuditFilter{Entity: "contacts"})
		must(t, err)
		if len(audit) != 2 || audit[0].Action != "import" {
			t.Errorf("audit = %+v, want two import entries", audit)
		}
	})
}

func TestScopeOfEachRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		site, _, team, ag := center(t, st)
		sup := store.User{Username: "sup", DisplayName: "Sup", Role: store.RoleSupervisor, Active: true}
		must(t, sup.SetPassword("correct horse battery"))
		must(t, st.CreateUser(ctx, store.System, &sup))
		other := store.Team{Name: "Team B", SiteID: site.ID, SupervisorUserID: &sup.ID}
		must(t, st.CreateTeam(ctx, store.System, &other))
		sc, err := auth.ScopeOf(ctx, st, &sup)
		must(t, err)
		if sc.All || !sc.HasTeam(other.ID) || sc.HasTeam(team.ID) {
			t.Errorf("supervisor scope = %+v", sc)
		}
		agents, err := st.ListAgents(ctx, sc)
		must(t, err)
		if len(agents) != 0 {
			t.Errorf("supervisor of team B sees %d agents of team A", len(agents))
		}
		me := store.User{Username: "lina", DisplayName: "Li Na", Role: store.RoleAgent, Active: true}
		must(t, me.SetPassword("correct horse battery"))
		must(t, st.CreateUser(ctx, store.System, &me))
		ag.UserID = &me.ID
		must(t, st.UpdateAgent(ctx, store.System, &ag))
		sc, err = auth.ScopeOf(ctx, st, &me)
		must(t, err)
		agents, err = st.ListAgents(ctx, sc)
		must(t, err)
		if len(agents) != 1 || agents[0].ID != ag.ID {
			t.Errorf("agent sees %+v, want only herself", agents)
		}
	})
}

func TestPasswordsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := store.User{Username: "acd", DisplayName: "ACD feed", Role: store.RoleManager, Active: true}
		if err := u.SetPassword("short"); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("short password: %v", err)
		}
		must(t, u.SetPassword("a long enough secret"))
		if !store.CheckPassword(u.PasswordHash, "a long enough secret") || store.CheckPassword(u.PasswordHash, "a long enough secreT") {
			t.Error("argon2id check is wrong")
		}
		if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
			t.Errorf("hash %q is not argon2id", u.PasswordHash)
		}
		must(t, st.CreateUser(ctx, store.System, &u))
		tok, secret, err := st.CreateToken(ctx, store.System, u.ID, "acd push", store.DefaultTokenDays)
		must(t, err)
		got, err := st.UserByToken(ctx, secret)
		must(t, err)
		if got.ID != u.ID {
			t.Errorf("token user = %d, want %d", got.ID, u.ID)
		}
		must(t, st.DeleteToken(ctx, store.System, u.ID, tok.ID))
		if _, err := st.UserByToken(ctx, secret); fault.CodeOf(err) != fault.Unauthorized {
			t.Errorf("revoked token: %v", err)
		}
	})
}

func TestRequirementsReplaceTheirWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, q, _, _ := center(t, st)
		day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		mk := func(n, agents int) []store.Requirement {
			var rs []store.Requirement
			for i := 0; i < n; i++ {
				rs = append(rs, store.Requirement{IntervalStart: day.Add(time.Duration(i) * 15 * time.Minute), IntervalSeconds: 900,
					Volume: 10, AHTSeconds: 300, Agents: agents, Scheduled: float64(agents) / 0.7, Source: "test"})
			}
			return rs
		}
		must(t, st.ReplaceRequirements(ctx, store.System, q.ID, day, day.Add(24*time.Hour), mk(96, 5)))
		must(t, st.ReplaceRequirements(ctx, store.System, q.ID, day, day.Add(24*time.Hour), mk(48, 7)))
		got, err := st.Requirements(ctx, nil, day, day.Add(48*time.Hour))
		must(t, err)
		if len(got) != 48 || got[0].Agents != 7 {
			t.Errorf("got %d requirements (first %+v), want the 48 of the second write", len(got), got[0])
		}
		if err := st.ReplaceRequirements(ctx, store.System, q.ID, day, day.Add(time.Hour), mk(8, 1)); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("rows outside the window: %v, want invalid", err)
		}
	})
}
