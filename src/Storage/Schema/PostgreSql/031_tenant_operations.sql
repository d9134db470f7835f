-- The operator console (issue 13): a tenant can be suspended (its keys and sessions refused, its reports still
-- accepted) and can have its own domain quota instead of Tenants:MaxDomains (NULL: the configured default).
ALTER TABLE tenants ADD COLUMN suspended_at bigint NULL;
ALTER TABLE tenants ADD COLUMN max_domains integer NULL;
