-- Orleans ADO.NET query contract: the providers read their SQL from this table at start-up.
CREATE TABLE orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text NOT NULL
);

-- Grain state (Orleans ADO.NET persistence). A NULL key extension is stored as '' so that the unique index
-- below covers every grain: upstream has no unique constraint, and duplicate rows have wedged grains (#11303).
CREATE TABLE orleansstorage (
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NOT NULL DEFAULT '',
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea,
    modifiedon             timestamptz  NOT NULL,
    version                integer      NOT NULL
);
CREATE UNIQUE INDEX ux_orleansstorage_grain
    ON orleansstorage (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid);

CREATE TABLE tenants (
    id         text   PRIMARY KEY,
    name       text   NOT NULL,
    created_at bigint NOT NULL
);

-- API keys are kept only as SHA-256 hashes (keys carry 256 random bits, so a fast hash is enough).
CREATE TABLE api_keys (
    key_hash   text   PRIMARY KEY,
    tenant_id  text   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created_at bigint NOT NULL
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE domains (
    name         text   PRIMARY KEY,
    tenant_id    text   NOT NULL REFERENCES tenants (id),
    report_token text   NOT NULL UNIQUE,
    created_at   bigint NOT NULL
);
CREATE INDEX ix_domains_tenant ON domains (tenant_id, name);

-- The raw report is the source of truth (DESIGN D3); days are UTC day numbers since 0001-01-01.
CREATE TABLE reports (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    domain       text   NOT NULL,
    organization text   NOT NULL,
    report_id    text   NOT NULL,
    day          integer NOT NULL,
    start_at     bigint NOT NULL,
    end_at       bigint NOT NULL,
    received_at  bigint NOT NULL,
    channel      text   NOT NULL,
    submitter    text,
    dkim         text,
    successful   bigint NOT NULL,
    failed       bigint NOT NULL,
    deviations   text   NOT NULL,
    -- Random per delivery attempt: lets the aggregate upserts in the same batch tell "inserted now" from "was there".
    ingest_nonce text   NOT NULL,
    raw          bytea  NOT NULL,
    UNIQUE (domain, organization, report_id)
);
CREATE INDEX ix_reports_domain_day ON reports (domain, day);
CREATE INDEX ix_reports_day ON reports (day);

CREATE TABLE daily_totals (
    domain     text    NOT NULL,
    day        integer NOT NULL,
    reports    bigint  NOT NULL,
    successful bigint  NOT NULL,
    failed     bigint  NOT NULL,
    PRIMARY KEY (domain, day)
);
CREATE INDEX ix_daily_totals_day ON daily_totals (day);

CREATE TABLE daily_breakdown (
    domain    text     NOT NULL,
    day       integer  NOT NULL,
    dimension smallint NOT NULL,
    key       text     NOT NULL,
    sessions  bigint   NOT NULL,
    PRIMARY KEY (domain, day, dimension, key)
);
CREATE INDEX ix_daily_breakdown_day ON daily_breakdown (day);
