-- Issue 17 (less work per report). Every report adds to rows that already exist — its domain's day totals, day
-- breakdown and month rollup — so nearly every aggregate write is an UPDATE. PostgreSQL can update a row in place
-- (a HOT update: no new index entries) only when no indexed column changes and the page has room:
-- * the month rollup's key included sessions (INCLUDE, for index-only reads), so every update wrote a new entry into
--   both of its indexes; the key now holds the key columns alone;
-- * tables filled to 100 % leave no room on the page; 80 % leaves it, and pruning returns it.
ALTER TABLE monthly_breakdown DROP CONSTRAINT monthly_breakdown_pkey;
ALTER TABLE monthly_breakdown ADD PRIMARY KEY (domain, month, dimension, key);
ALTER TABLE monthly_breakdown SET (fillfactor = 80);
ALTER TABLE daily_breakdown SET (fillfactor = 80);
ALTER TABLE daily_totals SET (fillfactor = 80);
