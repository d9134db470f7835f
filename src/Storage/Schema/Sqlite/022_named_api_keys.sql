-- Named API keys with a scope (issue 13). A tenant had exactly one key; it becomes the first named key with the
-- admin scope, so nothing an existing key could do is taken away by the upgrade. Ids are random (not derived from the
-- hash): they are shown in the API and the audit log, and must tell nothing about the key. SQLite cannot add NOT NULL
-- to an existing column; the unique index and the store (which always writes an id) keep it filled.
ALTER TABLE api_keys ADD COLUMN id TEXT;
ALTER TABLE api_keys ADD COLUMN name TEXT NOT NULL DEFAULT 'initial key';
ALTER TABLE api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
ALTER TABLE api_keys ADD COLUMN revoked_at INTEGER;
UPDATE api_keys SET id = 'key_' || lower(hex(randomblob(12)));
CREATE UNIQUE INDEX ux_api_keys_id ON api_keys (id);

-- A dashboard session acts with the scope of the key it was signed in with, and ends when that key is revoked.
-- Sessions open at the upgrade were signed in with the tenant's only key.
ALTER TABLE sessions ADD COLUMN key_id TEXT;
UPDATE sessions SET key_id = (SELECT k.id FROM api_keys k WHERE k.tenant_id = sessions.tenant_id ORDER BY k.created_at LIMIT 1);
