-- The periods each unit has published. Only published periods are public (`/publik`); a unit
-- decides when its figures for a month, quarter, semester or year are ready to be seen.
CREATE TABLE published_periods (
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    period       TEXT NOT NULL,      -- ikm_domain::Period::key, e.g. 2026-T3
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    PRIMARY KEY (unit_id, period)
);
