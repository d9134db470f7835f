-- Alerts (issue 5). Channels and rules belong to a tenant; an alert that fired is a row, and each channel it goes to is
-- a delivery row: the outbox that silos work through, so that a fired alert survives crashes and restarts.
CREATE TABLE alert_channels (
    id         TEXT   PRIMARY KEY,
    tenant_id  TEXT   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    target     TEXT   NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_alert_channels_tenant ON alert_channels (tenant_id);

CREATE TABLE alert_rules (
    id                TEXT    PRIMARY KEY,
    tenant_id         TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    domain            TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    threshold_percent REAL,
    min_sessions      INTEGER,
    channels          TEXT    NOT NULL,
    cooldown_minutes  INTEGER NOT NULL,
    created_at        INTEGER  NOT NULL,
    last_fired_at     INTEGER,
    -- When the rule is next evaluated by a silo (reporter-silent rules only; others are evaluated as events arrive).
    next_evaluation_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_alert_rules_domain ON alert_rules (domain);
CREATE INDEX ix_alert_rules_tenant ON alert_rules (tenant_id);
CREATE INDEX ix_alert_rules_evaluation ON alert_rules (next_evaluation_at) WHERE kind = 'reporter-silent';

CREATE TABLE alerts (
    id          TEXT   PRIMARY KEY,
    tenant_id   TEXT   NOT NULL,
    rule_id     text,
    domain      text,
    kind        TEXT   NOT NULL,
    occurred_at INTEGER NOT NULL,
    summary     TEXT   NOT NULL,
    details     TEXT   NOT NULL,
    -- What the alert is about (a day, a result type, a silent organization): a rule fires once per key.
    dedup_key   text,
    UNIQUE (rule_id, dedup_key)
);
CREATE INDEX ix_alerts_tenant ON alerts (tenant_id, occurred_at);

CREATE TABLE alert_deliveries (
    alert_id        TEXT    NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel_id      TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER  NOT NULL,
    give_up_at      INTEGER  NOT NULL,
    last_error      text,
    delivered_at    INTEGER,
    PRIMARY KEY (alert_id, channel_id)
);
CREATE INDEX ix_alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';

-- Keys the platform generates for itself when none is configured (the webhook signing key).
CREATE TABLE platform_keys (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
