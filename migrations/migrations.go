// Package migrations holds the schema as forward-only SQL migrations,
// embedded in the binary. The files are text/template: {{.ID}}, {{.Time}},
// {{.JSON}} and {{.Bool}} stand for the column types that differ between
// PostgreSQL and SQLite (see store.Dialect), so that one file serves both.
// A migration that needs Go is a function the store passes in, registered
// by a file named like the SQL ones, so it runs in its place in the order.
package migrations

import (
	"embed"
	"fmt"

	"github.com/uptrace/bun/migrate"
)

//go:embed *.sql
var files embed.FS

// Steps are the migrations written in Go, given by the store that does
// their work.
type Steps struct {
	// FillPublishedActivities places the shifts of the versions published
	// before the table of published activities existed.
	FillPublishedActivities migrate.MigrationFunc
}

// All is every migration of the product: the embedded files and the steps
// in Go.
func All(steps Steps) (*migrate.Migrations, error) {
	m := migrate.NewMigrations()
	if err := m.Discover(files); err != nil {
		return nil, fmt.Errorf("discover migrations: %w", err)
	}
	if steps.FillPublishedActivities == nil {
		return nil, fmt.Errorf("migrations: the step that fills published activities is missing")
	}
	if err := registerFillPublishedActivities(m, steps.FillPublishedActivities); err != nil {
		return nil, fmt.Errorf("register migrations: %w", err)
	}
	return m, nil
}
