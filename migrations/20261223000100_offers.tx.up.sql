-- Overtime and voluntary time off offers (issue 15, item 4): a supervisor
-- offers the agents who could close the rest of today's gap (or take time
-- off when over-staffed) to work longer or shorter; each recipient accepts
-- or declines, first come, up to the number needed. An accepted offer is
-- applied to the published roster as a checked edit (a new published
-- version), named on her row.
CREATE TABLE offers (
    id          {{.ID}},
    site_id     BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    queue_id    BIGINT REFERENCES queues (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,      -- overtime | vto
    side        TEXT NOT NULL,      -- end (stay on / leave early) | start (come earlier / come later)
    day         TEXT NOT NULL,      -- the site's local day, YYYY-MM-DD
    minutes     INTEGER NOT NULL,   -- 0 = each recipient's own, from the gap
    gap_start   {{.Time}},          -- the interval the offer is to cover (overtime), when from the monitor
    gap_end     {{.Time}},
    needed      INTEGER NOT NULL,   -- how many agents may accept
    filled      INTEGER NOT NULL DEFAULT 0, -- how many did
    expires_at  {{.Time}} NOT NULL,
    status      TEXT NOT NULL,      -- open | cancelled (filled and expired are read from filled and expires_at)
    note        TEXT NOT NULL DEFAULT '',
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  {{.Time}} NOT NULL,
    updated_at  {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX offers_site_day ON offers (site_id, day);
--bun:split
CREATE TABLE offer_recipients (
    offer_id            BIGINT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    agent_id            BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    minutes             INTEGER NOT NULL,  -- how much longer or shorter her shift would be
    status              TEXT NOT NULL,     -- pending | accepted | declined
    responded_at        {{.Time}},
    schedule_version_id BIGINT REFERENCES schedule_versions (id) ON DELETE SET NULL, -- the published version her acceptance made
    PRIMARY KEY (offer_id, agent_id)
);
--bun:split
CREATE INDEX offer_recipients_agent ON offer_recipients (agent_id, status);
