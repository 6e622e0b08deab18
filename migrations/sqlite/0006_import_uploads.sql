-- Paper-survey files uploaded on the web, kept between the check (preview) and the unit's "store",
-- in the database rather than on one server's disk, so the two steps may reach different app
-- servers. The file is dropped once stored; uploads older than a day are deleted.
CREATE TABLE import_uploads (
    id          TEXT PRIMARY KEY,      -- UUID
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    content     BLOB NOT NULL,         -- the file as CSV (an XLSX is converted on upload)
    summary     TEXT NOT NULL,         -- app::dashboard::ImportSummary as JSON
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX import_uploads_by_age ON import_uploads (uploaded_at);
