-- What `warden govern watch` must remember across deliveries and restarts (see docs/governance.md, "Watch"):
-- the events already handled (EventBridge delivers at least once) and the sessions known to have ended (so that a
-- StartSession delivered after its TerminateSession does not bring the session back).
CREATE TABLE watch_event (
    event_id   TEXT   PRIMARY KEY,
    event_name TEXT   NOT NULL,
    handled_at BIGINT NOT NULL
);

CREATE TABLE watch_ended_session (
    account_id TEXT   NOT NULL,
    region     TEXT   NOT NULL,
    session_id TEXT   NOT NULL,
    ended_at   BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, session_id)
);
