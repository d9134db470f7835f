CREATE TABLE policy_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    domain     TEXT    NOT NULL,
    changed_at INTEGER NOT NULL,
    what       TEXT    NOT NULL,
    old_value  TEXT,
    new_value  TEXT
);
CREATE INDEX ix_policy_history_domain ON policy_history (domain, id);

ALTER TABLE domains ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;

ALTER TABLE domains ADD COLUMN next_check_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN check_failures INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_domains_next_check ON domains (next_check_at);
