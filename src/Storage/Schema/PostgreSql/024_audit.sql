-- Audit log (issue 13): every change through the tenant API and every dashboard sign-in, with who, when, from where
-- and what. Never a request body, a key or a token: "what" is the route, its route values and the Location answered.
-- Pruned after Audit:RetentionDays.
CREATE TABLE audit_events (
    id         text     PRIMARY KEY,
    tenant_id  text     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    at         bigint   NOT NULL,
    actor_kind text     NOT NULL,
    key_id     text,
    key_name   text,
    address    text,
    action     text     NOT NULL,
    target     text     NOT NULL,
    status     integer  NOT NULL
);
CREATE INDEX ix_audit_events_tenant_at ON audit_events (tenant_id, at);
CREATE INDEX ix_audit_events_at ON audit_events (at);
