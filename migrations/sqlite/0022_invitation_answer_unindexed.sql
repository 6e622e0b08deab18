-- An invitation's answer (`response_id`) without an index (issue #32's benchmark). Response ids
-- are time-ordered by the form's render, so answers given in the same minute land at random
-- places of that index: each claim rewrote a page of its own, about a page per invited answer in
-- the write-ahead log and again at the checkpoint — most of what an invited answer wrote beyond
-- an open one. The claim checks what the index guarded (an answer already stored uses no second
-- invitation, `storage/responses.rs::claim`); the counts go from the invitations to their answers.
-- SQLite drops a column's UNIQUE only by building the table again.
CREATE TABLE invitations_new (
    code        TEXT PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    service_id  INTEGER REFERENCES services (id),
    counter_tag TEXT NOT NULL DEFAULT '',
    issued_at   TEXT NOT NULL,
    issued_day  TEXT NOT NULL,     -- Asia/Jakarta, for a period's counts
    expires_at  TEXT NOT NULL,
    issued_by   TEXT NOT NULL,     -- a staff account, an API key, the command line
    response_id TEXT,
    answered_at TEXT
);
INSERT INTO invitations_new (code, unit_id, service_id, counter_tag, issued_at, issued_day,
                             expires_at, issued_by, response_id, answered_at)
    SELECT code, unit_id, service_id, counter_tag, issued_at, issued_day, expires_at, issued_by,
           response_id, answered_at
    FROM invitations ORDER BY rowid;
DROP TABLE invitations;
ALTER TABLE invitations_new RENAME TO invitations;
CREATE INDEX invitations_unit_day ON invitations (unit_id, issued_day);
