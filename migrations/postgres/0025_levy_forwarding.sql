-- A levy report is tracked until it is closed (issue #33): acknowledged, forwarded to APIP
-- (Inspektorat) or SP4N-LAPOR! under a reference number there, closed with what was done.
ALTER TABLE alerts ADD COLUMN forwarded_to TEXT CHECK (forwarded_to IS NULL OR forwarded_to IN ('apip', 'lapor'));
ALTER TABLE alerts ADD COLUMN forwarded_ref TEXT;
ALTER TABLE alerts ADD COLUMN forwarded_at TEXT;
ALTER TABLE alerts ADD COLUMN forwarded_by TEXT;
ALTER TABLE alerts ADD COLUMN closed_at TEXT;
ALTER TABLE alerts ADD COLUMN closed_by TEXT;
ALTER TABLE alerts ADD COLUMN closing_note TEXT;
