-- Dashboard sign-in (issue 7): a session per browser, found by the SHA-256 of its random cookie value.
CREATE TABLE sessions (
    id_hash    TEXT   PRIMARY KEY,
    tenant_id  TEXT   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    csrf_token TEXT   NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX ix_sessions_expires ON sessions (expires_at);
