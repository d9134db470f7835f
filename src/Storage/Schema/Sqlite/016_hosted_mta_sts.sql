-- MTA-STS policies the platform serves for its customers (issue 14); see the PostgreSQL migration of the same number.
CREATE TABLE hosted_policies (
    domain     TEXT    PRIMARY KEY REFERENCES domains (name) ON DELETE CASCADE,
    mode       TEXT    NOT NULL,
    mx         TEXT    NOT NULL,
    max_age    INTEGER NOT NULL,
    policy_id  TEXT    NOT NULL,
    mode_since INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
