-- A Mal Pelayanan Publik as a place: its code (the hall's survey link /m/{code}, printed on its
-- poster, never changed), its address and its tenants over time; a unit run by a national agency
-- names it; each answer says in which MPP it was given (none: at the unit's own office).
ALTER TABLE mpps ADD COLUMN code TEXT;
ALTER TABLE mpps ADD COLUMN address TEXT NOT NULL DEFAULT '';
-- Existing MPPs get a code from their name ("MPP Kota Metro" -> "mpp-kota-metro-3").
UPDATE mpps SET code = lower(replace(replace(replace(trim(name), ' ', '-'), '.', ''), '/', '-'))
    || '-' || id;
CREATE UNIQUE INDEX mpps_code ON mpps (code);

ALTER TABLE units ADD COLUMN agency TEXT;

-- A unit serving in an MPP from `added_at`; `removed_at` set when it left (its answers stay).
CREATE TABLE mpp_tenants (
    mpp_id     INTEGER NOT NULL REFERENCES mpps (id),
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    added_at   TEXT NOT NULL,
    removed_at TEXT,
    PRIMARY KEY (mpp_id, unit_id)
);
CREATE INDEX mpp_tenants_unit ON mpp_tenants (unit_id);
INSERT INTO mpp_tenants (mpp_id, unit_id, added_at)
    SELECT mpp_id, id, created_at FROM units WHERE mpp_id IS NOT NULL;

ALTER TABLE responses ADD COLUMN mpp_id INTEGER REFERENCES mpps (id);
CREATE INDEX responses_mpp_day ON responses (mpp_id, day) WHERE mpp_id IS NOT NULL;

-- Whether a live screen (/tv/{code}) shows the current period: its head's choice, by place
-- ("unit:{code}", "mpp:{code}"); by default a screen shows the latest published period only.
CREATE TABLE tv_settings (
    place        TEXT PRIMARY KEY,
    show_current INTEGER NOT NULL CHECK (show_current IN (0, 1)),
    updated_at   TEXT NOT NULL
);

-- The role of an MPP's manager (`mpp`) needs the `users` table's CHECK widened: SQLite rebuilds a
-- table for that, with foreign keys off, which a migration's transaction cannot do —
-- `storage/sqlite.rs` (`allow_mpp_role`) does it once, right after the migrations.
