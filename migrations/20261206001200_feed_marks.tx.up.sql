-- The latest feed change per team: the live intraday board of every
-- replica polls its team's mark (one row) and redraws when it moves.
CREATE TABLE feed_marks (
    team_id BIGINT PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    seq     BIGINT NOT NULL
);
