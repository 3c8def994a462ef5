-- The live view of active sessions: what the last pass (or, in watch mode, the last event) knows of each session
-- that is running now. Unlike the audit trail it is a current state, rewritten freely; the trail keeps the
-- history. Times are epoch milliseconds; deadline_at is null when the session's tier sets no maximum.
CREATE TABLE active_session (
    account_id   TEXT   NOT NULL,
    region       TEXT   NOT NULL,
    session_id   TEXT   NOT NULL,
    target       TEXT   NOT NULL,
    principal    TEXT   NOT NULL,
    tier         TEXT   NOT NULL,
    owner_tag    TEXT,
    document     TEXT,
    started_at   BIGINT NOT NULL,
    deadline_at  BIGINT,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, session_id)
);

-- The dashboard pages sessions by deadline, filtered by any of these.
CREATE INDEX active_session_deadline ON active_session (deadline_at, started_at);
CREATE INDEX active_session_tier ON active_session (tier, deadline_at);
CREATE INDEX active_session_principal ON active_session (principal, deadline_at);
