-- The core model: where, what and who. Times are stored in UTC; each site
-- names the zone its days are counted in.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
--bun:split
CREATE TABLE sites (
    id         {{.ID}},
    name       TEXT NOT NULL UNIQUE,
    timezone   TEXT NOT NULL,
    open_hours {{.JSON}} NOT NULL, -- per weekday [open, close) wall-clock minutes
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE skills (
    id         {{.ID}},
    name       TEXT NOT NULL UNIQUE,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE queues (
    id                   {{.ID}},
    code                 TEXT NOT NULL UNIQUE, -- the id ACD files use
    name                 TEXT NOT NULL,
    site_id              BIGINT NOT NULL REFERENCES sites (id),
    skill_id             BIGINT REFERENCES skills (id),
    channel              TEXT NOT NULL,
    tier                 TEXT NOT NULL DEFAULT 'standard', -- standard | vip
    sl_target            DOUBLE PRECISION NOT NULL,
    sl_threshold_seconds INTEGER NOT NULL,
    asa_target_seconds   INTEGER,
    max_occupancy        DOUBLE PRECISION,
    concurrency          INTEGER NOT NULL DEFAULT 1,
    patience_seconds     INTEGER,
    shrinkage            DOUBLE PRECISION NOT NULL DEFAULT 0.3,
    short_abandon_seconds INTEGER NOT NULL DEFAULT 5,
    sl_formula           TEXT NOT NULL DEFAULT 'abandons-counted',
    response_deadline_seconds INTEGER, -- deferred channels (email)
    version              BIGINT NOT NULL DEFAULT 1,
    created_at           {{.Time}} NOT NULL,
    updated_at           {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE users (
    id            {{.ID}},
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL, -- agent | supervisor | manager | admin
    locale        TEXT NOT NULL DEFAULT 'en',
    active        {{.Bool}} NOT NULL DEFAULT TRUE,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    {{.Time}} NOT NULL,
    updated_at    {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE teams (
    id                 {{.ID}},
    name               TEXT NOT NULL UNIQUE,
    site_id            BIGINT NOT NULL REFERENCES sites (id),
    supervisor_user_id BIGINT REFERENCES users (id),
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         {{.Time}} NOT NULL,
    updated_at         {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE agents (
    id         {{.ID}},
    code       TEXT NOT NULL UNIQUE, -- the id ACD files use
    name       TEXT NOT NULL,
    team_id    BIGINT NOT NULL REFERENCES teams (id),
    user_id    BIGINT UNIQUE REFERENCES users (id),
    hire_date  TEXT NOT NULL, -- YYYY-MM-DD
    contract   {{.JSON}} NOT NULL, -- work rules, see store.Contract
    active     {{.Bool}} NOT NULL DEFAULT TRUE,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE agent_skills (
    agent_id    BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    skill_id    BIGINT NOT NULL REFERENCES skills (id),
    proficiency INTEGER NOT NULL, -- 1 (learning) .. 5 (expert)
    PRIMARY KEY (agent_id, skill_id)
);
--bun:split
CREATE TABLE api_tokens (
    id           {{.ID}},
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE, -- sha256 of the secret; the secret is shown once
    created_at   {{.Time}} NOT NULL,
    last_used_at {{.Time}},
    expires_at   {{.Time}}
);
--bun:split
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  {{.Time}} NOT NULL,
    expires_at  {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE interval_history (
    queue_id         BIGINT NOT NULL REFERENCES queues (id),
    interval_start   {{.Time}} NOT NULL,
    interval_seconds INTEGER NOT NULL,
    offered          INTEGER NOT NULL,
    answered         INTEGER,
    abandoned        INTEGER,
    answered_in_sl   INTEGER,
    aht_seconds      DOUBLE PRECISION,
    asa_seconds      DOUBLE PRECISION,
    PRIMARY KEY (queue_id, interval_start)
);
--bun:split
CREATE TABLE contacts (
    contact_id   TEXT PRIMARY KEY,
    queue_id     BIGINT NOT NULL REFERENCES queues (id),
    channel      TEXT NOT NULL,
    arrived_at   {{.Time}} NOT NULL,
    answered_at  {{.Time}},
    ended_at     {{.Time}},
    agent_id     BIGINT REFERENCES agents (id),
    talk_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    hold_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    acw_seconds  DOUBLE PRECISION NOT NULL DEFAULT 0,
    transferred  {{.Bool}} NOT NULL DEFAULT FALSE,
    resolved     {{.Bool}},
    csat         INTEGER,
    emotion      TEXT,
    complaint    {{.Bool}} NOT NULL DEFAULT FALSE,
    extensions   {{.JSON}}
);
--bun:split
CREATE INDEX contacts_queue_arrived ON contacts (queue_id, arrived_at);
--bun:split
CREATE INDEX contacts_agent_arrived ON contacts (agent_id, arrived_at);
--bun:split
CREATE TABLE agent_states (
    agent_id BIGINT NOT NULL REFERENCES agents (id),
    start_at {{.Time}} NOT NULL,
    end_at   {{.Time}} NOT NULL,
    state    TEXT NOT NULL,
    PRIMARY KEY (agent_id, start_at)
);
--bun:split
CREATE TABLE job_runs (
    id         {{.ID}},
    job        TEXT NOT NULL,
    started_at {{.Time}} NOT NULL,
    ended_at   {{.Time}},
    outcome    TEXT NOT NULL, -- running | ok | failed | skipped
    error      TEXT NOT NULL DEFAULT '',
    trigger    TEXT NOT NULL DEFAULT 'schedule' -- schedule | manual
);
--bun:split
CREATE INDEX job_runs_job_started ON job_runs (job, started_at);
--bun:split
CREATE TABLE audit_log (
    id        {{.ID}},
    at        {{.Time}} NOT NULL,
    user_id   BIGINT,
    action    TEXT NOT NULL, -- create | update | delete | import | publish | ...
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail    {{.JSON}}
);
--bun:split
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
