package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"wfm/limits"
)

// Channels a queue can serve.
var Channels = []string{"voice", "chat", "email"}

// Service-level formulas: how abandoned contacts count in the denominator.
const (
	SLAbandonsCounted    = "abandons-counted"     // answered + abandoned - short abandoned (CONTRACTS.md)
	SLAbandonsIgnored    = "abandons-ignored"     // answered only
	SLAllAbandonsCounted = "all-abandons-counted" // answered + every abandoned
)

// Queue is where contacts wait for an agent, with the service goal the
// center promises on it.
type Queue struct {
	bun.BaseModel `bun:"table:queues"`
	Record
	Code                    string   `bun:"code,notnull" json:"code"`
	Name                    string   `bun:"name,notnull" json:"name"`
	SiteID                  int64    `bun:"site_id,notnull" json:"site_id"`
	SkillID                 *int64   `bun:"skill_id" json:"skill_id"`
	Channel                 string   `bun:"channel,notnull" json:"channel"`
	Tier                    string   `bun:"tier,notnull" json:"tier"`
	SLTarget                float64  `bun:"sl_target,notnull" json:"sl_target"`
	SLThresholdSeconds      int      `bun:"sl_threshold_seconds,notnull" json:"sl_threshold_seconds"`
	ASATargetSeconds        *int     `bun:"asa_target_seconds" json:"asa_target_seconds"`
	MaxOccupancy            *float64 `bun:"max_occupancy" json:"max_occupancy"`
	Concurrency             int      `bun:"concurrency,notnull" json:"concurrency"`
	PatienceSeconds         *int     `bun:"patience_seconds" json:"patience_seconds"`
	Shrinkage               float64  `bun:"shrinkage,notnull" json:"shrinkage"`
	ShortAbandonSeconds     int      `bun:"short_abandon_seconds,notnull" json:"short_abandon_seconds"`
	SLFormula               string   `bun:"sl_formula,notnull" json:"sl_formula"`
	ResponseDeadlineSeconds *int     `bun:"response_deadline_seconds" json:"response_deadline_seconds"`
}

// Validate checks the queue's fields and fills the defaults.
func (q *Queue) Validate() error {
	if q.Tier == "" {
		q.Tier = "standard"
	}
	if q.Concurrency == 0 {
		q.Concurrency = 1
	}
	if q.SLFormula == "" {
		q.SLFormula = SLAbandonsCounted
	}
	f := FieldErrors{}
	if q.Code == "" {
		f.Add("code", "required")
	}
	if q.Name == "" {
		f.Add("name", "required")
	}
	if q.SiteID <= 0 {
		f.Add("site_id", "required")
	}
	checkText(f, "code", q.Code, limits.Code)
	checkText(f, "name", q.Name, limits.Name)
	if !oneOf(q.Channel, Channels) {
		f.Add("channel", "%q is not one of %v", q.Channel, Channels)
	}
	if q.Tier != "standard" && q.Tier != "vip" {
		f.Add("tier", "%q is not standard or vip", q.Tier)
	}
	if q.SLTarget <= 0 || q.SLTarget >= 1 {
		f.Add("sl_target", "%v must be between 0 and 1 (0.8 = 80%%)", q.SLTarget)
	}
	if q.SLThresholdSeconds <= 0 {
		f.Add("sl_threshold_seconds", "must be positive")
	}
	if q.ASATargetSeconds != nil && *q.ASATargetSeconds <= 0 {
		f.Add("asa_target_seconds", "must be positive when given")
	}
	if q.MaxOccupancy != nil && (*q.MaxOccupancy <= 0 || *q.MaxOccupancy > 1) {
		f.Add("max_occupancy", "%v must be in (0, 1]", *q.MaxOccupancy)
	}
	if q.Concurrency < 1 || q.Concurrency > 20 {
		f.Add("concurrency", "%d must be 1 to 20", q.Concurrency)
	}
	if q.PatienceSeconds != nil && *q.PatienceSeconds <= 0 {
		f.Add("patience_seconds", "must be positive when given")
	}
	if q.Shrinkage < 0 || q.Shrinkage >= 1 {
		f.Add("shrinkage", "%v must be in [0, 1)", q.Shrinkage)
	}
	if q.ShortAbandonSeconds < 0 {
		f.Add("short_abandon_seconds", "must not be negative")
	}
	if !oneOf(q.SLFormula, []string{SLAbandonsCounted, SLAbandonsIgnored, SLAllAbandonsCounted}) {
		f.Add("sl_formula", "%q is not one of abandons-counted, abandons-ignored, all-abandons-counted", q.SLFormula)
	}
	if q.Channel == "email" && q.ResponseDeadlineSeconds == nil {
		f.Add("response_deadline_seconds", "required for email queues")
	}
	return f.Err("queue")
}

func (s *Store) GetQueue(ctx context.Context, id int64) (*Queue, error) {
	var m Queue
	return &m, getEntity(ctx, s.db, "queue", &m, id)
}

func (s *Store) ListQueues(ctx context.Context) ([]Queue, error) {
	var out []Queue
	if err := s.db.NewSelect().Model(&out).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list queues: %w", err)
	}
	return out, nil
}

// QueueCodes maps each queue's code (as ACD files name it) to its id.
func (s *Store) QueueCodes(ctx context.Context, db bun.IDB) (map[string]int64, error) {
	var qs []Queue
	if err := db.NewSelect().Model(&qs).Column("id", "code").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read queue codes: %w", err)
	}
	m := make(map[string]int64, len(qs))
	for _, q := range qs {
		m[q.Code] = q.ID
	}
	return m, nil
}

func (s *Store) CreateQueue(ctx context.Context, a Actor, m *Queue) error {
	return createEntity(ctx, s, a, "queue", m, nil)
}

func (s *Store) UpdateQueue(ctx context.Context, a Actor, m *Queue) error {
	return updateEntity(ctx, s, a, "queue", m, nil)
}

func (s *Store) DeleteQueue(ctx context.Context, a Actor, id, version int64) error {
	return deleteEntity(ctx, s, a, "queue", &Queue{}, id, version)
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}
