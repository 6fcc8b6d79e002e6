package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"wfm/auth"
	"wfm/civil"
	"wfm/fault"
	"wfm/store"
	"wfm/store/storetest"
)

func TestLinkUserAgentMovesTheLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, team, a1 := center(t, st)
		a2 := store.Agent{Code: "A2", Name: "Wang Fang", TeamID: team.ID, HireDate: civil.MustParse("2024-05-01"), Active: true}
		must(t, st.CreateAgent(ctx, store.System, &a2))
		u := store.User{Username: "li", DisplayName: "Li", Role: store.RoleAgent, Active: true, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, store.System, &u))
		agentOf := func() (int64, int64) { // agent linked, and A1's version
			t.Helper()
			sc, err := auth.ScopeOf(ctx, st, &u)
			must(t, err)
			g, err := st.GetAgent(ctx, a1.ID)
			must(t, err)
			return sc.AgentID, g.Version
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, a1.ID))
		if id, v := agentOf(); id != a1.ID || v != a1.Version+1 {
			t.Fatalf("after linking A1: agent %d, A1 at version %d", id, v)
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, a1.ID)) // again: nothing changes
		if _, v := agentOf(); v != a1.Version+1 {
			t.Errorf("linking again bumped A1 to version %d", v)
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, a2.ID))
		if id, v := agentOf(); id != a2.ID || v != a1.Version+2 {
			t.Fatalf("after moving to A2: agent %d, A1 at version %d", id, v)
		}
		// A form read before the move is now stale.
		stale := a1
		stale.Name = "Li Na (stale)"
		if err := st.UpdateAgent(ctx, store.System, &stale); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("update from before the link: %v, want a conflict", err)
		}
		must(t, st.LinkUserAgent(ctx, store.System, u.ID, 0))
		if id, _ := agentOf(); id != 0 {
			t.Errorf("after unlinking: agent %d", id)
		}
		if err := st.LinkUserAgent(ctx, store.System, u.ID, 9999); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("unknown agent: %v", err)
		}
		if err := st.LinkUserAgent(ctx, store.System, 9999, a1.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("unknown user: %v", err)
		}
		entries, err := st.ListAudit(ctx, store.AuditFilter{Entity: "agent"})
		must(t, err)
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		if actions["link_user"] != 2 || actions["unlink_user"] != 2 {
			t.Errorf("audit: %v", actions)
		}
	})
}

// A user and her linked agent are saved together or not at all: a link to
// an agent that is not there leaves no user behind (the form can be sent
// again) and does not change the user being updated.
func TestUserLinkedSavesInOneTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, _, _, a1 := center(t, st)
		u := store.User{Username: "li", DisplayName: "Li", Role: store.RoleAgent, Active: true, PasswordHash: "x"}
		if err := st.CreateUserLinked(ctx, store.System, &u, 9999); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("create linked to an unknown agent: %v, want not found", err)
		}
		users, err := st.ListUsers(ctx)
		must(t, err)
		for _, x := range users {
			if x.Username == "li" {
				t.Fatalf("the failed create left user %+v", x)
			}
		}
		u = store.User{Username: "li", DisplayName: "Li", Role: store.RoleAgent, Active: true, PasswordHash: "x"}
		must(t, st.CreateUserLinked(ctx, store.System, &u, a1.ID))
		if sc, err := auth.ScopeOf(ctx, st, &u); err != nil || sc.AgentID != a1.ID {
			t.Fatalf("created user signs in as agent %d (%v), want %d", sc.AgentID, err, a1.ID)
		}
		read := u
		u.DisplayName = "Li Na"
		if err := st.UpdateUserLinked(ctx, store.System, &u, 9999); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("update linked to an unknown agent: %v, want not found", err)
		}
		got, err := st.GetUser(ctx, u.ID)
		must(t, err)
		if got.DisplayName != "Li" || got.Version != read.Version {
			t.Errorf("the failed update wrote %q at version %d", got.DisplayName, got.Version)
		}
		if sc, _ := auth.ScopeOf(ctx, st, got); sc.AgentID != a1.ID {
			t.Errorf("the failed update unlinked agent %d", a1.ID)
		}
	})
}

