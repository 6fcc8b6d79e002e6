-- Long-range capacity plans: each row is one scenario for a site's skill
-- (its assumptions as JSON), edited with a version like other entities.
CREATE TABLE capacity_plans (
    id          {{.ID}},
    site_id     BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    skill_id    BIGINT NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    weeks       INTEGER NOT NULL,
    assumptions TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  {{.Time}} NOT NULL,
    updated_at  {{.Time}} NOT NULL,
    UNIQUE (site_id, skill_id, name)
);
