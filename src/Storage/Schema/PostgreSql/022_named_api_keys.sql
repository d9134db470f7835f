-- Named API keys with a scope (issue 13). A tenant had exactly one key; it becomes the first named key with the
-- admin scope, so nothing an existing key could do is taken away by the upgrade. Ids are random (not derived from the
-- hash): they are shown in the API and the audit log, and must tell nothing about the key.
ALTER TABLE api_keys ADD COLUMN id text;
ALTER TABLE api_keys ADD COLUMN name text NOT NULL DEFAULT 'initial key';
ALTER TABLE api_keys ADD COLUMN scope text NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD COLUMN expires_at bigint;
ALTER TABLE api_keys ADD COLUMN last_used_at bigint;
ALTER TABLE api_keys ADD COLUMN revoked_at bigint;
UPDATE api_keys SET id = 'key_' || substr(md5(random()::text || clock_timestamp()::text || key_hash), 1, 24);
ALTER TABLE api_keys ALTER COLUMN id SET NOT NULL;
ALTER TABLE api_keys ALTER COLUMN name DROP DEFAULT;
ALTER TABLE api_keys ALTER COLUMN scope DROP DEFAULT;
CREATE UNIQUE INDEX ux_api_keys_id ON api_keys (id);

-- A dashboard session acts with the scope of the key it was signed in with, and ends when that key is revoked.
-- Sessions open at the upgrade were signed in with the tenant's only key.
ALTER TABLE sessions ADD COLUMN key_id text;
UPDATE sessions SET key_id = (SELECT k.id FROM api_keys k WHERE k.tenant_id = sessions.tenant_id ORDER BY k.created_at LIMIT 1);
