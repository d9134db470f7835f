-- Issue 11. Report ids shown to tenants (and to senders in the 201 answer) are random per domain, so they say
-- nothing about the platform's volume; the identity column stays internal. Existing reports keep their old ids.
ALTER TABLE reports ADD COLUMN public_id bigint;
UPDATE reports SET public_id = id;
ALTER TABLE reports ALTER COLUMN public_id SET NOT NULL;
CREATE UNIQUE INDEX ux_reports_domain_public_id ON reports (domain, public_id);

-- The rejection log as rows: recording a refusal is one insert, not a rewrite of the whole log in grain state.
CREATE TABLE rejections (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    domain  text   NOT NULL,
    at      bigint NOT NULL,
    kind    text   NOT NULL,
    path    text   NOT NULL,
    detail  text   NOT NULL,
    channel text   NOT NULL,
    source  text,
    bytes   bigint NOT NULL
);
CREATE INDEX ix_rejections_domain ON rejections (domain, id);
