-- Same as PostgreSql/011_imports.sql.
CREATE TABLE imports (
    id              TEXT   PRIMARY KEY,
    tenant_id       TEXT   NOT NULL,
    domain          TEXT   NOT NULL,
    file_name       TEXT   NOT NULL,
    format          TEXT   NOT NULL,
    status          TEXT   NOT NULL,
    bytes           INTEGER NOT NULL,
    processed_bytes INTEGER NOT NULL,
    accepted        INTEGER NOT NULL,
    duplicates      INTEGER NOT NULL,
    refused         INTEGER NOT NULL,
    refusals        TEXT   NOT NULL,
    error           TEXT,
    created_at      INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER,
    heartbeat_at    INTEGER NOT NULL
);
CREATE INDEX ix_imports_tenant ON imports (tenant_id, created_at);
CREATE INDEX ix_imports_domain ON imports (domain);
