package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"wfm/batch"
	"wfm/limits"
)

// ImportResult says what an import did.
type ImportResult struct {
	Kind     string `json:"kind"`
	File     string `json:"file"`
	Read     int    `json:"read"`
	Inserted int    `json:"inserted"`
	Replaced int    `json:"replaced"`
	// States only: stored states of an agent inside the span the file
	// gives her (her first start to her last end), removed because the
	// file's states replace that span; and stored states that ran into or
	// out of it, cut to what lies outside it.
	Removed int `json:"removed,omitempty"`
	Clipped int `json:"clipped,omitempty"`
}

// table is what an upsert needs to know of its target.
type table struct {
	name string
	key  []string // the natural key a re-import replaces by
	cols []string // every column, key included
}

var (
	historyTable = table{"interval_history", []string{"queue_id", "interval_start"}, []string{
		"queue_id", "interval_start", "interval_seconds", "offered", "answered", "abandoned", "answered_in_sl", "aht_seconds", "asa_seconds"}}
	contactTable = table{"contacts", []string{"contact_id"}, []string{
		"contact_id", "queue_id", "channel", "arrived_at", "answered_at", "ended_at", "agent_id", "talk_seconds", "hold_seconds",
		"acw_seconds", "transferred", "resolved", "csat", "emotion", "complaint", "extensions"}}
	stateTable = table{"agent_states", []string{"agent_id", "start_at"}, []string{"agent_id", "start_at", "end_at", "state"}}
)

// updateSet is the SET clause that replaces every non-key column with the
// incoming row's value.
func (t table) updateSet() string {
	var updates []string
	for _, c := range t.cols {
		if !oneOf(c, t.key) {
			updates = append(updates, fmt.Sprintf("%s = excluded.%s", c, c))
		}
	}
	return strings.Join(updates, ", ")
}

// ImportHistory writes an interval history: all of it or, on any problem,
// nothing. A queue and interval already stored is replaced.
func (s *Store) ImportHistory(ctx context.Context, a Actor, file string, h batch.History) (ImportResult, error) {
	queues, err := s.QueueCodes(ctx, s.db)
	if err != nil {
		return ImportResult{}, err
	}
	var ps batch.Problems
	now := s.now()
	rows := make([][]any, 0, len(h.Rows))
	for _, r := range h.Rows {
		ps = recordTime(ps, file, r.Line, "interval_start", r.Start, now)
		qid, ok := queues[r.Queue]
		if !ok {
			ps = append(ps, batch.Problem{File: file, Line: r.Line, Column: "queue", Message: fmt.Sprintf("unknown queue %q (create it first)", r.Queue)})
			continue
		}
		rows = append(rows, []any{qid, r.Start.UTC(), int(h.Interval / time.Second), r.Offered,
			r.Answered, r.Abandoned, r.AnsweredInSL, r.AHTSeconds, r.ASASeconds})
	}
	if len(ps) > 0 {
		return ImportResult{}, ps
	}
	return s.importRows(ctx, a, "history", file, historyTable, rows, nil)
}

// ImportContacts writes contact records; a contact_id already stored is
// replaced, never duplicated.
func (s *Store) ImportContacts(ctx context.Context, a Actor, file string, cs []batch.Contact) (ImportResult, error) {
	queues, err := s.QueueCodes(ctx, s.db)
	if err != nil {
		return ImportResult{}, err
	}
	agents, err := s.AgentCodes(ctx, s.db)
	if err != nil {
		return ImportResult{}, err
	}
	var ps batch.Problems
	now := s.now()
	rows := make([][]any, 0, len(cs))
	for _, c := range cs {
		ps = recordTime(ps, file, c.Line, "arrived_at", c.ArrivedAt, now)
		ps = recordTime(ps, file, c.Line, "answered_at", c.AnsweredAt, now)
		ps = recordTime(ps, file, c.Line, "ended_at", c.EndedAt, now)
		qid, ok := queues[c.Queue]
		if !ok {
			ps = append(ps, batch.Problem{File: file, Line: c.Line, Column: "queue", Message: fmt.Sprintf("unknown queue %q", c.Queue)})
		}
		var agentID *int64
		if c.Agent != "" {
			id, ok := agents[c.Agent]
			if !ok {
				ps = append(ps, batch.Problem{File: file, Line: c.Line, Column: "agent", Message: fmt.Sprintf("unknown agent %q", c.Agent)})
			}
			agentID = &id
		}
		var csat *int
		if c.CSAT != 0 {
			csat = &c.CSAT
		}
		var ext *string
		if len(c.Extensions) > 0 {
			e := jsonText(c.Extensions)
			ext = &e
		}
		rows = append(rows, []any{c.ID, qid, c.Channel, c.ArrivedAt.UTC(), optTime(c.AnsweredAt), optTime(c.EndedAt), agentID,
			c.TalkSeconds, c.HoldSeconds, c.ACWSeconds, c.Transferred, c.Resolved, csat, optString(c.Emotion), c.Complaint, ext})
	}
	if len(ps) > 0 {
		return ImportResult{}, ps
	}
	return s.importRows(ctx, a, "contacts", file, contactTable, rows, nil)
}

