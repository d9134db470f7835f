-- Scheduler claim query at 100k domains (docs/BENCHMARKS.md). Run against a migrated, empty database:
--   dotnet src/Silo/bin/Debug/net10.0/TlsRptPlatform.Silo.dll migrate --ConnectionStrings:Platform="…"
--   psql -h … -U … DB -f tools/SchedulerBench/claim-100k.sql
INSERT INTO tenants VALUES ('bench', 'bench', 0);
INSERT INTO domains (name, tenant_id, report_token, created_at, next_check_at)
SELECT 'd' || g || '.example', 'bench', 'tok' || g, 0,
       (extract(epoch FROM now()) * 1000)::bigint + (random() * 6 * 3600 * 1000)::bigint - 60000
FROM generate_series(1, 100000) g;
ANALYZE domains;
\timing on
-- The statement DomainStore.ClaimDueChecksAsync sends, with a batch of 64 (MaxConcurrentChecks 16 × 4).
EXPLAIN (ANALYZE, COSTS OFF)
UPDATE domains SET next_check_at = (extract(epoch FROM now()) * 1000)::bigint + 900000
WHERE name IN (SELECT name FROM domains WHERE next_check_at <= (extract(epoch FROM now()) * 1000)::bigint
               ORDER BY next_check_at LIMIT 64);
