-- Replicas on PostgreSQL (see docs/governance.md, "Replicas on PostgreSQL"). The portable subset of V1: TEXT,
-- BIGINT, epoch milliseconds; the same tables serve a single SQLite process.

-- A lease on a named unit of work (an account x region pair, a replica's own presence). fence grows by one at each
-- new holder, so that an action stamped with an older fence can be told from the current holder's.
CREATE TABLE lease (
    unit       TEXT   PRIMARY KEY,
    holder     TEXT,
    fence      BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX lease_holder ON lease (holder);

-- A side effect (an alert, a termination) claimed under a lease before it is done, so that it is done once.
-- done_at stays empty until its audit records are appended, in the same transaction.
CREATE TABLE side_effect (
    effect_key TEXT   PRIMARY KEY,
    unit       TEXT   NOT NULL,
    holder     TEXT   NOT NULL,
    fence      BIGINT NOT NULL,
    claimed_at BIGINT NOT NULL,
    done_at    BIGINT
);

-- One row that every append to audit_record updates first: the row lock (PostgreSQL) or the write lock (SQLite)
-- it takes makes appends from several processes queue on the chain's head instead of reading the same head.
CREATE TABLE audit_append_lock (
    id      BIGINT PRIMARY KEY,
    appends BIGINT NOT NULL
);

INSERT INTO audit_append_lock (id, appends) VALUES (1, 0);
