-- Planning: forecast runs with their intervals (drafts, then published
-- snapshots kept for ever), the special-day calendar, and the accuracy of
-- published forecasts against what happened.
CREATE TABLE forecast_runs (
    id               {{.ID}},
    queue_id         BIGINT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    horizon_start    {{.Time}} NOT NULL, -- first interval forecast; the history used ends here
    horizon_end      {{.Time}} NOT NULL, -- end of the last interval
    interval_seconds INTEGER NOT NULL,
    method           TEXT NOT NULL,      -- what produced the volume (auto's choice, or a combination a+b)
    backtest         {{.JSON}},          -- every method's rolling-origin WAPE
    history_days     INTEGER NOT NULL,   -- days of history the run was fitted on
    status           TEXT NOT NULL DEFAULT 'draft', -- draft | published
    created_by       BIGINT REFERENCES users (id) ON DELETE SET NULL, -- NULL: the system (a job)
    published_at     {{.Time}},
    published_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    published_auto   {{.Bool}} NOT NULL DEFAULT FALSE, -- published by the nightly job
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       {{.Time}} NOT NULL,
    updated_at       {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX forecast_runs_queue ON forecast_runs (queue_id, status, published_at);
--bun:split
CREATE TABLE forecast_intervals (
    run_id               BIGINT NOT NULL REFERENCES forecast_runs (id) ON DELETE CASCADE,
    interval_start       {{.Time}} NOT NULL,
    volume               DOUBLE PRECISION NOT NULL,
    volume_low           DOUBLE PRECISION NOT NULL, -- 80% prediction interval
    volume_high          DOUBLE PRECISION NOT NULL,
    aht_seconds          DOUBLE PRECISION NOT NULL,
    override_volume      DOUBLE PRECISION,          -- a planner's hand-set value
    override_aht_seconds DOUBLE PRECISION,
    override_by          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    override_reason      TEXT,
    override_at          {{.Time}},
    PRIMARY KEY (run_id, interval_start)
);
--bun:split
CREATE INDEX forecast_intervals_start ON forecast_intervals (interval_start);
--bun:split
CREATE TABLE calendar_events (
    id         {{.ID}},
    site_id    BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    queue_id   BIGINT REFERENCES queues (id) ON DELETE CASCADE, -- NULL: every queue of the site
    date       TEXT NOT NULL,  -- YYYY-MM-DD, the site's local day
    kind       TEXT NOT NULL,  -- holiday | campaign | billing | outage | anomaly (kept out of training)
    name       TEXT NOT NULL DEFAULT '',
    multiplier DOUBLE PRECISION, -- hand-set effect on volume; NULL: learned from past occurrences
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX calendar_events_site_date ON calendar_events (site_id, date);
--bun:split
CREATE TABLE forecast_accuracy (
    queue_id        BIGINT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    day             TEXT NOT NULL, -- YYYY-MM-DD, the site's local day
    intervals       INTEGER NOT NULL,
    actual          DOUBLE PRECISION NOT NULL,
    forecast        DOUBLE PRECISION NOT NULL,
    abs_error       DOUBLE PRECISION NOT NULL,
    wape            DOUBLE PRECISION, -- NULL: no contacts that day
    mape            DOUBLE PRECISION,
    bias            DOUBLE PRECISION,
    computed_at     {{.Time}} NOT NULL,
    PRIMARY KEY (queue_id, day)
);
--bun:split
CREATE TABLE forecast_accuracy_intervals (
    queue_id       BIGINT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    interval_start {{.Time}} NOT NULL,
    day            TEXT NOT NULL,
    run_id         BIGINT NOT NULL REFERENCES forecast_runs (id) ON DELETE CASCADE, -- the snapshot judged
    forecast       DOUBLE PRECISION NOT NULL,
    actual         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (queue_id, interval_start)
);
