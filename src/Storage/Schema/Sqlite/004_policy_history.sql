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
