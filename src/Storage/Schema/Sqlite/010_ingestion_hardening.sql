-- Same as PostgreSql/010_ingestion_hardening.sql. SQLite cannot add a NOT NULL column without a default; the store
-- always writes public_id.
ALTER TABLE reports ADD COLUMN public_id INTEGER;
UPDATE reports SET public_id = id;
CREATE UNIQUE INDEX ux_reports_domain_public_id ON reports (domain, public_id);

CREATE TABLE rejections (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    domain  TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    path    TEXT    NOT NULL,
    detail  TEXT    NOT NULL,
    channel TEXT    NOT NULL,
    source  TEXT,
    bytes   INTEGER NOT NULL
);
CREATE INDEX ix_rejections_domain ON rejections (domain, id);