// User names are unique whatever their case, and found whatever the case
// typed.
func TestUserNamesAreUniqueWithoutCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		admin := store.User{Username: "admin", DisplayName: "Admin", Role: store.RoleAdmin, Active: true, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, store.System, &admin))
		impostor := store.User{Username: "ADMIN", DisplayName: "Admin", Role: store.RoleAgent, Active: true, PasswordHash: "x"}
		if err := st.CreateUser(ctx, store.System, &impostor); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("ADMIN beside admin: %v, want a conflict", err)
		}
		other := store.User{Username: "li", DisplayName: "Li", Role: store.RoleAgent, Active: true, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, store.System, &other))
		other.Username = "Admin"
		if err := st.UpdateUser(ctx, store.System, &other); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("renamed to Admin: %v, want a conflict", err)
		}
		for _, typed := range []string{"admin", "Admin", "ADMIN"} {
			if u, err := st.UserByUsername(ctx, typed); err != nil || u.ID != admin.ID {
				t.Errorf("UserByUsername(%q) = %v, %v; want admin", typed, u, err)
			}
		}
	})
}

// The migration that makes names unique without case keeps the oldest of
// names that differ only in case and renames the later ones NAME.dupID.
func TestUsernameMigrationRenamesLaterCaseTwins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		const migration = "20261206000200"
		if _, err := st.DB().ExecContext(ctx, "DROP INDEX users_username_lower"); err != nil {
			t.Fatal(err)
		}
		var made []store.User
		for _, name := range []string{"admin", "ADMIN", "li", "Admin"} {
			u := store.User{Username: name, DisplayName: name, Role: store.RoleAgent, Active: true, PasswordHash: "x"}
			must(t, st.CreateUser(ctx, store.System, &u))
			made = append(made, u)
		}
		if _, err := st.DB().ExecContext(ctx, "DELETE FROM bun_migrations WHERE name = ?", migration); err != nil {
			t.Fatal(err)
		}
		applied, err := st.Migrate(ctx)
		must(t, err)
		if len(applied) != 1 || !strings.HasPrefix(applied[0], migration) {
			t.Fatalf("applied %v, want the username migration", applied)
		}
		for i, want := range []string{"admin", fmt.Sprintf("ADMIN.dup%d", made[1].ID), "li", fmt.Sprintf("Admin.dup%d", made[3].ID)} {
			u, err := st.GetUser(ctx, made[i].ID)
			must(t, err)
			if u.Username != want {
				t.Errorf("user %d: %q, want %q", u.ID, u.Username, want)
			}
		}
		again := store.User{Username: "aDmIn", DisplayName: "x", Role: store.RoleAgent, Active: true, PasswordHash: "x"}
		if err := st.CreateUser(ctx, store.System, &again); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("after the migration, aDmIn: %v, want a conflict", err)
		}
	})
}

// Every token expires: a lifetime of 1 to 365 days, and a token made
// before tokens had to expire lasts 365 days from its making.
func TestTokensExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		u := store.User{Username: "acd", DisplayName: "ACD", Role: store.RoleManager, Active: true, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, store.System, &u))
		var se *fault.Error
		for _, days := range []int{-1, 0, 366, 200000} {
			if _, _, err := st.CreateToken(ctx, store.System, u.ID, "push", days); !errors.As(err, &se) || se.Fields["expires_in_days"] == "" {
				t.Errorf("%d days: %v, want invalid expires_in_days", days, err)
			}
		}
		tok, secret, err := st.CreateToken(ctx, store.System, u.ID, "push", 30)
		must(t, err)
		if tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(now.AddDate(0, 0, 30)) {
			t.Errorf("30 days: expires %v", tok.ExpiresAt)
		}
		_, legacy, err := st.CreateToken(ctx, store.System, u.ID, "old", 1)
		must(t, err)
		if _, err := st.DB().ExecContext(ctx, "UPDATE api_tokens SET expires_at = NULL WHERE name = 'old'"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			after        time.Duration
			secret, name string
			code         fault.Code
		}{
			{29 * 24 * time.Hour, secret, "30-day token after 29 days", ""},
			{31 * 24 * time.Hour, secret, "30-day token after 31 days", fault.Unauthorized},
			{364 * 24 * time.Hour, legacy, "token without expiry after 364 days", ""},
			{366 * 24 * time.Hour, legacy, "token without expiry after 366 days", fault.Unauthorized},
		} {
			t.Run(c.name, func(t *testing.T) {
				st.SetClock(func() time.Time { return now.Add(c.after) })
				_, err := st.UserByToken(ctx, c.secret)
				if (c.code == "" && err != nil) || (c.code != "" && fault.CodeOf(err) != c.code) {
					t.Errorf("%s: %v, want %q", c.name, err, c.code)
				}
			})
		}
	})
}

