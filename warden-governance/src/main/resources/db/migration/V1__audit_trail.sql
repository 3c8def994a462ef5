-- The audit trail: append-only, each record chained to the previous by SHA-256 (see docs/governance.md,
-- "The audit chain"). One portable subset for SQLite and PostgreSQL: TEXT, BIGINT, epoch milliseconds.
CREATE TABLE audit_record (
    seq         BIGINT PRIMARY KEY,
    recorded_at BIGINT NOT NULL,
    kind        TEXT   NOT NULL,
    account_id  TEXT,
    region      TEXT,
    session_id  TEXT,
    target      TEXT,
    payload     TEXT   NOT NULL,
    prev_hash   TEXT   NOT NULL,
    hash        TEXT   NOT NULL
);

CREATE INDEX audit_record_kind_time ON audit_record (kind, recorded_at);
CREATE INDEX audit_record_session ON audit_record (session_id);
