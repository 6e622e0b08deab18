-- What each comment is about (issue #33, `ikm_domain::themes`): its unsur themes and its flags
-- (pungli, keselamatan, pujian), comma-separated keys, written in the answer's own transaction and,
-- for comments stored before, by the server at start. Kept beside the responses, so reading the
-- comments again with another lexicon rewrites this table only; tallies are untouched.
CREATE TABLE comment_readings (
    response_id TEXT PRIMARY KEY,
    unit_id     INTEGER NOT NULL,
    day         TEXT NOT NULL,     -- the answer's Asia/Jakarta day
    themes      TEXT NOT NULL,     -- e.g. 'waktu,perilaku'; '' for none
    flags       TEXT NOT NULL      -- e.g. 'pungli'; '' for none
);
CREATE INDEX comment_readings_unit_day ON comment_readings (unit_id, day);

-- A comment flagged pungli raises an alert at once, one per comment: the rule of one open alert per
-- unit and kind holds for the other kinds only. SQLite changes a CHECK by rebuilding the table.
CREATE TABLE alerts_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('grade', 'low_share', 'response_rate', 'pungli')),
    raised_at       TEXT NOT NULL,
    detail          TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT
);
INSERT INTO alerts_new (id, unit_id, kind, raised_at, detail, acknowledged_at, acknowledged_by)
    SELECT id, unit_id, kind, raised_at, detail, acknowledged_at, acknowledged_by FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE UNIQUE INDEX alerts_one_open ON alerts (unit_id, kind)
    WHERE acknowledged_at IS NULL AND kind <> 'pungli';
CREATE INDEX alerts_unit ON alerts (unit_id, raised_at);
