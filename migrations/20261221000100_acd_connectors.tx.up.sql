-- A site's pull connector to its contact-center platform (Amazon Connect's
-- GetMetricDataV2): where its instance is, which of its queues are which
-- of ours, and the credentials, sealed with AES-GCM under the key of
-- WFM_CREDENTIALS_KEY (never stored in clear, never shown back).
-- fetched_until is the end of the last interval fetched: the next run
-- starts there (less an hour it fetches again, as the platform's counts of
-- the latest intervals still change).
CREATE TABLE acd_connectors (
    site_id        BIGINT PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    platform       TEXT NOT NULL,
    instance_arn   TEXT NOT NULL,
    region         TEXT NOT NULL,
    endpoint       TEXT NOT NULL DEFAULT '',
    queue_map      {{.JSON}} NOT NULL,
    credentials    TEXT NOT NULL DEFAULT '',
    enabled        {{.Bool}} NOT NULL,
    fetched_until  {{.Time}},
    last_run_at    {{.Time}},
    last_error     TEXT NOT NULL DEFAULT '',
    last_imported  INTEGER NOT NULL DEFAULT 0,
    updated_at     {{.Time}} NOT NULL
);
