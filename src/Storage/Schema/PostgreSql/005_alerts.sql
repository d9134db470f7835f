-- Alerts (issue 5). Channels and rules belong to a tenant; an alert that fired is a row, and each channel it goes to is
-- a delivery row: the outbox that silos work through, so that a fired alert survives crashes and restarts.
CREATE TABLE alert_channels (
    id         text   PRIMARY KEY,
    tenant_id  text   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind       text   NOT NULL,
    target     text   NOT NULL,
    created_at bigint NOT NULL
);
CREATE INDEX ix_alert_channels_tenant ON alert_channels (tenant_id);

CREATE TABLE alert_rules (
    id                text    PRIMARY KEY,
    tenant_id         text    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    domain            text    NOT NULL,
    kind              text    NOT NULL,
    threshold_percent double precision,
    min_sessions      bigint,
    channels          text    NOT NULL,
    cooldown_minutes  integer NOT NULL,
    created_at        bigint  NOT NULL,
    last_fired_at     bigint,
    -- When the rule is next evaluated by a silo (reporter-silent rules only; others are evaluated as events arrive).
    next_evaluation_at bigint NOT NULL DEFAULT 0
);
CREATE INDEX ix_alert_rules_domain ON alert_rules (domain);
CREATE INDEX ix_alert_rules_tenant ON alert_rules (tenant_id);
CREATE INDEX ix_alert_rules_evaluation ON alert_rules (next_evaluation_at) WHERE kind = 'reporter-silent';

CREATE TABLE alerts (
    id          text   PRIMARY KEY,
    tenant_id   text   NOT NULL,
    rule_id     text,
    domain      text,
    kind        text   NOT NULL,
    occurred_at bigint NOT NULL,
    summary     text   NOT NULL,
    details     text   NOT NULL,
    -- What the alert is about (a day, a result type, a silent organization): a rule fires once per key.
    dedup_key   text,
    UNIQUE (rule_id, dedup_key)
);
CREATE INDEX ix_alerts_tenant ON alerts (tenant_id, occurred_at);

CREATE TABLE alert_deliveries (
    alert_id        text    NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel_id      text    NOT NULL,
    status          text    NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at bigint  NOT NULL,
    give_up_at      bigint  NOT NULL,
    last_error      text,
    delivered_at    bigint,
    PRIMARY KEY (alert_id, channel_id)
);
CREATE INDEX ix_alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';

-- Keys the platform generates for itself when none is configured (the webhook signing key).
CREATE TABLE platform_keys (
    name  text PRIMARY KEY,
    value text NOT NULL
);
