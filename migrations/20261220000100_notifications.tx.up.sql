-- Notifications and outgoing webhooks (issue 20). The use cases append a
-- domain event to this outbox in the transaction of the change; the jobs
-- fan each event out (notifications of the people concerned, a delivery
-- per webhook registered for its kind) and mark it dispatched.
CREATE TABLE events (
    id            {{.ID}},
    kind          TEXT NOT NULL,        -- roster.published, timeoff.decided, ... (store.EventKinds)
    event_key     TEXT NOT NULL UNIQUE, -- the same change appends its event once
    subject       TEXT NOT NULL,        -- e.g. schedule 12
    payload       TEXT NOT NULL,        -- JSON, the webhook body's data
    created_at    {{.Time}} NOT NULL,
    dispatched_at {{.Time}}
);
--bun:split
CREATE INDEX events_dispatch ON events (dispatched_at, id);
--bun:split
ALTER TABLE notifications ADD COLUMN event_id BIGINT;
--bun:split
ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';
--bun:split
-- Email of a notification: '' none, queued, sent, failed (given up).
ALTER TABLE notifications ADD COLUMN email_status TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE notifications ADD COLUMN email_to TEXT NOT NULL DEFAULT '';
--bun:split
-- Set when the email is queued, before any attempt: a resend after a
-- crash carries the same Message-ID.
ALTER TABLE notifications ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE notifications ADD COLUMN email_attempts INTEGER NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE notifications ADD COLUMN email_next_at {{.Time}};
--bun:split
ALTER TABLE notifications ADD COLUMN email_sent_at {{.Time}};
--bun:split
ALTER TABLE notifications ADD COLUMN email_error TEXT NOT NULL DEFAULT '';
--bun:split
CREATE UNIQUE INDEX notifications_event_user ON notifications (event_id, user_id);
--bun:split
CREATE INDEX notifications_email_due ON notifications (email_status, email_next_at);
--bun:split
-- Each person's address and choice per kind (JSON {"kind": "app"|"email"|"none"}).
CREATE TABLE notification_settings (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT NOT NULL DEFAULT '',
    channels   TEXT NOT NULL DEFAULT '{}',
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE webhooks (
    id         {{.ID}},
    url        TEXT NOT NULL,
    kinds      TEXT NOT NULL, -- comma-separated event kinds
    secret     TEXT NOT NULL, -- signs the bodies; shown once, when registered
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE webhook_deliveries (
    id           {{.ID}},
    webhook_id   BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id     BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status       TEXT NOT NULL, -- pending, delivered, failed (given up)
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      {{.Time}},
    status_code  INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    delivered_at {{.Time}},
    created_at   {{.Time}} NOT NULL,
    updated_at   {{.Time}} NOT NULL,
    UNIQUE (webhook_id, event_id)
);
--bun:split
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
