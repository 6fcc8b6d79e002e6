-- Agents by team: every supervisor's read (her teams' agents, a team's
-- week of shifts, the board) and every scope filter selects agents by
-- team. Without it PostgreSQL scanned the whole agents table for each:
-- 2.9 of a team week's 3.6 ms at 2,100 agents (EXPLAIN ANALYZE in the
-- reads benchmark's center), growing with the center.
CREATE INDEX agents_team ON agents (team_id);