// ImportStates writes agent state records, replaced by agent and start.
// States over limits.MaxState and states that overlap one another are
// refused (batch.CheckStates); against what is stored, the file wins: for
// each agent, the file's states replace the span they give her (her first
// start to her last end): stored states inside it are removed, one that
// runs into it or out of it keeps only what lies outside it
// (ImportResult.Removed, Clipped), so that an agent is never in two states
// at once.
func (s *Store) ImportStates(ctx context.Context, a Actor, file string, states []batch.AgentState) (ImportResult, error) {
	agents, err := s.AgentCodes(ctx, s.db)
	if err != nil {
		return ImportResult{}, err
	}
	ps := batch.CheckStates(file, states)
	now := s.now()
	rows := make([][]any, 0, len(states))
	spans := map[int64]*stateSpan{}
	for _, st := range states {
		ps = recordTime(ps, file, st.Line, "start", st.Start, now)
		ps = recordTime(ps, file, st.Line, "end", st.End, now)
		id, ok := agents[st.Agent]
		if !ok {
			ps = append(ps, batch.Problem{File: file, Line: st.Line, Column: "agent", Message: fmt.Sprintf("unknown agent %q", st.Agent)})
			continue
		}
		rows = append(rows, []any{id, st.Start.UTC(), st.End.UTC(), st.State})
		sp, ok := spans[id]
		if !ok {
			sp = &stateSpan{from: st.Start, to: st.End}
			spans[id] = sp
		}
		sp.starts = append(sp.starts, st.Start.UTC())
		if st.Start.Before(sp.from) {
			sp.from = st.Start
		}
		if st.End.After(sp.to) {
			sp.to = st.End
		}
	}
	if len(ps) > 0 {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return ImportResult{}, ps
	}
	return s.importRows(ctx, a, "states", file, stateTable, rows, spanStatements(spans))
}

// stateSpan is the time an import's states cover for one agent, and
// when each of them starts.
type stateSpan struct {
	from, to time.Time
	starts   []time.Time
}

// spanStatements are the statements that clear the stored states of each
// span for the states that replace it, but for the file's own (replaced
// by key, as every import replaces): a state that runs into the span is
// cut at its start (a state lasts at most limits.MaxState, so only one
// that began within that much before can), one that begins inside it and
// runs out of it keeps only what lies after it, and those inside it are
// removed.
func spanStatements(spans map[int64]*stateSpan) []statement {
	ids := make([]int64, 0, len(spans))
	for id := range spans {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out []statement
	for _, id := range ids {
		sp := spans[id]
		from, to := sp.from.UTC(), sp.to.UTC()
		notTheFiles := " AND start_at NOT IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(sp.starts)), ", ") + ")"
		starts := timesAsArgs(sp.starts)
		out = append(out,
			statement{clips: true, sql: "UPDATE agent_states SET end_at = ? WHERE agent_id = ? AND start_at >= ? AND start_at < ? AND end_at > ?",
				args: []any{from, id, from.Add(-limits.MaxState), from, from}},
			statement{clips: true, sql: "UPDATE agent_states SET start_at = ? WHERE agent_id = ? AND start_at >= ? AND start_at < ? AND end_at > ?" + notTheFiles,
				args: append([]any{to, id, from, to, to}, starts...)},
			statement{sql: "DELETE FROM agent_states WHERE agent_id = ? AND start_at >= ? AND start_at < ?" + notTheFiles,
				args: append([]any{id, from, to}, starts...)})
	}
	return out
}

