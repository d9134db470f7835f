-- certificate-expiring rules (issue 15): alert this many days before an MX certificate expires (then at 7 and 1).
ALTER TABLE alert_rules ADD COLUMN days_before INTEGER;
