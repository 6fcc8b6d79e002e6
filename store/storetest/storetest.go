// Package storetest opens a fresh, migrated database for one test: SQLite
// in the test's temporary directory by default, or a fresh schema on the
// PostgreSQL server WFM_TEST_DATABASE_URL names (dropped after the test).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for schema setup

	"wfm/store"
)

// Open returns a migrated store that lives as long as the test.
func Open(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	dsn := DSN(t)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st
}

// DSN is a fresh, empty database for the test (not yet migrated).
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("WFM_TEST_DATABASE_URL")
	if base == "" {
		return "file:" + filepath.Join(t.TempDir(), "wfm.db")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", base, err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse WFM_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres tells whether tests run against PostgreSQL.
func Postgres() bool { return os.Getenv("WFM_TEST_DATABASE_URL") != "" }
