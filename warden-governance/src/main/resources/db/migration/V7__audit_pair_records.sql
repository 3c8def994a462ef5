-- Records about an account × region as a whole (coverage observations, preference findings) are few beside the
-- records of sessions; the KPIs read them by kind and time, and this partial index keeps that read small on a
-- trail of millions of session records. SQLite and PostgreSQL both support partial indexes.
CREATE INDEX audit_record_pair_kind_time ON audit_record (kind, recorded_at) WHERE session_id IS NULL;
