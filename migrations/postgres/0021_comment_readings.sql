-- What each comment is about (issue #33, `ikm_domain::themes`): its unsur themes and its flags
-- (pungli, keselamatan, pujian), comma-separated keys, written in the answer's own transaction and,
-- for comments stored before, by the server at start. Kept beside the responses, so reading the
-- comments again with another lexicon rewrites this table only; tallies are untouched.
CREATE TABLE comment_readings (
    response_id TEXT PRIMARY KEY,
    unit_id     BIGINT NOT NULL,
    day         TEXT NOT NULL,     -- the answer's Asia/Jakarta day
    themes      TEXT NOT NULL,     -- e.g. 'waktu,perilaku'; '' for none
    flags       TEXT NOT NULL      -- e.g. 'pungli'; '' for none
);
CREATE INDEX comment_readings_unit_day ON comment_readings (unit_id, day);

-- A comment flagged pungli raises an alert at once, one per comment: the rule of one open alert per
-- unit and kind holds for the other kinds only.
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
    CHECK (kind IN ('grade', 'low_share', 'response_rate', 'pungli'));
DROP INDEX alerts_one_open;
CREATE UNIQUE INDEX alerts_one_open ON alerts (unit_id, kind)
    WHERE acknowledged_at IS NULL AND kind <> 'pungli';
