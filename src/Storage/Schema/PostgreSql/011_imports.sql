-- Issue 12: bulk imports of a customer's archive. One row per job, written by the process that holds the upload;
-- heartbeat_at tells a job that is still being worked on from one whose process went away.
CREATE TABLE imports (
    id              text   PRIMARY KEY,
    tenant_id       text   NOT NULL,
    domain          text   NOT NULL,
    file_name       text   NOT NULL,
    format          text   NOT NULL,
    status          text   NOT NULL,
    bytes           bigint NOT NULL,
    processed_bytes bigint NOT NULL,
    accepted        bigint NOT NULL,
    duplicates      bigint NOT NULL,
    refused         bigint NOT NULL,
    refusals        text   NOT NULL,
    error           text,
    created_at      bigint NOT NULL,
    started_at      bigint,
    finished_at     bigint,
    heartbeat_at    bigint NOT NULL
);
CREATE INDEX ix_imports_tenant ON imports (tenant_id, created_at);
CREATE INDEX ix_imports_domain ON imports (domain);