func timesAsArgs(ts []time.Time) []any {
	out := make([]any, len(ts))
	for i, t := range ts {
		out[i] = t
	}
	return out
}

// statement is a write an import makes before its rows, in the same
// transaction; the rows it changes count as clipped, or else removed.
type statement struct {
	sql   string // with ? placeholders
	args  []any
	clips bool
}

// count adds n rows the statement changed to the result.
func (st statement) count(res *ImportResult, n int) {
	if st.clips {
		res.Clipped += n
	} else {
		res.Removed += n
	}
}

// recordTime adds a problem when t (if any) is outside the window of
// things that happened (limits.Record).
func recordTime(ps batch.Problems, file string, line int, col string, t, now time.Time) batch.Problems {
	if t.IsZero() {
		return ps
	}
	if err := limits.Record.CheckTime(t, now); err != nil {
		ps = append(ps, batch.Problem{File: file, Line: line, Column: col, Message: err.Error()})
	}
	return ps
}

// importRows runs the statements before, then upserts rows, in one
// transaction, and audits the import.
func (s *Store) importRows(ctx context.Context, a Actor, kind, file string, t table, rows [][]any, before []statement) (ImportResult, error) {
	res := ImportResult{Kind: kind, File: file, Read: len(rows)}
	entry := newAuditEntry(s.now().UTC(), a, "import", kind, file, map[string]int{"rows": len(rows)})
	var err error
	if s.postgres {
		res.Inserted, err = s.copyUpsert(ctx, t, rows, entry, before, &res)
	} else {
		err = s.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			for _, st := range before {
				r, err := tx.ExecContext(ctx, st.sql, st.args...)
				if err != nil {
					return fmt.Errorf("before %s rows: %w", t.name, err)
				}
				n, _ := r.RowsAffected()
				st.count(&res, int(n))
			}
			n, err := batchUpsert(ctx, tx, t, rows)
			if err != nil {
				return err
			}
			res.Inserted = n
			return insertAudit(ctx, tx, entry)
		})
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("import %s %s: %w", kind, file, err)
	}
	res.Replaced = res.Read - res.Inserted
	// The outbox's import.finished, after the import's own transaction (on
	// PostgreSQL the import is a COPY of its own).
	now := s.now().UTC()
	if _, err := s.AppendEvent(ctx, nil, NewEvent(EventImportFinished, fmt.Sprintf("%s:%s:%d", kind, file, now.UnixNano()), kind+" import "+file,
		map[string]any{"kind": kind, "file": file, "read": res.Read, "inserted": res.Inserted, "replaced": res.Replaced})); err != nil {
		return res, err
	}
	return res, nil
}

// sqliteBatch keeps a statement under SQLite's 32766 bound parameters
// (bun inlines values, but statement size still matters).
const sqliteBatch = 500

// batchUpsert inserts rows in batches, replacing rows with the same key,
// and returns how many keys were new.
func batchUpsert(ctx context.Context, tx bun.Tx, t table, rows [][]any) (int, error) {
	before, err := countRows(ctx, tx, t.name)
	if err != nil {
		return 0, err
	}
	head := fmt.Sprintf("INSERT INTO %s (%s) VALUES ", t.name, strings.Join(t.cols, ", "))
	tail := fmt.Sprintf(" ON CONFLICT (%s) DO UPDATE SET %s", strings.Join(t.key, ", "), t.updateSet())
	rowPlaceholder := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	report := progress(ctx)
	for start := 0; start < len(rows); start += sqliteBatch {
		end := min(start+sqliteBatch, len(rows))
		if start > 0 {
			report(start, len(rows))
		}
		var b strings.Builder
		args := make([]any, 0, (end-start)*len(t.cols))
		b.WriteString(head)
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(rowPlaceholder)
			args = append(args, r...)
		}
		b.WriteString(tail)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return 0, translate(err, t.name+" row")
		}
	}
	report(len(rows), len(rows))
	after, err := countRows(ctx, tx, t.name)
	if err != nil {
		return 0, err
	}
	return after - before, nil
}

func countRows(ctx context.Context, db bun.IDB, name string) (int, error) {
	var n int
	if err := db.NewSelect().TableExpr(name).ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("count %s: %w", name, err)
	}
	return n, nil
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
