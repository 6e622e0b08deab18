-- People served per day (issue #32), uploaded by units that count them (a CSV or XLSX of
-- `tanggal,jumlah`) but issue no invitations: a period's served count is, day by day, the uploaded
-- count or the invitations issued that day when more (every invitation is one service event). It
-- is the sample's population when known, instead of the yearly estimate.
CREATE TABLE served_counts (
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    day         TEXT NOT NULL,     -- Asia/Jakarta
    served      INTEGER NOT NULL CHECK (served BETWEEN 0 AND 1000000),
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    PRIMARY KEY (unit_id, day)
);

-- A third alert rule: the response rate of a unit's invitations below a chosen percentage.
ALTER TABLE alert_rules ADD COLUMN min_response_rate INTEGER
    CHECK (min_response_rate IS NULL OR min_response_rate BETWEEN 1 AND 100);

-- The alerts' kinds gain `response_rate`: SQLite changes a CHECK by rebuilding the table.
CREATE TABLE alerts_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    kind            TEXT NOT NULL CHECK (kind IN ('grade', 'low_share', 'response_rate')),
    raised_at       TEXT NOT NULL,
    detail          TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT
);
INSERT INTO alerts_new (id, unit_id, kind, raised_at, detail, acknowledged_at, acknowledged_by)
    SELECT id, unit_id, kind, raised_at, detail, acknowledged_at, acknowledged_by FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE UNIQUE INDEX alerts_one_open ON alerts (unit_id, kind) WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_unit ON alerts (unit_id, raised_at);
