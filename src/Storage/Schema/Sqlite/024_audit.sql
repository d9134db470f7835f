-- Audit log (issue 13): every change through the tenant API and every dashboard sign-in, with who, when, from where
-- and what. Never a request body, a key or a token: "what" is the route, its route values and the Location answered.
-- Pruned after Audit:RetentionDays.
CREATE TABLE audit_events (
    id         TEXT     PRIMARY KEY,
    tenant_id  TEXT     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    at         INTEGER  NOT NULL,
    actor_kind TEXT     NOT NULL,
    key_id     TEXT,
    key_name   TEXT,
    address    TEXT,
    action     TEXT     NOT NULL,
    target     TEXT     NOT NULL,
    status     INTEGER  NOT NULL
);
CREATE INDEX ix_audit_events_tenant_at ON audit_events (tenant_id, at);
CREATE INDEX ix_audit_events_at ON audit_events (at);
