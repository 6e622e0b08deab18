-- The letterhead (kop surat) a report is printed under (issue #35), per unit (`unit:{code}`) or
-- region (`region:{code}`); a unit without one prints its region's. The logo is kept re-encoded
-- (PNG, JPEG) or rewritten (SVG) by the server, never as uploaded; its token is its link.
CREATE TABLE letterheads (
    owner        TEXT PRIMARY KEY,
    lines        TEXT NOT NULL,      -- the name lines, one per line
    address      TEXT NOT NULL,
    contact      TEXT NOT NULL,
    head_name    TEXT NOT NULL,
    head_nip     TEXT NOT NULL,
    logo_token   TEXT UNIQUE,
    logo_type    TEXT,
    logo         BLOB,
    updated_at   TEXT NOT NULL,
    CHECK ((logo_token IS NULL) = (logo IS NULL))
);
