-- The activities of the published rosters, placed on the calendar: one
-- row per shift and per break of every assignment of a published (or
-- once published, now superseded) schedule version, so that reading an
-- agent's month, a team's week or a site's day is an index range instead
-- of a walk through every version's problem and solution. Written in the
-- transaction that publishes the version; superseded with it. The version
-- keeps its problem and solution for audit, diffs and rebuilds.
CREATE TABLE published_activities (
    id                  {{.ID}},
    schedule_version_id BIGINT NOT NULL REFERENCES schedule_versions (id) ON DELETE CASCADE,
    status              TEXT NOT NULL, -- the version's: published | superseded
    agent_id            BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    site_id             BIGINT NOT NULL REFERENCES sites (id), -- the version's site
    team_id             BIGINT NOT NULL, -- the agent's team when the version was published
    day                 TEXT NOT NULL, -- YYYY-MM-DD, the local day of the assignment (a break's too)
    kind                TEXT NOT NULL, -- shift | break (paid) | lunch (unpaid)
    shift               TEXT NOT NULL, -- the template code of the assignment
    skill               TEXT NOT NULL DEFAULT '',
    paid                {{.Bool}} NOT NULL,
    start_at            {{.Time}} NOT NULL,
    end_at              {{.Time}} NOT NULL,
    zone                TEXT NOT NULL, -- the version's time zone ('' = UTC), to show times as placed
    assignment          INTEGER NOT NULL, -- the assignment's rank in the version's solution
    position            INTEGER NOT NULL -- 0 the shift, i+1 its i-th break
);
--bun:split
-- This agent between these instants; a team's are its agents' (the
-- team a reader asks for is the one her agents are in now, which is not
-- always team_id: agents move).
CREATE INDEX published_activities_agent ON published_activities (agent_id, start_at) WHERE status = 'published';
--bun:split
-- This site between these instants (the board, adherence, the queue monitor).
CREATE INDEX published_activities_site ON published_activities (site_id, start_at) WHERE status = 'published';
--bun:split
-- A version's rows: superseding it, diffing it against its base.
CREATE INDEX published_activities_version ON published_activities (schedule_version_id, day);
