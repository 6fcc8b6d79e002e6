package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

type setting struct {
	bun.BaseModel `bun:"table:settings"`
	Key           string `bun:"key,pk"`
	Value         string `bun:"value,notnull"`
}

// Secret is the server's signing secret: the one given, or the one made
// and kept in the database on first start, so that restarts keep it.
func (s *Store) Secret(ctx context.Context, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	var v setting
	err := s.db.NewSelect().Model(&v).Where("key = 'secret'").Scan(ctx)
	if err == nil {
		return v.Value, nil
	}
	if !isNoRows(err) {
		return "", fmt.Errorf("read secret: %w", err)
	}
	v = setting{Key: "secret", Value: newSecret()}
	if _, err := s.db.NewInsert().Model(&v).On("CONFLICT (key) DO NOTHING").Exec(ctx); err != nil {
		return "", fmt.Errorf("store secret: %w", err)
	}
	// Another replica may have won the race: read back what is kept.
	if err := s.db.NewSelect().Model(&v).Where("key = 'secret'").Scan(ctx); err != nil {
		return "", fmt.Errorf("read secret: %w", err)
	}
	return v.Value, nil
}
