-- People (issue 13): accounts with e-mail and password or an OpenID Connect identity, their memberships in tenants with
-- a role, single-use tokens (e-mail verification, password reset), invitations, and browser sessions of a person.
-- Secrets are stored as hashes (passwords by ASP.NET Core Identity's PasswordHasher, tokens by SHA-256) or encrypted
-- (TOTP seeds). Times are Unix milliseconds, like the rest of the schema.
CREATE TABLE users (
    id                TEXT    PRIMARY KEY,
    email             TEXT    NOT NULL,
    email_verified_at INTEGER  NULL,
    password_hash     TEXT    NULL,
    security_stamp    TEXT    NOT NULL,
    operator_since    INTEGER NULL,
    failed_sign_ins   INTEGER NOT NULL DEFAULT 0,
    locked_until      INTEGER  NULL,
    totp_secret       TEXT    NULL,
    totp_enabled_at   INTEGER  NULL,
    totp_last_step    INTEGER  NULL,
    created_at        INTEGER  NOT NULL
);
CREATE UNIQUE INDEX ux_users_email ON users (email);

CREATE TABLE memberships (
    tenant_id  TEXT   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX ix_memberships_user ON memberships (user_id);

CREATE TABLE user_tokens (
    token_hash TEXT   PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT   NOT NULL,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX ix_user_tokens_user ON user_tokens (user_id, purpose);

CREATE TABLE invitations (
    id          TEXT   PRIMARY KEY,
    tenant_id   TEXT   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email       TEXT   NOT NULL,
    role        TEXT   NOT NULL,
    token_hash  TEXT   NOT NULL UNIQUE,
    invited_by  TEXT   NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER NULL
);
CREATE INDEX ix_invitations_tenant ON invitations (tenant_id, created_at);

CREATE TABLE external_logins (
    issuer     TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (issuer, subject)
);

CREATE TABLE recovery_codes (
    user_id   TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT   NOT NULL,
    used_at   INTEGER NULL,
    PRIMARY KEY (user_id, code_hash)
);

-- A person's browser session: ends after IdleTimeout without a request, after Lifetime in any case, and when the
-- user's security stamp changes (a new password). tenant_id is the tenant the person is looking at (switchable).
CREATE TABLE user_sessions (
    id_hash        TEXT   PRIMARY KEY,
    user_id        TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id      TEXT   NULL REFERENCES tenants (id) ON DELETE SET NULL,
    csrf_token     TEXT   NOT NULL,
    security_stamp TEXT   NOT NULL,
    last_seen_at   INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);
CREATE INDEX ix_user_sessions_expires ON user_sessions (expires_at);

-- A tenant can require its members to have a second factor (TOTP); a member without one sees no data until they add it.
ALTER TABLE tenants ADD COLUMN second_factor_required_at INTEGER NULL;

-- Identities from OpenID Connect providers are in external_logins above. The ASP.NET Core data-protection keys that
-- protect the sign-in round trip (state, correlation) live here, so that every process of a cluster reads what another wrote.
CREATE TABLE data_protection_keys (
    name TEXT PRIMARY KEY,
    xml  TEXT NOT NULL
);
