-- Rosters: shift templates, schedule versions (draft, published,
-- superseded) with their problem and solution, the builds that make
-- drafts, time off with per-team daily allowances, shift swaps, calendar
-- feed keys and the reminders jobs leave for supervisors.
CREATE TABLE shift_templates (
    id                    {{.ID}},
    site_id               BIGINT NOT NULL REFERENCES sites (id),
    code                  TEXT NOT NULL, -- the id the schedule problem uses
    name                  TEXT NOT NULL,
    start                 TEXT NOT NULL, -- HH:MM local
    latest_start          TEXT NOT NULL DEFAULT '', -- '' = only at start
    duration_minutes      INTEGER NOT NULL,
    breaks                {{.JSON}} NOT NULL, -- [{duration_minutes, earliest_offset_minutes, latest_offset_minutes, paid}]
    cannot_be_followed_by {{.JSON}} NOT NULL, -- template codes
    version               BIGINT NOT NULL DEFAULT 1,
    created_at            {{.Time}} NOT NULL,
    updated_at            {{.Time}} NOT NULL,
    UNIQUE (site_id, code)
);
--bun:split
CREATE TABLE schedule_versions (
    id           {{.ID}},
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    start_date   TEXT NOT NULL, -- YYYY-MM-DD, day 0 of the problem
    days         INTEGER NOT NULL,
    status       TEXT NOT NULL, -- draft | published | superseded
    problem      {{.JSON}} NOT NULL, -- schedule.Problem
    solution     {{.JSON}} NOT NULL, -- schedule.Solution
    objective    DOUBLE PRECISION NOT NULL,
    feasible     {{.Bool}} NOT NULL,
    violations   {{.JSON}} NOT NULL, -- what the checker finds now (kept when an edit was forced)
    based_on     BIGINT REFERENCES schedule_versions (id),
    created_by   BIGINT REFERENCES users (id),
    published_by BIGINT REFERENCES users (id),
    published_at {{.Time}},
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   {{.Time}} NOT NULL,
    updated_at   {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX schedule_versions_site ON schedule_versions (site_id, status, start_date);
--bun:split
CREATE TABLE schedule_builds (
    id                  {{.ID}},
    site_id             BIGINT NOT NULL REFERENCES sites (id),
    start_date          TEXT NOT NULL,
    days                INTEGER NOT NULL,
    status              TEXT NOT NULL, -- running | done | failed
    progress            {{.JSON}} NOT NULL, -- [{elapsed_ms, objective}]
    notes               {{.JSON}} NOT NULL, -- what the problem left out, and why
    error               TEXT NOT NULL DEFAULT '',
    schedule_version_id BIGINT REFERENCES schedule_versions (id),
    created_by          BIGINT REFERENCES users (id),
    started_at          {{.Time}} NOT NULL,
    ended_at            {{.Time}}
);
--bun:split
-- One build per site at a time, across replicas.
CREATE UNIQUE INDEX schedule_builds_one_running ON schedule_builds (site_id) WHERE status = 'running';
--bun:split
CREATE TABLE time_off_allowances (
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    date    TEXT NOT NULL, -- YYYY-MM-DD, or '' for every day without its own row
    allowed INTEGER NOT NULL, -- agents of the team who may be off that day
    PRIMARY KEY (team_id, date)
);
--bun:split
CREATE TABLE time_off_requests (
    id         {{.ID}},
    agent_id   BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    team_id    BIGINT NOT NULL REFERENCES teams (id),
    start_date TEXT NOT NULL, -- YYYY-MM-DD, first day off
    end_date   TEXT NOT NULL, -- YYYY-MM-DD, last day off (inclusive)
    kind       TEXT NOT NULL, -- vacation | personal | sick | training
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL, -- pending | approved | waitlisted | refused | cancelled
    decided_by BIGINT REFERENCES users (id),
    decided_at {{.Time}},
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX time_off_requests_team ON time_off_requests (team_id, status, start_date);
--bun:split
CREATE TABLE swap_requests (
    id                  {{.ID}},
    schedule_version_id BIGINT NOT NULL REFERENCES schedule_versions (id),
    from_agent_id       BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    from_date           TEXT NOT NULL, -- the day whose shift she gives
    to_agent_id         BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    to_date             TEXT NOT NULL, -- the day whose shift she takes in return
    note                TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL, -- pending | approved | refused | cancelled
    violations          {{.JSON}} NOT NULL, -- what the checker found for the swap
    decided_by          BIGINT REFERENCES users (id),
    decided_at          {{.Time}},
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          {{.Time}} NOT NULL,
    updated_at          {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE calendar_feeds (
    agent_id   BIGINT PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
    key_hash   TEXT NOT NULL UNIQUE, -- sha256 of the feed key; the key is shown once
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE notifications (
    id         {{.ID}},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL, -- e.g. pending-requests
    message    TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    read_at    {{.Time}}
);
--bun:split
CREATE INDEX notifications_user ON notifications (user_id, created_at);
