-- Issue 16. Each report's failed sessions by result type, receiving MX and sending IP together (at most 1,000
-- combinations per report), with the report's organization and day: what the filtered summary, daily series and
-- report list read. The per-dimension daily_breakdown cannot answer "failures of type X at MX Y", because it keeps
-- each dimension apart. Reports archived before this migration have no rows here: filters see only newer reports.
CREATE TABLE report_failures (
    report_pk    bigint NOT NULL,
    domain       text NOT NULL,
    day          integer NOT NULL,
    organization text NOT NULL,
    result_type  text NOT NULL,
    receiving_mx text NOT NULL,
    sending_ip   text NOT NULL,
    sessions     bigint NOT NULL
);
CREATE INDEX ix_report_failures_domain_day ON report_failures (domain, day);
CREATE INDEX ix_report_failures_report ON report_failures (report_pk);
CREATE INDEX ix_report_failures_day ON report_failures (day);

