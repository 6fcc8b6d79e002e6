// Package migrations holds the schema as forward-only SQL migrations,
// embedded in the binary. The files are text/template: {{.ID}}, {{.Time}},
// {{.JSON}} and {{.Bool}} stand for the column types that differ between
// PostgreSQL and SQLite (see store.Dialect), so that one file serves both.
package migrations

import (
	"embed"
	"fmt"

	"github.com/uptrace/bun/migrate"
)

//go:embed *.sql
var files embed.FS

// All is every migration of the product, read from the embedded files.
func All() (*migrate.Migrations, error) {
	m := migrate.NewMigrations()
	if err := m.Discover(files); err != nil {
		return nil, fmt.Errorf("discover migrations: %w", err)
	}
	return m, nil
}
