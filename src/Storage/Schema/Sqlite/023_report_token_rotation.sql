-- Report token rotation (issue 13). After a rotation the previous token keeps being accepted until
-- previous_report_token_expires_at (Reports:TokenGracePeriod after the rotation), so that senders that still have the
-- old TLS-RPT record cached lose nothing; after that it is refused like an unknown token. One previous token at most:
-- rotating again ends the older one at once.
ALTER TABLE domains ADD COLUMN previous_report_token TEXT;
ALTER TABLE domains ADD COLUMN previous_report_token_expires_at INTEGER;
CREATE UNIQUE INDEX ux_domains_previous_report_token ON domains (previous_report_token);
