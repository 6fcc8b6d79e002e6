package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// JobRun is one run of a cron job.
type JobRun struct {
	bun.BaseModel `bun:"table:job_runs"`
	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	Job           string     `bun:"job,notnull" json:"job"`
	StartedAt     time.Time  `bun:"started_at,notnull" json:"started_at"`
	EndedAt       *time.Time `bun:"ended_at" json:"ended_at"`
	Outcome       string     `bun:"outcome,notnull" json:"outcome"` // running | ok | failed | skipped
	Error         string     `bun:"error,notnull" json:"error"`
	Trigger       string     `bun:"trigger,notnull" json:"trigger"` // schedule | manual
}

// StartJobRun records that a job started.
func (s *Store) StartJobRun(ctx context.Context, job, trigger string) (JobRun, error) {
	r := JobRun{Job: job, StartedAt: s.now().UTC(), Outcome: "running", Trigger: trigger}
	if _, err := s.db.NewInsert().Model(&r).Returning("id").Exec(ctx); err != nil {
		return JobRun{}, fmt.Errorf("record start of job %s: %w", job, err)
	}
	return r, nil
}

// FinishJobRun records how a run ended.
func (s *Store) FinishJobRun(ctx context.Context, r *JobRun, outcome string, runErr error) error {
	end := s.now().UTC()
	r.EndedAt, r.Outcome = &end, outcome
	if runErr != nil {
		r.Error = runErr.Error()
	}
	if _, err := s.db.NewUpdate().Model(r).Column("ended_at", "outcome", "error").WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("record end of job %s: %w", r.Job, err)
	}
	return nil
}

// RecordSkippedRun records a run that did not happen (the last one was
// still going, or another replica holds the job).
func (s *Store) RecordSkippedRun(ctx context.Context, job, trigger, why string) error {
	now := s.now().UTC()
	r := JobRun{Job: job, StartedAt: now, EndedAt: &now, Outcome: "skipped", Error: why, Trigger: trigger}
	if _, err := s.db.NewInsert().Model(&r).Exec(ctx); err != nil {
		return fmt.Errorf("record skipped job %s: %w", job, err)
	}
	return nil
}

// JobRuns lists recent runs, newest first; job "" means every job.
func (s *Store) JobRuns(ctx context.Context, job string, limit int) ([]JobRun, error) {
	var out []JobRun
	q := s.db.NewSelect().Model(&out).OrderExpr("id DESC").Limit(int64(limitOrDefault(limit)))
	if job != "" {
		q = q.Where("job = ?", job)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list job runs: %w", err)
	}
	return out, nil
}

// TryJobLock takes a PostgreSQL session advisory lock for the job on a
// dedicated connection, so that of several replicas of `wfm serve` only
// one runs it. On SQLite (one process per file) it always succeeds. The
// returned release function gives the lock back.
func (s *Store) TryJobLock(ctx context.Context, job string) (ok bool, release func(), err error) {
	if !s.postgres {
		return true, func() {}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, nil, fmt.Errorf("lock job %s: %w", job, err)
	}
	key := "wfm.job." + job
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock(hashtext(?))", key).Scan(&ok); err != nil {
		conn.Close()
		return false, nil, fmt.Errorf("lock job %s: %w", job, err)
	}
	if !ok {
		conn.Close()
		return false, nil, nil
	}
	return true, func() {
		conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(hashtext(?))", key) //nolint:errcheck // closing the connection frees it anyway
		conn.Close()
	}, nil
}
