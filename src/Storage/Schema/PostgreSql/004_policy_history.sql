-- What a domain's policy checks found changing over time (digest §6), newest first by id.
CREATE TABLE policy_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    domain     text   NOT NULL,
    changed_at bigint NOT NULL,
    what       text   NOT NULL,
    old_value  text,
    new_value  text
);
CREATE INDEX ix_policy_history_domain ON policy_history (domain, id);

-- A domain is verified while its TLS-RPT record points at its platform report address.
ALTER TABLE domains ADD COLUMN verified boolean NOT NULL DEFAULT false;

-- Scheduling of policy rechecks (DESIGN D5): due time and consecutive failures per domain, read by scheduler shards.
ALTER TABLE domains ADD COLUMN next_check_at bigint NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN check_failures integer NOT NULL DEFAULT 0;
CREATE INDEX ix_domains_next_check ON domains (next_check_at);
