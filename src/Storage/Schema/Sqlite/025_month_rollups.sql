-- Issue 17 ("queries stay fast at 400 days"). A summary over a year read ~100 breakdown rows per day; whole months
-- now come from monthly_breakdown, written in the same transaction as daily_breakdown (ReportStore), and only the
-- partial months at the range's edges from daily_breakdown. month is the day number of the month's first day.
-- WITHOUT ROWID keeps sessions in the primary key's b-tree, so the summary reads no second structure.
CREATE TABLE monthly_breakdown (
    domain    TEXT    NOT NULL,
    month     INTEGER NOT NULL,
    dimension INTEGER NOT NULL,
    key       TEXT    NOT NULL,
    sessions  INTEGER NOT NULL,
    PRIMARY KEY (domain, month, dimension, key)
) WITHOUT ROWID;
CREATE INDEX ix_monthly_breakdown_month ON monthly_breakdown (month);

-- Backfilled from the day rows; counts saturate at 10^14 as every stored count does (ReportAggregator).
INSERT INTO monthly_breakdown (domain, month, dimension, key, sessions)
SELECT domain, CAST(julianday(date('0001-01-01', '+' || day || ' days', 'start of month')) - julianday('0001-01-01') AS INTEGER),
       dimension, key, MIN(SUM(sessions), 100000000000000)
FROM daily_breakdown
GROUP BY 1, 2, 3, 4;

-- Per-organization totals and the filtered daily scope read these columns of every report in the range: covered by
-- the index, so the archived JSON rows are not visited. Replaces the plain (domain, day) index.
CREATE INDEX ix_reports_domain_day_sessions ON reports (domain, day, organization, successful, failed);
DROP INDEX ix_reports_domain_day;

-- The filtered breakdowns and daily series read every facet of the range: covered by the index likewise.
CREATE INDEX ix_report_failures_domain_day_facets
    ON report_failures (domain, day, result_type, receiving_mx, sending_ip, organization, report_pk, sessions);
DROP INDEX ix_report_failures_domain_day;
