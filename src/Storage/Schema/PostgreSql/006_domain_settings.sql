-- Per-domain option (issue 4): refuse e-mailed reports that carry no passing DKIM signature.
ALTER TABLE domains ADD COLUMN require_dkim boolean NOT NULL DEFAULT false;
