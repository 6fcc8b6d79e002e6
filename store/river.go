package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// The job engine (River) keeps its queue in tables of its own, made by its
// own migrations. They are applied here with ours, so that `wfm migrate`,
// SQLite's migration at start and the schema check of serving cover both.
// The migrator goes through database/sql (the handle bun already holds) on
// both engines: River's database/sql driver is made for migrating.

func (s *Store) riverMigrator() (*rivermigrate.Migrator[*sql.Tx], error) {
	var driver riverdriver.Driver[*sql.Tx]
	if s.postgres {
		driver = riverdatabasesql.New(s.db.DB)
	} else {
		driver = riversqlite.New(s.db.DB)
	}
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return nil, fmt.Errorf("job engine migrations: %w", err)
	}
	return m, nil
}

// migrateRiver applies the job engine's migrations not yet applied and
// names them.
func (s *Store) migrateRiver(ctx context.Context) ([]string, error) {
	m, err := s.riverMigrator()
	if err != nil {
		return nil, err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("migrate job engine: %w", err)
	}
	var names []string
	for _, v := range res.Versions {
		names = append(names, riverName(v.Version, v.Name))
	}
	return names, nil
}

// pendingRiver names the job engine's migrations the schema lacks.
func (s *Store) pendingRiver(ctx context.Context) ([]string, error) {
	m, err := s.riverMigrator()
	if err != nil {
		return nil, err
	}
	have, err := m.ExistingVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the job engine's migrations: %w", err)
	}
	applied := map[int]bool{}
	for _, v := range have {
		applied[v.Version] = true
	}
	var names []string
	for _, v := range m.AllVersions() {
		if !applied[v.Version] {
			names = append(names, riverName(v.Version, v.Name))
		}
	}
	return names, nil
}

func riverName(version int, name string) string { return fmt.Sprintf("river_%03d_%s", version, name) }

// URL is the database URL the store was opened with: on PostgreSQL the job
// engine opens a pgx pool of its own from it (River's driver wants pgx's
// pool, bun holds database/sql's).
func (s *Store) URL() string { return s.dsn }
