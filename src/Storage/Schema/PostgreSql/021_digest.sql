-- Weekly digest (issue 16). A tenant opts in (off by default); every e-mail alert channel of an opted-in tenant gets
-- the digest, until member accounts (issue 13) replace channels as recipients.
ALTER TABLE tenants ADD COLUMN digest_enabled boolean NOT NULL DEFAULT false;

-- One row per channel and ISO week, written in the transaction that queues the digest into the alert outbox: the
-- primary key is what makes the digest go out once per channel and week across restarts and silos.
CREATE TABLE digest_sends (
    tenant_id  text   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    channel_id text   NOT NULL,
    week       text   NOT NULL,
    alert_id   text   NOT NULL,
    queued_at  bigint NOT NULL,
    PRIMARY KEY (tenant_id, channel_id, week)
);
