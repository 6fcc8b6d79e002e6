-- Staffing requirements per queue and interval: what the forecast and the
-- service goal ask for. Planning writes them; rosters are built to cover
-- them; dashboards compare them with scheduled coverage.
CREATE TABLE requirements (
    queue_id         BIGINT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    interval_start   {{.Time}} NOT NULL,
    interval_seconds INTEGER NOT NULL,
    volume           DOUBLE PRECISION NOT NULL,
    aht_seconds      DOUBLE PRECISION NOT NULL,
    agents           INTEGER NOT NULL,           -- on the queue, by Erlang C / A
    scheduled        DOUBLE PRECISION NOT NULL,  -- agents / (1 - shrinkage)
    service_level    DOUBLE PRECISION,
    asa_seconds      DOUBLE PRECISION,
    occupancy        DOUBLE PRECISION,
    abandon_rate     DOUBLE PRECISION,
    source           TEXT NOT NULL,              -- what produced it, e.g. "forecast 12"
    computed_at      {{.Time}} NOT NULL,
    PRIMARY KEY (queue_id, interval_start)
);
