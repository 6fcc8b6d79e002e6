package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"

	"wfm/api"
	"wfm/store"
)

// benchDB is the database and in-process API a database workload of `wfm
// bench` runs on: dsn when given, else a temporary SQLite file that close
// removes.
type benchDB struct {
	st  *store.Store
	ts  *httptest.Server
	dir string
}

// openBenchDB opens and migrates the workload's database; name names the
// temporary file.
func openBenchDB(ctx context.Context, dsn, name string) (*benchDB, error) {
	db := &benchDB{}
	if dsn == "" {
		dir, err := os.MkdirTemp("", "wfm-bench-"+name+"-")
		if err != nil {
			return nil, err
		}
		db.dir, dsn = dir, "file:"+filepath.Join(dir, name+".db")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		db.close()
		return nil, err
	}
	db.st = st
	if _, err := st.Migrate(ctx); err != nil {
		db.close()
		return nil, err
	}
	return db, nil
}

// serve starts the real API over the database.
func (db *benchDB) serve() {
	srv := api.New(api.Config{Store: db.st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	db.ts = httptest.NewServer(srv.Engine())
}

func (db *benchDB) close() {
	if db.ts != nil {
		db.ts.Close()
	}
	if db.st != nil {
		db.st.Close()
	}
	if db.dir != "" {
		os.RemoveAll(db.dir)
	}
}
