-- What the yearly PEKPPP scorecard ("Rapor SKM") reads beyond tallies: the media a period's results
-- were published in, photos kept as evidence, follow-up items tracked to done with their evidence,
-- the rubric an administrator replaced, and the monthly reminder e-mails sent.

-- A photo kept as evidence (of a medium, of a follow-up item): re-encoded from the upload, so it holds
-- pixels only, and served by its unguessable token with its image type (never as HTML).
CREATE TABLE evidence_photos (
    token        TEXT PRIMARY KEY,      -- 32 random hex digits: the photo's link
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes        BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);

-- A medium a period's results appeared in, besides the public pages of this product (which count as
-- one medium through published_periods). The same medium (kind and name) counts once a year.
CREATE TABLE publication_media (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    period       TEXT NOT NULL,         -- ikm_domain::Period::key
    kind         TEXT NOT NULL CHECK (kind IN ('website', 'sippn', 'board', 'social_media', 'print',
                                                 'open_data', 'other')),
    name         TEXT NOT NULL,
    published_on TEXT NOT NULL,         -- YYYY-MM-DD
    link         TEXT,
    photo        TEXT REFERENCES evidence_photos (token),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    CHECK (link IS NOT NULL OR photo IS NOT NULL)
);
CREATE INDEX publication_media_unit ON publication_media (unit_id, period);

-- Follow-up items tracked to done: the comment theme they answer (none: the period's weakest unsur),
-- when they were done, and the evidence.
ALTER TABLE followup_actions ADD COLUMN theme TEXT;
ALTER TABLE followup_actions ADD COLUMN done_on TEXT;          -- YYYY-MM-DD, set when done
ALTER TABLE followup_actions ADD COLUMN evidence_note TEXT;
ALTER TABLE followup_actions ADD COLUMN evidence_link TEXT;
ALTER TABLE followup_actions ADD COLUMN evidence_photo TEXT REFERENCES evidence_photos (token);
UPDATE followup_actions SET done_on = substr(created_at, 1, 10) WHERE status = 'selesai';

-- The scorecard's rubric as an administrator replaced it: the newest row holds; no row, or a row
-- without a body, means the defaults (domain/data/pekppp-rubric.json).
CREATE TABLE scorecard_rubrics (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    body       TEXT,                    -- ikm_domain::rubric::Rubric as JSON
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- The monthly reminder e-mails: one row per month and address, claimed before sending, so nobody
-- gets two in a month even with several servers; a failed one is tried again later that month.
CREATE TABLE reminder_mails (
    month   TEXT NOT NULL,              -- YYYY-MM, Asia/Jakarta
    address TEXT NOT NULL,              -- lower case
    status  TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    items   INTEGER NOT NULL,
    detail  TEXT NOT NULL DEFAULT '',
    at      TEXT NOT NULL,
    PRIMARY KEY (month, address)
);
