-- People served per day (issue #32), uploaded by units that count them (a CSV or XLSX of
-- `tanggal,jumlah`) but issue no invitations: a period's served count is, day by day, the uploaded
-- count or the invitations issued that day when more (every invitation is one service event). It
-- is the sample's population when known, instead of the yearly estimate.
CREATE TABLE served_counts (
    unit_id     BIGINT NOT NULL REFERENCES units (id),
    day         TEXT NOT NULL,     -- Asia/Jakarta
    served      BIGINT NOT NULL CHECK (served BETWEEN 0 AND 1000000),
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    PRIMARY KEY (unit_id, day)
);

-- A third alert rule: the response rate of a unit's invitations below a chosen percentage.
ALTER TABLE alert_rules ADD COLUMN min_response_rate BIGINT
    CHECK (min_response_rate IS NULL OR min_response_rate BETWEEN 1 AND 100);

-- The alerts' kinds gain `response_rate`.
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
    CHECK (kind IN ('grade', 'low_share', 'response_rate'));
