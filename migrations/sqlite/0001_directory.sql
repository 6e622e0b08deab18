-- The region tree, units and their services. Responses and tallies come in later migrations and
-- reference units by id, services by id, and regions through units.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,                 -- Kemendagri code: '18', '18.71'
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'regency', 'city')),
    parent_code TEXT REFERENCES regions (code)
);

-- A Mal Pelayanan Publik: units of several agencies serving side by side.
CREATE TABLE mpps (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL UNIQUE
);

CREATE TABLE units (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,     -- used in the survey link /s/{code}
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL,
    region_code         TEXT NOT NULL REFERENCES regions (code),
    mpp_id              INTEGER REFERENCES mpps (id),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    complaint_contact   TEXT,
    population_per_year INTEGER CHECK (population_per_year IS NULL OR population_per_year >= 0),
    created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX units_region ON units (region_code);

CREATE TABLE services (
    id       INTEGER PRIMARY KEY,
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    name     TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (unit_id, name)
);
