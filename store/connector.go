package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Connector is a site's pull connector to its contact-center platform.
// Credentials is the sealed (encrypted) credentials, never clear text;
// the store neither seals nor opens it.
type Connector struct {
	bun.BaseModel `bun:"table:acd_connectors"`
	SiteID        int64             `bun:"site_id,pk" json:"site_id"`
	Platform      string            `bun:"platform,notnull" json:"platform"`
	InstanceARN   string            `bun:"instance_arn,notnull" json:"instance_arn"`
	Region        string            `bun:"region,notnull" json:"region"`
	Endpoint      string            `bun:"endpoint,notnull" json:"endpoint"`
	QueueMap      map[string]string `bun:"queue_map,type:text,notnull" json:"queue_map"`
	Credentials   string            `bun:"credentials,notnull" json:"-"`
	Enabled       bool              `bun:"enabled,notnull" json:"enabled"`
	FetchedUntil  *time.Time        `bun:"fetched_until" json:"fetched_until"`
	LastRunAt     *time.Time        `bun:"last_run_at" json:"last_run_at"`
	LastError     string            `bun:"last_error,notnull" json:"last_error"`
	LastImported  int               `bun:"last_imported,notnull" json:"last_imported"`
	UpdatedAt     time.Time         `bun:"updated_at,notnull" json:"updated_at"`
}

// ConnectorOf is the site's connector; NotFound when it has none.
func (s *Store) ConnectorOf(ctx context.Context, siteID int64) (Connector, error) {
	var c Connector
	err := s.db.NewSelect().Model(&c).Where("site_id = ?", siteID).Scan(ctx)
	return c, translate(err, fmt.Sprintf("connector of site %d", siteID))
}

// Connectors are every site's connector, by site.
func (s *Store) Connectors(ctx context.Context) ([]Connector, error) {
	var cs []Connector
	if err := s.db.NewSelect().Model(&cs).Order("site_id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("read connectors: %w", err)
	}
	return cs, nil
}

// SaveConnector creates or replaces the settings of a site's connector,
// keeping what it fetched (fetched_until, the last run), with an audit
// entry that names no credential.
func (s *Store) SaveConnector(ctx context.Context, a Actor, c Connector) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		c.UpdatedAt = now
		_, err := tx.NewInsert().Model(&c).
			On("CONFLICT (site_id) DO UPDATE").
			Set("platform = EXCLUDED.platform, instance_arn = EXCLUDED.instance_arn, region = EXCLUDED.region").
			Set("endpoint = EXCLUDED.endpoint, queue_map = EXCLUDED.queue_map, credentials = EXCLUDED.credentials").
			Set("enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at").
			Exec(ctx)
		if err != nil {
			return translate(err, "connector")
		}
		return audit(ctx, tx, now, a, "save", "connector", c.SiteID, map[string]any{
			"platform": c.Platform, "instance_arn": c.InstanceARN, "region": c.Region, "endpoint": c.Endpoint,
			"queues": len(c.QueueMap), "enabled": c.Enabled, "credentials_set": c.Credentials != ""})
	})
}

// DeleteConnector removes a site's connector and its credentials.
func (s *Store) DeleteConnector(ctx context.Context, a Actor, siteID int64) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx, now time.Time) error {
		res, err := tx.NewDelete().Model((*Connector)(nil)).Where("site_id = ?", siteID).Exec(ctx)
		if err != nil {
			return translate(err, "connector")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return translate(errNoRows, fmt.Sprintf("connector of site %d", siteID))
		}
		return audit(ctx, tx, now, a, "delete", "connector", siteID, nil)
	})
}

// ConnectorRun records a run of a site's connector: when, what it
// imported, its error ("" for none), and, when it fetched, the end of the
// last interval fetched.
func (s *Store) ConnectorRun(ctx context.Context, siteID int64, at time.Time, fetchedUntil *time.Time, imported int, runErr string) error {
	q := s.db.NewUpdate().Model((*Connector)(nil)).Where("site_id = ?", siteID).
		Set("last_run_at = ?", at.UTC()).Set("last_error = ?", runErr).Set("last_imported = ?", imported)
	if fetchedUntil != nil {
		q = q.Set("fetched_until = ?", fetchedUntil.UTC())
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("record connector run of site %d: %w", siteID, err)
	}
	return nil
}
