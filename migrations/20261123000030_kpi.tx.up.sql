-- KPIs, quality, complaints, reviews, feedback and strain. KPI tables keep
-- additive counts, never ratios: dashboards add counts over any period and
-- divide, so that a ratio is never an average of ratios.
CREATE TABLE kpi_interval (
    queue_id              BIGINT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    interval_start        {{.Time}} NOT NULL,
    interval_seconds      INTEGER NOT NULL,
    offered               INTEGER NOT NULL,
    answered              INTEGER NOT NULL,
    abandoned             INTEGER NOT NULL,
    short_abandoned       INTEGER NOT NULL,
    answered_in_sl        INTEGER NOT NULL,
    sl_base               INTEGER NOT NULL, -- the service-level denominator under sl_formula
    wait_seconds          DOUBLE PRECISION NOT NULL, -- sum over answered contacts
    handle_seconds        DOUBLE PRECISION NOT NULL, -- sum of talk + hold + acw of answered contacts
    sl_formula            TEXT NOT NULL,
    threshold_seconds     INTEGER NOT NULL,
    short_abandon_seconds INTEGER NOT NULL,
    computed_at           {{.Time}} NOT NULL,
    PRIMARY KEY (queue_id, interval_start)
);
--bun:split
CREATE TABLE kpi_agent_day (
    agent_id                 BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    day                      TEXT NOT NULL, -- YYYY-MM-DD in the agent's site zone
    handled                  INTEGER NOT NULL,
    handle_seconds           DOUBLE PRECISION NOT NULL,
    difficult                INTEGER NOT NULL,
    available_seconds        DOUBLE PRECISION NOT NULL,
    contact_seconds          DOUBLE PRECISION NOT NULL,
    acw_seconds              DOUBLE PRECISION NOT NULL,
    scheduled_seconds        DOUBLE PRECISION NOT NULL,
    scheduled_work_seconds   DOUBLE PRECISION NOT NULL,
    out_of_adherence_seconds DOUBLE PRECISION NOT NULL,
    resolved_known           INTEGER NOT NULL,
    resolved                 INTEGER NOT NULL,
    csat_scored              INTEGER NOT NULL,
    csat_good                INTEGER NOT NULL,
    computed_at              {{.Time}} NOT NULL,
    PRIMARY KEY (agent_id, day)
);
--bun:split
CREATE INDEX kpi_agent_day_day ON kpi_agent_day (day);
--bun:split
-- Alerts a supervisor reads: high-risk contacts, overdue complaint
-- follow-ups, strained agents. dedupe_key makes raising one twice a no-op.
CREATE TABLE alerts (
    id         {{.ID}},
    kind       TEXT NOT NULL, -- high_risk_contact | complaint_overdue | strain
    team_id    BIGINT REFERENCES teams (id) ON DELETE CASCADE,
    agent_id   BIGINT REFERENCES agents (id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    message    TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    created_at {{.Time}} NOT NULL,
    read_at    {{.Time}},
    read_by    BIGINT REFERENCES users (id)
);
--bun:split
CREATE INDEX alerts_team ON alerts (team_id, created_at);
--bun:split
CREATE TABLE quality_forms (
    id         {{.ID}},
    name       TEXT NOT NULL UNIQUE,
    items      {{.JSON}} NOT NULL,
    is_default {{.Bool}} NOT NULL DEFAULT FALSE,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE evaluations (
    id                {{.ID}},
    form_id           BIGINT NOT NULL REFERENCES quality_forms (id),
    contact_id        TEXT NOT NULL,
    agent_id          BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    evaluator_user_id BIGINT NOT NULL REFERENCES users (id),
    answers           {{.JSON}} NOT NULL,
    comments          TEXT NOT NULL DEFAULT '',
    total             DOUBLE PRECISION, -- NULL when no item applied
    critical_failed   {{.JSON}} NOT NULL,
    dimensions        {{.JSON}} NOT NULL,
    evaluated_at      {{.Time}} NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        {{.Time}} NOT NULL,
    updated_at        {{.Time}} NOT NULL,
    UNIQUE (contact_id, evaluator_user_id, form_id)
);
--bun:split
CREATE INDEX evaluations_agent ON evaluations (agent_id, evaluated_at);
--bun:split
CREATE TABLE complaints (
    id            {{.ID}},
    contact_id    TEXT NOT NULL DEFAULT '',
    customer      TEXT NOT NULL,
    agent_id      BIGINT REFERENCES agents (id) ON DELETE SET NULL,
    about         TEXT NOT NULL,
    wants         TEXT NOT NULL,
    recorded_at   {{.Time}} NOT NULL,
    status        TEXT NOT NULL,
    valid         {{.Bool}} NOT NULL DEFAULT FALSE,
    category      TEXT NOT NULL DEFAULT '',
    owner         TEXT NOT NULL DEFAULT '',
    remedy        TEXT NOT NULL DEFAULT '',
    resolved_at   {{.Time}},
    notified_at   {{.Time}},
    closed_at     {{.Time}},
    follow_up_due {{.Time}},
    resolutions   INTEGER NOT NULL DEFAULT 0,
    reopens       INTEGER NOT NULL DEFAULT 0,
    steps         {{.JSON}} NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    {{.Time}} NOT NULL,
    updated_at    {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX complaints_recorded ON complaints (recorded_at);
--bun:split
CREATE TABLE scorecards (
    id         {{.ID}},
    name       TEXT NOT NULL UNIQUE,
    team_id    BIGINT REFERENCES teams (id) ON DELETE CASCADE, -- NULL: the center's default
    items      {{.JSON}} NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE reviews (
    id              {{.ID}},
    agent_id        BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    cycle           TEXT NOT NULL, -- YYYY-MM
    scorecard_id    BIGINT REFERENCES scorecards (id) ON DELETE SET NULL,
    draft           {{.JSON}} NOT NULL, -- score, quality, complaints, strengths, gaps
    plan            {{.JSON}} NOT NULL, -- PDCA items, carried into the next cycle
    status          TEXT NOT NULL, -- draft | shared | acknowledged
    read_at         {{.Time}},
    acknowledged_at {{.Time}},
    agent_comment   TEXT NOT NULL DEFAULT '',
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      {{.Time}} NOT NULL,
    updated_at      {{.Time}} NOT NULL,
    UNIQUE (agent_id, cycle)
);
--bun:split
CREATE TABLE review_comments (
    id             {{.ID}},
    review_id      BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    author_user_id BIGINT NOT NULL REFERENCES users (id),
    body           TEXT NOT NULL,
    created_at     {{.Time}} NOT NULL
);
--bun:split
CREATE TABLE feedback (
    id              {{.ID}},
    agent_id        BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    author_user_id  BIGINT NOT NULL REFERENCES users (id),
    body            TEXT NOT NULL,
    created_at      {{.Time}} NOT NULL,
    read_at         {{.Time}},
    acknowledged_at {{.Time}}
);
--bun:split
CREATE INDEX feedback_agent ON feedback (agent_id, created_at);
--bun:split
CREATE TABLE strain_days (
    agent_id     BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    day          TEXT NOT NULL, -- YYYY-MM-DD in the agent's site zone
    strain_index DOUBLE PRECISION NOT NULL,
    alert        {{.Bool}} NOT NULL,
    action       TEXT NOT NULL DEFAULT '',
    factors      {{.JSON}} NOT NULL,
    reasons      {{.JSON}} NOT NULL,
    computed_at  {{.Time}} NOT NULL,
    PRIMARY KEY (agent_id, day)
);
