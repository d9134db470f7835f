-- Weekly digest (issue 16). A tenant opts in (off by default); every e-mail alert channel of an opted-in tenant gets
-- the digest, until member accounts (issue 13) replace channels as recipients.
ALTER TABLE tenants ADD COLUMN digest_enabled INTEGER NOT NULL DEFAULT 0;

-- One row per channel and ISO week, written in the transaction that queues the digest into the alert outbox: the
-- primary key is what makes the digest go out once per channel and week across restarts and silos.
CREATE TABLE digest_sends (
    tenant_id  TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    channel_id TEXT    NOT NULL,
    week       TEXT    NOT NULL,
    alert_id   TEXT    NOT NULL,
    queued_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, channel_id, week)
);
