-- People (issue 13): accounts with e-mail and password or an OpenID Connect identity, their memberships in tenants with
-- a role, single-use tokens (e-mail verification, password reset), invitations, and browser sessions of a person.
-- Secrets are stored as hashes (passwords by ASP.NET Core Identity's PasswordHasher, tokens by SHA-256) or encrypted
-- (TOTP seeds). Times are Unix milliseconds, like the rest of the schema.
CREATE TABLE users (
    id                text    PRIMARY KEY,
    email             text    NOT NULL,
    email_verified_at bigint  NULL,
    password_hash     text    NULL,
    security_stamp    text    NOT NULL,
    operator_since    bigint  NULL,
    failed_sign_ins   integer NOT NULL DEFAULT 0,
    locked_until      bigint  NULL,
    totp_secret       text    NULL,
    totp_enabled_at   bigint  NULL,
    totp_last_step    bigint  NULL,
    created_at        bigint  NOT NULL
);
CREATE UNIQUE INDEX ux_users_email ON users (email);

CREATE TABLE memberships (
    tenant_id  text   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text   NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX ix_memberships_user ON memberships (user_id);

CREATE TABLE user_tokens (
    token_hash text   PRIMARY KEY,
    user_id    text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text   NOT NULL,
    issued_at  bigint NOT NULL,
    expires_at bigint NOT NULL
);
CREATE INDEX ix_user_tokens_user ON user_tokens (user_id, purpose);

CREATE TABLE invitations (
    id          text   PRIMARY KEY,
    tenant_id   text   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email       text   NOT NULL,
    role        text   NOT NULL,
    token_hash  text   NOT NULL UNIQUE,
    invited_by  text   NOT NULL,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL,
    accepted_at bigint NULL
);
CREATE INDEX ix_invitations_tenant ON invitations (tenant_id, created_at);

CREATE TABLE external_logins (
    issuer     text   NOT NULL,
    subject    text   NOT NULL,
    user_id    text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at bigint NOT NULL,
    PRIMARY KEY (issuer, subject)
);

CREATE TABLE recovery_codes (
    user_id   text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text   NOT NULL,
    used_at   bigint NULL,
    PRIMARY KEY (user_id, code_hash)
);

-- A person's browser session: ends after IdleTimeout without a request, after Lifetime in any case, and when the
-- user's security stamp changes (a new password). tenant_id is the tenant the person is looking at (switchable).
CREATE TABLE user_sessions (
    id_hash        text   PRIMARY KEY,
    user_id        text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id      text   NULL REFERENCES tenants (id) ON DELETE SET NULL,
    csrf_token     text   NOT NULL,
    security_stamp text   NOT NULL,
    last_seen_at   bigint NOT NULL,
    expires_at     bigint NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);
CREATE INDEX ix_user_sessions_expires ON user_sessions (expires_at);

-- A tenant can require its members to have a second factor (TOTP); a member without one sees no data until they add it.
ALTER TABLE tenants ADD COLUMN second_factor_required_at bigint NULL;

-- Identities from OpenID Connect providers are in external_logins above. The ASP.NET Core data-protection keys that
-- protect the sign-in round trip (state, correlation) live here, so that every process of a cluster reads what another wrote.
CREATE TABLE data_protection_keys (
    name text PRIMARY KEY,
    xml  text NOT NULL
);
