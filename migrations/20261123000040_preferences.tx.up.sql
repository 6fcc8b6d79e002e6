-- Agents' shift preferences: standing ones by weekday (weekday set, date
-- empty) and dated ones (date set, weekday NULL). work true: she would like
-- to work that day (that shift template when shift_code is set, a template
-- whose start window holds start_time when that is); false: she would
-- rather not. The roster build turns them into the problem's soft
-- requests, each agent's weights scaled to the same budget per horizon.
CREATE TABLE shift_preferences (
    id         {{.ID}},
    agent_id   BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    team_id    BIGINT NOT NULL REFERENCES teams (id),
    weekday    INTEGER, -- 0 = Sunday .. 6 = Saturday, for a standing preference
    date       TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD, for a dated one
    shift_code TEXT NOT NULL DEFAULT '', -- a shift template's code; '' = any shift
    start_time TEXT NOT NULL DEFAULT '', -- HH:MM she would like to start at; '' = any
    work       {{.Bool}} NOT NULL,
    strength   INTEGER NOT NULL, -- 1 (nice to have) .. 3 (matters a lot)
    note       TEXT NOT NULL DEFAULT '',
    version    BIGINT NOT NULL DEFAULT 1,
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX shift_preferences_agent ON shift_preferences (agent_id, date);
--bun:split
CREATE INDEX shift_preferences_team ON shift_preferences (team_id);
