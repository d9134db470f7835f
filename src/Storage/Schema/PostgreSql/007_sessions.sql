-- Dashboard sign-in (issue 7): a session per browser, found by the SHA-256 of its random cookie value.
CREATE TABLE sessions (
    id_hash    text   PRIMARY KEY,
    tenant_id  text   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    csrf_token text   NOT NULL,
    expires_at bigint NOT NULL
);
CREATE INDEX ix_sessions_expires ON sessions (expires_at);
