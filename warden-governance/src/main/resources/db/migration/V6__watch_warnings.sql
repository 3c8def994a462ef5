-- The warnings `warden govern watch` has sent (see docs/governance.md, "Watch"), so that a restarted watch does not
-- send a session's warning again. Replicas claim theirs as side effects under their leases (side_effect) instead.
CREATE TABLE watch_warning (
    account_id TEXT   NOT NULL,
    region     TEXT   NOT NULL,
    session_id TEXT   NOT NULL,
    sent_at    BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, session_id)
);