// A new password ends the user's other sessions and revokes her tokens; so
// does deactivation, for good (making her active again revives nothing).
// An edit that changes neither leaves them be.
func TestPasswordChangeAndDeactivationEndSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := store.User{Username: "li", DisplayName: "Li", Role: store.RoleAgent, Active: true}
		must(t, u.SetPassword("the first password"))
		must(t, st.CreateUser(ctx, store.System, &u))
		admin := store.User{Username: "root", DisplayName: "Root", Role: store.RoleAdmin, Active: true, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, store.System, &admin))
		type creds struct{ here, there, token string }
		login := func() (creds, store.Session) {
			t.Helper()
			here, s1, err := st.CreateSession(ctx, u.ID, time.Hour)
			must(t, err)
			_, s2, err := st.CreateSession(ctx, u.ID, time.Hour)
			must(t, err)
			_, tok, err := st.CreateToken(ctx, store.System, u.ID, "sync", 30)
			must(t, err)
			return creds{s1, s2, tok}, here
		}
		live := func(c creds) (here, there, token bool) {
			t.Helper()
			_, _, e1 := st.SessionUser(ctx, c.here)
			_, _, e2 := st.SessionUser(ctx, c.there)
			_, e3 := st.UserByToken(ctx, c.token)
			return e1 == nil, e2 == nil, e3 == nil
		}
		reread := func() {
			t.Helper()
			cur, err := st.GetUser(ctx, u.ID)
			must(t, err)
			u = *cur
		}
		c, _ := login()
		u.DisplayName, u.Locale = "Li Na", "zh-CN"
		must(t, st.UpdateUser(ctx, store.Actor{UserID: admin.ID}, &u))
		if here, there, token := live(c); !here || !there || !token {
			t.Errorf("after a rename: sessions %v %v, token %v; want all alive", here, there, token)
		}
		// She changes her own password in one session: it stays, the rest go.
		mine, mySession := login()
		must(t, u.SetPassword("the second password"))
		must(t, st.UpdateUser(ctx, store.Actor{UserID: u.ID, Session: mySession.TokenHash}, &u))
		if here, there, token := live(mine); !here || there || token {
			t.Errorf("after her own change: this session %v, the other %v, token %v; want only this session", here, there, token)
		}
		// The admin resets it through the web form's path: every session goes.
		reread()
		c, _ = login()
		must(t, u.SetPassword("the third password"))
		must(t, st.UpdateUserLinked(ctx, store.Actor{UserID: admin.ID, Session: "the admin's own"}, &u, 0))
		if here, there, token := live(c); here || there || token {
			t.Errorf("after a reset: sessions %v %v, token %v; want none", here, there, token)
		}
		// Deactivated, then active again: what she had stays dead.
		reread()
		c, _ = login()
		u.Active = false
		must(t, st.UpdateUser(ctx, store.Actor{UserID: admin.ID}, &u))
		reread()
		u.Active = true
		must(t, st.UpdateUser(ctx, store.Actor{UserID: admin.ID}, &u))
		if here, there, token := live(c); here || there || token {
			t.Errorf("after deactivation and back: sessions %v %v, token %v; want none", here, there, token)
		}
		entries, err := st.ListAudit(ctx, store.AuditFilter{Entity: "user"})
		must(t, err)
		ended := 0
		for _, e := range entries {
			if e.Action == "end_credentials" {
				ended++
			}
		}
		if ended != 3 {
			t.Errorf("%d end_credentials audit entries, want 3", ended)
		}
	})
}

// A token's last use is written at most once a minute: reads through an
// integration's token are not writes.
func TestTokenLastUseIsWrittenOnceAMinute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		u := store.User{Username: "sync", DisplayName: "Sync", Role: store.RoleManager, Active: true, PasswordHash: "-"}
		must(t, st.CreateUser(ctx, store.System, &u))
		tok, secret, err := st.CreateToken(ctx, store.System, u.ID, "sync", 30)
		must(t, err)
		lastUse := func() time.Time {
			t.Helper()
			var at *time.Time
			if err := st.DB().QueryRowContext(ctx, "SELECT last_used_at FROM api_tokens WHERE id = ?", tok.ID).Scan(&at); err != nil {
				t.Fatal(err)
			}
			if at == nil {
				return time.Time{}
			}
			return at.UTC()
		}
		use := func(at time.Time) {
			t.Helper()
			now = at
			if _, err := st.UserByToken(ctx, secret); err != nil {
				t.Fatal(err)
			}
		}
		use(now)
		first := now
		if got := lastUse(); !got.Equal(first) {
			t.Fatalf("first use: last_used_at %v, want %v", got, first)
		}
		use(first.Add(30 * time.Second))
		if got := lastUse(); !got.Equal(first) {
			t.Errorf("a use 30 s later wrote last_used_at %v", got)
		}
		use(first.Add(61 * time.Second))
		if got := lastUse(); !got.Equal(first.Add(61 * time.Second)) {
			t.Errorf("a use a minute later: last_used_at %v, want it written", got)
		}
	})
}
