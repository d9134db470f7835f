-- MTA-STS policies the platform serves for its customers (issue 14). One per domain; every change gets a new
-- policy_id. mx holds the patterns one per line. mode_since is when the current mode began: readiness counts the days
-- in testing from it, and the guard after a switch to enforce watches the days after it.
CREATE TABLE hosted_policies (
    domain     text   PRIMARY KEY REFERENCES domains (name) ON DELETE CASCADE,
    mode       text   NOT NULL,
    mx         text   NOT NULL,
    max_age    bigint NOT NULL,
    policy_id  text   NOT NULL,
    mode_since bigint NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);
