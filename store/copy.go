package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyUpsert is the PostgreSQL import path: COPY the rows into a temporary
// staging table, then merge them into the target in one statement. COPY
// is many times faster than INSERT for bulk loads; the merge keeps
// re-imports idempotent. The rows and the audit entry commit or roll back
// together. It returns how many keys were new.
func (s *Store) copyUpsert(ctx context.Context, t table, rows [][]any, entry AuditEntry, before []statement, res *ImportResult) (int, error) {
	conn, err := s.db.DB.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("connection for COPY: %w", err)
	}
	defer conn.Close()
	inserted := 0
	err = conn.Raw(func(driverConn any) error {
		pc := driverConn.(*stdlib.Conn).Conn()
		return pgx.BeginFunc(ctx, pc, func(tx pgx.Tx) error {
			for _, st := range before {
				tag, err := tx.Exec(ctx, dollarPlaceholders(st.sql), st.args...)
				if err != nil {
					return fmt.Errorf("before %s rows: %w", t.name, err)
				}
				st.count(res, int(tag.RowsAffected()))
			}
			stage := "stage_" + t.name
			if _, err := tx.Exec(ctx, fmt.Sprintf(
				"CREATE TEMP TABLE %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP", stage, t.name)); err != nil {
				return fmt.Errorf("staging table: %w", err)
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{stage}, t.cols, &countedRows{rows: rows, report: progress(ctx)}); err != nil {
				return translate(err, t.name+" row")
			}
			cols := strings.Join(t.cols, ", ")
			// xmax = 0 holds for a freshly inserted row, not an updated one.
			q := fmt.Sprintf(`WITH merged AS (
				INSERT INTO %s (%s) SELECT %s FROM %s
				ON CONFLICT (%s) DO UPDATE SET %s
				RETURNING (xmax = 0) AS fresh)
				SELECT count(*) FILTER (WHERE fresh) FROM merged`,
				t.name, cols, cols, stage, strings.Join(t.key, ", "), t.updateSet())
			if err := tx.QueryRow(ctx, q).Scan(&inserted); err != nil {
				return translate(err, t.name+" row")
			}
			_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
				VALUES ($1, $2, $3, $4, $5, $6)`,
				entry.At, entry.UserID, entry.Action, entry.Entity, entry.EntityID, string(entry.Detail))
			if err != nil {
				return fmt.Errorf("audit import: %w", err)
			}
			return nil
		})
	})
	return inserted, err
}

// dollarPlaceholders rewrites ? placeholders as PostgreSQL's $1, $2...
// (the statements it is given hold no ? of their own).
func dollarPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
