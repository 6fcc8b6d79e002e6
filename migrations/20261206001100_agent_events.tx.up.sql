-- The live agent state feed (POST /api/v1/agent-events). Each event is
-- kept once, by its source's id, so that a batch sent again changes
-- nothing; the agent's state spans (agent_states) are made from them.
CREATE TABLE agent_events (
    source      TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    agent_id    BIGINT NOT NULL REFERENCES agents (id),
    at          {{.Time}} NOT NULL,
    acd_state   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    state       TEXT NOT NULL, -- the product's state the ACD's maps to
    received_at {{.Time}} NOT NULL,
    seq         BIGINT NOT NULL, -- order of arrival, for two changes at one instant
    PRIMARY KEY (source, event_id)
);
--bun:split
CREATE INDEX agent_events_agent_at ON agent_events (agent_id, at);
--bun:split
-- How an ACD's state and reason codes map to the product's states; an
-- empty reason is the state's mapping whatever the reason.
CREATE TABLE state_mappings (
    acd_state TEXT NOT NULL,
    reason    TEXT NOT NULL,
    state     TEXT NOT NULL,
    PRIMARY KEY (acd_state, reason)
);
--bun:split
-- An integration token may only send data (agent events), nothing else.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '';
