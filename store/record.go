package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"wfm/fault"

	"github.com/uptrace/bun"
)

// Actor is the person (or integration) a change is made for; it is written
// to the audit log. UserID 0 is the system itself (jobs, the demo).
type Actor struct {
	UserID int64
	// Session is the hash of the browser session the change comes through
	// ("" through a token, or for the system): a user who changes her own
	// password stays logged in there while her other sessions end.
	Session string
}

// System is the actor of changes nobody asked for by hand.
var System = Actor{}

// Ref is the user to record as the author of a change (created_by,
// decided_by...): nil for the system.
func (a Actor) Ref() *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

// Record is what every edited entity carries: its id, a version that makes
// concurrent edits visible (an update names the version it read), and when
// it was made and last changed.
type Record struct {
	ID        int64     `bun:"id,pk,autoincrement" json:"id"`
	Version   int64     `bun:"version,notnull" json:"version"`
	CreatedAt time.Time `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt time.Time `bun:"updated_at,notnull" json:"updated_at"`
}

func (r *Record) record() *Record { return r }

// entity is a versioned row people edit.
type entity interface {
	record() *Record
	Validate() error
}

// humanName is how messages call an entity whose audit name is snake_case.
func humanName(name string) string { return strings.ReplaceAll(name, "_", " ") }

// insertRecord validates m and inserts it with its audit entry (detail),
// inside the caller's transaction. name is the entity's audit name
// (snake_case: "site", "shift_template").
func insertRecord(ctx context.Context, db bun.IDB, now time.Time, a Actor, name string, m entity, detail any) error {
	if err := validate(m, name, now); err != nil {
		return err
	}
	r := m.record()
	r.Version, r.CreatedAt, r.UpdatedAt = 1, now, now
	if _, err := db.NewInsert().Model(m).Returning("id").Exec(ctx); err != nil {
		return translate(err, humanName(name))
	}
	return audit(ctx, db, now, a, "create", name, r.ID, detail)
}

// updateRecord validates m and writes it over the row with its id, but
// only when the row is still at the version m was read at: two editors
// cannot overwrite each other silently; the second gets a Conflict and must
// reload. The audit entry records action and detail.
func updateRecord(ctx context.Context, db bun.IDB, now time.Time, a Actor, name, action string, m entity, detail any) error {
	// Only an edit of the entity's fields checks its dates against today:
	// deciding, cancelling or superseding an old record must stay possible.
	check := m.Validate
	if action == "update" {
		check = func() error { return validate(m, name, now) }
	}
	if err := check(); err != nil {
		return err
	}
	r := m.record()
	read := r.Version
	r.Version, r.UpdatedAt = read+1, now
	res, err := db.NewUpdate().Model(m).WherePK().Where("version = ?", read).ExcludeColumn("created_at").Exec(ctx)
	if err == nil {
		if n, _ := res.RowsAffected(); n == 0 {
			err = staleOrMissing(ctx, db, m, humanName(name), r.ID, read)
		}
	} else {
		err = translate(err, humanName(name))
	}
	if err != nil {
		r.Version = read
		return err
	}
	return audit(ctx, db, now, a, action, name, r.ID, detail)
}

// deleteRecord removes the row of model's table with id at the given
// version, with its audit entry.
func deleteRecord(ctx context.Context, db bun.IDB, now time.Time, a Actor, name string, model entity, id, version int64) error {
	res, err := db.NewDelete().Model(model).Where("id = ?", id).Where("version = ?", version).Exec(ctx)
	if err != nil {
		return translate(err, humanName(name))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleOrMissing(ctx, db, model, humanName(name), id, version)
	}
	return audit(ctx, db, now, a, "delete", name, id, map[string]int64{"id": id, "version": version})
}

// createEntity inserts m in a transaction of its own; after (may be nil)
// writes what belongs with it (an agent's skills).
func createEntity(ctx context.Context, s *Store, a Actor, name string, m entity, after func(ctx context.Context, tx bun.Tx) error) error {
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := insertRecord(ctx, tx, s.now().UTC(), a, name, m, m); err != nil {
			return err
		}
		if after != nil {
			return after(ctx, tx)
		}
		return nil
	})
}

// updateEntity writes m in a transaction of its own; see updateRecord.
func updateEntity(ctx context.Context, s *Store, a Actor, name string, m entity, after func(ctx context.Context, tx bun.Tx) error) error {
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := updateRecord(ctx, tx, s.now().UTC(), a, name, "update", m, m); err != nil {
			return err
		}
		if after != nil {
			return after(ctx, tx)
		}
		return nil
	})
}

// deleteEntity removes a row in a transaction of its own.
func deleteEntity(ctx context.Context, s *Store, a Actor, name string, model entity, id, version int64) error {
	return s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return deleteRecord(ctx, tx, s.now().UTC(), a, name, model, id, version)
	})
}

func staleOrMissing(ctx context.Context, db bun.IDB, m any, name string, id, version int64) error {
	var current int64
	err := db.NewSelect().Model(m).Column("version").Where("id = ?", id).Scan(ctx, &current)
	if isNoRows(err) {
		return &fault.Error{Code: fault.NotFound, Message: fmt.Sprintf("%s %d not found", name, id)}
	}
	if err != nil {
		return fmt.Errorf("read %s %d version: %w", name, id, err)
	}
	return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf(
		"%s %d was changed by someone else (version %d, you edited version %d): reload and try again", name, id, current, version)}
}

// getEntity reads one row by id into m.
func getEntity(ctx context.Context, db bun.IDB, name string, m entity, id int64) error {
	err := db.NewSelect().Model(m).Where("?TableAlias.id = ?", id).Scan(ctx)
	return translate(err, fmt.Sprintf("%s %d", humanName(name), id))
}

// AuditEntry is one change a person (or the system) made.
type AuditEntry struct {
	bun.BaseModel `bun:"table:audit_log"`
	ID            int64           `bun:"id,pk,autoincrement" json:"id"`
	At            time.Time       `bun:"at,notnull" json:"at"`
	UserID        *int64          `bun:"user_id" json:"user_id"`
	Action        string          `bun:"action,notnull" json:"action"`
	Entity        string          `bun:"entity,notnull" json:"entity"`
	EntityID      string          `bun:"entity_id,notnull" json:"entity_id"`
	Detail        json.RawMessage `bun:"detail,type:text" json:"detail"`
}

func audit(ctx context.Context, db bun.IDB, at time.Time, actor Actor, action, entity string, id int64, detail any) error {
	return auditKey(ctx, db, at, actor, action, entity, strconv.FormatInt(id, 10), detail)
}

func auditKey(ctx context.Context, db bun.IDB, at time.Time, actor Actor, action, entity, key string, detail any) error {
	return insertAudit(ctx, db, newAuditEntry(at, actor, action, entity, key, detail))
}

func newAuditEntry(at time.Time, actor Actor, action, entity, key string, detail any) AuditEntry {
	b, err := json.Marshal(detail)
	if err != nil {
		b = []byte(fmt.Sprintf("%q", fmt.Sprint(detail)))
	}
	e := AuditEntry{At: at, Action: action, Entity: entity, EntityID: key, Detail: b}
	if actor.UserID != 0 {
		id := actor.UserID
		e.UserID = &id
	}
	return e
}

func insertAudit(ctx context.Context, db bun.IDB, e AuditEntry) error {
	if _, err := db.NewInsert().Model(&e).Exec(ctx); err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Entity, e.EntityID, err)
	}
	return nil
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity   string
	EntityID string
	Limit    int
}

// ListAudit returns audit entries, newest first.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var out []AuditEntry
	q := s.db.NewSelect().Model(&out).OrderExpr("id DESC").Limit(int64(limitOrDefault(f.Limit)))
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	return out, nil
}

func limitOrDefault(n int) int {
	if n <= 0 || n > 1000 {
		return 1000
	}
	return n
}

// Base is the record itself, for code that handles any entity alike (the
// API's generic handlers).
func (r *Record) Base() *Record { return r }
