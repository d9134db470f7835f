-- Same data model as PostgreSql/001_initial.sql, in SQLite's types. Keep the two in step.
CREATE TABLE OrleansQuery (
    QueryKey  TEXT PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE OrleansStorage (
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NOT NULL DEFAULT '',
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL
);
CREATE UNIQUE INDEX UX_OrleansStorage_Grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId);

CREATE TABLE tenants (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
    key_hash   TEXT    PRIMARY KEY,
    tenant_id  TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE domains (
    name         TEXT    PRIMARY KEY,
    tenant_id    TEXT    NOT NULL REFERENCES tenants (id),
    report_token TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
);
CREATE INDEX ix_domains_tenant ON domains (tenant_id, name);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    domain       TEXT    NOT NULL,
    organization TEXT    NOT NULL,
    report_id    TEXT    NOT NULL,
    day          INTEGER NOT NULL,
    start_at     INTEGER NOT NULL,
    end_at       INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    channel      TEXT    NOT NULL,
    submitter    TEXT,
    dkim         TEXT,
    successful   INTEGER NOT NULL,
    failed       INTEGER NOT NULL,
    deviations   TEXT    NOT NULL,
    ingest_nonce TEXT    NOT NULL,
    raw          BLOB    NOT NULL,
    UNIQUE (domain, organization, report_id)
);
CREATE INDEX ix_reports_domain_day ON reports (domain, day);
CREATE INDEX ix_reports_day ON reports (day);

CREATE TABLE daily_totals (
    domain     TEXT    NOT NULL,
    day        INTEGER NOT NULL,
    reports    INTEGER NOT NULL,
    successful INTEGER NOT NULL,
    failed     INTEGER NOT NULL,
    PRIMARY KEY (domain, day)
);
CREATE INDEX ix_daily_totals_day ON daily_totals (day);

CREATE TABLE daily_breakdown (
    domain    TEXT    NOT NULL,
    day       INTEGER NOT NULL,
    dimension INTEGER NOT NULL,
    key       TEXT    NOT NULL,
    sessions  INTEGER NOT NULL,
    PRIMARY KEY (domain, day, dimension, key)
);
CREATE INDEX ix_daily_breakdown_day ON daily_breakdown (day);
