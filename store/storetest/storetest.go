// Package storetest opens a fresh, migrated database for one test: SQLite
// in the test's temporary directory by default, or a fresh schema on the
// PostgreSQL server WFM_TEST_DATABASE_URL names (dropped after the test).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for schema setup

	"wfm/store"
)

// Engine is a database engine tests run on.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Engines are the engines available to this test run: SQLite always, and
// PostgreSQL when WFM_TEST_DATABASE_URL names a server.
func Engines() []Engine {
	if os.Getenv("WFM_TEST_DATABASE_URL") != "" {
		return []Engine{SQLite, Postgres}
	}
	return []Engine{SQLite}
}

// Each runs fn as a subtest on a fresh, migrated store of every engine.
func Each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, OpenEngine(t, e)) })
	}
}

// Open returns a migrated store on the preferred engine (PostgreSQL when
// available), living as long as the test.
func Open(t testing.TB) *store.Store {
	engines := Engines()
	return OpenEngine(t, engines[len(engines)-1])
}

// OpenEngine returns a migrated store on the engine.
func OpenEngine(t testing.TB, e Engine) *store.Store {
	t.Helper()
	ctx := context.Background()
	dsn := DSN(t, e)
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

// OpenShared returns a migrated store on the engine for a fixture that
// several tests of a package share (built once per run): it outlives any
// one test, so the package's TestMain calls close after m.Run.
func OpenShared(e Engine) (st *store.Store, close func(), err error) {
	ctx := context.Background()
	dsn, drop, err := newDatabase(e)
	if err != nil {
		return nil, nil, err
	}
	st, err = store.Open(ctx, dsn)
	if err != nil {
		drop()
		return nil, nil, fmt.Errorf("open store: %w", err)
	}
	close = func() { st.Close(); drop() }
	if _, err := st.Migrate(ctx); err != nil {
		close()
		return nil, nil, fmt.Errorf("migrate: %w", err)
	}
	return st, close, nil
}

// DSN is a fresh, empty database on the engine (not yet migrated), dropped
// when the test ends.
func DSN(t testing.TB, e Engine) string {
	t.Helper()
	dsn, drop, err := newDatabase(e)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return dsn
}

// newDatabase makes a fresh, empty database on the engine: a SQLite file in
// a temporary directory, or a schema of its own on the PostgreSQL server
// WFM_TEST_DATABASE_URL names. drop removes it.
func newDatabase(e Engine) (dsn string, drop func(), err error) {
	if e == SQLite {
		dir, err := os.MkdirTemp("", "wfm-test-")
		if err != nil {
			return "", nil, err
		}
		return "file:" + filepath.Join(dir, "wfm.db"), func() { os.RemoveAll(dir) }, nil
	}
	base := os.Getenv("WFM_TEST_DATABASE_URL")
	if base == "" {
		return "", nil, errors.New("PostgreSQL tests need WFM_TEST_DATABASE_URL")
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, fmt.Errorf("parse WFM_TEST_DATABASE_URL: %w", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, fmt.Errorf("open %s: %w", base, err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop = func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
